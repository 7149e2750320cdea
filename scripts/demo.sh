#!/usr/bin/env bash
# Installs what is missing, builds the widget and the simulator, and serves the demo:
# the standalone page and a simulated Zoho on http://127.0.0.1:${PORT:-8080}.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup.sh
scripts/build.sh
cargo build --release -p bulkwatch-server --quiet
exec target/release/bulkwatch simulate --demo --static-dir "$root" --listen "127.0.0.1:${PORT:-8080}"
