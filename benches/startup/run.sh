#!/usr/bin/env bash
# Start-up and memory against hello-world Tauri: builds both in release
# (the same Tauri, the same profile) and the UI, then measures under Xvfb.
# A few minutes once built; see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd ui && npm run build --silent)
cargo build --release -p tuanzhang-desktop -p hello-tauri
xvfb-run -a -s "-screen 0 1400x900x24" node benches/startup/measure.mjs
