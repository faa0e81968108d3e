//! Hello, world in a Tauri 2 window: what the start-up benchmark measures
//! the app against.

fn main() {
    if let Err(error) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("hello-tauri cannot start: {error}");
        std::process::exit(1);
    }
}
