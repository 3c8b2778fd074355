#!/usr/bin/env bash
# make bench: the figures of the README's performance section, one line each.
#   1. extraction throughput on data/reports, one core          (goal: >= 100 MB/s)
#      and the national gazetteer's load at each start          (goals: <= 50 ms, <= 30 MB)
#   2. ingest of the scale corpus into a fresh database          (goal: < 30 s in all)
#   3. /metrics scrape time and size over that store            (goal: < 100 ms at 100,000 series,
#      the first scrape after an ingest included)
#   4. /api/v1/value and /api/v1/series under wrk, 64 connections, 10 s, on loopback
#                                                                (goal: value p99 < 2 ms, 0 errors);
#      one question asked again and again (a dashboard), then /api/v1/value over every point
#      of the store drawn at random (answers rarely kept: the cost of a first question;
#                                                                 goal: >= 20,000 req/s)
# Usage: bench/run.sh BUILD_DIR [REPORTS]   (REPORTS: number of synthetic reports, default 10000)
set -euo pipefail
build=$1
count=${2:-10000}
work=${BENCH_DIR:-$build/bench-data}
mkdir -p "$work"
corpus="$work/corpus-$count"
if [ ! -d "$corpus" ]; then
  python3 bench/make_corpus.py --count "$count" "$corpus" >&2
fi
mb=$(du -sm "$corpus" | cut -f1)

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

# 1. Extraction, one core.
"$build/extract_bench" --benchmark_min_time=3 --benchmark_format=json >"$work/extract.json" 2>/dev/null
python3 - "$work/extract.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["benchmarks"][0]
mbs = b["bytes_per_second"] / 1e6
print(f"extract: {mbs:.1f} MB/s on one core ({b['facts/s']:.0f} facts/s); goal 100 MB/s: {mbs / 100:.2f}x")
g = json.load(open(sys.argv[1]))["benchmarks"][1]
print(f"gazetteer: {g['real_time']:.1f} ms to load {g['units']:.0f} units, {g['MB']:.1f} MB held; "
      f"goals 50 ms, 30 MB: {50 / g['real_time']:.2f}x, {30 / g['MB']:.2f}x")
PY

# 2. Ingest of the corpus into a fresh database.
db="$work/bench.db"
rm -f "$db" "$db-wal" "$db-shm"
/usr/bin/time -f '%e %M' -o "$work/ingest.time" "$build/jiedao" ingest --db "$db" "$corpus" 2>"$work/ingest.log" >/dev/null
read -r seconds peak_kb <"$work/ingest.time"
facts=$(sed -n 's/.*; \([0-9]*\) facts written.*/\1/p' "$work/ingest.log" | tail -n 1)
python3 - "$count" "$seconds" "$peak_kb" "$facts" "$mb" <<'PY'
import sys
count, seconds, peak, facts, mb = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4] or 0), sys.argv[5]
print(f"ingest: {count} reports ({mb} MB, {facts} facts) in {seconds:.1f} s = {count / seconds:.0f} reports/s, "
      f"peak memory {peak / 1024:.0f} MB; goal 30 s: {30 / seconds:.2f}x")
PY

# 3. /metrics over the store.
JIEDAO_BENCH_DB="$db" "$build/metrics_bench" --benchmark_format=json >"$work/metrics.json" 2>/dev/null
python3 - "$work/metrics.json" <<'PY'
import json, sys
scrape, ingest, start = json.load(open(sys.argv[1]))["benchmarks"][:3]
ms = scrape["real_time"]
first = ingest["real_time"]
print(f"metrics: {ms:.1f} ms per scrape of {scrape['series']:.0f} series ({scrape['MB']:.1f} MB) between ingests; "
      f"goal 100 ms: {100 / ms:.2f}x")
print(f"metrics, first scrape after an ingest of one report: {first:.0f} ms (its district's view read "
      f"and rendered again); goal 100 ms: {100 / first:.2f}x")
print(f"metrics, first scrape after a start: {start['real_time']:.0f} ms (the whole view read and rendered)")
PY

# 4. HTTP latency under wrk.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# wrk's 64 connections all come from 127.0.0.1, and those of one run may still be closing when
# the next run opens its own: the cap per client address (64) would refuse a few of them (429,
# counted as errors) though they stand for 64 dashboards on as many addresses.
"$build/jiedao" serve --reports "$corpus" --db "$db" --listen "127.0.0.1:$port" \
  --max-connections-per-address 1024 2>"$work/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
district=$(curl -s "http://127.0.0.1:$port/api/v1/series?indicator=jobs_added" | python3 -c 'import json,sys; p=json.load(sys.stdin)[0]; print(p["district"], p["year"])')
read -r name year <<<"$district"
enc=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))" "$name")
# One line of figures from wrk's output: $1 what was asked, $2 whether the goal applies.
wrk_line() {
  python3 - "$work/wrk.txt" "$1" "$2" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", text)
    if not m: return float("nan")
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
requests = re.search(r"(\d+) requests in", text)
errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors += int(non2xx.group(1)) if non2xx else 0
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
p99 = ms("99")
rate = float(rps.group(1)) if rps else 0
goal = (f"; goal p99 2 ms: {2 / p99:.2f}x" if sys.argv[3] == "goal"
        else f"; goal 20000 req/s: {rate / 20000:.2f}x" if sys.argv[3] == "rate" else "")
print(f"http {sys.argv[2]}: p50 {ms('50'):.2f} ms, p99 {p99:.2f} ms, {float(rps.group(1)) if rps else 0:.0f} req/s, "
      f"{errors} errors ({requests.group(1) if requests else '?'} requests, 64 connections, 10 s){goal}")
PY
}

# A warm-up, not measured: the first seconds of a fresh daemon include its threads' first
# allocations and page faults, which a long-running daemon has behind it.
wrk -t2 -c64 -d3s "http://127.0.0.1:$port/api/v1/value?indicator=jobs_added&district=$enc&year=$year" >/dev/null 2>&1 || true
for endpoint in "value?indicator=jobs_added&district=$enc&year=$year" "series?indicator=jobs_added&district=$enc"; do
  wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$port/api/v1/$endpoint" >"$work/wrk.txt" 2>&1 || true
  case $endpoint in value*) goal=goal ;; *) goal=none ;; esac
  wrk_line "/api/v1/${endpoint%%\?*} (one question)" $goal
done

# Every (indicator, district, year) with a value of the year in the store as a question, drawn at random.
curl -s "http://127.0.0.1:$port/api/v1/series?status=actual" | python3 -c '
import json, sys, urllib.parse
seen = set()
for p in json.load(sys.stdin):
    if not p.get("year_value"):  # a total of several years answers no single year (404)
        continue
    key = (p["indicator"], p["district"], p["period_end"][:4])
    if key not in seen:
        seen.add(key)
        print("/api/v1/value?indicator=%s&district=%s&year=%s" % (urllib.parse.quote(key[0]), urllib.parse.quote(key[1]), key[2]))
' >"$work/questions.txt"
QUESTIONS="$work/questions.txt" wrk -t2 -c64 -d10s --latency -s bench/questions.lua "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1 || true
wrk_line "/api/v1/value ($(wc -l <"$work/questions.txt") questions at random)" rate
