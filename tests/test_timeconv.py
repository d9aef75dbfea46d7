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
