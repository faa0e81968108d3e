import { vi } from "vitest";
import type { AppInfo } from "../bindings/AppInfo";
import type { Dashboard } from "../bindings/Dashboard";
import type { Headline } from "../bindings/Headline";
import type { Settings } from "../bindings/Settings";
import type { SyncStatus } from "../bindings/SyncStatus";
import type { TodayTasks } from "../bindings/TodayTasks";
import type { Queue } from "../bindings/Queue";

export const dashboard: Dashboard = {
  today: "2026-11-23",
  month_estimate_fen: 1234567,
  month_settled_fen: 98700,
  month_orders: 3210,
  top_groups: [
    { group_id: 1, name: "宝妈好物1群", estimate_fen: 456700, orders: 900 },
    { group_id: 2, name: "<img src=x onerror=alert(1)>", estimate_fen: 100, orders: 1 },
  ],
};

const zero = { estimate_fen: 0, settled_fen: 0, orders: 0 };

export const headline: Headline = {
  today: "2026-11-23",
  spans: [
    {
      kind: "today",
      from: "2026-11-23",
      to: "2026-11-23",
      totals: { estimate_fen: 12345, settled_fen: 0, orders: 40 },
      comparison: "day_before_same_hour",
      before_from: "2026-11-22",
      before_to: "2026-11-22",
      before: { estimate_fen: 10000, settled_fen: 0, orders: 35 },
      before_until_hour: 9,
      estimate_change_pct: 23.46,
    },
    {
      kind: "yesterday",
      from: "2026-11-22",
      to: "2026-11-22",
      totals: { estimate_fen: 10000, settled_fen: 0, orders: 35 },
      comparison: "day_before",
      before_from: "2026-11-21",
      before_to: "2026-11-21",
      before: zero,
      before_until_hour: null,
      estimate_change_pct: null,
    },
    {
      kind: "this_month",
      from: "2026-11-01",
      to: "2026-11-23",
      totals: { estimate_fen: 1111100, settled_fen: 22200, orders: 999 },
      comparison: "same_days_last_month",
      before_from: "2026-10-01",
      before_to: "2026-10-23",
      before: { estimate_fen: 1300000, settled_fen: 90000, orders: 3300 },
      before_until_hour: 9,
      estimate_change_pct: -5.03,
    },
    {
      kind: "last_month",
      from: "2026-10-01",
      to: "2026-10-31",
      totals: { estimate_fen: 1500000, settled_fen: 90000, orders: 4000 },
      comparison: "month_before",
      before_from: "2026-09-01",
      before_to: "2026-09-30",
      before: zero,
      before_until_hour: null,
      estimate_change_pct: null,
    },
  ],
  next_settlement: { day: "2026-12-20", expected_fen: 456700 },
};

export const idleStatus: SyncStatus = {
  live: {
    running: false,
    progress: {
      phase: "connecting",
      windows_done: 0,
      windows_planned: 0,
      pages: 0,
      rows_fetched: 0,
      rows_written: 0,
      rows_rejected: 0,
    },
  },
  runs: [],
  rejected: { total: 0, reasons: [] },
};

// The demo's first sync a quarter of the way through its windows.
export const firstSyncStatus: SyncStatus = {
  ...idleStatus,
  live: {
    running: true,
    progress: { ...idleStatus.live.progress, phase: "backfill", windows_done: 540, windows_planned: 2160 },
  },
};

export const nothingToday: TodayTasks = {
  onboarding: [],
  onboarding_total: 0,
  contact: [],
  contact_total: 0,
  dormant_groups: [],
  falling_groups: [],
  care_days: 7,
  dormant_days: 7,
};

export const emptyQueue: Queue = { day: "2026-11-23", posts: [], next: null, due_now: 0 };

export const demoInfo: AppInfo = {
  store: "demo",
  demo: true,
  connected: false,
  gateway: "http://127.0.0.1:5000/routerjson",
  app_key: null,
  data_dir: "/tmp",
  secrets_warning: null,
  restore_notice: null,
};

export const defaultSettings: Settings = {
  sync_interval_minutes: 15,
  care_days: 7,
  dormant_days: 7,
  desktop_notifications: true,
};

