import type { QueryKey } from "@tanstack/react-query";
import { useState } from "react";
import type { MoneyRow } from "../../bindings/MoneyRow";
import type { Page } from "../../bindings/Page";
import type { PageRequest } from "../../bindings/PageRequest";
import { PagedList } from "../../components/PagedList";
import { formatFen } from "../../format";
import { useI18n } from "../../i18n";
import { RowTimelineView } from "./RowTimelineView";

// The order lines behind one figure, a page at a time; any line opens its timeline.
export function LinesBehind({
  title,
  queryKey,
  load,
  onClose,
}: {
  title: string;
  queryKey: QueryKey;
  load: (page: PageRequest) => Promise<Page<MoneyRow>>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [openRow, setOpenRow] = useState<number | null>(null);
  return (
    <section className="lines-behind" aria-label={title} data-testid="lines-behind">
      <header className="row-between">
        <h4>{title}</h4>
        <button type="button" onClick={onClose}>
          {t("timeline.close")}
        </button>
      </header>
      <PagedList queryKey={queryKey} load={load} empty={t("report.noLines")}>
        {(items) => (
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
                      onClick={() => setOpenRow(openRow === row.row_id ? null : row.row_id)}
                    >
                      {t("money.history")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
      {openRow !== null && <RowTimelineView rowId={openRow} onClose={() => setOpenRow(null)} />}
    </section>
  );
}
