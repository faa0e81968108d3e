import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { formatCount, formatFen, svgDataUrl } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { RangeSelect } from "../../components/RangeSelect";

// Groups side by side over a range: earnings, settled, orders and per
// member, and where her groups stop converting as they grow.
export function GroupInsights() {
  const { t, lang } = useI18n();
  const [days, setDays] = useState(30);
  // A new range keeps the last one on screen until it has loaded.
  const stats = useQuery({
    queryKey: keys.groups.stats(days),
    queryFn: () => api.groupStats(days),
    placeholderData: keepPreviousData,
  });
  const chart = useQuery({
    queryKey: keys.groups.sizeChart(days, lang),
    queryFn: () => api.sizeChart(days, lang),
    placeholderData: keepPreviousData,
  });

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
      {stats.data && (
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
            {stats.data.map((s) => (
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
