// The typed client of the desktop shell's commands. Every command is in
// `Commands` with its arguments and reply (types from Rust through ts-rs in
// ./bindings), and `Commands` must name exactly the shell's command list
// (the generated `CommandName`): a missing, extra or misspelt command, or a
// wrong argument shape, is a compile error, not a failure in her hands.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type { ImportProgress } from "../bindings/ImportProgress";
import type { LiveSync } from "../bindings/LiveSync";
import type { AppError } from "../bindings/AppError";
import type { AccountForm } from "../bindings/AccountForm";
import type { AppInfo } from "../bindings/AppInfo";
import type { StartProblem } from "../bindings/StartProblem";
import type { BackupInfo } from "../bindings/BackupInfo";
import type { ConnectionTest } from "../bindings/ConnectionTest";
import type { StoreKind } from "../bindings/StoreKind";
import type { Dashboard } from "../bindings/Dashboard";
import type { Headline } from "../bindings/Headline";
import type { Report } from "../bindings/Report";
import type { ReportBy } from "../bindings/ReportBy";
import type { Drill } from "../bindings/Drill";
import type { TotalLines } from "../bindings/TotalLines";
import type { ChartKind } from "../bindings/ChartKind";
import type { SettlementCalendar } from "../bindings/SettlementCalendar";
import type { SettlementLines } from "../bindings/SettlementLines";
import type { RiskRadar } from "../bindings/RiskRadar";
import type { RiskFlags } from "../bindings/RiskFlags";
import type { GroupDetail } from "../bindings/GroupDetail";
import type { GroupInput } from "../bindings/GroupInput";
import type { GroupSummary } from "../bindings/GroupSummary";
import type { PartnerInput } from "../bindings/PartnerInput";
import type { CheckItem } from "../bindings/CheckItem";
import type { GroupStats } from "../bindings/GroupStats";
import type { Temperature } from "../bindings/Temperature";
import type { DuplicatePolicy } from "../bindings/DuplicatePolicy";
import type { CareEntry } from "../bindings/CareEntry";
import type { CareInput } from "../bindings/CareInput";
import type { CareRule } from "../bindings/CareRule";
import type { Folder } from "../bindings/Folder";
import type { FolderId } from "../bindings/FolderId";
import type { MaterialDraft } from "../bindings/MaterialDraft";
import type { MaterialFilter } from "../bindings/MaterialFilter";
import type { MaterialId } from "../bindings/MaterialId";
import type { MaterialVersion } from "../bindings/MaterialVersion";
import type { SearchResults } from "../bindings/SearchResults";
import type { BoardRow } from "../bindings/BoardRow";
import type { Copied } from "../bindings/Copied";
import type { Course } from "../bindings/Course";
import type { Queue } from "../bindings/Queue";
import type { Plan } from "../bindings/Plan";
import type { PlanDraft } from "../bindings/PlanDraft";
import type { PlanId } from "../bindings/PlanId";
import type { Post } from "../bindings/Post";
import type { PostId } from "../bindings/PostId";
import type { PostChange } from "../bindings/PostChange";
import type { LogAction } from "../bindings/LogAction";
import type { PostResult } from "../bindings/PostResult";
import type { MaterialRecord } from "../bindings/MaterialRecord";
import type { HourSales } from "../bindings/HourSales";
import type { PostingSettings } from "../bindings/PostingSettings";
import type { CourseDraft } from "../bindings/CourseDraft";
import type { CourseId } from "../bindings/CourseId";
import type { Mark } from "../bindings/Mark";
import type { PartnerProgress } from "../bindings/PartnerProgress";
import type { ImageInfo } from "../bindings/ImageInfo";
import type { LinkTarget } from "../bindings/LinkTarget";
import type { PackPlan } from "../bindings/PackPlan";
import type { PackResolution } from "../bindings/PackResolution";
import type { PackTally } from "../bindings/PackTally";
import type { Values } from "../bindings/Values";
import type { CommandName } from "../bindings/CommandName";
import type { Message } from "../bindings/Message";
import type { Settings } from "../bindings/Settings";
import type { OnboardingStep } from "../bindings/OnboardingStep";
import type { RuleKind } from "../bindings/RuleKind";
import type { StepStatus } from "../bindings/StepStatus";
import type { TodayTasks } from "../bindings/TodayTasks";
import type { ImportKind } from "../bindings/ImportKind";
import type { ImportOutcome } from "../bindings/ImportOutcome";
import type { ImportPreview } from "../bindings/ImportPreview";
import type { PositionChoice } from "../bindings/PositionChoice";
import type { Material } from "../bindings/Material";
import type { MoneyKind } from "../bindings/MoneyKind";
import type { MoneyRow } from "../bindings/MoneyRow";
import type { MonthMoney } from "../bindings/MonthMoney";
import type { Page } from "../bindings/Page";
import type { PageRequest } from "../bindings/PageRequest";
import type { PartnerDetail } from "../bindings/PartnerDetail";
import type { PartnerSort } from "../bindings/PartnerSort";
import type { PartnerSummary } from "../bindings/PartnerSummary";
import type { RowTimeline } from "../bindings/RowTimeline";
import type { SyncStatus } from "../bindings/SyncStatus";
import type { GroupId } from "../bindings/GroupId";
import type { PartnerId } from "../bindings/PartnerId";

