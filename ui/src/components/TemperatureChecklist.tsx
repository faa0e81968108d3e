import { useState } from "react";
import { api } from "../api";
import type { Temperature } from "../bindings/Temperature";
import { useI18n } from "../i18n";
import { useLoad } from "../useLoad";
import { ErrorNotice } from "./ErrorNotice";

// Today's six habits for a group, and the 7-day score they add up to.
export function TemperatureChecklist({ groupId }: { groupId: number }) {
  const { t } = useI18n();
  const [loaded] = useLoad(() => api.groupTemperature(groupId), [groupId]);
  const [updated, setUpdated] = useState<Temperature | null>(null);
  const [error, setError] = useState<unknown>(null);
  const temperature = updated ?? (loaded.state === "ready" ? loaded.value : null);

  const toggle = async (item: Temperature["today"][number]) => {
    setError(null);
    try {
      setUpdated(await api.setGroupCheck(groupId, item.item, !item.done));
    } catch (e) {
      setError(e);
    }
  };

  if (loaded.state === "failed") return <ErrorNotice error={loaded.error} />;
  if (!temperature) return null;
  return (
    <fieldset className="temperature" data-testid="temperature">
      <legend>
        {t("temperature.title")}{" "}
        <strong data-testid="temperature-score">{t("temperature.score", { score: temperature.score })}</strong>
      </legend>
      <p className="muted">{t("temperature.rule", { week: temperature.last_days.join(" · ") })}</p>
      {temperature.today.map((c) => (
        <label key={c.item} className="inline">
          <input type="checkbox" checked={c.done} onChange={() => void toggle(c)} />
          {t(`check.${c.item}`)}
        </label>
      ))}
      {error !== null && <ErrorNotice error={error} />}
    </fieldset>
  );
}
