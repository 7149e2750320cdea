# shellcheck shell=bash
# Shared helpers for the bench scripts (sourced, not run).

# row NAME FILE...: one Markdown table row of the files' summed raw, gzip -9 and brotli -q 11 sizes.
row() {
  local name=$1; shift
  local raw=0 gz=0 br=0 f
  for f in "$@"; do
    raw=$((raw + $(wc -c <"$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
    br=$((br + $(brotli -q 11 -c "$f" | wc -c)))
  done
  printf '| %s | %s | %s | %s |\n' "$name" "$raw" "$gz" "$br"
}
