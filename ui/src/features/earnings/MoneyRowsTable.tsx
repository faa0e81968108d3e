import type { MoneyRow } from "../../bindings/MoneyRow";
import { formatFen } from "../../format";
import { useI18n } from "../../i18n";

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
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("money.order")}</th>
          <th scope="col">{t("money.sku")}</th>
          <th scope="col">{t("money.orderDay")}</th>
          <th scope="col">{t("money.status")}</th>
          <th scope="col" className="num">
            {t("money.amount")}
          </th>
          <th scope="col">
            <span className="visually-hidden">{t("money.history")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((row) => (
          <tr key={row.row_id}>
            <td>{row.order_id}</td>
            <td>{row.sku_name}</td>
            <td>{row.order_day}</td>
            <td>{t(`orderStatus.${row.status}`)}</td>
            <td className="num">{formatFen(row.amount_fen)}</td>
            <td>
              <button
                type="button"
                aria-expanded={openRow === row.row_id}
                onClick={() => onOpen(openRow === row.row_id ? null : row.row_id)}
              >
                {t("money.history")}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
