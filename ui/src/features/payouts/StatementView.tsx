import type { Statement } from "../../bindings/Statement";
import type { StatementLine } from "../../bindings/StatementLine";
import { DataTable } from "../../components/DataTable";
import { formatFen } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { rateText } from "./amounts";

type Figure = "opening" | "earned" | "overrideShare" | "reversed" | "adjusted" | "paid" | "closing" | "payable";

const FIGURES: [Figure, MessageKey][] = [
  ["opening", "payout.col.opening"],
  ["earned", "payout.col.earned"],
  ["overrideShare", "payout.col.override"],
  ["reversed", "payout.col.reversed"],
  ["adjusted", "payout.col.adjusted"],
  ["paid", "payout.col.paid"],
  ["closing", "payout.col.closing"],
  ["payable", "payout.col.payable"],
];

// A partner's statement as she would read it: the balance carried in, her
// lines (order ids masked), what moved it and what is still pending.
// Payments are listed apart, where a wrong one can be voided.
export function StatementView({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const lines = statement.lines.filter((l) => l.kind !== "payment");

  return (
    <>
      <p className="muted">
        {t("payout.ledger.number", {
          number: statement.number,
          status: t(statement.closed ? "statement.closed" : "statement.draft"),
          day: statement.asOf,
        })}
      </p>
      <dl className="report-totals" data-testid="statement-figures">
        {FIGURES.map(([figure, label]) => (
          <div key={figure}>
            <dt>{t(label)}</dt>
            <dd>{formatFen(statement[figure])}</dd>
          </div>
        ))}
      </dl>
      {statement.closed && statement.closing > 0 && statement.payable === 0 && (
        <p className="muted">{t("statement.rollsOver", { minimum: formatFen(statement.minimum) })}</p>
      )}
      <DataTable
        testId="statement-lines"
        rows={lines}
        rowKey={(_, i) => i}
        empty={{ message: "statement.noLines" }}
        columns={[
          { id: "kind", label: "statement.col.kind", cell: (l: StatementLine) => t(`statement.kind.${l.kind}`) },
          { id: "day", label: "statement.col.day", cell: (l) => l.day },
          { id: "order", label: "statement.col.order", cell: (l) => l.order ?? "" },
          { id: "product", label: "statement.col.product", cell: (l) => l.product ?? "" },
          {
            id: "orderPaid",
            label: "payout.col.orderPaid",
            numeric: true,
            cell: (l) => (l.paid === null ? "" : formatFen(l.paid)),
          },
          {
            id: "rate",
            label: "payout.col.rate",
            numeric: true,
            cell: (l) => (l.rate === null ? "" : `${rateText(l.rate)}%`),
          },
          { id: "amount", label: "payout.col.amount", numeric: true, cell: (l) => formatFen(l.amount) },
          { id: "note", label: "statement.col.note", cell: (l) => l.note ?? "" },
        ]}
      />
      <h5>{t("statement.pending")}</h5>
      <DataTable
        testId="statement-pending"
        rows={statement.pending}
        rowKey={(_, i) => i}
        empty={{ message: "statement.noPending" }}
        columns={[
          { id: "day", label: "statement.col.day", cell: (l) => l.day },
          { id: "order", label: "statement.col.order", cell: (l) => l.order },
          { id: "product", label: "statement.col.product", cell: (l) => l.product },
          { id: "amount", label: "payout.col.amount", numeric: true, cell: (l) => formatFen(l.amount) },
        ]}
      />
      {statement.pending.length > 0 && (
        <p className="muted">
          {t("statement.pendingTotal")} {formatFen(statement.pendingTotal)}
          {statement.pendingMore > 0 && ` · ${t("statement.pendingMore", { count: statement.pendingMore })}`}
        </p>
      )}
    </>
  );
}
