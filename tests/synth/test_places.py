"""The movement model: routine shape in local time, accuracy mix, gaps, DST, planted visits."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

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


# ---------------------------------------------------------------------------- planted visits at scale


def _old_visit_membership(ts, v_start, v_end):
    """The O(N * V) reference: index of the first-listed visit containing each timestamp."""
    out = np.full(ts.shape, -1, dtype=np.int64)
    for k in range(len(v_start) - 1, -1, -1):
        out[(ts >= v_start[k]) & (ts < v_end[k])] = k
    return out


def _old_blend_legs(ts, lat, lon, act, v_start, v_end, v_lat, v_lon, routine, leg_ms=1_200_000):
    """The O(N * V) reference for the approach/departure legs (one full mask per visit)."""
    lat, lon, act = lat.copy(), lon.copy(), act.copy()
    moving = P._MODES["car" if routine.commute_mode == "car" else "walk"][2]
    for k in range(len(v_start)):
        pre = (ts >= v_start[k] - leg_ms) & (ts < v_start[k])
        w = (ts[pre] - (v_start[k] - leg_ms)) / leg_ms
        lat[pre] = lat[pre] * (1 - w) + v_lat[k] * w
        lon[pre] = lon[pre] * (1 - w) + v_lon[k] * w
        act[pre] = moving
        post = (ts >= v_end[k]) & (ts < v_end[k] + leg_ms)
        w = 1 - ((ts[post] - v_end[k]) / leg_ms)
        lat[post] = lat[post] * (1 - w) + v_lat[k] * w
        lon[post] = lon[post] * (1 - w) + v_lon[k] * w
        act[post] = moving
    return lat, lon, act


def _random_intervals(rng, n, span_ms, max_len_ms):
    s = rng.integers(0, span_ms, n)
    e = s + rng.integers(0, max_len_ms, n)  # some zero-length
    return s.astype(np.int64), e.astype(np.int64)


@pytest.mark.parametrize("seed,n,max_len", [(1, 40, 3_600_000), (2, 300, 600_000), (3, 200, 40_000_000), (4, 1, 10)])
def test_visit_membership_matches_reference(seed, n, max_len):
    r = _rng(seed)
    span = 5 * 86_400_000
    s, e = _random_intervals(r, n, span, max_len)  # unsorted, overlapping, nested, empty
    s[: n // 4] = np.sort(s[: n // 4])
    if n > 3:
        s[1], e[1] = e[0], e[0] + 1000  # touching
        s[2], e[2] = s[0], e[0]  # identical window: the earlier-listed one wins
    ts = np.concatenate([r.integers(-86_400_000, span + 86_400_000, 20_000), s, e, s - 1, e - 1])
    assert P._visit_membership(ts, s, e).tolist() == _old_visit_membership(ts, s, e).tolist()
    # disjoint, unsorted: the vectorised path
    d_s = np.arange(n, dtype=np.int64) * 1_000_000
    d_e = d_s + r.integers(0, 1_000_001, n)
    perm = r.permutation(n)
    assert P._visit_membership(ts % (n * 1_000_000), d_s[perm], d_e[perm]).tolist() == (
        _old_visit_membership(ts % (n * 1_000_000), d_s[perm], d_e[perm]).tolist()
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_blend_legs_matches_reference_exactly(seed):
    r = _rng(seed)
    span = 2 * 86_400_000
    ts = np.sort(r.integers(0, span, 5_000))
    s, e = _random_intervals(r, 150, span, 1_800_000)  # legs overlapping many others
    lat = 53.8 + r.normal(0, 0.01, len(ts))
    lon = -1.5 + r.normal(0, 0.01, len(ts))
    act = r.integers(0, 4, len(ts)).astype(np.uint8)
    v_lat = 53.8 + r.normal(0, 0.02, len(s))
    v_lon = -1.5 + r.normal(0, 0.02, len(s))
    for routine in (LEEDS, P.Routine(53.8, -1.5, 53.79, -1.53, commute_mode="walk")):
        new = P._blend_legs(ts, lat, lon, act, s, e, v_lat, v_lon, routine)
        old = _old_blend_legs(ts, lat, lon, act, s, e, v_lat, v_lon, routine)
        for a, b in zip(new, old):
            assert np.array_equal(a, b)  # bit for bit, blends applied in the same order


def test_interval_helpers():
    iv = np.array([[0, 10], [5, 12], [12, 15], [20, 30], [21, 22]], dtype=np.int64)
    assert P._merge(iv).tolist() == [[0, 15], [20, 30]]
    assert P._merge(np.zeros((0, 2), np.int64)).shape == (0, 2)
    gaps = np.array([[-5, 3], [14, 40], [50, 60]], dtype=np.int64)
    assert P._subtract(gaps, P._merge(iv)).tolist() == [[-5, 0], [15, 20], [30, 40], [50, 60]]
    assert P._subtract(gaps, np.zeros((0, 2), np.int64)).tolist() == gaps.tolist()


def test_same_seed_same_track_as_before_the_rewrite():
    """Digests of tracks made by the O(N * V) version (numpy 2 PCG64 streams)."""
    victim = P.offset(LEEDS.home_lat, LEEDS.home_lon, 4_000, 1.0)
    visits = [
        P.Visit(*victim, datetime(2026, 3, 10, 1, 30, tzinfo=UTC), 2_700, "a"),
        P.Visit(*victim, datetime(2026, 3, 14, 23, 0, tzinfo=UTC), 1_200, "b"),
        P.Visit(*P.offset(*victim, 900, 2.0), datetime(2026, 3, 12, 12, 0, tzinfo=UTC), 600, "c"),
    ]
    r = _rng(123)
    many = []
    for _ in range(400):  # unsorted, overlapping, some before the window
        s = START.timestamp() + float(r.uniform(-86_400, 31 * 86_400))
        many.append(P.Visit(*P.offset(*victim, float(r.uniform(0, 3000)), float(r.uniform(0, 6.28))),
                            datetime.fromtimestamp(s, UTC), float(r.uniform(30, 7200)), "x"))
    transit = P.Routine(53.8008, -1.5491, 53.7960, -1.5350, commute_mode="transit")

    def digest(t):
        h = hashlib.sha256()
        for a in (t.ts_ms, t.lat, t.lon, t.accuracy_m, t.source, t.activity, t.gaps):
            h.update(np.ascontiguousarray(a).tobytes())
        for v in t.visit_indices:
            h.update(np.ascontiguousarray(v).tobytes())
            h.update(b"|")
        return h.hexdigest()[:16]

    assert digest(P.simulate(_rng(9), LEEDS, START, 20, 200, visits)) == "f3cc35cd3c253c4b"
    assert digest(P.simulate(_rng(5), transit, START, 30, 400, many)) == "dde3e6798f388840"
    assert digest(P.simulate(_rng(6), LEEDS, START, 30, 150, many[:100])) == "ab4735a3b15b2730"


def test_visit_indices_with_unsorted_overlapping_visits():
    r = _rng(21)
    victim = P.offset(LEEDS.home_lat, LEEDS.home_lon, 3_000, 2.0)
    t0 = START.timestamp()
    visits = [
        P.Visit(*P.offset(*victim, float(r.uniform(0, 500)), 0.3), datetime.fromtimestamp(t0 + float(x), UTC),
                float(d), "x")
        for x, d in zip(r.uniform(0, 9 * 86_400, 250), r.uniform(0, 1_800, 250))
    ]
    t = P.simulate(_rng(22), LEEDS, START, 10, 300, visits)
    assert len(t.visit_indices) == len(visits)
    owner = np.full(len(t), -1)
    for k, idx in enumerate(t.visit_indices):
        assert len(idx) >= 3  # even a zero-length visit
        assert np.all(np.diff(idx) > 0)
        assert np.all(owner[idx] == -1)  # no point in two visits
        owner[idx] = k
        s = int(visits[k].start.timestamp() * 1000)
        assert np.all((t.ts_ms[idx] >= s) & (t.ts_ms[idx] <= s + max(int(visits[k].dwell_s * 1000), 0)))
        assert np.all(t.activity[idx] == 0)
    # every point inside some visit's window is a planted one (routine points are removed)
    s = np.array([int(v.start.timestamp() * 1000) for v in visits])
    e = s + np.array([round(v.dwell_s * 1000) for v in visits])
    inside = _old_visit_membership(t.ts_ms, s, e) >= 0
    assert np.all(owner[inside] >= 0)


def test_thirty_thousand_visits():
    """30,000 planted visits over 300 days at 300 points a day (about half a second)."""
    r = _rng(30)
    days, n = 300, 30_000
    t0 = int(START.timestamp() * 1000)
    starts = t0 + r.integers(0, days * 86_400_000 - 3_600_000, n)
    dwell = r.uniform(60, 300, n)
    visits = [
        P.Visit(53.80 + 0.01 * float(a), -1.55 + 0.01 * float(b), datetime.fromtimestamp(int(s) / 1000, UTC), float(d))
        for s, d, a, b in zip(starts, dwell, r.random(n), r.random(n))
    ]
    t = P.simulate(_rng(31), LEEDS, START, days, 300, visits)
    assert len(t.visit_indices) == n
    sizes = np.array([len(i) for i in t.visit_indices])
    assert sizes.min() >= 3
    tag = np.full(len(t), -1)
    tag[np.concatenate(t.visit_indices)] = np.repeat(np.arange(n), sizes)
    assert (tag >= 0).sum() == sizes.sum()  # no point claimed twice
    s = starts
    e = s + np.round(dwell * 1000).astype(np.int64)
    member = P._visit_membership(t.ts_ms, s, e)
    assert np.all(member[tag >= 0] >= 0)  # planted points lie in a planted window
    assert np.all(tag[member >= 0] >= 0)  # and no routine point does
    lone = member >= 0
    # where windows do not overlap (about 60 % of them at this density), a point's window is its own visit's
    overlap = np.zeros(n, bool)
    o = np.argsort(s)
    clash = s[o][1:] < np.maximum.accumulate(e[o])[:-1]
    overlap[o[1:][clash]] = overlap[o[:-1][clash]] = True
    ok = lone & ~overlap[np.maximum(member, 0)] & ~overlap[np.maximum(tag, 0)]
    assert ok.sum() > 0.5 * sizes.sum() and np.all(member[ok] == tag[ok])
    assert np.array_equal(np.searchsorted(t.ts_ms, t.gaps[:, 0]), np.searchsorted(t.ts_ms, t.gaps[:, 1]))
    assert 0.7 * (300 * days) < len(t) - sizes.sum() < 1.1 * 300 * days  # routine points, less gaps


# ---------------------------------------------------------------------------- look-alikes

LONDON = "Europe/London"
DEPOT = (53.7900, -1.5300)
CASE_HOME = P.offset(*DEPOT, 2_500, 0.7)


def _local(v: P.Visit) -> datetime:
    return v.start.astimezone(P.ZoneInfo(LONDON))


@pytest.fixture(scope="module")
def rounds():
    when = [datetime(2026, 3, d, 12, tzinfo=UTC) for d in (4, 11, 18)] + [datetime(2026, 4, 5, 20, tzinfo=UTC)]
    visits = P.delivery_visits(_rng(40), *DEPOT, START, 42, LONDON, pass_by=[(*CASE_HOME, when)])
    return visits, when


def test_delivery_days_and_counts(rounds):
    visits, when = rounds
    by_day: dict = {}
    for v in visits:
        by_day.setdefault(_local(v).date(), []).append(v)
    pass_days = {w.astimezone(P.ZoneInfo(LONDON)).date() for w in when}
    assert 28 <= len(by_day) <= 37  # Mon-Sat over six weeks, some days off
    for day, vs in by_day.items():
        assert day.weekday() < 6 or day in pass_days  # Sunday 5 April only for the pass-by
        labels = [v.label for v in vs]
        assert labels[0] == labels[-1] == "depot" and labels.count("depot") == 2
        drops = [v for v in vs if v.label != "depot"]
        assert 60 <= len(drops) <= 120
        assert labels.count("delivery pass-by") == (1 if day in pass_days else 0)
        # the shift, in local time
        first, last = _local(vs[0]), _local(vs[-1]) + timedelta(seconds=vs[-1].dwell_s)
        assert 7.0 <= first.hour + first.minute / 60 <= 8.0
        assert last.hour + last.minute / 60 <= 18.0
        for v in drops:
            h = _local(v).hour + _local(v).minute / 60
            assert 7.25 <= h < 18.0
            assert 60 <= v.dwell_s <= 240
        # a chain: in time order, no overlaps, every hop short enough to be joined
        s = np.array([v.start.timestamp() for v in vs])
        e = s + np.array([v.dwell_s for v in vs])
        assert np.all(np.diff(s) > 0)
        hop = s[1:] - e[:-1]
        assert np.all(hop > 10) and np.all(hop < 1_200)
        assert np.all(P.distance_m(vs[0].lat, vs[0].lon, *DEPOT) < 1)
    assert sum(v.label == "delivery stop" for v in visits) > 28 * 60


def test_delivery_streets(rounds):
    visits, _ = rounds
    drops = [v for v in visits if v.label == "delivery stop"]
    lat = np.array([v.lat for v in drops])
    lon = np.array([v.lon for v in drops])
    same_day = np.array([_local(a).date() == _local(b).date() for a, b in zip(drops[:-1], drops[1:])])
    d = P.distance_m(lat[:-1], lon[:-1], lat[1:], lon[1:])[same_day]
    street = d < 160
    assert 0.6 < street.mean() < 0.9  # 3-8 drops a street
    assert d[street].min() >= 29 and d[street].max() <= 155
    assert np.quantile(d[~street], 0.05) > 400 and np.quantile(d[~street], 0.95) < 3_200
    # inside the area (street centres within 6 km; a street runs on at most ~1 km)
    assert np.all(P.distance_m(lat, lon, *DEPOT) < 6_000 + 1_100)


def test_delivery_pass_by(rounds):
    visits, when = rounds
    passes = [v for v in visits if v.label == "delivery pass-by"]
    days = sorted(w.astimezone(P.ZoneInfo(LONDON)).date() for w in when)
    assert sorted(_local(v).date() for v in passes) == days
    for v in passes:
        assert 20 <= P.distance_m(v.lat, v.lon, *CASE_HOME) <= 80
        assert 60 <= v.dwell_s <= 180
        assert 8 <= _local(v).hour < 17  # daytime, mid-round
    # other drops near the point are brief too: nothing at night, nothing long
    near = [v for v in visits if P.distance_m(v.lat, v.lon, *CASE_HOME) < 150]
    assert all(v.dwell_s <= 240 and 7 <= _local(v).hour < 18 for v in near)


def test_delivery_deterministic_and_windowed():
    a = P.delivery_visits(_rng(41), *DEPOT, START, 7, LONDON, stops_per_day=(10, 20))
    b = P.delivery_visits(_rng(41), *DEPOT, START, 7, LONDON, stops_per_day=(10, 20))
    assert a == b
    assert all(10 <= sum(v.label != "depot" and _local(v).date() == d for v in a) <= 20
               for d in {_local(v).date() for v in a})
    t0, t1 = START.timestamp(), START.timestamp() + 7 * 86_400
    assert all(t0 <= v.start.timestamp() and v.start.timestamp() + v.dwell_s <= t1 for v in a)
    with pytest.raises(ValueError):
        P.delivery_visits(_rng(1), *DEPOT, START, 7, LONDON, pass_by=[(*CASE_HOME, [datetime(2026, 3, 4, 12)])])


def test_delivery_track_moves_between_stops(rounds):
    visits, _ = rounds
    routine = P.Routine(*P.offset(*DEPOT, 3_000, 2.0), *DEPOT)
    t = P.simulate(_rng(42), routine, START, 42, 300, visits, chain=True)
    assert len(t.visit_indices) == len(visits)
    assert min(len(i) for i in t.visit_indices) >= 3
    planted = np.zeros(len(t), bool)
    planted[np.concatenate(t.visit_indices)] = True
    s = np.array([int(v.start.timestamp() * 1000) for v in visits])
    e = s + np.array([round(v.dwell_s * 1000) for v in visits])
    for k, idx in enumerate(t.visit_indices):
        assert np.all((t.ts_ms[idx] >= s[k]) & (t.ts_ms[idx] < e[k]))
    # between consecutive stops of a day: only travel points, on the way from one to the next
    hops = np.flatnonzero((s[1:] - e[:-1]) < 1_200_000)
    moved = 0
    for k in hops[::7]:
        m = (t.ts_ms >= e[k]) & (t.ts_ms < s[k + 1])
        assert not np.any(planted[m])
        assert np.all(np.isin(t.activity[m], (1, 3)))
        good = m & (t.accuracy_m <= 30)
        span = float(P.distance_m(visits[k].lat, visits[k].lon, visits[k + 1].lat, visits[k + 1].lon))
        d1 = P.distance_m(t.lat[good], t.lon[good], visits[k].lat, visits[k].lon)
        d2 = P.distance_m(t.lat[good], t.lon[good], visits[k + 1].lat, visits[k + 1].lon)
        assert np.all(d1 + d2 < span + 150)
        moved += int(m.sum())
    assert moved > len(hops[::7])  # about one a minute while driving
    for a, b in t.gaps:
        assert not np.any((t.ts_ms >= a) & (t.ts_ms < b))
    # without chain=True the same visits still work (legs via the routine)
    u = P.simulate(_rng(42), routine, START, 42, 300, visits)
    assert min(len(i) for i in u.visit_indices) >= 3


def test_uk_school_terms_2025_26():
    from datetime import date

    terms = P.uk_school_terms(date(2025, 9, 1), date(2026, 7, 31))
    school = {d for a, b in terms for d in (a + timedelta(days=i) for i in range((b - a).days + 1)) if d.weekday() < 5}
    def on(*ymd):
        return date(*ymd) in school

    assert on(2025, 9, 3) and not on(2025, 9, 2)
    assert on(2025, 10, 24) and not on(2025, 10, 27) and not on(2025, 10, 31) and on(2025, 11, 3)
    assert on(2025, 12, 19) and not on(2025, 12, 22) and not on(2026, 1, 2)
    assert on(2026, 1, 5) and on(2026, 2, 13) and not on(2026, 2, 16) and on(2026, 2, 23)
    assert on(2026, 3, 27) and not on(2026, 3, 30) and not on(2026, 4, 10) and on(2026, 4, 13)  # Easter 5 Apr
    assert not on(2026, 5, 4) and on(2026, 5, 5)  # early-May bank holiday
    assert on(2026, 5, 22) and not on(2026, 5, 25) and on(2026, 6, 1)
    assert on(2026, 7, 22) and not on(2026, 7, 23)
    assert 185 <= len(school) <= 195


def test_school_run_across_dst():
    from datetime import date

    school = P.offset(LEEDS.home_lat, LEEDS.home_lon, 900, 0.4)
    visits = P.school_run_visits(_rng(50), *school, START, 70, LONDON)  # 2 Mar - 10 May, clocks change 29 Mar
    terms = P.uk_school_terms(date(2026, 3, 1), date(2026, 5, 31))
    term_days = [d for d in (date(2026, 3, 2) + timedelta(days=i) for i in range(70))
                 if d.weekday() < 5 and any(a <= d <= b for a, b in terms)]
    assert len(term_days) == 39  # 20 before Easter, 19 after (4 May bank holiday)
    utc_drop = {True: [], False: []}
    for v in visits:
        loc = _local(v)
        assert loc.date() in term_days  # weekdays in term only: none in the Easter holiday
        minutes = loc.hour * 60 + loc.minute + loc.second / 60
        if v.label == "school drop-off":
            assert 8 * 60 + 30 <= minutes <= 8 * 60 + 50 and 300 <= v.dwell_s <= 720
            utc_drop[loc.date() < date(2026, 3, 29)].append(v.start.hour)
        else:
            assert v.label == "school pick-up"
            assert 15 * 60 + 5 <= minutes <= 15 * 60 + 25 and 300 <= v.dwell_s <= 900
        assert 5 <= P.distance_m(v.lat, v.lon, *school) <= 50
    assert set(utc_drop[True]) == {8} and set(utc_drop[False]) == {7}  # GMT, then BST
    drops = sum(v.label == "school drop-off" for v in visits)
    picks = len(visits) - drops
    assert 0.7 * 39 <= drops < 39 and 0.7 * 39 <= picks < 39  # the other parent some days
    assert P.school_run_visits(_rng(50), *school, START, 70, LONDON) == visits
    # explicit terms
    only = P.school_run_visits(_rng(51), *school, START, 70, LONDON, term_dates=[(date(2026, 4, 20), date(2026, 4, 24))])
    assert {_local(v).date() for v in only} <= {date(2026, 4, 20) + timedelta(days=i) for i in range(5)}
    assert len(only) >= 5
    # the track: daytime visits with their own points
    t = P.simulate(_rng(52), LEEDS, START, 70, 200, visits)
    assert min(len(i) for i in t.visit_indices) >= 3
