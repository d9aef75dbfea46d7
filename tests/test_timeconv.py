import datetime as dt

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from devtriage.timeconv import from_cocoa, from_unix

UTC = dt.timezone.utc
COCOA = dt.datetime(2001, 1, 1, tzinfo=UTC)


def test_unix_ms_and_seconds():
    arr, bad = from_unix(pa.array([1617873247692, None], pa.int64()), "ms")
    assert bad == 0
    assert arr.to_pylist() == [dt.datetime(2021, 4, 8, 9, 14, 7, 692000, tzinfo=UTC), None]
    arr, _ = from_unix(pa.array([1617873247]), "s")
    assert arr[0].as_py() == dt.datetime(2021, 4, 8, 9, 14, 7, tzinfo=UTC)


def test_impossible_values_are_null_and_counted():
    arr, bad = from_unix(pa.array([0, -5, 1617873247692, 99999999999999999]), "ms")
    assert bad == 3
    assert arr.null_count == 3
    assert arr[2].as_py().year == 2021


def test_cocoa_seconds_and_nanoseconds_auto():
    # 599079037641931008 ns since 2001 (iOS 11+) and 469908586 s (iOS 10 and earlier)
    arr, bad = from_cocoa(pa.array([599079037641931008, 469908586], pa.int64()))
    assert bad == 0
    assert arr[0].as_py() == COCOA + dt.timedelta(microseconds=599079037641931008 // 1000_000 * 1000)  # floor to ms
    assert arr[1].as_py() == COCOA + dt.timedelta(seconds=469908586)


@given(st.integers(min_value=0, max_value=3_000_000_000_000))
def test_cocoa_ms_rounding_matches_datetime(ms_since_2001):
    seconds = ms_since_2001 / 1000.0
    arr, bad = from_cocoa(np.array([seconds]), "s")
    expect = COCOA + dt.timedelta(milliseconds=ms_since_2001)
    if expect.year < 2100:
        assert bad == 0
        assert arr[0].as_py() == expect


UNIX = dt.datetime(1970, 1, 1, tzinfo=UTC)


@given(st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), max_size=20), st.sampled_from(["s", "ms", "us", "ns"]))
def test_integer_unix_values_match_exact_python_arithmetic(values, unit):
    arr, bad = from_unix(pa.array(values, pa.int64()), unit)
    per_ms = {"s": (1000, 1), "ms": (1, 1), "us": (1, 1000), "ns": (1, 1_000_000)}[unit]
    want = []
    for v in values:
        ms = v * per_ms[0] // per_ms[1]
        ok = 788_918_400_000 <= ms < 4_102_444_800_000
        want.append(UNIX + dt.timedelta(milliseconds=ms) if ok else None)
    assert arr.to_pylist() == want
    assert bad == sum(w is None for w in want)


@given(st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), max_size=20))
def test_integer_cocoa_auto_matches_exact_python_arithmetic(values):
    arr, bad = from_cocoa(pa.array(values, pa.int64()))
    want = []
    for v in values:
        ms = v // 1_000_000 if abs(v) > 10**11 else v * 1000
        ms += 978_307_200_000
        ok = 788_918_400_000 <= ms < 4_102_444_800_000
        want.append(UNIX + dt.timedelta(milliseconds=ms) if ok else None)
    assert arr.to_pylist() == want
    assert bad == sum(w is None for w in want)
