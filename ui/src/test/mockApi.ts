import { vi } from "vitest";
import type { AppInfo } from "../bindings/AppInfo";
import type { Dashboard } from "../bindings/Dashboard";
import type { Settings } from "../bindings/Settings";
import type { SyncStatus } from "../bindings/SyncStatus";
import type { TodayTasks } from "../bindings/TodayTasks";

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

export const nothingToday: TodayTasks = {
  onboarding: [],
  onboarding_total: 0,
  contact: [],
  contact_total: 0,
  dormant_groups: [],
  unchecked_posts: [],
  unchecked_total: 0,
  falling_groups: [],
  care_days: 7,
  dormant_days: 7,
};

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
    dashboard: vi.fn().mockResolvedValue(dashboard),
    trendChart: vi.fn().mockResolvedValue("<svg><text>预估佣金</text></svg>"),
    dailyEarnings: vi.fn().mockResolvedValue([]),
    listGroups: vi.fn().mockResolvedValue({ items: [], total: 0, offset: 0 }),
    listPartners: vi.fn().mockResolvedValue({ items: [], total: 0, offset: 0 }),
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
    packPreview: vi.fn(),
    packImport: vi.fn(),
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
    partnerChildren: vi.fn().mockResolvedValue({ items: [], total: 0, offset: 0 }),
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
