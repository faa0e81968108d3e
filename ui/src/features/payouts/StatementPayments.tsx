import { useState } from "react";
import type { PayoutPayment } from "../../bindings/PayoutPayment";
import { DataTable } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatFen } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { usePartnerPayments, useVoidPayment } from "./queries";

// The payments on one statement. A wrong one is voided, on her
// confirmation, by a reversing entry; nothing is ever deleted.
export function StatementPayments({ partner, month }: { partner: number; month: string }) {
  const { t } = useI18n();
  const payments = usePartnerPayments(partner, month);
  const voiding = useVoidPayment();
  const [asking, setAsking] = useState<PayoutPayment | null>(null);
  if (payments.isError) return <ErrorNotice error={payments.error} onRetry={() => void payments.refetch()} />;

  return (
    <section aria-labelledby="statement-payments-title">
      <h5 id="statement-payments-title">{t("payout.payments.title")}</h5>
      <DataTable
        testId="statement-payments"
        rows={payments.data ?? []}
        rowKey={(p) => p.id}
        empty={{ message: "payout.payments.none" }}
        columns={[
          { id: "day", label: "statement.col.day", cell: (p: PayoutPayment) => p.paidOn },
          { id: "method", label: "payout.pay.method", cell: (p) => t(`payout.method.${p.method}` as MessageKey) },
          { id: "amount", label: "payout.col.amount", numeric: true, cell: (p) => formatFen(p.amount) },
          { id: "tax", label: "payout.col.tax", numeric: true, cell: (p) => (p.tax > 0 ? formatFen(p.tax) : "") },
          {
            id: "note",
            label: "statement.col.note",
            cell: (p) =>
              p.voids !== null
                ? t("payout.payments.voids", { id: p.voids })
                : p.voided
                  ? t("payout.payments.voided")
                  : p.reference,
          },
          {
            id: "void",
            label: "payout.col.action",
            hideLabel: true,
            cell: (p) =>
              p.voids === null &&
              !p.voided && (
                <button type="button" onClick={() => setAsking(p)}>
                  {t("payout.payments.void")}
                </button>
              ),
          },
        ]}
      />
      {asking && (
        <div className="notice" role="alertdialog" aria-label={t("payout.payments.voidTitle")}>
          <p>{t("payout.payments.voidConfirm", { amount: formatFen(asking.amount), day: asking.paidOn })}</p>
          <button
            type="button"
            className="primary"
            disabled={voiding.isPending}
            onClick={() => voiding.mutate(asking.id, { onSuccess: () => setAsking(null) })}
          >
            {t("payout.payments.voidYes")}
          </button>
          <button type="button" onClick={() => setAsking(null)} autoFocus>
            {t("form.cancel")}
          </button>
        </div>
      )}
      {voiding.isError && <ErrorNotice error={voiding.error} />}
    </section>
  );
}
