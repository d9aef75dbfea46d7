"""devtriage.kernels.contact: every kernel against a plain-Python reference."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import statistics
from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devtriage.kernels import contact as K

I64_MAX = int(np.iinfo(np.int64).max)
DAY_MS = 86_400_000
PROPERTY = settings(max_examples=150, deadline=None)


# --------------------------------------------------------------------------- references
# Deliberately naive: loops over Python ints, one group at a time.


def groups_of(offsets):
    return [range(int(offsets[k]), int(offsets[k + 1])) for k in range(len(offsets) - 1)]


def ref_day_runs(offsets, day):
    out = ([], [], [])
    for idx in groups_of(offsets):
        days = sorted({int(day[i]) for i in idx})
        best, best_last, run = 0, -1, 0
        for j, d in enumerate(days):
            run = run + 1 if j and d == days[j - 1] + 1 else 1
            if run > best:
                best, best_last = run, d
        for lst, v in zip(out, (len(days), best, best_last)):
            lst.append(v)
    return out


def ref_one_sided_runs(offsets, direction, side):
    out = ([], [], [])
    for idx in groups_of(offsets):
        # split the group's known-direction events into maximal runs of `side`
        runs, cur = [], []
        for i in idx:
            d = int(direction[i])
            if d == side:
                cur.append(i)
            elif d == 1 - side:
                runs.append(cur)
                cur = []
        runs.append(cur)
        best = max(runs, key=len)  # max() returns the first of equals
        for lst, v in zip(out, (len(best), best[0] if best else -1, best[-1] if best else -1)):
            lst.append(v)
    return out


def ref_max_in_window(offsets, ts, window):
    out = ([], [])
    for idx in groups_of(offsets):
        t = [int(ts[i]) for i in idx]
        best, first = 0, -1
        for i, start in enumerate(t):
            lo = bisect.bisect_left(t, start)
            hi = bisect.bisect_left(t, start + window)
            if hi - lo > best:
                best, first = hi - lo, idx[lo]
        out[0].append(best)
        out[1].append(first)
    return out


def ref_weekly_counts(offsets, week):
    values, week0, woffsets = [], [], [0]
    for idx in groups_of(offsets):
        c = Counter(int(week[i]) for i in idx)
        if c:
            values += [c.get(w, 0) for w in range(min(c), max(c) + 1)]
            week0.append(min(c))
        else:
            week0.append(-1)
        woffsets.append(len(values))
    return values, week0, woffsets


def ref_mann_kendall(x):
    n = len(x)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    s = sum((x[j] > x[i]) - (x[j] < x[i]) for i, j in pairs)
    ties = sum(t * (t - 1) * (2 * t + 5) for t in Counter(x).values())
    var = (n * (n - 1) * (2 * n + 5) - ties) / 18
    z = 0.0
    if n >= 3 and var > 0 and s != 0:
        z = (s - math.copysign(1, s)) / math.sqrt(var)
    slope = statistics.median((x[j] - x[i]) / (j - i) for i, j in pairs) if n >= 2 else math.nan
    return s, var, z, slope


def ref_count_in_intervals(offsets, ts, starts, ends):
    out = ([], [])
    for idx in groups_of(offsets):
        inside = [i for i in idx if any(s <= int(ts[i]) < e for s, e in zip(starts, ends))]
        out[0].append(len(inside))
        out[1].append(inside[0] if inside else -1)
    return out


def check(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert isinstance(g, np.ndarray) and g.dtype == np.int64
        assert g.tolist() == list(w)


# --------------------------------------------------------------------------- strategies


def ragged(group, max_groups=6):
    """(offsets, flat values) from a strategy for one group's list of values."""

    def build(groups):
        sizes = [len(g) for g in groups]
        offsets = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64)
        flat = [v for g in groups for v in g]
        return offsets, flat

    return st.lists(group, max_size=max_groups).map(build)


