#!/usr/bin/env python3
"""End to end with a real Prometheus: metrics, dashboards and the backfill.

Usage: e2e_prometheus.py JIEDAO_BINARY   (run from the project root; ctest does)

Starts `jiedao serve` over a temporary copy of data/reports and a Prometheus of its own
(own config and data folder on loopback, never the packaged service), waits for a scrape,
then checks through Prometheus's HTTP API:
  - jiedao_indicator_value{indicator="jobs_added",district="江川路街道",year="2018"} is 3188;
  - every PromQL expression of dashboards/*.json returns data, with its variables set to real
    values found as Grafana would find them (each variable's own query, in order);
  - every Infinity panel's URL returns non-empty rows from the daemon;
  - `promtool check metrics` is clean on the live /metrics;
  - the backfill: jiedao export, promtool tsdb create-blocks-from openmetrics, a Prometheus
    started on those blocks answers the 2018 point of jiedao_reported_value at its timestamp.
"""
import glob
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

from e2e_common import check, free_port, http_get, verdict, wait_until
from e2e_common import start as start_process
from e2e_common import stop_all

JIEDAO = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()
processes = []


get = http_get


def start(args, log_path):
    return start_process(args, log_path, processes)


class Prometheus:
    def __init__(self, work, name, config, data_dir):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.at = None  # the time of queries without their own (None: now)
        self.process = start(["prometheus", f"--config.file={config}", f"--storage.tsdb.path={data_dir}",
                              f"--web.listen-address=127.0.0.1:{self.port}", "--storage.tsdb.retention.time=30y",
                              "--log.level=warn"], os.path.join(work, name + ".log"))

    def api(self, path, **params):
        status, body = get(self.base + path + "?" + urllib.parse.urlencode(params, doseq=True))
        try:
            answer = json.loads(body)
        except ValueError:
            return None
        return answer.get("data") if status == 200 and answer.get("status") == "success" else None

    def query(self, expr, at=None):
        at = at or self.at
        params = {"query": expr}
        if at is not None:
            params["time"] = at
        data = self.api("/api/v1/query", **params)
        return data.get("result", []) if data else None


def substitute(text, values):
    for name, value in values.items():
        text = text.replace("${%s}" % name, value).replace("$" + name, value)
    return text


def label_values(prom, definition, values):
    m = re.match(r"label_values\((.*),\s*(\w+)\)\s*$", substitute(definition, values))
    if not m:
        return []
    data = prom.api(f"/api/v1/label/{m.group(2)}/values", **{"match[]": m.group(1)})
    return data or []


def expressions(dashboard):
    for panel in dashboard.get("panels", []):
        for target in panel.get("targets", []):
            yield panel, target


def check_dashboard(path, prom, jiedao_base):
    dashboard = json.load(open(path))
    name = os.path.basename(path)
    check(dashboard.get("schemaVersion", 0) >= 36, f"{name}: current schema")
    check(re.search(r"[\u4e00-\u9fff]", dashboard["title"]) and re.search(r"[A-Za-z]", dashboard["title"]),
          f"{name}: title in Chinese and English")
    for panel, target in expressions(dashboard):
        uid = (target.get("datasource") or panel.get("datasource") or {}).get("uid")
        check(uid in ("jiedao-prometheus", "jiedao-infinity"), f"{name}: panel {panel['title']!r} uses a provisioned uid")
    variables = dashboard.get("templating", {}).get("list", [])

    def all_return_data(values, report):
        ok = True
        for panel, target in expressions(dashboard):
            if "expr" in target:
                expr = substitute(target["expr"], values)
                result = prom.query(expr)
                if not result:
                    ok = False
                    if report:
                        check(False, f"{name}: {panel['title']!r}: {expr} returns no data")
            elif "url" in target:
                url = substitute(target["url"], values)
                status, body = get(jiedao_base + urllib.parse.quote(url, safe="/?&=:%"))
                rows = json.loads(body) if status == 200 else None
                if not (isinstance(rows, list) and rows):
                    ok = False
                    if report:
                        check(False, f"{name}: Infinity {panel['title']!r}: {url} returns no rows ({status})")
        return ok

    # Variables in order, each from its own query with the earlier ones set, as Grafana does;
    # the first combination of real values under which every panel has data.
    def candidates(i, values):
        if i == len(variables):
            yield dict(values)
            return
        v = variables[i]
        if v["type"] == "custom":
            options = [o["value"] for o in v["options"]]
        else:
            query = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
            options = label_values(prom, query, values)[:6]
            if v.get("includeAll"):
                options = [v.get("allValue", ".*")] + options  # Grafana's "All"
        check(options, f"{name}: variable {v['name']} has values")
        for option in options:
            values[v["name"]] = option
            yield from candidates(i + 1, values)
        values.pop(v["name"], None)

    tried = 0
    for values in itertools.islice(candidates(0, {}), 60):
        tried += 1
        if all_return_data(values, report=False):
            print(f"{name}: every panel has data with {values}")
            all_return_data(values, report=True)
            return
    first = next(candidates(0, {}), {})
    print(f"{name}: no combination of {tried} has data in every panel; the first one:")
    all_return_data(first, report=True)
    check(False, f"{name}: every panel returns data for some real variable values")


