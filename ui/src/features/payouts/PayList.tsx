import { useState } from "react";
import type { PaymentOutcome } from "../../bindings/PaymentOutcome";
import { DataTable } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { Picture } from "../materials/Picture";
import { PaymentForm } from "./PaymentForm";
import { usePayList } from "./queries";

// Whom a closed month lets her pay: each partner with a payable balance,
// her 收款码 to scan, and 标记已付 on that row alone.
export function PayList({ month }: { month: string }) {
  const { t } = useI18n();
  const list = usePayList(month);
  const [paying, setPaying] = useState<number | null>(null);
  const [recorded, setRecorded] = useState<PaymentOutcome | null>(null);
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;

  return (
    <section aria-labelledby="pay-list-title">
      <h4 id="pay-list-title">{t("payout.pay.title", { month })}</h4>
      <p className="muted">{t("payout.pay.hint")}</p>
      {recorded && (
        <p role="status" data-testid="payment-recorded" className={recorded.overBalance ? "notice" : undefined}>
          {t(recorded.overBalance ? "payout.pay.recordedOver" : "payout.pay.recorded", {
            month: recorded.month,
            before: formatFen(recorded.balanceBefore),
            after: formatFen(recorded.balanceAfter),
          })}
        </p>
      )}
      <DataTable
        testId="pay-list"
        rows={list.data}
        rowKey={(r) => r.partner.id}
        rowProps={(r) => ({ "data-partner": r.partner.id })}
        empty={{ message: "payout.empty.payList" }}
        columns={[
          { id: "partner", label: "payout.col.partner", rowHeader: true, cell: (r) => r.partner.name },
          {
            id: "code",
            label: "payout.col.payCode",
            cell: (r) =>
              r.payCode ? (
                <Picture hash={r.payCode} alt={t("payout.payCode.of", { name: r.partner.name })} />
              ) : (
                <span className="muted">{t("payout.payCode.none")}</span>
              ),
          },
          { id: "amount", label: "payout.col.payable", numeric: true, cell: (r) => formatFen(r.amount) },
          {
            id: "pay",
            label: "payout.col.action",
            hideLabel: true,
            cell: (r) => (
              <button
                type="button"
                onClick={() => setPaying(r.partner.id)}
                aria-label={t("payout.pay.markOf", { name: r.partner.name })}
              >
                {t("payout.pay.mark")}
              </button>
            ),
          },
        ]}
        expanded={(r) =>
          r.partner.id === paying && (
            <PaymentForm
              month={month}
              row={r}
              onDone={(outcome) => {
                setPaying(null);
                if (outcome) setRecorded(outcome);
              }}
            />
          )
        }
      />
    </section>
  );
}
