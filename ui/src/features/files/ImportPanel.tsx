import { useState } from "react";
import { api } from "../../api";
import type { DuplicatePolicy } from "../../bindings/DuplicatePolicy";
import type { ImportKind } from "../../bindings/ImportKind";
import type { ImportOutcome } from "../../bindings/ImportOutcome";
import type { ImportPreview } from "../../bindings/ImportPreview";
import type { ImportProgress } from "../../bindings/ImportProgress";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useTauriEvent } from "../../components/useTauriEvent";
import { PreviewDetails } from "./PreviewDetails";
import { useImportCheck, useImportCommit, useImportTemplate } from "./queries";

type Step =
  | { at: "choose" }
  | { at: "checking"; file: File }
  | { at: "preview"; file: File; preview: ImportPreview }
  | { at: "writing"; file: File; preview: ImportPreview }
  | { at: "done"; outcome: ImportOutcome };

// Import from a file in three steps: choose it, read what is wrong with it
// (every bad row with its line and column, every duplicate), then confirm.
// Nothing is written before the confirmation, and then all or nothing.
export function ImportPanel({ kind }: { kind: ImportKind }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ at: "choose" });
  const [policy, setPolicy] = useState<DuplicatePolicy>("skip");
  const [progress, setProgress] = useState<ImportProgress | null>(null);

  const check = useImportCheck(kind, {
    onMutate: (file) => setStep({ at: "checking", file }),
    onSuccess: (preview, file) => setStep({ at: "preview", file, preview }),
    onError: () => setStep({ at: "choose" }),
  });
  // A failed write keeps the preview, so nothing is lost and she can retry.
  const commit = useImportCommit(kind, policy, {
    onMutate: ({ file, preview }) => {
      setProgress(null);
      setStep({ at: "writing", file, preview });
    },
    onSuccess: (outcome) => setStep({ at: "done", outcome }),
    onError: (_, { file, preview }) => setStep({ at: "preview", file, preview }),
  });
  const template = useImportTemplate(kind);
  const saved = template.data ?? null;
  const error = check.error ?? commit.error ?? template.error;

  // The shell pushes the import's progress as it writes.
  useTauriEvent(api.onImportProgress, setProgress, step.at === "writing");

  const choose = (file: File | undefined) => {
    if (!file) return;
    commit.reset();
    check.mutate(file);
  };

  const confirm = () => {
    if (step.at !== "preview") return;
    check.reset();
    commit.mutate({ file: step.file, preview: step.preview });
  };

  const preview = step.at === "preview" || step.at === "writing" ? step.preview : null;

  return (
    <section className="import-panel" aria-labelledby={`import-${kind}-title`} data-testid={`import-${kind}`}>
      <h3 id={`import-${kind}-title`}>{t(`import.title.${kind}`)}</h3>
      <p className="muted">{t(`import.columns.${kind}`)}</p>
      <div className="inline">
        <label className="file-pick">
          {t("import.choose")}
          <input
            type="file"
            accept=".csv,.xlsx,.txt"
            onChange={(e) => choose(e.target.files?.[0])}
            data-testid="import-file"
          />
        </label>
        <button type="button" onClick={() => template.mutate("xlsx")}>
          {t("import.templateXlsx")}
        </button>
        <button type="button" onClick={() => template.mutate("csv")}>
          {t("import.templateCsv")}
        </button>
      </div>
      {saved && <p role="status">{t("import.savedTo", { path: saved })}</p>}
      {error && <ErrorNotice error={error} />}
      {step.at === "checking" && <p role="status">{t("import.checking", { file: step.file.name })}</p>}
      {preview && (
        <div className="import-preview" data-testid="import-preview">
          <PreviewDetails kind={kind} preview={preview} policy={policy} onPolicy={setPolicy} />
          {step.at === "writing" ? (
            <div className="progress-block" role="status">
              <progress max={progress?.total ?? 1} value={progress?.done ?? 0} aria-label={t("import.writing")} />
              <span>{t("import.writing")}</span>
            </div>
          ) : (
            <div className="inline">
              <button
                type="button"
                className="primary"
                onClick={confirm}
                disabled={preview.ready === 0}
                data-testid="import-confirm"
              >
                {t("import.confirm", { n: formatCount(preview.ready) })}
              </button>
              <button type="button" onClick={() => setStep({ at: "choose" })}>
                {t("form.cancel")}
              </button>
            </div>
          )}
        </div>
      )}
      {step.at === "done" && (
        <p role="status" data-testid="import-done">
          {t("import.done", {
            imported: formatCount(step.outcome.imported),
            merged: formatCount(step.outcome.merged),
            skipped: formatCount(step.outcome.skipped),
          })}
        </p>
      )}
    </section>
  );
}
