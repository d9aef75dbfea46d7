"""Identifier matching speed (issue 8): the victim's 100 identifiers searched in 1 GB of
phone text by devtriage's match kernels, next to Python's ``re`` in the same run on the
same data.

The data (``_match_data.py``, cached in ``benchmarks/.cache/``): ``DEVTRIAGE_BENCH_MATCH_MB``
MB (10^6 bytes of UTF-8 text; default 1024) of chat messages, browsing records, searches and
notes (about 87 bytes a row on average, notes up to a few kB; 17 % of rows non-ASCII; one
row in six with someone else's phone number, address, postcode, e-mail or handle, or a
look-alike of hers), in Arrow string arrays of 64 MB each, read memory-mapped one at a time
so memory stays flat. In every 64 MB, each of her identifiers is planted once in a form
people type. The case: a :class:`~devtriage.case.Victim` with 20 phone numbers, 20
e-mails, 10 handles, 20 names, 30 addresses, which
:func:`devtriage.text.identifiers.victim_patterns` turns into 111 identifiers, 215 text
terms and 100 phone-number keys.

Benchmarks, group ``match``, one core each:

* ``devtriage-full``: :func:`~devtriage.kernels.match.find_terms` +
  :func:`~devtriage.kernels.match.find_numbers` over every 64 MB array of the whole data,
  straight on the Arrow buffers;
* ``devtriage-sample``: the same on the first ``DEVTRIAGE_BENCH_MATCH_RE_MB`` MB (default
  64), the ``re`` sample;
* ``re-trie``: ONE compiled ``re`` pattern for the same patterns on that sample, one
  ``finditer`` per text: the terms case-insensitive (``re.I``) between word boundaries
  (``(?<![^\\W_])`` ... ``(?![^\\W_])``, as the kernel's folding sees them), their words joined
  by ``[\\W_]+``; the phone-number forms as digit regexes allowing up to three of
  `` -.()/+`` between digits, not inside a longer digit string (``(?<!\\d)`` ... ``(?!\\d)``);
  one empty capturing group at the end of each pattern says which identifier matched.
  The alternation is factored as a trie (shared prefixes written once), which is what makes
  Python's backtracking ``re`` usable on 300 patterns: the texts are decoded to ``str``
  beforehand, not timed (the decode time is reported);
* ``re-flat``: the same patterns as ONE plain alternation ``(?:p1|p2|...|p315)`` (the
  literal reading of the issue), on the first ``DEVTRIAGE_BENCH_MATCH_FLAT_KB`` kB (default
  4000): it runs at about 1 MB/s, so its rate is extrapolated from that sample. (Written
  with a lookaround or a capturing group around EACH alternative instead, ``re`` falls to
  0.01-0.03 MB/s; the form here is the fastest flat one we found.)

Every approach must find exactly the planted hits, as ``(array, row, identifier)``, on the
data it scans (``re-flat``: checked on the planted rows of the first array, untimed), and
nothing else: no hit on the look-alikes. Numba compile time is measured on its own (first
calls in a fresh process with an empty ``NUMBA_CACHE_DIR``). The results are printed and
written to ``benchmarks/.cache/match-speed-<MB>mb.json``.

    DEVTRIAGE_BENCH_MATCH_MB=16 DEVTRIAGE_BENCH_MATCH_FLAT_KB=20 python -m pytest benchmarks/test_match_speed.py -q -s
    python -m pytest benchmarks/test_match_speed.py -q -s --benchmark-json .benchmarks/match.json
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _match_data as D  # noqa: E402
from _numba import compile_times  # noqa: E402
from _timing import say as _say  # noqa: E402
from _timing import timed  # noqa: E402

from devtriage.kernels.match import find_numbers, find_terms, fold  # noqa: E402
from devtriage.text.identifiers import victim_patterns  # noqa: E402

TOTAL_MB = int(os.environ.get("DEVTRIAGE_BENCH_MATCH_MB", 1024))
RE_MB = int(os.environ.get("DEVTRIAGE_BENCH_MATCH_RE_MB", 64))
FLAT_KB = int(os.environ.get("DEVTRIAGE_BENCH_MATCH_FLAT_KB", 4000))
ROUNDS = int(os.environ.get("DEVTRIAGE_BENCH_ROUNDS", 3))
RE_ROUNDS = int(os.environ.get("DEVTRIAGE_BENCH_MATCH_RE_ROUNDS", 1))
T0 = time.perf_counter()
pytestmark = pytest.mark.usefixtures("one_arrow_thread")
RESULTS: dict[str, dict] = {}
MB_ = D.MB

PHONE_SEP = r"[ \-.()/+]{0,3}"
WORD_SEP = r"[\W_]+"


@pytest.fixture(scope="module")
def data(request) -> dict:
    t = time.perf_counter()
    if not Path(D.path_for(TOTAL_MB)).with_suffix(".json").exists():
        _say(request, f"\nbuilding {TOTAL_MB} MB of benchmark text into {D.CACHE} (about 20 s + 1 s per 64 MB) ...")
    meta = D.dataset(TOTAL_MB)
    meta["prepare_s"] = round(time.perf_counter() - t, 1)
    meta["arrays"] = D.batches(meta["path"])
    meta["truth_set"] = {(b, r, k, i) for b, r, k, i in meta["truth"]}
    n = max(1, min(len(meta["arrays"]), math.ceil(RE_MB / D.CHUNK_MB)))
    meta["sample"] = n
    meta["sample_bytes"] = sum(_nbytes(a) for a in meta["arrays"][:n])
    return meta


@pytest.fixture(scope="module")
def patterns():
    return victim_patterns(D.victim())


def _nbytes(arr: pa.Array) -> int:
    o = D.offsets_of(arr)
    return int(o[-1] - o[0])


def _truth(data: dict, arrays: int) -> set:
    return {t for t in data["truth_set"] if t[0] < arrays}


# --- devtriage --------------------------------------------------------------------------


def _scan(arrays, pat, auto, split: dict) -> set:
    """Both kernels over each array; ``{(array, row, kind, identifier)}``."""
    out = set()
    term_s = number_s = 0.0
    for b, arr in enumerate(arrays):
        data = np.frombuffer(arr.buffers()[2], np.uint8)
        offsets = D.offsets_of(arr)
        t = time.perf_counter()
        rows, _, _, terms = find_terms(data, offsets, auto)
        t1 = time.perf_counter()
        nrows, _, _, ids = find_numbers(data, offsets, pat.keys, pat.key_of)
        t2 = time.perf_counter()
        term_s += t1 - t
        number_s += t2 - t1
        for r, i in zip(np.concatenate([rows, nrows]).tolist(), np.concatenate([pat.term_of[terms], ids]).tolist()):
            out.add((b, r, pat.kinds[i], pat.identifiers[i]))
    split.update(terms_s=term_s, numbers_s=number_s)
    return out


# --- re ---------------------------------------------------------------------------------


def _alternatives(pat) -> tuple[list, list]:
    """``([(tokens, identifier index)] of the terms, [...] of the phone-number forms)``."""
    terms, phones = [], []
    for k, term in enumerate(pat.terms):
        toks = [WORD_SEP if c == " " else re.escape(c) for c in fold(term).decode("utf-8")]
        terms.append((toks, int(pat.term_of[k])))
    for k, key in enumerate(pat.keys.tolist()):
        digits = str(key // 32).zfill(key % 32)
        toks = []
        for j, c in enumerate(digits):
            toks += ([PHONE_SEP] if j else []) + [c]
        phones.append((toks, int(pat.key_of[k])))
    return terms, phones


def _trie(items, leaves: list) -> str:
    root: dict = {}
    for toks, ident in items:
        node = root
        for t in toks:
            node = node.setdefault(t, {})
        node.setdefault(None, ident)

    def emit(node) -> str:
        alts = [t + emit(child) for t, child in node.items() if t is not None]
        if None in node:  # the end of a pattern: an empty group that names it (after the longer ones)
            alts.append("()")
            leaves.append(node[None])
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


def _flat(items, leaves: list) -> str:
    dedup = {tuple(t): i for t, i in sorted(items, key=lambda x: -len(x[0]))}
    leaves += list(dedup.values())
    return "(?:" + "|".join("".join(t) + "()" for t in dedup) + ")"


@pytest.fixture(scope="module")
def regexes(patterns) -> dict:
    """``{"re-trie" | "re-flat": (compiled pattern, identifier index of group g at [g - 1])}``."""
    terms, phones = _alternatives(patterns)
    out = {}
    for name, build in (("re-trie", _trie), ("re-flat", _flat)):
        leaves: list = []
        source = rf"(?<![^\W_]){build(terms, leaves)}(?![^\W_])|(?<!\d){build(phones, leaves)}(?!\d)"
        out[name] = (re.compile(source, re.IGNORECASE), leaves, len(source))
    return out


def _re_scan(texts_by_array, rx, leaves, pat) -> set:
    out = set()
    for b, texts in texts_by_array:
        for r, text in enumerate(texts):
            for m in rx.finditer(text):
                i = leaves[m.lastindex - 1]
                out.add((b, r, pat.kinds[i], pat.identifiers[i]))
    return out


@pytest.fixture(scope="module")
def sample_texts(data) -> tuple[list, float]:
    t = time.perf_counter()
    texts = [(b, a.to_pylist()) for b, a in enumerate(data["arrays"][: data["sample"]])]
    return texts, time.perf_counter() - t


# --- the benchmarks ---------------------------------------------------------------------


@pytest.mark.parametrize("approach", ("devtriage-full", "devtriage-sample", "re-trie", "re-flat"))
def test_match_speed(benchmark, request, data, patterns, approach):
    benchmark.group = "match"
    pat = patterns
    info: dict = {"bench": "match", "approach": approach}
    if approach.startswith("devtriage"):
        auto = pat.automaton()
        n = len(data["arrays"]) if approach == "devtriage-full" else data["sample"]
        arrays = data["arrays"][:n]
        _scan([a[:50] for a in arrays[:1]], pat, auto, {})  # compiled / loaded from the cache outside the timing
        split: dict = {}
        found, med, walls = timed(benchmark, lambda: _scan(arrays, pat, auto, split), ROUNDS)
        nbytes = sum(_nbytes(a) for a in arrays)
        expected = _truth(data, n)
        info |= {"terms_s": round(split["terms_s"], 3), "numbers_s": round(split["numbers_s"], 3),
                 "terms_mb_per_s": round(nbytes / MB_ / split["terms_s"], 1),
                 "numbers_mb_per_s": round(nbytes / MB_ / split["numbers_s"], 1)}
    else:
        rx, leaves, size = request.getfixturevalue("regexes")[approach]
        info["pattern_chars"] = size
        if approach == "re-trie":
            texts, decode_s = request.getfixturevalue("sample_texts")
            expected = _truth(data, data["sample"])
            info["decode_to_str_s"] = round(decode_s, 3)
        else:
            first = data["arrays"][0]
            o = D.offsets_of(first)
            rows = int(np.searchsorted(o, o[0] + FLAT_KB * 1000))
            texts = [(0, first[:rows].to_pylist())]
            # correctness on every planted row of the first array (untimed): the sample holds few of them
            planted = sorted({r for b, r, _, _ in data["truth_set"] if b == 0})
            got = _re_scan([(0, [first[r].as_py() for r in planted])], rx, leaves, pat)
            got = {(0, planted[r], k, i) for _, r, k, i in got}
            assert got == _truth(data, 1), f"re-flat on the planted rows: missed {_truth(data, 1) - got}, extra {got - _truth(data, 1)}"
            expected = {t for t in _truth(data, 1) if t[1] < rows}
        found, med, walls = timed(benchmark, lambda: _re_scan(texts, rx, leaves, pat), RE_ROUNDS)
        nbytes = sum(len(t.encode("utf-8")) for _, ts in texts for t in ts)
    med = med if med is not None else float(np.median(walls))
    info |= {"bytes": nbytes, "median_s": round(med, 4),
             "mb_per_s": round(nbytes / MB_ / med, 2), "hits": len(found), "planted": len(expected)}
    benchmark.extra_info.update(info)
    RESULTS[approach] = info
    _say(request, f"\n  {approach:16s} {nbytes / MB_:9.1f} MB {med:9.3f} s {info['mb_per_s']:10.2f} MB/s  "
                  f"({len(found)} hits, {len(expected)} planted)")
    assert found == expected, f"{approach}: missed {sorted(expected - found)[:5]}, extra {sorted(found - expected)[:5]}"


_COMPILE = """
import json, time, numpy as np
t = time.perf_counter(); per = {}
from devtriage.kernels.match import compile_terms, find_terms, find_numbers, number_key
a = compile_terms(["jane doe", "12 acacia ave"]); keys = np.array([number_key("07700900123")], np.int64)
b = np.frombuffer(b"call jane doe on 07700 900123", np.uint8); o = np.array([0, b.size], np.int64)
s = time.perf_counter(); find_terms(b, o, a); per["find_terms"] = time.perf_counter() - s
s = time.perf_counter(); find_numbers(b, o, keys, np.zeros(1, np.int32)); per["find_numbers"] = time.perf_counter() - s
print(json.dumps({"first_calls_s": sum(per.values()), "per_kernel_s": per}))
"""


def test_numba_compile(request):
    ct = compile_times(_COMPILE)
    RESULTS["numba"] = ct
    _say(request, f"\n  Numba compile (fresh process, empty cache): {ct['numba_compile_s']:.2f} s "
                  f"{ct['numba_compile_per_kernel_s']}; cache load {ct['numba_cache_load_s']:.2f} s")
    assert ct["numba_compile_s"] > 0


def test_summary(request, data):
    """The figures, side by side; devtriage must beat the trie-factored ``re`` on the same sample."""
    ours, full = RESULTS.get("devtriage-sample"), RESULTS.get("devtriage-full")
    if not ours or not full:
        pytest.skip("the devtriage benchmarks did not run")
    summary = {
        "data_mb": data["bytes"] / MB_, "arrays": len(data["arrays"]), "rows": data["rows"],
        "mean_bytes_per_row": data["mean_bytes_per_row"], "planted": len(data["truth"]),
        "sample_mb": data["sample_bytes"] / MB_, "flat_sample_kb": FLAT_KB, "rounds": ROUNDS, "re_rounds": RE_ROUNDS,
        "machine": f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, Python {platform.python_version()}",
        "results": RESULTS, "data_prepare_s": data["prepare_s"], "data_build_s": data.get("build_s"),
        "peak_rss_mb_incl_mapped_pages": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "wall_s": round(time.perf_counter() - T0, 1),
    }
    lines = [f"devtriage (1 GB path): {full['mb_per_s']:.1f} MB/s over {full['bytes'] / MB_:,.0f} MB "
             f"(terms {full['terms_mb_per_s']:.0f} MB/s + numbers {full['numbers_mb_per_s']:.0f} MB/s)"]
    for name in ("re-trie", "re-flat"):
        r = RESULTS.get(name)
        if r:
            ratio = ours["mb_per_s"] / r["mb_per_s"]
            summary[f"ratio_devtriage_to_{name}"] = round(ratio, 1)
            lines.append(f"{name}: {r['mb_per_s']:.3f} MB/s on {r['bytes'] / MB_:.1f} MB; devtriage on the same "
                         f"run's sample {ours['mb_per_s']:.1f} MB/s = {ratio:,.1f}x")
    if "numba" in RESULTS:
        lines.append(f"Numba compile {RESULTS['numba']['numba_compile_s']:.2f} s (cache load "
                     f"{RESULTS['numba']['numba_cache_load_s']:.2f} s)")
    lines.append(f"wall {summary['wall_s']:.0f} s (data {data['prepare_s']:.0f} s); peak RSS "
                 f"{summary['peak_rss_mb_incl_mapped_pages']:,} MB incl. mapped pages")
    out = D.CACHE / f"match-speed-{TOTAL_MB}mb.json"
    out.write_text(json.dumps(summary, indent=1))
    _say(request, "\n  " + "\n  ".join(lines) + f"\n  -> {out}")
    if "re-trie" in RESULTS and os.environ.get("DEVTRIAGE_BENCH_ASSERT", "1") != "0":
        assert ours["mb_per_s"] > RESULTS["re-trie"]["mb_per_s"]