type None = Record<string, never>;
type Lang = { lang: string };
type Paged = { page: PageRequest };

type Commands = {
  app_info: [None, AppInfo];
  test_connection: [{ account: AccountForm }, ConnectionTest];
  connect_account: [{ account: AccountForm }, AppInfo];
  open_store: [{ store: StoreKind }, AppInfo];
  list_backups: [None, BackupInfo[]];
  backup_now: [None, BackupInfo[]];
  restore_backup: [{ id: string }, null];
  dashboard: [None, Dashboard];
  earnings_headline: [None, Headline];
  earnings_report: [{ from: string; to: string; by: ReportBy }, Report];
  report_lines: [{ drill: Drill; page: PageRequest }, Page<MoneyRow>];
  report_total_lines: [{ from: string; to: string; which: TotalLines; page: PageRequest }, Page<MoneyRow>];
  export_report: [{ from: string; to: string; by: ReportBy; format: "csv" | "xlsx"; lang: string }, string];
  earnings_chart: [{ kind: ChartKind; from: string; to: string; lang: string }, string];
  earnings_chart_png: [{ kind: ChartKind; from: string; to: string; lang: string }, ArrayBuffer];
  export_chart: [{ kind: ChartKind; from: string; to: string; format: "svg" | "png"; lang: string }, string];
  export_share_card: [{ from: string; to: string; rounded: boolean; lang: string }, string];
  settlement_calendar: [None, SettlementCalendar];
  settlement_lines: [{ which: SettlementLines; page: PageRequest }, Page<MoneyRow>];
  risk_radar: [{ from: string; to: string; lang: string }, RiskRadar];
  risk_flags: [None, RiskFlags];
  mark_risk_seen: [None, RiskFlags];
  trend_chart: [Lang, string];
  month_money: [{ month: string }, MonthMoney];
  month_money_rows: [{ month: string; kind: MoneyKind } & Paged, Page<MoneyRow>];
  row_timeline: [{ rowId: number }, RowTimeline];
  list_groups: [{ archived: boolean } & Paged, Page<GroupSummary>];
  group_detail: [{ id: GroupId }, GroupDetail];
  create_group: [{ group: GroupInput }, GroupDetail];
  update_group: [{ id: GroupId; group: GroupInput }, GroupDetail];
  archive_group: [{ id: GroupId; archived: boolean }, null];
  record_group_members: [{ id: GroupId; members: number }, GroupDetail];
  group_temperature: [{ id: GroupId }, Temperature];
  set_group_check: [{ id: GroupId; item: CheckItem; done: boolean }, Temperature];
  group_stats: [{ days: number }, GroupStats[]];
  size_chart: [{ days: number } & Lang, string];
  position_choices: [None, PositionChoice[]];
  create_position: [{ name: string }, PositionChoice];
  list_partners: [{ search: string; sort: PartnerSort } & Paged, Page<PartnerSummary>];
  partner_children: [{ parent: PartnerId | null } & Paged, Page<PartnerSummary>];
  partner_detail: [{ id: PartnerId; days: number; reveal: boolean }, PartnerDetail];
  create_partner: [{ partner: PartnerInput; parent: PartnerId | null }, PartnerId];
  update_partner: [{ id: PartnerId; partner: PartnerInput }, null];
  move_partner: [{ id: PartnerId; newParent: PartnerId | null; withSubtree: boolean }, null];
  set_mentor: [{ partnerId: PartnerId; mentorId: PartnerId | null }, null];
  today_tasks: [None, TodayTasks];
  record_care: [{ partnerId: PartnerId; care: CareInput }, CareEntry];
  care_history: [{ partnerId: PartnerId } & Paged, Page<CareEntry>];
  onboarding_plan: [{ partnerId: PartnerId }, StepStatus[]];
  set_onboarding_step: [{ partnerId: PartnerId; step: OnboardingStep; done: boolean }, StepStatus[]];
  care_rules: [None, CareRule[]];
  create_care_rule: [{ kind: RuleKind; title: string }, CareRule];
  set_care_rule_active: [{ id: number; active: boolean }, null];
  list_materials: [{ filter: MaterialFilter } & Paged, Page<Material>];
  search_materials: [{ query: string }, SearchResults];
  get_material: [{ id: MaterialId }, Material];
  create_material: [{ draft: MaterialDraft }, Material];
  update_material: [{ id: MaterialId; base: number; draft: MaterialDraft }, Material];
  duplicate_material: [{ id: MaterialId }, Material];
  set_material_archived: [{ id: MaterialId; archived: boolean }, Material];
  record_material_use: [{ id: MaterialId }, Material];
  fill_material: [{ id: MaterialId; target: LinkTarget | null; values: Values }, Copied[]];
  save_material_pictures: [{ id: MaterialId }, string];
  export_poster: [{ id: MaterialId; target: LinkTarget }, string];
  picture: [{ hash: string; original: boolean }, ArrayBuffer];
  material_versions: [{ id: MaterialId }, MaterialVersion[]];
  bring_back_version: [{ id: MaterialId; revision: number; base: number }, Material];
  material_folders: [None, Folder[]];
  create_folder: [{ name: string; parent: FolderId | null }, FolderId];
  rename_folder: [{ id: FolderId; name: string }, null];
  move_folder: [{ id: FolderId; parent: FolderId | null }, null];
  material_tags: [None, [string, number][]];
  list_courses: [None, Course[]];
  create_course: [{ draft: CourseDraft }, Course];
  update_course: [{ id: CourseId; draft: CourseDraft }, Course];
  set_course_archived: [{ id: CourseId; archived: boolean }, Course];
  assign_course: [{ id: CourseId; partners: PartnerId[]; tag: string | null }, number];
  unassign_course: [{ id: CourseId; partner: PartnerId }, null];
  course_board: [{ id: CourseId }, BoardRow[]];
  course_progress: [{ id: CourseId; partner: PartnerId }, PartnerProgress];
  partner_courses: [{ partner: PartnerId }, PartnerProgress[]];
  mark_lesson: [{ id: CourseId; partner: PartnerId; lesson: MaterialId; mark: Mark | null }, PartnerProgress];
  post_queue: [None, Queue];
  list_plans: [{ archived: boolean }, Plan[]];
  create_plan: [{ draft: PlanDraft }, Plan];
  update_plan: [{ id: PlanId; draft: PlanDraft }, Plan];
  set_plan_archived: [{ id: PlanId; archived: boolean }, Plan];
  add_starter_plans: [None, Plan[]];
  log_post: [{ id: PostId; action: LogAction }, Post];
  undo_post: [{ id: PostId }, Post];
  change_post: [{ id: PostId; change: PostChange }, Post];
  post_log: [None, PostResult[]];
  material_record: [{ id: MaterialId }, MaterialRecord];
  group_hours: [{ id: GroupId }, HourSales[]];
  posting_settings: [None, PostingSettings];
  save_posting_settings: [{ settings: PostingSettings }, PostingSettings];
  settings: [None, Settings];
  save_settings: [{ settings: Settings }, Settings];
  sync_status: [None, SyncStatus];
  sync_now: [None, boolean];
  // Files travel as raw bytes (see `upload`); these take no JSON arguments.
  import_preview: [Uint8Array, ImportPreview];
  import_commit: [Uint8Array, ImportOutcome];
  pack_preview: [Uint8Array, PackPlan];
  pack_import: [Uint8Array, PackTally];
  add_picture: [Uint8Array, ImageInfo];
  export_pack: [
    { folderId: FolderId | null; tag: string | null; courseId: CourseId | null; includeNotes: boolean },
    string,
  ];
  save_import_template: [{ kind: ImportKind; format: FileFormat }, string];
  export_table: [{ kind: ImportKind; format: FileFormat; reveal: boolean }, string];
  export_everything: [{ reveal: boolean }, string];
  open_data_folder: [None, null];
  start_problem: [None, StartProblem | null];
  restore_after_failure: [{ id: string }, null];
  restart_app: [None, null];
};

