#!/usr/bin/env python3
"""End to end: `jiedao serve` under faults and concurrent load.

Usage: e2e_faults.py JIEDAO_BINARY   (run from the project root; ctest does)

1. Bad database places: --db in a folder that does not exist, under a regular file, in a
   read-only folder (as root, where chmod stops nothing, the daemon runs as nobody), and a
   corrupt database (random bytes, a SQLite header followed by garbage, a jiedao database
   with damaged pages): each exits non-zero promptly with a message naming the place, and
   leaves a given file byte for byte as it was.
2. Hostile report files dropped (by rename) into a watched folder: a 50 MB report, random
   bytes named .txt, an empty .txt, a file of nothing but numbers, and a file replaced by
   another while the daemon reads it. After each, /healthz and the 2018 jobs_added value of
   江川路街道 (3188) still answer; unreadable files are report_error lines in the log.
3. kill -9 during the ingest of 600 reports: the database passes integrity_check and holds
   every report wholly or not at all; a restart completes it (600 reports, each with the facts
   of its source file), and a second restart writes nothing.
4. Four threads query /api/v1/series and /api/v1/facts during the ingest of 600 reports: every
   answer is 200 with JSON, /readyz is 503 until the ingest is done and 200 after.

Temporary files live under one folder, removed at the end; every daemon started is killed.
"""
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from e2e_common import Daemon, check, run_steps, sanitized, verdict, wait_until

JIEDAO = os.path.abspath(sys.argv[1])
# Under ASan every step takes several times longer: the 50 MB report (495,196 facts, indexed
# for text search as they are stored) is given longer to come in; what it must do is the same.
HUGE_REPORT_SECONDS = 240 if sanitized(JIEDAO) else 60
ROOT = os.getcwd()
DATA = os.path.join(ROOT, "data")
SOURCES = sorted(os.path.join(DATA, "reports", n) for n in os.listdir(os.path.join(DATA, "reports"))
                 if n.endswith(".txt"))
JIANGCHUAN_2018 = "/api/v1/value?" + urllib.parse.urlencode(
    {"indicator": "jobs_added", "district": "江川路街道", "year": 2018})
COPIES = 600
NOBODY = 65534

processes = []


def request(url, timeout=15):
    """(status, body bytes, seconds); status 0 when the connection failed."""
    started = time.time()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.read(), time.time() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.time() - started
    except OSError as error:
        return 0, str(error).encode(), time.time() - started


class Server(Daemon):
    def __init__(self, work, reports, db, user=None):
        extra = {"user": user, "group": user, "extra_groups": []} if user is not None else {}
        super().__init__(work, lambda port: [JIEDAO, "serve", "--reports", reports, "--db", db, "--listen",
                                             f"127.0.0.1:{port}", "--data", DATA], processes, **extra)

    def get(self, path, timeout=15):
        return request(self.base + path, timeout)

    def wait_logged(self, text, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.log_text():
                return True
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        return text in self.log_text()


def value_answers(server, what):
    status, body, _ = server.get(JIANGCHUAN_2018)
    try:
        value = json.loads(body).get("value")
    except ValueError:
        value = body[:120]
    check(status == 200 and value == 3188, f"{what}: /api/v1/value answers 3188 (got {status} {value!r})")
    check(server.get("/healthz")[0] == 200, f"{what}: /healthz answers 200")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def db_consistency(db, what):
    """Checks the database as a reader sees it; answers {report id: (sha256, fact_count, ingested_at)}."""
    conn = sqlite3.connect(db, timeout=10)
    try:
        check(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"{what}: integrity_check is ok")
        rows = conn.execute("SELECT r.id, r.sha256, r.fact_count, r.ingested_at, "
                            "(SELECT COUNT(*) FROM facts f WHERE f.report = r.id) FROM reports r").fetchall()
        half = [(rid, stated, counted) for rid, _, stated, _, counted in rows if stated != counted]
        check(not half, f"{what}: every report has exactly its fact_count facts (not: {half[:5]})")
        orphans = conn.execute("SELECT COUNT(*) FROM facts WHERE report NOT IN (SELECT id FROM reports)").fetchone()[0]
        check(orphans == 0, f"{what}: no facts without their report ({orphans})")
        # Sentences are stored beside the facts (schema 9): none left behind, none missing.
        stray = conn.execute("SELECT COUNT(*) FROM sentences WHERE report NOT IN (SELECT id FROM reports) "
                             "OR id NOT IN (SELECT sentence_id FROM facts)").fetchone()[0]
        unsaid = conn.execute("SELECT COUNT(*) FROM facts WHERE sentence_id NOT IN (SELECT id FROM sentences)"
                              ).fetchone()[0]
        check(stray == 0 and unsaid == 0,
              f"{what}: every sentence belongs to a fact of its report, every fact has one ({stray}, {unsaid})")
        dup_reports = conn.execute("SELECT id FROM reports GROUP BY id HAVING COUNT(*) > 1").fetchall()
        dup_facts = conn.execute("SELECT report, seq FROM facts GROUP BY report, seq HAVING COUNT(*) > 1").fetchall()
        check(not dup_reports and not dup_facts,
              f"{what}: no duplicate report ids or (report, seq) pairs ({dup_reports[:3]} {dup_facts[:3]})")
        return {rid: (sha, stated, at) for rid, sha, stated, at, _ in rows}
    finally:
        conn.close()


def run_briefly(args, timeout=15, user=None):
    """Runs the daemon expecting it to refuse; (exit status or None when it had to be killed, log, seconds)."""
    started = time.time()
    extra = {"user": user, "group": user, "extra_groups": []} if user is not None else {}
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **extra)
    processes.append(process)
    try:
        out, _ = process.communicate(timeout=timeout)
        code = process.returncode
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
        code = None
    return code, out.decode("utf-8", "replace"), time.time() - started


