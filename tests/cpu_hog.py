"""Keep every core of this machine busy until stopped: `python tests/cpu_hog.py`.

`bash test.sh --under-load` starts it next to the test suite, to prove the suite waits for
states (the epoch shown, a chart's length), never for a speed: on a busy machine everything is
slower, and a test that passes only when the machine is idle is a flaky test.

One process per core, each spinning on arithmetic forever, at the lowest priority nobody
needs to ask for (nice 0, like the tests themselves: the hog competes as an equal).
Ctrl-C or SIGTERM stops them all.
"""

import multiprocessing
import os
import signal
import sys


def spin():
    """Burn one core: add numbers for ever."""
    total = 0
    while True:
        total = (total + 1) % 1_000_003


def main():
    n_cores = os.cpu_count() or 1
    workers = [multiprocessing.Process(target=spin, daemon=True) for _ in range(n_cores)]
    for worker in workers:
        worker.start()
    print(f"cpu_hog: {n_cores} processes keep {n_cores} cores busy", file=sys.stderr, flush=True)

    def stop(signal_number, frame):
        for worker in workers:
            worker.terminate()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
