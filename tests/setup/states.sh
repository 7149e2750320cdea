#!/usr/bin/env bash
# scripts/setup.sh against stub commands, one sandbox per machine state: each state's stubs report
# chosen versions (or are absent), record every call, and "install" what they are asked to, so the
# test checks exactly which install commands setup runs, that it exits 0, and that a second run
# installs nothing. CI's machine already has every tool; this is how a fresh machine is proven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
lock_version="$(sed -n "/^name = \"wasm-bindgen\"$/{n;s/^version = \"\(.*\)\"$/\1/p;q}" "$root/Cargo.lock")"
[ -n "$lock_version" ] || { echo "no wasm-bindgen in Cargo.lock" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
passed=0

# The machine's own commands setup.sh and the stubs use; everything else comes from the stubs.
base="$work/base"
mkdir -p "$base"
for cmd in bash env awk grep cmp cp cat dirname id mkdir chmod rm; do
  ln -s "$(command -v "$cmd")" "$base/$cmd"
done

# stub DIR NAME VERSION-LINE: a command that records its call and answers --version.
stub() {
  cat >"$1/$2" <<STUB
#!$base/bash
printf '%s\n' "$2 \$*" >>"\$STUB_LOG"
[ "\${1:-}" = --version ] && printf '%s\n' "$3"
exit 0
STUB
  chmod +x "$1/$2"
}

# The stubs that install things: apt-get, rustup, cargo and npm change the sandbox as the real ones would.
installers() {
  local bin="$1"
  cat >"$bin/apt-get" <<STUB
#!$base/bash
printf '%s\n' "apt-get \$*" >>"\$STUB_LOG"
[ "\$1" = install ] || exit 0
[ -z "\${STUB_APT_FAILS:-}" ] || { echo "E: Unable to locate package" >&2; exit 100; }
for pkg in "\$@"; do
  case "\$pkg" in
    chromium) name=chromium; line="Chromium 156.0.8078.73" ;;
    chromium-driver) name=chromedriver; line="ChromeDriver 156.0.8078.73" ;;
    brotli) name=brotli; line="brotli 1.0.9" ;;
    shellcheck) name=shellcheck; line="ShellCheck - shell script analysis tool" ;;
    redis-server) name=redis-server; line="Redis server v=7.0.15 sha=00000000:0" ;;
    npm) cp "$bin/.npm-real" "$bin/npm"; continue ;;
    *) continue ;;
  esac
  printf '#!$base/bash\nprintf "%%s\\\\n" "%s \$*" >>"\$STUB_LOG"\n[ "\$1" = --version ] && echo "%s"\nexit 0\n' "\$name" "\$line" >"$bin/\$name"
  chmod +x "$bin/\$name"
done
STUB
  cat >"$bin/rustup" <<STUB
#!$base/bash
printf '%s\n' "rustup \$*" >>"\$STUB_LOG"
case "\$*" in
  "target list --installed") cat "\$STUB_STATE/targets" ;;
  "target add "*) printf '%s\n' "\$3" >>"\$STUB_STATE/targets" ;;
esac
STUB
  cat >"$bin/cargo" <<STUB
#!$base/bash
printf '%s\n' "cargo \$*" >>"\$STUB_LOG"
[ "\$1" = install ] || exit 0
crate="\$2"; version="\$4"
case " \$* " in *" --locked "*) [ -z "\${STUB_LOCKED_FAILS:-}" ] || exit 101 ;; esac
mkdir -p "\$CARGO_HOME/bin"
case "\$crate" in
  wasm-pack) tools="wasm-pack" ;;
  wasm-bindgen-cli) tools="wasm-bindgen wasm-bindgen-test-runner" ;;
  *) exit 0 ;;
esac
for t in \$tools; do
  printf '#!$base/bash\nprintf "%%s\\\\n" "%s \$*" >>"\$STUB_LOG"\n[ "\$1" = --version ] && echo "%s %s"\nexit 0\n' "\$t" "\$t" "\$version" >"\$CARGO_HOME/bin/\$t"
  chmod +x "\$CARGO_HOME/bin/\$t"
done
STUB
  cat >"$bin/npm" <<STUB
