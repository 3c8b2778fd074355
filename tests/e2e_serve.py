#!/usr/bin/env python3
"""End to end: `jiedao serve` over a temporary copy of data/reports, checked through HTTP.

Usage: e2e_serve.py JIEDAO_BINARY   (run from the project root; ctest does)

Every endpoint of the README, the CSV form, each error case, the upload token rule,
path traversal, the watched folder (a report copied in shows up within 5 s and
disappears when removed), and SIGTERM during an ingest leaving a consistent database.
"""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from e2e_common import check, free_port, verdict, wait_until

JIEDAO = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()


class Server:
    def __init__(self, work, reports, db, token_file=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(work, f"serve-{self.port}.log")
        args = [JIEDAO, "serve", "--reports", reports, "--db", db, "--listen", f"127.0.0.1:{self.port}",
                "--data", os.path.join(ROOT, "data"), "--max-upload-mb", "1"]
        if token_file:
            args += ["--token-file", token_file]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(args, stderr=self.log, stdout=self.log)

    def wait_ready(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                break
            try:
                status, _, _ = request(self.base + "/readyz")
                if status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.1)
        print(open(self.log_path).read())
        return False

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=20)
        self.log.close()
        return code

    def log_text(self):
        return open(self.log_path).read()


def request(url, method="GET", body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def get_json(server, path):
    status, kind, body = request(server.base + path)
    try:
        return status, json.loads(body)
    except ValueError:
        return status, {"unparsable": body[:200].decode("utf-8", "replace"), "content_type": kind}


def q(**params):
    return "?" + urllib.parse.urlencode(params)


def expect_error(server, path, status, what, method="GET", body=None, headers=None):
    got, kind, raw = request(server.base + path, method, body, headers)
    check(got == status, f"{what}: status {got}, expected {status} ({raw[:120]!r})")
    try:
        check(isinstance(json.loads(raw).get("error"), str), f"{what}: body is not {{'error': ...}}")
    except ValueError:
        check(False, f"{what}: body is not JSON: {raw[:120]!r}")


SYNTHETIC = "浦东新区曹路镇2021年工作总结\n\n2021年,全镇新增就业岗位1234个,拆除违法建筑56处。\n"


def main():
    work = tempfile.mkdtemp(prefix="jiedao-e2e-")
    try:
        reports = os.path.join(work, "reports")
        shutil.copytree(os.path.join(ROOT, "data", "reports"), reports)
        db = os.path.join(work, "jiedao.db")

        # Without a token file uploads are refused.
        plain = Server(work, reports, db)
        check(plain.wait_ready(), "serve without a token becomes ready")
        expect_error(plain, "/api/v1/reports" + q(name="x.txt"), 403, "upload without --token-file", "POST",
                     SYNTHETIC.encode())
        check(plain.stop() == 0, "SIGTERM stops the daemon with status 0")
        check(" stop " in plain.log_text(), "the log says the daemon stopped")

        token = "e2e-token-0123456789abcdef"
        token_file = os.path.join(work, "token")
        with open(token_file, "w") as f:
            f.write(token + "\n")
        server = Server(work, reports, db, token_file)
        check(server.wait_ready(), "serve becomes ready")
        check(request(server.base + "/healthz")[0] == 200, "/healthz answers 200")

        # The API, endpoint by endpoint.
        status, indicators = get_json(server, "/api/v1/indicators")
        check(status == 200 and isinstance(indicators, list), "/api/v1/indicators is an array")
        jobs = [i for i in indicators if i.get("indicator") == "jobs_added"]
        check(jobs and jobs[0]["facts"] >= 3 and jobs[0]["category"] == "employment" and jobs[0]["unit"] == "count",
              "/api/v1/indicators lists jobs_added with its category, unit and facts")

        check(jobs and jobs[0].get("family") == "jobs_added" and jobs[0].get("counts") == "items"
              and jobs[0].get("counts_label") == "个 items",
              f"/api/v1/indicators gives jobs_added's family, measure class and its label ({jobs[:1]})")

        # Families: the list, and family= on series and facts.
        status, families = get_json(server, "/api/v1/families")
        by_family = {f.get("family"): f for f in families} if isinstance(families, list) else {}
        check(status == 200 and len(by_family) >= 40 and "jobs_added" in by_family.get("jobs_added", {}).get("indicators", [])
              and by_family["jobs_added"]["facts"] >= 3 and by_family["jobs_added"]["description"]
              and by_family["jobs_added"]["units"] == "count",
              "/api/v1/families lists the families with units, description, catalogue ids and facts stored")
        status, kind, body = request(server.base + "/api/v1/families" + q(format="csv"))
        lines = body.decode("utf-8").splitlines()
        check(status == 200 and lines[0] == "family,units,description,indicators,facts"
              and any(line.startswith("jobs_added,count,") for line in lines),
              "/api/v1/families?format=csv")
        status, in_family = get_json(server, "/api/v1/series" + q(family="jobs_added"))
        check(status == 200 and in_family and all(p["family"] == "jobs_added" for p in in_family)
              and any(p["value"] == 3188 and p["counts_label"] == "个 items" for p in in_family),
              "/api/v1/series?family=jobs_added gives only jobs_added points, with what they count")
        status, garbage = get_json(server, "/api/v1/series" + q(family="garbage", status="actual"))
        check(status == 200 and garbage and all(p["family"] == "garbage" for p in garbage)
              and len({p["indicator"] for p in garbage}) >= 2,
              "/api/v1/series?family=garbage spans the family's indicators")
        status, garbage_facts = get_json(server, "/api/v1/facts" + q(family="garbage", limit=1000))
        check(status == 200 and garbage_facts and all(f["family"] == "garbage" for f in garbage_facts),
              "/api/v1/facts?family=garbage gives only garbage facts")
        expect_error(server, "/api/v1/series" + q(family="nonsense"), 400, "an unknown family on series")
        expect_error(server, "/api/v1/facts" + q(family="nonsense"), 400, "an unknown family on facts")
        status, _, body = request(server.base + "/api/v1/series" + q(family="nonsense"))
        check(b"/api/v1/families" in body, f"the unknown family's error names /api/v1/families ({body[:120]!r})")

        status, districts = get_json(server, "/api/v1/districts")
        jiangchuan = [d for d in districts if d.get("district") == "江川路街道"]
        check(status == 200 and jiangchuan and jiangchuan[0]["county"] == "闵行区" and 2018 in jiangchuan[0]["years"],
              "/api/v1/districts lists 江川路街道 in 闵行区 with 2018")

        status, series = get_json(server, "/api/v1/series" + q(indicator="jobs_added", district="江川路街道"))
        check(status == 200 and isinstance(series, list) and series, "/api/v1/series answers an array")
        point = [p for p in series if p.get("period") == "2018" and p.get("status") == "actual"]
        check(point and point[0]["value"] == 3188 and point[0]["time"] == "2018-12-31T00:00:00+08:00"
              and point[0]["period_start"] == "2018-01-01" and point[0]["period_end"] == "2018-12-31",
              "the 2018 point of jobs_added in 江川路街道 is 3188 at 2018-12-31T00:00:00+08:00")
        status, county_series = get_json(server, "/api/v1/series" + q(county="杨浦区", status="actual", **{"from": 2019, "to": 2022}))
        check(status == 200 and county_series and all(p["county"] == "杨浦区" and p["status"] == "actual"
                                                      and 2019 <= p["year"] <= 2022 for p in county_series),
              "/api/v1/series filters by county, status and years")
        status, kind, body = request(server.base + "/api/v1/series" + q(indicator="jobs_added", format="csv"))
        lines = body.decode("utf-8").splitlines()
        check(status == 200 and kind.startswith("text/csv") and lines[0].startswith("time,district,county,city,province,code,indicator")
              and lines[0].endswith(",family,counts,counts_label,of,year_value,conflict,reviewed") and len(lines) > 1,
              "/api/v1/series?format=csv is CSV with a header")
        check(any(",jobs_added,items,个 items," in line for line in lines[1:]), "the series CSV says what is counted")

        status, value = get_json(server, "/api/v1/value" + q(indicator="jobs_added", district="江川路街道", year=2018))
        check(status == 200 and value.get("value") == 3188 and value.get("provenance", {}).get("quote") == "3188个"
              and "新增就业岗位" in value["provenance"].get("sentence", ""),
              "/api/v1/value answers 3188 with its quote and sentence")
        check(value.get("family") == "jobs_added" and value.get("counts_label") == "个 items" and "of" not in value,
              f"/api/v1/value says the family and what is counted, and no task ({value.get('counts_label')!r})")
        span = value.get("provenance", {}).get("span", [0, 0])
        status, report = get_json(server, "/api/v1/reports/" + value.get("provenance", {}).get("report", "none"))
        check(status == 200 and report.get("text", "").encode("utf-8")[span[0]:span[1]].decode("utf-8") == "3188个",
              "the provenance span points at the quote in the report's stored text")
        check(isinstance(report.get("facts"), list) and report.get("district") == "江川路街道"
              and report.get("period") == "2018", "/api/v1/reports/{id} has its facts, district and period")
        expect_error(server, "/api/v1/value" + q(indicator="jobs_added", district="江川路街道", year=1999), 404,
                     "a value that no report states")

        status, page1 = get_json(server, "/api/v1/facts" + q(limit=5))
        status2, page2 = get_json(server, "/api/v1/facts" + q(limit=5, offset=5))
        check(status == 200 and len(page1) == 5 and len(page2) == 5 and page1[0]["id"] != page2[0]["id"],
              "/api/v1/facts pages with limit and offset")
        status, found = get_json(server, "/api/v1/facts" + q(q="湿垃圾"))
        check(status == 200 and found and all("湿垃圾" in (f["subject"] + f["quote"] + f["sentence"]) for f in found),
              "/api/v1/facts?q= searches the text")
        status, found = get_json(server, "/api/v1/facts" + q(q="垃圾", limit=10000))
        status2, found2 = get_json(server, "/api/v1/facts" + q(q="垃", limit=10000))
        check(status == 200 and found and status2 == 400 and "two characters" in found2["error"],
              "/api/v1/facts?q= wants two characters at least, and finds with two")
        status, kind, body = request(server.base + "/api/v1/facts" + q(limit=3, format="csv"))
        check(status == 200 and kind.startswith("text/csv") and len(body.decode().splitlines()) == 4
              and body.decode().splitlines()[0].startswith("doc,district,county,city,province,code,period_start,period_end,")
              and body.decode().splitlines()[0].endswith(",span_start,span_end,id,period_label,counts_label,sentence"),
              "/api/v1/facts?format=csv: the record's columns (as jiedao extract writes them), then the API's")
        status, jobs_facts = get_json(server, "/api/v1/facts" + q(indicator="jobs_added", district="江川路街道"))
        check(status == 200 and any(f["value"] == 3188 and f["family"] == "jobs_added" and f["counts"] == "items"
                                    and f["counts_label"] == "个 items" for f in jobs_facts),
              "/api/v1/facts gives each fact's family and what it counts")
        status, listed = get_json(server, "/api/v1/reports")
        check(status == 200 and len(listed) == 5 and all("text" not in r for r in listed), "/api/v1/reports lists 5")
        status, page = get_json(server, "/api/v1/reports" + q(limit=2, offset=3))
        check(status == 200 and [r["id"] for r in page] == [r["id"] for r in listed][3:5],
              "/api/v1/reports pages with limit and offset, by id")
        status, _ = get_json(server, "/api/v1/reports" + q(limit=10001))
        check(status == 400, "/api/v1/reports refuses a limit over 10000")
        expect_error(server, "/api/v1/reports/no_such_report", 404, "an unknown report")

        # A user's mistakes are 4xx with {"error": ...}.
        expect_error(server, "/api/v1/series?colour=red", 400, "an unknown parameter")
        status, _, body = request(server.base + "/api/v1/series?colour=red")
        check("allowed: city, code, county, district, family, format, from, indicator, of, province, span, status, to" in body.decode(),
              f"the unknown parameter's error lists the allowed ones ({body[:160]!r})")
        expect_error(server, "/api/v1/families?colour=red", 400, "an unknown parameter on families")
        expect_error(server, "/api/v1/value" + q(indicator="jobs_added", district="江川路街道", year="20x8"), 400, "a bad year")
        expect_error(server, "/api/v1/value" + q(indicator="jobs_added", district="江川路街道", year=99999), 400,
                     "a year out of range")
        expect_error(server, "/api/v1/value" + q(indicator="jobs_added"), 400, "a value without district and year")
        expect_error(server, "/api/v1/series?district=%FF%FE", 400, "malformed UTF-8")
        expect_error(server, "/api/v1/series?status=planned", 400, "a bad status")
        expect_error(server, "/api/v1/facts?limit=-1", 400, "a negative limit")
        expect_error(server, "/api/v1/series?format=xml", 400, "an unknown format")
        expect_error(server, "/api/v2/nothing", 404, "an unknown path")
        auth = {"Authorization": "Bearer " + token}
        expect_error(server, "/api/v1/reports" + q(name="big.txt"), 413, "an oversized body", "POST",
                     b"x" * (2 * 1024 * 1024), auth)

        # The token rule and path traversal.
        expect_error(server, "/api/v1/reports" + q(name="up.txt"), 401, "an upload without a token", "POST",
                     SYNTHETIC.encode())
        expect_error(server, "/api/v1/reports" + q(name="up.txt"), 401, "an upload with a wrong token", "POST",
                     SYNTHETIC.encode(), {"Authorization": "Bearer wrong-token-0123456789"})
        for name in ["../evil", "../../tmp/evil.txt", "a/b.txt", ".hidden.txt", "..", "evil\\x.txt", "/etc/passwd",
                     "a b.txt", ""]:
            expect_error(server, "/api/v1/reports" + q(name=name), 400, f"upload name {name!r}", "POST",
                         SYNTHETIC.encode(), auth)
        check(not os.path.exists(os.path.join(work, "evil")) and not os.path.exists(os.path.join(work, "evil.txt")),
              "no file was written outside the reports folder")
        expect_error(server, "/api/v1/reports" + q(name="binary.txt"), 415, "an upload that cannot be read",
                     "POST", bytes(range(128, 256)) * 4, auth)
        expect_error(server, "/api/v1/reports" + q(name="scan.pdf"), 415, "a scanned PDF upload", "POST",
                     open(os.path.join(ROOT, "tests", "fixtures", "scanned.pdf"), "rb").read(), auth)
        status, _, body = request(server.base + "/api/v1/reports" + q(name="gbk_upload"), "POST",
                                  SYNTHETIC.replace("曹路镇", "高东镇").encode("gbk"), auth)
        check(status == 201 and os.path.exists(os.path.join(reports, "gbk_upload.txt")),
              f"a GBK upload is read and saved ({status} {body[:100]!r})")
        os.remove(os.path.join(reports, "gbk_upload.txt"))
        status, _, body = request(server.base + "/api/v1/reports" + q(name="曹路镇_2021"), "POST", SYNTHETIC.encode(), auth)
        check(status == 201 and json.loads(body).get("facts") == 2, f"an upload is ingested ({status} {body[:100]!r})")
        check(os.path.exists(os.path.join(reports, "曹路镇_2021.txt")), "the upload is saved into the reports folder")
        check(not [n for n in os.listdir(reports) if n.startswith(".upload")], "no temporary file is left behind")
        status, value = get_json(server, "/api/v1/value" + q(indicator="jobs_added", district="曹路镇", year=2021))
        check(status == 200 and value.get("value") == 1234, "the uploaded report answers at once")
        # /metrics keeps what it shows of the store between writes: a write must show at the next scrape.
        def caolu_jobs():
            text = request(server.base + "/metrics")[2].decode()
            return [line.rsplit(" ", 1)[1] for line in text.splitlines()
                    if line.startswith("jiedao_indicator_value{") and 'district="曹路镇"' in line
                    and 'indicator="jobs_added"' in line]
        check(caolu_jobs() == ["1234"], f"the upload is in /metrics at the next scrape ({caolu_jobs()})")
        os.remove(os.path.join(reports, "曹路镇_2021.txt"))
        check(wait_until(lambda: get_json(server, "/api/v1/value" + q(indicator="jobs_added", district="曹路镇",
                                                                     year=2021))[0] == 404, 5),
              "a removed upload disappears")
        check(caolu_jobs() == [], "a removed upload leaves /metrics at the next scrape")

        # The watched folder: a report copied in shows up within 5 s, and goes when removed.
        copied = os.path.join(reports, "synthetic_caolu_2021.txt")
        with open(copied + ".part", "w") as f:
            f.write(SYNTHETIC.replace("1234", "4321"))
        os.rename(copied + ".part", copied)
        started = time.time()
        check(wait_until(lambda: get_json(server, "/api/v1/value" + q(indicator="jobs_added", district="曹路镇",
                                                                     year=2021))[1].get("value") == 4321, 5),
              "a report copied into the folder shows up in /api/v1/value within 5 s")
        print(f"copied report visible after {time.time() - started:.1f} s")
        os.remove(copied)
        check(wait_until(lambda: get_json(server, "/api/v1/value" + q(indicator="jobs_added", district="曹路镇",
                                                                     year=2021))[0] == 404, 5),
              "a removed report disappears within 5 s")

        # A scrape counts itself with the status it answered (cpp-httplib sets 200 after the handler).
        scrapes = [l for l in request(server.base + "/metrics")[2].decode().splitlines()
                   if l.startswith('jiedao_http_requests_total{') and 'handler="/metrics"' in l]
        check(scrapes and all('code="200"' in l for l in scrapes), f"/metrics counts its own requests as 200 ({scrapes})")

        # What the text does not say: a report with neither year nor a district the gazetteer
        # knows waits; reports.tsv (written by hand, or by an upload's parameters) gives both.
        def metric_lines(district):
            text = request(server.base + "/metrics")[2].decode()
            return [line for line in text.splitlines()
                    if line.startswith("jiedao_indicator_value{") and f'district="{district}"' in line]
        def report_entry(report_id):
            return next((r for r in get_json(server, "/api/v1/reports")[1] if r.get("id") == report_id), {})
        undated = "街道不断改善社区环境,新增就业岗位321个。\n"
        with open(os.path.join(reports, "undated.txt"), "w") as f:
            f.write(undated)
        check(wait_until(lambda: report_entry("undated").get("waiting_for") == "district period", 5),
              f"a report without district and year says what it waits for ({report_entry('undated')})")
        with open(os.path.join(reports, "reports.tsv"), "w") as f:
            f.write("# file\tdistrict\tcounty\tperiod\tkind\tpublished\nundated.txt\t四川北路街道\t-\t2016\t-\t-\n")
        check(wait_until(lambda: get_json(server, "/api/v1/value" + q(indicator="jobs_added", district="四川北路街道",
                                                                     year=2016))[1].get("value") == 321, 5),
              "reports.tsv gives the report its district and period in /api/v1/value")
        check(report_entry("undated").get("waiting_for") == "" and report_entry("undated").get("county") == "虹口区",
              f"the report waits for nothing once reports.tsv names it ({report_entry('undated')})")
        check(any('period="2016"' in line and line.endswith(" 321") for line in metric_lines("四川北路街道")),
              f"and in /metrics ({metric_lines('四川北路街道')})")
        # The same fields as upload parameters, checked before the body is read.
        expect_error(server, "/api/v1/reports" + q(name="haxi.txt", period="soon"), 400, "an upload with a bad period",
                     "POST", undated.encode(), auth)
        expect_error(server, "/api/v1/reports" + q(name="haxi.txt", kind="memo"), 400, "an upload with an unknown kind",
                     "POST", undated.encode(), auth)
        status, _, body = request(server.base + "/api/v1/reports" + q(name="haxi.txt", district="四川北路街道",
                                                                      period="2015", kind="year plan"),
                                  "POST", undated.encode(), auth)
        check(status == 201, f"an upload with district, period and kind is ingested ({status} {body[:120]!r})")
        status, plan = get_json(server, "/api/v1/value" + q(indicator="jobs_added", district="四川北路街道", year=2015,
                                                            status="target"))
        check(status == 200 and plan.get("value") == 321, f"its facts carry the period and status given ({plan})")
        with open(os.path.join(reports, "reports.tsv")) as f:
            rows = f.read()
        check("haxi.txt\t四川北路街道\t虹口区\t2015\tyear plan\t-" in rows and "undated.txt\t" in rows,
              f"the upload's fields are its row of reports.tsv, beside the others ({rows!r})")
        os.remove(os.path.join(reports, "haxi.txt"))
        os.remove(os.path.join(reports, "undated.txt"))
        os.remove(os.path.join(reports, "reports.tsv"))
        check(wait_until(lambda: report_entry("undated") == {}, 5), "the reports go when removed")
        check(server.stop() == 0, "SIGTERM stops the daemon with status 0")

        # SIGTERM during an ingest leaves a consistent database.
        many = os.path.join(work, "many")
        os.mkdir(many)
        sources = sorted(os.listdir(reports))
        for i in range(400):
            shutil.copy(os.path.join(reports, sources[i % len(sources)]), os.path.join(many, f"copy_{i:03d}.txt"))
        many_db = os.path.join(work, "many.db")
        busy = Server(work, many, many_db)
        deadline = time.time() + 10
        while time.time() < deadline and " start " not in open(busy.log_path).read():
            time.sleep(0.02)
        time.sleep(0.3)
        code = busy.stop()
        check(code == 0, f"SIGTERM during an ingest stops with status 0 (got {code})")
        with sqlite3.connect(many_db) as conn:
            check(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "the database passes integrity_check")
            rows = conn.execute("SELECT r.id, r.fact_count, (SELECT COUNT(*) FROM facts f WHERE f.report = r.id) "
                                "FROM reports r").fetchall()
            check(all(stated == counted for _, stated, counted in rows), "every stored report has all its facts")
            print(f"stopped during ingest with {len(rows)} of 400 reports stored")
            check(len(rows) < 400, "the stop came during the ingest (fewer than 400 reports stored)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return verdict("e2e_serve")


if __name__ == "__main__":
    sys.exit(main())
