#!/usr/bin/env bash
# P4 — polling frugality (see p4_polling.mjs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build -q -p bulkwatch-server >&2
[ -f pkg/bulkwatch_bg.wasm ] || scripts/build.sh >&2
node bench/p4_polling.mjs
