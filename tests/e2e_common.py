"""What the end-to-end scripts (e2e_serve, e2e_prometheus, e2e_remote_write, e2e_faults, e2e_security,
e2e_proxy) share.

check() records a failed expectation and goes on, so that one run lists every failure;
verdict() prints the count and gives the script's exit status. free_port() and
wait_until() are for starting daemons on loopback and polling them, Daemon is one `jiedao serve`
(ready, stopped, killed), start() starts any process with its log in a file, http_get() asks it, stop_all() stops them. raw_http() sends request
bytes as they are, for the requests no HTTP client library would send.
"""
import os
import re
import signal
import socket
import subprocess
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL", what, flush=True)
    return condition


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, log_path, processes):
    """Starts `args` with its output in `log_path`; the process is added to `processes`."""
    log = open(log_path, "w")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    processes.append(process)
    return process


def stop_all(processes):
    """SIGTERM to every process still running, then waits for each (20 s, then SIGKILL)."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def http_get(url, params=None, timeout=10):
    """(status, body) of a GET of `url` with `params` as its query; status 0 when no answer came."""
    if params:
        url += "?" + urllib.parse.urlencode(params, doseq=True)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:
        return 0, str(error).encode()


class Daemon:
    """A `jiedao serve` on a free loopback port with its log in `work`: subclasses give its
    arguments (`args(port)`) and how to ask it (`get(path)`); `processes` collects it for stop_all()."""

    def __init__(self, work, args_for_port, processes, **popen):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(work, f"serve-{self.port}.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(args_for_port(self.port), stdout=self.log, stderr=self.log, **popen)
        processes.append(self.process)

    def log_text(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait_ready(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline and self.process.poll() is None:
            if self.get("/readyz")[0] == 200:
                return True
            time.sleep(0.1)
        print(self.log_text()[-3000:])
        return False

    def stop(self, timeout=30):
        """SIGTERM, then the exit status (or "hung (killed)" after `timeout` seconds)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = "hung (killed)"
        self.log.close()
        return code

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()


def run_steps(steps):
    """Runs each (name, function) of `steps`, timing it; a step that raises is a failure, and the
    others still run."""
    for name, step in steps:
        step_began = time.time()
        try:
            step()
        except Exception as error:  # a broken step is a failure; the others still run
            traceback.print_exc()
            check(False, f"{name}: raised {error!r}")
        print(f"   ({name}: {time.time() - step_began:.1f} s)", flush=True)


def wait_until(predicate, timeout, step=0.2):
    """The predicate's first true value within `timeout` seconds, else its last value."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(step)
    return predicate()


def verdict(name):
    """The exit status of script `name`: 1 with the failure count when a check failed, else 0."""
    if failures:
        print(f"{name}: {len(failures)} failures")
        return 1
    print(f"{name}: all checks passed")
    return 0


def raw_http(port, raw, timeout=10, source="127.0.0.1", lenient=False):
    """Sends raw request bytes from `source`; the status and body of the answer (status None when
    there is none). A reset or a timeout ends the answer; with `lenient`, so does any socket error,
    a failed send included (a proxy may close before the whole request is sent)."""
    errors = OSError if lenient else (ConnectionResetError, socket.timeout)
    with socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0)) as s:
        try:
            s.sendall(raw)
        except OSError:
            if not lenient:
                raise
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except errors:
            pass
    match = re.match(rb"HTTP/1\.[01] (\d+)", data)
    return (int(match.group(1)) if match else None), data.partition(b"\r\n\r\n")[2]


def count_answers(connections, status_line, timeout=3):
    """How many of the open `connections` are answered with `status_line` (b"HTTP/1.1 405", or a
    tuple of such);
    each is closed."""
    answered = 0
    for c in connections:
        try:
            c.settimeout(timeout)
            answered += c.recv(100).startswith(status_line)
        except OSError:
            pass
        c.close()
    return answered


def read_until_closed(sock):
    """What `sock` receives until the other side closes it (or an error or timeout ends it)."""
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data


def while_polling(health, jobs, parallel):
    """Runs the callables `jobs`, `parallel` threads at a time, while `health()` (an HTTP status)
    is called every 0.1 s. Returns what the jobs returned (in no particular order) and the
    slowest health call in seconds (99 if one was not 200)."""
    results, polls = [], []
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            started = time.time()
            polls.append(time.time() - started if health() == 200 else 99)
            time.sleep(0.1)

    def run(chunk):
        for job in chunk:
            results.append(job())

    poller = threading.Thread(target=poll)
    poller.start()
    threads = [threading.Thread(target=run, args=(jobs[i::parallel],)) for i in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    poller.join()
    return results, max(polls) if polls else 99


def sanitized(binary):
    """Whether `binary` is built with AddressSanitizer (make test-asan): it is then several times
    slower and holds freed memory in quarantine, so time and memory bounds of a release build do
    not apply to it (the sanitizer's own checks do)."""
    import subprocess
    try:
        return "libasan" in subprocess.run(["ldd", binary], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
