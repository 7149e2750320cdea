#!/usr/bin/env bash
# P4 — support rows: 3 tabs on one job, a watch list of 10 jobs (see p4_support.mjs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build -q -p bulkwatch-server >&2
[ -f pkg/bulkwatch_bg.wasm ] || scripts/build.sh >&2
node bench/p4_support.mjs
