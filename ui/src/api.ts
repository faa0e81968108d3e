// Typed wrappers over the desktop shell's commands. Types come from Rust
// (ts-rs) in ./bindings, so a renamed field breaks the build, not the user.
import { invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { AppInfo } from "./bindings/AppInfo";
import type { Dashboard } from "./bindings/Dashboard";
import type { DayEarning } from "./bindings/DayEarning";
import type { GroupDetail } from "./bindings/GroupDetail";
import type { GroupInput } from "./bindings/GroupInput";
import type { GroupSummary } from "./bindings/GroupSummary";
import type { PartnerInput } from "./bindings/PartnerInput";
import type { CheckItem } from "./bindings/CheckItem";
import type { GroupStats } from "./bindings/GroupStats";
import type { Temperature } from "./bindings/Temperature";
import type { DuplicatePolicy } from "./bindings/DuplicatePolicy";
import type { CareEntry } from "./bindings/CareEntry";
import type { CareInput } from "./bindings/CareInput";
import type { CareRule } from "./bindings/CareRule";
import type { CareSettings } from "./bindings/CareSettings";
import type { OnboardingStep } from "./bindings/OnboardingStep";
import type { RuleKind } from "./bindings/RuleKind";
import type { StepStatus } from "./bindings/StepStatus";
import type { TodayTasks } from "./bindings/TodayTasks";
import type { ImportKind } from "./bindings/ImportKind";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { PositionChoice } from "./bindings/PositionChoice";
import type { Material } from "./bindings/Material";
import type { MaterialKind } from "./bindings/MaterialKind";
import type { MoneyKind } from "./bindings/MoneyKind";
import type { MoneyRow } from "./bindings/MoneyRow";
import type { MonthMoney } from "./bindings/MonthMoney";
import type { Page } from "./bindings/Page";
import type { PageRequest } from "./bindings/PageRequest";
import type { PartnerDetail } from "./bindings/PartnerDetail";
import type { PartnerSort } from "./bindings/PartnerSort";
import type { PartnerSummary } from "./bindings/PartnerSummary";
import type { RowTimeline } from "./bindings/RowTimeline";
import type { SyncStatus } from "./bindings/SyncStatus";

export const api = {
  appInfo: () => invoke<AppInfo>("app_info"),
  dashboard: () => invoke<Dashboard>("dashboard"),
  trendChart: (lang: string) => invoke<string>("trend_chart", { lang }),
  dailyEarnings: () => invoke<DayEarning[]>("daily_earnings"),
  listGroups: (archived: boolean, page: PageRequest) => invoke<Page<GroupSummary>>("list_groups", { archived, page }),
  groupDetail: (id: number) => invoke<GroupDetail>("group_detail", { id }),
  createGroup: (group: GroupInput) => invoke<GroupDetail>("create_group", { group }),
  updateGroup: (id: number, group: GroupInput) => invoke<GroupDetail>("update_group", { id, group }),
  archiveGroup: (id: number, archived: boolean) => invoke<null>("archive_group", { id, archived }),
  recordGroupMembers: (id: number, members: number) => invoke<GroupDetail>("record_group_members", { id, members }),
  groupTemperature: (id: number) => invoke<Temperature>("group_temperature", { id }),
  setGroupCheck: (id: number, item: CheckItem, done: boolean) => invoke<Temperature>("set_group_check", { id, item, done }),
  groupStats: (days: number) => invoke<GroupStats[]>("group_stats", { days }),
  sizeChart: (days: number, lang: string) => invoke<string>("size_chart", { days, lang }),
  positionChoices: () => invoke<PositionChoice[]>("position_choices"),
  createPosition: (name: string) => invoke<PositionChoice>("create_position", { name }),
  listPartners: (search: string, sort: PartnerSort, page: PageRequest) =>
    invoke<Page<PartnerSummary>>("list_partners", { search, sort, page }),
  partnerChildren: (parent: number | null, page: PageRequest) =>
    invoke<Page<PartnerSummary>>("partner_children", { parent, page }),
  partnerDetail: (id: number, days: number, reveal: boolean) => invoke<PartnerDetail>("partner_detail", { id, days, reveal }),
  createPartner: (partner: PartnerInput, parent: number | null) => invoke<number>("create_partner", { partner, parent }),
  updatePartner: (id: number, partner: PartnerInput) => invoke<null>("update_partner", { id, partner }),
  movePartner: (id: number, newParent: number | null, withSubtree: boolean) =>
    invoke<null>("move_partner", { id, newParent, withSubtree }),
  listMaterials: (page: PageRequest) => invoke<Page<Material>>("list_materials", { page }),
  createMaterial: (title: string, kind: MaterialKind, body: string) =>
    invoke<Material>("create_material", { title, kind, body }),
  syncStatus: () => invoke<SyncStatus>("sync_status"),
  syncNow: () => invoke<boolean>("sync_now"),
  importPreview: (kind: ImportKind, file: File) => upload<ImportPreview>("import_preview", kind, file, "skip"),
  importCommit: (kind: ImportKind, file: File, policy: DuplicatePolicy) =>
    upload<ImportOutcome>("import_commit", kind, file, policy),
  importProgress: () => invoke<ImportProgress | null>("import_progress"),
  saveImportTemplate: (kind: ImportKind, format: "csv" | "xlsx") => invoke<string>("save_import_template", { kind, format }),
  exportTable: (kind: ImportKind, format: "csv" | "xlsx", reveal: boolean) =>
    invoke<string>("export_table", { kind, format, reveal }),
  todayTasks: () => invoke<TodayTasks>("today_tasks"),
  recordCare: (partnerId: number, care: CareInput) => invoke<CareEntry>("record_care", { partnerId, care }),
  careHistory: (partnerId: number, page: PageRequest) => invoke<Page<CareEntry>>("care_history", { partnerId, page }),
  onboardingPlan: (partnerId: number) => invoke<StepStatus[]>("onboarding_plan", { partnerId }),
  setOnboardingStep: (partnerId: number, step: OnboardingStep, done: boolean) =>
    invoke<StepStatus[]>("set_onboarding_step", { partnerId, step, done }),
  careRules: () => invoke<CareRule[]>("care_rules"),
  createCareRule: (kind: RuleKind, title: string) => invoke<CareRule>("create_care_rule", { kind, title }),
  setCareRuleActive: (id: number, active: boolean) => invoke<null>("set_care_rule_active", { id, active }),
  setMentor: (partnerId: number, mentorId: number | null) => invoke<null>("set_mentor", { partnerId, mentorId }),
  desktopNotifications: () => invoke<boolean>("desktop_notifications"),
  setDesktopNotifications: (on: boolean) => invoke<boolean>("set_desktop_notifications", { on }),
  setCareSettings: (careDays: number, dormantDays: number) =>
    invoke<CareSettings>("set_care_settings", { careDays, dormantDays }),
  monthMoney: (month: string) => invoke<MonthMoney>("month_money", { month }),
  monthMoneyRows: (month: string, kind: MoneyKind, page: PageRequest) =>
    invoke<Page<MoneyRow>>("month_money_rows", { month, kind, page }),
  rowTimeline: (rowId: number) => invoke<RowTimeline>("row_timeline", { rowId }),
};

// A file goes over IPC as raw bytes, its name and choices in headers.
async function upload<T>(command: string, kind: ImportKind, file: File, policy: DuplicatePolicy): Promise<T> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return invoke<T>(command, bytes, {
    headers: { "x-kind": kind, "x-file-name": encodeURIComponent(file.name), "x-policy": policy },
  });
}

export function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}
