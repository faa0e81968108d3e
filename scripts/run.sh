#!/usr/bin/env bash
# Sets up this machine if needed and opens 团长工作台. With no platform
# account configured it runs in demo mode: local SQLite plus the built-in
# JD Union sandbox with demo data. Extra arguments go to the app
# (e.g. --data-dir DIR).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_apt "${APP_PACKAGES[@]}"
install_rust
check_node
install_ui_packages
build_ui
log "building the desktop app"
cargo build --manifest-path "$ROOT/Cargo.toml" -p tuanzhang-desktop
log "starting 团长工作台"
exec "${CARGO_TARGET_DIR:-$ROOT/target}/debug/tuanzhang-desktop" "$@"
