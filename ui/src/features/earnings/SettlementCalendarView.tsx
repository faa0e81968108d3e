import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import { keys } from "../../api/keys";
import type { SettlementLines } from "../../bindings/SettlementLines";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { LinesBehind } from "./LinesBehind";

// 到账日历: each coming pay day with what it is expected to bring and what is
// still at risk; past pay days with what landed beside what was expected.
export function SettlementCalendarView() {
  const { t } = useI18n();
  const calendar = useQuery({ queryKey: keys.earnings.calendar(), queryFn: api.settlementCalendar });
  const [open, setOpen] = useState<{ which: SettlementLines; title: string } | null>(null);

  return (
    <section aria-labelledby="calendar-title" className="settlement-calendar" data-testid="settlement-calendar">
      <h3 id="calendar-title">{t("calendar.title")}</h3>
      <p className="muted">{t("calendar.rule")}</p>
      {calendar.isPending && <Loading />}
      {calendar.isError && <ErrorNotice error={calendar.error} onRetry={() => void calendar.refetch()} />}
      {calendar.data && calendar.data.coming.length === 0 && <p className="empty">{t("calendar.noneComing")}</p>}
      {calendar.data && calendar.data.coming.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("calendar.day")}</th>
              <th scope="col" className="num">
                {t("calendar.expected")}
              </th>
              <th scope="col" className="num">
                {t("calendar.atRisk")}
              </th>
            </tr>
          </thead>
          <tbody>
            {calendar.data.coming.map((c) => (
              <tr key={c.day} data-testid="calendar-coming">
                <td>{c.day}</td>
                <td className="num">
                  <button
                    type="button"
                    className="link"
                    disabled={c.expected_rows === 0}
                    onClick={() =>
                      setOpen({
                        which: { kind: "expected", day: c.day },
                        title: t("calendar.expectedOn", { day: c.day }),
                      })
                    }
                  >
                    {formatFen(c.expected_fen)} · {t("calendar.rows", { rows: formatCount(c.expected_rows) })}
                  </button>
                </td>
                <td className="num">
                  <button
                    type="button"
                    className="link"
                    disabled={c.at_risk_rows === 0}
                    onClick={() => setOpen({ which: { kind: "at_risk" }, title: t("calendar.atRiskLines") })}
                  >
                    {formatFen(c.at_risk_fen)} · {t("calendar.rows", { rows: formatCount(c.at_risk_rows) })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {calendar.data && calendar.data.past.length > 0 && (
        <>
          <h4>{t("calendar.past")}</h4>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("calendar.day")}</th>
                <th scope="col" className="num">
                  {t("calendar.landed")}
                </th>
                <th scope="col" className="num">
                  {t("calendar.expectedBefore")}
                </th>
              </tr>
            </thead>
            <tbody>
              {calendar.data.past.map((p) => (
                <tr key={p.day}>
                  <td>{p.day}</td>
                  <td className="num">
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        setOpen({
                          which: { kind: "landed", day: p.day },
                          title: t("calendar.landedOn", { day: p.day }),
                        })
                      }
                    >
                      {formatFen(p.landed_fen)}
                    </button>
                  </td>
                  <td className="num">
                    {p.expected_before_fen === null ? t("calendar.noForecast") : formatFen(p.expected_before_fen)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {open && (
        <LinesBehind
          key={JSON.stringify(open.which)}
          title={open.title}
          queryKey={keys.earnings.settlementLines(open.which)}
          load={(page) => api.settlementLines(open.which, page)}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}