def sorted_group(deltas, start=st.integers(-1_000, 1_000), short=25, long=(40, 80)):
    """A non-decreasing group: start + cumulative deltas; sometimes a long one."""
    lists = st.one_of(
        st.lists(deltas, max_size=short),
        st.lists(deltas, max_size=short),
        st.lists(deltas, min_size=long[0], max_size=long[1]),
    )
    return st.tuples(start, lists).map(lambda sd: list(itertools.accumulate(sd[1], initial=sd[0]))[1:])


def arr(values, dtype=np.int64):
    return np.array(values, dtype=dtype)


DAY_DELTAS = st.sampled_from([0, 0, 1, 1, 1, 1, 2, 3, 30])
TS_DELTAS = st.one_of(st.just(0), st.integers(0, 40), st.integers(0, 5_000))
WEEK_DELTAS = st.sampled_from([0, 0, 0, 1, 1, 2, 6])
DIRECTIONS = st.one_of(
    st.lists(st.sampled_from([-1, 0, 1]), max_size=25),
    st.lists(st.sampled_from([1, 1, 1, 1, 1, 1, -1, 0]), max_size=120),  # long outgoing runs
    st.lists(st.sampled_from([0, 0, 0, 0, -1, 1]), max_size=120),  # long incoming runs
)


# --------------------------------------------------------------------------- day_runs


@PROPERTY
@given(ragged(sorted_group(DAY_DELTAS)))
def test_day_runs_matches_reference(case):
    offsets, day = case
    check(K.day_runs(offsets, arr(day)), ref_day_runs(offsets, day))


def test_day_runs_examples():
    # group 0: days 1,2,2 -> 2 distinct, streak 2 ending day 2; group 1 empty;
    # group 2: 5 | 7 8 9 | 11 12 13 -> two streaks of 3, the earlier (ending 9) wins
    offsets = arr([0, 3, 3, 10])
    day = arr([1, 2, 2, 5, 7, 8, 9, 11, 12, 13])
    r = K.day_runs(offsets, day)
    assert r.distinct_days.tolist() == [2, 0, 7]
    assert r.longest_run.tolist() == [2, 0, 3]
    assert r.longest_run_last_day.tolist() == [2, -1, 9]


def london_days(utc_strings):
    """Local day numbers as the detector computes them: pyarrow local_timestamp, floor by day."""
    utc = pa.array([dt.datetime.fromisoformat(s) for s in utc_strings], pa.timestamp("ms", tz="Europe/London"))
    ts = utc.cast(pa.int64()).to_numpy()
    local_ms = pc.local_timestamp(utc).cast(pa.int64()).to_numpy()
    return ts, np.floor_divide(local_ms, DAY_MS)


def day_number(y, m, d):
    return (dt.date(y, m, d) - dt.date(1970, 1, 1)).days


