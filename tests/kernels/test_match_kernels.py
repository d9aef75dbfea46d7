"""kernels/match.py against plain-Python references, edge cases and the written forms of numbers."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devtriage.kernels.match import compile_terms, find_numbers, find_terms, fold, number_key


def _layout(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    arr = pa.array(texts, pa.large_string())
    _, offs, data = arr.buffers()
    d = np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)
    return d, np.frombuffer(offs, np.int64)[: len(texts) + 1]


def _stream(raw: bytes) -> tuple[bytes, list[int]]:
    """The folded stream and, per folded byte, its position in ``raw`` (as the module docstring says)."""
    out, pos = bytearray(), []
    for i, b in enumerate(raw):
        c = b + 32 if 65 <= b <= 90 else b if (97 <= b <= 122 or 48 <= b <= 57 or b >= 128) else 32
        if c == 32 and (not out or out[-1] == 32):
            continue
        out.append(c)
        pos.append(i)
    return bytes(out), pos


def ref_terms(texts: list[str], terms: list[str]) -> set[tuple]:
    got = set()
    base = 0
    for r, t in enumerate(texts):
        raw = t.encode()
        s, pos = _stream(raw)
        for k, term in enumerate(terms):
            f = fold(term)
            start = s.find(f)
            while start >= 0:
                end = start + len(f)
                if (start == 0 or s[start - 1] == 32) and (end == len(s) or s[end] == 32):
                    got.add((r, base + pos[start], base + pos[end - 1] + 1, k))
                start = s.find(f, start + 1)
        base += len(raw)
    return got


def ref_numbers(texts: list[str], forms: dict[str, int]) -> set[tuple]:
    got = set()
    base = 0
    for r, t in enumerate(texts):
        raw = t.encode()
        groups = [(m.start(), m.end()) for m in re.finditer(rb"[0-9]+", raw)]
        runs, cur = [], []
        for g in groups:
            if cur and (g[0] - cur[-1][1] > 3 or any(ch not in b" -.()/+" for ch in raw[cur[-1][1]:g[0]])):
                runs.append(cur)
                cur = []
            cur.append(g)
        if cur:
            runs.append(cur)
        for run in runs:
            taken = [False] * len(run)
            while True:
                best = None
                for a in range(len(run)):
                    digits = ""
                    for b in range(a, len(run)):
                        if taken[b] or len(digits) + run[b][1] - run[b][0] > 15:
                            break
                        digits += raw[run[b][0]:run[b][1]].decode()
                        if len(digits) >= 7 and digits in forms and (best is None or len(digits) > best[0]):
                            best = (len(digits), a, b, forms[digits])
                if best is None:
                    break
                _, a, b, i = best
                taken[a:b + 1] = [True] * (b - a + 1)
                got.add((r, base + run[a][0], base + run[b][1], i))
        base += len(raw)
    return got


def _terms(texts, terms):
    d, o = _layout(texts)
    r, s, e, t = find_terms(d, o, compile_terms(terms))
    return set(zip(r.tolist(), s.tolist(), e.tolist(), t.tolist()))


def _numbers(texts, forms: dict[str, int]):
    d, o = _layout(texts)
    keys = sorted((number_key(f), i) for f, i in forms.items())
    r, s, e, i = find_numbers(d, o, np.array([k for k, _ in keys], np.int64), np.array([i for _, i in keys], np.int32))
    return set(zip(r.tolist(), s.tolist(), e.tolist(), i.tolist()))


UK = {"7700900123": 0, "07700900123": 0, "447700900123": 0, "4407700900123": 0, "00447700900123": 0}


def test_fold():
    assert fold("  12, Acacia  AVE. ") == b"12 acacia ave"
    assert fold("Zoë@Mail.com") == "zoë mail com".encode()
    assert fold("!!!") == b""


def test_terms_word_boundaries_and_spacing():
    texts = ["Jane lives at 12, Acacia  Ave. Leeds", "janet at 112 acacia ave", "ACACIA AVENUE", "x12 acacia ave",
             "mail JANE@Example.com now", "", "jane"]
    terms = ["jane", "12 acacia ave", "jane@example.com"]
    got = _terms(texts, terms)
    assert got == ref_terms(texts, terms)
    found = {(r, t) for r, _, _, t in got}
    assert (0, 0) in found and (0, 1) in found  # name and street in odd spacing
    assert not {(1, 0), (1, 1), (2, 1), (3, 1)} & found  # janet, 112, AVENUE (another term), x12
    assert (4, 2) in found and (6, 0) in found
    d, _ = _layout(texts)
    (r, s, e, _), = [x for x in got if x[0] == 0 and x[3] == 1]
    assert bytes(d[s:e]) == b"12, Acacia  Ave"


def test_terms_overlapping_and_duplicates():
    texts = ["jane doe and doe jane", "ab ab ab"]
    terms = ["jane doe", "doe", "doe jane", "ab ab", "jane doe"]
    assert _terms(texts, terms) == ref_terms(texts, terms)
    assert sum(1 for x in _terms(texts, terms) if x[3] in (0, 4)) == 2  # duplicate terms each reported


def test_terms_non_ascii():
    texts = ["Zoë Kowalska mieszka przy ul. Łąkowej 5", "zoe kowalska"]
    terms = ["zoë kowalska", "łąkowej 5"]
    got = _terms(texts, terms)
    assert got == ref_terms(texts, terms)
    # bytes >= 0x80 are compared as they are: "Ł" is not "ł" (callers lower-case the text first)
    assert {(r, t) for r, _, _, t in got} == {(0, 0)}
    lowered = [t.lower() for t in texts]
    assert {(r, t) for r, _, _, t in _terms(lowered, terms)} == {(0, 0), (0, 1)}


def test_numbers_every_written_form_and_no_lookalike():
    texts = ["call 07700 900123 now", "+44 (0)7700 900-123", "0044 7700 900123", "7700900123", "447700900123",
             "077009001234", "07700 900124", "07700900122", "ref 12 07700900123", "tel:+447700900123;",
             "07700.900.123 and 07700 900123", ""]
    got = _numbers(texts, UK)
    assert got == ref_numbers(texts, UK)
    rows = sorted(r for r, _, _, _ in got)
    assert rows == [0, 1, 2, 3, 4, 8, 9, 10, 10]  # 5-7: one digit more or different
    d, _ = _layout(texts)
    spans = {bytes(d[s:e]) for _, s, e, _ in got}
    assert b"44 (0)7700 900-123" in spans and b"07700 900123" in spans


def test_numbers_longest_wins():
    forms = {"7700900123": 0, "07700900123": 0, "4407700900123": 1}
    got = _numbers(["+44 (0) 7700 900123"], forms)
    assert len(got) == 1 and next(iter(got))[3] == 1


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab 1-2.(07)jane ÄéŁ+@,")), max_size=40), max_size=8),
       st.lists(st.text(alphabet=st.sampled_from(list("ab12jane éŁ")), min_size=1, max_size=6), min_size=1, max_size=5))
def test_terms_match_reference(texts, terms):
    terms = [t for t in terms if fold(t)]
    if not terms:
        return
    assert _terms(texts, terms) == ref_terms(texts, terms)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("0123456789 -.()/+x")), max_size=50), max_size=8))
def test_numbers_match_reference(texts):
    forms = {"1234567": 0, "01234567": 1, "441234567": 2, "0123456789": 3}
    assert _numbers(texts, forms) == ref_numbers(texts, forms)


def test_checks():
    d, o = _layout(["abc"])
    with pytest.raises(TypeError):
        find_terms(d.astype(np.int8), o, compile_terms(["abc"]))
    with pytest.raises(ValueError):
        find_terms(d, np.array([0, 9], np.int64), compile_terms(["abc"]))
    with pytest.raises(ValueError):
        compile_terms(["..."])
    with pytest.raises(ValueError):
        number_key("12345")
    with pytest.raises(ValueError):
        find_numbers(d, o, np.array([5, 3], np.int64), np.array([0, 0], np.int32))
    assert not _terms([], ["abc"]) and not _numbers([], UK)


def test_many_hits_grow_the_output():
    texts = ["jane " * 3000]
    assert len(_terms(texts, ["jane"])) == 3000
