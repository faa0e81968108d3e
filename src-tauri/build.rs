// Declaring the app's commands makes Tauri check every IPC call against the
// capability file, which allows exactly these and nothing of the core. The
// names come from the one list in src/commands/list.rs.

include!("src/commands/list.rs");

macro_rules! command_names {
    ($($area:ident::$name:ident),* $(,)?) => { &[$(stringify!($name)),*] };
}

const COMMANDS: &[&str] = app_commands!(command_names);

fn main() {
    println!("cargo:rerun-if-changed=src/commands/list.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration is valid");
}
