import { useState, type ReactNode } from "react";
import { PAGE_SIZE, Pager } from "./Pager";

/**
 * One page of rows the window already holds (a report's 365 days, a year's
 * post log): the page's rows and the pager that turns it. A page is as long
 * as one the engine sends, so a table showing such a page never pages it
 * again. The page stays on one that exists when the rows shrink under it.
 */
export function useRowPage<T>(
  rows: readonly T[],
  size: number = PAGE_SIZE,
): { shown: readonly T[]; pager: ReactNode; toFirst: () => void } {
  const [offset, setOffset] = useState(0);
  const start = pageStart(offset, rows.length, size);
  return {
    shown: rows.length > size ? rows.slice(start, start + size) : rows,
    pager: <RowPager start={start} total={rows.length} size={size} onStart={setOffset} />,
    toFirst: () => setOffset(0),
  };
}

/** Where the page at `offset` starts, moved back onto the last page when fewer rows remain. */
function pageStart(offset: number, total: number, size: number): number {
  if (offset < total) return offset;
  return total === 0 ? 0 : Math.floor((total - 1) / size) * size;
}

/** Turns pages of `size` rows out of `total`; nothing while one page holds them all. */
export function RowPager({
  start,
  total,
  size,
  onStart,
}: {
  start: number;
  total: number;
  size: number;
  onStart: (start: number) => void;
}) {
  return <Pager offset={start} total={total} size={size} onOffset={onStart} testId="row-pager" />;
}
