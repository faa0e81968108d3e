// Backups of her store. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";

export const backupsApi = {
  listBackups: () => commands.listBackups(),
  backupNow: () => commands.backupNow(),
  restoreBackup: (id: string) => commands.restoreBackup({ id }),
};
