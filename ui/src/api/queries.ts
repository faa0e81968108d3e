// The query client and the one helper every mutation uses to refresh what it changed.
import { QueryClient, useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";

// Reads are local IPC: a failure is shown with a retry button rather than
// retried behind her back, and data changes only through mutations and
// sync runs, which invalidate it, so it never goes stale on a timer. A page
// left behind lets go of its data after half a minute (not five), which
// keeps the window's memory near what the page on screen needs.
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: Infinity, gcTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

export function useInvalidate(): (...areas: QueryKey[]) => Promise<void> {
  const client = useQueryClient();
  return async (...areas) => {
    await Promise.all(areas.map((queryKey) => client.invalidateQueries({ queryKey })));
  };
}

type Then<A, R> = (answer: R, asked: A) => void;

/**
 * A write that reads again the areas it changed. `first` runs as soon as the
 * store has answered (to let go of a draft); `last` once the areas are read
 * again (to close a form over fresh data).
 */
export function useWrite<A, R>(
  write: (asked: A) => Promise<R>,
  areas: QueryKey[],
  then: { first?: Then<A, R>; last?: Then<A, R> } = {},
) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: write,
    onSuccess: async (answer, asked) => {
      then.first?.(answer, asked);
      await invalidate(...areas);
      then.last?.(answer, asked);
    },
  });
}
