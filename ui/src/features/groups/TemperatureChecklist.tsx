import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useTemperature, useToggleCheck } from "./queries";

// Today's six habits for a group, and the 7-day score they add up to.
export function TemperatureChecklist({ groupId }: { groupId: number }) {
  const { t } = useI18n();
  const loaded = useTemperature(groupId);
  const toggle = useToggleCheck(groupId);
  const temperature = loaded.data;

  if (loaded.isError) return <ErrorNotice error={loaded.error} />;
  if (!temperature) return null;
  return (
    <fieldset className="temperature" data-testid="temperature">
      <legend>
        {t("temperature.title")}{" "}
        <strong data-testid="temperature-score">{t("temperature.score", { score: temperature.score })}</strong>
      </legend>
      <p className="muted">{t("temperature.rule", { week: temperature.last_days.join(" · ") })}</p>
      {temperature.today.map((c) => (
        <label key={c.item} className="inline" data-check={c.item}>
          <input type="checkbox" checked={c.done} disabled={toggle.isPending} onChange={() => toggle.mutate(c)} />
          {t(`check.${c.item}`)}
        </label>
      ))}
      {toggle.isError && <ErrorNotice error={toggle.error} />}
    </fieldset>
  );
}
