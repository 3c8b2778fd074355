#!/usr/bin/env bash
# The extractor over both sample sets, scored against the hand-labelled gold (../shared):
#   data/reports        the five whole reports (../shared/gold)
#   ../shared/openings  the opening pages of 17 reports of other kinds, districts and provinces
# Fails below the bounds, when a count series mixes measure classes (400户 beside 17幢), when the
# project's data/families.tsv and the contract's families differ, and below 75% of the facts of
# data/reports carrying a catalogue indicator (it was 85% before issue 10 made extraction
# precision first: a number whose own phrase names nothing the catalogue knows now has no id,
# where it used to borrow a neighbour's).
# Issue 10 asks for a key of 0.95 over all 43 families on both sets; both reach it.
set -euo pipefail
jiedao=$1
shared=${JIEDAO_SHARED:-../shared}
for need in tools/score tools/mixed-measures gold openings/gold openings/docs spec/families.tsv; do
  if [ ! -e "$shared/$need" ]; then
    echo "corpus_score: $shared/$need is needed (set JIEDAO_SHARED)" >&2
    exit 1
  fi
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
keys() { grep -v '^#' "$1" | cut -f1 | sed '/^$/d'; }
diff <(keys data/families.tsv) <(keys "$shared/spec/families.tsv") >/dev/null ||
  { echo "corpus_score: data/families.tsv lists other families than $shared/spec/families.tsv" >&2; exit 1; }

"$jiedao" extract data/reports/*.txt >"$out/reports.jsonl"
"$jiedao" extract "$shared"/openings/docs/*.txt >"$out/openings.jsonl"
echo "data/reports, the four fixed families:"
"$shared/tools/score" --gold "$shared/gold" --corpus data/reports "$out/reports.jsonl" \
  --min-recall 0.97 --min-precision 0.97 --min-period 0.95 --min-status 0.95 --min-key 0.95 | tail -n 1
echo "data/reports, all families:"
"$shared/tools/score" --gold "$shared/gold" --corpus data/reports "$out/reports.jsonl" \
  --families "$shared/spec/families.tsv" --min-recall 0.97 --min-precision 0.97 --min-key 0.95 \
  --min-period 0.97 --min-status 0.97 | tail -n 1
echo "openings, all families:"
"$shared/tools/score" --gold "$shared/openings/gold" --corpus "$shared/openings/docs" "$out/openings.jsonl" \
  --families "$shared/spec/families.tsv" --min-recall 0.97 --min-precision 0.97 --min-key 0.95 \
  --min-period 0.97 --min-status 0.97 | tail -n 1
for set in reports openings; do
  mixed=$("$shared/tools/mixed-measures" "$out/$set.jsonl" | tail -n 1)
  echo "$set: $mixed"
  case "$mixed" in
    *": 0/"*) ;;
    *) echo "corpus_score: a count series of $set mixes measure classes" >&2
       "$shared/tools/mixed-measures" "$out/$set.jsonl" --show 10 >&2
       exit 1 ;;
  esac
done
coverage=$("$jiedao" extract --stats data/reports/*.txt | tail -n 1)
echo "$coverage"
share=$(echo "$coverage" | sed -n 's/.*(\([0-9.]*\)%).*/\1/p')
awk -v s="$share" 'BEGIN { exit !(s >= 75.0) }' || { echo "corpus_score: indicator coverage $share% < 75%" >&2; exit 1; }
