import { useState } from "react";
import type { SyncRunInfo } from "../../bindings/SyncRunInfo";
import type { SyncStatus } from "../../bindings/SyncStatus";
import { DataTable } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { RejectedRowsNotice } from "./RejectedRowsNotice";
import { SyncProgressBar } from "./SyncProgressBar";
import { useSyncNow } from "./queries";

export function SyncPage({ status, onGoSettings }: { status: SyncStatus | undefined; onGoSettings: () => void }) {
  const { t, tm } = useI18n();
  const [busyNote, setBusyNote] = useState(false);
  const start = useSyncNow((started) => setBusyNote(!started));

  if (!status) return <Loading />;
  const { live, runs, rejected } = status;
  const last = runs.find((r) => r.status !== "running");
  const newest = runs[0];
  const lastFailed = runs.find((r) => r.status === "failed");

  return (
    <section aria-labelledby="sync-title">
      <h2 id="sync-title">{t("sync.title")}</h2>
      <button
        type="button"
        className="primary"
        onClick={() => start.mutate()}
        disabled={live.running || start.isPending}
        data-testid="sync-now"
      >
        {live.running ? t("sync.running") : t("sync.now")}
      </button>
      {busyNote && <p className="muted">{t("sync.alreadyRunning")}</p>}
      {start.isError && <ErrorNotice error={start.error} />}
      {live.running && <SyncProgressBar progress={live.progress} testId="sync-progress" />}
      {!live.running && newest?.failure === "offline" && (
        <div className="notice" role="status" data-testid="sync-offline">
          {t("sync.offline")}
        </div>
      )}
      {!live.running && newest?.failure === "credentials" && (
        <div className="notice notice-error" role="alert">
          <span>{t("sync.paused")}</span>
          <button type="button" onClick={onGoSettings}>
            {t("sync.goSettings")}
          </button>
        </div>
      )}
      {last?.warning && (
        <div className="notice" role="status">
          <strong>{t("sync.warning")}</strong>
          <span>{tm(last.warning)}</span>
        </div>
      )}
      <RejectedRowsNotice rejected={rejected} />
      {!last && !live.running && <p className="empty">{t("sync.never")}</p>}
      {last && (
        <dl className="facts" data-testid="sync-last">
          <dt>{t("sync.last")}</dt>
          <dd>{last.finished_at ?? last.started_at}</dd>
          <dt>{t("sync.outcome")}</dt>
          <dd className={`status-${last.status}`}>{t(`sync.status.${last.status}`)}</dd>
          <dt>{t("sync.rowsFetched")}</dt>
          <dd>{formatCount(last.rows_fetched)}</dd>
          <dt>{t("sync.rowsWritten")}</dt>
          <dd>{formatCount(last.rows_written)}</dd>
        </dl>
      )}
      {lastFailed && (
        <div className="notice notice-error" role="status" data-testid="sync-last-error">
          <strong>{t("sync.lastError")}</strong>
          <span>{t(`sync.failure.${lastFailed.failure ?? "transient"}`)}</span>
          {lastFailed.error && <span className="muted">{lastFailed.error}</span>}
        </div>
      )}
      {runs.length > 0 && (
        <>
          <h3>{t("sync.history")}</h3>
          <DataTable
            rows={runs}
            rowKey={(r) => r.id}
            columns={[
              { id: "started", label: "sync.started", cell: (r: SyncRunInfo) => r.started_at },
              { id: "platform", label: "sync.platform", cell: (r) => t(`platform.${r.platform}`) },
              {
                id: "outcome",
                label: "sync.outcome",
                cell: (r) => t(`sync.status.${r.status}`),
                cellProps: (r) => ({ className: `status-${r.status}` }),
              },
              { id: "fetched", label: "sync.rowsFetched", numeric: true, cell: (r) => formatCount(r.rows_fetched) },
              { id: "written", label: "sync.rowsWritten", numeric: true, cell: (r) => formatCount(r.rows_written) },
            ]}
          />
        </>
      )}
    </section>
  );
}
