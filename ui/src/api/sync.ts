// Syncing with the platform. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { LiveSync } from "../bindings/LiveSync";

export const syncApi = {
  syncStatus: () => commands.syncStatus(),
  syncNow: () => commands.syncNow(),
  // What the shell pushes (src-tauri/src/tasks/live_sync.rs, commands/files.rs).
  onSyncLive: (handler: (live: LiveSync) => void): Promise<UnlistenFn> =>
    listen<LiveSync>("sync-live", (event) => handler(event.payload)),
};