def test_day_runs_follow_london_local_days_across_dst():
    # Clocks go forward at 2026-03-29 01:00 UTC (01:00 GMT -> 02:00 BST) and back at
    # 2026-10-25 01:00 UTC (02:00 BST -> 01:00 GMT). 23:30 UTC is 23:30 in London in
    # winter but 00:30 the next day in summer.
    spring = ["2026-03-27T12:00:00+00:00", "2026-03-28T23:30:00+00:00", "2026-03-29T00:59:59+00:00",
              "2026-03-29T01:00:00+00:00", "2026-03-30T23:30:00+00:00", "2026-03-31T12:00:00+00:00"]
    autumn = ["2026-10-23T23:30:00+00:00", "2026-10-24T23:30:00+00:00", "2026-10-25T00:30:00+00:00",
              "2026-10-25T01:30:00+00:00", "2026-10-25T23:30:00+00:00", "2026-10-26T23:30:00+00:00"]
    ts, day = london_days(spring + autumn)
    assert day.tolist() == [day_number(2026, 3, d) for d in (27, 28, 29, 29, 31, 31)] + [
        day_number(2026, 10, d) for d in (24, 25, 25, 25, 25, 26)
    ]
    # spring: a Londoner saw contact on 27, 28, 29 and 31 March (none on the 30th), while
    # UTC days would make one unbroken streak 27..31; autumn: 24, 25, 26 October in London
    # (01:30 happens twice on the 25th), 23..26 in UTC days
    offsets = arr([0, 6, 12])
    r = K.day_runs(offsets, day)
    assert r.distinct_days.tolist() == [4, 3]
    assert r.longest_run.tolist() == [3, 3]
    assert r.longest_run_last_day.tolist() == [day_number(2026, 3, 29), day_number(2026, 10, 26)]
    utc_r = K.day_runs(offsets, np.floor_divide(ts, DAY_MS))
    assert utc_r.longest_run.tolist() == [5, 4]
    # a week number from the local day: Sunday 29 March is still the week of Monday 23 March
    weeks = K.week_of_day(day)
    assert weeks[2] == weeks[0] and weeks[4] == weeks[2] + 1


# --------------------------------------------------------------------------- one_sided_runs


@PROPERTY
@given(ragged(DIRECTIONS), st.sampled_from([0, 1]))
def test_one_sided_runs_matches_reference(case, side):
    offsets, direction = case
    got = K.one_sided_runs(offsets, arr(direction, np.int8), side=side)
    check(got, ref_one_sided_runs(offsets, direction, side))


def test_one_sided_runs_examples():
    # out out ? out in out ? out | (empty) | in in ? in out in
    d = arr([1, 1, -1, 1, 0, 1, -1, 1, 0, 0, -1, 0, 1, 0], np.int8)
    offsets = arr([0, 8, 8, 14])
    out = K.one_sided_runs(offsets, d)
    assert out.longest.tolist() == [3, 0, 1]
    assert out.start.tolist() == [0, -1, 12]
    assert out.end.tolist() == [3, -1, 12]
    inc = K.one_sided_runs(offsets, d, side=0)
    assert inc.longest.tolist() == [1, 0, 3]
    assert inc.start.tolist() == [4, -1, 8]
    assert inc.end.tolist() == [4, -1, 11]
    # only unknowns: no run at all
    assert K.one_sided_runs([0, 3], arr([-1, -1, -1], np.int8)).longest.tolist() == [0]


# --------------------------------------------------------------------------- max_in_window


@PROPERTY
@given(ragged(sorted_group(TS_DELTAS)), st.one_of(st.integers(1, 60), st.integers(1, 20_000)))
def test_max_in_window_matches_reference(case, window):
    offsets, ts = case
    check(K.max_in_window(offsets, arr(ts), window), ref_max_in_window(offsets, ts, window))


def test_max_in_window_ties_and_edges():
    # the window is half-open: 0 and 10 are not in one 10 ms window; ties count together
    offsets = arr([0, 6, 6, 7])
    ts = arr([0, 10, 10, 10, 19, 20, 5])
    r = K.max_in_window(offsets, ts, 10)
    assert r.max_count.tolist() == [4, 0, 1]
    assert r.first.tolist() == [1, -1, 6]
    # near the top of int64, t + window overflows: the window holds everything after t
    big = arr([I64_MAX - 5, I64_MAX - 1, I64_MAX])
    r = K.max_in_window([0, 3], big, 10)
    assert r.max_count.tolist() == [3] and r.first.tolist() == [0]
    r = K.max_in_window([0, 3], big, I64_MAX)
    assert r.max_count.tolist() == [3]


# --------------------------------------------------------------------------- weekly_counts


@PROPERTY
@given(ragged(sorted_group(WEEK_DELTAS, start=st.integers(-100, 3_000))))
def test_weekly_counts_matches_reference(case):
    offsets, week = case
    got = K.weekly_counts(offsets, arr(week))
    check(got, ref_weekly_counts(offsets, week))
    assert got.values.sum() == len(week)


