import type { Dashboard } from "../../bindings/Dashboard";
import { DataTable } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { TodayPanel } from "../care/TodayPanel";
import { PostQueue } from "../posting/PostQueue";
import { useRunningSync } from "../sync/queries";
import { SyncUnderWay } from "../sync/SyncUnderWay";
import { HeadlineTable } from "./HeadlineTable";
import { PayoutReminderNotice } from "./PayoutReminderNotice";
import { RiskFlagsNotice } from "./RiskFlagsNotice";
import { useDashboard, useTrendChart } from "./queries";
import { formatCount, formatFen, svgDataUrl } from "../../format";
import { useI18n } from "../../i18n";

export function OverviewPage({
  onGoSync,
  onGoPosting,
  onGoPayouts,
}: {
  onGoSync: () => void;
  onGoPosting: () => void;
  onGoPayouts?: () => void;
}) {
  const { t, lang } = useI18n();
  const dashboard = useDashboard();
  const chart = useTrendChart(lang);
  // While a sync is filling an empty store, say so rather than advise one.
  const running = useRunningSync();

  if (dashboard.isPending) return <Loading />;
  if (dashboard.isError) return <ErrorNotice error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  const d = dashboard.data;
  const empty = d.month_orders === 0 && d.month_estimate_fen === 0 && d.month_settled_fen === 0;

  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">{t("nav.overview")}</h2>
      <p className="muted">{t("overview.asOf", { day: d.today })}</p>
      {empty && running && <SyncUnderWay live={running} />}
      {empty && !running && (
        <div className="empty">
          <p>{t("overview.empty")}</p>
          <button type="button" onClick={onGoSync}>
            {t("overview.goSync")}
          </button>
        </div>
      )}
      <div className="cards">
        <figure className="card" data-testid="month-estimate">
          <figcaption>{t("overview.monthEstimate")}</figcaption>
          <strong>{formatFen(d.month_estimate_fen)}</strong>
        </figure>
        <figure className="card" data-testid="month-settled">
          <figcaption>{t("overview.monthSettled")}</figcaption>
          <strong>{formatFen(d.month_settled_fen)}</strong>
        </figure>
        <figure className="card" data-testid="month-orders">
          <figcaption>{t("overview.monthOrders")}</figcaption>
          <strong>{formatCount(d.month_orders)}</strong>
        </figure>
      </div>
      <HeadlineTable />
      <RiskFlagsNotice />
      <PayoutReminderNotice onGoPayouts={onGoPayouts} />
      <PostQueue compact onOpen={onGoPosting} />
      <TodayPanel />
      {chart.data && (
        <img className="chart" data-testid="trend-chart" src={svgDataUrl(chart.data)} alt={t("overview.trendAlt")} />
      )}
      {chart.isError && <ErrorNotice error={chart.error} />}
      {d.top_groups.length > 0 && (
        <>
          <h3>{t("overview.topGroups")}</h3>
          <DataTable
            testId="top-groups"
            rows={d.top_groups}
            rowKey={(g) => g.group_id}
            columns={[
              { id: "name", label: "groups.name", cell: (g: Dashboard["top_groups"][number]) => g.name },
              { id: "estimate", label: "table.estimate", numeric: true, cell: (g) => formatFen(g.estimate_fen) },
              { id: "orders", label: "table.orders", numeric: true, cell: (g) => formatCount(g.orders) },
            ]}
          />
        </>
      )}
    </section>
  );
}
