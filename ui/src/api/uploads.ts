import type { AppError } from "../bindings/AppError";
import { IMAGE_BYTES, PACK_BYTES, UPLOAD_BYTES } from "../bindings/limits";
import type { DuplicatePolicy } from "../bindings/DuplicatePolicy";
import type { ImportKind } from "../bindings/ImportKind";
import type { PackResolution } from "../bindings/PackResolution";

export type FileFormat = "csv" | "xlsx";

// A file goes over IPC as raw bytes, its name and choices in headers; the
// limits are the engine's (and the shell's), generated into ../bindings/limits.
const MIB = 1024 * 1024;

/** What a file may weigh, and how the engine refuses one that weighs more. */
type Cap = { bytes: number; refusal: (file: File) => Pick<AppError, "key" | "params" | "field"> };

export const TABLE: Cap = {
  bytes: UPLOAD_BYTES,
  refusal: (file) => ({
    key: "table.tooLarge",
    params: { file: file.name, limit: String(UPLOAD_BYTES / MIB) },
    field: null,
  }),
};
export const PACK: Cap = {
  bytes: PACK_BYTES,
  refusal: () => ({ key: "pack.tooBig", params: { max_mib: String(PACK_BYTES / MIB) }, field: null }),
};
export const PICTURE: Cap = {
  bytes: IMAGE_BYTES,
  refusal: (file) => ({
    key: "media.tooLarge",
    params: { mib: (file.size / MIB).toFixed(1), max: String(IMAGE_BYTES / MIB) },
    field: "parts",
  }),
};

// Sends the file's bytes; one over its cap is refused before a byte is read,
// in the engine's own words.
export async function sendFile<T>(file: File, cap: Cap, send: (bytes: Uint8Array) => Promise<T>): Promise<T> {
  if (file.size > cap.bytes) {
    const tooLarge: AppError = { code: "Validation", ...cap.refusal(file) };
    throw tooLarge;
  }
  return send(new Uint8Array(await file.arrayBuffer()));
}

export function tableHeaders(kind: ImportKind, file: File, policy: DuplicatePolicy): Record<string, string> {
  return { "x-kind": kind, "x-file-name": encodeURIComponent(file.name), "x-policy": policy };
}

export function packHeaders(
  otherwise: PackResolution,
  choices: Record<string, PackResolution>,
): Record<string, string> {
  return { "x-on-conflict": otherwise, "x-choices": encodeURIComponent(JSON.stringify(choices)) };
}
