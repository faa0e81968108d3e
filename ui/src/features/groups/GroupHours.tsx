import { useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";

// The hours of the day this group buys in, from its own orders of the last
// four weeks: what to set a plan's time by. Busiest hours are marked.
export function GroupHours({ groupId }: { groupId: number }) {
  const { t } = useI18n();
  const hours = useQuery({ queryKey: keys.posting.groupHours(groupId), queryFn: () => api.groupHours(groupId) });
  if (hours.isError) return <ErrorNotice error={hours.error} />;
  if (!hours.data) return null;
  const selling = hours.data.filter((h) => h.sales.orders > 0);
  if (selling.length === 0) return <p className="muted">{t("groupHours.none")}</p>;
  const best = [...selling]
    .sort((a, b) => b.sales.orders - a.sales.orders)
    .slice(0, 3)
    .map((h) => h.hour);
  return (
    <table className="group-hours" data-testid="group-hours">
      <caption>{t("groupHours.title")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("groupHours.hour")}</th>
          <th scope="col" className="num">
            {t("groupHours.orders")}
          </th>
          <th scope="col" className="num">
            {t("table.estimate")}
          </th>
        </tr>
      </thead>
      <tbody>
        {selling.map((h) => (
          <tr key={h.hour} className={best.includes(h.hour) ? "best" : undefined}>
            <td>
              {t("groupHours.range", {
                from: String(h.hour).padStart(2, "0"),
                to: String(h.hour + 1).padStart(2, "0"),
              })}
              {best.includes(h.hour) && <span className="tag tag-ok"> {t("groupHours.best")}</span>}
            </td>
            <td className="num">{formatCount(h.sales.orders)}</td>
            <td className="num">{formatFen(h.sales.estimate_fen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
