"""What the end-to-end scripts (e2e_serve, e2e_prometheus, e2e_faults) share.

check() records a failed expectation and goes on, so that one run lists every failure;
verdict() prints the count and gives the script's exit status. free_port() and
wait_until() are for starting daemons on loopback and polling them.
"""
import socket
import time

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
