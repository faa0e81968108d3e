import { useState } from "react";
import type { SyncRunInfo } from "../../bindings/SyncRunInfo";
import type { SyncStatus } from "../../bindings/SyncStatus";
import { DataTable } from "../../components/DataTable";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";
import { PLATFORMS } from "../../platforms";
import { RejectedRowsNotice } from "./RejectedRowsNotice";
import { SyncProgressBar } from "./SyncProgressBar";
import { useSyncNow } from "./queries";

export function SyncPage({ status, onGoSettings }: { status: SyncStatus | undefined; onGoSettings: () => void }) {
  const { t, tm } = useI18n();
  const [busyNote, setBusyNote] = useState(false);
  const start = useSyncNow((started) => setBusyNote(!started));

  if (!status) return <Loading />;
  const { live, runs, rejected } = status;
  // Each platform syncs on its own: what she needs is each one's last word.
  const lastByPlatform = PLATFORMS.flatMap((p) =>
    runs.filter((r) => r.platform === p && r.status !== "running").slice(0, 1),
  );
  const paused = PLATFORMS.filter((p) => runs.find((r) => r.platform === p)?.failure === "credentials");
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
      {!live.running && paused.length > 0 && (
        <div className="notice notice-error" role="alert">
          <strong>{paused.map((p) => t(`platform.${p}`)).join("、")}</strong>
          <span>{t("sync.paused")}</span>
          <button type="button" onClick={onGoSettings}>
            {t("sync.goSettings")}
          </button>
        </div>
      )}
      {lastByPlatform
        .filter((run) => run.warning)
        .map((run) => (
          <div className="notice" role="status" key={`warning-${run.platform}`}>
            <strong>
              {t(`platform.${run.platform}`)} · {t("sync.warning")}
            </strong>
            <span>{run.warning && tm(run.warning)}</span>
          </div>
        ))}
      <RejectedRowsNotice rejected={rejected} />
      {lastByPlatform.length === 0 && !live.running && <p className="empty">{t("sync.never")}</p>}
      {lastByPlatform.length > 0 && (
        <div data-testid="sync-last">
          {lastByPlatform.map((run) => (
            <dl className="facts" key={run.platform} aria-label={t(`platform.${run.platform}`)}>
              <dt>{t("sync.platform")}</dt>
              <dd>{t(`platform.${run.platform}`)}</dd>
              <dt>{t("sync.last")}</dt>
              <dd>{run.finished_at ?? run.started_at}</dd>
              <dt>{t("sync.outcome")}</dt>
              <dd className={`status-${run.status}`}>{t(`sync.status.${run.status}`)}</dd>
              <dt>{t("sync.rowsFetched")}</dt>
              <dd>{formatCount(run.rows_fetched)}</dd>
              <dt>{t("sync.rowsWritten")}</dt>
              <dd>{formatCount(run.rows_written)}</dd>
            </dl>
          ))}
        </div>
      )}
      {lastFailed && (
        <div className="notice notice-error" role="status" data-testid="sync-last-error">
          <strong>
            {t(`platform.${lastFailed.platform}`)} · {t("sync.lastError")}
          </strong>
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
