import { useState } from "react";
import type { ComingSettlement } from "../../bindings/ComingSettlement";
import type { PastSettlement } from "../../bindings/PastSettlement";
import type { SettlementLines } from "../../bindings/SettlementLines";
import { DataTable } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount, formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { LinesBehind } from "./LinesBehind";
import { settlementLineSource, useCalendar } from "./queries";
import { LinkButton } from "../../components/LinkButton";

// 到账日历: each coming pay day with what it is expected to bring and what is
// still at risk; past pay days with what landed beside what was expected.
export function SettlementCalendarView() {
  const { t } = useI18n();
  const calendar = useCalendar();
  const [open, setOpen] = useState<{ which: SettlementLines; title: string } | null>(null);

  return (
    <section aria-labelledby="calendar-title" className="settlement-calendar" data-testid="settlement-calendar">
      <h3 id="calendar-title">{t("calendar.title")}</h3>
      <p className="muted">{t("calendar.rule")}</p>
      {calendar.isPending && <Loading />}
      {calendar.isError && <ErrorNotice error={calendar.error} onRetry={() => void calendar.refetch()} />}
      {calendar.data && (
        <DataTable
          rows={calendar.data.coming}
          rowKey={(c) => c.day}
          rowProps={() => ({ "data-testid": "calendar-coming" })}
          empty={{ message: "calendar.noneComing" }}
          columns={[
            { id: "day", label: "calendar.day", cell: (c: ComingSettlement) => c.day },
            {
              id: "expected",
              label: "calendar.expected",
              numeric: true,
              cell: (c) => (
                <LinkButton
                  disabled={c.expected_rows === 0}
                  onClick={() =>
                    setOpen({
                      which: { kind: "expected", day: c.day },
                      title: t("calendar.expectedOn", { day: c.day }),
                    })
                  }
                >
                  {formatFen(c.expected_fen)} · {t("calendar.rows", { rows: formatCount(c.expected_rows) })}
                </LinkButton>
              ),
            },
            {
              id: "atRisk",
              label: "calendar.atRisk",
              numeric: true,
              cell: (c) => (
                <LinkButton
                  disabled={c.at_risk_rows === 0}
                  onClick={() => setOpen({ which: { kind: "at_risk" }, title: t("calendar.atRiskLines") })}
                >
                  {formatFen(c.at_risk_fen)} · {t("calendar.rows", { rows: formatCount(c.at_risk_rows) })}
                </LinkButton>
              ),
            },
          ]}
        />
      )}
      {calendar.data && calendar.data.past.length > 0 && (
        <>
          <h4>{t("calendar.past")}</h4>
          <DataTable
            rows={calendar.data.past}
            rowKey={(p) => p.day}
            columns={[
              { id: "day", label: "calendar.day", cell: (p: PastSettlement) => p.day },
              {
                id: "landed",
                label: "calendar.landed",
                numeric: true,
                cell: (p) => (
                  <LinkButton
                    onClick={() =>
                      setOpen({ which: { kind: "landed", day: p.day }, title: t("calendar.landedOn", { day: p.day }) })
                    }
                  >
                    {formatFen(p.landed_fen)}
                  </LinkButton>
                ),
              },
              {
                id: "expectedBefore",
                label: "calendar.expectedBefore",
                numeric: true,
                cell: (p) =>
                  p.expected_before_fen === null ? t("calendar.noForecast") : formatFen(p.expected_before_fen),
              },
            ]}
          />
        </>
      )}
      {open && (
        <LinesBehind
          key={JSON.stringify(open.which)}
          title={open.title}
          {...settlementLineSource(open.which)}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}
