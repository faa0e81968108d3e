// Query keys, one tree per area. A mutation invalidates the areas it
// changed; a sync run landing invalidates every area it writes to.
import type { ImportKind } from "../bindings/ImportKind";
import type { MoneyKind } from "../bindings/MoneyKind";
import type { PartnerSort } from "../bindings/PartnerSort";
import type { Platform } from "../bindings/Platform";

export const keys = {
  app: ["app"] as const,
  start: ["start"] as const,
  settings: ["settings"] as const,
  backups: ["backups"] as const,
  sync: ["sync"] as const,
  // 收益's reads name the platform they are of (null: every platform), so a
  // switch of the filter reads afresh and each platform's figures cache apart.
  earnings: {
    all: ["earnings"] as const,
    dashboard: () => ["earnings", "dashboard"] as const,
    headline: () => ["earnings", "headline"] as const,
    report: (from: string, to: string, by: string, platform: Platform | null) =>
      ["earnings", "report", from, to, by, platform] as const,
    reportLines: (drill: object) => ["earnings", "reportLines", drill] as const,
    totalLines: (from: string, to: string, which: string, platform: Platform | null) =>
      ["earnings", "totalLines", from, to, which, platform] as const,
    chart: (kind: string, from: string, to: string, lang: string, platform: Platform | null) =>
      ["earnings", "chart", kind, from, to, lang, platform] as const,
    calendar: (platform: Platform | null) => ["earnings", "calendar", platform] as const,
    risk: (from: string, to: string, platform: Platform | null) => ["earnings", "risk", from, to, platform] as const,
    riskFlags: () => ["earnings", "riskFlags"] as const,
    settlementLines: (which: object, platform: Platform | null) =>
      ["earnings", "settlementLines", which, platform] as const,
    trend: (lang: string) => ["earnings", "trend", lang] as const,
    daily: () => ["earnings", "daily"] as const,
    month: (month: string, platform: Platform | null) => ["earnings", "month", month, platform] as const,
    monthRows: (month: string, kind: MoneyKind, platform: Platform | null) =>
      ["earnings", "month", month, kind, platform] as const,
    timeline: (rowId: number) => ["earnings", "timeline", rowId] as const,
  },
  groups: {
    all: ["groups"] as const,
    list: (archived: boolean) => ["groups", "list", archived] as const,
    detail: (id: number) => ["groups", "detail", id] as const,
    temperature: (id: number) => ["groups", "temperature", id] as const,
    stats: (days: number) => ["groups", "stats", days] as const,
    sizeChart: (days: number, lang: string) => ["groups", "sizeChart", days, lang] as const,
    positions: () => ["groups", "positions"] as const,
  },
  team: {
    all: ["team"] as const,
    list: (search: string, sort: PartnerSort) => ["team", "list", search, sort] as const,
    children: (parent: number | null) => ["team", "children", parent] as const,
    detail: (id: number, days: number, reveal: boolean) => ["team", "detail", id, days, reveal] as const,
  },
  care: {
    all: ["care"] as const,
    today: () => ["care", "today"] as const,
    rules: () => ["care", "rules"] as const,
    history: (partnerId: number) => ["care", "history", partnerId] as const,
    plan: (partnerId: number) => ["care", "plan", partnerId] as const,
  },
  courses: {
    all: ["courses"] as const,
    list: () => ["courses", "list"] as const,
    board: (id: number) => ["courses", "board", id] as const,
    progress: (id: number, partner: number) => ["courses", "progress", id, partner] as const,
    ofPartner: (partner: number) => ["courses", "partner", partner] as const,
  },
  posting: {
    all: ["posting"] as const,
    queue: () => ["posting", "queue"] as const,
    plans: (archived: boolean) => ["posting", "plans", archived] as const,
    log: () => ["posting", "log"] as const,
    settings: () => ["posting", "settings"] as const,
    material: (id: number) => ["posting", "material", id] as const,
    groupHours: (id: number) => ["posting", "groupHours", id] as const,
  },
  payouts: {
    all: ["payouts"] as const,
    months: () => ["payouts", "months"] as const,
    plan: () => ["payouts", "plan"] as const,
    preview: (plan: object) => ["payouts", "preview", plan] as const,
    statements: (month: string) => ["payouts", "statements", month] as const,
    payList: (month: string) => ["payouts", "payList", month] as const,
    statement: (partner: number, month: string, lang: string) =>
      ["payouts", "statement", partner, month, lang] as const,
    payments: (partner: number, month: string) => ["payouts", "payments", partner, month] as const,
    balance: (partner: number) => ["payouts", "balance", partner] as const,
    reminder: () => ["payouts", "reminder"] as const,
    audit: () => ["payouts", "audit"] as const,
    payCode: (partner: number) => ["payouts", "payCode", partner] as const,
  },
  materials: {
    all: ["materials"] as const,
    list: (shelf: object) => ["materials", "list", shelf] as const,
    search: (query: string) => ["materials", "search", query] as const,
    versions: (id: number) => ["materials", "versions", id] as const,
    folders: () => ["materials", "folders"] as const,
    tags: () => ["materials", "tags"] as const,
  },
};

// What an import writes to, for the queries to read again.
export function importedAreas(kind: ImportKind) {
  return kind === "partners" ? [keys.team.all, keys.care.all] : [keys.groups.all, keys.care.all, keys.earnings.all];
}

// Everything a sync run can change: the orders behind every figure, the
// partners who take courses (a newcomer is assigned hers), and on a demo's
// first start the starter library, course and plans, which land while it syncs;
// and 分润's open month, which reads the orders as they stand.
export const syncedAreas = [
  keys.earnings.all,
  keys.groups.all,
  keys.team.all,
  keys.care.all,
  keys.sync,
  keys.courses.all,
  keys.materials.all,
  keys.posting.all,
  keys.payouts.all,
];
