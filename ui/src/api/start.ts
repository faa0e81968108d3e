// A start that failed. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";

export const startApi = {
  startProblem: () => commands.startProblem(),
  restoreAfterFailure: (id: string) => commands.restoreAfterFailure({ id }),
  restartApp: () => commands.restartApp(),
};
