#!/usr/bin/env python3
"""End to end: conflicts and corrections (POST /api/v1/facts/{id}/correction, corrections.tsv).

Usage: e2e_corrections.py JIEDAO_BINARY   (run from the project root)

The daemon serves a temporary copy of data/reports with an upload token. The fact under test is
定海路街道's 30000平方米 of 2019 (report 002_5d664511e06b6a03: the year's demolition task,
extracted as actual), found through /api/v1/conflicts.

1. Refusals: no token and a wrong token (401), no Content-Length (411), a body (413), an unknown
   fact id (404), status=soon, indicator=made_up and an unknown parameter (400); each answer is
   {"error": ...}, and none of them writes corrections.tsv.
2. status=target on the 30000平方米 fact: 200 with applied true, the new fact and the row written;
   corrections.tsv holds its header and the row; /api/v1/corrections lists it as applied;
   /api/v1/value of the 2019 target answers 30000 with reviewed true; the 2019 actual conflicts
   of /api/v1/conflicts no longer state it; jiedao_conflicting_points does not grow.
3. A restart over a fresh database (the old one deleted) applies corrections.tsv again: the same
   target value, reviewed.
4. Stale: text inserted at the head of the report moves the quote; at the next sync the row is
   listed as stale, the log says correction_stale, and the 2019 target is no longer that fact.
   A bad row appended by hand is an error naming corrections.tsv:LINE: and the rows read
   before stay in force.
5. kill -9 while three clients send corrections (one report each, a fact's own value with a note
   of its own): corrections.tsv still parses (a header, then rows of 8 fields) and holds every row
   answered 200; the database passes integrity_check; a restart on the same database lists the 5
   reports only (no .upload-* temporary file read as a report, none left), every row of the file as
   applied, and each corrected fact carries its correction.

Temporary files live under one folder, removed at the end; every daemon started is stopped.
"""
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from e2e_common import Daemon, check, raw_http, run_steps, verdict, wait_until

JIEDAO = os.path.abspath(sys.argv[1])
ROOT = os.getcwd()
DATA = os.path.join(ROOT, "data")
SOURCES = sorted(os.path.join(DATA, "reports", n) for n in os.listdir(os.path.join(DATA, "reports"))
                 if n.endswith(".txt"))
TOKEN = "e2e-corrections-token-0123456789"
REPORT = "002_5d664511e06b6a03"
QUOTE = "30000平方米"
INDICATOR, DISTRICT = "illegal_structures_demolished", "定海路街道"
HEADER = "# report\tspan\tquote\tfield\tvalue\tnote\tby\tat"
TARGET_2019 = "/api/v1/value?" + urllib.parse.urlencode(
    {"indicator": INDICATOR, "district": DISTRICT, "year": 2019, "status": "target"})

processes = []


def request(url, method="GET", body=None, headers=None, timeout=15):
    """(status, body bytes); status 0 when no answer came."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:
        return 0, str(error).encode()


def parsed(body):
    try:
        return json.loads(body)
    except ValueError:
        return {"unparsable": body[:200].decode("utf-8", "replace")}


class Server(Daemon):
    def __init__(self, work, reports, db):
        self.token_file = os.path.join(work, "token")
        with open(self.token_file, "w") as f:
            f.write(TOKEN + "\n")
        super().__init__(work, lambda port: [JIEDAO, "serve", "--reports", reports, "--db", db, "--listen",
                                             f"127.0.0.1:{port}", "--token-file", self.token_file, "--data", DATA],
                         processes)

    def get(self, path):
        return request(self.base + path)

    def get_json(self, path):
        status, body = self.get(path)
        return status, parsed(body)

    def correct(self, fact_id, params, token=TOKEN, body=b""):
        """POSTs a correction (Content-Length: 0 unless a body is given); (status, parsed JSON)."""
        headers = {"Authorization": "Bearer " + token} if token else {}
        status, answer = request(f"{self.base}/api/v1/facts/{fact_id}/correction?" + urllib.parse.urlencode(params),
                                 "POST", body, headers)
        return status, parsed(answer)


def fresh_reports(work, name):
    folder = os.path.join(work, name)
    os.mkdir(folder)
    for source in SOURCES:
        shutil.copy(source, folder)
    return folder


def remove_db(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def conflicting_points(server):
    """The value of jiedao_conflicting_points in /metrics, or None."""
    text = server.get("/metrics")[1].decode("utf-8", "replace")
    found = re.findall(r"^jiedao_conflicting_points (\d+)$", text, re.M)
    return int(found[0]) if len(found) == 1 else None


def district_conflicts(server):
    status, points = server.get_json("/api/v1/conflicts?" + urllib.parse.urlencode(
        {"indicator": INDICATOR, "district": DISTRICT}))
    return points if status == 200 and isinstance(points, list) else None


def task_fact(server):
    """The stated fact of the 2019 actual conflicts quoting 30000平方米, or None."""
    for point in district_conflicts(server) or []:
        if point.get("period") == "2019" and point.get("status") == "actual":
            for fact in point.get("stated", []):
                if fact.get("quote") == QUOTE and fact.get("doc") == REPORT:
                    return fact
    return None


def corrections(server, report=None):
    status, rows = server.get_json("/api/v1/corrections" + (f"?report={report}" if report else ""))
    return rows if status == 200 and isinstance(rows, list) else None


def target_2019(server):
    return server.get_json(TARGET_2019)


def file_rows(path):
    """(header line or None, [non-comment lines]) of a corrections.tsv."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0] if lines and lines[0].startswith("#") else None
    return header, [line for line in lines if line and not line.startswith("#")]


