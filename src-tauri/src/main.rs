// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
// Tests may unwrap; the shipped code says why a value cannot fail or returns the error.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

fn main() {
    tuanzhang_desktop::run();
}
