"""Ingest speed: devtriage vs SQLite's own scan vs a row-by-row Python loop.

For a large Android ``mmssms.db`` and a large iOS ``sms.db`` (``DEVTRIAGE_BENCH_ROWS``
messages each, default 1,000,000; built once with devtriage's synth builders and cached,
see ``_bench_data.py``), in the same session:

1. ``devtriage``: ``collect.ingest(folder)``: the honest end-to-end cost (copying the
   database into a private folder and hashing it (SHA-256), probing every adapter, the adapter's read,
   table assembly);
2. ``sqlite-scan``: the same columns through ``sqlite3``, rows discarded;
3. ``python-dicts``: an analyst's loop building one dict per row with the same fields.

Each is timed with ``benchmark.pedantic(rounds=3, warmup_rounds=1, iterations=1)`` (the
warm-up round fills the page cache; there is no Numba compilation in this path), and
run once more in a fresh subprocess for its peak RSS (``extra_info["peak_rss_mb"]``).
Every approach must see every message: the row counts are asserted equal, and the dict
loop must agree with devtriage on directions, distinct counterparts and null bodies.

    DEVTRIAGE_BENCH_ROWS=20000 pytest benchmarks -q --benchmark-disable   # quick correctness run
    pytest benchmarks -q                                                  # the 1M benchmark
"""

from __future__ import annotations

import gc

import _bench_approaches as approaches
import pytest

ROUNDS, WARMUP = 3, 1


def _measure(benchmark, results, kind: str, approach: str, path: str, expected_rows: int, sql=None) -> dict:
    holder: dict = {}

    def target():
        holder["out"] = approaches.work(approach, kind, path, sql)

    def teardown():  # outside the timed region: summarise, free the output before the next round
        holder["summary"] = approaches.summarise(approach, holder.pop("out"))
        gc.collect()

    gc.collect()
    benchmark.pedantic(target, teardown=teardown, rounds=ROUNDS, warmup_rounds=WARMUP, iterations=1)
    if "out" in holder:  # --benchmark-disable: one plain call, no teardown
        teardown()
    summary = holder["summary"]
    record = {"rows": summary["rows"], "summary": summary}
    if benchmark.stats is not None:
        record["median_s"] = benchmark.stats.stats.median
        benchmark.extra_info["messages_per_s"] = round(summary["rows"] / record["median_s"])
    if "timings" in summary:
        record["timings"] = summary["timings"]
        benchmark.extra_info["devtriage_timings"] = summary["timings"]
    benchmark.extra_info["rows"] = summary["rows"]
    if approaches.rss_enabled():
        mem = approaches.peak_rss(approach, kind, path, sql)
        assert mem["rows"] == expected_rows, f"{approach} in a subprocess read {mem['rows']} rows"
        record["peak_rss_mb"] = benchmark.extra_info["peak_rss_mb"] = mem["peak_rss_mb"]
    results[(kind, approach)] = record
    assert summary["rows"] == expected_rows, f"{approach} read {summary['rows']} rows, SQLite has {expected_rows}"
    return summary


def _agree_with_devtriage(results, kind: str, summary: dict) -> None:
    dt = results.get((kind, "devtriage"))
    if dt is None:
        return
    for key in ("rows", "out", "counterparts", "null_body"):
        if key in summary:
            assert summary[key] == dt["summary"][key], f"{key}: {summary[key]} here, devtriage {dt['summary'][key]}"


# --- Android mmssms.db -------------------------------------------------------------------


@pytest.mark.benchmark(group="ingest-mmssms")
def test_mmssms_devtriage(benchmark, bench_results, bench_data, baseline_rss):
    info = bench_data["android"]
    summary = _measure(benchmark, bench_results, "mmssms", "devtriage", info["folder"], info["sms_rows"])
    assert summary["warnings"] == [], summary["warnings"]


@pytest.mark.benchmark(group="ingest-mmssms")
def test_mmssms_sqlite_scan(benchmark, bench_results, bench_data, adapter_sql):
    info = bench_data["android"]
    summary = _measure(benchmark, bench_results, "mmssms", "sqlite-scan", info["db"], info["sms_rows"],
                       adapter_sql["mmssms"])
    _agree_with_devtriage(bench_results, "mmssms", summary)


@pytest.mark.benchmark(group="ingest-mmssms")
def test_mmssms_python_dicts(benchmark, bench_results, bench_data):
    info = bench_data["android"]
    summary = _measure(benchmark, bench_results, "mmssms", "python-dicts", info["db"], info["sms_rows"])
    _agree_with_devtriage(bench_results, "mmssms", summary)


# --- iOS sms.db ----------------------------------------------------------------------------


@pytest.mark.benchmark(group="ingest-smsdb")
def test_smsdb_devtriage(benchmark, bench_results, bench_data, baseline_rss):
    info = bench_data["ios"]
    summary = _measure(benchmark, bench_results, "smsdb", "devtriage", info["folder"], info["message_rows"])
    assert summary["warnings"] == [], summary["warnings"]


@pytest.mark.benchmark(group="ingest-smsdb")
def test_smsdb_sqlite_scan(benchmark, bench_results, bench_data):
    info = bench_data["ios"]
    summary = _measure(benchmark, bench_results, "smsdb", "sqlite-scan", info["db"], info["message_rows"])
    _agree_with_devtriage(bench_results, "smsdb", summary)


@pytest.mark.benchmark(group="ingest-smsdb")
def test_smsdb_sqlite_scan_adapter_sql(benchmark, bench_results, bench_data, adapter_sql):
    info = bench_data["ios"]
    summary = _measure(benchmark, bench_results, "smsdb", "sqlite-scan-adapter-sql", info["db"],
                       info["message_rows"], adapter_sql["smsdb"])
    _agree_with_devtriage(bench_results, "smsdb", summary)


@pytest.mark.benchmark(group="ingest-smsdb")
def test_smsdb_python_dicts(benchmark, bench_results, bench_data):
    info = bench_data["ios"]
    summary = _measure(benchmark, bench_results, "smsdb", "python-dicts", info["db"], info["message_rows"])
    _agree_with_devtriage(bench_results, "smsdb", summary)
