import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import type { ImportKind } from "../../bindings/ImportKind";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";

// Export to the Downloads folder; contacts stay masked unless she asks.
export function ExportButtons({ kind }: { kind: ImportKind }) {
  const { t } = useI18n();
  const [reveal, setReveal] = useState(false);
  const save = useMutation({ mutationFn: (format: "csv" | "xlsx") => api.exportTable(kind, format, reveal) });
  const run = (format: "csv" | "xlsx") => save.mutate(format);
  const saved = save.data ?? null;

  return (
    <div className="export">
      <div className="inline">
        <button type="button" disabled={save.isPending} onClick={() => run("xlsx")}>
          {t("export.xlsx")}
        </button>
        <button type="button" disabled={save.isPending} onClick={() => run("csv")}>
          {t("export.csv")}
        </button>
        <label className="inline">
          <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
          {t("export.reveal")}
        </label>
      </div>
      {saved && <p role="status">{t("import.savedTo", { path: saved })}</p>}
      {save.isError && <ErrorNotice error={save.error} />}
    </div>
  );
}
