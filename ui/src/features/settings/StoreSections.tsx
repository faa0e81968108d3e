import { useState } from "react";
import type { BackupInfo } from "../../bindings/BackupInfo";
import { DataTable } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { useBackupNow, useBackups, useOpenDataFolder, useOpenStore, useRestoreBackup } from "./queries";

// Which store is open (hers or the demo), and where its folder is.
export function StoreSection({
  store,
  connected,
  dataDir,
}: {
  store: "mine" | "demo";
  connected: boolean;
  dataDir: string;
}) {
  const { t } = useI18n();
  const open = useOpenStore();
  const folder = useOpenDataFolder();
  const other = store === "demo" ? "mine" : "demo";
  return (
    <section className="editor" aria-labelledby="store-title">
      <h3 id="store-title">{t("store.title")}</h3>
      <p data-testid="store-open">
        {t("store.open", { store: t(`store.${store}`) })}{" "}
        {(other === "demo" || connected) && (
          <button type="button" onClick={() => open.mutate(other)} disabled={open.isPending} data-testid="switch-store">
            {t("store.switchTo", { store: t(`store.${other}`) })}
          </button>
        )}
      </p>
      {other === "mine" && !connected && <p className="muted">{t("store.connectFirst")}</p>}
      <p className="muted">
        {t("store.folder", { path: dataDir })}{" "}
        <button type="button" onClick={() => folder.mutate()} disabled={folder.isPending}>
          {t("store.openFolder")}
        </button>
      </p>
      {(open.isError || folder.isError) && <ErrorNotice error={open.error ?? folder.error} />}
    </section>
  );
}

// Copies of the open store: taken daily while the app runs; a restore
// asks first, then the app reopens with the copy in place.
export function BackupSection() {
  const { t } = useI18n();
  const list = useBackups();
  const now = useBackupNow();
  const [confirming, setConfirming] = useState<string | null>(null);
  const restore = useRestoreBackup();
  const chosen = list.data?.find((b) => b.id === confirming);
  return (
    <section className="editor" aria-labelledby="backups-title" data-testid="backups">
      <h3 id="backups-title">{t("backup.title")}</h3>
      <p className="muted">{t("backup.rule")}</p>
      <button type="button" onClick={() => now.mutate()} disabled={now.isPending} data-testid="backup-now">
        {now.isPending ? t("backup.taking") : t("backup.now")}
      </button>
      {list.data?.length === 0 && <p className="empty">{t("backup.none")}</p>}
      {list.data && list.data.length > 0 && (
        <DataTable
          rows={list.data}
          rowKey={(b) => b.id}
          columns={[
            { id: "takenAt", label: "backup.takenAt", cell: (b: BackupInfo) => b.taken_at },
            { id: "reason", label: "backup.reasonTitle", cell: (b) => t(`backup.reason.${b.reason}`) },
            { id: "partners", label: "team.title", numeric: true, cell: (b) => b.partners.toLocaleString("en-US") },
            { id: "groups", label: "groups.title", numeric: true, cell: (b) => b.groups.toLocaleString("en-US") },
            { id: "rows", label: "backup.orderRows", numeric: true, cell: (b) => b.order_rows.toLocaleString("en-US") },
            {
              id: "restore",
              label: "groups.actions",
              hideLabel: true,
              cell: (b) => (
                <button type="button" onClick={() => setConfirming(b.id)}>
                  {t("backup.restore")}
                </button>
              ),
            },
          ]}
        />
      )}
      {chosen && (
        <div className="notice" role="alertdialog" aria-label={t("backup.confirmTitle")}>
          <p>
            {t("backup.confirm", {
              taken: chosen.taken_at,
              partners: chosen.partners,
              groups: chosen.groups,
              rows: chosen.order_rows,
            })}
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => restore.mutate(chosen.id)}
            disabled={restore.isPending}
          >
            {t("backup.restoreConfirm")}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            {t("groupForm.close")}
          </button>
        </div>
      )}
      {(list.isError || now.isError || restore.isError) && (
        <ErrorNotice error={list.error ?? now.error ?? restore.error} />
      )}
    </section>
  );
}
