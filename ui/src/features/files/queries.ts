// Imports and exports of whole tables. An import refreshes every area it wrote to.
import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { api } from "../../api";
import { importedAreas } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { DuplicatePolicy } from "../../bindings/DuplicatePolicy";
import type { ImportKind } from "../../bindings/ImportKind";
import type { ImportOutcome } from "../../bindings/ImportOutcome";
import type { ImportPreview } from "../../bindings/ImportPreview";

type Steps<Answer, Asked> = Pick<UseMutationOptions<Answer, Error, Asked>, "onMutate" | "onSuccess" | "onError">;
type Commit = { file: File; preview: ImportPreview };

export function useImportCheck(kind: ImportKind, steps: Steps<ImportPreview, File>) {
  return useMutation({ mutationFn: (file: File) => api.importPreview(kind, file), ...steps });
}

// The preview travels with the write so a failure can put it back on screen.
export function useImportCommit(kind: ImportKind, policy: DuplicatePolicy, steps: Steps<ImportOutcome, Commit>) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ file }: Commit) => api.importCommit(kind, file, policy),
    ...steps,
    onSuccess: async (outcome, asked, result, context) => {
      await steps.onSuccess?.(outcome, asked, result, context);
      await invalidate(...importedAreas(kind));
    },
  });
}

export function useImportTemplate(kind: ImportKind) {
  return useMutation({ mutationFn: (format: "csv" | "xlsx") => api.saveImportTemplate(kind, format) });
}

export function useExportTable(kind: ImportKind) {
  return useMutation({
    mutationFn: ({ format, reveal }: { format: "csv" | "xlsx"; reveal: boolean }) =>
      api.exportTable(kind, format, reveal),
  });
}

export function useExportEverything() {
  return useMutation({ mutationFn: (reveal: boolean) => api.exportEverything(reveal) });
}
