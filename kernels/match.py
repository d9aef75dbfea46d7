"""Numba kernels that find a case's identifiers in many texts in one pass.

Texts arrive as Arrow lays out a string column: ``data`` uint8[total bytes] (UTF-8) and
``offsets`` int32/int64[m+1] (text ``k`` is ``data[offsets[k]:offsets[k+1]]``).

:func:`find_terms` -- words and phrases (names, e-mails, handles, streets, postcodes).
Each text is read as a *folded* stream: ASCII letters lower-cased, every other ASCII byte
that is not a letter or digit (spaces, punctuation, ``@``, ``.``, line breaks) a
separator, runs of separators one space, bytes >= 0x80 (the rest of UTF-8) kept as they
are (so only ASCII letters are case-folded: callers lower-case other scripts first, as
``devtriage.detect.knowledge`` does). ``12, Acacia  Ave.`` folds to ``12 acacia ave``. The terms, folded the same way by
:func:`fold`, are compiled by :func:`compile_terms` into an Aho-Corasick automaton with
its failure links folded into a dense transition table (``int32[states, 256]``), so the
scan is one table lookup per byte for all terms at once. A hit must start and end on a
word boundary: "jane" is not found in "janet", nor "12 acacia ave" in "112 acacia ave".
Hits are reported as ``(text, start byte, end byte, term)`` in the ORIGINAL bytes.

:func:`find_numbers` -- phone numbers in every written form. A *run* is a sequence of
digit groups separated by at most three bytes of `` -.()/+`` (``+44 (0)7700 900-123`` is
one run of the groups 44, 0, 7700, 900, 123). Every contiguous sub-sequence of a run's
groups with 7 to 15 digits in all is looked up, as the key ``int(digits) * 32 +
len(digits)`` (so leading zeros count), in a sorted array of the keys of the victim's
numbers' written forms (``07700900123``, ``7700900123``, ``447700900123``,
``4407700900123``, ``00447700900123``; see ``devtriage.text.identifiers``). Within a run
the longest match wins and overlapping shorter ones are dropped. A number that differs by
one digit, or has one digit more, is a different key: never a hit.

Each kernel is a private ``@njit(cache=True, nogil=True)`` function plus a public wrapper
that checks its inputs (``TypeError`` for a wrong dtype, ``ValueError`` for a bad value or
shape).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from .checks import plain as _plain
from .checks import utf8_layout as _utf8_layout

__all__ = ["Automaton", "compile_terms", "find_terms", "find_numbers", "fold", "number_key", "MAX_TERM"]

#: Longest term, in folded bytes (the scan keeps this much of the stream behind it).
MAX_TERM = 255
_RING = 256
SPACE = 32
_SEPARATORS = b" -.()/+"
MAX_DIGITS = 15
MIN_DIGITS = 7


def _fold_byte(b: int) -> int:
    if 65 <= b <= 90:
        return b + 32
    if 97 <= b <= 122 or 48 <= b <= 57 or b >= 128:
        return b
    return SPACE


def fold(text: str) -> bytes:
    """``text`` folded as the scan reads it (see the module docstring), without leading or
    trailing space."""
    out = bytearray()
    for b in text.encode("utf-8"):
        c = _fold_byte(b)
        if c == SPACE and (not out or out[-1] == SPACE):
            continue
        out.append(c)
    return bytes(out).strip(b" ")


@dataclass(frozen=True)
class Automaton:
    """A compiled term set: ``delta`` int32[states, 256] (failure links folded in),
    ``out_ptr`` int64[states+1] / ``out_ids`` int32 (the terms ending in each state, incl.
    through failure links), ``lengths`` int32[terms] (folded length of each term)."""

    delta: np.ndarray
    out_ptr: np.ndarray
    out_ids: np.ndarray
    lengths: np.ndarray


def compile_terms(terms: list[str]) -> Automaton:
    """Compile ``terms`` (any text; folded here). Empty terms and terms longer than
    :data:`MAX_TERM` folded bytes are a ``ValueError``; duplicates are allowed (each id is
    reported)."""
    folded = [fold(t) for t in terms]
    for t, f in zip(terms, folded):
        if not f:
            raise ValueError(f"term {t!r} has no letter or digit")
        if len(f) > MAX_TERM:
            raise ValueError(f"term {t[:40]!r}... is longer than {MAX_TERM} bytes folded")
    goto: list[dict[int, int]] = [{}]
    ends: list[list[int]] = [[]]
    for i, f in enumerate(folded):
        s = 0
        for b in f:
            nxt = goto[s].get(b)
            if nxt is None:
                goto.append({})
                ends.append([])
                nxt = len(goto) - 1
                goto[s][b] = nxt
            s = nxt
        ends[s].append(i)
    n = len(goto)
    delta = np.zeros((n, 256), dtype=np.int32)
    fail = np.zeros(n, dtype=np.int64)
    out: list[list[int]] = [list(e) for e in ends]
    order = []
    for b, s in goto[0].items():
        delta[0, b] = s
        order.append(s)
    head = 0
    while head < len(order):  # breadth first: a state's failure target is done before it
        s = order[head]
        head += 1
        out[s] = out[s] + out[fail[s]]
        delta[s] = delta[fail[s]]
        for b, t in goto[s].items():
            delta[s, b] = t
            fail[t] = delta[fail[s], b] if s else 0
            order.append(t)
    out_ptr = np.zeros(n + 1, dtype=np.int64)
    out_ptr[1:] = np.cumsum([len(o) for o in out])
    out_ids = np.array([i for o in out for i in o], dtype=np.int32)
    return Automaton(delta, out_ptr, out_ids, np.array([len(f) for f in folded], dtype=np.int32))


@njit(cache=True, nogil=True, inline="always")
def _folded(b):
    if 65 <= b <= 90:
        return b + 32
    if 97 <= b <= 122 or 48 <= b <= 57 or b >= 128:
        return b
    return 32


@njit(cache=True, nogil=True)
def _find_terms(data, offsets, delta, out_ptr, out_ids, lengths, cap):
    rows = np.empty(cap, np.int64)
    starts = np.empty(cap, np.int64)
    stops = np.empty(cap, np.int64)
    ids = np.empty(cap, np.int32)
    ring_pos = np.zeros(_RING, np.int64)
    ring_c = np.zeros(_RING, np.int32)
    n = 0
    for r in range(offsets.shape[0] - 1):
        lo, hi = offsets[r], offsets[r + 1]
        s = 0
        fed = 0
        prev_space = True
        for i in range(lo, hi):
            c = _folded(data[i])
            if c == 32:
                if prev_space:
                    continue
                prev_space = True
            else:
                prev_space = False
            ring_pos[fed % _RING] = i
            ring_c[fed % _RING] = c
            fed += 1
            s = delta[s, c]
            for k in range(out_ptr[s], out_ptr[s + 1]):
                t = out_ids[k]
                first = fed - lengths[t]
                if first > 0 and ring_c[(first - 1) % _RING] != 32:
                    continue  # starts inside a word
                if i + 1 < hi and _folded(data[i + 1]) != 32:
                    continue  # ends inside a word
                if n == cap:
                    return rows, starts, stops, ids, -1
                rows[n] = r
                starts[n] = ring_pos[first % _RING]
                stops[n] = i + 1
                ids[n] = t
                n += 1
    return rows, starts, stops, ids, n


def find_terms(data, offsets, automaton: Automaton) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every hit of the compiled terms: ``(row, start, stop, term)`` arrays (int64, int64,
    int64, int32), byte positions in ``data``, in text order."""
    data, offsets = _utf8_layout(data, offsets)
    a = automaton
    if a.delta.dtype != np.int32 or a.delta.ndim != 2 or a.delta.shape[1] != 256:
        raise TypeError("automaton.delta must be int32[states, 256] (use compile_terms)")
    cap = 1024
    while True:
        rows, starts, stops, ids, n = _find_terms(data, offsets, a.delta, a.out_ptr, a.out_ids, a.lengths, cap)
        if n >= 0:
            return rows[:n], starts[:n], stops[:n], ids[:n]
        cap *= 8