def serve_args(reports, db, jiedao=None, data=None):
    return [jiedao or JIEDAO, "serve", "--reports", reports, "--db", db, "--listen", "127.0.0.1:0",
            "--data", data or DATA]


# ---------------------------------------------------------------------------------------------
def bad_database_places(work, reports):
    print("== bad database places", flush=True)

    # The daemon as nobody runs from copies in the work folder: the checkout may sit in a folder
    # (root's home) that nobody cannot enter.
    nobody_jiedao, nobody_data = os.path.join(work, "jiedao"), os.path.join(work, "data")

    def refused(db, what, needles, user=None, unchanged=None):
        before = open(unchanged, "rb").read() if unchanged else None
        args = serve_args(reports, db, nobody_jiedao, nobody_data) if user is not None else serve_args(reports, db)
        code, log, seconds = run_briefly(args, user=user)
        check(code is not None, f"{what}: the daemon exits by itself (still running after 15 s; log: {log[-300:]!r})")
        check(code not in (None, 0), f"{what}: exits non-zero (status {code})")
        check(seconds < 10, f"{what}: exits promptly ({seconds:.1f} s)")
        check(" ready " not in log, f"{what}: never says ready")
        for needle in needles:
            check(needle in log, f"{what}: the message names {needle!r} (log: {log.strip()[-300:]!r})")
        if unchanged:
            check(open(unchanged, "rb").read() == before, f"{what}: {os.path.basename(unchanged)} is unchanged")
        print(f"  {what}: status {code} in {seconds:.2f} s: {log.strip().splitlines()[-1] if log.strip() else ''}")

    missing = os.path.join(work, "no_such_folder", "sub")
    refused(os.path.join(missing, "jiedao.db"), "--db in a missing folder", [missing, "does not exist"])
    check(not os.path.exists(os.path.join(work, "no_such_folder")), "the missing folder was not created")

    a_file = os.path.join(work, "plain_file")
    with open(a_file, "w") as f:
        f.write("not a folder\n")
    refused(os.path.join(a_file, "jiedao.db"), "--db under a regular file", [a_file, "not a folder"],
            unchanged=a_file)

    # A read-only folder: a new database, and an existing one.
    ro = os.path.join(work, "readonly")
    os.mkdir(ro)
    existing = os.path.join(ro, "existing.db")
    subprocess.run([JIEDAO, "ingest", "--db", existing, reports], check=True, capture_output=True)
    for suffix in ("-wal", "-shm"):  # a cleanly closed database has none
        check(not os.path.exists(existing + suffix), f"jiedao ingest left no {suffix} file")
    os.chmod(ro, 0o555)
    user = None
    skip = None
    if os.geteuid() == 0:
        # root writes through chmod 0555; run the daemon as nobody, for whom the folder is read-only.
        os.chmod(work, 0o755)  # mkdtemp makes 0700; nobody must reach the reports and the folder
        shutil.copy2(JIEDAO, nobody_jiedao)
        shutil.copytree(DATA, nobody_data)
        try:
            probe = subprocess.run(["sh", "-c", f"touch '{ro}/probe' && echo wrote"], user=NOBODY, group=NOBODY,
                                   extra_groups=[], capture_output=True, text=True, timeout=10)
            runs = subprocess.run([nobody_jiedao, "--help"], user=NOBODY, group=NOBODY, extra_groups=[],
                                  capture_output=True, timeout=10)
            if "wrote" in probe.stdout:
                skip = "nobody can write into the 0555 folder"
            elif runs.returncode != 0:
                skip = f"nobody cannot run {nobody_jiedao} (status {runs.returncode})"
            else:
                user = NOBODY
        except (OSError, subprocess.SubprocessError) as error:
            skip = f"cannot run a process as nobody ({error})"
    if skip:
        print(f"  SKIP read-only folder: running as root and {skip}; not checked")
    else:
        how = " (daemon run as nobody: root ignores chmod)" if user is not None else ""
        refused(os.path.join(ro, "new.db"), "a new --db in a read-only folder" + how, [ro, "writable"], user=user)
        check(not os.path.exists(os.path.join(ro, "new.db")), "no database was created in the read-only folder")
        refused(existing, "an existing --db in a read-only folder" + how, [existing, "writable"], user=user,
                unchanged=existing)
    os.chmod(ro, 0o755)

    # Corrupt databases.
    random_db = os.path.join(work, "random.db")
    with open(random_db, "wb") as f:
        f.write(os.urandom(64 * 1024))
    refused(random_db, "a database of random bytes", [random_db, "not a SQLite database"], unchanged=random_db)
    header_db = os.path.join(work, "header.db")
    with open(header_db, "wb") as f:
        f.write(b"SQLite format 3\x00" + os.urandom(16 * 1024 - 16))
    refused(header_db, "a SQLite header followed by garbage", [header_db], unchanged=header_db)
    # A real jiedao database (header, schema version and WAL mode intact) with damaged pages.
    good = open(existing, "rb").read()
    page = int.from_bytes(good[16:18], "big")
    damaged_db = os.path.join(work, "damaged.db")
    with open(damaged_db, "wb") as f:
        f.write(good[:page] + os.urandom(len(good) - page))
    refused(damaged_db, "a jiedao database with damaged pages", [damaged_db, "damaged"], unchanged=damaged_db)
    left = [db + suffix for db in (random_db, header_db, damaged_db) for suffix in ("-wal", "-shm", "-journal")
            if os.path.exists(db + suffix)]
    check(not left, f"a refused database leaves no -wal, -shm or -journal file ({left})")


