#!/usr/bin/env bash
# The extractor over the sample reports, scored against the hand-labelled gold (../shared/gold).
# Fails below the bounds of issue 3, and below 85% of facts carrying a catalogue indicator.
set -euo pipefail
jiedao=$1
shared=${JIEDAO_SHARED:-../shared}
if [ ! -x "$shared/tools/score" ] || [ ! -d "$shared/gold" ]; then
  echo "corpus_score: $shared/tools/score and $shared/gold are needed (set JIEDAO_SHARED)" >&2
  exit 1
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$jiedao" extract data/reports/*.txt >"$out"
"$shared/tools/score" --gold "$shared/gold" --corpus data/reports "$out" \
  --min-recall 0.95 --min-precision 0.95 --min-period 0.95 --min-status 0.95 --min-key 0.95
coverage=$("$jiedao" extract --stats data/reports/*.txt | tail -n 1)
echo "$coverage"
share=$(echo "$coverage" | sed -n 's/.*(\([0-9.]*\)%).*/\1/p')
awk -v s="$share" 'BEGIN { exit !(s >= 85.0) }' || { echo "corpus_score: indicator coverage $share% < 85%" >&2; exit 1; }
