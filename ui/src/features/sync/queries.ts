// 同步's reads and writes: the runs, and starting one.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api";
import { keys } from "../../api/keys";
import { useWrite } from "../../api/queries";

export function useSyncRuns() {
  return useQuery({ queryKey: keys.sync, queryFn: api.syncStatus });
}

// The answer says whether a run started (false: one was running already).
export function useSyncNow(onAnswer: (started: boolean) => void) {
  return useWrite(api.syncNow, [keys.sync], { first: onAnswer });
}
