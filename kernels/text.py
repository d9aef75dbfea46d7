"""Numba kernels for the text model: hashed subword n-grams and linear scoring.

A batch of messages arrives tokenised by sentencepiece as two aligned arrays:

``ids`` int32[n]
    piece ids of every message, concatenated (all ids >= 0);
``offsets`` int64[m+1]
    message ``k``'s pieces are ``ids[offsets[k]:offsets[k+1]]``; ``offsets[0] == 0``,
    ``offsets[-1] == n``, non-decreasing (empty messages allowed).

Features of one message are its piece n-grams of orders ``1..max_order``. Unigrams are
the pieces themselves; for orders >= 2 the message is padded with a start and an end
marker so that "starts with" / "ends with" n-grams exist. Each n-gram is hashed (a
splitmix64 chain over the order and the ids) into ``2**nbits`` buckets, and its value is
``1 / sqrt(t)`` where ``t`` is the number of n-gram occurrences in the message, so a
message's feature vector has unit length when no two n-grams share a bucket and long
messages do not outscore short ones by length alone. Training
(:func:`hashed_features`) and scoring (:func:`linear_scores`) use the same definition.

Character n-grams complement the pieces (typos and spellings the tokenizer splits
oddly: "kil u", "deadd"). The lower-cased UTF-8 bytes of the messages arrive as Arrow
lays them out (``data`` uint8[total bytes], ``offsets`` int32/int64[m+1]); each word (a
run of bytes other than space, tab, CR, LF) is padded with one space on each side and
every byte n-gram of orders ``lo..hi`` of it is hashed (FNV-1a from a per-order salt,
then the splitmix64 finaliser) into the same buckets, valued ``1 / sqrt(c)`` with ``c`` the message's number of
character n-grams (:func:`char_features`, :func:`char_scores`).

Each kernel is a private ``@njit(cache=True, nogil=True)`` function plus a public wrapper
that checks its inputs (``TypeError`` for a wrong dtype, ``ValueError`` for a bad value
or shape).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .checks import plain as _plain
from .checks import utf8_layout as _utf8_layout

__all__ = ["hashed_features", "linear_scores", "ngram_count", "char_features", "char_scores", "MARK_START",
           "MARK_END"]

#: Pseudo piece ids of the start / end markers (never a real sentencepiece id).
MARK_START = -1
MARK_END = -2

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_FNV = np.uint64(0x100000001B3)


@njit(cache=True, nogil=True, inline="always")
def _mix(x):
    # splitmix64 finaliser (uint64 arithmetic wraps)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@njit(cache=True, nogil=True, inline="always")
def _piece(ids, lo, hi, j):
    # padded sequence: position lo-1 is the start marker, hi the end marker
    if j < lo:
        return MARK_START
    if j >= hi:
        return MARK_END
    return ids[j]


@njit(cache=True, nogil=True, inline="always")
def _hash(ids, lo, hi, start, order, mask):
    h = _mix(np.uint64(order) * _GOLDEN)
    for j in range(start, start + order):
        p = _piece(ids, lo, hi, j)
        h = _mix(h ^ np.uint64(p + 3))
    return np.int64(h & mask)


@njit(cache=True, nogil=True)
def _count(offsets, max_order):
    m = offsets.size - 1
    out = np.zeros(m, np.int64)
    for k in range(m):
        L = offsets[k + 1] - offsets[k]
        t = L
        for order in range(2, max_order + 1):
            # windows over the padded sequence of length L + 2
            w = L + 2 - order + 1
            if w > 0 and L > 0:
                t += w
        out[k] = t
    return out


@njit(cache=True, nogil=True)
def _features(ids, offsets, max_order, nbits, counts):
    m = offsets.size - 1
    indptr = np.zeros(m + 1, np.int64)
    for k in range(m):
        indptr[k + 1] = indptr[k] + counts[k]
    idx = np.empty(indptr[m], np.int32)
    val = np.empty(indptr[m], np.float32)
    mask = np.uint64((1 << nbits) - 1)
    for k in range(m):
        lo = offsets[k]
        hi = offsets[k + 1]
        t = counts[k]
        if t == 0:
            continue
        v = np.float32(1.0 / np.sqrt(t))
        p = indptr[k]
        for j in range(lo, hi):
            idx[p] = _hash(ids, lo, hi, j, 1, mask)
            val[p] = v
            p += 1
        if hi > lo:
            for order in range(2, max_order + 1):
                for s in range(lo - 1, hi + 2 - order):
                    idx[p] = _hash(ids, lo, hi, s, order, mask)
                    val[p] = v
                    p += 1
    return indptr, idx, val


@njit(cache=True, nogil=True)
def _scores(ids, offsets, max_order, weights, bias):
    m = offsets.size - 1
    nh = weights.shape[1]
    nbits = 0
    while (1 << nbits) < weights.shape[0]:
        nbits += 1
    mask = np.uint64((1 << nbits) - 1)
    out = np.empty((m, nh), np.float32)
    acc = np.empty(nh, np.float64)
    for k in range(m):
        lo = offsets[k]
        hi = offsets[k + 1]
        for h in range(nh):
            acc[h] = 0.0
        t = 0
        for j in range(lo, hi):
            f = _hash(ids, lo, hi, j, 1, mask)
            for h in range(nh):
                acc[h] += weights[f, h]
            t += 1
        if hi > lo:
            for order in range(2, max_order + 1):
                for s in range(lo - 1, hi + 2 - order):
                    f = _hash(ids, lo, hi, s, order, mask)
                    for h in range(nh):
                        acc[h] += weights[f, h]
                    t += 1
        scale = 1.0 / np.sqrt(t) if t > 0 else 0.0
        for h in range(nh):
            out[k, h] = acc[h] * scale + bias[h]
    return out


@njit(cache=True, nogil=True, inline="always")
def _is_space(b):
    return b == 32 or b == 9 or b == 10 or b == 13


@njit(cache=True, nogil=True, inline="always")
def _word(data, j, b):
    """``(start, end)`` of the next word at or after ``j`` before ``b``; ``(-1, b)`` if none."""
    while j < b and _is_space(data[j]):
        j += 1
    if j >= b:
        return -1, b
    ws = j
    while j < b and not _is_space(data[j]):
        j += 1
    return ws, j


@njit(cache=True, nogil=True, inline="always")
def _byte_at(data, ws, we, j):
    # the padded word: position ws-1 and we are spaces
    if j < ws or j >= we:
        return np.uint8(32)
    return data[j]


@njit(cache=True, nogil=True)
def _char_pass(data, offsets, lo, hi, mask, weights, out_idx, out_val, mode):
    """mode 0: count per message (returns counts); 1: write features; 2: scores."""
    m = offsets.size - 1
    nh = weights.shape[1]
    counts = np.zeros(m, np.int64)
    scores = np.zeros((m, nh), np.float32) if mode == 2 else np.zeros((0, nh), np.float32)
    acc = np.zeros(nh, np.float64)
    p = 0
    for k in range(m):
        a = offsets[k]
        b = offsets[k + 1]
        # pass 1: count
        c = 0
        j = a
        while True:
            ws, j = _word(data, j, b)
            if ws < 0:
                break
            L = j - ws + 2
            for n in range(lo, hi + 1):
                if L >= n:
                    c += L - n + 1
        counts[k] = c
        if mode == 0 or c == 0:
            continue
        v = 1.0 / np.sqrt(c)
        for h in range(nh):
            acc[h] = 0.0
        j = a
        while True:
            ws, we = _word(data, j, b)
            if ws < 0:
                break
            j = we
            for n in range(lo, hi + 1):
                for s in range(ws - 1, we + 2 - n):
                    x = np.uint64(16 + n) * _GOLDEN
                    for q in range(s, s + n):  # FNV-1a over the bytes, one finaliser
                        x = (x ^ np.uint64(_byte_at(data, ws, we, q))) * _FNV
                    f = np.int64(_mix(x) & mask)
                    if mode == 1:
                        out_idx[p] = f
                        out_val[p] = v
                        p += 1
                    else:
                        for h in range(nh):
                            acc[h] += weights[f, h]
        if mode == 2:
            for h in range(nh):
                scores[k, h] = acc[h] * v
    return counts, scores


def _check_bytes(data, offsets, lo, hi):
    data, offsets = _utf8_layout(data, offsets)
    if not (isinstance(lo, (int, np.integer)) and isinstance(hi, (int, np.integer)) and 1 <= lo <= hi <= 8):
        raise ValueError(f"character n-gram orders must satisfy 1 <= lo <= hi <= 8, got {lo}, {hi}")
    return data, offsets


def char_features(data, offsets, lo: int = 3, hi: int = 5, nbits: int = 18):
    """CSR parts ``(indptr, indices, values)`` of the character n-gram features."""
    data, offsets = _check_bytes(data, offsets, lo, hi)
    if not isinstance(nbits, (int, np.integer)) or not 4 <= nbits <= 26:
        raise ValueError(f"nbits must be an integer in 4..26, got {nbits!r}")
    mask = np.uint64((1 << nbits) - 1)
    dummy = np.zeros((1, 1), np.float32)
    counts, _ = _char_pass(data, offsets, lo, hi, mask, dummy, np.zeros(0, np.int32), np.zeros(0, np.float32), 0)
    indptr = np.zeros(counts.size + 1, np.int64)
    np.cumsum(counts, out=indptr[1:])
    idx = np.empty(indptr[-1], np.int32)
    val = np.empty(indptr[-1], np.float32)
    _char_pass(data, offsets, lo, hi, mask, dummy, idx, val, 1)
    return indptr, idx, val


def char_scores(data, offsets, weights, lo: int = 3, hi: int = 5) -> np.ndarray:
    """``float32[m, heads]``: ``x_char @ weights`` without building ``x_char``."""
    data, offsets = _check_bytes(data, offsets, lo, hi)
    weights = np.asarray(weights)
    if weights.ndim != 2 or weights.dtype != np.float32:
        raise TypeError("weights must be a 2-D float32 array")
    n = weights.shape[0]
    if n < 16 or n & (n - 1):
        raise ValueError(f"weights must have a power-of-two number of rows (>= 16), got {n}")
    mask = np.uint64(n - 1)
    _, scores = _char_pass(data, offsets, lo, hi, mask, np.ascontiguousarray(weights), np.zeros(0, np.int32),
                           np.zeros(0, np.float32), 2)
    return scores


def _check_tokens(ids, offsets) -> tuple[np.ndarray, np.ndarray]:
    ids = _plain(ids, "ids")
    offsets = _plain(offsets, "offsets")
    if ids.ndim != 1 or offsets.ndim != 1:
        raise ValueError("ids and offsets must be 1-D")
    if ids.size and not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must be integers, got {ids.dtype}")
    if not np.issubdtype(offsets.dtype, np.integer) and offsets.size:
        raise TypeError(f"offsets must be integers, got {offsets.dtype}")
    ids = ids.astype(np.int32, copy=False)
    offsets = offsets.astype(np.int64, copy=False)
    if offsets.size == 0 or offsets[0] != 0 or offsets[-1] != ids.size:
        raise ValueError("offsets must start at 0 and end at len(ids)")
    if offsets.size > 1 and (np.diff(offsets) < 0).any():
        raise ValueError("offsets must be non-decreasing")
    if ids.size and ids.min() < 0:
        raise ValueError("piece ids must be >= 0")
    return ids, offsets


def _check_order(max_order: int) -> int:
    if not isinstance(max_order, (int, np.integer)) or not 1 <= max_order <= 5:
        raise ValueError(f"max_order must be an integer in 1..5, got {max_order!r}")
    return int(max_order)


def ngram_count(offsets, max_order: int) -> np.ndarray:
    """Number of n-gram occurrences per message (the ``t`` of the module docstring)."""
    offsets = _plain(offsets, "offsets").astype(np.int64, copy=False)
    return _count(offsets, _check_order(max_order))


def hashed_features(ids, offsets, max_order: int = 3, nbits: int = 18):
    """CSR parts ``(indptr, indices, values)`` of the hashed n-gram features, one row per
    message; repeated buckets are left as repeated entries (``scipy.sparse.csr_matrix``
    sums them)."""
    ids, offsets = _check_tokens(ids, offsets)
    max_order = _check_order(max_order)
    if not isinstance(nbits, (int, np.integer)) or not 4 <= nbits <= 26:
        raise ValueError(f"nbits must be an integer in 4..26, got {nbits!r}")
    counts = _count(offsets, max_order)
    return _features(ids, offsets, max_order, int(nbits), counts)


def linear_scores(ids, offsets, weights, bias, max_order: int = 3) -> np.ndarray:
    """Linear margins ``float32[m, heads]``: ``bias + x @ weights`` for every message's
    hashed features ``x`` (as :func:`hashed_features`), without building ``x``.

    ``weights`` is ``float32[2**nbits, heads]``; ``bias`` ``float[heads]``.
    """
    ids, offsets = _check_tokens(ids, offsets)
    max_order = _check_order(max_order)
    weights = np.asarray(weights)
    bias = np.asarray(bias, dtype=np.float64)
    if weights.ndim != 2 or weights.dtype != np.float32:
        raise TypeError("weights must be a 2-D float32 array")
    n = weights.shape[0]
    if n < 16 or n & (n - 1):
        raise ValueError(f"weights must have a power-of-two number of rows (>= 16), got {n}")
    if bias.shape != (weights.shape[1],):
        raise ValueError(f"bias must have {weights.shape[1]} entries, got shape {bias.shape}")
    return _scores(ids, offsets, max_order, np.ascontiguousarray(weights), bias)
