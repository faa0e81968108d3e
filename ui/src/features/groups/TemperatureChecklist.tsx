import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { Temperature } from "../../bindings/Temperature";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";

// Today's six habits for a group, and the 7-day score they add up to.
export function TemperatureChecklist({ groupId }: { groupId: number }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const loaded = useQuery({ queryKey: keys.groups.temperature(groupId), queryFn: () => api.groupTemperature(groupId) });
  // The answer is the new score.
  const toggle = useMutation({
    mutationFn: (item: Temperature["today"][number]) => api.setGroupCheck(groupId, item.item, !item.done),
    onSuccess: (next) => client.setQueryData(keys.groups.temperature(groupId), next),
  });
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
