// The query client and the one helper every mutation uses to refresh what it changed.
import { QueryClient, useQueryClient, type QueryKey } from "@tanstack/react-query";

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
