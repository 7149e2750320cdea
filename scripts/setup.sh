#!/usr/bin/env bash
# Installs whatever Bulkwatch's build and tests need and is missing, says what it installs, and
# ends with one summary line. Idempotent: with everything present it only probes versions (seconds).
#
# Every probe tolerates a missing command (a fresh machine has none of these tools), every install
# is checked afterwards, and any failure names the step that failed. tests/setup/states.sh runs this
# script against stub commands for each machine state and checks exactly which installs it makes.
set -Eeuo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

WASM_PACK_VERSION=0.15.1
started=$SECONDS
step="start"
installed=()

say() { printf '[setup] %s\n' "$*"; }
die() {
  printf '[setup] FAILED at step "%s": %s\n' "$step" "$*" >&2
  exit 1
}
trap 'printf "[setup] FAILED at step \"%s\": \`%s\` exited with status %s\n" "$step" "$BASH_COMMAND" "$?" >&2' ERR

# `cargo install` puts binaries in $CARGO_HOME/bin, which a fresh shell may not have on PATH.
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$cargo_bin:"*) ;; *) export PATH="$cargo_bin:$PATH" ;; esac

# The version a command reports as the second word of its first `--version` line; empty when the
# command is missing or prints nothing. Never fails, so it is safe in an assignment.
tool_version() {
  command -v "$1" >/dev/null 2>&1 || return 0
  { "$1" --version 2>/dev/null || true; } | awk 'NR == 1 { print $2 }'
}

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or wasm-pack tries to download it.
lock_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

# run CMD…: runs an install command; when it fails, says which command and its status.
run() {
  "$@" || die "\`$*\` exited with status $?"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then
    run "$@"
  elif command -v sudo >/dev/null 2>&1; then
    run sudo "$@"
  else
    die "'$*' needs root, and sudo is not installed"
  fi
}

step="check Rust"
command -v cargo >/dev/null 2>&1 || die "cargo is not on PATH: install Rust with rustup first (https://rustup.rs)"
command -v rustup >/dev/null 2>&1 || die "rustup is not on PATH: the wasm32 target is added with rustup"

step="Debian packages"
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v brotli >/dev/null 2>&1 || need_apt+=(brotli)
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)
# The BFF's shared session store: server/tests/proxy_bff_redis.rs starts a real one.
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${need_apt[*]}, and apt-get is not here to install them"
  say "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  for cmd in chromium chromedriver brotli shellcheck redis-server npm; do
    command -v "$cmd" >/dev/null 2>&1 || die "apt-get finished but '$cmd' is still not on PATH"
  done
  installed+=("${need_apt[*]}")
fi

step="Rust target wasm32-unknown-unknown"
targets="$(rustup target list --installed 2>/dev/null)" || targets=""
if ! grep -qx wasm32-unknown-unknown <<<"$targets"; then
  say "adding Rust target wasm32-unknown-unknown"
  run rustup target add wasm32-unknown-unknown
  installed+=("wasm32 target")
fi

step="wasm-pack $WASM_PACK_VERSION"
have="$(tool_version wasm-pack)"
if [ "$have" != "$WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (have: ${have:-none}; a few minutes, once)"
  run cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
  have="$(tool_version wasm-pack)"
  [ "$have" = "$WASM_PACK_VERSION" ] || die "installed wasm-pack, but 'wasm-pack --version' reports '${have:-nothing}' (is $cargo_bin first on PATH?)"
  installed+=("wasm-pack $WASM_PACK_VERSION")
fi

step="wasm-bindgen-cli (the version in Cargo.lock)"
want="$(lock_bindgen_version)"
[ -n "$want" ] || die "no wasm-bindgen entry in Cargo.lock"
have="$(tool_version wasm-bindgen)"
if [ "$have" != "$want" ] || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  say "installing wasm-bindgen-cli $want to match Cargo.lock (have: ${have:-none}; a few minutes, once)"
  # --locked fails for some releases (their lockfile pins a yanked crate); fall back without it.
  if ! cargo install wasm-bindgen-cli --version "$want" --locked --force; then
    say "retrying wasm-bindgen-cli without --locked"
    run cargo install wasm-bindgen-cli --version "$want" --force
  fi
  have="$(tool_version wasm-bindgen)"
  [ "$have" = "$want" ] || die "installed wasm-bindgen-cli, but 'wasm-bindgen --version' reports '${have:-nothing}' (is $cargo_bin first on PATH?)"
  installed+=("wasm-bindgen-cli $want")
fi

# Node tools (wasm-opt from binaryen, playwright-core, axe-core), pinned by tools/package-lock.json.
step="Node tools (npm ci in tools/)"
stamp=tools/node_modules/.bulkwatch-lock
if [ ! -f "$stamp" ] || ! cmp -s tools/package-lock.json "$stamp"; then
  say "installing Node tools (npm ci in tools/)"
  (cd tools && run npm ci --no-audit --no-fund --loglevel=error)
  cp tools/package-lock.json "$stamp"
  installed+=("Node tools")
fi

trap - ERR
took=$((SECONDS - started))
if [ ${#installed[@]} -eq 0 ]; then
  say "toolchain ready: nothing to install (checked in ${took} s)"
else
  list="$(printf '%s, ' "${installed[@]}")"
  say "toolchain ready: installed ${list%, } in ${took} s"
fi
