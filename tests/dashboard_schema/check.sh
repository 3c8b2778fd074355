#!/usr/bin/env bash
# Type-checks every dashboards/*.json against Grafana's own dashboard model: the TypeScript types
# of npm @grafana/schema (pinned in package.json), with npm typescript. Each dashboard becomes an
# object literal typed as Dashboard, so a misspelt field (excess property), a wrong type or a
# value outside an enumeration is a compile error naming the file and line.
#
# Usage: tests/dashboard_schema/check.sh   (ctest runs it as dashboard_schema)
# Installs the two npm packages into tests/dashboard_schema/node_modules on first run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fail() {
  echo "dashboard_schema: $*" >&2
  exit 1
}
command -v node >/dev/null || fail "node is missing (make deps installs it)"
if [ ! -f "$here/node_modules/@grafana/schema/package.json" ] || [ ! -f "$here/node_modules/typescript/package.json" ]; then
  command -v npm >/dev/null || fail "npm is missing"
  echo "dashboard_schema: installing @grafana/schema and typescript from the npm registry"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci failed"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/jiedao-dashboards.XXXXXX")
trap 'rm -rf "$work"' EXIT
count=0
for dashboard in "$root"/dashboards/*.json; do
  # dashboards/NAME.json as NAME.json.ts, its lines where they are in the JSON: an error's line
  # number is the dashboard's.
  {
    printf "import type { Dashboard } from '@grafana/schema'; export const dashboard: Dashboard = "
    cat "$dashboard"
    echo ';'
  } >"$work/$(basename "$dashboard").ts"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || fail "no dashboards/*.json"
cat >"$work/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "es2020", "module": "esnext",
    "moduleResolution": "bundler", "skipLibCheck": true,
    "typeRoots": [], "baseUrl": "$here", "paths": {"@grafana/schema": ["node_modules/@grafana/schema"]}
  },
  "include": ["$work/*.ts"]
}
JSON
# tsc names the generated file; the message names the dashboard (same line and column).
if ! (cd "$here" && node node_modules/typescript/bin/tsc -p "$work/tsconfig.json" --pretty false |
  sed 's#^[^ ]*/\([^/ ]*\.json\)\.ts(#dashboards/\1(#'; exit "${PIPESTATUS[0]}"); then
  fail "a dashboard does not fit Grafana's dashboard model (@grafana/schema $(node -p "require('$here/node_modules/@grafana/schema/package.json').version"))"
fi
echo "dashboard_schema: $count dashboards fit Grafana's dashboard model"
