#!/usr/bin/env bash
# Browser test of the built-in pages: `jiedao serve` over a temporary copy of data/reports and
# tests/fixtures/national, driven in Debian's Chromium by playwright-core: the main page
# (tests/browser/page_test.mjs), then the review page (tests/browser/review_test.mjs).
#
# Usage: tests/browser/run.sh JIEDAO_BINARY [BUILD_DIR]   (ctest runs it as browser_page)
# Needs node (20+), npm and /usr/bin/chromium (apt-get install chromium; `make deps` does).
# Installs playwright-core from the npm registry when tests/browser/node_modules is missing;
# it never downloads a browser. Writes the screenshots BUILD_DIR/page.png and page-report.png.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ $# -lt 1 ]; then
  echo "usage: $0 JIEDAO_BINARY [BUILD_DIR]" >&2
  exit 2
fi
jiedao=$(realpath "$1")
build=$(realpath "${2:-$root/build}")
chromium=${CHROMIUM:-/usr/bin/chromium}

fail() {
  echo "browser_page: $*" >&2
  exit 1
}
command -v node >/dev/null || fail "node is missing (Node.js 20 or later is needed)"
[ -x "$chromium" ] || fail "$chromium is missing: apt-get install chromium (make deps installs it)"
[ -x "$jiedao" ] || fail "$jiedao is not an executable"

if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  command -v npm >/dev/null || fail "npm is missing"
  echo "browser_page: installing playwright-core from the npm registry (no browser download)"
  if [ -f "$here/package-lock.json" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci failed"
  else
    (cd "$here" && npm install --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm install failed"
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/jiedao-browser.XXXXXX")
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cp -r "$root/data/reports" "$work/reports"
# Two units of one name outside Shanghai (tests/fixtures/national/README.md).
cp "$root/tests/fixtures/national/"*.txt "$work/reports/"
# Port 0: the daemon picks a free port and names it in its first log line.
# The upload token: the review test corrects a fact with it.
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$token" >"$work/token"
"$jiedao" serve --reports "$work/reports" --db "$work/page.db" --data "$root/data" \
  --listen 127.0.0.1:0 --web "$root/web" --token-file "$work/token" >"$work/serve.log" 2>&1 &
pid=$!

base=""
for _ in $(seq 1 300); do  # 30 s
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; fail "jiedao serve exited before it was ready"; }
  if [ -z "$base" ]; then
    base=$(sed -n 's/.* start listen=\(http:\/\/[0-9.]*:[0-9]*\) .*/\1/p' "$work/serve.log" | head -n 1)
  fi
  if [ -n "$base" ] && node -e "fetch(process.argv[1]).then(r => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))" \
      "$base/readyz" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
[ -n "$base" ] || { cat "$work/serve.log" >&2; fail "no listen address in the daemon's log"; }
node -e "fetch(process.argv[1]).then(r => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))" "$base/readyz" ||
  { cat "$work/serve.log" >&2; fail "the daemon was not ready within 30 s"; }

status=0
JIEDAO_URL="$base" SCREENSHOT_DIR="$build" CHROMIUM="$chromium" PROFILE_DIR="$work/profile" \
  timeout 45 node "$here/page_test.mjs" || status=$?
# After the page test: the review test changes the data.
if [ "$status" -eq 0 ]; then
  JIEDAO_URL="$base" JIEDAO_TOKEN="$token" SCREENSHOT_DIR="$build" CHROMIUM="$chromium" PROFILE_DIR="$work/profile" \
    timeout 45 node "$here/review_test.mjs" || status=$?
fi

kill -TERM "$pid"
serve_status=0
wait "$pid" || serve_status=$?
pid=""
if [ "$serve_status" -ne 0 ]; then
  cat "$work/serve.log" >&2
  fail "jiedao serve exited with $serve_status after SIGTERM"
fi
if [ "$status" -ne 0 ]; then
  echo "--- daemon log ---" >&2
  tail -n 20 "$work/serve.log" >&2
  fail "the page test failed (exit $status)"
fi
echo "browser_page: passed"
