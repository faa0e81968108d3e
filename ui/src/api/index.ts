// The window's calls into the shell, by area. Each goes through the client
// generated from the Rust commands (../bindings/commands.ts), so an argument
// renamed or a reply changed in Rust fails `tsc` here until the window follows.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type { ImportProgress } from "../bindings/ImportProgress";
import type { LiveSync } from "../bindings/LiveSync";
import type { AppError } from "../bindings/AppError";
import type { AccountForm } from "../bindings/AccountForm";
import type { StoreKind } from "../bindings/StoreKind";
import type { ReportBy } from "../bindings/ReportBy";
import type { Drill } from "../bindings/Drill";
import type { TotalLines } from "../bindings/TotalLines";
import type { ChartKind } from "../bindings/ChartKind";
import type { SettlementLines } from "../bindings/SettlementLines";
import type { GroupInput } from "../bindings/GroupInput";
import type { PartnerInput } from "../bindings/PartnerInput";
import type { CheckItem } from "../bindings/CheckItem";
import type { DuplicatePolicy } from "../bindings/DuplicatePolicy";
import type { CareInput } from "../bindings/CareInput";
import type { FolderId } from "../bindings/FolderId";
import type { MaterialDraft } from "../bindings/MaterialDraft";
import type { MaterialFilter } from "../bindings/MaterialFilter";
import type { MaterialId } from "../bindings/MaterialId";
import type { PlanDraft } from "../bindings/PlanDraft";
import type { PlanId } from "../bindings/PlanId";
import type { PostId } from "../bindings/PostId";
import type { PostChange } from "../bindings/PostChange";
import type { LogAction } from "../bindings/LogAction";
import type { PostingSettings } from "../bindings/PostingSettings";
import type { CourseDraft } from "../bindings/CourseDraft";
import type { CourseId } from "../bindings/CourseId";
import type { Mark } from "../bindings/Mark";
import type { LinkTarget } from "../bindings/LinkTarget";
import type { PackResolution } from "../bindings/PackResolution";
import type { Values } from "../bindings/Values";
import { commands } from "../bindings/commands";
import { IMAGE_BYTES, PACK_BYTES, UPLOAD_BYTES } from "../bindings/limits";
import type { Message } from "../bindings/Message";
import type { Settings } from "../bindings/Settings";
import type { OnboardingStep } from "../bindings/OnboardingStep";
import type { RuleKind } from "../bindings/RuleKind";
import type { ImportKind } from "../bindings/ImportKind";
import type { MoneyKind } from "../bindings/MoneyKind";
import type { PageRequest } from "../bindings/PageRequest";
import type { PartnerSort } from "../bindings/PartnerSort";
import type { GroupId } from "../bindings/GroupId";
import type { PartnerId } from "../bindings/PartnerId";

type FileFormat = "csv" | "xlsx";

