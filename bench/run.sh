#!/usr/bin/env bash
# Bulkwatch benchmarks: one command, every peer measured in the same run.
# Prints a Markdown table per benchmark and writes them all to bench/out/results.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p bench/out
scripts/setup.sh >&2
{
  printf '# Bulkwatch benchmarks\n\nMeasured %s on %s (%s cores, %s).\n\n' \
    "$(date -u +%Y-%m-%d)" "$(uname -m)" "$(nproc)" \
    "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
  for b in bench/p*.sh; do bash "$b"; printf '\n'; done
} | tee bench/out/results.md
