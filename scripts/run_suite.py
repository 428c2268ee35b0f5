"""`make test`: the whole suite on both cores, the tests that must run apart beside it, then the slowest tests.

1. Every test but the serial ones, under pytest-xdist (`-n 2 --dist loadscope`, one worker a core: with
   three, the timing of the no-stampede test failed on a busy host): each module (each class of
   Django's TestCase) runs whole on one worker, so a module's set-up (the upgrade test's previous-release
   database) is made once and a worker keeps its Chromium through the browser modules (tests/conftest.py).
2. At the same time, the serial tests (`-m serial`: they stop PostgreSQL) in one process against a throwaway
   PostgreSQL cluster of their own (scripts/run_with_postgres.sh again), so that stopping it stops no other
   test's database; their output is printed after the first part's.
3. The 15 slowest tests of both runs, and one closing line that counts them all.

Arguments are passed to both runs (e.g. a folder: `make test PYTEST_ARGS="tests/home -x"`); a run that
selects no test is not a failure. WORKERS=1 runs the first part without xdist, WORKERS=3 on three workers.
"""

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

NO_TESTS_COLLECTED = 5
SLOWEST = 15


PROJECT = Path(__file__).resolve().parent.parent


def pytest_command(report, *args):
    return [sys.executable, "-m", "pytest", f"--junitxml={report}", "-o", "junit_family=xunit2", *args]


def pytest(report, *args):
    command = pytest_command(report, *args)
    print("$", " ".join(command), flush=True)
    return subprocess.call(command)  # noqa: S603


def start_apart(report, output, *args):
    """pytest in the background on a PostgreSQL cluster of its own, its output kept in `output`."""
    command = ["sh", str(PROJECT / "scripts" / "run_with_postgres.sh"), *pytest_command(report, *args)]
    return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603


def read_report(report):
    """(name, seconds, outcome) of every test in a JUnit report, or nothing if the run wrote none."""
    if not Path(report).exists():
        return []
    tests = []
    for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314 (pytest's own report)
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
            elif child.tag == "skipped":
                outcome = "skipped"
        name = f"{case.get('classname')}::{case.get('name')}"
        tests.append((name, float(case.get("time") or 0), outcome))
    return tests


def main(args):
    workers = os.environ.get("WORKERS", "2")
    parallel = ["-n", workers, "--dist", "loadscope"] if workers != "1" else []
    with tempfile.TemporaryDirectory() as reports, open(f"{reports}/serial.log", "w+") as serial_output:
        serial = start_apart(f"{reports}/serial.xml", serial_output, "-m", "serial", *args)
        first = pytest(f"{reports}/parallel.xml", *parallel, "-m", "not serial", *args)
        second = serial.wait()
        serial_output.seek(0)
        print("\n$ (beside it, on a PostgreSQL cluster of its own)", serial_output.read(), sep="\n", flush=True)
        tests = read_report(f"{reports}/parallel.xml") + read_report(f"{reports}/serial.xml")
    print(f"\n{SLOWEST} slowest tests (set-up, call and tear-down together):")
    for name, seconds, _ in sorted(tests, key=lambda test: -test[1])[:SLOWEST]:
        print(f"{seconds:8.2f}s  {name}")
    counts = {outcome: sum(1 for test in tests if test[2] == outcome) for outcome in ("passed", "failed", "skipped")}
    failed = any(code not in (0, NO_TESTS_COLLECTED) for code in (first, second))
    failed = failed or (first == second == NO_TESTS_COLLECTED)
    print(f"\n{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    return 1 if failed or counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
