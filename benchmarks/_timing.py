"""One timed-run helper for the benchmarks: pytest-benchmark's pedantic rounds, keeping
the last result and each round's wall time."""

from __future__ import annotations

import gc
import sys
import time


def timed(benchmark, work, rounds: int) -> tuple:
    """``(result of the last round, median seconds or None with --benchmark-disable, walls)``."""
    holder: dict = {"wall": []}

    def target():
        w = time.perf_counter()
        holder["out"] = work()
        holder["wall"].append(time.perf_counter() - w)

    gc.collect()
    benchmark.pedantic(target, rounds=rounds, warmup_rounds=1, iterations=1)
    try:
        median = float(benchmark.stats.stats.median)
    except AttributeError:  # --benchmark-disable
        median = None
    return holder["out"], median, holder["wall"][-rounds:]


def say(request, text: str) -> None:
    """Print ``text`` to the terminal even while pytest captures output."""
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        sys.stderr.write(text + "\n")
