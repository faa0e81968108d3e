import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import type { ImportKind } from "../../bindings/ImportKind";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../components/ErrorNotice";
import { RevealConfirm } from "./RevealConfirm";

type Format = "csv" | "xlsx";

// Export to the Downloads folder; contacts stay masked unless she asks, and
// a revealed export is confirmed first.
export function ExportButtons({ kind }: { kind: ImportKind }) {
  const { t } = useI18n();
  const [reveal, setReveal] = useState(false);
  const [asking, setAsking] = useState<Format | null>(null);
  const save = useMutation({ mutationFn: (format: Format) => api.exportTable(kind, format, reveal) });
  const run = (format: Format) => (reveal ? setAsking(format) : save.mutate(format));
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
      {asking && (
        <RevealConfirm
          onYes={() => {
            save.mutate(asking);
            setAsking(null);
          }}
          onNo={() => setAsking(null)}
        />
      )}
      {saved && <p role="status">{t("import.savedTo", { path: saved })}</p>}
      {save.isError && <ErrorNotice error={save.error} />}
    </div>
  );
}
