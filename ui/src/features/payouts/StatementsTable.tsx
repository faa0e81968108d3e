import type { MonthStatements } from "../../bindings/MonthStatements";
import type { StatementRow } from "../../bindings/StatementRow";
import { DataTable, type Column } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatFen } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { useMonthStatements } from "./queries";

type Figure = Exclude<keyof StatementRow, "partner">;

const FIGURES: [Figure, MessageKey][] = [
  ["opening_fen", "payout.col.opening"],
  ["earned_fen", "payout.col.earned"],
  ["override_fen", "payout.col.override"],
  ["reversed_fen", "payout.col.reversed"],
  ["adjusted_fen", "payout.col.adjusted"],
  ["paid_fen", "payout.col.paid"],
  ["closing_fen", "payout.col.closing"],
  ["payable_fen", "payout.col.payable"],
  ["pending_fen", "payout.col.pending"],
];

// A month's statements, one row a partner, closed by their sum; under it
// what the platform settled, split into the partners' lines and hers.
export function StatementsTable({ month, onOpen }: { month: string; onOpen: (row: StatementRow) => void }) {
  const { t } = useI18n();
  const statements = useMonthStatements(month);
  if (statements.isPending) return <Loading />;
  if (statements.isError) return <ErrorNotice error={statements.error} onRetry={() => void statements.refetch()} />;
  const data = statements.data;
  const columns: Column<StatementRow>[] = [
    { id: "partner", label: "payout.col.partner", rowHeader: true, cell: (r) => r.partner.name },
    ...FIGURES.map(([figure, label]): Column<StatementRow> => ({
      id: figure,
      label,
      numeric: true,
      cell: (r) => formatFen(r[figure]),
      compare: (a, b) => a[figure] - b[figure],
    })),
  ];

  return (
    <>
      <p data-testid="month-totals">
        {t(data.closed ? "payout.totals.closed" : "payout.totals.draft", {
          settled: formatFen(data.settled_fen),
          partners: formatFen(data.partners_fen),
          hers: formatFen(data.hers_fen),
        })}
      </p>
      <DataTable
        testId="payout-statements"
        rows={data.statements}
        foot={data.statements.length > 0 ? [sumOf(data, t("payout.total"))] : []}
        rowKey={(r) => r.partner.id}
        rowProps={(r) => ({ "data-partner": r.partner.id })}
        columns={columns}
        onOpen={onOpen}
        empty={{ message: data.closed ? "payout.empty.closedMonth" : "payout.empty.openMonth" }}
      />
    </>
  );
}

/** The total row: every figure summed over the partners. */
function sumOf(data: MonthStatements, label: string): StatementRow {
  const total = { partner: { id: 0, name: label } } as StatementRow;
  for (const [figure] of FIGURES) total[figure] = data.statements.reduce((sum, r) => sum + r[figure], 0);
  return total;
}