export const api = {
  appInfo: () => commands.appInfo(),
  testConnection: (account: AccountForm) => commands.testConnection({ account }),
  connectAccount: (account: AccountForm) => commands.connectAccount({ account }),
  openStore: (store: StoreKind) => commands.openStore({ store }),
  listBackups: () => commands.listBackups(),
  backupNow: () => commands.backupNow(),
  restoreBackup: (id: string) => commands.restoreBackup({ id }),
  dashboard: () => commands.dashboard(),
  earningsHeadline: () => commands.earningsHeadline(),
  earningsReport: (from: string, to: string, by: ReportBy) => commands.earningsReport({ from, to, by }),
  reportLines: (drill: Drill, page: PageRequest) => commands.reportLines({ drill, page }),
  reportTotalLines: (from: string, to: string, which: TotalLines, page: PageRequest) =>
    commands.reportTotalLines({ from, to, which, page }),
  exportReport: (from: string, to: string, by: ReportBy, format: "csv" | "xlsx", lang: string) =>
    commands.exportReport({ from, to, by, format, lang }),
  earningsChart: (kind: ChartKind, from: string, to: string, lang: string) =>
    commands.earningsChart({ kind, from, to, lang }),
  earningsChartPng: (kind: ChartKind, from: string, to: string, lang: string) =>
    commands.earningsChartPng({ kind, from, to, lang }),
  exportChart: (kind: ChartKind, from: string, to: string, format: "svg" | "png", lang: string) =>
    commands.exportChart({ kind, from, to, format, lang }),
  exportShareCard: (from: string, to: string, rounded: boolean, lang: string) =>
    commands.exportShareCard({ from, to, rounded, lang }),
  settlementCalendar: () => commands.settlementCalendar(),
  settlementLines: (which: SettlementLines, page: PageRequest) => commands.settlementLines({ which, page }),
  riskRadar: (from: string, to: string) => commands.riskRadar({ from, to }),
  riskFlags: () => commands.riskFlags(),
  markRiskSeen: () => commands.markRiskSeen(),
  trendChart: (lang: string) => commands.trendChart({ lang }),
  listGroups: (archived: boolean, page: PageRequest) => commands.listGroups({ archived, page }),
  groupDetail: (id: GroupId) => commands.groupDetail({ id }),
  createGroup: (group: GroupInput) => commands.createGroup({ group }),
  updateGroup: (id: GroupId, group: GroupInput) => commands.updateGroup({ id, group }),
  archiveGroup: (id: GroupId, archived: boolean) => commands.archiveGroup({ id, archived }),
  recordGroupMembers: (id: GroupId, members: number) => commands.recordGroupMembers({ id, members }),
  groupTemperature: (id: GroupId) => commands.groupTemperature({ id }),
  setGroupCheck: (id: GroupId, item: CheckItem, done: boolean) => commands.setGroupCheck({ id, item, done }),
  groupStats: (days: number) => commands.groupStats({ days }),
  sizeChart: (days: number, lang: string) => commands.sizeChart({ days, lang }),
  positionChoices: () => commands.positionChoices(),
  createPosition: (name: string) => commands.createPosition({ name }),
  listPartners: (search: string, sort: PartnerSort, page: PageRequest) => commands.listPartners({ search, sort, page }),
  partnerChildren: (parent: PartnerId | null, page: PageRequest) => commands.partnerChildren({ parent, page }),
  partnerDetail: (id: PartnerId, days: number, reveal: boolean) => commands.partnerDetail({ id, days, reveal }),
  createPartner: (partner: PartnerInput, parent: PartnerId | null) => commands.createPartner({ partner, parent }),
  updatePartner: (id: PartnerId, partner: PartnerInput) => commands.updatePartner({ id, partner }),
  movePartner: (id: PartnerId, newParent: PartnerId | null, withSubtree: boolean) =>
    commands.movePartner({ id, newParent, withSubtree }),
  listMaterials: (filter: MaterialFilter, page: PageRequest) => commands.listMaterials({ filter, page }),
  searchMaterials: (query: string) => commands.searchMaterials({ query }),
  createMaterial: (draft: MaterialDraft) => commands.createMaterial({ draft }),
  updateMaterial: (id: MaterialId, base: number, draft: MaterialDraft) => commands.updateMaterial({ id, base, draft }),
  duplicateMaterial: (id: MaterialId) => commands.duplicateMaterial({ id }),
  setMaterialArchived: (id: MaterialId, archived: boolean) => commands.setMaterialArchived({ id, archived }),
  recordMaterialUse: (id: MaterialId) => commands.recordMaterialUse({ id }),
  getMaterial: (id: MaterialId) => commands.getMaterial({ id }),
  postQueue: () => commands.postQueue(),
  listPlans: (archived: boolean) => commands.listPlans({ archived }),
  createPlan: (draft: PlanDraft) => commands.createPlan({ draft }),
  updatePlan: (id: PlanId, draft: PlanDraft) => commands.updatePlan({ id, draft }),
  setPlanArchived: (id: PlanId, archived: boolean) => commands.setPlanArchived({ id, archived }),
  addStarterPlans: () => commands.addStarterPlans(),
  logPost: (id: PostId, action: LogAction) => commands.logPost({ id, action }),
  undoPost: (id: PostId) => commands.undoPost({ id }),
  changePost: (id: PostId, change: PostChange) => commands.changePost({ id, change }),
  postLog: () => commands.postLog(),
  materialRecord: (id: MaterialId) => commands.materialRecord({ id }),
  groupHours: (id: GroupId) => commands.groupHours({ id }),
  postingSettings: () => commands.postingSettings(),
  savePostingSettings: (settings: PostingSettings) => commands.savePostingSettings({ settings }),
  fillMaterial: (id: MaterialId, target: LinkTarget | null, values: Values) =>
    commands.fillMaterial({ id, target, values }),
  saveMaterialPictures: (id: MaterialId) => commands.saveMaterialPictures({ id }),
  exportPoster: (id: MaterialId, target: LinkTarget) => commands.exportPoster({ id, target }),
  picture: (hash: string, original: boolean) => commands.picture({ hash, original }),
  addPicture: (file: File) => sendFile(file, PICTURE, (bytes) => commands.addPicture(bytes, {})),
  materialVersions: (id: MaterialId) => commands.materialVersions({ id }),
  bringBackVersion: (id: MaterialId, revision: number, base: number) =>
    commands.bringBackVersion({ id, revision, base }),
  materialFolders: () => commands.materialFolders(),
  createFolder: (name: string, parent: FolderId | null) => commands.createFolder({ name, parent }),
  renameFolder: (id: FolderId, name: string) => commands.renameFolder({ id, name }),
  moveFolder: (id: FolderId, parent: FolderId | null) => commands.moveFolder({ id, parent }),
  materialTags: () => commands.materialTags(),
  syncStatus: () => commands.syncStatus(),
  syncNow: () => commands.syncNow(),
  importPreview: (kind: ImportKind, file: File) =>
    sendFile(file, TABLE, (bytes) => commands.importPreview(bytes, tableHeaders(kind, file, "skip"))),
  importCommit: (kind: ImportKind, file: File, policy: DuplicatePolicy) =>
    sendFile(file, TABLE, (bytes) => commands.importCommit(bytes, tableHeaders(kind, file, policy))),
  exportPack: (folderId: FolderId | null, tag: string | null, includeNotes: boolean) =>
    commands.exportPack({ folderId, tag, courseId: null, includeNotes }),
  exportCoursePack: (courseId: CourseId, includeNotes: boolean) =>
    commands.exportPack({ folderId: null, tag: null, courseId, includeNotes }),
  packPreview: (file: File) => sendFile(file, PACK, (bytes) => commands.packPreview(bytes, packHeaders("mine", {}))),
  packImport: (file: File, otherwise: PackResolution, choices: Record<string, PackResolution>) =>
    sendFile(file, PACK, (bytes) => commands.packImport(bytes, packHeaders(otherwise, choices))),
  listCourses: () => commands.listCourses(),
  createCourse: (draft: CourseDraft) => commands.createCourse({ draft }),
  updateCourse: (id: CourseId, draft: CourseDraft) => commands.updateCourse({ id, draft }),
  setCourseArchived: (id: CourseId, archived: boolean) => commands.setCourseArchived({ id, archived }),
  assignCourse: (id: CourseId, partners: PartnerId[], tag: string | null) =>
    commands.assignCourse({ id, partners, tag }),
  unassignCourse: (id: CourseId, partner: PartnerId) => commands.unassignCourse({ id, partner }),
  courseBoard: (id: CourseId) => commands.courseBoard({ id }),
  courseProgress: (id: CourseId, partner: PartnerId) => commands.courseProgress({ id, partner }),
  partnerCourses: (partner: PartnerId) => commands.partnerCourses({ partner }),
  markLesson: (id: CourseId, partner: PartnerId, lesson: MaterialId, mark: Mark | null) =>
    commands.markLesson({ id, partner, lesson, mark }),
  saveImportTemplate: (kind: ImportKind, format: FileFormat) => commands.saveImportTemplate({ kind, format }),
  exportTable: (kind: ImportKind, format: FileFormat, reveal: boolean) =>
    commands.exportTable({ kind, format, reveal }),
  exportEverything: (reveal: boolean) => commands.exportEverything({ reveal }),
  openDataFolder: () => commands.openDataFolder(),
  startProblem: () => commands.startProblem(),
  restoreAfterFailure: (id: string) => commands.restoreAfterFailure({ id }),
  restartApp: () => commands.restartApp(),
  todayTasks: () => commands.todayTasks(),
  recordCare: (partnerId: PartnerId, care: CareInput) => commands.recordCare({ partnerId, care }),
  careHistory: (partnerId: PartnerId, page: PageRequest) => commands.careHistory({ partnerId, page }),
  onboardingPlan: (partnerId: PartnerId) => commands.onboardingPlan({ partnerId }),
  setOnboardingStep: (partnerId: PartnerId, step: OnboardingStep, done: boolean) =>
    commands.setOnboardingStep({ partnerId, step, done }),
  careRules: () => commands.careRules(),
  createCareRule: (kind: RuleKind, title: string) => commands.createCareRule({ kind, title }),
  setCareRuleActive: (id: number, active: boolean) => commands.setCareRuleActive({ id, active }),
  setMentor: (partnerId: PartnerId, mentorId: PartnerId | null) => commands.setMentor({ partnerId, mentorId }),
  settings: () => commands.settings(),
  saveSettings: (settings: Settings) => commands.saveSettings({ settings }),
  monthMoney: (month: string) => commands.monthMoney({ month }),
  monthMoneyRows: (month: string, kind: MoneyKind, page: PageRequest) => commands.monthMoneyRows({ month, kind, page }),
  rowTimeline: (rowId: number) => commands.rowTimeline({ rowId }),
  setWindowTitle: (title: string) => getCurrentWindow().setTitle(title),
  // What the shell pushes (src-tauri/src/tasks/live_sync.rs, commands/files.rs).
  onSyncLive: (handler: (live: LiveSync) => void): Promise<UnlistenFn> =>
    listen<LiveSync>("sync-live", (event) => handler(event.payload)),
  onImportProgress: (handler: (progress: ImportProgress) => void): Promise<UnlistenFn> =>
    listen<ImportProgress>("import-progress", (event) => handler(event.payload)),
};

