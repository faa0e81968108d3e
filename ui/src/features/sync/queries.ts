// 同步's reads and writes: the runs, and starting one.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useWrite } from "../../api/queries";
import type { LiveSync } from "../../bindings/LiveSync";

export function useSyncRuns() {
  return useQuery({ queryKey: keys.sync, queryFn: api.syncStatus });
}

// The run under way, if any, from the status the window already holds:
// `useSyncStatus` (mounted by the shell) keeps it current from the pushed
// `sync-live` events.
export function useRunningSync(): LiveSync | undefined {
  const live = useSyncRuns().data?.live;
  return live?.running ? live : undefined;
}

// The answer says whether a run started (false: one was running already).
export function useSyncNow(onAnswer: (started: boolean) => void) {
  return useWrite(api.syncNow, [keys.sync], { first: onAnswer });
}
