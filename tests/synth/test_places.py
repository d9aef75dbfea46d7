"""The movement model: routine shape in local time, accuracy mix, gaps, DST, planted visits."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import numpy as np
import pytest

from devtriage.synth import places as P

LEEDS = P.Routine(53.8008, -1.5491, 53.7960, -1.5350, commute_mode="car", tz="Europe/London")
START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday; UK clocks go forward 29 March


def _rng(seed: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


@pytest.fixture(scope="module")
def track() -> P.Track:
    return P.simulate(_rng(7), LEEDS, START, 56, 300)


def _digest(t: P.Track) -> str:
    h = hashlib.sha256()
    for a in (t.ts_ms, t.lat, t.lon, t.accuracy_m, t.source, t.activity):
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def test_deterministic():
    a = P.simulate(_rng(3), LEEDS, START, 10, 200)
    b = P.simulate(_rng(3), LEEDS, START, 10, 200)
    c = P.simulate(_rng(4), LEEDS, START, 10, 200)
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(c)


def test_columns_and_order(track):
    cols = track.columns()
    assert cols["ts_ms"].dtype == np.int64 and cols["lat"].dtype == np.float64
    assert np.all(np.diff(track.ts_ms) >= 0)
    t0 = int(START.timestamp() * 1000)
    assert track.ts_ms[0] >= t0 and track.ts_ms[-1] < t0 + 56 * 86_400_000
    assert set(np.unique(track.source)) == {"GPS", "WIFI", "CELL"}
    # about points_per_day while recording (night thinning is compensated; gaps remove some)
    assert 0.7 * 300 * 56 < len(track) < 1.1 * 300 * 56


def test_night_at_home_weekday_daytime_at_work(track):
    good = track.accuracy_m <= 100
    loc = P.local_time_ms(track.ts_ms, track.tz)
    hour = (loc // 3_600_000) % 24
    weekday = (loc // 86_400_000 + 3) % 7  # 1970-01-01 was a Thursday
    d_home = P.distance_m(track.lat, track.lon, *track.place("home"))
    d_work = P.distance_m(track.lat, track.lon, *track.place("work"))
    night = good & (hour >= 2) & (hour < 5)
    assert night.sum() > 300
    assert np.mean(d_home[night] < 250) > 0.95
    office = good & (weekday < 5) & (hour >= 10) & (hour < 16)
    assert office.sum() > 1000
    assert np.mean(d_work[office] < 300) > 0.85
    # weekends: mostly home, with errands elsewhere
    wkend = good & (weekday >= 5) & (hour >= 9) & (hour < 20)
    away = (d_home[wkend] > 300) & (d_work[wkend] > 300)
    assert 0.05 < np.mean(away) < 0.8


def test_commute_points_lie_between_home_and_work(track):
    seg = track.segments
    home, work = track.place_names.index("home"), track.place_names.index("work")
    trips = np.flatnonzero((seg["kind"] == 1) & (seg["place_from"] == home) & (seg["place_to"] == work))
    assert len(trips) >= 20
    s, e = seg["start_ms"][trips[5]], seg["end_ms"][trips[5]]
    inside = (track.ts_ms > s) & (track.ts_ms < e) & (track.accuracy_m <= 50)
    assert inside.sum() >= 2
    span = P.distance_m(*track.place("home"), *track.place("work"))
    d_h = P.distance_m(track.lat[inside], track.lon[inside], *track.place("home"))
    d_w = P.distance_m(track.lat[inside], track.lon[inside], *track.place("work"))
    assert np.all(d_h + d_w < 1.6 * span + 200)  # on the (bent) route, not elsewhere


def test_accuracy_mix(track):
    acc = track.accuracy_m
    assert np.all(acc == np.round(acc))
    assert np.mean((acc >= 5) & (acc <= 30)) > 0.6
    share_coarse = np.mean(acc >= 100)
    assert 0.03 < share_coarse < 0.25
    assert acc.max() <= 2500 and acc.min() >= 3
    assert np.all(acc[track.source == "CELL"] >= 100)
    # noise scales with accuracy: coarse fixes near home at night scatter more
    hour = P.local_hour(track.ts_ms, track.tz)
    d_home = P.distance_m(track.lat, track.lon, *track.place("home"))
    night = (hour >= 2) & (hour < 5)
    fine = night & (acc <= 20)
    coarse = night & (acc >= 300)
    assert np.median(d_home[coarse]) > 5 * np.median(d_home[fine])


def test_gaps(track):
    assert len(track.gaps) >= 1
    lengths = track.gaps[:, 1] - track.gaps[:, 0]
    assert lengths.max() >= 3_600_000  # whole hours (clipped only at the window ends)
    for s, e in track.gaps:
        assert not np.any((track.ts_ms >= s) & (track.ts_ms < e))
    assert np.diff(track.ts_ms).max() >= 3_600_000


def test_day_gap_exists_over_a_long_track():
    t = P.simulate(_rng(11), LEEDS, START, 300, 50)
    assert (t.gaps[:, 1] - t.gaps[:, 0]).max() >= 24 * 3_600_000


def test_dst_keeps_local_schedule():
    """Home departures stay ~07:45 local across the clock change; in UTC they move by an hour."""
    t = P.simulate(_rng(5), LEEDS, datetime(2026, 3, 8, tzinfo=UTC), 42, 50)
    seg = t.segments
    home, work = t.place_names.index("home"), t.place_names.index("work")
    dep = seg["start_ms"][(seg["kind"] == 1) & (seg["place_from"] == home) & (seg["place_to"] == work)]
    change = int(datetime(2026, 3, 29, 1, tzinfo=UTC).timestamp() * 1000)
    local_min = (P.local_time_ms(dep, t.tz) % 86_400_000) / 60_000
    utc_min = (dep % 86_400_000) / 60_000
    before, after = dep < change, dep >= change
    assert before.sum() >= 8 and after.sum() >= 8
    assert abs(local_min[before].mean() - local_min[after].mean()) < 25
    assert 40 < utc_min[before].mean() - utc_min[after].mean() < 80
    # and 03:00 local is still a home hour on both sides
    hour = P.local_hour(t.ts_ms, t.tz)
    d_home = P.distance_m(t.lat, t.lon, *t.place("home"))
    for side in (t.ts_ms < change, t.ts_ms >= change):
        m = side & (hour == 3) & (t.accuracy_m <= 100)
        assert m.sum() > 5 and np.mean(d_home[m] < 250) > 0.95


def test_local_hour_across_dst():
    ts = np.array([
        int(datetime(2026, 3, 28, 3, tzinfo=UTC).timestamp() * 1000),  # GMT: 03 local
        int(datetime(2026, 3, 30, 2, tzinfo=UTC).timestamp() * 1000),  # BST: 03 local
    ])
    assert P.local_hour(ts, "Europe/London").tolist() == [3, 3]


def test_planted_visits():
    victim = P.offset(LEEDS.home_lat, LEEDS.home_lon, 4_000, 1.0)
    visits = [
        P.Visit(*victim, datetime(2026, 3, 10, 1, 30, tzinfo=UTC), 2_700, "victim_home_night"),
        P.Visit(*victim, datetime(2026, 3, 14, 23, 0, tzinfo=UTC), 1_200, "victim_home_night"),
        P.Visit(*P.offset(*victim, 900, 2.0), datetime(2026, 3, 12, 12, 0, tzinfo=UTC), 600, "victim_work"),
    ]
    t = P.simulate(_rng(9), LEEDS, START, 20, 200, visits)
    assert len(t.visit_indices) == 3
    for v, idx in zip(visits, t.visit_indices):
        s = int(v.start.timestamp() * 1000)
        e = s + int(v.dwell_s * 1000)
        assert len(idx) >= 3
        inside = np.flatnonzero((t.ts_ms >= s) & (t.ts_ms < e))
        assert idx.tolist() == inside.tolist()  # exactly the points in the window
        d = P.distance_m(t.lat[idx], t.lon[idx], v.lat, v.lon)
        assert np.all(d < 3 * t.accuracy_m[idx] + 60)
        assert np.all(t.activity[idx] == 0)
    # the owner approaches rather than teleports: 10 min before, between home and the visit
    s = int(visits[0].start.timestamp() * 1000)
    pre = (t.ts_ms >= s - 900_000) & (t.ts_ms < s - 120_000) & (t.accuracy_m <= 50)
    if pre.any():
        d = P.distance_m(t.lat[pre], t.lon[pre], visits[0].lat, visits[0].lon)
        assert np.all(d < 4_300)


def test_visits_do_not_change_other_days_shape():
    base = P.simulate(_rng(2), LEEDS, START, 5, 100)
    assert base.visit_indices == []