# ---------------------------------------------------------------------------------------------
def hostile_files(work, reports, reference):
    print("== hostile report files", flush=True)
    db = os.path.join(work, "hostile.db")
    stage = os.path.join(work, "stage")
    os.mkdir(stage)
    server = Server(work, reports, db)
    if not check(server.wait_ready(30), "serve over the sample reports becomes ready"):
        server.stop()
        return
    status, body, _ = server.get("/api/v1/reports")
    for r in json.loads(body) if status == 200 else []:
        reference[r["id"]] = r["facts"]
    check(len(reference) == len(SOURCES), f"the {len(SOURCES)} sample reports are listed with their facts")
    value_answers(server, "before the hostile files")

    def drop(name, data):
        staged = os.path.join(stage, name)
        with open(staged, "wb") as f:
            f.write(data)
        os.rename(staged, os.path.join(reports, name))

    def listed(report_id):  # the report's entry in /api/v1/reports (no text), or None
        status, body, _ = server.get("/api/v1/reports")
        found = [r for r in json.loads(body) if r["id"] == report_id] if status == 200 else []
        return found[0] if found else None

    def error_lines(name):
        return [line for line in server.log_text().splitlines() if " report_error " in line and name in line]

    # A 50 MB report: a real one repeated.
    source = open(SOURCES[-1], "rb").read()
    huge = source * (50 * 1024 * 1024 // len(source) + 1)
    started = time.time()
    drop("huge_report.txt", huge)
    worst = 0.0
    while time.time() - started < HUGE_REPORT_SECONDS:
        status, _, seconds = server.get(JIANGCHUAN_2018)
        worst = max(worst, seconds)
        check(status == 200, f"during the 50 MB ingest /api/v1/value answers 200 (got {status})")
        if error_lines("huge_report.txt") or listed("huge_report"):
            break
        time.sleep(0.2)
    took = time.time() - started
    stored = listed("huge_report")
    if stored:
        check(stored.get("sha256") == sha256(huge) and stored.get("facts", 0) > 0,
              "the 50 MB report is stored whole, with facts")
        print(f"  50 MB report ({len(huge) / 1e6:.1f} MB): ingested, {stored.get('facts')} facts, "
              f"visible {took:.1f} s after the rename; /api/v1/value meanwhile at most {worst:.2f} s")
    else:
        refusal = error_lines("huge_report.txt")
        check(bool(refusal), f"the 50 MB report is ingested or refused with an error (neither after {took:.0f} s)")
        print(f"  50 MB report: refused after {took:.1f} s: {refusal[:1]}")
    value_answers(server, "after the 50 MB report")

    # Random bytes named .txt, and an empty .txt: errors of their own, nothing stored.
    for name, data in (("binary.txt", os.urandom(256 * 1024)), ("empty.txt", b"")):
        drop(name, data)
        lines = wait_until(lambda: error_lines(name), 10, step=0.1)
        check(bool(lines), f"{name} is a report_error line in the log")
        check(listed(name[:-4]) is None, f"{name} is not stored")
        print(f"  {name}: {lines[0].split(' report_error ', 1)[1] if lines else 'no error logged'}")
        value_answers(server, f"after {name}")

    # Nothing but numbers.
    numbers = "".join(f"{3188 + i} 4039 120% {i}.5 2018 7.5% 56\n" for i in range(2000)).encode()
    drop("numbers.txt", numbers)
    outcome = wait_until(lambda: error_lines("numbers.txt") or listed("numbers"), 10, step=0.1)
    if isinstance(outcome, list):
        print(f"  numbers.txt: refused: {outcome[0].split(' report_error ', 1)[1]}")
    elif outcome:
        status, body, _ = server.get("/api/v1/facts?report=numbers&limit=10000")
        facts = json.loads(body) if status == 200 else []
        check(status == 200 and len(facts) == outcome.get("facts"), "numbers.txt: its facts are listed")
        harmless = not outcome.get("district") and all(not f.get("indicator") and not f.get("district")
                                                       for f in facts)
        check(harmless, "numbers.txt, if stored, names no district and no indicator (stays out of every series)")
        print(f"  numbers.txt: accepted as a report (kind {outcome.get('kind')!r}, no district) with "
              f"{len(facts)} facts, none with an indicator or a district: not an error, invisible in series")
    else:
        check(False, "numbers.txt is neither stored nor logged as an error within 10 s")
    value_answers(server, "after numbers.txt")

    # A file replaced while the daemon reads it: the store ends with the replacement.
    big = open(SOURCES[1], "rb").read()
    big = big * (10 * 1024 * 1024 // len(big) + 1)
    small = open(SOURCES[3], "rb").read()
    for name, pause in (("swap_now", 0.0), ("swap_reading", 0.5)):
        drop(name + ".txt", big)
        time.sleep(pause)
        drop(name + ".txt", small)
        started = time.time()
        final = wait_until(lambda: (lambda r: r if r and r.get("sha256") == sha256(small) else None)(listed(name)), 40, step=0.1)
        expected = reference.get(os.path.basename(SOURCES[3])[:-4])
        check(final is not None and final.get("facts") == expected,
              f"{name}: the report replaced {pause} s after its big version ends as the replacement "
              f"({expected} facts; got {final and final.get('facts')})")
        print(f"  {name}: replaced {pause} s after the 10 MB version; final after {time.time() - started:.1f} s")
        value_answers(server, f"after {name}")

    check(server.process.poll() is None, "the daemon is still running after the hostile files")
    log = server.log_text()
    check("database is locked" not in log, "no 'database is locked' in the log")
    check(server.stop() == 0, "SIGTERM then stops the daemon with status 0")
    db_consistency(db, "after the hostile files")


# ---------------------------------------------------------------------------------------------
def make_copies(work):
    many = os.path.join(work, "many")
    os.mkdir(many)
    source_of = {}
    for i in range(COPIES):
        source = SOURCES[i % len(SOURCES)]
        report_id = f"copy_{i:03d}"
        shutil.copy(source, os.path.join(many, report_id + ".txt"))
        source_of[report_id] = source
    return many, source_of


def stored_reports(db):
    """The number of reports a reader sees now (0 before the schema exists)."""
    if not os.path.exists(db):
        return 0
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def kill_mid_ingest(work, many, source_of, reference):
    print("== kill -9 during an ingest", flush=True)
    db = os.path.join(work, "killed.db")
    digests = {s: sha256(open(s, "rb").read()) for s in SOURCES}
    expected_facts = {rid: reference.get(os.path.basename(s)[:-4]) for rid, s in source_of.items()}

    def facts_as_sources(rows, what):
        wrong = [rid for rid, (sha, facts, _) in rows.items()
                 if sha != digests[source_of[rid]] or (expected_facts[rid] is not None and facts != expected_facts[rid])]
        check(not wrong, f"{what}: every report has its source's sha256 and number of facts (not: {wrong[:5]})")

    busy = Server(work, many, db)
    check(busy.wait_logged(" start ", 20), "the daemon logs start")
    deadline = time.time() + 20  # kill once some reports are in: the ingest is then under way
    while time.time() < deadline and stored_reports(db) < 40:
        time.sleep(0.02)
    check(busy.process.poll() is None, "the daemon is still ingesting when killed")
    busy.kill9()
    rows = db_consistency(db, "after kill -9")
    facts_as_sources(rows, "after kill -9")
    print(f"  killed with {len(rows)} of {COPIES} reports stored")
    check(0 < len(rows) < COPIES, f"the kill came during the ingest ({len(rows)} of {COPIES} stored)")

    again = Server(work, many, db)
    started = time.time()
    check(again.wait_ready(90), "the restarted daemon becomes ready")
    print(f"  restart completed the ingest in {time.time() - started:.1f} s")
    status, body, _ = again.get("/api/v1/reports")
    listed = json.loads(body) if status == 200 else []
    check(status == 200 and sorted(r["id"] for r in listed) == sorted(source_of),
          f"/api/v1/reports lists the {COPIES} reports once each (got {len(listed)})")
    check(all(expected_facts[r["id"]] in (None, r["facts"]) for r in listed),
          "each listed report has its source's facts")
    added = COPIES - len(rows)
    check(f"{COPIES} files: {added} added, 0 changed, {len(rows)} unchanged, 0 removed, 0 re-extracted, 0 failed"
          in again.log_text(), f"the restart adds the {added} missing reports and keeps the {len(rows)} stored")
    check(again.stop() == 0, "the restarted daemon stops with status 0")
    complete = db_consistency(db, "after the restart")
    check(len(complete) == COPIES, f"the database holds {COPIES} reports ({len(complete)})")
    facts_as_sources(complete, "after the restart")

    third = Server(work, many, db)
    check(third.wait_ready(30), "a second restart becomes ready")
    check(f"{COPIES} files: 0 added, 0 changed, {COPIES} unchanged, 0 removed, 0 re-extracted, 0 failed; "
          "0 facts written" in third.log_text(), "a second restart writes nothing (all unchanged)")
    check(third.stop() == 0, "the second restart stops with status 0")
    check(db_consistency(db, "after the second restart") == complete,
          "the second restart left every report as it was (same sha256, facts, ingested_at)")


# ---------------------------------------------------------------------------------------------
def queries_during_ingest(work, many):
    print("== queries during an ingest", flush=True)
    db = os.path.join(work, "concurrent.db")
    server = Server(work, many, db)
    check(server.wait_logged(" start ", 20), "the daemon logs start")
    done = threading.Event()
    answers = []  # (path, status, seconds, problem)
    lock = threading.Lock()

    def client(number):
        paths = ["/api/v1/series", "/api/v1/facts?limit=10"]
        i = number
        while not done.is_set():
            path = paths[i % 2]
            i += 1
            status, body, seconds = server.get(path, timeout=30)
            problem = None
            try:
                parsed = json.loads(body)
                if not isinstance(parsed, list) or (path.startswith("/api/v1/facts") and len(parsed) > 10):
                    problem = f"not the expected array: {body[:100]!r}"
            except ValueError:
                problem = f"not JSON: {body[:100]!r}"
            if status != 200 or b"locked" in body:
                problem = f"status {status}: {body[:160]!r}"
            with lock:
                answers.append((path, status, seconds, problem))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    readiness = []  # (status, ingest logged at that moment)
    started = time.time()
    wal = 0
    try:
        while time.time() - started < 90:
            if os.path.exists(db + "-wal"):
                wal = max(wal, os.path.getsize(db + "-wal"))
            status = server.get("/readyz", 10)[0]
            readiness.append((status, " ingest " in server.log_text()))
            if status == 200:
                break
            if server.process.poll() is not None:
                break
            time.sleep(0.1)
        ingest_seconds = time.time() - started
        time.sleep(1.0)  # and a little after
        for _ in range(5):
            readiness.append((server.get("/readyz", 10)[0], True))
    finally:
        done.set()
        for t in threads:
            t.join(60)
    statuses = [s for s, _ in readiness]
    check(statuses and statuses[0] == 503, f"/readyz is 503 while the ingest runs (first answer {statuses[:1]})")
    first_ok = statuses.index(200) if 200 in statuses else None
    check(first_ok is not None, "/readyz becomes 200")
    if first_ok is not None:
        check(all(s == 503 for s in statuses[:first_ok]) and all(s == 200 for s in statuses[first_ok:]),
              f"/readyz goes 503 -> 200 once ({statuses})")
        check(readiness[first_ok][1], "/readyz says 200 only after the ingest line is logged")
    bad = [a for a in answers if a[3]]
    for path, status, _, problem in bad[:5]:
        print(f"  bad answer to {path}: {problem}")
    check(len(answers) > 0 and not bad, f"all {len(answers)} answers are 200 with JSON ({len(bad)} not)")
    log = server.log_text()
    check("database is locked" not in log and "report_error" not in log,
          "no lock error or report error in the daemon's log")
    check(f"{COPIES} files: {COPIES} added" in log, f"the ingest added the {COPIES} reports")
    check(server.stop() == 0, "the daemon stops with status 0")
    rows = db_consistency(db, "after the concurrent ingest")
    check(len(rows) == COPIES, f"{COPIES} reports stored ({len(rows)})")
    latencies = sorted(a[2] for a in answers)
    if latencies:
        by_path = {p: sum(1 for a in answers if a[0] == p) for p in ("/api/v1/series", "/api/v1/facts?limit=10")}
        print(f"  ingest of {COPIES} reports took {ingest_seconds:.1f} s; {len(answers)} answers from 4 threads "
              f"({by_path}), median {latencies[len(latencies) // 2] * 1000:.0f} ms, "
              f"max {latencies[-1] * 1000:.0f} ms; /readyz: {statuses.count(503)} x 503 then "
              f"{statuses.count(200)} x 200; WAL up to {wal / 1e6:.0f} MB (database {os.path.getsize(db) / 1e6:.0f} MB)")


# ---------------------------------------------------------------------------------------------
def main():
    work = tempfile.mkdtemp(prefix="jiedao-faults-")
    began = time.time()
    try:
        reports = os.path.join(work, "reports")
        os.mkdir(reports)
        for source in SOURCES:
            shutil.copy(source, reports)
        reference = {}  # sample report id -> its number of facts
        many, source_of = make_copies(work)
        steps = [("bad database places", lambda: bad_database_places(work, reports)),
                 ("hostile report files", lambda: hostile_files(work, reports, reference)),
                 ("kill -9 during an ingest", lambda: kill_mid_ingest(work, many, source_of, reference)),
                 ("queries during an ingest", lambda: queries_during_ingest(work, many))]
        run_steps(steps)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        for root, dirs, _ in os.walk(work):  # a read-only folder left by a failed step
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(work, ignore_errors=True)
    print(f"e2e_faults: {time.time() - began:.1f} s")
    return verdict("e2e_faults")


if __name__ == "__main__":
    sys.exit(main())
