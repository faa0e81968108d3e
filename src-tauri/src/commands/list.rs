// Every command the window may call, written once. `build.rs` includes this
// file to declare them to Tauri (which then checks each call against the
// capability file), `lib.rs` builds the handler from it, and the desktop
// crate's tests prove that the capability file and the UI's typed client
// (through the generated `ui/src/bindings/CommandName.ts`) name the same.
//
// `app_commands!(then)` calls the macro `then!` with `area::command, …`.
macro_rules! app_commands {
    ($then:ident) => {
        $then! {
            app::app_info,
            account::test_connection,
            account::connect_account,
            account::open_store,
            backups::list_backups,
            backups::backup_now,
            backups::restore_backup,
            earnings::dashboard,
            earnings::trend_chart,
            earnings::daily_earnings,
            earnings::month_money,
            earnings::month_money_rows,
            earnings::row_timeline,
            groups::list_groups,
            groups::group_detail,
            groups::create_group,
            groups::update_group,
            groups::archive_group,
            groups::record_group_members,
            groups::group_temperature,
            groups::set_group_check,
            groups::group_stats,
            groups::size_chart,
            groups::position_choices,
            groups::create_position,
            team::list_partners,
            team::partner_children,
            team::partner_detail,
            team::create_partner,
            team::update_partner,
            team::move_partner,
            team::set_mentor,
            care::today_tasks,
            care::record_care,
            care::care_history,
            care::onboarding_plan,
            care::set_onboarding_step,
            care::care_rules,
            care::create_care_rule,
            care::set_care_rule_active,
            materials::list_materials,
            materials::create_material,
            settings::settings,
            settings::save_settings,
            sync::sync_status,
            sync::sync_now,
            files::import_preview,
            files::import_commit,
            files::save_import_template,
            files::export_table,
            files::export_everything,
            app::open_data_folder,
            start::start_problem,
            start::restore_after_failure,
            start::restart_app,
        }
    };
}
