#!/usr/bin/env bash
# P4 — polling frugality (see p4_polling.mjs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build -q -p bulkwatch-server >&2
scripts/build.sh >&2  # always: a stale pkg/ would measure old code
node bench/p4_polling.mjs
