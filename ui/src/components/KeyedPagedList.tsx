import { keepPreviousData, useQuery, type QueryKey } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { KeyedPage } from "../bindings/KeyedPage";
import type { PageAt } from "../bindings/PageAt";
import { ErrorNotice } from "./ErrorNotice";
import { KeyedPager, type KeyedMove } from "./KeyedPager";
import { Loading } from "./Loading";
import { PAGE_SIZE } from "./Pager";

/**
 * Where the page asked for starts, as the pager counts it: a keyed read
 * does not say where it stands, so the window carries the position along.
 * `start` is the 0-based position of its first row; `end` means the page
 * ends the list; `above` means it ends just above the 0-based position.
 */
type Place = { start: number } | { end: true } | { above: number };

/** The 0-based position of the page's first row. */
function positionOf<T>(place: Place, page: KeyedPage<T>): number {
  if (page.restarted || !page.more_before) return 0;
  if ("start" in place) return place.start;
  if ("end" in place) return Math.max(0, page.total - page.items.length);
  return Math.max(0, place.above - page.items.length);
}

// One page of a list read by key (PagedList's twin for lists that page by
// key): loading, failure with retry, an empty state that says what to do,
// the items, and a pager to either end or a page either way. Each page is
// cached under `queryKey` + where it starts, so invalidating the list's
// area reloads it.
export function KeyedPagedList<T>({
  queryKey,
  load,
  idOf,
  empty,
  children,
}: {
  queryKey: QueryKey;
  load: (at: PageAt, limit: number) => Promise<KeyedPage<T>>;
  idOf: (item: T) => number;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  const [asked, setAsked] = useState<{ at: PageAt; place: Place }>({ at: { kind: "first" }, place: { start: 0 } });
  const page = useQuery({
    queryKey: [...queryKey, "keyed", asked.at, asked.place],
    queryFn: async () => {
      const read = await load(asked.at, PAGE_SIZE);
      return { read, position: positionOf(asked.place, read) };
    },
    placeholderData: keepPreviousData,
  });
  if (page.isPending) return <Loading />;
  if (page.isError) return <ErrorNotice error={page.error} onRetry={() => void page.refetch()} />;
  const { read, position } = page.data;
  if (read.total === 0) return <p className="empty">{empty}</p>;
  const first = read.items.at(0);
  const last = read.items.at(-1);
  const move = (to: KeyedMove) => {
    // A step back that reaches the start shows a whole first page, not its rest.
    const atStart = to === "first" || (to === "prev" && position <= PAGE_SIZE);
    if (atStart || !first || !last) setAsked({ at: { kind: "first" }, place: { start: 0 } });
    else if (to === "last") setAsked({ at: { kind: "last" }, place: { end: true } });
    else if (to === "next")
      setAsked({ at: { kind: "after", id: idOf(last) }, place: { start: position + read.items.length } });
    else setAsked({ at: { kind: "before", id: idOf(first) }, place: { above: position } });
  };
  return (
    <>
      {children(read.items)}
      <KeyedPager
        from={position + 1}
        to={position + read.items.length}
        total={read.total}
        moreBefore={read.more_before}
        moreAfter={read.more_after}
        busy={page.isPlaceholderData}
        onMove={move}
      />
    </>
  );
}
