#!/usr/bin/env bash
# Installs what is missing, then runs every test layer: lint, native, browser (wasm-bindgen-test),
# end-to-end (headless Chromium against the simulator). Fails when any layer fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
step() { printf '\n==> %s\n' "$*"; }

step "setup"
scripts/setup.sh

step "lint: cargo fmt --check, cargo clippy -D warnings"
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