# ---------------------------------------------------------------------------------------------
def refusals(server, reports, state):
    print("== refusals", flush=True)
    status, every = server.get_json("/api/v1/conflicts")
    check(status == 200 and isinstance(every, list) and len(every) >= 10
          and all(p.get("conflict") is True and isinstance(p.get("stated"), list) for p in every),
          f"/api/v1/conflicts lists points with conflict true and their stated facts "
          f"({status}, {len(every) if isinstance(every, list) else every})")
    before = conflicting_points(server)
    check(before is not None and isinstance(every, list) and before == len(every),
          f"jiedao_conflicting_points is an integer, the number of /api/v1/conflicts ({before})")
    state["conflicting_before"] = before
    fact = task_fact(server)
    if not check(fact is not None, f"/api/v1/conflicts of {DISTRICT} states {QUOTE} among the 2019 actual facts"):
        return
    check(all(k in fact for k in ("id", "doc", "value", "quote", "span", "how", "sentence"))
          and fact["value"] == 30000 and fact["status"] == "actual",
          f"the stated fact is a full fact, actual, of value 30000 ({sorted(fact)})")
    state["fact"] = fact
    target = {"status": "target", "note": "任务量", "by": "e2e"}
    path = f"/api/v1/facts/{fact['id']}/correction?" + urllib.parse.urlencode(target)

    def refused(got, status, what):
        code, body = got
        check(code == status, f"{what}: status {code}, expected {status} ({body})")
        check(isinstance(body, dict) and isinstance(body.get("error"), str), f"{what}: the body is {{'error': ...}}")

    refused(server.correct(fact["id"], target, token=None), 401, "a correction without a token")
    refused(server.correct(fact["id"], target, token="wrong-token-0123456789abcdef"), 401,
            "a correction with a wrong token")
    status, body = raw_http(server.port, (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                          f"Authorization: Bearer {TOKEN}\r\nConnection: close\r\n\r\n").encode())
    refused((status, parsed(body)), 411, "a correction without Content-Length")
    refused(server.correct(fact["id"], target, body=b"status=target"), 413, "a correction with a body")
    refused(server.correct(999999999, target), 404, "a correction of an unknown fact id")
    refused(server.correct(fact["id"], {"status": "soon"}), 400, "a correction with status=soon")
    refused(server.correct(fact["id"], {"indicator": "made_up"}), 400, "a correction with indicator=made_up")
    refused(server.correct(fact["id"], dict(target, colour="red")), 400, "a correction with an unknown parameter")
    check(not os.path.exists(os.path.join(reports, "corrections.tsv")), "no refusal wrote corrections.tsv")
    check(corrections(server) == [], "/api/v1/corrections is an empty list after the refusals")
    check(task_fact(server) is not None and task_fact(server)["id"] == fact["id"],
          "the fact is unchanged after the refusals (same id)")


