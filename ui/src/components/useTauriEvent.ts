import { useEffect, useRef } from "react";
import type { UnlistenFn } from "@tauri-apps/api/event";

/** How an event the shell pushes is listened to (`api.onSyncLive`, `api.onImportProgress`). */
export type Subscribe<T> = (handler: (payload: T) => void) => Promise<UnlistenFn>;

// Listens while mounted (and `enabled`), and stops listening once: on
// unmount, or when `enabled` turns false — even if the listener is still
// being set up then. The latest handler is called, so it need not be stable.
export function useTauriEvent<T>(subscribe: Subscribe<T>, handler: (payload: T) => void, enabled = true): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const stop = subscribe((payload) => latest.current(payload));
    return () =>
      void stop.then(
        (unlisten) => unlisten(),
        () => {},
      );
  }, [subscribe, enabled]);
}