#!$base/bash
printf '%s\n' "npm \$*" >>"\$STUB_LOG"
[ "\${1:-}" = --version ] && echo 11.19.1
[ "\${1:-}" = ci ] && mkdir -p node_modules
exit 0
STUB
  chmod +x "$bin/apt-get" "$bin/rustup" "$bin/cargo" "$bin/npm"
  cp "$bin/npm" "$bin/.npm-real"
}

# A sandbox: a copy of what setup.sh reads, a stub PATH and a CARGO_HOME of its own.
new_sandbox() {
  local dir="$work/$1"
  mkdir -p "$dir/repo/scripts" "$dir/repo/tools" "$dir/bin" "$dir/cargo/bin" "$dir/home" "$dir/state"
  cp "$root/scripts/setup.sh" "$dir/repo/scripts/"
  cp "$root/Cargo.lock" "$dir/repo/"
  cp "$root/tools/package.json" "$root/tools/package-lock.json" "$dir/repo/tools/"
  printf 'x86_64-unknown-linux-gnu\n' >"$dir/state/targets"
  installers "$dir/bin"
  : >"$dir/log"
  printf '%s\n' "$dir"
}

# Everything present at the right versions.
provision_all() {
  local dir="$1"
  stub "$dir/bin" chromium "Chromium 156.0.8078.73"
  stub "$dir/bin" chromedriver "ChromeDriver 156.0.8078.73"
  stub "$dir/bin" brotli "brotli 1.0.9"
  stub "$dir/bin" shellcheck "ShellCheck - shell script analysis tool"
  stub "$dir/bin" redis-server "Redis server v=7.0.15 sha=00000000:0"
  stub "$dir/cargo/bin" wasm-pack "wasm-pack 0.15.1"
  stub "$dir/cargo/bin" wasm-bindgen "wasm-bindgen $lock_version"
  stub "$dir/cargo/bin" wasm-bindgen-test-runner "wasm-bindgen-test-runner $lock_version"
  printf 'wasm32-unknown-unknown\n' >>"$dir/state/targets"
  mkdir -p "$dir/repo/tools/node_modules"
  cp "$dir/repo/tools/package-lock.json" "$dir/repo/tools/node_modules/.bulkwatch-lock"
}

# run_setup DIR [VAR=VALUE…]: runs setup.sh in the sandbox; its status, stdout and stderr are kept.
run_setup() {
  local dir="$1"
  shift
  : >"$dir/log"
  set +e
  env -i HOME="$dir/home" CARGO_HOME="$dir/cargo" PATH="$dir/bin:$base" \
    STUB_LOG="$dir/log" STUB_STATE="$dir/state" "$@" \
    "$base/bash" "$dir/repo/scripts/setup.sh" >"$dir/out" 2>"$dir/err"
  status=$?
  set -e
}

# The calls that change the machine: every recorded call but the version probes.
install_calls() {
  grep -v -e ' --version$' -e '^rustup target list --installed$' "$1/log" || true
}

check() {
  local name="$1" want_status="$2" want_calls="$3" dir="$4"
  local got
  got="$(install_calls "$dir")"
  if [ "$status" != "$want_status" ] || [ "$got" != "$want_calls" ]; then
    failures=$((failures + 1))
    printf 'FAIL %s: exit %s (want %s)\n--- install calls\n%s\n--- wanted\n%s\n--- stdout\n%s\n--- stderr\n%s\n' \
      "$name" "$status" "$want_status" "$got" "$want_calls" "$(cat "$dir/out")" "$(cat "$dir/err")"
  else
    passed=$((passed + 1))
    printf 'ok   %s\n' "$name"
  fi
}

# check_output NAME FILE PATTERN: a line of setup's output that must be there.
check_output() {
  if grep -q -e "$3" "$2"; then
    passed=$((passed + 1))
    printf 'ok   %s\n' "$1"
  else
    failures=$((failures + 1))
    printf 'FAIL %s: no line matching %s in\n%s\n' "$1" "$3" "$(cat "$2")"
  fi
}

apt_line="apt-get install -y -qq --no-install-recommends"
wasm_pack_line="cargo install wasm-pack --version 0.15.1 --locked --force"
bindgen_line="cargo install wasm-bindgen-cli --version $lock_version --locked --force"
npm_line="npm ci --no-audit --no-fund --loglevel=error"

