#!/usr/bin/env bash
# The window on a big team's year against the demo and hello-world Tauri:
# builds the app and hello-world in release and the UI, fills a store with
# 100,000 partners and a year of 3,000,000 order rows (benches/big_team.rs,
# a few minutes), then measures under Xvfb. Half an hour once built; see
# docs/BENCHMARKS.md. BIG_TEAM_DIR=DIR reuses a store filled before.
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd ui && npm run build --silent)
cargo build --release -p tuanzhang-desktop -p hello-tauri
if [ -z "${BIG_TEAM_DIR:-}" ]; then
  BIG_TEAM_DIR="$(mktemp -d -t tuanzhang-big-team-XXXXXX)"
  TUANZHANG_SECRET_STORE=file cargo bench -p tuanzhang --bench big_team -- "$BIG_TEAM_DIR"
fi
export BIG_TEAM_DIR
xvfb-run -a -s "-screen 0 1400x900x24" node benches/window/measure.mjs
