import { useState } from "react";
import type { GroupStats } from "../../bindings/GroupStats";
import { DataTable, type Column } from "../../components/DataTable";
import { formatCount, formatFen, svgDataUrl } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { RangeSelect } from "../../components/RangeSelect";
import { useGroupStats, useSizeChart } from "./queries";

const orNone = <T,>(value: T | null, show: (value: T) => string) => (value === null ? "—" : show(value));

const COLUMNS: Column<GroupStats>[] = [
  { id: "name", label: "groups.name", cell: (s) => s.name },
  { id: "members", label: "groups.members", numeric: true, cell: (s) => orNone(s.members, formatCount) },
  { id: "estimate", label: "table.estimate", numeric: true, cell: (s) => formatFen(s.estimate_fen) },
  { id: "settled", label: "insights.settled", numeric: true, cell: (s) => formatFen(s.settled_fen) },
  { id: "orders", label: "table.orders", numeric: true, cell: (s) => formatCount(s.orders) },
  {
    id: "ordersPerMember",
    label: "insights.ordersPerMember",
    numeric: true,
    cell: (s) => orNone(s.orders_per_member, (n) => n.toFixed(2)),
  },
  {
    id: "estimatePerMember",
    label: "insights.estimatePerMember",
    numeric: true,
    cell: (s) => orNone(s.estimate_per_member_fen, formatFen),
  },
];

// Groups side by side over a range: earnings, settled, orders and per
// member, and where her groups stop converting as they grow.
export function GroupInsights() {
  const { t, lang } = useI18n();
  const [days, setDays] = useState(30);
  // A new range keeps the last one on screen until it has loaded.
  const stats = useGroupStats(days);
  const chart = useSizeChart(days, lang);

  return (
    <section className="import-panel" aria-labelledby="insights-title" data-testid="group-insights">
      <h3 id="insights-title">{t("insights.title")}</h3>
      <RangeSelect days={days} onDays={setDays} />
      {chart.data && (
        <img className="chart" src={svgDataUrl(chart.data)} alt={t("insights.chartAlt")} data-testid="size-chart" />
      )}
      <p className="muted">{t("insights.knee")}</p>
      {stats.isPending && <Loading />}
      {stats.isError && <ErrorNotice error={stats.error} onRetry={() => void stats.refetch()} />}
      {stats.data && <DataTable testId="group-stats" columns={COLUMNS} rows={stats.data} rowKey={(s) => s.group_id} />}
    </section>
  );
}
