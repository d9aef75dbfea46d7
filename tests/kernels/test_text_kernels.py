"""Hashed n-gram features and linear scores (kernels/text.py) against a plain-Python
reference, plus input checks."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sps
from hypothesis import given, settings
from hypothesis import strategies as st

from devtriage.kernels.text import (MARK_END, MARK_START, char_features, char_scores, hashed_features, linear_scores,
                                    ngram_count)

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def _mix(x: int) -> int:
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def _hash(gram: list[int], nbits: int) -> int:
    h = _mix((len(gram) * GOLDEN) & M64)
    for p in gram:
        h = _mix(h ^ ((p + 3) & M64))
    return h & ((1 << nbits) - 1)


def reference(messages: list[list[int]], max_order: int, nbits: int) -> np.ndarray:
    """Dense feature matrix, as the module docstring defines it."""
    x = np.zeros((len(messages), 1 << nbits))
    for k, ids in enumerate(messages):
        grams = [[p] for p in ids]
        if ids:
            padded = [MARK_START] + ids + [MARK_END]
            for order in range(2, max_order + 1):
                grams += [padded[s:s + order] for s in range(len(padded) - order + 1)]
        for g in grams:
            x[k, _hash(g, nbits)] += 1 / np.sqrt(len(grams))
    return x


def _flat(messages):
    offsets = np.zeros(len(messages) + 1, np.int64)
    offsets[1:] = np.cumsum([len(m) for m in messages])
    ids = np.array([i for m in messages for i in m], dtype=np.int32)
    return ids, offsets


messages_st = st.lists(st.lists(st.integers(0, 50), max_size=12), max_size=8)


@settings(max_examples=60, deadline=None)
@given(messages_st, st.integers(1, 4))
def test_features_match_reference(messages, max_order):
    nbits = 8
    ids, offsets = _flat(messages)
    indptr, idx, val = hashed_features(ids, offsets, max_order, nbits)
    got = sps.csr_matrix((val, idx, indptr), shape=(len(messages), 1 << nbits)).toarray()
    np.testing.assert_allclose(got, reference(messages, max_order, nbits), rtol=1e-6, atol=1e-7)
    counts = ngram_count(offsets, max_order)
    assert counts.tolist() == [int(indptr[k + 1] - indptr[k]) for k in range(len(messages))]


@settings(max_examples=60, deadline=None)
@given(messages_st, st.integers(1, 3))
def test_scores_equal_features_times_weights(messages, max_order):
    nbits = 6
    rng = np.random.default_rng(len(messages))
    w = rng.normal(size=(1 << nbits, 3)).astype(np.float32)
    b = rng.normal(size=3)
    ids, offsets = _flat(messages)
    got = linear_scores(ids, offsets, w, b, max_order)
    want = reference(messages, max_order, nbits) @ w.astype(np.float64) + b
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def test_order_and_boundaries_matter():
    # the same pieces in another order, or at the start instead of the end, hash differently
    ids, offsets = _flat([[1, 2, 3], [3, 2, 1]])
    indptr, idx, _ = hashed_features(ids, offsets, 3, 18)
    a, b = set(idx[indptr[0]:indptr[1]].tolist()), set(idx[indptr[1]:indptr[2]].tolist())
    assert a != b and len(a & b) >= 3  # the unigrams are shared


def test_empty_inputs():
    indptr, idx, val = hashed_features(np.zeros(0, np.int32), np.zeros(1, np.int64))
    assert indptr.tolist() == [0] and idx.size == 0
    w = np.zeros((16, 2), np.float32)
    out = linear_scores(np.zeros(0, np.int32), np.array([0, 0]), w, np.array([0.5, -1.0]))
    assert out.shape == (1, 2) and out[0].tolist() == [0.5, -1.0]  # an empty message scores its bias


@pytest.mark.parametrize("ids, offsets, err", [
    ([1, 2], [0, 1], ValueError),  # offsets do not end at len(ids)
    ([1, 2], [1, 2], ValueError),  # do not start at 0
    ([1, 2, 3], [0, 2, 1, 3], ValueError),  # decreasing
    ([1, -4], [0, 2], ValueError),  # negative piece id
    ([1.5, 2.0], [0, 2], TypeError),  # float ids
])
def test_bad_tokens(ids, offsets, err):
    with pytest.raises(err):
        hashed_features(np.asarray(ids), np.asarray(offsets))


def test_bad_weights_and_order():
    ids, offsets = _flat([[1, 2]])
    with pytest.raises(TypeError):
        linear_scores(ids, offsets, np.zeros((16, 2), np.float64), np.zeros(2))
    with pytest.raises(ValueError):
        linear_scores(ids, offsets, np.zeros((20, 2), np.float32), np.zeros(2))
    with pytest.raises(ValueError):
        linear_scores(ids, offsets, np.zeros((16, 2), np.float32), np.zeros(3))
    with pytest.raises(ValueError):
        hashed_features(ids, offsets, max_order=0)


# --- character n-grams --------------------------------------------------------------------------


def _char_hash(gram: bytes, nbits: int) -> int:
    x = ((16 + len(gram)) * GOLDEN) & M64
    for b in gram:
        x = ((x ^ b) * 0x100000001B3) & M64
    return _mix(x) & ((1 << nbits) - 1)


def char_reference(texts: list[str], lo: int, hi: int, nbits: int) -> np.ndarray:
    x = np.zeros((len(texts), 1 << nbits))
    for k, t in enumerate(texts):
        grams = []
        for word in t.encode("utf-8").replace(b"\t", b" ").replace(b"\n", b" ").replace(b"\r", b" ").split(b" "):
            if not word:
                continue
            padded = b" " + word + b" "
            for n in range(lo, hi + 1):
                grams += [padded[s:s + n] for s in range(len(padded) - n + 1)]
        for g in grams:
            x[k, _char_hash(g, nbits)] += 1 / np.sqrt(len(grams))
    return x


def _utf8(texts):
    import pyarrow as pa

    from devtriage.text.model import utf8

    return utf8(pa.array(texts, pa.string()))


texts_st = st.lists(st.one_of(st.none(), st.text(alphabet=st.sampled_from("ab c\tłé😂\n"), max_size=14)), max_size=6)


@settings(max_examples=60, deadline=None)
@given(texts_st, st.integers(1, 3), st.integers(0, 2))
def test_char_features_match_reference(texts, lo, extra):
    hi, nbits = lo + extra, 8
    data, offsets = _utf8(texts)
    indptr, idx, val = char_features(data, offsets, lo, hi, nbits)
    got = sps.csr_matrix((val, idx, indptr), shape=(len(texts), 1 << nbits)).toarray()
    want = char_reference([t or "" for t in texts], lo, hi, nbits)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    w = np.random.default_rng(1).normal(size=(1 << nbits, 2)).astype(np.float32)
    np.testing.assert_allclose(char_scores(data, offsets, w, lo, hi), want @ w.astype(np.float64), rtol=1e-4, atol=1e-4)


def test_char_inputs_checked():
    data, offsets = _utf8(["abc"])
    with pytest.raises(TypeError):
        char_features(data.astype(np.int32), offsets)
    with pytest.raises(ValueError):
        char_features(data, np.array([0, 99]))
    with pytest.raises(ValueError):
        char_features(data, offsets, lo=4, hi=3)
    with pytest.raises(TypeError):
        char_scores(data, offsets, np.zeros((16, 1)))


def test_sliced_arrow_array_offsets():
    import pyarrow as pa

    from devtriage.text.model import utf8

    arr = pa.array(["xx", "hello world", None, "ok"], pa.string()).slice(1, 3)
    data, offsets = utf8(arr)
    a = char_features(data, offsets, 3, 3, 10)
    b = char_features(*_utf8(["hello world", "", "ok"]), 3, 3, 10)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
