import { useState } from "react";
import type { MoneyKind } from "../../bindings/MoneyKind";
import type { MoneyLine } from "../../bindings/MoneyLine";
import type { Platform } from "../../bindings/Platform";
import { formatCount, formatFen, recentBeijingMonths } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { PagedList } from "../../components/PagedList";
import { MoneyRowsTable } from "./MoneyRowsTable";
import { RowTimelineView } from "./RowTimelineView";
import { monthRowSource, useMonthMoney } from "./queries";

const KINDS: MoneyKind[] = ["settled", "refunded", "invalidated"];

// For a chosen month, of the platform she filters on: what settled, what refunds and invalidation took, and
// the rows behind each figure; any row opens its timeline of changes.
export function MoneyExplained({ platform }: { platform: Platform | null }) {
  const { t } = useI18n();
  const months = recentBeijingMonths(new Date(), 12);
  const [month, setMonth] = useState(months[0]);
  const [kind, setKind] = useState<MoneyKind>("settled");
  const [openRow, setOpenRow] = useState<number | null>(null);
  const totals = useMonthMoney(month, platform);

  const line = (k: MoneyKind): MoneyLine | null => totals.data?.[k] ?? null;

  return (
    <section aria-labelledby="money-title" className="money-explained">
      <h3 id="money-title">{t("money.title")}</h3>
      <label>
        {t("money.month")}{" "}
        <select
          value={month}
          onChange={(e) => {
            setMonth(e.target.value);
            setOpenRow(null);
          }}
        >
          {months.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      {totals.isPending && <Loading />}
      {totals.isError && <ErrorNotice error={totals.error} onRetry={() => void totals.refetch()} />}
      {totals.data && (
        <div className="money-lines" role="group" aria-label={t("money.title")}>
          {KINDS.map((k) => (
            <button
              key={k}
              type="button"
              className="money-line"
              data-kind={k}
              aria-pressed={kind === k}
              onClick={() => {
                setKind(k);
                setOpenRow(null);
              }}
            >
              <span className="label">{t(`money.${k}`)}</span>
              <strong>{formatFen(line(k)?.fen ?? 0)}</strong>
              <span className="muted">{t("money.rows", { rows: formatCount(line(k)?.rows ?? 0) })}</span>
            </button>
          ))}
        </div>
      )}
      <p className="muted">{t(`money.${kind}.rule`)}</p>
      <PagedList
        key={`${month}-${kind}-${platform}`}
        {...monthRowSource(month, kind, platform)}
        empty={t("money.empty")}
      >
        {(items) => <MoneyRowsTable items={items} openRow={openRow} onOpen={setOpenRow} />}
      </PagedList>
      {openRow !== null && <RowTimelineView rowId={openRow} onClose={() => setOpenRow(null)} />}
    </section>
  );
}