# 1. Nothing installed (not even Node.js): everything is installed once, then a second run is a no-op.
dir="$(new_sandbox nothing)"
rm "$dir/bin/npm"
run_setup "$dir"
check "nothing installed" 0 "apt-get update -qq
$apt_line chromium chromium-driver brotli shellcheck redis-server nodejs npm
rustup target add wasm32-unknown-unknown
$wasm_pack_line
$bindgen_line
$npm_line" "$dir"
check_output "nothing installed: summary names what was installed" "$dir/out" \
  "^\[setup\] toolchain ready: installed chromium chromium-driver brotli shellcheck redis-server nodejs npm, wasm32 target, wasm-pack 0.15.1, wasm-bindgen-cli $lock_version, Node tools in [0-9]* s$"
run_setup "$dir"
check "nothing installed, second run" 0 "" "$dir"
check_output "second run: summary says nothing was installed" "$dir/out" \
  '^\[setup\] toolchain ready: nothing to install (checked in [0-9]* s)$'

# 2. Everything installed at the right versions: no install command runs.
dir="$(new_sandbox everything)"
provision_all "$dir"
run_setup "$dir"
check "everything installed" 0 "" "$dir"

# 3. wasm-pack at a wrong version: only wasm-pack is reinstalled.
dir="$(new_sandbox wasm-pack-old)"
provision_all "$dir"
stub "$dir/cargo/bin" wasm-pack "wasm-pack 0.13.1"
run_setup "$dir"
check "wasm-pack at a wrong version" 0 "$wasm_pack_line" "$dir"

# 4. wasm-bindgen at another version than Cargo.lock's: only wasm-bindgen-cli is reinstalled.
dir="$(new_sandbox bindgen-old)"
provision_all "$dir"
stub "$dir/cargo/bin" wasm-bindgen "wasm-bindgen 0.2.100"
run_setup "$dir"
check "wasm-bindgen at another version" 0 "$bindgen_line" "$dir"

# 5. wasm-bindgen-cli's --locked build fails (a yanked crate in its lockfile): retried without it.
dir="$(new_sandbox bindgen-unlocked)"
provision_all "$dir"
rm "$dir/cargo/bin/wasm-bindgen" "$dir/cargo/bin/wasm-bindgen-test-runner"
run_setup "$dir" STUB_LOCKED_FAILS=1
check "wasm-bindgen-cli retried without --locked" 0 "$bindgen_line
cargo install wasm-bindgen-cli --version $lock_version --force" "$dir"

# 6. npm tools stale (tools/package-lock.json changed since the last npm ci): only npm ci runs.
dir="$(new_sandbox npm-stale)"
provision_all "$dir"
printf 'stale\n' >"$dir/repo/tools/node_modules/.bulkwatch-lock"
run_setup "$dir"
check "npm tools stale" 0 "$npm_line" "$dir"

# 7. Only Chromium's driver missing: one Debian package, nothing else.
dir="$(new_sandbox driver-missing)"
provision_all "$dir"
rm "$dir/bin/chromedriver"
run_setup "$dir"
check "chromedriver missing" 0 "apt-get update -qq
$apt_line chromium-driver" "$dir"

# 7b. Only redis-server missing (the BFF store tests need it): one Debian package, nothing else.
dir="$(new_sandbox redis-missing)"
provision_all "$dir"
rm "$dir/bin/redis-server"
run_setup "$dir"
check "redis-server missing" 0 "apt-get update -qq
$apt_line redis-server" "$dir"
run_setup "$dir"
check "redis-server missing, second run" 0 "" "$dir"

# 8. A failing install stops setup with a message naming the step, never silently.
dir="$(new_sandbox apt-fails)"
run_setup "$dir" STUB_APT_FAILS=1
check "apt-get failing" 1 "apt-get update -qq
$apt_line chromium chromium-driver brotli shellcheck redis-server" "$dir"
check_output "apt-get failing: the step is named" "$dir/err" '^\[setup\] FAILED at step "Debian packages": `apt-get install -y .*` exited with status 100$'

# 9. No Rust at all: a clear message, no install attempted.
dir="$(new_sandbox no-rust)"
rm "$dir/bin/cargo" "$dir/bin/rustup"
run_setup "$dir"
check "no Rust" 1 "" "$dir"
check_output "no Rust: says what to install" "$dir/err" '^\[setup\] FAILED at step "check Rust": cargo is not on PATH'

printf '%s passed, %s failed\n' "$passed" "$failures"
[ "$failures" -eq 0 ]
