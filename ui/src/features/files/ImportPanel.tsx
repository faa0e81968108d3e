import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "../../api";
import { importedAreas } from "../../api/keys";
import { useInvalidate } from "../../api/queries";
import type { DuplicatePolicy } from "../../bindings/DuplicatePolicy";
import type { ImportKind } from "../../bindings/ImportKind";
import type { ImportOutcome } from "../../bindings/ImportOutcome";
import type { ImportPreview } from "../../bindings/ImportPreview";
import type { ImportProgress } from "../../bindings/ImportProgress";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";

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
  const { t, tm } = useI18n();
  const invalidate = useInvalidate();
  const [step, setStep] = useState<Step>({ at: "choose" });
  const [policy, setPolicy] = useState<DuplicatePolicy>("skip");
  const [progress, setProgress] = useState<ImportProgress | null>(null);

  const check = useMutation({
    mutationFn: (file: File) => api.importPreview(kind, file),
    onMutate: (file) => setStep({ at: "checking", file }),
    onSuccess: (preview, file) => setStep({ at: "preview", file, preview }),
    onError: () => setStep({ at: "choose" }),
  });
  // A failed write keeps the preview, so nothing is lost and she can retry.
  const commit = useMutation({
    mutationFn: ({ file }: { file: File; preview: ImportPreview }) => api.importCommit(kind, file, policy),
    onMutate: ({ file, preview }) => {
      setProgress(null);
      setStep({ at: "writing", file, preview });
    },
    onSuccess: async (outcome) => {
      setStep({ at: "done", outcome });
      await invalidate(...importedAreas(kind));
    },
    onError: (_, { file, preview }) => setStep({ at: "preview", file, preview }),
  });
  const template = useMutation({ mutationFn: (format: "csv" | "xlsx") => api.saveImportTemplate(kind, format) });
  const saved = template.data ?? null;
  const error = check.error ?? commit.error ?? template.error;

  // The shell pushes the import's progress as it writes.
  useEffect(() => {
    if (step.at !== "writing") return;
    const stop = api.onImportProgress(setProgress);
    return () =>
      void stop.then(
        (unlisten) => unlisten(),
        () => {},
      );
  }, [step.at]);

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
  const badLines = preview ? new Set(preview.issues.map((i) => i.line)).size : 0;

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
          <p>
            <strong>{preview.file}</strong>{" "}
            {t("import.summary", {
              rows: formatCount(preview.rows),
              ready: formatCount(preview.ready),
              bad: formatCount(badLines),
              duplicates: formatCount(preview.duplicates.length),
            })}{" "}
            {preview.encoding && (
              <span className="muted" data-testid="import-encoding">
                {t("import.encoding", { encoding: preview.encoding })}
              </span>
            )}
          </p>
          {preview.issues.length > 0 && (
            <table data-testid="import-issues">
              <caption>{t("import.issues")}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("import.line")}
                  </th>
                  <th scope="col">{t("import.column")}</th>
                  <th scope="col">{t("import.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.issues.map((issue, index) => (
                  <tr key={`${issue.line}-${issue.column}-${index}`}>
                    <td className="num">{issue.line}</td>
                    <td>{issue.column}</td>
                    <td>{tm(issue.reason)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.duplicates.length > 0 && (
            <>
              <table data-testid="import-duplicates">
                <caption>{t("import.duplicates")}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t("import.line")}
                    </th>
                    <th scope="col">{t("import.matchedOn")}</th>
                    <th scope="col">{t("import.existing")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.duplicates.map((d) => (
                    <tr key={d.line}>
                      <td className="num">{d.line}</td>
                      <td>{d.matched_on}</td>
                      <td>{d.existing_name}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <fieldset className="inline">
                <legend>{t("import.policy")}</legend>
                <label className="inline">
                  <input
                    type="radio"
                    name={`policy-${kind}`}
                    checked={policy === "skip"}
                    onChange={() => setPolicy("skip")}
                  />
                  {t("import.skip")}
                </label>
                <label className="inline">
                  <input
                    type="radio"
                    name={`policy-${kind}`}
                    checked={policy === "merge"}
                    onChange={() => setPolicy("merge")}
                  />
                  {t("import.merge")}
                </label>
              </fieldset>
            </>
          )}
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
                {t("import.cancel")}
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