def number_key(digits: str) -> int:
    """The lookup key of a digit string (see the module docstring)."""
    if not digits.isdigit() or not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        raise ValueError(f"a number key needs {MIN_DIGITS}-{MAX_DIGITS} digits, got {digits!r}")
    return int(digits) * 32 + len(digits)


@njit(cache=True, nogil=True, inline="always")
def _is_sep(b):
    return b == 32 or b == 45 or b == 46 or b == 40 or b == 41 or b == 47 or b == 43


@njit(cache=True, nogil=True)
def _flush(data, gs, ge, ng, keys, key_ids, r, out_r, out_s, out_e, out_i, n, cap):
    # candidates: every sub-sequence a..b of the groups with MIN..MAX digits whose key is known
    taken = np.zeros(ng, np.bool_)
    while True:
        top, ta, tb, tid = 0, -1, -1, -1
        for a in range(ng):
            if taken[a]:
                continue
            value = 0
            total = 0
            for b in range(a, ng):
                if taken[b] or total + ge[b] - gs[b] > 15:
                    break
                for j in range(gs[b], ge[b]):
                    value = value * 10 + (data[j] - 48)
                total += ge[b] - gs[b]
                if total >= 7 and total > top:
                    key = value * 32 + total
                    k = np.searchsorted(keys, key)
                    if k < keys.shape[0] and keys[k] == key:
                        top, ta, tb, tid = total, a, b, key_ids[k]
        if ta < 0:
            break
        for g in range(ta, tb + 1):
            taken[g] = True
        if n == cap:
            return -1
        out_r[n] = r
        out_s[n] = gs[ta]
        out_e[n] = ge[tb]
        out_i[n] = tid
        n += 1
    return n


