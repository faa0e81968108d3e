import type { DuplicatePolicy } from "../../bindings/DuplicatePolicy";
import type { DuplicateRow } from "../../bindings/DuplicateRow";
import type { ImportKind } from "../../bindings/ImportKind";
import type { ImportPreview } from "../../bindings/ImportPreview";
import type { RowIssue } from "../../bindings/RowIssue";
import { DataTable } from "../../components/DataTable";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";

// What a file would import: how many rows are ready, every bad row with its
// line and column, every duplicate, and what to do with the duplicates.
export function PreviewDetails({
  kind,
  preview,
  policy,
  onPolicy,
}: {
  kind: ImportKind;
  preview: ImportPreview;
  policy: DuplicatePolicy;
  onPolicy: (policy: DuplicatePolicy) => void;
}) {
  const { t, tm } = useI18n();
  const badLines = new Set(preview.issues.map((i) => i.line)).size;
  return (
    <>
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
        <DataTable
          testId="import-issues"
          caption={t("import.issues")}
          rows={preview.issues}
          rowKey={(issue, index) => `${issue.line}-${issue.column}-${index}`}
          columns={[
            { id: "line", label: "import.line", numeric: true, cell: (issue: RowIssue) => issue.line },
            { id: "column", label: "import.column", cell: (issue) => issue.column },
            { id: "reason", label: "import.reason", cell: (issue) => tm(issue.reason) },
          ]}
        />
      )}
      {preview.duplicates.length > 0 && (
        <>
          <DataTable
            testId="import-duplicates"
            caption={t("import.duplicates")}
            rows={preview.duplicates}
            rowKey={(d) => d.line}
            columns={[
              { id: "line", label: "import.line", numeric: true, cell: (d: DuplicateRow) => d.line },
              { id: "matchedOn", label: "import.matchedOn", cell: (d) => d.matched_on },
              { id: "existing", label: "import.existing", cell: (d) => d.existing_name },
            ]}
          />
          <fieldset className="inline">
            <legend>{t("import.policy")}</legend>
            <label className="inline">
              <input
                type="radio"
                name={`policy-${kind}`}
                checked={policy === "skip"}
                onChange={() => onPolicy("skip")}
              />
              {t("import.skip")}
            </label>
            <label className="inline">
              <input
                type="radio"
                name={`policy-${kind}`}
                checked={policy === "merge"}
                onChange={() => onPolicy("merge")}
              />
              {t("import.merge")}
            </label>
          </fieldset>
        </>
      )}
    </>
  );
}
