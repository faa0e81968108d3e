// Declaring the app's commands makes Tauri check every IPC call against the
// capability file, which allows exactly these and nothing of the core.
const COMMANDS: &[&str] = &[
    "app_info",
    "dashboard",
    "trend_chart",
    "daily_earnings",
    "list_groups",
    "list_partners",
    "list_materials",
    "create_material",
    "sync_status",
    "sync_now",
    "month_money",
    "month_money_rows",
    "row_timeline",
    "group_detail",
    "create_group",
    "update_group",
    "archive_group",
    "record_group_members",
    "position_choices",
    "create_position",
    "import_preview",
    "import_commit",
    "import_progress",
    "save_import_template",
    "export_table",
    "partner_detail",
    "move_partner",
    "today_tasks",
    "record_care",
    "care_history",
    "onboarding_plan",
    "set_onboarding_step",
    "care_rules",
    "create_care_rule",
    "set_care_rule_active",
    "set_mentor",
    "set_care_settings",
    "group_temperature",
    "set_group_check",
    "group_stats",
    "size_chart",
    "partner_children",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is valid");
}
