#!/usr/bin/env bash
# Installs what is missing, builds the widget and the simulator, and serves the demo:
# the standalone page and a simulated Zoho on http://127.0.0.1:${PORT:-8080}.
set -Eeuo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
started=$SECONDS
stage="setup"
trap 'printf "[demo] FAILED at \"%s\": \`%s\` exited with status %s\n" "$stage" "$BASH_COMMAND" "$?" >&2' ERR
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$cargo_bin:"*) ;; *) export PATH="$cargo_bin:$PATH" ;; esac

scripts/setup.sh
stage="build the release widget"
scripts/build.sh
stage="build the simulator"
cargo build --release -p bulkwatch-server --quiet
trap - ERR
printf '[demo] built in %s s; serving http://127.0.0.1:%s (Ctrl-C stops it)\n' "$((SECONDS - started))" "${PORT:-8080}"
# The org writes created_time at -12:00 like the sample on Zoho's page, so the demo shows local times converted.
exec target/release/bulkwatch simulate --demo --org-utc-offset=-12:00 --static-dir "$root" --listen "127.0.0.1:${PORT:-8080}"
