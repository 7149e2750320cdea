#!/usr/bin/env bash
# Installs what is missing, then runs every test layer: lint, native, browser (wasm-bindgen-test),
# end-to-end (headless Chromium against the simulator). Fails when any layer fails, naming it.
set -Eeuo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$SECONDS
layer="setup"
step() {
  layer="$*"
  printf '\n==> %s\n' "$layer"
}
trap 'printf "\n[test] FAILED in layer \"%s\" after %s s: \`%s\` exited with status %s\n" "$layer" "$((SECONDS - started))" "$BASH_COMMAND" "$?" >&2' ERR
# What scripts/setup.sh installs with cargo lands here; a fresh shell may not have it on PATH.
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$cargo_bin:"*) ;; *) export PATH="$cargo_bin:$PATH" ;; esac

step "setup"
scripts/setup.sh

step "lint: shellcheck, set-up states, cargo fmt --check, cargo clippy -D warnings"
shellcheck -S warning scripts/*.sh tests/setup/*.sh bench/*.sh .ci/run
tests/setup/states.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p bulkwatch --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

step "native tests: cargo test --workspace"
cargo test --workspace

step "browser tests: wasm-bindgen-test in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome --mode no-install

step "build: release widget + server"
scripts/build.sh
cargo build -p bulkwatch-server --quiet

step "end-to-end: Playwright + headless Chromium against the simulator"
BULKWATCH_BIN="$root/target/debug/bulkwatch" node --test --test-concurrency=1 tests/e2e/

trap - ERR
printf '\n[test] every layer passed in %s s\n' "$((SECONDS - started))"