def test_week_of_day_is_monday_based():
    # 1970-01-01 was a Thursday; week numbers change exactly on Mondays, before and after 1970
    days = np.arange(-800, 25_000)
    weeks = K.week_of_day(days)
    for d, w, prev in zip(days[1:].tolist(), weeks[1:].tolist(), weeks[:-1].tolist()):
        monday = (dt.date(1970, 1, 1) + dt.timedelta(days=d)).isoweekday() == 1
        assert (w == prev + 1) if monday else (w == prev)
    assert dt.date(1970, 1, 1).isoweekday() == 4
    assert K.week_of_day([0, 3, 4, 10, 11]).tolist() == [-1, -1, 0, 0, 1]
    # every ISO week maps to one running week number
    iso = {}
    for d, w in zip(days.tolist(), weeks.tolist()):
        iso.setdefault((dt.date(1970, 1, 1) + dt.timedelta(days=d)).isocalendar()[:2], set()).add(w)
    assert all(len(ws) == 1 for ws in iso.values())
    assert iso[(1970, 1)] == {-1}


def test_weekly_counts_rejects_absurd_spans():
    with pytest.raises(ValueError, match="max_span_weeks"):
        K.weekly_counts([0, 2], [0, 20_000])
    with pytest.raises(ValueError, match="max_span_weeks"):
        K.weekly_counts([0, 2], [-(2**63), 2**63 - 1])  # the span overflows int64
    assert K.weekly_counts([0, 2], [0, 20_000], max_span_weeks=20_001).woffsets.tolist() == [0, 20_001]


# --------------------------------------------------------------------------- mann_kendall

SERIES = st.one_of(
    st.lists(st.integers(0, 4), max_size=20),  # small counts, many ties
    st.lists(st.integers(-1_000, 1_000), max_size=20),
    st.lists(st.integers(0, 3), min_size=60, max_size=110),
    st.lists(st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False), max_size=15),
)


@PROPERTY
@given(ragged(SERIES, max_groups=5))
def test_mann_kendall_matches_reference(case):
    woffsets, values = case
    is_float = any(isinstance(v, float) for v in values)
    got = K.mann_kendall(arr(values, np.float64 if is_float else np.int64), woffsets)
    assert got.s.dtype == np.int64 and got.var.dtype == got.z.dtype == got.slope.dtype == np.float64
    for k, idx in enumerate(groups_of(woffsets)):
        s, var, z, slope = ref_mann_kendall([values[i] for i in idx])
        assert got.s[k] == s
        assert got.var[k] == pytest.approx(var, rel=1e-12, abs=0)
        assert got.z[k] == pytest.approx(z, rel=1e-12, abs=1e-12)
        if math.isnan(slope):
            assert math.isnan(got.slope[k])
        else:
            assert got.slope[k] == slope  # same IEEE divisions, same middle values


def test_mann_kendall_textbook_example():
    # Worked "by hand" example (College of the Holy Cross, Montserrat course notes,
    # mathcs.holycross.edu/~little/Montserrat/MannKendallByHand.txt): 14 values, one pair of
    # ties (12.9), S = 54, V = 14*13*33/18 - 2*1*9/18, Z = (S - 1)/sqrt(V) = 2.9058.
    x = [12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7]
    r = K.mann_kendall(arr(x, np.float64), [0, len(x)])
    assert r.s.tolist() == [54]
    assert r.var[0] == pytest.approx(14 * 13 * 33 / 18 - 2 * 1 * 9 / 18)
    assert round(float(r.z[0]), 4) == 2.9058
    s, var, z, slope = ref_mann_kendall(x)
    assert (s, var, z, slope) == (54, pytest.approx(r.var[0]), pytest.approx(r.z[0]), r.slope[0])
    # the same series reversed is the mirror trend
    back = K.mann_kendall(arr(x[::-1], np.float64), [0, len(x)])
    assert back.s[0] == -54 and back.z[0] == pytest.approx(-r.z[0]) and back.slope[0] == -r.slope[0]


