#!/usr/bin/env bash
# Installs what building and testing Clearlist needs, skipping what is already present.
# Only package registries are used: rustup's target, crates.io, Debian, npm. Nothing is
# downloaded as a prebuilt binary from anywhere else.
#
#   scripts/setup.sh              everything
#   scripts/setup.sh PART...      only these parts, in this order:
#     rust     the wasm32-unknown-unknown target
#     system   Debian's chromium and chromium-driver (apt, as root or with sudo)
#     mail     Debian's python3-aiosmtpd, the SMTP sink of the tests (apt)
#     node     binaryen (wasm-opt) and playwright-core from npm
#     tools    trunk and wasm-bindgen-cli, built from crates.io (minutes, once per machine)
#     fuzz     cargo-fuzz, built from crates.io (once per machine; scripts/fuzz.sh)
#
# Prerequisites: a Debian machine with Rust (rustup, cargo) and Node.js >= 20 on PATH, and
# root (or sudo) for apt the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must match the wasm-bindgen the lockfile resolved.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"
command -v rustup >/dev/null || die "rustup not found: the wasm32 target is added through rustup"
command -v node >/dev/null || die "node not found: install Node.js 20 or newer"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js $(node --version) is too old: 20 or newer is needed"

# Root runs apt directly; anyone else needs sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

setup_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# Debian's chromium and its matching chromedriver run the wasm tests and the browser
# tests (playwright-core launches it; no browser download).
setup_system() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian chromium and chromium-driver"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

# Debian's aiosmtpd: the real SMTP server the digest email test sends to.
setup_mail() {
  if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
    log "installing Debian python3-aiosmtpd (the SMTP sink of the digest test)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >/dev/null
  fi
}

# Node packages: binaryen's wasm-opt (Debian's is too old and breaks the build) and
# playwright-core to drive Debian's chromium in the end-to-end tests. Versions are pinned
# in package.json and package-lock.json.
setup_node() {
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] ||
    [ ! -d node_modules/axe-core ]; then
    log "installing node packages (binaryen, playwright-core, axe-core)"
    npm ci --silent --no-audit --no-fund || npm install --silent --no-audit --no-fund
  fi
  wasm-opt --version | grep -q "version 132" || die "node_modules/.bin/wasm-opt is not binaryen 132"
}

# The two build tools are compiled from crates.io. Their own release profiles ask for fat
# LTO in one codegen unit, which costs most of their build time and buys nothing a build
# tool needs: they are built at opt-level 1 in parallel codegen units instead, sharing one
# scratch target directory so the second reuses the first's dependencies.
setup_tools() {
  local need_trunk=false need_bindgen=false
  trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$" || need_trunk=true
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$" ||
    ! wasm-bindgen-test-runner --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
    need_bindgen=true
  fi
  if [ "$need_trunk" = false ] && [ "$need_bindgen" = false ]; then
    return
  fi
  (
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/clearlist-tools.XXXXXX")
    trap 'rm -rf "$scratch"' EXIT
    export CARGO_TARGET_DIR=$scratch CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
      CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      CARGO_PROFILE_RELEASE_DEBUG=false
    # trunk 0.22 needs a newer rustc than this project's toolchain: keep 0.21.
    if [ "$need_trunk" = true ]; then
      log "installing trunk $TRUNK_VERSION (a few minutes, once)"
      cargo install --locked trunk --version "$TRUNK_VERSION" --quiet
    fi
    if [ "$need_bindgen" = true ]; then
      log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
      # Not --locked: its own lockfile pins crates the registry may not serve.
      cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force --quiet
    fi
  )
}

# cargo-fuzz drives libFuzzer over the targets in fuzz/ (nightly flags, which the stable
# toolchain accepts under RUSTC_BOOTSTRAP=1: see scripts/fuzz.sh).
setup_fuzz() {
  cargo fuzz --version >/dev/null 2>&1 && return
  log "installing cargo-fuzz"
  # At opt-level 1, as the other build tools (see setup_tools).
  CARGO_TARGET_DIR=$(mktemp -d "${TMPDIR:-/tmp}/clearlist-fuzz-tool.XXXXXX") \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install --locked cargo-fuzz --quiet
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(rust system mail node tools)
for part in "${parts[@]}"; do
  case $part in
    rust | system | mail | node | tools | fuzz) "setup_$part" ;;
    *) die "unknown part '$part' (rust, system, mail, node, tools, fuzz)" ;;
  esac
done
log "ready: ${parts[*]}"
