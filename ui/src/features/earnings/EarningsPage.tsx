import { useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { MoneyExplained } from "./MoneyExplained";
import { formatFen, svgDataUrl } from "../../format";
import { useI18n } from "../../i18n";

export function EarningsPage() {
  const { t, lang } = useI18n();
  const days = useQuery({ queryKey: keys.earnings.daily(), queryFn: api.dailyEarnings });
  const chart = useQuery({ queryKey: keys.earnings.trend(lang), queryFn: () => api.trendChart(lang) });

  return (
    <section aria-labelledby="earnings-title">
      <h2 id="earnings-title">{t("earnings.title")}</h2>
      <p className="muted">{t("earnings.note")}</p>
      {chart.data && <img className="chart" src={svgDataUrl(chart.data)} alt={t("overview.trendAlt")} />}
      <MoneyExplained />
      <h3>{t("earnings.daily")}</h3>
      {days.isPending && <Loading />}
      {days.isError && <ErrorNotice error={days.error} onRetry={() => void days.refetch()} />}
      {days.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("table.day")}</th>
              <th scope="col" className="num">
                {t("table.estimate")}
              </th>
              <th scope="col" className="num">
                {t("table.actual")}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...days.data].reverse().map((d) => (
              <tr key={d.day}>
                <td>{d.day}</td>
                <td className="num">{formatFen(d.estimate_fen)}</td>
                <td className="num">{formatFen(d.actual_fen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
