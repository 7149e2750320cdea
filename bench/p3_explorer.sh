#!/usr/bin/env bash
# P3 — result explorer: unzip + parse + group for 25k and 250k rows, Bulkwatch's core (wasm) and
# explorer against fflate + PapaParse, same headless Chromium, same run (see bench/p3/run.mjs).
# Env: RUNS (default 3), SIZES (default 25k,250k).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/tools/node_modules/.bin:$PATH"
cargo build -q -p bulkwatch-server >&2
scripts/build.sh >&2  # always: a stale pkg/ would measure old code
# The benchmark's wasm: the core's reader and the explorer's Stepper, same release profile and
# wasm-opt as the widget; shares the workspace's target directory.
(cd bench/p3/wasm && CARGO_TARGET_DIR="$root/target" wasm-pack --quiet build --target web --release \
  --mode no-install --out-dir "$root/bench/out/p3-pkg" --out-name bulkwatch_p3) >&2
node bench/p3/run.mjs
