#!/usr/bin/env bash
# The extractor over the four labelled sets of ../shared, scored against their hand-labelled gold with
# all 43 families (tools/score --families), and over the unlabelled openings for coverage:
#   data/reports          the five whole sample reports (../shared/gold)
#   ../shared/openings    17 openings of reports of other kinds, districts and provinces
#   ../shared/openings-h  22 more Shanghai openings, 10 counties, 2015-2026
#   ../shared/openings-n  14 openings from ten other provinces
#   ../shared/unlabelled  93 openings from Shanghai and 26 provinces, no gold: the share of facts that
#                         carry an indicator (tools/coverage)
# Fails below the bounds of issue 16 on every labelled set (recall and precision 0.97, period and
# status 0.95, family key 0.90; the two sets the rules were first written on keep their older, higher
# bounds), when a count series mixes measure classes (400户 beside 17幢), when data/families.tsv and the
# contract's families differ, and when fewer than 75% of the unlabelled facts carry an indicator.
set -euo pipefail
jiedao=$1
shared=${JIEDAO_SHARED:-../shared}
for need in tools/score tools/mixed-measures tools/coverage gold openings/gold openings-h/gold openings-n/gold \
  unlabelled/docs spec/families.tsv; do
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

# name  gold  corpus  min-key  min-period/status
sets=(
  "reports $shared/gold data/reports 0.95 0.97"
  "openings $shared/openings/gold $shared/openings/docs 0.95 0.97"
  "openings-h $shared/openings-h/gold $shared/openings-h/docs 0.90 0.95"
  "openings-n $shared/openings-n/gold $shared/openings-n/docs 0.90 0.95"
)
for row in "${sets[@]}"; do
  read -r name gold corpus key when <<<"$row"
  "$jiedao" extract "$corpus"/*.txt >"$out/$name.jsonl"
  echo "$name, all families:"
  "$shared/tools/score" --gold "$gold" --corpus "$corpus" "$out/$name.jsonl" --families "$shared/spec/families.tsv" \
    --min-recall 0.97 --min-precision 0.97 --min-key "$key" --min-period "$when" --min-status "$when" | tail -n 1
  mixed=$("$shared/tools/mixed-measures" "$out/$name.jsonl" | tail -n 1)
  echo "$name: $mixed"
  case "$mixed" in
    *": 0/"*) ;;
    *) echo "corpus_score: a count series of $name mixes measure classes" >&2
       "$shared/tools/mixed-measures" "$out/$name.jsonl" --show 10 >&2
       exit 1 ;;
  esac
done
echo "data/reports, the four fixed families:"
"$shared/tools/score" --gold "$shared/gold" --corpus data/reports "$out/reports.jsonl" \
  --min-recall 0.97 --min-precision 0.97 --min-period 0.95 --min-status 0.95 --min-key 0.95 | tail -n 1

"$jiedao" extract "$shared"/unlabelled/docs/*.txt >"$out/unlabelled.jsonl"
coverage=$("$shared/tools/coverage" "$out/unlabelled.jsonl" | tail -n 1)
echo "unlabelled: $coverage"
share=$(echo "$coverage" | sed -n 's/coverage: indicator \([0-9.]*\) .*/\1/p')
awk -v s="$share" 'BEGIN { exit !(s >= 0.75) }' ||
  { echo "corpus_score: indicator coverage of the unlabelled openings $share < 0.75" >&2; exit 1; }
