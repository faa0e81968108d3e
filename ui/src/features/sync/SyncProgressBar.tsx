import type { SyncProgress } from "../../bindings/SyncProgress";
import { formatCount } from "../../format";
import { useI18n } from "../../i18n";

// How far a running sync has come: a bar over its time windows, then which
// platform and what it is doing, and the rows so far (a round runs each
// connected platform in turn).
export function SyncProgressBar({ progress, testId }: { progress: SyncProgress; testId: string }) {
  const { t } = useI18n();
  const percent =
    progress.windows_planned > 0 ? Math.round((100 * progress.windows_done) / progress.windows_planned) : 0;
  return (
    <div className="progress-block" data-testid={testId}>
      <progress max={100} value={percent} aria-label={t("sync.running")} />
      <span>
        <strong>
          {t(`platform.${progress.platform}`)} · {t(`sync.phase.${progress.phase}`)}
        </strong>{" "}
        {t("sync.progress", {
          done: progress.windows_done,
          planned: progress.windows_planned,
          rows: formatCount(progress.rows_fetched),
          written: formatCount(progress.rows_written),
        })}
      </span>
    </div>
  );
}
