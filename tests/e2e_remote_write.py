#!/usr/bin/env python3
"""End to end with real remote-write receivers: VictoriaMetrics and Prometheus (issue 20).

Usage: e2e_remote_write.py JIEDAO_BINARY   (run from the project root; ctest does)

Ingests data/reports and tests/fixtures/national into a database of its own, then starts on
loopback, with data folders of their own (never the packaged services):
  - Debian's victoria-metrics with a retention of 100 years and deduplication at 1 ms (so that
    a sample sent twice is stored once);
  - Debian's Prometheus 2.42 with --web.enable-remote-write-receiver, a retention of 100 years
    and an out-of-order window of 30 years (storage.tsdb.out_of_order_time_window), which
    admits samples years old.
and checks:
  - `jiedao push` to each exits 0, and each receiver then holds exactly the series and samples
    of `jiedao export` (labels, timestamps and values), no more;
  - the 2018 jobs added of 江川路街道 is 3188 at 2018-12-31T00:00:00+08:00 and absent a day before;
    鄞州区's 东柳街道 jobs added (2022 and 2023) is one series with two samples;
  - pushing again changes nothing;
  - a receiver that answers 500 twice then 204 gets the same body three times, the push exits 0;
    one that answers 400 makes it exit 1 with the receiver's message;
  - `jiedao serve --remote-write` to a receiver that is down ingests and is ready all the same,
    logs the failure, and sends everything once the receiver is up.
"""
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from e2e_common import check, free_port, http_get, verdict, wait_until
from e2e_common import start as start_process
from e2e_common import stop_all

JIEDAO = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()
processes = []
JOBS = 'jiedao_reported_value{indicator="jobs_added",district="江川路街道",span="year",status="actual"}'


get_json = http_get


def start(args, log_path):
    return start_process(args, log_path, processes)


