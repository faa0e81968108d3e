// Sheets in and out. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { TABLE, sendFile, tableHeaders } from "./uploads";
import type { FileFormat } from "./uploads";
import type { DuplicatePolicy } from "../bindings/DuplicatePolicy";
import type { ImportKind } from "../bindings/ImportKind";
import type { ImportProgress } from "../bindings/ImportProgress";

export const filesApi = {
  importPreview: (kind: ImportKind, file: File) =>
    sendFile(file, TABLE, (bytes) => commands.importPreview(bytes, tableHeaders(kind, file, "skip"))),
  importCommit: (kind: ImportKind, file: File, policy: DuplicatePolicy) =>
    sendFile(file, TABLE, (bytes) => commands.importCommit(bytes, tableHeaders(kind, file, policy))),
  saveImportTemplate: (kind: ImportKind, format: FileFormat) => commands.saveImportTemplate({ kind, format }),
  exportTable: (kind: ImportKind, format: FileFormat, reveal: boolean) =>
    commands.exportTable({ kind, format, reveal }),
  exportEverything: (reveal: boolean) => commands.exportEverything({ reveal }),
  onImportProgress: (handler: (progress: ImportProgress) => void): Promise<UnlistenFn> =>
    listen<ImportProgress>("import-progress", (event) => handler(event.payload)),
};
