import { keepPreviousData, useQuery, type QueryKey } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { Page } from "../bindings/Page";
import type { PageRequest } from "../bindings/PageRequest";
import { ErrorNotice } from "./ErrorNotice";
import { Loading } from "./Loading";
import { PAGE_SIZE, Pager } from "./Pager";

// One page of a list that can grow: loading, failure with retry, an empty
// state that says what to do, the items, and the pager. Each page is cached
// under `queryKey` + its offset, so invalidating the list's area reloads it.
export function PagedList<T>({
  queryKey,
  load,
  empty,
  children,
}: {
  queryKey: QueryKey;
  load: (page: PageRequest) => Promise<Page<T>>;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  const [offset, setOffset] = useState(0);
  const page = useQuery({
    queryKey: [...queryKey, "page", offset],
    queryFn: () => load({ offset, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  if (page.isPending) return <Loading />;
  if (page.isError) return <ErrorNotice error={page.error} onRetry={() => void page.refetch()} />;
  if (page.data.total === 0) return <p className="empty">{empty}</p>;
  return (
    <>
      {children(page.data.items)}
      <Pager offset={offset} total={page.data.total} onOffset={setOffset} />
    </>
  );
}
