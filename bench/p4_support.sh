#!/usr/bin/env bash
# P4 — support rows: 3 tabs on one job, a watch list of 10 jobs (see p4_support.mjs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build -q -p bulkwatch-server >&2
scripts/build.sh >&2  # always: a stale pkg/ would measure old code
node bench/p4_support.mjs