def test_mann_kendall_small_and_flat_series():
    r = K.mann_kendall(arr([5, 1, 2, 3, 3, 3, 3]), [0, 0, 1, 3, 7])
    assert r.s.tolist() == [0, 0, 1, 0]
    assert r.var.tolist() == [0.0, 0.0, 1.0, 0.0]  # all-tied series: no variance
    assert r.z.tolist() == [0.0, 0.0, 0.0, 0.0]  # n < 3 or var == 0
    assert np.isnan(r.slope[:2]).all() and r.slope[2:].tolist() == [1.0, 0.0]


# --------------------------------------------------------------------------- count_in_intervals


@st.composite
def intervals(draw):
    bounds = sorted(draw(st.lists(st.integers(-1_500, 6_000), max_size=8)))
    if len(bounds) % 2:
        bounds.append(I64_MAX if draw(st.booleans()) else bounds[-1] + draw(st.integers(0, 100)))
    return bounds[0::2], bounds[1::2]


@PROPERTY
@given(ragged(sorted_group(TS_DELTAS)), intervals())
def test_count_in_intervals_matches_reference(case, iv):
    offsets, ts = case
    starts, ends = iv
    got = K.count_in_intervals(offsets, arr(ts), arr(starts), arr(ends))
    check(got, ref_count_in_intervals(offsets, ts, starts, ends))


def test_count_in_intervals_examples():
    # orders: [10, 20) and open-ended from 100; ends are exclusive, touching is fine
    offsets = arr([0, 5, 5, 8])
    ts = arr([5, 10, 19, 20, 150, 0, 99, 100])
    r = K.count_in_intervals(offsets, ts, [10, 20, 100], [20, 20, I64_MAX])
    assert r.count.tolist() == [3, 0, 1]
    assert r.first.tolist() == [1, -1, 7]
    assert K.count_in_intervals(offsets, ts, [], []).count.tolist() == [0, 0, 0]


# --------------------------------------------------------------------------- wrappers


def every_kernel(offsets, values):
    """Call every public kernel on one offsets/values pair (values used as ts, day, week, ...)."""
    v = values
    return [
        K.day_runs(offsets, v),
        K.one_sided_runs(offsets, np.clip(np.asarray(v, np.int64), -1, 1).astype(np.int8)),
        K.max_in_window(offsets, v, 10),
        K.weekly_counts(offsets, v),
        K.mann_kendall(v, offsets),
        K.count_in_intervals(offsets, v, [0], [5]),
    ]


@pytest.mark.parametrize("offsets,values", [([0], []), ([0, 0, 0], []), ([0, 1], [3])])
def test_empty_and_single(offsets, values):
    for res in every_kernel(arr(offsets), arr(values)):
        for a in res:
            assert isinstance(a, np.ndarray)
    res = every_kernel(offsets, values)  # plain lists too
    g = len(offsets) - 1
    assert all(len(r[0]) == g for r in res if not isinstance(r, K.WeeklyCounts))


def test_single_event_results():
    day, side, win, weeks, mk, iv = every_kernel([0, 1], [3])
    assert tuple(map(list, day)) == ([1], [1], [3])
    assert tuple(map(list, side)) == ([1], [0], [0])
    assert tuple(map(list, win)) == ([1], [0])
    assert tuple(map(list, weeks)) == ([1], [3], [0, 1])
    assert mk.s.tolist() == [0] and np.isnan(mk.slope[0])
    assert tuple(map(list, iv)) == ([1], [0])