def correct_task(server, reports, state):
    print("== a correction with the token", flush=True)
    fact = state.get("fact")
    if not check(fact is not None, "the 30000平方米 fact was found"):
        return
    status, answer = server.correct(fact["id"], {"status": "target", "note": "任务量", "by": "e2e"})
    if not check(status == 200 and isinstance(answer, dict), f"status=target answers 200 ({status} {answer})"):
        return
    new = answer.get("fact") or {}
    check(answer.get("report") == REPORT and answer.get("applied") is True,
          f"the answer names the report and says applied ({answer.get('report')}, {answer.get('applied')})")
    check(new.get("quote") == QUOTE and new.get("status") == "target" and new.get("value") == 30000
          and new.get("span") == fact["span"] and new.get("id") != fact["id"],
          f"the answer's fact is the quote, now target, with a new id ({new.get('id')} after {fact['id']})")
    rows = answer.get("rows")
    begin, end = fact["span"]
    check(isinstance(rows, list) and len(rows) == 1
          and rows[0].startswith(f"{REPORT}\t{begin}-{end}\t{QUOTE}\tstatus\ttarget\t任务量\te2e\t")
          and len(rows[0].split("\t")) == 8, f"the answer gives the row written ({rows})")
    table = os.path.join(reports, "corrections.tsv")
    header, lines = file_rows(table) if os.path.exists(table) else (None, [])
    check(header == HEADER, f"corrections.tsv starts with its header ({header!r})")
    check(isinstance(rows, list) and lines == rows, f"corrections.tsv holds the row ({lines})")
    check(not [n for n in os.listdir(reports) if n.startswith(".upload-")], "no temporary file is left behind")
    listed = corrections(server)
    check(listed is not None and len(listed) == 1 and listed[0].get("state") == "applied"
          and listed[0].get("report") == REPORT and listed[0].get("quote") == QUOTE
          and listed[0].get("field") == "status" and listed[0].get("value") == "target"
          and listed[0].get("note") == "任务量" and listed[0].get("by") == "e2e" and listed[0].get("at"),
          f"/api/v1/corrections lists the row as applied ({listed})")
    check(corrections(server, REPORT) == listed and corrections(server, "004_b67d8288c1eafdae") == [],
          "/api/v1/corrections?report= gives the report's rows only")
    status, value = target_2019(server)
    check(status == 200 and value.get("value") == 30000 and value.get("reviewed") is True
          and value.get("conflict") is False and value.get("provenance", {}).get("quote") == QUOTE,
          f"/api/v1/value of the 2019 target is 30000, reviewed ({status} {value})")
    status, series = server.get_json("/api/v1/series?" + urllib.parse.urlencode(
        {"indicator": INDICATOR, "district": DISTRICT}))
    check(status == 200 and series and all(isinstance(p.get("conflict"), bool) and isinstance(p.get("reviewed"), bool)
                                           for p in series),
          "every point of /api/v1/series says conflict and reviewed")
    check(any(p.get("period") == "2019" and p.get("status") == "target" and p.get("value") == 30000
              and p.get("reviewed") is True for p in series or []),
          "/api/v1/series has the 2019 target point, reviewed")
    points = district_conflicts(server)
    stated = [f for p in points or [] if p.get("period") == "2019" and p.get("status") == "actual"
              for f in p.get("stated", [])]
    still = [f for f in stated if f.get("quote") == QUOTE or f.get("id") in (fact["id"], new.get("id"))]
    check(points is not None and not still,
          f"/api/v1/conflicts no longer states {QUOTE} among the 2019 actual facts")
    after = conflicting_points(server)
    before = state.get("conflicting_before")
    check(after is not None and before is not None and after <= before,
          f"jiedao_conflicting_points is an integer and did not grow ({before} -> {after})")
    print(f"  conflicting points: {before} before, {after} after")


def fresh_database(work, reports, db):
    print("== restart over a fresh database", flush=True)
    remove_db(db)
    server = Server(work, reports, db)
    try:
        if not check(server.wait_ready(), "the daemon over a fresh database becomes ready"):
            return
        status, value = target_2019(server)
        check(status == 200 and value.get("value") == 30000 and value.get("reviewed") is True,
              f"after the restart the 2019 target is still 30000, reviewed ({status} {value})")
        listed = corrections(server)
        check(listed is not None and [r.get("state") for r in listed] == ["applied"],
              f"after the restart /api/v1/corrections lists the row as applied ({listed})")
    finally:
        check(server.stop() == 0, "the restarted daemon stops with status 0")


