import type { ImportKind } from "../../bindings/ImportKind";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useRevealedExport } from "./RevealConfirm";
import { useExportTable } from "./queries";

type Format = "csv" | "xlsx";

// Export to the Downloads folder; contacts stay masked unless she asks, and
// a revealed export is confirmed first.
export function ExportButtons({ kind }: { kind: ImportKind }) {
  const { t } = useI18n();
  const save = useExportTable(kind);
  const { start, checkbox, dialog } = useRevealedExport((format: Format, reveal) => save.mutate({ format, reveal }));
  const saved = save.data ?? null;

  return (
    <div className="export">
      <div className="inline">
        <button type="button" disabled={save.isPending} onClick={() => start("xlsx")}>
          {t("export.xlsx")}
        </button>
        <button type="button" disabled={save.isPending} onClick={() => start("csv")}>
          {t("export.csv")}
        </button>
        {checkbox}
      </div>
      {dialog}
      {saved && <p role="status">{t("import.savedTo", { path: saved })}</p>}
      {save.isError && <ErrorNotice error={save.error} />}
    </div>
  );
}