@njit(cache=True, nogil=True)
def _find_numbers(data, offsets, keys, key_ids, cap):
    out_r = np.empty(cap, np.int64)
    out_s = np.empty(cap, np.int64)
    out_e = np.empty(cap, np.int64)
    out_i = np.empty(cap, np.int32)
    gs = np.empty(64, np.int64)
    ge = np.empty(64, np.int64)
    n = 0
    for r in range(offsets.shape[0] - 1):
        lo, hi = offsets[r], offsets[r + 1]
        ng = 0
        i = lo
        while i < hi:
            b = data[i]
            if 48 <= b <= 57:
                j = i
                while j < hi and 48 <= data[j] <= 57:
                    j += 1
                if ng > 0 and (i - ge[ng - 1] > 3 or ng == 64):
                    n = _flush(data, gs, ge, ng, keys, key_ids, r, out_r, out_s, out_e, out_i, n, cap)
                    if n < 0:
                        return out_r, out_s, out_e, out_i, -1
                    ng = 0
                gs[ng] = i
                ge[ng] = j
                ng += 1
                i = j
            elif _is_sep(b):
                i += 1
            else:
                if ng > 0:
                    n = _flush(data, gs, ge, ng, keys, key_ids, r, out_r, out_s, out_e, out_i, n, cap)
                    if n < 0:
                        return out_r, out_s, out_e, out_i, -1
                    ng = 0
                i += 1
        if ng > 0:
            n = _flush(data, gs, ge, ng, keys, key_ids, r, out_r, out_s, out_e, out_i, n, cap)
            if n < 0:
                return out_r, out_s, out_e, out_i, -1
    return out_r, out_s, out_e, out_i, n


def find_numbers(data, offsets, keys, key_ids) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every phone-number hit: ``(row, start, stop, id)`` (``id`` from ``key_ids`` of the
    matched key). ``keys`` int64 sorted ascending (from :func:`number_key`), ``key_ids``
    int32 of the same length."""
    data, offsets = _utf8_layout(data, offsets)
    keys = _plain(keys, "keys")
    key_ids = _plain(key_ids, "key_ids")
    if keys.dtype != np.int64 or key_ids.dtype != np.int32:
        raise TypeError(f"keys must be int64 and key_ids int32, got {keys.dtype} and {key_ids.dtype}")
    if keys.shape != key_ids.shape or keys.ndim != 1:
        raise ValueError("keys and key_ids must be 1-d and of one length")
    if keys.size > 1 and np.any(np.diff(keys) <= 0):
        raise ValueError("keys must be sorted ascending without duplicates")
    cap = 1024
    while True:
        r, s, e, i, n = _find_numbers(data, offsets, keys, key_ids, cap)
        if n >= 0:
            return r[:n], s[:n], e[:n], i[:n]
        cap *= 8
