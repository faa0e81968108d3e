import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api } from "../../api";
import { keys, syncedAreas } from "../../api/keys";
import type { LiveSync } from "../../bindings/LiveSync";
import type { SyncStatus } from "../../bindings/SyncStatus";
import { useTauriEvent } from "../../components/useTauriEvent";
import { useSyncRuns } from "./queries";

// The runs are read when the window opens and whenever a run ends; the
// live progress in between is pushed by the shell (`sync-live` events).
// A run ending refreshes every area it wrote to.
export function useSyncStatus(): SyncStatus | undefined {
  const client = useQueryClient();
  const status = useSyncRuns();
  const wasRunning = useRef(false);
  useTauriEvent(api.onSyncLive, (live: LiveSync) => {
    client.setQueryData<SyncStatus>(keys.sync, (current) => (current ? { ...current, live } : current));
    if (wasRunning.current && !live.running) {
      for (const queryKey of syncedAreas) void client.invalidateQueries({ queryKey });
    }
    wasRunning.current = live.running;
  });
  useEffect(() => {
    if (status.data) wasRunning.current = status.data.live.running;
  }, [status.data]);
  return status.data;
}
