// Settings. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import type { Settings } from "../bindings/Settings";

export const settingsApi = {
  settings: () => commands.settings(),
  saveSettings: (settings: Settings) => commands.saveSettings({ settings }),
};