export function mockApi() {
  return {
    testConnection: vi.fn(),
    connectAccount: vi.fn(),
    openStore: vi.fn(),
    listBackups: vi.fn().mockResolvedValue([]),
    backupNow: vi.fn(),
    restoreBackup: vi.fn(),
    appInfo: vi.fn().mockResolvedValue(demoInfo),
    storeHealth: vi.fn().mockResolvedValue(null),
    dashboard: vi.fn().mockResolvedValue(dashboard),
    earningsHeadline: vi.fn().mockResolvedValue(headline),
    earningsReport: vi.fn(),
    reportLines: vi.fn().mockResolvedValue({ items: [], total: 0, offset: 0 }),
    reportTotalLines: vi.fn().mockResolvedValue({ items: [], total: 0, offset: 0 }),
    exportReport: vi.fn(),
    earningsChart: vi.fn().mockResolvedValue("<svg></svg>"),
    earningsChartPng: vi.fn(),
    exportChart: vi.fn(),
    exportShareCard: vi.fn(),
    settlementCalendar: vi.fn(),
    riskRadar: vi.fn(),
    riskFlags: vi.fn().mockResolvedValue({ new_rows: 0, jumps: [] }),
    markRiskSeen: vi.fn(),
    settlementLines: vi.fn().mockResolvedValue({ items: [], total: 0, offset: 0 }),
    trendChart: vi.fn().mockResolvedValue("<svg><text>预估佣金</text></svg>"),
    listGroups: vi.fn().mockResolvedValue({ items: [], total: 0, offset: 0 }),
    listPartners: vi
      .fn()
      .mockResolvedValue({ items: [], total: 0, more_before: false, more_after: false, restarted: false }),
    listMaterials: vi.fn().mockResolvedValue({ items: [], total: 0, offset: 0 }),
    searchMaterials: vi.fn().mockResolvedValue({ hits: [], more: false }),
    createMaterial: vi.fn(),
    updateMaterial: vi.fn(),
    duplicateMaterial: vi.fn(),
    setMaterialArchived: vi.fn(),
    recordMaterialUse: vi.fn(),
    fillMaterial: vi.fn(),
    saveMaterialPictures: vi.fn(),
    exportPoster: vi.fn(),
    picture: vi.fn().mockResolvedValue(new ArrayBuffer(8)),
    addPicture: vi.fn(),
    materialVersions: vi.fn().mockResolvedValue([]),
    bringBackVersion: vi.fn(),
    materialFolders: vi.fn().mockResolvedValue([]),
    createFolder: vi.fn(),
    renameFolder: vi.fn(),
    moveFolder: vi.fn(),
    materialTags: vi.fn().mockResolvedValue([]),
    exportPack: vi.fn(),
    exportCoursePack: vi.fn(),
    packPreview: vi.fn(),
    packImport: vi.fn(),
    listCourses: vi.fn().mockResolvedValue([]),
    createCourse: vi.fn(),
    updateCourse: vi.fn(),
    setCourseArchived: vi.fn(),
    assignCourse: vi.fn(),
    unassignCourse: vi.fn(),
    courseBoard: vi.fn().mockResolvedValue([]),
    courseProgress: vi.fn(),
    partnerCourses: vi.fn().mockResolvedValue([]),
    markLesson: vi.fn(),
    getMaterial: vi.fn(),
    postQueue: vi.fn().mockResolvedValue(emptyQueue),
    listPlans: vi.fn().mockResolvedValue([]),
    createPlan: vi.fn(),
    updatePlan: vi.fn(),
    setPlanArchived: vi.fn(),
    addStarterPlans: vi.fn().mockResolvedValue([]),
    logPost: vi.fn(),
    undoPost: vi.fn(),
    changePost: vi.fn(),
    postLog: vi.fn().mockResolvedValue([]),
    materialRecord: vi.fn(),
    groupHours: vi.fn().mockResolvedValue([]),
    postingSettings: vi.fn().mockResolvedValue({ cap_per_group: 4, result_hours: 3 }),
    savePostingSettings: vi.fn(),
    syncStatus: vi.fn().mockResolvedValue(idleStatus),
    syncNow: vi.fn().mockResolvedValue(true),
    groupDetail: vi.fn(),
    createGroup: vi.fn(),
    updateGroup: vi.fn(),
    archiveGroup: vi.fn().mockResolvedValue(null),
    recordGroupMembers: vi.fn(),
    positionChoices: vi.fn().mockResolvedValue([]),
    groupTemperature: vi.fn().mockResolvedValue({ today: [], score: 0, last_days: [0, 0, 0, 0, 0, 0, 0] }),
    setGroupCheck: vi.fn(),
    groupStats: vi.fn().mockResolvedValue([]),
    sizeChart: vi.fn().mockResolvedValue("<svg></svg>"),
    createPosition: vi.fn(),
    importPreview: vi.fn(),
    importCommit: vi.fn(),
    onImportProgress: vi.fn().mockResolvedValue(() => {}),
    onSyncLive: vi.fn().mockResolvedValue(() => {}),
    setWindowTitle: vi.fn().mockResolvedValue(undefined),
    saveImportTemplate: vi.fn(),
    exportTable: vi.fn(),
    exportEverything: vi.fn(),
    openDataFolder: vi.fn().mockResolvedValue(null),
    startProblem: vi.fn().mockResolvedValue(null),
    restoreAfterFailure: vi.fn().mockResolvedValue(null),
    restartApp: vi.fn().mockResolvedValue(null),
    partnerChildren: vi
      .fn()
      .mockResolvedValue({ items: [], total: 0, more_before: false, more_after: false, restarted: false }),
    partnerDetail: vi.fn(),
    movePartner: vi.fn().mockResolvedValue(null),
    createPartner: vi.fn(),
    updatePartner: vi.fn().mockResolvedValue(null),
    todayTasks: vi.fn().mockResolvedValue(nothingToday),
    recordCare: vi.fn(),
    careHistory: vi.fn().mockResolvedValue({ items: [], total: 0, offset: 0 }),
    onboardingPlan: vi.fn().mockResolvedValue([]),
    setOnboardingStep: vi.fn().mockResolvedValue([]),
    careRules: vi.fn().mockResolvedValue([]),
    createCareRule: vi.fn(),
    setCareRuleActive: vi.fn().mockResolvedValue(null),
    setMentor: vi.fn().mockResolvedValue(null),
    settings: vi.fn().mockResolvedValue(defaultSettings),
    saveSettings: vi.fn().mockImplementation(async (settings: Settings) => settings),
    monthMoney: vi.fn(),
    monthMoneyRows: vi.fn(),
    rowTimeline: vi.fn(),
  };
}
