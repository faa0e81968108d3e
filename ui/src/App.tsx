import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { api } from "./api";
import { ErrorNotice } from "./components/ErrorNotice";
import { useI18n, type MessageKey } from "./i18n";
import { Loading } from "./components/Loading";
import { OverviewPage } from "./features/overview/OverviewPage";
import { useAppInfo, useStoreHealth } from "./features/settings/queries";
import { useSyncStatus } from "./features/sync/useSyncStatus";

// 总览 is what a start shows, so a start parses only its code; every other
// page's code is fetched a few seconds later (or when first opened, if that
// is sooner), so a first visit does not wait for its code either.
const pageCode = {
  groups: () => import("./features/groups/GroupsPage"),
  team: () => import("./features/team/TeamPage"),
  posting: () => import("./features/posting/PostingPage"),
  training: () => import("./features/training/TrainingPage"),
  earnings: () => import("./features/earnings/EarningsPage"),
  payouts: () => import("./features/payouts/PayoutsPage"),
  sync: () => import("./features/sync/SyncPage"),
  settings: () => import("./features/settings/SettingsPage"),
};
const PAGE_CODE_AFTER_MS = 3000;
const GroupsPage = lazy(() => pageCode.groups().then((m) => ({ default: m.GroupsPage })));
const TeamPage = lazy(() => pageCode.team().then((m) => ({ default: m.TeamPage })));
const PostingPage = lazy(() => pageCode.posting().then((m) => ({ default: m.PostingPage })));
const TrainingPage = lazy(() => pageCode.training().then((m) => ({ default: m.TrainingPage })));
const EarningsPage = lazy(() => pageCode.earnings().then((m) => ({ default: m.EarningsPage })));
const PayoutsPage = lazy(() => pageCode.payouts().then((m) => ({ default: m.PayoutsPage })));
const SyncPage = lazy(() => pageCode.sync().then((m) => ({ default: m.SyncPage })));
const SettingsPage = lazy(() => pageCode.settings().then((m) => ({ default: m.SettingsPage })));

export type PageId =
  "overview" | "posting" | "groups" | "team" | "materials" | "earnings" | "payouts" | "sync" | "settings";
const PAGES: PageId[] = [
  "overview",
  "posting",
  "groups",
  "team",
  "materials",
  "earnings",
  "payouts",
  "sync",
  "settings",
];

export function App() {
  const { t, tm, lang, setLang } = useI18n();
  const [page, setPage] = useState<PageId>("overview");
  const info = useAppInfo();
  const health = useStoreHealth();
  const syncStatus = useSyncStatus();
  const syncing = syncStatus?.live.running ?? false;
  const title = `${t(`nav.${page}` as MessageKey)} · ${t("app.title")}`;
  // Only the content scrolls; a new page starts at its top.
  const content = useRef<HTMLElement>(null);
  useEffect(() => content.current?.scrollTo?.(0, 0), [page]);
  useEffect(() => {
    // A failure here is left to the page itself to show when she opens it.
    const timer = setTimeout(
      () => Object.values(pageCode).forEach((load) => void load().catch(() => {})),
      PAGE_CODE_AFTER_MS,
    );
    return () => clearTimeout(timer);
  }, []);
  useEffect(() => {
    document.title = title;
    api.setWindowTitle(title).catch(() => {});
  }, [title]);

  return (
    <div className="shell">
      <header className="topbar">
        <h1>{t("app.title")}</h1>
        {info.data && (
          <span className={`store-badge store-${info.data.store}`} data-testid="store-badge">
            {t(`store.${info.data.store}`)}
          </span>
        )}
        <button
          type="button"
          className="link"
          aria-label={t("lang.switchLabel")}
          onClick={() => setLang(lang === "en" ? "zh-CN" : "en")}
        >
          {t("lang.switch")}
        </button>
      </header>
      {info.data?.demo && (
        <div className="notice notice-demo" role="status" data-testid="demo-banner">
          <span>{t("demo.banner", { gateway: info.data.gateway })}</span>
          <button type="button" onClick={() => setPage("settings")} data-testid="connect-from-banner">
            {t("demo.connect")}
          </button>
        </div>
      )}
      {info.data?.secrets_warning && (
        <div className="notice" role="status">
          {t("secrets.warning", { message: tm(info.data.secrets_warning) })}
        </div>
      )}
      {info.data?.restore_notice && (
        <div className="notice" role="status" data-testid="restore-notice">
          {tm(info.data.restore_notice)}
        </div>
      )}
      {health.data && (
        <div className="notice notice-error" role="alert" data-testid="health-notice">
          <span>{tm(health.data)}</span>
          <button type="button" onClick={() => setPage("settings")}>
            {t("health.toBackups")}
          </button>
        </div>
      )}
      {info.isError && <ErrorNotice error={info.error} />}
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
        <main className="content" ref={content}>
          <Suspense fallback={<Loading />}>
            {page === "overview" && (
              <OverviewPage
                onGoSync={() => setPage("sync")}
                onGoPosting={() => setPage("posting")}
                onGoPayouts={() => setPage("payouts")}
              />
            )}
            {page === "posting" && <PostingPage />}
            {page === "groups" && <GroupsPage />}
            {page === "team" && <TeamPage onGoPayouts={() => setPage("payouts")} />}
            {page === "materials" && <TrainingPage />}
            {page === "earnings" && <EarningsPage />}
            {page === "payouts" && <PayoutsPage />}
            {page === "sync" && <SyncPage status={syncStatus} onGoSettings={() => setPage("settings")} />}
            {page === "settings" && <SettingsPage onConnected={() => setPage("sync")} />}
          </Suspense>
        </main>
      </div>
    </div>
  );
}
