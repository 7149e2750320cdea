#!/usr/bin/env bash
# P5 — the proxy against cors-anywhere (npm), both on loopback forwarding job-details requests to
# the simulator, one load generator (wrk), same run: requests/s, p50 and p99 latency added over
# hitting the simulator directly, and peak RSS. All processes share this machine's cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v wrk >/dev/null || { echo "[p5] installing wrk (Debian)" >&2; apt-get install -y -qq wrk >/dev/null; }
cargo build -q --release -p bulkwatch-server >&2
bin=target/release/bulkwatch
dir=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "not up: $1" >&2; exit 1; }

JOB=5550000000000000005
TOKEN=bench-token
sim_port=$(free_port); proxy_port=$(free_port); ca_port=$(free_port)
"$bin" simulate --listen "127.0.0.1:$sim_port" --seed 5 --token "$TOKEN" --scenario "happy-insert=$JOB" \
  --rate-limit 1000000000/1 --max-concurrent 100000 >"$dir/sim.log" 2>&1 & pids+=($!)
cat >"$dir/proxy.toml" <<TOML
listen = "127.0.0.1:$proxy_port"
allowed_origins = ["http://localhost:8000"]
client_address = "peer"
log_format = "json"
log_level = "info"
[limits]
max_concurrent_upstream = 256
max_connections = 4096
client_requests_per_minute = 1000000
client_burst = 1000000
token_requests_per_minute = 1000000
token_burst = 1000000
TOML
# Test upstreams come only from flags, and only for a loopback-only configuration.
"$bin" proxy --config "$dir/proxy.toml" --allow-test-upstreams --test-upstream "us=http://127.0.0.1:$sim_port" >"$dir/proxy.log" 2>&1 & proxy_pid=$!; pids+=("$proxy_pid")
node bench/p5/cors-anywhere.cjs "$ca_port" >"$dir/ca.log" 2>&1 & ca_pid=$!; pids+=("$ca_pid")
wait_http "http://127.0.0.1:$sim_port/__sim/scenarios"
wait_http "http://127.0.0.1:$proxy_port/healthz"
wait_http "http://127.0.0.1:$ca_port/"

DURATION=${DURATION:-10s}
run() { # name url
  wrk -t2 -c16 -d"$DURATION" --latency \
    -H "Authorization: Zoho-oauthtoken $TOKEN" -H "Origin: http://localhost:8000" -H "X-Bulkwatch: 1" \
    "$2" >"$dir/$1.wrk"
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/{print $2}' "$dir/$1.wrk")
  p50=$(awk '$1=="50%"{print $2}' "$dir/$1.wrk")
  p99=$(awk '$1=="99%"{print $2}' "$dir/$1.wrk")
  non2xx=$(awk '/Non-2xx/{print $NF}' "$dir/$1.wrk"); non2xx=${non2xx:-0}
  echo "$1 $rps $p50 $p99 $non2xx"
}
to_ms() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v} else {sub(/s$/,"",v); print v*1000} }'; }
rss_mb() { awk '/VmHWM/{printf "%.1f", $2/1024}' "/proc/$1/status"; }

read -r _ d_rps d_p50 d_p99 d_bad < <(run direct "http://127.0.0.1:$sim_port/crm/bulk/v8/write/$JOB")
read -r _ b_rps b_p50 b_p99 b_bad < <(run bulkwatch "http://127.0.0.1:$proxy_port/us/crm/bulk/v8/write/$JOB")
read -r _ c_rps c_p50 c_p99 c_bad < <(run cors-anywhere "http://127.0.0.1:$ca_port/http://127.0.0.1:$sim_port/crm/bulk/v8/write/$JOB")
grep -q "$TOKEN" "$dir/proxy.log" && { echo "P5: the token appeared in the proxy's log" >&2; exit 1; }
dp50=$(to_ms "$d_p50"); dp99=$(to_ms "$d_p99")
added() { awk -v a="$(to_ms "$1")" -v b="$2" 'BEGIN{printf "%.2f", a-b}'; }
echo "## P5 — CORS proxy throughput (wrk -t2 -c16 -d$DURATION, job details from the simulator)"
echo
echo "| path | requests/s | p50 ms | p99 ms | p50 added ms | p99 added ms | peak RSS MB | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '| simulator directly (baseline) | %s | %s | %s | — | — | — | %s |\n' "$d_rps" "$dp50" "$dp99" "$d_bad"
printf '| bulkwatch proxy | %s | %s | %s | %s | %s | %s | %s |\n' "$b_rps" "$(to_ms "$b_p50")" "$(to_ms "$b_p99")" \
  "$(added "$b_p50" "$dp50")" "$(added "$b_p99" "$dp99")" "$(rss_mb "$proxy_pid")" "$b_bad"
printf '| peer: cors-anywhere 0.4.4 (Node %s) | %s | %s | %s | %s | %s | %s | %s |\n' "$(node --version)" "$c_rps" "$(to_ms "$c_p50")" "$(to_ms "$c_p99")" \
  "$(added "$c_p50" "$dp50")" "$(added "$c_p99" "$dp99")" "$(rss_mb "$ca_pid")" "$c_bad"
