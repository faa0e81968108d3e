// The app itself: what it runs on, its data folder, its title. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import { getCurrentWindow } from "@tauri-apps/api/window";

export const appApi = {
  appInfo: () => commands.appInfo(),
  openDataFolder: () => commands.openDataFolder(),
  storeHealth: () => commands.storeHealth(),
  setWindowTitle: (title: string) => getCurrentWindow().setTitle(title),
};
