// `sqlx::migrate!` embeds the migrations at compile time but cannot tell
// cargo to watch the folder; without this, adding a migration file alone
// leaves a stale binary that never applies it.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
