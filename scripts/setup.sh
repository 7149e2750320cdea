#!/usr/bin/env bash
# Installs whatever Bulkwatch's build and tests need and is missing; prints what it installs.
# Idempotent: with everything present it only checks versions (a few seconds).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

WASM_PACK_VERSION=0.15.1
say() { printf '[setup] %s\n' "$*"; }

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or wasm-pack tries to download it.
lock_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock
}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v brotli >/dev/null 2>&1 || need_apt+=(brotli)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (a few minutes, once)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

if [ -f Cargo.lock ]; then
  want="$(lock_bindgen_version)"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
  if [ -n "$want" ] && [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want to match Cargo.lock (a few minutes, once)"
    # --locked fails for some releases (their lockfile pins a yanked crate); fall back without it.
    cargo install wasm-bindgen-cli --version "$want" --locked --force \
      || cargo install wasm-bindgen-cli --version "$want" --force
  fi
fi

# Node tools (wasm-opt from binaryen, playwright-core, axe-core), pinned by tools/package-lock.json.
if [ -f tools/package.json ]; then
  stamp=tools/node_modules/.bulkwatch-lock
  if [ ! -f "$stamp" ] || ! cmp -s tools/package-lock.json "$stamp"; then
    say "installing Node tools (npm ci in tools/)"
    (cd tools && npm ci --no-audit --no-fund --loglevel=error)
    cp tools/package-lock.json "$stamp"
  fi
fi
say "toolchain ready"
