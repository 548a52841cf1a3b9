"""The embedded profile's scheduler runs each job at its interval, and a failing job does not stop the others."""

import threading
import time

from mercato.entrypoints.scheduler import start_scheduler
from mercato.shared.jobs import Job


def test_jobs_run_repeatedly_and_failures_are_contained():
    ran: list[str] = []
    done = threading.Event()

    def good(as_of):
        ran.append("good")
        if ran.count("good") >= 2:
            done.set()
        return 1

    def bad(as_of):
        ran.append("bad")
        raise RuntimeError("boom")

    stop = start_scheduler([Job("bad", bad, 0, "fails"), Job("good", good, 0, "works")], tick=0.05)
    try:
        assert done.wait(5), ran
    finally:
        stop.set()
    time.sleep(0.1)
    assert ran.count("bad") >= 2 and ran.count("good") >= 2
