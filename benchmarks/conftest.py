"""Fixtures and the end-of-session summary for the ingest speed benchmark.

``DEVTRIAGE_BENCH_ROWS`` (default 1_000_000; 20_000 when ``DEVTRIAGE_BENCH_PROFILE=tiny``,
the quick correctness run) sets the messages per database;
``DEVTRIAGE_BENCH_RSS=0`` skips the peak-memory subprocesses. The databases are built
once per row count and cached in ``benchmarks/.cache/`` (see ``_bench_data.py``).
"""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _bench_approaches as approaches
from _timing import say as _say
import _bench_data as data

# (db_kind, approach) -> {"median_s", "rows", "peak_rss_mb", "summary", ...}
RESULTS: dict[tuple[str, str], dict] = {}
SESSION: dict = {}

DB_LABEL = {"mmssms": "Android mmssms.db", "smsdb": "iOS sms.db"}
DB_META = {"mmssms": "android", "smsdb": "ios"}
APPROACH_ORDER = ("devtriage", "sqlite-scan", "sqlite-scan-adapter-sql", "python-dicts")
APPROACH_LABEL = {
    "devtriage": "devtriage `collect.ingest` -> Arrow",
    "sqlite-scan": "SQLite scan (sqlite3, rows discarded)",
    "sqlite-scan-adapter-sql": "SQLite scan, the adapter's own statements",
    "python-dicts": "Python loop building dicts",
}


@pytest.fixture(scope="session")
def bench_rows() -> int:
    tiny = os.environ.get("DEVTRIAGE_BENCH_PROFILE", "").strip().lower() == "tiny"
    n = data.rows_from_env(20_000 if tiny else 1_000_000)
    SESSION["rows"] = n
    return n


@pytest.fixture(scope="session")
def bench_data(request, bench_rows: int) -> dict:
    t0 = time.perf_counter()
    if not (data.CACHE / f"{data.DATA_VERSION}-{bench_rows}" / "meta.json").exists():
        _say(request, f"\nbuilding the benchmark databases ({bench_rows:,} messages each; about 2.5 min per "
                      f"million on 2 cores) into {data.CACHE} ...")
    meta = data.dataset(bench_rows)
    SESSION["data"] = meta
    SESSION["data_s"] = time.perf_counter() - t0
    return meta


@pytest.fixture(scope="session")
def adapter_sql() -> dict[str, list[str]]:
    """The SELECTs the adapters issue, captured on a small database of the same schemas."""
    probe = data.dataset(2_000)
    android = approaches.capture_adapter_sql(probe["android"]["folder"]).get("android_sms", [])
    ios = approaches.capture_adapter_sql(probe["ios"]["folder"]).get("ios_sms", [])
    assert android and ios, "no adapter SQL captured: did the adapters recognise the databases?"
    SESSION["adapter_sql"] = {"mmssms": android, "smsdb": ios}
    return SESSION["adapter_sql"]


@pytest.fixture(scope="session")
def baseline_rss() -> float | None:
    """Peak RSS of a fresh interpreter that only imports what every approach imports."""
    if not approaches.rss_enabled():
        return None
    value = approaches.peak_rss("imports-only", "none", "-")["peak_rss_mb"]
    SESSION["baseline_rss_mb"] = value
    return value


@pytest.fixture
def bench_results() -> dict:
    return RESULTS


# --- the summary -------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _fmt_s(x) -> str:
    return "-" if x is None else f"{x:.3f}"


def _fmt_mb(x) -> str:
    return "-" if x is None else f"{x:,.0f}"


