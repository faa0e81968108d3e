import type { ReactNode } from "react";
import type { StartProblem } from "../../bindings/StartProblem";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { useI18n } from "../../i18n";
import { useOpenFolder, useRestartApp, useRestoreAfterFailure, useStartProblem } from "./queries";

// The app itself when her data opened; otherwise a screen that says why,
// offers the newest good copy, and can retry. Never a blank window.
export function StartGate({ children }: { children: ReactNode }) {
  const problem = useStartProblem();
  // Her data opens while the page loads; this answers once it has.
  if (problem.isPending) return <Loading />;
  if (problem.data) return <StartScreen problem={problem.data} />;
  return <>{children}</>;
}

function StartScreen({ problem }: { problem: StartProblem }) {
  const { t, tm } = useI18n();
  const restore = useRestoreAfterFailure();
  const retry = useRestartApp();
  const folder = useOpenFolder();
  const backup = problem.backup;
  const failed = restore.error ?? retry.error ?? folder.error;
  return (
    <main className="start-screen" aria-labelledby="start-title">
      <h1 id="start-title">{t("app.title")}</h1>
      <div className="notice" role="alert">
        <p>{t("start.title")}</p>
        <p data-testid="start-reason">{tm(problem.message)}</p>
      </div>
      {backup && (
        <section className="editor" aria-labelledby="start-backup-title">
          <h2 id="start-backup-title">{t("start.backupTitle")}</h2>
          <p>
            {t("start.backupOffer", {
              taken: backup.taken_at,
              partners: backup.partners,
              groups: backup.groups,
              rows: backup.order_rows,
            })}
          </p>
          <button
            type="button"
            className="primary"
            onClick={() => restore.mutate(backup.id)}
            disabled={restore.isPending}
          >
            {t("start.restore")}
          </button>
          <p className="muted">{t("start.restoreKeeps")}</p>
        </section>
      )}
      <p className="inline">
        <button type="button" onClick={() => retry.mutate()} disabled={retry.isPending}>
          {t("start.retry")}
        </button>
        <button type="button" onClick={() => folder.mutate()} disabled={folder.isPending}>
          {t("store.openFolder")}
        </button>
      </p>
      <p className="muted">{t("store.folder", { path: problem.data_dir })}</p>
      {failed && <ErrorNotice error={failed} />}
    </main>
  );
}
