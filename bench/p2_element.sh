#!/usr/bin/env bash
# P2 (embedding) — <bulkwatch-job> insertion → first status painted (see p2_element.mjs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build -q -p bulkwatch-server >&2
scripts/build.sh >&2  # always: a stale pkg/ would measure old code
node bench/p2_element.mjs
