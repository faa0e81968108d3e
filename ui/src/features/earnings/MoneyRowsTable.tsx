import type { MoneyRow } from "../../bindings/MoneyRow";
import { DataTable, type Column } from "../../components/DataTable";
import { formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { statusOf } from "./platforms";

// Order lines behind a figure, each with a button that opens (or closes) its timeline.
export function MoneyRowsTable({
  items,
  openRow,
  onOpen,
}: {
  items: MoneyRow[];
  openRow: number | null;
  onOpen: (rowId: number | null) => void;
}) {
  const { t } = useI18n();
  const columns: Column<MoneyRow>[] = [
    { id: "order", label: "money.order", cell: (row) => row.order_key ?? row.order_id },
    { id: "sku", label: "money.sku", cell: (row) => row.sku_name },
    { id: "day", label: "money.orderDay", cell: (row) => row.order_day },
    { id: "status", label: "money.status", cell: (row) => statusOf(row, t) },
    { id: "amount", label: "money.amount", numeric: true, cell: (row) => formatFen(row.amount_fen) },
    {
      id: "history",
      label: "money.history",
      hideLabel: true,
      cell: (row) => (
        <button
          type="button"
          aria-expanded={openRow === row.row_id}
          onClick={() => onOpen(openRow === row.row_id ? null : row.row_id)}
        >
          {t("money.history")}
        </button>
      ),
    },
  ];
  return <DataTable columns={columns} rows={items} rowKey={(row) => row.row_id} />;
}
