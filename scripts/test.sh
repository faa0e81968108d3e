#!/usr/bin/env bash
# Sets up this machine if needed and runs every lint and test: rustfmt,
# clippy, eslint and prettier, then engine unit and
# integration tests (sandbox over real HTTP), the shell's IPC tests, the
# UI's Vitest suite and the end-to-end test of the real app in a window
# under Xvfb through tauri-driver and WebKitWebDriver.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_apt "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
install_rust
check_node
if ! command -v tauri-driver >/dev/null 2>&1; then
  log "installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked
fi
install_ui_packages
cd "$ROOT"

# The shell embeds ui/dist at compile time, so the UI is built first, from
# the committed bindings; the Rust tests then regenerate the bindings and
# the check below catches any drift between Rust and TypeScript types.
log "lints: rustfmt, clippy, eslint, prettier"
cargo fmt --all --check
(cd ui && npx eslint --max-warnings 0 . && npx prettier --check .)

build_ui
cargo clippy --workspace --all-targets --quiet -- -D warnings
log "Rust tests (engine and desktop shell)"
# The tests regenerate the UI's types (ts-rs) and the command list: any file
# they add or change, anywhere in the tree, is a generated file that was
# not committed.
tree_before="$(tree_state)"
cargo test --workspace
if [ "$(tree_state)" != "$tree_before" ]; then
  log "the tests regenerated files that differ from the committed ones: commit them"
  git status --short
  exit 1
fi

log "UI tests (typecheck and Vitest)"
(cd ui && npx tsc --noEmit && npx vitest run)

log "end-to-end test in a real window"
cargo build -p tuanzhang-desktop
xvfb-run -a -s "-screen 0 1280x800x24" node --test tests/e2e/
