import { useState } from "react";
import { api } from "../api";
import { formatCount, formatFen, svgDataUrl } from "../format";
import { useI18n } from "../i18n";
import { useLoad } from "../useLoad";
import { ErrorNotice } from "./ErrorNotice";
import { Loading } from "./Loading";
import { RangeSelect } from "./RangeSelect";

// Groups side by side over a range: earnings, settled, orders and per
// member, and where her groups stop converting as they grow.
export function GroupInsights({ version }: { version: number }) {
  const { t, lang } = useI18n();
  const [days, setDays] = useState(30);
  const [stats, retry] = useLoad(() => api.groupStats(days), [days, version]);
  const [chart] = useLoad(() => api.sizeChart(days, lang), [days, lang, version]);

  return (
    <section className="import-panel" aria-labelledby="insights-title" data-testid="group-insights">
      <h3 id="insights-title">{t("insights.title")}</h3>
      <RangeSelect days={days} onDays={setDays} />
      {chart.state === "ready" && (
        <img className="chart" src={svgDataUrl(chart.value)} alt={t("insights.chartAlt")} data-testid="size-chart" />
      )}
      <p className="muted">{t("insights.knee")}</p>
      {stats.state === "loading" && <Loading />}
      {stats.state === "failed" && <ErrorNotice error={stats.error} onRetry={retry} />}
      {stats.state === "ready" && (
        <table data-testid="group-stats">
          <thead>
            <tr>
              <th scope="col">{t("groups.name")}</th>
              <th scope="col" className="num">
                {t("groups.members")}
              </th>
              <th scope="col" className="num">
                {t("table.estimate")}
              </th>
              <th scope="col" className="num">
                {t("insights.settled")}
              </th>
              <th scope="col" className="num">
                {t("table.orders")}
              </th>
              <th scope="col" className="num">
                {t("insights.ordersPerMember")}
              </th>
              <th scope="col" className="num">
                {t("insights.estimatePerMember")}
              </th>
            </tr>
          </thead>
          <tbody>
            {stats.value.map((s) => (
              <tr key={s.group_id}>
                <td>{s.name}</td>
                <td className="num">{s.members === null ? "—" : formatCount(s.members)}</td>
                <td className="num">{formatFen(s.estimate_fen)}</td>
                <td className="num">{formatFen(s.settled_fen)}</td>
                <td className="num">{formatCount(s.orders)}</td>
                <td className="num">{s.orders_per_member === null ? "—" : s.orders_per_member.toFixed(2)}</td>
                <td className="num">
                  {s.estimate_per_member_fen === null ? "—" : formatFen(s.estimate_per_member_fen)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
