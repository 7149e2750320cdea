#!/usr/bin/env bash
# Turns the wasm-pack output (pkg/) and the element module into an installable npm package, and
# packs it with `npm pack`. The package keeps the site's layout (static/ beside pkg/), so
# static/bulkwatch-element.js finds ../pkg/bulkwatch.js and its CSS the same way in both.
#
# Usage: scripts/package.sh [--no-build] [OUT_DIR]
#   builds the release widget first (scripts/build.sh) unless --no-build; OUT_DIR defaults to
#   target/npm. Prints the tarball's path on the last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
out="${1:-target/npm}"
[ "$build" = 1 ] && scripts/build.sh >&2
for f in pkg/bulkwatch.js pkg/bulkwatch_bg.wasm pkg/bulkwatch.d.ts; do
  [ -f "$f" ] || { echo "package: $f is missing; run scripts/build.sh" >&2; exit 1; }
done

version="$(awk '/^\[workspace.package\]/{w=1; next} /^\[/{w=0} w && /^version *=/{gsub(/.*= *"|".*/,""); print; exit}' Cargo.toml)"
[ -n "$version" ] || { echo "package: no version in Cargo.toml" >&2; exit 1; }

stage="$out/bulkwatch"
rm -rf "$stage"
mkdir -p "$stage/pkg" "$stage/static"
cp pkg/bulkwatch.js pkg/bulkwatch_bg.wasm pkg/bulkwatch.d.ts pkg/bulkwatch_bg.wasm.d.ts "$stage/pkg/"
cp static/bulkwatch-element.js static/bulkwatch.d.ts static/bulkwatch.css static/explorer.css static/bulkwatch-element.css \
  "$stage/static/"
cp static/examples/README.md "$stage/README.md"

cat >"$stage/package.json" <<JSON
{
  "name": "bulkwatch",
  "version": "$version",
  "description": "Watch Zoho CRM Bulk Write jobs live: the <bulkwatch-job> element and mount(), a Yew widget compiled to WebAssembly",
  "license": "MIT OR Apache-2.0",
  "repository": { "type": "git", "url": "https://example.invalid/bulkwatch" },
  "keywords": ["zoho", "crm", "bulk-write", "web-component", "custom-element", "webassembly"],
  "type": "module",
  "main": "./static/bulkwatch-element.js",
  "module": "./static/bulkwatch-element.js",
  "types": "./static/bulkwatch.d.ts",
  "exports": {
    ".": {
      "types": "./static/bulkwatch.d.ts",
      "default": "./static/bulkwatch-element.js"
    },
    "./glue": {
      "types": "./pkg/bulkwatch.d.ts",
      "default": "./pkg/bulkwatch.js"
    },
    "./bulkwatch.css": "./static/bulkwatch.css",
    "./explorer.css": "./static/explorer.css",
    "./bulkwatch-element.css": "./static/bulkwatch-element.css",
    "./bulkwatch_bg.wasm": "./pkg/bulkwatch_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": [
    "pkg/bulkwatch.js",
    "pkg/bulkwatch_bg.wasm",
    "pkg/bulkwatch.d.ts",
    "pkg/bulkwatch_bg.wasm.d.ts",
    "static/bulkwatch-element.js",
    "static/bulkwatch.d.ts",
    "static/bulkwatch.css",
    "static/explorer.css",
    "static/bulkwatch-element.css"
  ],
  "sideEffects": ["./static/bulkwatch-element.js"]
}
JSON

# npm pack prints the tarball's name last.
packed="$(cd "$out" && npm pack ./bulkwatch --silent --pack-destination .)"
tarball="${packed##*$'\n'}"
printf '[package] %s: %s bytes\n' "$out/$tarball" "$(wc -c <"$out/$tarball")" >&2
echo "$out/$tarball"
