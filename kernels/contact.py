"""Numba kernels for the contact-pattern detector.

The detector turns every message and call of a device into one event table sorted by
``(group, ts)``, where a group is one counterpart across all apps and calls, and hands
these kernels aligned 1-D NumPy arrays:

``offsets`` int64[g+1]
    group ``k``'s events are ``[offsets[k], offsets[k+1])``; ``offsets[0] == 0``,
    ``offsets[-1] == n``, non-decreasing (empty groups allowed).
``ts`` int64[n]
    UTC Unix milliseconds, non-decreasing inside each group (ties allowed).
``day`` int64[n]
    local calendar day number, ``floor(local_ms / 86_400_000)``, computed by the caller
    in the case's time zone (so DST is already handled); non-decreasing inside a group.
``direction`` int8[n]
    1 outgoing (the device owner contacted them), 0 incoming, -1 unknown.

Every kernel is a private ``@njit(cache=True, nogil=True)`` function over arrays and
scalars plus a public wrapper that converts and checks its inputs (dtype, 1-D shape,
aligned lengths, no nulls, well-formed offsets, sorted inside groups) and raises
``TypeError`` for a wrong dtype and ``ValueError`` for a wrong value or shape. The
wrappers accept NumPy arrays, lists, and pyarrow arrays without nulls; integer inputs of
a narrower type are widened safely. All work for ``n == 0`` and ``g == 0``. Results are
named tuples of NumPy arrays, one entry per group unless stated otherwise. Global
indices returned by the kernels index the ``n`` event arrays; -1 means "none".
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from .checks import plain as _plain

__all__ = [
    "DayRuns",
    "OneSidedRuns",
    "WindowMax",
    "WeeklyCounts",
    "MannKendall",
    "IntervalCounts",
    "week_of_day",
    "day_runs",
    "one_sided_runs",
    "max_in_window",
    "weekly_counts",
    "mann_kendall",
    "count_in_intervals",
]

_I64 = np.dtype(np.int64)
_I64_MAX = np.int64(np.iinfo(np.int64).max)

#: Longest weekly series ``weekly_counts`` builds by default: 10,000 weeks is ~190 years,
#: wider than any timestamp the adapters accept (1995-2100), so only corrupt input hits it.
MAX_SPAN_WEEKS = 10_000
#: Longest series ``mann_kendall`` accepts by default. Its Theil-Sen slope holds all
#: n(n-1)/2 pairwise slopes (8 bytes each): 10,000 values need ~400 MB.
MAX_SERIES = 10_000


# --------------------------------------------------------------------------- results


class DayRuns(NamedTuple):
    distinct_days: np.ndarray  #: int64[g] distinct local days with at least one event
    longest_run: np.ndarray  #: int64[g] longest streak of consecutive days with contact
    longest_run_last_day: np.ndarray  #: int64[g] last day of that streak, -1 if the group is empty


class OneSidedRuns(NamedTuple):
    longest: np.ndarray  #: int64[g] events in the longest one-sided run (0 if none)
    start: np.ndarray  #: int64[g] global index of the run's first counted event, -1 if none
    end: np.ndarray  #: int64[g] global index of the run's last counted event, -1 if none


class WindowMax(NamedTuple):
    max_count: np.ndarray  #: int64[g] most events in one window [t, t + window_ms)
    first: np.ndarray  #: int64[g] global index of the first event of the earliest such window, -1 if empty


class WeeklyCounts(NamedTuple):
    values: np.ndarray  #: int64[m] counts per week, group after group
    week0: np.ndarray  #: int64[g] week number of each group's first value, -1 if the group is empty
    woffsets: np.ndarray  #: int64[g+1] group k's weeks are values[woffsets[k]:woffsets[k+1]]


class MannKendall(NamedTuple):
    s: np.ndarray  #: int64[g] Mann-Kendall S
    var: np.ndarray  #: float64[g] variance of S with the tie correction
    z: np.ndarray  #: float64[g] continuity-corrected z (0 when n < 3, var == 0 or S == 0)
    slope: np.ndarray  #: float64[g] Theil-Sen slope per step (NaN when n < 2)


class IntervalCounts(NamedTuple):
    count: np.ndarray  #: int64[g] events inside any interval
    first: np.ndarray  #: int64[g] global index of the first such event, -1 if none


# --------------------------------------------------------------------------- checks


def _int_array(x, name: str) -> np.ndarray:
    """A contiguous 1-D int64 array; any integer dtype that fits int64 is widened."""
    a = _plain(x, name)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {a.shape}")
    if a.dtype.kind not in "iu":
        hint = "; pass the int64 milliseconds (e.g. arr.cast(pa.int64()))" if a.dtype.kind == "M" else ""
        raise TypeError(f"{name} must be an int64 array, got dtype {a.dtype}{hint}")
    if a.dtype != _I64:
        if not np.can_cast(a.dtype, _I64, "safe"):
            raise TypeError(f"{name} must be an int64 array, got dtype {a.dtype} (does not fit in int64)")
        a = a.astype(_I64)
    return np.ascontiguousarray(a)


def _offsets(offsets, n: int) -> np.ndarray:
    off = _int_array(offsets, "offsets")
    if off.shape[0] == 0:
        raise ValueError("offsets must have g+1 >= 1 elements (use [0] for no groups)")
    if off[0] != 0:
        raise ValueError(f"offsets[0] must be 0, got {off[0]}")
    if off[-1] != n:
        raise ValueError(f"offsets[-1] must equal the number of events {n}, got {off[-1]}")
    if off.shape[0] > 1:
        step = np.diff(off)
        if (step < 0).any():
            k = int(np.argmax(step < 0))
            raise ValueError(f"offsets must be non-decreasing: offsets[{k + 1}]={off[k + 1]} < offsets[{k}]={off[k]}")
    return off


def _same_length(name: str, a: np.ndarray, n: int, ref: str) -> None:
    if a.shape[0] != n:
        raise ValueError(f"{name} has {a.shape[0]} elements but {ref} has {n}")


def _sorted_in_groups(a: np.ndarray, off: np.ndarray, name: str) -> None:
    """ValueError unless ``a`` is non-decreasing inside every group."""
    n = a.shape[0]
    if n < 2:
        return
    bad = a[1:] < a[:-1]
    bounds = off[1:-1]
    bounds = bounds[(bounds > 0) & (bounds < n)]
    bad[bounds - 1] = False  # a drop between two groups is fine
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"{name} must be non-decreasing inside each group: {name}[{i + 1}]={a[i + 1]} < {name}[{i}]={a[i]}"
        )


# --------------------------------------------------------------------------- day_runs


@njit(cache=True, nogil=True)
def _day_runs(offsets, day):
    g = offsets.shape[0] - 1
    distinct = np.zeros(g, np.int64)
    longest = np.zeros(g, np.int64)
    last = np.full(g, -1, np.int64)
    for k in range(g):
        lo = offsets[k]
        hi = offsets[k + 1]
        if lo == hi:
            continue
        d = 1
        run = 1
        best = 1
        best_last = day[lo]
        for i in range(lo + 1, hi):
            cur = day[i]
            prev = day[i - 1]
            if cur == prev:
                continue
            d += 1
            if cur == prev + 1:  # cur > prev, so prev + 1 cannot overflow
                run += 1
            else:
                run = 1
            if run > best:  # strictly: the earliest streak wins ties
                best = run
                best_last = cur
        distinct[k] = d
        longest[k] = best
        last[k] = best_last
    return distinct, longest, last


def day_runs(offsets, day) -> DayRuns:
    """Distinct local days with contact and the longest streak of consecutive days.

    For each group: ``distinct_days`` is the number of distinct values of ``day``;
    ``longest_run`` the length of the longest maximal sequence of distinct days
    ``d, d+1, ..., d+L-1`` that all occur in the group; ``longest_run_last_day`` the last
    day ``d+L-1`` of that streak, the earliest streak winning ties. An empty group gives
    ``0, 0, -1`` (tell it apart from a real day -1 by ``longest_run == 0``).

    ``day`` must be non-decreasing inside each group (ValueError otherwise).
    """
    d = _int_array(day, "day")
    off = _offsets(offsets, d.shape[0])
    _sorted_in_groups(d, off, "day")
    return DayRuns(*_day_runs(off, d))


# --------------------------------------------------------------------------- one_sided_runs


@njit(cache=True, nogil=True)
def _one_sided_runs(offsets, direction, side):
    g = offsets.shape[0] - 1
    longest = np.zeros(g, np.int64)
    start = np.full(g, -1, np.int64)
    end = np.full(g, -1, np.int64)
    for k in range(g):
        run = 0
        run_start = -1
        best = 0
        for i in range(offsets[k], offsets[k + 1]):
            d = direction[i]
            if d == side:
                if run == 0:
                    run_start = i
                run += 1
                if run > best:  # strictly: the earliest run wins ties
                    best = run
                    start[k] = run_start
                    end[k] = i
            elif d >= 0:  # the other side breaks the run; unknown (-1) is skipped
                run = 0
        longest[k] = best
    return longest, start, end


def one_sided_runs(offsets, direction, side: int = 1) -> OneSidedRuns:
    """The longest one-sided run of contact in each group.

    A run is a maximal sequence of events with ``direction == side`` and no event of the
    other side (``1 - side``) in between, taken in the group's (ts) order; unknown events
    (``direction == -1``) are skipped: they neither count nor break a run. ``side=1``
    (default) gives runs of outgoing contact with no reply; ``side=0`` the mirror, runs
    of incoming contact the owner never answered. ``longest`` is the number of counted
    events in the longest run (0 if the group has no event of ``side``); ``start``/``end``
    are the global indices of its first and last counted event (-1 if none); the earliest
    run wins ties. ``direction`` must hold only -1, 0 and 1 (ValueError otherwise).
    """
    if isinstance(side, (bool, np.bool_)) or not isinstance(side, (int, np.integer)):
        raise TypeError(f"side must be 0 or 1, got {side!r}")
    if side not in (0, 1):
        raise ValueError(f"side must be 0 (incoming) or 1 (outgoing), got {side}")
    a = _plain(direction, "direction")
    if a.ndim != 1:
        raise ValueError(f"direction must be 1-D, got shape {a.shape}")
    if a.dtype.kind not in "iu":
        raise TypeError(f"direction must be an int8 array of -1/0/1, got dtype {a.dtype}")
    if a.shape[0] and ((a < -1) | (a > 1)).any():
        i = int(np.argmax((a < -1) | (a > 1)))
        raise ValueError(f"direction must hold only -1, 0 and 1; direction[{i}]={a[i]}")
    a = np.ascontiguousarray(a, dtype=np.int8)
    off = _offsets(offsets, a.shape[0])
    return OneSidedRuns(*_one_sided_runs(off, a, np.int8(side)))


# --------------------------------------------------------------------------- max_in_window


@njit(cache=True, nogil=True)
def _max_in_window(offsets, ts, window_ms):
    g = offsets.shape[0] - 1
    max_count = np.zeros(g, np.int64)
    first = np.full(g, -1, np.int64)
    for k in range(g):
        lo = offsets[k]
        end = offsets[k + 1]
        best = 0
        hi = lo
        for i in range(lo, end):
            if best >= end - i:  # no later window can hold more
                break
            if i > lo and ts[i] == ts[i - 1]:  # the window at this t starts at the first tie
                continue
            t = ts[i]
            if t > _I64_MAX - window_ms:  # t + window_ms overflows: the window holds the rest
                hi = end
            else:
                limit = t + window_ms
                while hi < end and ts[hi] < limit:
                    hi += 1
            if hi - i > best:  # strictly: the earliest window wins ties
                best = hi - i
                first[k] = i
        max_count[k] = best
    return max_count, first


def max_in_window(offsets, ts, window_ms: int) -> WindowMax:
    """The busiest window of ``window_ms`` milliseconds in each group.

    For each group: ``max_count`` is the maximum over the group's events ``i`` of the
    number of its events ``j`` with ``ts[i] <= ts[j] < ts[i] + window_ms`` (half-open
    window starting at an event); ``first`` is the global index of the first event of the
    earliest window reaching that maximum (with tied timestamps, the first of the ties).
    An empty group gives ``0, -1``. ``window_ms`` must be a positive integer and ``ts``
    non-decreasing inside each group (ValueError otherwise). Two pointers, O(n).
    """
    if isinstance(window_ms, (bool, np.bool_)) or not isinstance(window_ms, (int, np.integer)):
        raise TypeError(f"window_ms must be an integer number of milliseconds, got {window_ms!r}")
    if not 0 < window_ms <= _I64_MAX:
        raise ValueError(f"window_ms must be positive and fit in int64, got {window_ms}")
    t = _int_array(ts, "ts")
    off = _offsets(offsets, t.shape[0])
    _sorted_in_groups(t, off, "ts")
    return WindowMax(*_max_in_window(off, t, np.int64(window_ms)))


# --------------------------------------------------------------------------- weekly_counts


def week_of_day(day) -> np.ndarray:
    """Monday-based week numbers from local day numbers: ``(day - 4) // 7`` (floor).

    1970-01-01 (day 0) was a Thursday, so day 4 is Monday 1970-01-05 and week 0 runs
    Monday 5 to Sunday 11 January 1970; days 0..3 fall in week -1. Weeks start on Monday
    like ISO 8601 weeks, so each number is one ISO week (week -1 is ISO 1970-W01), but
    the number is a running count since 1970, not the ISO week-of-year. Floor division
    keeps days before 1970 right (C-style truncation would not).
    """
    d = _int_array(day, "day")
    return np.floor_divide(d - 4, 7)


@njit(cache=True, nogil=True)
def _weekly_counts(offsets, week, week0, woffsets):
    g = offsets.shape[0] - 1
    values = np.zeros(woffsets[g], np.int64)
    for k in range(g):
        base = woffsets[k]
        w0 = week0[k]
        for i in range(offsets[k], offsets[k + 1]):
            values[base + (week[i] - w0)] += 1
    return values


def weekly_counts(offsets, week, *, max_span_weeks: int = MAX_SPAN_WEEKS) -> WeeklyCounts:
    """Events per week for every week from each group's first to its last, as a ragged array.

    For group ``k`` with events, ``values[woffsets[k] + w - week0[k]]`` is the number of
    its events with ``week == w`` for every ``w`` from ``week0[k]`` (its first week) to
    its last week inclusive, silent weeks counting 0; an empty group has no values and
    ``week0 == -1``. ``week`` is a week number per event, non-decreasing inside each group
    (see :func:`week_of_day`). A group spanning more than ``max_span_weeks`` weeks raises
    ValueError instead of allocating a huge array (corrupt timestamps).
    """
    w = _int_array(week, "week")
    off = _offsets(offsets, w.shape[0])
    _sorted_in_groups(w, off, "week")
    g = off.shape[0] - 1
    lo, hi = off[:-1], off[1:]
    has = hi > lo
    week0 = np.full(g, -1, np.int64)
    span = np.zeros(g, np.int64)
    if has.any():
        first = w[lo[has]]
        last = w[hi[has] - 1]
        with np.errstate(over="ignore"):
            s = last - first + 1  # wraps to <= 0 on overflow
        if (s <= 0).any() or (s > max_span_weeks).any():
            k = int(np.flatnonzero(has)[np.argmax((s <= 0) | (s > max_span_weeks))])
            raise ValueError(
                f"group {k} spans weeks {w[lo[k]]}..{w[hi[k] - 1]}, more than max_span_weeks={max_span_weeks}"
            )
        week0[has] = first
        span[has] = s
    woffsets = np.zeros(g + 1, np.int64)
    np.cumsum(span, out=woffsets[1:])
    values = _weekly_counts(off, w, week0, woffsets)
    return WeeklyCounts(values, week0, woffsets)


# --------------------------------------------------------------------------- mann_kendall


@njit(cache=True, nogil=True)
def _select(a, n, k):
    """Partially sort ``a[:n]`` in place so that ``a[k]`` is its k-th smallest value and
    ``a[:k] <= a[k] <= a[k+1:n]``; return ``a[k]`` (Wirth's FIND, Hoare partitioning)."""
    lo = 0
    hi = n - 1
    while lo < hi:
        x = a[k]
        i = lo
        j = hi
        while i <= j:
            while a[i] < x:
                i += 1
            while x < a[j]:
                j -= 1
            if i <= j:
                tmp = a[i]
                a[i] = a[j]
                a[j] = tmp
                i += 1
                j -= 1
        if j < k:
            lo = i
        if k < i:
            hi = j
    return a[k]


@njit(cache=True, nogil=True)
def _median(a, n):
    """Median of ``a[:n]`` (n >= 1; mean of the two middle values for even n); reorders ``a``."""
    h = n // 2
    if n % 2:
        return _select(a, n, h)
    lower = _select(a, n, h - 1)
    upper = a[h]
    for i in range(h + 1, n):  # everything after h - 1 is >= lower now: take the smallest
        if a[i] < upper:
            upper = a[i]
    return (lower + upper) / 2


@njit(cache=True, nogil=True)
def _mann_kendall(values, woffsets, max_len):
    g = woffsets.shape[0] - 1
    s_out = np.zeros(g, np.int64)
    var_out = np.zeros(g, np.float64)
    z_out = np.zeros(g, np.float64)
    slope_out = np.full(g, np.nan)
    pairs = np.empty(max_len * (max_len - 1) // 2, np.float64)
    for k in range(g):
        lo = woffsets[k]
        hi = woffsets[k + 1]
        n = hi - lo
        s = 0
        ties = 0  # sum over groups of equal values of size t of t(t-1)(2t+5)
        p = 0
        for j in range(lo, hi):
            xj = values[j]
            equal = 0  # earlier values equal to x[j]: x[j] is the (equal+1)-th of its tie group
            for i in range(lo, j):
                xi = values[i]
                if xj > xi:
                    s += 1
                elif xj < xi:
                    s -= 1
                else:
                    equal += 1
                pairs[p] = (xj - xi) / (j - i)
                p += 1
            # x[j]'s tie group grows from t = equal to t + 1 values:
            # F(t+1) - F(t) = 6t(t+2) for F(t) = t(t-1)(2t+5)
            ties += 6 * equal * (equal + 2)
        var = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
        s_out[k] = s
        var_out[k] = var
        if n >= 3 and var > 0.0:
            if s > 0:
                z_out[k] = (s - 1) / np.sqrt(var)
            elif s < 0:
                z_out[k] = (s + 1) / np.sqrt(var)
        if n >= 2:
            slope_out[k] = _median(pairs, p)
    return s_out, var_out, z_out, slope_out


def mann_kendall(values, woffsets, *, max_len: int = MAX_SERIES) -> MannKendall:
    """Mann-Kendall trend test and Theil-Sen slope of each ragged series.

    Series ``k`` is ``x = values[woffsets[k]:woffsets[k+1]]`` (``n`` values, taken at
    equally spaced times 0..n-1, e.g. the output of :func:`weekly_counts`):

    - ``s`` = sum over ``i < j`` of ``sign(x[j] - x[i])``;
    - ``var`` = ``(n(n-1)(2n+5) - sum_t t(t-1)(2t+5)) / 18`` with ``t`` the size of each
      group of equal values (tie correction; 0 for n < 2);
    - ``z`` = ``(s-1)/sqrt(var)`` if s > 0, ``(s+1)/sqrt(var)`` if s < 0, 0 if s == 0; also
      0 when ``n < 3`` or ``var == 0``;
    - ``slope`` = median of ``(x[j] - x[i]) / (j - i)`` over all ``i < j`` (mean of the
      two middle ones for an even count), NaN when ``n < 2``.

    ``values`` may be integer or float (computed in float64; NaN/inf raise ValueError).
    O(n^2) time and memory per series; a series longer than ``max_len`` raises ValueError.
    """
    a = _plain(values, "values")
    if a.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {a.shape}")
    if a.dtype.kind not in "iuf":
        raise TypeError(f"values must be an int64 or float64 array, got dtype {a.dtype}")
    x = np.ascontiguousarray(a, dtype=np.float64)
    if x.shape[0] and not np.isfinite(x).all():
        raise ValueError("values must be finite (no NaN or inf)")
    off = _offsets(woffsets, x.shape[0])
    longest = int(np.diff(off).max()) if off.shape[0] > 1 else 0
    if longest > max_len:
        raise ValueError(f"a series has {longest} values, more than max_len={max_len} (O(n^2) memory)")
    return MannKendall(*_mann_kendall(x, off, np.int64(longest)))


# --------------------------------------------------------------------------- count_in_intervals


@njit(cache=True, nogil=True)
def _count_in_intervals(offsets, ts, starts, ends):
    g = offsets.shape[0] - 1
    m = starts.shape[0]
    count = np.zeros(g, np.int64)
    first = np.full(g, -1, np.int64)
    if m == 0:
        return count, first
    for k in range(g):
        lo = offsets[k]
        hi = offsets[k + 1]
        if lo == hi:
            continue
        # binary search: j = the first interval ending after ts[lo]
        t0 = ts[lo]
        j = 0
        top = m
        while j < top:
            mid = (j + top) >> 1
            if ends[mid] <= t0:
                j = mid + 1
            else:
                top = mid
        c = 0
        for i in range(lo, hi):
            t = ts[i]
            while j < m and ends[j] <= t:
                j += 1
            if j == m:
                break
            if starts[j] <= t:
                if c == 0:
                    first[k] = i
                c += 1
        count[k] = c
    return count, first


def count_in_intervals(offsets, ts, starts, ends) -> IntervalCounts:
    """Events of each group inside any of the half-open intervals ``[starts[q], ends[q])``.

    ``count`` is the number of the group's events with ``starts[q] <= ts < ends[q]`` for
    some ``q``; ``first`` the global index of the first of them (-1 if none). Intervals
    must be sorted and non-overlapping (``starts[q] <= ends[q] <= starts[q+1]``; touching
    and empty intervals are fine); use ``np.iinfo(np.int64).max`` as the end of an
    open-ended interval (an event at exactly that instant is then outside). ``ts`` must be
    non-decreasing inside each group. O(n + g log m).
    """
    t = _int_array(ts, "ts")
    off = _offsets(offsets, t.shape[0])
    _sorted_in_groups(t, off, "ts")
    s = _int_array(starts, "starts")
    e = _int_array(ends, "ends")
    _same_length("ends", e, s.shape[0], "starts")
    if s.shape[0]:
        if (s > e).any():
            q = int(np.argmax(s > e))
            raise ValueError(f"interval {q} ends before it starts: [{s[q]}, {e[q]})")
        if s.shape[0] > 1 and (e[:-1] > s[1:]).any():
            q = int(np.argmax(e[:-1] > s[1:]))
            raise ValueError(
                f"intervals must be sorted and non-overlapping: interval {q + 1} starts at {s[q + 1]} "
                f"before interval {q} ends at {e[q]}"
            )
    return IntervalCounts(*_count_in_intervals(off, t, s, e))
