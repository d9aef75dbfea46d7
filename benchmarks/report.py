"""Print one Markdown table of the per-stage benchmarks: throughputs and ratios to the baselines.

    pytest benchmarks/test_stages.py --benchmark-json .benchmarks/stages.json
    python benchmarks/report.py [--json .benchmarks/stages.json ...]

Reads pytest-benchmark's JSON output (``--benchmark-json FILE``, or the files
``--benchmark-autosave`` writes under ``.benchmarks/``); without ``--json`` it takes the
newest ``*.json`` under ``.benchmarks/``. Several files (say typical and heavy) go into one
table. Only the benchmarks of ``test_stages.py`` (those with ``extra_info["stage"]``) are
shown. One row per stage and baseline: rows, devtriage rows/s, baseline rows/s and the
time ratio devtriage / baseline (below 1: devtriage is faster), from the medians; the
Numba compile column is the compile time measured on its own (``n/a`` where the stage runs
no Numba kernel).

The contact-detector benchmarks of ``test_contact_speed.py`` (``extra_info["bench"] ==
"contact"``) get their own table, one row per profile: events, the median time and
events/s of ``kernels`` (all kernel statistics from the prepared arrays), ``pandas`` (the
same statistics with pandas) and ``detector`` (the whole ``contact.run``), events per
CPU-second of the kernels, and the ratios pandas / kernels and pandas / detector (above
1: devtriage is faster; the issue's target is pandas / detector >= 20x on a heavy
device). The Numba compile time (first call of every kernel in a fresh process with an
empty cache) and the cache-load time are on their own line, with the detector's breakdown.

    pytest benchmarks/test_contact_speed.py --benchmark-json .benchmarks/contact.json
    python benchmarks/report.py --json .benchmarks/contact.json [.benchmarks/contact-heavy.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINES = {"sqlite-scan": "SQLite scan (sqlite3, same SELECTs, rows discarded)",
             "pandas": "pandas (read_sql + the same mapping)"}


def newest_json() -> Path | None:
    files = sorted((ROOT / ".benchmarks").rglob("*.json"), key=lambda p: p.stat().st_mtime)
    return files[-1] if files else None


CONTACT_TARGET = 20.0  # pandas / detector on a heavy device (issue 4)


def load(paths: list[Path]) -> tuple[list[dict], dict, dict]:
    """(stage and contact benchmarks, machine (from extra_info / machine_info), run info)."""
    benches: list[dict] = []
    machine: dict = {}
    run: dict = {}
    for path in paths:
        doc = json.loads(Path(path).read_text())
        mi = doc.get("machine_info", {})
        run.setdefault("datetime", doc.get("datetime"))
        for b in doc.get("benchmarks", []):
            extra = b.get("extra_info", {})
            if "stage" not in extra and extra.get("bench") != "contact":
                continue
            benches.append(b)
            machine = machine or dict(extra.get("machine", {}))
        if not machine and mi:
            machine = {"cpu": mi.get("cpu", {}).get("brand_raw"), "cores": mi.get("cpu", {}).get("count"),
                       "python": mi.get("python_version")}
    return benches, machine, run


def _rate(rows: int, seconds: float | None) -> str:
    return "-" if not seconds else f"{rows / seconds:,.0f}"


def _order(stage: str) -> tuple:
    return (stage.startswith("end to end"), stage)


def table(benches: list[dict]) -> list[str]:
    # (profile, stage) -> approach -> benchmark
    by: dict[tuple[str, str], dict[str, dict]] = {}
    for b in benches:
        e = b["extra_info"]
        by.setdefault((e.get("profile", "?"), e["stage"]), {})[e["approach"]] = b
    profiles = sorted({p for p, _ in by}, key=lambda p: ("tiny", "typical", "heavy").index(p) if p in ("tiny", "typical", "heavy") else 9)
    lines = ["| stage | profile | rows | devtriage rows/s | baseline | baseline rows/s | time devtriage / baseline | "
             "devtriage median s | Numba compile s |",
             "|---|---|---:|---:|---|---:|---:|---:|---|"]
    for profile in profiles:
        for (p, stage) in sorted((k for k in by if k[0] == profile), key=lambda k: _order(k[1])):
            group = by[(p, stage)]
            dt = group.get("devtriage")
            if dt is None:
                continue
            rows = dt["extra_info"]["rows"]
            dt_s = (dt.get("stats") or {}).get("median")
            compile_s = dt["extra_info"].get("numba_compile_s")
            compile_txt = f"{compile_s:.3f}" if isinstance(compile_s, (int, float)) else "n/a (no Numba)"
            for approach, label in BASELINES.items():
                base = group.get(approach)
                if base is None:
                    continue
                b_s = (base.get("stats") or {}).get("median")
                ratio = f"{dt_s / b_s:.2f}x" if dt_s and b_s else "-"
                lines.append(f"| {stage} | {p} | {rows:,} | {_rate(rows, dt_s)} | {label} | {_rate(base['extra_info']['rows'], b_s)} | "
                             f"{ratio} | {'-' if not dt_s else f'{dt_s:.4f}'} | {compile_txt} |")
    return lines


def _profile_order(p: str) -> int:
    return ("tiny", "typical", "heavy").index(p) if p in ("tiny", "typical", "heavy") else 9


def _s(b: dict | None) -> float | None:
    return (b.get("stats") or {}).get("median") if b else None


def contact_table(benches: list[dict]) -> list[str]:
    """The contact-detector rows (``test_contact_speed.py``): one per profile, with the ratios."""
    by: dict[str, dict[str, dict]] = {}
    for b in benches:
        e = b["extra_info"]
        if e.get("bench") == "contact":
            by.setdefault(e.get("profile", "?"), {})[e["approach"]] = b
    if not by:
        return []
    lines = ["| profile | events (persons) | kernels s | kernels events/s | kernels events/s per core | pandas s | "
             "pandas events/s | detector s | detector events/s | pandas / kernels | pandas / detector |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    notes: list[str] = []
    for profile in sorted(by, key=_profile_order):
        g = by[profile]
        any_b = next(iter(g.values()))["extra_info"]
        n = any_b["events"]
        k, p, d = (g.get(a) for a in ("kernels", "pandas", "detector"))
        ks, ps, ds = _s(k), _s(p), _s(d)

        def cell(x):
            return "-" if x is None else f"{x:.4f}"

        def ratio(a, b):
            return "-" if not (a and b) else f"{a / b:.1f}x" if a / b >= 10 else f"{a / b:.2f}x"

        per_core = k["extra_info"].get("events_per_cpu_s") if k else None
        lines.append(f"| {profile} | {n:,} ({any_b.get('persons', '?')}) | {cell(ks)} | {_rate(n, ks)} | "
                     f"{'-' if not per_core else f'{per_core:,.0f}'} | {cell(ps)} | {_rate(n, ps)} | {cell(ds)} | "
                     f"{_rate(n, ds)} | {ratio(ps, ks)} | {ratio(ps, ds)} |")
        rows = any_b.get("table_rows", {})
        notes.append(f"{profile}: {any_b.get('exhibit', '?')} ({any_b.get('scenario', '?')} scenario, generator "
                     f"{any_b.get('generator', '?')}), {rows.get('messages', 0):,} messages + {rows.get('calls', 0):,} "
                     f"calls in the tables -> {n:,} 1:1 events of {any_b.get('persons', '?')} persons; "
                     f"{any_b.get('order_windows', 0)} order window(s)")
        if k and isinstance(k["extra_info"].get("numba_compile_s"), (int, float)):
            e = k["extra_info"]
            per = ", ".join(f"{name} {v:.2f}" for name, v in e.get("numba_compile_per_kernel_s", {}).items())
            notes.append(f"{profile}: Numba compile (first call of every kernel, fresh process, empty NUMBA_CACHE_DIR): "
                         f"{e['numba_compile_s']:.2f} s ({per}); first calls loading from that cache: "
                         f"{e.get('numba_cache_load_s', float('nan')):.3f} s; not inside any figure above")
        if d and d["extra_info"].get("breakdown_s"):
            br = d["extra_info"]["breakdown_s"]
            notes.append(f"{profile}: detector breakdown (one call each, best of 2): run {br['run']:.3f} s = "
                         f"build_events {br['build_events']:.3f} s (of which text rules {br['text_rules']:.3f} s) + "
                         f"kernels, rules and findings {br['run'] - br['build_events']:.3f} s")
        if profile == "heavy" and ps and ds:
            met = ps / ds >= CONTACT_TARGET
            notes.append(f"heavy: target pandas / detector >= {CONTACT_TARGET:.0f}x: {'met' if met else 'not met'} "
                         f"({ratio(ps, ds)}); pandas / kernels {ratio(ps, ks)}")
    return lines + [""] + notes


def machine_line(machine: dict) -> str:
    parts = [f"{machine.get('cores', '?')} CPUs, {machine.get('cpu', 'unknown CPU')}",
             f"Python {machine.get('python', '?')}"]
    for key, name in (("pyarrow", "pyarrow"), ("sqlite", "SQLite"), ("pandas", "pandas"), ("numba", "Numba"),
                      ("devtriage", "devtriage")):
        if machine.get(key):
            parts.append(f"{name} {machine[key]}")
    return "machine: " + "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", nargs="+", type=Path, help="pytest-benchmark JSON file(s); default: the newest under .benchmarks/")
    args = ap.parse_args(argv)
    paths = args.json or ([newest_json()] if newest_json() else [])
    if not paths:
        print("no benchmark JSON: run `pytest benchmarks/test_stages.py --benchmark-json .benchmarks/stages.json` first",
              file=sys.stderr)
        return 2
    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    benches, machine, run = load(paths)
    if not benches:
        print(f"no per-stage or contact benchmarks in {', '.join(map(str, paths))} (timings disabled, or not "
              "test_stages.py / test_contact_speed.py)", file=sys.stderr)
        return 1
    rounds = sorted({(b.get("stats") or {}).get("rounds") for b in benches} - {None})
    print(machine_line(machine))
    print(f"from {', '.join(str(p) for p in paths)}" + (f" ({run['datetime']})" if run.get("datetime") else "")
          + f"; medians of {'/'.join(map(str, rounds)) or '?'} rounds after 1 warm-up round")
    stage = [b for b in benches if "stage" in b["extra_info"]]
    if stage:
        print()
        print("\n".join(table(stage)))
        print()
        print("devtriage: per adapter, `adapter.read` on the private copy, fully consumed into Arrow; end to end, "
              "`collect.ingest(device folder)` (walk, private copies, SHA-256, probing, reads, assembly). "
              "Baselines read the private copies, with no copy or hash. Ratios below 1: devtriage is faster.")
    contact = contact_table(benches)
    if contact:
        print()
        print("\n".join(contact))
        print()
        print("contact: kernels = every per-person statistic from the Numba kernels (+ the detector's NumPy glue) on "
              "the prepared event arrays; pandas = the same statistics from the events DataFrame, equal to the "
              "kernels' exactly; detector = the whole `contact.run(tables, case)` (events incl. person joining, "
              "local time and text rules, kernels, indicator rules, findings). Ratios above 1: devtriage is faster.")
    return 0


if __name__ == "__main__":
    import signal

    if hasattr(signal, "SIGPIPE"):  # `report.py | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