// Both ways: every listed command is in `Commands`, and nothing else is.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const commandsMatchTheShell: Exactly<keyof Commands, CommandName> = true;
void commandsMatchTheShell;

type FileFormat = "csv" | "xlsx";

function call<C extends CommandName>(command: C, args: Commands[C][0]): Promise<Commands[C][1]> {
  return invoke<Commands[C][1]>(command, args as Record<string, unknown>);
}

const none: None = {};

export const api = {
  appInfo: () => call("app_info", none),
  testConnection: (account: AccountForm) => call("test_connection", { account }),
  connectAccount: (account: AccountForm) => call("connect_account", { account }),
  openStore: (store: StoreKind) => call("open_store", { store }),
  listBackups: () => call("list_backups", none),
  backupNow: () => call("backup_now", none),
  restoreBackup: (id: string) => call("restore_backup", { id }),
  dashboard: () => call("dashboard", none),
  earningsHeadline: () => call("earnings_headline", none),
  earningsReport: (from: string, to: string, by: ReportBy) => call("earnings_report", { from, to, by }),
  reportLines: (drill: Drill, page: PageRequest) => call("report_lines", { drill, page }),
  reportTotalLines: (from: string, to: string, which: TotalLines, page: PageRequest) =>
    call("report_total_lines", { from, to, which, page }),
  exportReport: (from: string, to: string, by: ReportBy, format: "csv" | "xlsx", lang: string) =>
    call("export_report", { from, to, by, format, lang }),
  earningsChart: (kind: ChartKind, from: string, to: string, lang: string) =>
    call("earnings_chart", { kind, from, to, lang }),
  earningsChartPng: (kind: ChartKind, from: string, to: string, lang: string) =>
    call("earnings_chart_png", { kind, from, to, lang }),
  exportChart: (kind: ChartKind, from: string, to: string, format: "svg" | "png", lang: string) =>
    call("export_chart", { kind, from, to, format, lang }),
  exportShareCard: (from: string, to: string, rounded: boolean, lang: string) =>
    call("export_share_card", { from, to, rounded, lang }),
  settlementCalendar: () => call("settlement_calendar", none),
  settlementLines: (which: SettlementLines, page: PageRequest) => call("settlement_lines", { which, page }),
  riskRadar: (from: string, to: string, lang: string) => call("risk_radar", { from, to, lang }),
  riskFlags: () => call("risk_flags", none),
  markRiskSeen: () => call("mark_risk_seen", none),
  trendChart: (lang: string) => call("trend_chart", { lang }),
  listGroups: (archived: boolean, page: PageRequest) => call("list_groups", { archived, page }),
  groupDetail: (id: GroupId) => call("group_detail", { id }),
  createGroup: (group: GroupInput) => call("create_group", { group }),
  updateGroup: (id: GroupId, group: GroupInput) => call("update_group", { id, group }),
  archiveGroup: (id: GroupId, archived: boolean) => call("archive_group", { id, archived }),
  recordGroupMembers: (id: GroupId, members: number) => call("record_group_members", { id, members }),
  groupTemperature: (id: GroupId) => call("group_temperature", { id }),
  setGroupCheck: (id: GroupId, item: CheckItem, done: boolean) => call("set_group_check", { id, item, done }),
  groupStats: (days: number) => call("group_stats", { days }),
  sizeChart: (days: number, lang: string) => call("size_chart", { days, lang }),
  positionChoices: () => call("position_choices", none),
  createPosition: (name: string) => call("create_position", { name }),
  listPartners: (search: string, sort: PartnerSort, page: PageRequest) => call("list_partners", { search, sort, page }),
  partnerChildren: (parent: PartnerId | null, page: PageRequest) => call("partner_children", { parent, page }),
  partnerDetail: (id: PartnerId, days: number, reveal: boolean) => call("partner_detail", { id, days, reveal }),
  createPartner: (partner: PartnerInput, parent: PartnerId | null) => call("create_partner", { partner, parent }),
  updatePartner: (id: PartnerId, partner: PartnerInput) => call("update_partner", { id, partner }),
  movePartner: (id: PartnerId, newParent: PartnerId | null, withSubtree: boolean) =>
    call("move_partner", { id, newParent, withSubtree }),
  listMaterials: (filter: MaterialFilter, page: PageRequest) => call("list_materials", { filter, page }),
  searchMaterials: (query: string) => call("search_materials", { query }),
  createMaterial: (draft: MaterialDraft) => call("create_material", { draft }),
  updateMaterial: (id: MaterialId, base: number, draft: MaterialDraft) => call("update_material", { id, base, draft }),
  duplicateMaterial: (id: MaterialId) => call("duplicate_material", { id }),
  setMaterialArchived: (id: MaterialId, archived: boolean) => call("set_material_archived", { id, archived }),
  recordMaterialUse: (id: MaterialId) => call("record_material_use", { id }),
  getMaterial: (id: MaterialId) => call("get_material", { id }),
  postQueue: () => call("post_queue", none),
  listPlans: (archived: boolean) => call("list_plans", { archived }),
  createPlan: (draft: PlanDraft) => call("create_plan", { draft }),
  updatePlan: (id: PlanId, draft: PlanDraft) => call("update_plan", { id, draft }),
  setPlanArchived: (id: PlanId, archived: boolean) => call("set_plan_archived", { id, archived }),
  addStarterPlans: () => call("add_starter_plans", none),
  logPost: (id: PostId, action: LogAction) => call("log_post", { id, action }),
  undoPost: (id: PostId) => call("undo_post", { id }),
  changePost: (id: PostId, change: PostChange) => call("change_post", { id, change }),
  postLog: () => call("post_log", none),
  materialRecord: (id: MaterialId) => call("material_record", { id }),
  groupHours: (id: GroupId) => call("group_hours", { id }),
  postingSettings: () => call("posting_settings", none),
  savePostingSettings: (settings: PostingSettings) => call("save_posting_settings", { settings }),
  fillMaterial: (id: MaterialId, target: LinkTarget | null, values: Values) =>
    call("fill_material", { id, target, values }),
  saveMaterialPictures: (id: MaterialId) => call("save_material_pictures", { id }),
  exportPoster: (id: MaterialId, target: LinkTarget) => call("export_poster", { id, target }),
  picture: (hash: string, original: boolean) => call("picture", { hash, original }),
  addPicture: (file: File) => uploadPicture(file),
  materialVersions: (id: MaterialId) => call("material_versions", { id }),
  bringBackVersion: (id: MaterialId, revision: number, base: number) =>
    call("bring_back_version", { id, revision, base }),
  materialFolders: () => call("material_folders", none),
  createFolder: (name: string, parent: FolderId | null) => call("create_folder", { name, parent }),
  renameFolder: (id: FolderId, name: string) => call("rename_folder", { id, name }),
  moveFolder: (id: FolderId, parent: FolderId | null) => call("move_folder", { id, parent }),
  materialTags: () => call("material_tags", none),
  syncStatus: () => call("sync_status", none),
  syncNow: () => call("sync_now", none),
  importPreview: (kind: ImportKind, file: File) => upload("import_preview", kind, file, "skip"),
  importCommit: (kind: ImportKind, file: File, policy: DuplicatePolicy) => upload("import_commit", kind, file, policy),
  exportPack: (folderId: FolderId | null, tag: string | null, includeNotes: boolean) =>
    call("export_pack", { folderId, tag, courseId: null, includeNotes }),
  exportCoursePack: (courseId: CourseId, includeNotes: boolean) =>
    call("export_pack", { folderId: null, tag: null, courseId, includeNotes }),
  packPreview: (file: File) => uploadPack("pack_preview", file, "mine", {}),
  packImport: (file: File, otherwise: PackResolution, choices: Record<string, PackResolution>) =>
    uploadPack("pack_import", file, otherwise, choices),
  listCourses: () => call("list_courses", none),
  createCourse: (draft: CourseDraft) => call("create_course", { draft }),
  updateCourse: (id: CourseId, draft: CourseDraft) => call("update_course", { id, draft }),
  setCourseArchived: (id: CourseId, archived: boolean) => call("set_course_archived", { id, archived }),
  assignCourse: (id: CourseId, partners: PartnerId[], tag: string | null) =>
    call("assign_course", { id, partners, tag }),
  unassignCourse: (id: CourseId, partner: PartnerId) => call("unassign_course", { id, partner }),
  courseBoard: (id: CourseId) => call("course_board", { id }),
  courseProgress: (id: CourseId, partner: PartnerId) => call("course_progress", { id, partner }),
  partnerCourses: (partner: PartnerId) => call("partner_courses", { partner }),
  markLesson: (id: CourseId, partner: PartnerId, lesson: MaterialId, mark: Mark | null) =>
    call("mark_lesson", { id, partner, lesson, mark }),
  saveImportTemplate: (kind: ImportKind, format: FileFormat) => call("save_import_template", { kind, format }),
  exportTable: (kind: ImportKind, format: FileFormat, reveal: boolean) =>
    call("export_table", { kind, format, reveal }),
  exportEverything: (reveal: boolean) => call("export_everything", { reveal }),
  openDataFolder: () => call("open_data_folder", none),
  startProblem: () => call("start_problem", none),
  restoreAfterFailure: (id: string) => call("restore_after_failure", { id }),
  restartApp: () => call("restart_app", none),
  todayTasks: () => call("today_tasks", none),
  recordCare: (partnerId: PartnerId, care: CareInput) => call("record_care", { partnerId, care }),
  careHistory: (partnerId: PartnerId, page: PageRequest) => call("care_history", { partnerId, page }),
  onboardingPlan: (partnerId: PartnerId) => call("onboarding_plan", { partnerId }),
  setOnboardingStep: (partnerId: PartnerId, step: OnboardingStep, done: boolean) =>
    call("set_onboarding_step", { partnerId, step, done }),
  careRules: () => call("care_rules", none),
  createCareRule: (kind: RuleKind, title: string) => call("create_care_rule", { kind, title }),
  setCareRuleActive: (id: number, active: boolean) => call("set_care_rule_active", { id, active }),
  setMentor: (partnerId: PartnerId, mentorId: PartnerId | null) => call("set_mentor", { partnerId, mentorId }),
  settings: () => call("settings", none),
  saveSettings: (settings: Settings) => call("save_settings", { settings }),
  monthMoney: (month: string) => call("month_money", { month }),
  monthMoneyRows: (month: string, kind: MoneyKind, page: PageRequest) =>
    call("month_money_rows", { month, kind, page }),
  rowTimeline: (rowId: number) => call("row_timeline", { rowId }),
  setWindowTitle: (title: string) => getCurrentWindow().setTitle(title),
  // What the shell pushes (src-tauri/src/tasks/live_sync.rs, commands/files.rs).
  onSyncLive: (handler: (live: LiveSync) => void): Promise<UnlistenFn> =>
    listen<LiveSync>("sync-live", (event) => handler(event.payload)),
  onImportProgress: (handler: (progress: ImportProgress) => void): Promise<UnlistenFn> =>
    listen<ImportProgress>("import-progress", (event) => handler(event.payload)),
};

