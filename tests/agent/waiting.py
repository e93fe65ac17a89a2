"""What the end-to-end agent tests share: reading a file, and polling until something holds."""
import time


def read(path):
    with open(path) as f:
        return f.read()


def wait_until(what, predicate, timeout=30.0):
    """Polls `predicate` every 50 ms; returns its first true value, or fails naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)