def _ratio(a, b) -> str:
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not RESULTS:
        return
    import pyarrow as pa

    tr = terminalreporter
    n = SESSION.get("rows", 0)
    timed = any(r.get("median_s") is not None for r in RESULTS.values())
    tr.write_sep("=", "devtriage ingest benchmark")
    tr.write_line("")
    tr.write_line(f"{n:,} messages per database (DEVTRIAGE_BENCH_ROWS), data {data.DATA_VERSION}, seed {data.SEED}; "
                  "median of 3 rounds after 1 warm-up round, page cache warm; no Numba in this path")
    tr.write_line(f"machine: {os.cpu_count()} CPUs, {_cpu_model()}; Python {platform.python_version()}, "
                  f"SQLite {sqlite3.sqlite_version}, pyarrow {pa.__version__}")
    if "baseline_rss_mb" in SESSION:
        tr.write_line(f"peak RSS of a fresh interpreter that only imports devtriage + pyarrow: "
                      f"{SESSION['baseline_rss_mb']:,.0f} MB (included in every RSS figure below)")
    if not timed:
        tr.write_line("timings disabled (--benchmark-disable): correctness checks only")
    tr.write_line("")
    tr.write_line("| database | approach | median s | messages/s | peak RSS MB |")
    tr.write_line("|---|---|---:|---:|---:|")
    meta = SESSION.get("data", {})
    for kind in ("mmssms", "smsdb"):
        info = meta.get(DB_META[kind], {})
        size = f" ({info['bytes'] / 1e6:,.0f} MB)" if "bytes" in info else ""
        for approach in APPROACH_ORDER:
            r = RESULTS.get((kind, approach))
            if r is None:
                continue
            med = r.get("median_s")
            rate = f"{r['rows'] / med:,.0f}" if med else "-"
            tr.write_line(f"| {DB_LABEL[kind]}{size} | {APPROACH_LABEL[approach]} | {_fmt_s(med)} | {rate} | "
                          f"{_fmt_mb(r.get('peak_rss_mb'))} |")
    if timed:
        tr.write_line("")
        tr.write_line("| database | devtriage / SQLite scan (target <= 3x) | devtriage / adapter-SQL scan | "
                      "Python dicts / devtriage (target >= 5x) | peak RSS devtriage / SQLite / dicts (MB) |")
        tr.write_line("|---|---:|---:|---:|---:|")
        for kind in ("mmssms", "smsdb"):
            def get(a, kind=kind):
                return RESULTS.get((kind, a), {}).get("median_s")

            def rss(a, kind=kind):
                return _fmt_mb(RESULTS.get((kind, a), {}).get("peak_rss_mb"))

            if get("devtriage") is None:
                continue
            adapter_scan = get("sqlite-scan-adapter-sql") or (get("sqlite-scan") if kind == "mmssms" else None)
            tr.write_line(
                f"| {DB_LABEL[kind]} | {_ratio(get('devtriage'), get('sqlite-scan'))} | "
                f"{_ratio(get('devtriage'), adapter_scan)} | {_ratio(get('python-dicts'), get('devtriage'))} | "
                f"{rss('devtriage')} / {rss('sqlite-scan')} / {rss('python-dicts')} |"
            )
        tr.write_line("")
        tr.write_line("devtriage breakdown (manifest timings, last round): adapter = the adapter's read of the "
                      "private copy; rest = walk, streaming copy + SHA-256, probing, table assembly")
        for kind in ("mmssms", "smsdb"):
            r = RESULTS.get((kind, "devtriage"))
            if not r or "timings" not in r:
                continue
            t = r["timings"]
            adapter = sum(v for k, v in t.items() if ":" in k)
            total = t.get("total_s", 0.0)
            tr.write_line(f"  {DB_LABEL[kind]}: total {total:.3f} s = adapter {adapter:.3f} s + rest {total - adapter:.3f} s")
    if "data_s" in SESSION and SESSION["data_s"] > 5:
        tr.write_line(f"(built the databases in {SESSION['data_s']:.0f} s; cached in {data.CACHE})")


@pytest.fixture(scope="module")
def one_arrow_thread():
    """Arrow's pool at one thread for a module (one-core figures)."""
    import pyarrow as pa

    before = pa.cpu_count()
    pa.set_cpu_count(1)
    yield
    pa.set_cpu_count(before)
