#!/usr/bin/env bash
# P1 (embedding) — what a page embedding <bulkwatch-job> loads: the element module, the
# wasm-bindgen glue, the wasm and the three stylesheets the element links (raw / gzip -9 /
# brotli -q 11), beside the npm tarball. Same release build as P1's standalone rows.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/tools/node_modules/.bin:$PATH"
scripts/build.sh >&2

. bench/lib.sh
echo '## P1 (embedding) — what an embedding page loads (bytes)'
echo
echo '| what | raw | gzip -9 | brotli -q 11 |'
echo '| --- | ---: | ---: | ---: |'
row 'element module (static/bulkwatch-element.js)' static/bulkwatch-element.js
row 'element CSS (bulkwatch.css + explorer.css + bulkwatch-element.css)' static/bulkwatch.css static/explorer.css static/bulkwatch-element.css
row 'JS: element module + wasm-bindgen glue' static/bulkwatch-element.js pkg/bulkwatch.js
row 'everything the element loads (module + glue + wasm + CSS)' \
  static/bulkwatch-element.js pkg/bulkwatch.js pkg/bulkwatch_bg.wasm static/bulkwatch.css static/explorer.css static/bulkwatch-element.css
# package.sh prints the tarball's path last; a failed package run stops here instead of measuring nothing.
packed="$(scripts/package.sh --no-build bench/out/npm 2>/dev/null)"
tarball="${packed##*$'\n'}"
printf '| npm tarball (%s, compressed already) | %s | — | — |\n' "$(basename "$tarball")" "$(wc -c <"$tarball")"