def main():
    if not shutil.which("prometheus") or not shutil.which("promtool"):
        print("e2e_prometheus: Debian's prometheus package is missing; `make deps` installs it")
        return 1
    work = tempfile.mkdtemp(prefix="jiedao-prom-")
    try:
        reports = os.path.join(work, "reports")
        shutil.copytree(os.path.join(ROOT, "data", "reports"), reports)
        port = free_port()
        jiedao_base = f"http://127.0.0.1:{port}"
        db = os.path.join(work, "jiedao.db")
        start([JIEDAO, "serve", "--reports", reports, "--db", db, "--listen", f"127.0.0.1:{port}",
               "--data", os.path.join(ROOT, "data")], os.path.join(work, "jiedao.log"))
        check(wait_until(lambda: get(jiedao_base + "/readyz")[0] == 200, 30), "jiedao serve becomes ready")

        # promtool on the live exposition.
        status, metrics = get(jiedao_base + "/metrics")
        check(status == 200 and b"jiedao_indicator_value{" in metrics, "/metrics has indicator values")
        lint = subprocess.run(["promtool", "check", "metrics"], input=metrics, capture_output=True)
        check(lint.returncode == 0 and not lint.stdout.strip() and not lint.stderr.strip(),
              f"promtool check metrics is clean: {lint.stdout!r} {lint.stderr!r}")

        config = os.path.join(work, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: jiedao\n"
                    f"    static_configs:\n      - targets: ['127.0.0.1:{port}']\n")
        prom = Prometheus(work, "prometheus", config, os.path.join(work, "prom-data"))
        point = 'jiedao_indicator_value{indicator="jobs_added",district="江川路街道",year="2018"}'
        scraped = wait_until(lambda: bool(prom.query(point)), 60, 0.5)
        if not check(scraped, "Prometheus scrapes the daemon"):
            print(open(os.path.join(work, "prometheus.log")).read()[-2000:])
        result = prom.query(point) or []
        check(len(result) == 1 and float(result[0]["value"][1]) == 3188, f"{point} is 3188: {result}")
        labelled = prom.query('jiedao_indicator_value{family="jobs_added",counts="items",district="江川路街道",'
                              'year="2018",status="actual"}') or []
        check(len(labelled) == 1 and float(labelled[0]["value"][1]) == 3188,
              f"the 2018 point carries family and counts labels: {labelled}")
        health = prom.query('up{job="jiedao"}') or []
        check(health and health[0]["value"][1] == "1", "up{job=\"jiedao\"} is 1")
        for metric in ["jiedao_reports_stored", "jiedao_facts_stored", "jiedao_build_info",
                       "jiedao_ingest_duration_seconds_count", "jiedao_http_requests_total",
                       "jiedao_last_successful_ingest_timestamp_seconds"]:
            check(bool(prom.query(metric)), f"{metric} is scraped")

        # The history dashboard reads jiedao_reported_value, which only the TSDB path (remote write,
        # the backfill) gives: it is checked below, on the backfilled Prometheus.
        history_dashboards = [p for p in sorted(glob.glob(os.path.join(ROOT, "dashboards", "*.json")))
                              if "jiedao_reported_value" in open(p).read()]
        check(history_dashboards, "a dashboard reads the history (jiedao_reported_value)")
        for path in sorted(glob.glob(os.path.join(ROOT, "dashboards", "*.json"))):
            if path not in history_dashboards:
                check_dashboard(path, prom, jiedao_base)

        # The backfill: history with its own timestamps.
        exported = os.path.join(work, "points.om")
        run = subprocess.run([JIEDAO, "export", "--db", db, "--format", "openmetrics", "--output", exported],
                             capture_output=True, text=True)
        check(run.returncode == 0, f"jiedao export: {run.stderr}")
        blocks = os.path.join(work, "blocks")
        run = subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=8760h",
                              exported, blocks], capture_output=True, text=True)
        check(run.returncode == 0, f"promtool create-blocks-from openmetrics: {run.stderr[-500:]}")
        empty = os.path.join(work, "empty.yml")
        with open(empty, "w") as f:
            f.write("global:\n  scrape_interval: 1m\n")
        history = Prometheus(work, "history", empty, blocks)
        at = "2018-12-31T00:00:00+08:00"
        ready = wait_until(lambda: history.query("vector(1)") is not None, 60, 0.5)
        check(ready, "Prometheus starts on the backfilled blocks")
        # The history is jiedao_reported_value: no period or year label, one series per span.
        backfilled = 'jiedao_reported_value{indicator="jobs_added",district="江川路街道",span="year",status="actual"}'
        result = history.query(backfilled, at=at) or []
        check(len(result) == 1 and float(result[0]["value"][1]) == 3188,
              f"the backfilled 2018 point is 3188 at {at}: {result}")
        check("year" not in (result[0]["metric"] if result else {"year": 1}), "with no year label")
        before = history.query(backfilled, at="2018-12-30T00:00:00+08:00")
        check(before == [], "and absent a day before its time")
        # Its panels, as Grafana would draw them over the years of the samples.
        history.at = "2019-06-30T00:00:00+08:00"
        for path in history_dashboards:
            check_dashboard(path, history, jiedao_base)
    finally:
        stop_all(processes)
        shutil.rmtree(work, ignore_errors=True)
    return verdict("e2e_prometheus")


if __name__ == "__main__":
    sys.exit(main())
