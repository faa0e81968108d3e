import { api } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading } from "../components/Loading";
import { MoneyExplained } from "../components/MoneyExplained";
import { formatFen, svgDataUrl } from "../format";
import { useI18n } from "../i18n";
import { useLoad } from "../useLoad";

export function EarningsPage({ version }: { version: number }) {
  const { t, lang } = useI18n();
  const [days, retry] = useLoad(() => api.dailyEarnings(), [version]);
  const [chart] = useLoad(() => api.trendChart(lang), [version, lang]);

  return (
    <section aria-labelledby="earnings-title">
      <h2 id="earnings-title">{t("earnings.title")}</h2>
      <p className="muted">{t("earnings.note")}</p>
      {chart.state === "ready" && <img className="chart" src={svgDataUrl(chart.value)} alt={t("overview.trendAlt")} />}
      <MoneyExplained version={version} />
      <h3>{t("earnings.daily")}</h3>
      {days.state === "loading" && <Loading />}
      {days.state === "failed" && <ErrorNotice error={days.error} onRetry={retry} />}
      {days.state === "ready" && (
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
            {[...days.value].reverse().map((d) => (
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
