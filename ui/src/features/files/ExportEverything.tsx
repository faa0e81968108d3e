import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { useRevealedExport } from "./RevealConfirm";
import { useExportEverything } from "./queries";

// 设置 → 导出全部数据: every table in one ZIP in Downloads.
export function ExportEverything() {
  const { t } = useI18n();
  const save = useExportEverything();
  const { start, checkbox, dialog } = useRevealedExport((_: "all", reveal) => save.mutate(reveal));
  return (
    <section className="editor" aria-labelledby="export-all-title" data-testid="export-all">
      <h3 id="export-all-title">{t("export.allTitle")}</h3>
      <p className="muted">{t("export.allRule")}</p>
      <div className="inline">
        <button type="button" disabled={save.isPending} onClick={() => start("all")}>
          {save.isPending ? t("export.allRunning") : t("export.all")}
        </button>
        {checkbox}
      </div>
      {dialog}
      {save.data && <p role="status">{t("export.allSaved", { path: save.data })}</p>}
      {save.isError && <ErrorNotice error={save.error} />}
    </section>
  );
}
