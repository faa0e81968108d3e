import type { HourSales } from "../../bindings/HourSales";
import { DataTable } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { useGroupHours } from "./queries";

// The hours of the day this group buys in, from its own orders of the last
// four weeks: what to set a plan's time by. Busiest hours are marked.
export function GroupHours({ groupId }: { groupId: number }) {
  const { t } = useI18n();
  const hours = useGroupHours(groupId);
  if (hours.isError) return <ErrorNotice error={hours.error} />;
  if (!hours.data) return null;
  const selling = hours.data.filter((h) => h.sales.orders > 0);
  if (selling.length === 0) return <p className="muted">{t("groupHours.none")}</p>;
  const best = [...selling]
    .sort((a, b) => b.sales.orders - a.sales.orders)
    .slice(0, 3)
    .map((h) => h.hour);
  return (
    <DataTable
      className="group-hours"
      testId="group-hours"
      caption={t("groupHours.title")}
      rows={selling}
      rowKey={(h) => h.hour}
      rowProps={(h) => ({ className: best.includes(h.hour) ? "best" : undefined })}
      columns={[
        {
          id: "hour",
          label: "groupHours.hour",
          cell: (h: HourSales) => (
            <>
              {t("groupHours.range", {
                from: String(h.hour).padStart(2, "0"),
                to: String(h.hour + 1).padStart(2, "0"),
              })}
              {best.includes(h.hour) && <span className="tag tag-ok"> {t("groupHours.best")}</span>}
            </>
          ),
        },
        { id: "orders", label: "groupHours.orders", numeric: true, cell: (h) => formatCount(h.sales.orders) },
        { id: "estimate", label: "table.estimate", numeric: true, cell: (h) => formatFen(h.sales.estimate_fen) },
      ]}
    />
  );
}