def stale(work, reports, db):
    print("== a stale correction", flush=True)
    server = Server(work, reports, db)
    try:
        if not check(server.wait_ready(), "the daemon becomes ready"):
            return
        check(target_2019(server)[1].get("value") == 30000, "the correction is applied before the edit")
        path = os.path.join(reports, REPORT + ".txt")
        with open(path, "rb") as f:
            text = f.read()
        with open(path + ".part", "wb") as f:
            f.write("(修订稿)\n".encode() + text)
        os.rename(path + ".part", path)
        started = time.time()
        listed = wait_until(lambda: (lambda rows: rows if rows and rows[0].get("state") == "stale" else None)(
            corrections(server)), 15)
        check(listed is not None and len(listed or []) == 1,
              f"after the edit /api/v1/corrections lists the row as stale ({corrections(server)})")
        print(f"  stale {time.time() - started:.1f} s after the edit")
        check(wait_until(lambda: " correction_stale " in server.log_text(), 5), "the log has correction_stale")
        lines = [line for line in server.log_text().splitlines() if " correction_stale " in line]
        check(any(QUOTE in line and REPORT in line for line in lines),
              f"the correction_stale line names the quote and the report ({lines[:1]})")
        status, value = target_2019(server)
        check(status == 404 or (status == 200 and not (value.get("value") == 30000
                                                        and value.get("provenance", {}).get("quote") == QUOTE)),
              f"the 2019 target is no longer the 30000平方米 fact ({status} {value})")

        # A bad row: an error naming its line, and the rows read before stay in force.
        table = os.path.join(reports, "corrections.tsv")
        with open(table, encoding="utf-8") as f:
            content = f.read()
        with open(table + ".part", "w", encoding="utf-8") as f:
            f.write(content + f"{REPORT}\t10-20\tx\tcolour\tred\t-\t-\t-\n")
        os.rename(table + ".part", table)
        bad_line = len(content.splitlines()) + 1
        check(wait_until(lambda: f"corrections.tsv:{bad_line}:" in server.log_text(), 15),
              f"a bad row is logged as an error naming corrections.tsv:{bad_line}:")
        errors = [line for line in server.log_text().splitlines() if f"corrections.tsv:{bad_line}:" in line]
        print(f"  {errors[:1]}")
        check(corrections(server) == listed, f"the rows read before stay in force ({corrections(server)})")
        check(server.process.poll() is None, "the daemon still runs after the bad row")
    finally:
        check(server.stop() == 0, "the daemon stops with status 0")


