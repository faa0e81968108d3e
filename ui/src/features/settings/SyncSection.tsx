import { useState } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { useSaveSettings, useSettings } from "./queries";
import { NumberBox } from "../../components/NumberBox";

// How often she syncs, and whether a finished sync tells her on the desktop.
export function SyncSection() {
  const { t } = useI18n();
  const settings = useSettings();
  const save = useSaveSettings();
  const [minutes, setMinutes] = useState<string | null>(null);
  const shown = minutes ?? String(settings.data?.sync_interval_minutes ?? "");
  return (
    <section className="editor" aria-labelledby="sync-settings-title">
      <h3 id="sync-settings-title">{t("settings.syncTitle")}</h3>
      <form
        className="inline"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ sync_interval_minutes: Number(shown) }, { onSuccess: () => setMinutes(null) });
        }}
      >
        <NumberBox
          inline
          label={t("settings.syncInterval")}
          min={1}
          max={1440}
          value={shown}
          onValue={setMinutes}
          required
          disabled={!settings.data}
        />
        <button type="submit" disabled={save.isPending || !settings.data}>
          {t("form.saveSettings")}
        </button>
      </form>
      <p className="muted">{t("settings.syncNote")}</p>
      {settings.data && (
        <label className="inline">
          <input
            type="checkbox"
            checked={settings.data.desktop_notifications}
            disabled={save.isPending}
            onChange={(e) => save.mutate({ desktop_notifications: e.target.checked })}
          />
          {t("settings.notifications")}
        </label>
      )}
      {(settings.isError || save.isError) && <ErrorNotice error={settings.error ?? save.error} />}
    </section>
  );
}