def expected_history(db, work):
    """{(sorted label items): [(ms, value), ...]} from `jiedao export`."""
    out = os.path.join(work, "history.om")
    run = subprocess.run([JIEDAO, "export", "--db", db, "--output", out], capture_output=True, text=True)
    check(run.returncode == 0, f"jiedao export: {run.stderr}")
    series = {}
    for line in open(out, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        head, value, seconds = line.rsplit(" ", 2)
        name, labels = head.split("{", 1)
        items = [("__name__", name)]
        for part in json.loads("{" + ",".join(
                f'"{kv.split("=", 1)[0]}":{kv.split("=", 1)[1]}' for kv in split_labels(labels[:-1])) + "}").items():
            items.append(part)
        series.setdefault(tuple(sorted(items)), []).append((int(seconds) * 1000, float(value)))
    return {k: sorted(v) for k, v in series.items()}


def split_labels(text):
    """name="value" pairs of an OpenMetrics label set, split at the commas between them."""
    parts, current, quoted, escaped = [], "", False, False
    for c in text:
        if c == "," and not quoted:
            parts.append(current)
            current = ""
            continue
        current += c
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == '"':
            quoted = not quoted
    if current:
        parts.append(current)
    return parts


def from_victoria(base):
    get_json(base + "/internal/force_flush")
    status, body = get_json(base + "/api/v1/export", {"match[]": "jiedao_reported_value"})
    series = {}
    if status != 200:
        return series
    for line in body.decode().splitlines():
        row = json.loads(line)
        key = tuple(sorted(row["metric"].items()))
        series[key] = sorted(zip(row["timestamps"], [float(v) for v in row["values"]]))
    return series


def from_prometheus(base):
    status, body = get_json(base + "/api/v1/query", {"query": "jiedao_reported_value[100y]", "time": "2030-01-01T00:00:00Z"})
    series = {}
    if status != 200:
        return series
    for row in json.loads(body)["data"]["result"]:
        key = tuple(sorted(row["metric"].items()))
        series[key] = sorted((int(round(t * 1000)), float(v)) for t, v in row["values"])
    return series


def instant(base, query, at):
    status, body = get_json(base + "/api/v1/query", {"query": query, "time": at})
    return json.loads(body)["data"]["result"] if status == 200 else None


def push(db, url):
    return subprocess.run([JIEDAO, "push", "--db", db, "--remote-write", url], capture_output=True, text=True, timeout=120)


class Scripted(http.server.BaseHTTPRequestHandler):
    """A receiver that answers the scripted statuses in turn, then 204, keeping the bodies."""
    script, bodies = [], []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Scripted.bodies.append(body)
        status, message = Scripted.script.pop(0) if Scripted.script else (204, "")
        self.send_response(status)
        self.send_header("Content-Length", str(len(message)))
        self.end_headers()
        self.wfile.write(message.encode())

    def log_message(self, *args):
        pass


def scripted(script):
    Scripted.script, Scripted.bodies = list(script), []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    work = tempfile.mkdtemp(prefix="jiedao-remote-write-")
    try:
        reports = os.path.join(work, "reports")
        shutil.copytree(os.path.join(ROOT, "data", "reports"), reports)
        national = os.path.join(ROOT, "tests", "fixtures", "national")
        for name in os.listdir(national):
            if name.endswith(".txt"):
                shutil.copy(os.path.join(national, name), reports)
        db = os.path.join(work, "jiedao.db")
        run = subprocess.run([JIEDAO, "ingest", "--db", db, reports], capture_output=True, text=True)
        check(run.returncode == 0, f"jiedao ingest: {run.stderr}")
        expected = expected_history(db, work)
        check(len(expected) > 200, f"the export has the history: {len(expected)} series")

        vm_port = free_port()
        vm = f"http://127.0.0.1:{vm_port}"
        start(["victoria-metrics", f"-storageDataPath={work}/vm", "-retentionPeriod=100y",
               "-dedup.minScrapeInterval=1ms", f"-httpListenAddr=127.0.0.1:{vm_port}"], f"{work}/vm.log")
        prom_port = free_port()
        prom = f"http://127.0.0.1:{prom_port}"
        with open(f"{work}/prometheus.yml", "w") as f:
            f.write("global:\n  scrape_interval: 1m\nstorage:\n  tsdb:\n    out_of_order_time_window: 30y\n")
        start(["prometheus", f"--config.file={work}/prometheus.yml", f"--storage.tsdb.path={work}/prom",
               "--storage.tsdb.retention.time=100y", "--web.enable-remote-write-receiver",
               f"--web.listen-address=127.0.0.1:{prom_port}"], f"{work}/prometheus.log")
        check(wait_until(lambda: get_json(vm + "/health")[0] == 200, 30), "VictoriaMetrics starts")
        check(wait_until(lambda: get_json(prom + "/-/ready")[0] == 200, 60), "Prometheus starts")

        for name, base, read in [("VictoriaMetrics", vm, from_victoria), ("Prometheus", prom, from_prometheus)]:
            run = push(db, base + "/api/v1/write")
            check(run.returncode == 0, f"jiedao push to {name}: {run.stderr}")
            got = wait_until(lambda: (lambda s: s if len(s) >= len(expected) else None)(read(base)), 20, 0.5) or read(base)
            check(got == expected, f"{name} holds exactly the exported history: {len(got)} series of "
                                   f"{len(expected)}; missing {list(set(expected) - set(got))[:2]}, "
                                   f"other {list(set(got) - set(expected))[:2]}")
            at = instant(base, JOBS, "2018-12-31T00:00:00+08:00") or []
            check(len(at) == 1 and float(at[0]["value"][1]) == 3188, f"{name}: 3188 at 2018-12-31: {at}")
            check(instant(base, JOBS, "2018-12-30T00:00:00+08:00") == [], f"{name}: nothing a day before")
            dongliu = [s for k, s in got.items() if ("district", "东柳街道") in k and ("county", "鄞州区") in k
                       and ("indicator", "jobs_added") in k and ("status", "actual") in k]
            check(len(dongliu) == 1 and [v for _, v in dongliu[0]] == [1180.0, 1260.0],
                  f"{name}: 鄞州区's 东柳街道 jobs added over 2022 and 2023 are one series: {dongliu}")
            run = push(db, base + "/api/v1/write")
            check(run.returncode == 0, f"a second push to {name}: {run.stderr}")
            time.sleep(1)
            check(read(base) == expected, f"a second push changes nothing in {name}")

        # Scripted receivers: retries, and a refusal.
        server = scripted([(500, "busy"), (500, "busy")])
        run = push(db, f"http://127.0.0.1:{server.server_address[1]}/api/v1/write")
        check(run.returncode == 0 and "2 retried" in run.stderr, f"500 twice then 204: exit 0: {run.stderr}")
        check(len(Scripted.bodies) == 3 and len(set(Scripted.bodies)) == 1,
              f"the same request three times, accepted once: {len(Scripted.bodies)}")
        server.shutdown()
        server = scripted([(400, "out of bounds: sample too old")])
        run = push(db, f"http://127.0.0.1:{server.server_address[1]}/api/v1/write")
        check(run.returncode == 1 and "out of bounds: sample too old" in run.stderr,
              f"a 400: exit 1 with the receiver's message: {run.returncode} {run.stderr}")
        check(len(Scripted.bodies) == 1, "a refused request is not sent again")
        server.shutdown()

        # The daemon with a receiver that is down: ingests and is ready; sends once it is up.
        down_port = free_port()
        serve_port = free_port()
        serve_db = os.path.join(work, "serve.db")
        daemon = start([JIEDAO, "serve", "--reports", reports, "--db", serve_db, "--listen", f"127.0.0.1:{serve_port}",
                        "--remote-write", f"http://127.0.0.1:{down_port}/api/v1/write"], f"{work}/serve.log")
        ready = wait_until(lambda: get_json(f"http://127.0.0.1:{serve_port}/readyz")[0] == 200, 30)
        check(ready, "jiedao serve is ready with its receiver down")
        status, body = get_json(f"http://127.0.0.1:{serve_port}/api/v1/reports")
        check(status == 200 and len(json.loads(body)) == 8, "and has ingested every report")
        logged = wait_until(lambda: "cannot be reached" in open(f"{work}/serve.log").read(), 10)
        check(logged, "the failed push is logged")
        late = down_port
        start(["victoria-metrics", f"-storageDataPath={work}/vm-late", "-retentionPeriod=100y",
               "-dedup.minScrapeInterval=1ms", f"-httpListenAddr=127.0.0.1:{late}"], f"{work}/vm-late.log")
        base = f"http://127.0.0.1:{late}"
        arrived = wait_until(lambda: len(from_victoria(base)) >= len(expected), 40, 1)
        check(arrived and from_victoria(base) == expected,
              "once the receiver is up the daemon sends the whole history")
        check(daemon.poll() is None, "the daemon runs on")
    finally:
        stop_all(processes)
        if failures_logged():
            for log in ["vm.log", "prometheus.log", "serve.log"]:
                path = os.path.join(work, log)
                if os.path.exists(path):
                    print(f"--- {log} (last lines) ---")
                    print("".join(open(path).readlines()[-10:]))
        shutil.rmtree(work, ignore_errors=True)
    return verdict("e2e_remote_write")


def failures_logged():
    from e2e_common import failures
    return bool(failures)


if __name__ == "__main__":
    sys.exit(main())
