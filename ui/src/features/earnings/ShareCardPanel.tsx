import { useState } from "react";
import type { Platform } from "../../bindings/Platform";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import type { Range } from "./ranges";
import { useShareCard } from "./queries";

// 晒收入: her totals over the range (of the platform she filters on) as a picture for WeChat; no name of any
// partner or group is ever drawn on it.
export function ShareCardPanel({ range, platform }: { range: Range; platform: Platform | null }) {
  const { t, lang } = useI18n();
  const [rounded, setRounded] = useState(true);
  const made = useShareCard(range, rounded, lang, platform);
  return (
    <section aria-labelledby="share-title" className="share-card-panel">
      <h3 id="share-title">{t("share.panel")}</h3>
      <p className="muted">{t("share.privacy")}</p>
      <label>
        <input type="checkbox" checked={rounded} onChange={(e) => setRounded(e.target.checked)} /> {t("share.rounded")}
      </label>{" "}
      <button type="button" data-testid="share-card-make" onClick={() => made.mutate()} disabled={made.isPending}>
        {made.isPending ? t("share.making") : t("share.make")}
      </button>
      {made.isSuccess && (
        <p role="status" data-testid="share-card-saved">
          {t("share.saved", { path: made.data })}
        </p>
      )}
      {made.isError && <ErrorNotice error={made.error} />}
    </section>
  );
}