def kill_during_corrections(work):
    print("== kill -9 during corrections", flush=True)
    reports = fresh_reports(work, "reports-kill")
    db = os.path.join(work, "kill.db")
    table = os.path.join(reports, "corrections.tsv")
    server = Server(work, reports, db)
    if not check(server.wait_ready(), "the daemon becomes ready"):
        server.stop()
        return
    chosen = ["000_43a5f00219611df0", "003_4e421769b578671e", "004_b67d8288c1eafdae"]

    def report_facts(report):
        return report_facts_of(server, report)

    spans = {}  # report -> the spans of its facts, each the span of one fact only
    for report in chosen:
        counted = {}
        for f in report_facts(report) or []:
            counted[tuple(f["span"])] = counted.get(tuple(f["span"]), 0) + 1
        spans[report] = [span for span, n in counted.items() if n == 1]
    check(all(len(s) >= 30 for s in spans.values()),
          f"each report has 30 facts to correct ({[len(s) for s in spans.values()]})")

    acknowledged = []  # rows answered 200
    other = []  # answers neither 200 nor failed connections
    lock = threading.Lock()
    killed = threading.Event()
    ran_out = []

    def client(report, number):
        for k, span in enumerate(spans[report]):
            if killed.is_set():
                return
            facts = report_facts(report)
            if facts is None:
                return
            fact = next((f for f in facts if tuple(f["span"]) == span), None)
            if fact is None:
                with lock:
                    other.append(("lost", report, span))
                continue
            status, answer = server.correct(fact["id"], {"value": json.dumps(fact["value"]),
                                                         "note": f"kill-{number}-{k}", "by": "e2e"})
            with lock:
                if status == 200:
                    acknowledged.extend(answer.get("rows", []))
                elif status != 0 and not killed.is_set():
                    other.append((status, answer))
        ran_out.append(report)

    delay = random.uniform(0.3, 1.0)

    def killer():
        time.sleep(delay)
        killed.set()
        server.kill9()

    threads = [threading.Thread(target=client, args=(r, n)) for n, r in enumerate(chosen)]
    threads.append(threading.Thread(target=killer))
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    print(f"  killed after {delay:.2f} s with {len(acknowledged)} corrections answered 200")
    check(not other, f"every correction before the kill answered 200 ({other[:3]})")
    check(len(acknowledged) > 0 and not ran_out, f"the kill came while corrections ran ({len(acknowledged)} answered, "
                                                 f"clients done: {ran_out})")

    leftovers = [n for n in os.listdir(reports) if n.startswith(".upload-")]
    print(f"  temporary files left by the kill: {leftovers}")
    header, lines = file_rows(table) if os.path.exists(table) else (None, [])
    check(header == HEADER, f"corrections.tsv still starts with its header ({header!r})")
    check(not os.path.exists(table) or open(table, "rb").read().endswith(b"\n"), "corrections.tsv ends with a line end")
    bad = [line for line in lines if len(line.split("\t")) != 8]
    check(not bad, f"every row of corrections.tsv has 8 tab-separated fields ({bad[:3]})")
    missing = [row for row in acknowledged if row not in lines]
    check(not missing, f"every correction answered 200 is in corrections.tsv ({len(missing)} missing: {missing[:3]})")
    check(len(set(lines)) == len(lines), "no row is written twice")
    print(f"  corrections.tsv: {len(lines)} rows ({len(lines) - len(acknowledged)} not acknowledged)")
    integrity_ok(db, "after kill -9")

    again = Server(work, reports, db)
    try:
        if not check(again.wait_ready(), "the daemon restarted on the same database becomes ready"):
            return
        status, listed = again.get_json("/api/v1/reports")
        ids = sorted(r.get("id") for r in listed) if status == 200 and isinstance(listed, list) else listed
        check(ids == sorted(os.path.basename(s)[:-4] for s in SOURCES),
              f"the 5 reports are listed and nothing else ({ids})")
        check(not [n for n in os.listdir(reports) if n.startswith(".upload-")],
              "the restart removed the temporary files left by the kill")
        rows = corrections(again)
        check(rows is not None and len(rows) == len(lines), f"/api/v1/corrections lists the {len(lines)} rows "
                                                              f"({len(rows) if rows is not None else rows})")
        check(rows is not None and all(r.get("state") == "applied" for r in rows),
              f"every row is applied ({[r for r in rows or [] if r.get('state') != 'applied'][:3]})")
        # Each row's fact carries its correction in the store (the one being ingested at the kill too).
        facts = {report: report_facts_of(again, report) for report in chosen}
        uncorrected = []
        for line in lines:
            report, span, quote, field, value, note = line.split("\t")[:6]
            begin, end = (int(x) for x in span.split("-"))
            fact = next((f for f in facts.get(report) or [] if f.get("span") == [begin, end]), None)
            fields = (fact or {}).get("correction", {}).get("fields", [])
            if fact is None or fact.get("quote") != quote or "value" not in fields or json.dumps(fact["value"]) != value:
                uncorrected.append((line, fact and fact.get("correction")))
        check(not uncorrected, f"each row's fact carries its correction after the restart "
                               f"({len(uncorrected)} not: {uncorrected[:2]})")
        check(" correction_stale " not in again.log_text() and " report_error " not in again.log_text(),
              "the restart logs no correction_stale and no report_error")
    finally:
        check(again.stop() == 0, "the restarted daemon stops with status 0")
    integrity_ok(db, "after the restart")


def integrity_ok(db, what):
    conn = sqlite3.connect(db, timeout=10)
    try:
        check(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"{what}: integrity_check is ok")
    finally:
        conn.close()


def report_facts_of(server, report):
    status, facts = server.get_json("/api/v1/facts?" + urllib.parse.urlencode({"report": report, "limit": 10000}))
    return facts if status == 200 and isinstance(facts, list) else None


# ---------------------------------------------------------------------------------------------
def main():
    work = tempfile.mkdtemp(prefix="jiedao-corrections-")
    began = time.time()
    try:
        reports = fresh_reports(work, "reports")
        db = os.path.join(work, "jiedao.db")
        state = {}
        server = Server(work, reports, db)
        try:
            if check(server.wait_ready(), "serve with a token file becomes ready"):
                for name, step in (("refusals", lambda: refusals(server, reports, state)),
                                   ("a correction", lambda: correct_task(server, reports, state))):
                    step_began = time.time()
                    try:
                        step()
                    except Exception as error:
                        traceback.print_exc()
                        check(False, f"{name}: raised {error!r}")
                    print(f"   ({name}: {time.time() - step_began:.1f} s)", flush=True)
        finally:
            check(server.stop() == 0, "the daemon stops with status 0")
        run_steps([("restart over a fresh database", lambda: fresh_database(work, reports, db)),
                   ("a stale correction", lambda: stale(work, reports, db)),
                   ("kill -9 during corrections", lambda: kill_during_corrections(work))])
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"e2e_corrections: {time.time() - began:.1f} s")
    return verdict("e2e_corrections")


if __name__ == "__main__":
    sys.exit(main())
