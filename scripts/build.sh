#!/usr/bin/env bash
# Builds the widget for the browser (release wasm, optimised by npm's wasm-opt) into pkg/.
# Usage: scripts/build.sh [--dev]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# wasm-pack runs the first wasm-opt on PATH: npm's binaryen (Debian's is too old for Rust's output).
export PATH="$root/tools/node_modules/.bin:$PATH"
profile=--release
[ "${1:-}" = "--dev" ] && profile=--dev
wasm-pack --quiet build --target web "$profile" --mode no-install --out-dir pkg --out-name bulkwatch
wasm="pkg/bulkwatch_bg.wasm"
printf '[build] %s: %s bytes\n' "$wasm" "$(wc -c <"$wasm")"
