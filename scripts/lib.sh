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

check_node() {
  if ! command -v node >/dev/null 2>&1; then
    log "Node.js 20.19+ is needed: install it from your distribution or nodejs.org, then rerun"
    exit 1
  fi
  local version
  version="$(node --version | tr -d v)"
  at_least "$version" 20.19.0 || { log "Node.js $version is too old (need 20.19+)"; exit 1; }
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
