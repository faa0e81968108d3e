import { useState } from "react";
import { api } from "../api";
import type { ImportKind } from "../bindings/ImportKind";
import { useI18n } from "../i18n";
import { ErrorNotice } from "./ErrorNotice";

// Export to the Downloads folder; contacts stay masked unless she asks.
export function ExportButtons({ kind }: { kind: ImportKind }) {
  const { t } = useI18n();
  const [reveal, setReveal] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (format: "csv" | "xlsx") => {
    setError(null);
    try {
      setSaved(await api.exportTable(kind, format, reveal));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="export">
      <div className="inline">
        <button type="button" onClick={() => void run("xlsx")}>
          {t("export.xlsx")}
        </button>
        <button type="button" onClick={() => void run("csv")}>
          {t("export.csv")}
        </button>
        <label className="inline">
          <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
          {t("export.reveal")}
        </label>
      </div>
      {saved && <p role="status">{t("import.savedTo", { path: saved })}</p>}
      {error !== null && <ErrorNotice error={error} />}
    </div>
  );
}