// A file goes over IPC as raw bytes, its name and choices in headers.
/** The engine's `tabular::MAX_FILE_BYTES`: no import file is larger. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

async function upload<C extends "import_preview" | "import_commit">(
  command: C,
  kind: ImportKind,
  file: File,
  policy: DuplicatePolicy,
): Promise<Commands[C][1]> {
  if (file.size > MAX_UPLOAD_BYTES) {
    // Refused before a byte is read, in the engine's own words.
    const tooLarge: AppError = {
      code: "Validation",
      key: "table.tooLarge",
      params: { file: file.name, limit: String(MAX_UPLOAD_BYTES / (1024 * 1024)) },
      field: null,
    };
    throw tooLarge;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return invoke<Commands[C][1]>(command, bytes, {
    headers: { "x-kind": kind, "x-file-name": encodeURIComponent(file.name), "x-policy": policy },
  });
}

/** The engine's `packs::read::MAX_PACK_BYTES`. */
export const MAX_PACK_BYTES = 64 * 1024 * 1024;

async function uploadPack<C extends "pack_preview" | "pack_import">(
  command: C,
  file: File,
  otherwise: PackResolution,
  choices: Record<string, PackResolution>,
): Promise<Commands[C][1]> {
  if (file.size > MAX_PACK_BYTES) {
    const tooLarge: AppError = {
      code: "Validation",
      key: "pack.tooBig",
      params: { max_mib: String(MAX_PACK_BYTES / (1024 * 1024)) },
      field: null,
    };
    throw tooLarge;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return invoke<Commands[C][1]>(command, bytes, {
    headers: { "x-on-conflict": otherwise, "x-choices": encodeURIComponent(JSON.stringify(choices)) },
  });
}

/** The engine's `media::MAX_IMAGE_BYTES`. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

async function uploadPicture(file: File): Promise<ImageInfo> {
  if (file.size > MAX_IMAGE_BYTES) {
    // Refused before a byte is read, in the engine's own words.
    const tooLarge: AppError = {
      code: "Validation",
      key: "media.tooLarge",
      params: { mib: (file.size / (1024 * 1024)).toFixed(1), max: String(MAX_IMAGE_BYTES / (1024 * 1024)) },
      field: "parts",
    };
    throw tooLarge;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return invoke<ImageInfo>("add_picture", bytes);
}

export function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && "code" in value && "key" in value;
}

// The message an error carries, to word with `tm`.
export function errorMessage(error: AppError): Message {
  return { key: error.key, params: error.params };
}
