import {
  Fragment,
  useState,
  type HTMLAttributes,
  type Key,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from "react";
import { useI18n, type MessageKey } from "../i18n";
import { PAGE_SIZE } from "./Pager";
import { useRowPage } from "./RowPager";

/** One column: its header by message key, how a row fills its cell, and how it sorts (if it does). */
export type Column<T> = {
  id: string;
  /** The header's message key; none leaves the header cell empty. */
  label?: MessageKey;
  /** The header is read out but not shown (a column of buttons). */
  hideLabel?: boolean;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** The cell names its row (`<th scope="row">`). */
  rowHeader?: boolean;
  cell: (row: T) => ReactNode;
  /** Extra attributes of a row's cell (a title, a warning class). */
  cellProps?: (row: T) => HTMLAttributes<HTMLTableCellElement>;
  /** Given, the header sorts the rows by it; a second press turns the order round. */
  compare?: (a: T, b: T) => number;
};

export type EmptyState = { message: MessageKey; action?: { label: MessageKey; onClick: () => void } };

type RowAttributes = HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | number | undefined>;

type Sort = { id: string; down: boolean };

// The window's one table: the same `<table>` markup every page wrote by
// hand, with what each needed once — sortable headers, numeric alignment,
// an empty state that says what to do, an export button, and rows that
// open their detail by click or keyboard. It shows a page of rows at a time
// (a year by day is 365 lines); sorting orders all of them, and the rows of
// `foot` (a total) close every page so what is shown still adds up.
export function DataTable<T>({
  rows,
  foot = [],
  pageSize = PAGE_SIZE,
  columns,
  rowKey,
  rowProps,
  caption,
  className,
  testId,
  empty,
  onExport,
  exportLabel = "dataTable.export",
  onOpen,
  expanded,
}: {
  rows: readonly T[];
  /** Rows under every page, never sorted or paged: the total the rows add up to. */
  foot?: readonly T[];
  /** Rows shown at once; a pager under the table turns the pages. */
  pageSize?: number;
  columns: Column<T>[];
  /** A row's React key; the index is the row's place as shown. */
  rowKey: (row: T, index: number) => Key;
  rowProps?: (row: T) => RowAttributes;
  caption?: ReactNode;
  className?: string;
  testId?: string;
  /** Shown instead of the table when there are no rows. */
  empty?: EmptyState;
  onExport?: () => void;
  exportLabel?: MessageKey;
  /** Given, each row is focusable and opens its detail on click, Enter or Space. */
  onOpen?: (row: T) => void;
  /** What shows under a row, across the whole table, when the row is open. */
  expanded?: (row: T) => ReactNode;
}) {
  const { t } = useI18n();
  const [sort, setSort] = useState<Sort | null>(null);
  const { shown, pager, toFirst } = useRowPage(sortRows(rows, columns, sort), pageSize);
  if (rows.length === 0 && empty) return <EmptyNotice empty={empty} />;
  // A new order starts from its first page: its first rows are what she asked for.
  const toggle = (column: Column<T>) => {
    toFirst();
    setSort((s) =>
      s?.id === column.id ? { id: column.id, down: !s.down } : { id: column.id, down: !!column.numeric },
    );
  };

  return (
    <>
      {onExport && (
        <p className="export">
          <button type="button" onClick={onExport}>
            {t(exportLabel)}
          </button>
        </p>
      )}
      <table className={className} data-testid={testId}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) => (
              <HeaderCell key={column.id} column={column} sort={sort} onSort={() => toggle(column)} />
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, index) => {
            const more = expanded?.(row);
            return (
              <Fragment key={rowKey(row, index)}>
                <tr {...rowAttributes(row, rowProps, onOpen)}>
                  {columns.map((column) => (
                    <BodyCell key={column.id} column={column} row={row} />
                  ))}
                </tr>
                {more && (
                  <tr>
                    <td colSpan={columns.length}>{more}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
        {foot.length > 0 && (
          <tfoot>
            {foot.map((row, index) => (
              <tr key={rowKey(row, index)} {...rowProps?.(row)}>
                {columns.map((column) => (
                  <BodyCell key={column.id} column={column} row={row} />
                ))}
              </tr>
            ))}
          </tfoot>
        )}
      </table>
      {pager}
    </>
  );
}

function EmptyNotice({ empty }: { empty: EmptyState }) {
  const { t } = useI18n();
  if (!empty.action) return <p className="empty">{t(empty.message)}</p>;
  return (
    <div className="empty">
      <p>{t(empty.message)}</p>
      <button type="button" onClick={empty.action.onClick}>
        {t(empty.action.label)}
      </button>
    </div>
  );
}

function HeaderCell<T>({ column, sort, onSort }: { column: Column<T>; sort: Sort | null; onSort: () => void }) {
  const { t } = useI18n();
  const className = column.numeric ? "num" : undefined;
  if (!column.label) return <th scope="col" className={className} />;
  const label = t(column.label);
  if (!column.compare) {
    return (
      <th scope="col" className={className}>
        {column.hideLabel ? <span className="visually-hidden">{label}</span> : label}
      </th>
    );
  }
  // A button in the header: pressed by mouse, Enter or Space alike.
  const order = sort?.id === column.id ? (sort.down ? "descending" : "ascending") : "none";
  return (
    <th scope="col" className={className} aria-sort={order}>
      <button type="button" className="link" onClick={onSort}>
        {label}
      </button>
    </th>
  );
}

function BodyCell<T>({ column, row }: { column: Column<T>; row: T }) {
  const extra = column.cellProps?.(row) ?? {};
  const className = [column.numeric ? "num" : "", extra.className ?? ""].filter(Boolean).join(" ") || undefined;
  const Cell = column.rowHeader ? "th" : "td";
  return (
    <Cell {...extra} scope={column.rowHeader ? "row" : undefined} className={className}>
      {column.cell(row)}
    </Cell>
  );
}

function sortRows<T>(rows: readonly T[], columns: Column<T>[], sort: Sort | null): readonly T[] {
  const compare = sort && columns.find((c) => c.id === sort.id)?.compare;
  if (!sort || !compare) return rows;
  return [...rows].sort((a, b) => (sort.down ? -compare(a, b) : compare(a, b)));
}

// A row that opens: focusable, and opened by a click that is not on one of
// its own controls, or by Enter or Space while the row itself has focus.
function rowAttributes<T>(
  row: T,
  rowProps: ((row: T) => RowAttributes) | undefined,
  onOpen: ((row: T) => void) | undefined,
): RowAttributes {
  const own = rowProps?.(row) ?? {};
  if (!onOpen) return own;
  return {
    ...own,
    tabIndex: 0,
    className: own.className ? `${own.className} row-open` : "row-open",
    onClick: (event: MouseEvent<HTMLTableRowElement>) => {
      const control = (event.target as HTMLElement).closest("button, a, input, select, textarea, label");
      if (!control || !event.currentTarget.contains(control)) onOpen(row);
    },
    onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>) => {
      if (event.target !== event.currentTarget || (event.key !== "Enter" && event.key !== " ")) return;
      event.preventDefault();
      onOpen(row);
    },
  };
}
