import { useState, type ReactNode } from "react";
import type { Page } from "../bindings/Page";
import type { PageRequest } from "../bindings/PageRequest";
import { useLoad } from "../useLoad";
import { ErrorNotice } from "./ErrorNotice";
import { Loading } from "./Loading";
import { PAGE_SIZE, Pager } from "./Pager";

// One page of a list that can grow: loading, failure with retry, an empty
// state that says what to do, the items, and the pager. Reloads when
// `version` changes (a finished sync, a saved item).
export function PagedList<T>({
  load,
  version,
  empty,
  children,
}: {
  load: (page: PageRequest) => Promise<Page<T>>;
  version: number;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  const [offset, setOffset] = useState(0);
  const [page, retry] = useLoad(() => load({ offset, limit: PAGE_SIZE }), [offset, version]);
  if (page.state === "loading") return <Loading />;
  if (page.state === "failed") return <ErrorNotice error={page.error} onRetry={retry} />;
  if (page.value.total === 0) return <p className="empty">{empty}</p>;
  return (
    <>
      {children(page.value.items)}
      <Pager offset={offset} total={page.value.total} onOffset={setOffset} />
    </>
  );
}
