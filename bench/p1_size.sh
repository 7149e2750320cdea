#!/usr/bin/env bash
# P1 — bundle size: what a page loads (wasm + JS glue + CSS + boot module), raw / gzip -9 / brotli -q 11,
# beside the floor (a minimal Yew + gloo-net + serde widget, bench/floor) built in the same run
# with the same profile and the same wasm-opt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/tools/node_modules/.bin:$PATH"
scripts/build.sh >&2
(cd bench/floor && wasm-pack --quiet build --target web --release --mode no-install --out-dir ../out/floor-pkg) >&2

. bench/lib.sh
echo '## P1 — bundle size (bytes)'
echo
echo '| what | raw | gzip -9 | brotli -q 11 |'
echo '| --- | ---: | ---: | ---: |'
row 'Bulkwatch wasm' pkg/bulkwatch_bg.wasm
page=(pkg/bulkwatch_bg.wasm pkg/bulkwatch.js)
for f in static/bulkwatch.css static/boot.js index.html; do [ -f "$f" ] && page+=("$f"); done
row 'Bulkwatch standalone page (wasm + JS + CSS + HTML)' "${page[@]}"
row 'floor: minimal Yew + gloo-net + serde wasm' bench/out/floor-pkg/bulkwatch_floor_bg.wasm
row 'floor: wasm + JS' bench/out/floor-pkg/bulkwatch_floor_bg.wasm bench/out/floor-pkg/bulkwatch_floor.js
