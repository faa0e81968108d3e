import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { RevealConfirm } from "./RevealConfirm";

// 设置 → 导出全部数据: every table in one ZIP in Downloads.
export function ExportEverything() {
  const { t } = useI18n();
  const [reveal, setReveal] = useState(false);
  const [asking, setAsking] = useState(false);
  const save = useMutation({ mutationFn: (full: boolean) => api.exportEverything(full) });
  return (
    <section className="editor" aria-labelledby="export-all-title" data-testid="export-all">
      <h3 id="export-all-title">{t("export.allTitle")}</h3>
      <p className="muted">{t("export.allRule")}</p>
      <div className="inline">
        <button type="button" disabled={save.isPending} onClick={() => (reveal ? setAsking(true) : save.mutate(false))}>
          {save.isPending ? t("export.allRunning") : t("export.all")}
        </button>
        <label className="inline">
          <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
          {t("export.reveal")}
        </label>
      </div>
      {asking && (
        <RevealConfirm
          onYes={() => {
            save.mutate(true);
            setAsking(false);
          }}
          onNo={() => setAsking(false)}
        />
      )}
      {save.data && <p role="status">{t("export.allSaved", { path: save.data })}</p>}
      {save.isError && <ErrorNotice error={save.error} />}
    </section>
  );
}
