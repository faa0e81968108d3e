import { useEffect, useRef, useState } from "react";
import { api } from "./api";
import type { SyncStatus } from "./bindings/SyncStatus";
import { ErrorNotice } from "./components/ErrorNotice";
import { useI18n, type MessageKey } from "./i18n";
import { EarningsPage } from "./pages/EarningsPage";
import { GroupsPage } from "./pages/GroupsPage";
import { MaterialsPage } from "./pages/MaterialsPage";
import { OverviewPage } from "./pages/OverviewPage";
import { SyncPage } from "./pages/SyncPage";
import { TeamPage } from "./pages/TeamPage";
import { useLoad } from "./useLoad";

export type PageId = "overview" | "groups" | "team" | "materials" | "earnings" | "sync";
const PAGES: PageId[] = ["overview", "groups", "team", "materials", "earnings", "sync"];

// The runs are read when the window opens and whenever a run ends; the
// live progress in between is pushed by the shell (`sync-live` events).
function useSyncStatus(): [SyncStatus | null, number, () => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [landed, setLanded] = useState(0);
  const wasRunning = useRef(false);
  const [kick, setKick] = useState(0);
  useEffect(() => {
    let stopped = false;
    api.syncStatus().then(
      (next) => {
        if (stopped) return;
        setStatus(next);
        wasRunning.current = next.live.running;
      },
      () => {},
    );
    return () => {
      stopped = true;
    };
  }, [kick]);
  useEffect(() => {
    const stop = api.onSyncLive((live) => {
      setStatus((current) => (current ? { ...current, live } : current));
      if (wasRunning.current && !live.running) {
        setLanded((n) => n + 1);
        setKick((n) => n + 1);
      }
      wasRunning.current = live.running;
    });
    return () =>
      void stop.then(
        (unlisten) => unlisten(),
        () => {},
      );
  }, []);
  return [status, landed, () => setKick((n) => n + 1)];
}

export function App() {
  const { t, tm, lang, setLang } = useI18n();
  const [page, setPage] = useState<PageId>("overview");
  const [info] = useLoad(() => api.appInfo(), []);
  const [syncStatus, dataVersion, refreshSync] = useSyncStatus();
  const syncing = syncStatus?.live.running ?? false;
  const title = `${t(`nav.${page}` as MessageKey)} · ${t("app.title")}`;
  useEffect(() => {
    document.title = title;
    api.setWindowTitle(title).catch(() => {});
  }, [title]);

  return (
    <div className="shell">
      <header className="topbar">
        <h1>{t("app.title")}</h1>
        <button
          type="button"
          className="link"
          aria-label={t("lang.switchLabel")}
          onClick={() => setLang(lang === "en" ? "zh-CN" : "en")}
        >
          {t("lang.switch")}
        </button>
      </header>
      {info.state === "ready" && info.value.demo && (
        <div className="notice notice-demo" role="status" data-testid="demo-banner">
          {t("demo.banner", { gateway: info.value.gateway })}
        </div>
      )}
      {info.state === "ready" && info.value.secrets_warning && (
        <div className="notice" role="status">
          {t("secrets.warning", { message: tm(info.value.secrets_warning) })}
        </div>
      )}
      {info.state === "failed" && <ErrorNotice error={info.error} />}
      <div className="body">
        <nav className="sidenav" aria-label={t("nav.label")}>
          {PAGES.map((id) => (
            <button
              key={id}
              type="button"
              data-nav={id}
              aria-current={page === id ? "page" : undefined}
              onClick={() => setPage(id)}
            >
              {t(`nav.${id}` as MessageKey)}
              {id === "sync" && syncing && <span className="dot" aria-label={t("sync.running")} />}
            </button>
          ))}
        </nav>
        <main className="content">
          {page === "overview" && <OverviewPage version={dataVersion} onGoSync={() => setPage("sync")} />}
          {page === "groups" && <GroupsPage version={dataVersion} />}
          {page === "team" && <TeamPage version={dataVersion} />}
          {page === "materials" && <MaterialsPage />}
          {page === "earnings" && <EarningsPage version={dataVersion} />}
          {page === "sync" && <SyncPage status={syncStatus} onStarted={refreshSync} />}
        </main>
      </div>
    </div>
  );
}
