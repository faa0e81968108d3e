import type { LiveSync } from "../../bindings/LiveSync";
import { useI18n } from "../../i18n";
import { SyncProgressBar } from "./SyncProgressBar";

// Said where a page has no data yet while a sync is running: what is
// happening and how far, in place of advice to start one. Only a run that
// found no sync position (a backfill) is her first; a run still connecting
// or catching up is named plainly.
export function SyncUnderWay({ live }: { live: LiveSync }) {
  const { t } = useI18n();
  return (
    <div className="empty" role="status" data-testid="sync-under-way">
      <p>
        <strong>{live.progress.phase === "backfill" ? t("sync.firstRunning") : t("sync.running")}</strong>{" "}
        {t("sync.fillsIn")}
      </p>
      <SyncProgressBar progress={live.progress} testId="sync-under-way-progress" />
    </div>
  );
}