def test_bad_inputs_raise_clear_errors():
    ts = arr([1, 2, 3])
    with pytest.raises(TypeError, match="ts must be an int64 array, got dtype float64"):
        K.max_in_window([0, 3], ts.astype(float), 5)
    with pytest.raises(TypeError, match="does not fit in int64"):
        K.max_in_window([0, 3], ts.astype(np.uint64), 5)
    with pytest.raises(TypeError, match="int64 milliseconds"):
        K.max_in_window([0, 3], ts.astype("datetime64[ms]"), 5)
    with pytest.raises(ValueError, match="offsets\\[-1\\] must equal the number of events 3"):
        K.day_runs([0, 2], ts)
    with pytest.raises(ValueError, match="offsets\\[0\\] must be 0"):
        K.day_runs([1, 3], ts)
    with pytest.raises(ValueError, match="non-decreasing"):
        K.day_runs([0, 2, 1, 3], ts)
    with pytest.raises(ValueError, match="g\\+1 >= 1"):
        K.day_runs([], [])
    with pytest.raises(ValueError, match="1-D"):
        K.day_runs([0, 3], ts.reshape(3, 1))
    with pytest.raises(ValueError, match="ts must be non-decreasing inside each group"):
        K.max_in_window([0, 3], [1, 3, 2], 5)
    K.max_in_window([0, 2, 3], [1, 3, 2], 5)  # a drop between groups is fine
    with pytest.raises(ValueError, match="window_ms must be positive"):
        K.max_in_window([0, 3], ts, 0)
    with pytest.raises(TypeError, match="window_ms"):
        K.max_in_window([0, 3], ts, 1.5)
    with pytest.raises(ValueError, match="direction must hold only -1, 0 and 1"):
        K.one_sided_runs([0, 2], arr([1, 2], np.int8))
    with pytest.raises(TypeError, match="direction"):
        K.one_sided_runs([0, 2], [1.0, 0.0])
    with pytest.raises(ValueError, match="side must be 0"):
        K.one_sided_runs([0, 2], arr([1, 0], np.int8), side=-1)
    with pytest.raises(ValueError, match="ends has 1 elements but starts has 2"):
        K.count_in_intervals([0, 3], ts, [0, 5], [1])
    with pytest.raises(ValueError, match="non-overlapping"):
        K.count_in_intervals([0, 3], ts, [0, 5], [6, 9])
    with pytest.raises(ValueError, match="ends before it starts"):
        K.count_in_intervals([0, 3], ts, [5], [4])
    with pytest.raises(ValueError, match="finite"):
        K.mann_kendall([1.0, np.nan], [0, 2])
    with pytest.raises(ValueError, match="max_len"):
        K.mann_kendall(np.zeros(50), [0, 50], max_len=10)


def test_pyarrow_inputs_and_nulls():
    ts = pa.array([1, 2, 40], pa.int64())
    assert K.max_in_window(pa.array([0, 3], pa.int64()), ts, 5).max_count.tolist() == [2]
    assert K.day_runs([0, 3], pa.chunked_array([[1, 2], [3]], pa.int32())).longest_run.tolist() == [3]
    with pytest.raises(ValueError, match="ts has 1 null"):
        K.max_in_window([0, 3], pa.array([1, None, 3], pa.int64()), 5)
    with pytest.raises(ValueError, match="masked"):
        K.day_runs([0, 2], np.ma.masked_array([1, 2], mask=[False, True]))
    # narrower integer types are widened, results are always int64
    r = K.day_runs(np.array([0, 2], np.int32), np.array([1, 2], np.int16))
    assert r.longest_run.dtype == np.int64 and r.longest_run.tolist() == [2]


def test_theil_sen_median_selection_matches_numpy():
    # the slope uses an in-place quickselect; check it on odd/even sizes with heavy ties
    rng = np.random.default_rng(7)
    for n in list(range(1, 40)) + [257, 1000]:
        for hi in (2, 5, 1_000):
            a = rng.integers(0, hi, n).astype(np.float64)
            assert K._median(a.copy(), n) == np.median(a)
