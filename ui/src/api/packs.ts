// Training packs between laptops. Calls over the generated client (../bindings/commands.ts).
import { commands } from "../bindings/commands";
import { PACK, sendFile, packHeaders } from "./uploads";
import type { CourseId } from "../bindings/CourseId";
import type { FolderId } from "../bindings/FolderId";
import type { PackResolution } from "../bindings/PackResolution";

export const packsApi = {
  exportPack: (folderId: FolderId | null, tag: string | null, includeNotes: boolean) =>
    commands.exportPack({ folderId, tag, courseId: null, includeNotes }),
  exportCoursePack: (courseId: CourseId, includeNotes: boolean) =>
    commands.exportPack({ folderId: null, tag: null, courseId, includeNotes }),
  packPreview: (file: File) => sendFile(file, PACK, (bytes) => commands.packPreview(bytes, packHeaders("mine", {}))),
  packImport: (file: File, otherwise: PackResolution, choices: Record<string, PackResolution>) =>
    sendFile(file, PACK, (bytes) => commands.packImport(bytes, packHeaders(otherwise, choices))),
};