// A file goes over IPC as raw bytes, its name and choices in headers; the
// limits are the engine's (and the shell's), generated into ../bindings/limits.
const MIB = 1024 * 1024;

/** What a file may weigh, and how the engine refuses one that weighs more. */
type Cap = { bytes: number; refusal: (file: File) => Pick<AppError, "key" | "params" | "field"> };

const TABLE: Cap = {
  bytes: UPLOAD_BYTES,
  refusal: (file) => ({
    key: "table.tooLarge",
    params: { file: file.name, limit: String(UPLOAD_BYTES / MIB) },
    field: null,
  }),
};
const PACK: Cap = {
  bytes: PACK_BYTES,
  refusal: () => ({ key: "pack.tooBig", params: { max_mib: String(PACK_BYTES / MIB) }, field: null }),
};
const PICTURE: Cap = {
  bytes: IMAGE_BYTES,
  refusal: (file) => ({
    key: "media.tooLarge",
    params: { mib: (file.size / MIB).toFixed(1), max: String(IMAGE_BYTES / MIB) },
    field: "parts",
  }),
};

// Sends the file's bytes; one over its cap is refused before a byte is read,
// in the engine's own words.
async function sendFile<T>(file: File, cap: Cap, send: (bytes: Uint8Array) => Promise<T>): Promise<T> {
  if (file.size > cap.bytes) {
    const tooLarge: AppError = { code: "Validation", ...cap.refusal(file) };
    throw tooLarge;
  }
  return send(new Uint8Array(await file.arrayBuffer()));
}

function tableHeaders(kind: ImportKind, file: File, policy: DuplicatePolicy): Record<string, string> {
  return { "x-kind": kind, "x-file-name": encodeURIComponent(file.name), "x-policy": policy };
}

function packHeaders(otherwise: PackResolution, choices: Record<string, PackResolution>): Record<string, string> {
  return { "x-on-conflict": otherwise, "x-choices": encodeURIComponent(JSON.stringify(choices)) };
}

export function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && "code" in value && "key" in value;
}

// The message an error carries, to word with `tm`.
export function errorMessage(error: AppError): Message {
  return { key: error.key, params: error.params };
}
