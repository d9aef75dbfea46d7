"""devtriage.kernels.location: every kernel against a plain-Python reference."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devtriage.kernels import location as K

PROPERTY = settings(max_examples=150, deadline=None)
M_PER_DEG = K.EARTH_RADIUS_M * math.pi / 180
INF = math.inf
EPS = 1e-6  # metres: comparisons closer than this to a boundary are not checked point-for-point


# --------------------------------------------------------------------------- references
# Deliberately naive: Python floats, every point against every place.


def ref_hav(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    s1 = math.sin((p2 - p1) * 0.5)
    s2 = math.sin((math.radians(lon2) - math.radians(lon1)) * 0.5)
    a = min(s1 * s1 + math.cos(p1) * math.cos(p2) * s2 * s2, 1.0)
    return 2 * K.EARTH_RADIUS_M * math.asin(math.sqrt(a))


def ref_near_places(lat, lon, acc, plat, plon, prad, max_acc, ratio=1.0, factor=2.0):
    """(place, dist, borderline) per point; borderline: some comparison within EPS of its limit."""
    out = []
    for la, lo, a in zip(lat, lon, acc):
        best, best_d, dmin, maybe, border = -1, INF, INF, a > max_acc, False
        for k, (pa_, po, r) in enumerate(zip(plat, plon, prad)):
            d = ref_hav(la, lo, pa_, po)
            reach = r + max(1.0, factor) * max_acc
            lim = min(max_acc, ratio * r)
            out_at = r + factor * a if factor else r  # (0 * inf is NaN)
            border |= abs(d - r) < EPS or abs(d - reach) < EPS or (a <= max_acc and abs(d - out_at) < EPS)
            if d <= reach:
                dmin = min(dmin, d)
            if d <= r and a <= lim:
                border |= best >= 0 and abs(d - best_d) < EPS
                if d < best_d:
                    best, best_d = k, d
            elif d <= out_at:
                maybe = True
        if best >= 0:
            out.append((best, best_d, border))
        else:
            out.append((-2 if maybe else -1, dmin, border))
    return out


def ref_visits(ts, place, dist, max_gap, min_points):
    """Visits as runs of the usable (place != -2) points split where the place changes or the gap is too long."""
    usable = [(i, int(p)) for i, p in enumerate(place) if p != -2]
    seg, prev = 0, None
    keyed = []
    for i, p in usable:
        if prev is not None and (p != prev[1] or ts[i] - ts[prev[0]] > max_gap):
            seg += 1
        keyed.append((seg, i, p))
        prev = (i, p)
    out = []
    for _, grp in itertools.groupby(keyed, key=lambda x: x[0]):
        grp = list(grp)
        p = grp[0][2]
        if p < 0 or len(grp) < min_points:
            continue
        idx = [g[1] for g in grp]
        out.append((p, idx[0], idx[-1], int(ts[idx[0]]), int(ts[idx[-1]]), len(idx), min(dist[i] for i in idx)))
    return out


def ref_grid_cells(lat, lon, cell_m, ref_lat):
    sy = M_PER_DEG / cell_m
    sx = M_PER_DEG * max(math.cos(math.radians(ref_lat)), 1e-6) / cell_m
    rows = [math.floor(la * sy) for la in lat]
    cols = [math.floor(lo * sx) for lo in lon]
    return [r * 2**32 + c + 2**31 for r, c in zip(rows, cols)], rows, cols


def ref_stays(ts, lat, lon, radius, min_dwell, max_gap, min_points, merge_gap):
    found = []  # [start, end, count, lat, lon]
    i, n = 0, len(ts)
    while i < n:
        j = i + 1
        while j < n and ts[j] - ts[j - 1] <= max_gap and ref_hav(lat[i], lon[i], lat[j], lon[j]) <= radius:
            j += 1
        if j - i >= min_points and ts[j - 1] - ts[i] >= min_dwell:
            c = j - i
            sl, so = 0.0, 0.0
            for q in range(i, j):
                sl += lat[q]
                so += lon[q]
            if found:
                prev = found[-1]
                if (ts[i] - ts[prev[1]] <= merge_gap and i - prev[1] - 1 < min_points
                        and ref_hav(prev[3], prev[4], sl / c, so / c) <= radius):
                    tot = prev[2] + c
                    found[-1] = [prev[0], j - 1, tot, (prev[3] * prev[2] + sl) / tot, (prev[4] * prev[2] + so) / tot]
                    i = j
                    continue
            found.append([i, j - 1, c, sl / c, so / c])
            i = j
        else:
            i += 1
    return found


# --------------------------------------------------------------------------- strategies


def _at(base_lat, base_lon, dx, dy):
    return base_lat + dy / M_PER_DEG, base_lon + dx / (M_PER_DEG * math.cos(math.radians(base_lat)))


ACCURACIES = st.one_of(st.sampled_from([0.0, 5.0, 20.0, 100.0, 149.0, 150.0, 151.0, 249.0, 250.0, 251.0, 2000.0, INF]),
                       st.floats(0, 3000))


@st.composite
def scenes(draw):
    base_lat = draw(st.floats(-80, 80))
    base_lon = draw(st.floats(-170, 170))
    m = draw(st.integers(0, 6))
    places = []
    for _ in range(m):
        dx, dy = draw(st.floats(-800, 800)), draw(st.floats(-800, 800))
        r = draw(st.one_of(st.sampled_from([1.0, 20.0, 50.0, 150.0, 300.0]), st.floats(1, 400)))
        places.append((*_at(base_lat, base_lon, dx, dy), r))
    if places and draw(st.booleans()):
        places.append(places[0])  # an exact duplicate: ties go to the lower index
    n = draw(st.integers(0, 40))
    pts = []
    for _ in range(n):
        if places and draw(st.booleans()):  # near a place
            pl = places[draw(st.integers(0, len(places) - 1))]
            d = draw(st.floats(0, 2.5 * pl[2] + 300))
            b = draw(st.floats(0, 2 * math.pi))
            la, lo = _at(pl[0], pl[1], d * math.sin(b), d * math.cos(b))
        else:
            la, lo = _at(base_lat, base_lon, draw(st.floats(-3000, 3000)), draw(st.floats(-3000, 3000)))
        pts.append((la, lo, draw(ACCURACIES)))
    max_acc = draw(st.sampled_from([0.0, 50.0, 250.0, 1000.0]))
    ratio = draw(st.sampled_from([0.5, 1.0, 2.0]))
    factor = draw(st.sampled_from([0.0, 1.0, 2.0]))
    return pts, places, max_acc, ratio, factor


def _arrays(pts, places):
    lat = np.array([p[0] for p in pts], np.float64)
    lon = np.array([p[1] for p in pts], np.float64)
    acc = np.array([p[2] for p in pts], np.float64)
    return (lat, lon, acc, np.array([p[0] for p in places], np.float64), np.array([p[1] for p in places], np.float64),
            np.array([p[2] for p in places], np.float64))


# --------------------------------------------------------------------------- near_places


@settings(max_examples=120, deadline=None)
@given(scenes())
def test_near_places_matches_reference(scene):
    """The kernel against the reference; the sparse grid (binary search) gives exactly the dense grid's result."""
    pts, places, max_acc, ratio, factor = scene
    lat, lon, acc, plat, plon, prad = _arrays(pts, places)
    kw = {"accuracy_ratio": ratio, "outside_factor": factor}
    got = K.near_places(lat, lon, acc, plat, plon, prad, max_acc, **kw)
    assert got.place.dtype == np.int32 and got.dist_m.dtype == np.float64
    want = ref_near_places(lat, lon, acc, plat, plon, prad, max_acc, ratio, factor)
    for i, (p, d, border) in enumerate(want):
        if border:
            continue
        assert got.place[i] == p, (i, pts[i])
        if math.isinf(d):
            assert math.isinf(got.dist_m[i])
        else:
            assert got.dist_m[i] == pytest.approx(d, rel=1e-9, abs=1e-6)
    sparse = K.near_places(lat, lon, acc, plat, plon, prad, max_acc, dense_cells=0, **kw)
    np.testing.assert_array_equal(got.place, sparse.place)
    np.testing.assert_array_equal(got.dist_m, sparse.dist_m)


def test_near_places_empty_and_no_places():
    got = K.near_places([], [], [], [53.8], [-1.5], [150.0])
    assert got.place.shape == (0,) and got.dist_m.shape == (0,)
    got = K.near_places([53.8, 53.8], [-1.5, -1.5], [10.0, 5000.0], [], [], [])
    assert got.place.tolist() == [-1, -2] and np.isinf(got.dist_m).all()


def test_near_places_single_point_inside_outside_unknown():
    plat, plon, prad = [53.8008], [-1.5491], [150.0]
    for dist, acc, want in [(0, 10, 0), (149, 10, 0), (151, 10, -2), (175, 10, -1), (300, 100, -2), (360, 100, -1),
                            (10, 2000, -2), (10, 151, -2), (10, 150, 0)]:
        la, lo = _at(plat[0], plon[0], dist, 0)
        got = K.near_places([la], [lo], [acc], plat, plon, prad, 250.0)
        assert got.place[0] == want, (dist, acc)
        assert got.dist_m[0] == pytest.approx(dist, abs=0.05)


def test_near_places_exactly_on_the_radius_counts():
    rng = np.random.default_rng(3)
    plat, plon = 53.8008, -1.5491
    for _ in range(50):
        la, lo = _at(plat, plon, *rng.uniform(-300, 300, 2))
        r = float(K.haversine_m(la, lo, plat, plon))
        got = K.near_places([la], [lo], [0.0], [plat], [plon], [r], 250.0, accuracy_ratio=1.0)
        assert got.place[0] == 0 and got.dist_m[0] == r


def test_near_places_ties_and_nearest():
    plat, plon = 51.5, -0.12
    a = _at(plat, plon, 40, 0)
    b = _at(plat, plon, -40, 0)
    # a point between two overlapping places goes to the nearer; equidistant -> the lower index
    got = K.near_places([plat, _at(plat, plon, 10, 0)[0]], [plon, _at(plat, plon, 10, 0)[1]], [5.0, 5.0],
                        [a[0], b[0], plat], [a[1], b[1], plon], [100.0, 100.0, 100.0], 250.0)
    assert got.place.tolist() == [2, 2]
    got = K.near_places([plat], [plon], [5.0], [plat, plat], [plon, plon], [50.0, 80.0], 250.0)
    assert got.place.tolist() == [0]


def test_near_places_accuracy_rules():
    plat, plon = 60.0, 10.0
    # radius 50, ratio 1: accuracy 60 > 50 -> unknown, even at the centre
    assert K.near_places([plat], [plon], [60.0], [plat], [plon], [50.0], 250.0).place.tolist() == [-2]
    assert K.near_places([plat], [plon], [60.0], [plat], [plon], [50.0], 250.0, accuracy_ratio=2.0).place.tolist() == [0]
    assert K.near_places([plat], [plon], [60.0], [plat], [plon], [50.0], 40.0, accuracy_ratio=2.0).place.tolist() == [-2]


def test_near_places_high_latitude_and_grid_sizes():
    """Svalbard and Tromso: longitude degrees are short; places spread over the country use the sparse grid."""
    rng = np.random.default_rng(7)
    for base in ((78.22, 15.65), (69.65, 18.96)):
        places = [_at(*base, *rng.uniform(-2000, 2000, 2)) for _ in range(20)]
        pts = [_at(*places[rng.integers(20)], *rng.uniform(-400, 400, 2)) for _ in range(3000)]
        lat = np.array([p[0] for p in pts])
        lon = np.array([p[1] for p in pts])
        acc = rng.choice([5.0, 30.0, 120.0, 900.0], len(pts))
        plat = np.array([p[0] for p in places])
        plon = np.array([p[1] for p in places])
        prad = rng.uniform(50, 250, 20)
        got = K.near_places(lat, lon, acc, plat, plon, prad, 250.0)
        want = ref_near_places(lat, lon, acc, plat, plon, prad, 250.0)
        ok = [i for i, w in enumerate(want) if not w[2]]
        assert got.place[ok].tolist() == [want[i][0] for i in ok]
        assert (got.place >= 0).sum() > 300
    # places across the UK: the dense grid would be too big
    plat = np.array([50.4, 51.5, 53.8, 55.9, 57.1])
    plon = np.array([-4.1, -0.1, -1.5, -3.2, -2.1])
    lat = np.concatenate([plat + 0.0005, plat + 0.01])
    lon = np.concatenate([plon, plon])
    a = K.near_places(lat, lon, np.full(10, 10.0), plat, plon, np.full(5, 150.0), 250.0)
    b = K.near_places(lat, lon, np.full(10, 10.0), plat, plon, np.full(5, 150.0), 250.0, dense_cells=0)
    assert a.place.tolist() == b.place.tolist() == [0, 1, 2, 3, 4, -1, -1, -1, -1, -1]


def test_near_places_input_checks():
    with pytest.raises(ValueError, match="lon has 1 elements"):
        K.near_places([1.0, 2.0], [1.0], [1.0, 1.0], [1.0], [1.0], [1.0])
    with pytest.raises(ValueError, match="finite"):
        K.near_places([np.nan], [1.0], [1.0], [1.0], [1.0], [1.0])
    with pytest.raises(ValueError, match="no NaN"):
        K.near_places([1.0], [1.0], [np.nan], [1.0], [1.0], [1.0])
    with pytest.raises(ValueError, match=">= 0"):
        K.near_places([1.0], [1.0], [-1.0], [1.0], [1.0], [1.0])
    with pytest.raises(ValueError, match="within -90..90"):
        K.near_places([91.0], [1.0], [1.0], [1.0], [1.0], [1.0])
    with pytest.raises(ValueError, match="positive"):
        K.near_places([1.0], [1.0], [1.0], [1.0], [1.0], [0.0])
    with pytest.raises(TypeError):
        K.near_places(["a"], [1.0], [1.0], [1.0], [1.0], [1.0])
    with pytest.raises(ValueError, match="null"):
        K.near_places(pa.array([1.0, None]), [1.0, 1.0], [1.0, 1.0], [1.0], [1.0], [1.0])
    got = K.near_places(pa.array([1.0]), pa.chunked_array([[1.0]]), pa.array([1], pa.int32()), [1.0], [1.0], [5.0])
    assert got.place.tolist() == [0]


# --------------------------------------------------------------------------- visits


@st.composite
def tracks(draw):
    n = draw(st.integers(0, 80))
    gaps = draw(st.lists(st.sampled_from([0, 1, 1000, 60_000, 599_999, 600_000, 600_001, 3_600_000]), min_size=n, max_size=n))
    ts = np.cumsum(np.array(gaps, np.int64)) + 1_767_225_600_000 if n else np.zeros(0, np.int64)
    place = np.array(draw(st.lists(st.integers(-2, 3), min_size=n, max_size=n)), np.int64)
    dist = np.array(draw(st.lists(st.floats(0, 500), min_size=n, max_size=n)), np.float64)
    return ts, place, dist, draw(st.sampled_from([0, 600_000, 3_600_000])), draw(st.integers(1, 4))


@PROPERTY
@given(tracks())
def test_visits_match_reference(track):
    ts, place, dist, gap, min_points = track
    got = K.visits(ts, place, dist, gap, min_points)
    want = ref_visits(ts, place, dist, gap, min_points)
    assert len(got.place) == len(want)
    for j, w in enumerate(want):
        assert (int(got.place[j]), int(got.start_idx[j]), int(got.end_idx[j]), int(got.arrival_ms[j]),
                int(got.departure_ms[j]), int(got.n_points[j])) == w[:6]
        assert got.min_dist_m[j] == w[6]
    # visits are disjoint and in time order
    assert (got.start_idx[1:] > got.end_idx[:-1]).all()


def test_visits_edges():
    v = K.visits([], [], [], 600_000)
    assert all(len(a) == 0 for a in v)
    v = K.visits([5], [0], [12.0], 600_000)  # a single point: a visit of dwell 0
    assert v.place.tolist() == [0] and v.arrival_ms.tolist() == v.departure_ms.tolist() == [5]
    assert K.visits([5], [0], [12.0], 600_000, min_points=2).place.tolist() == []
    # unknown points neither extend nor end; elsewhere and another place end; a long gap ends
    ts = [0, 60_000, 120_000, 180_000, 240_000, 300_000, 2_000_000, 2_060_000, 2_120_000]
    pl = [0, -2, 0, -1, 0, 1, 1, -2, 1]
    v = K.visits(ts, pl, [1.0] * 9, 600_000)
    assert v.place.tolist() == [0, 0, 1, 1]
    assert v.start_idx.tolist() == [0, 4, 5, 6] and v.end_idx.tolist() == [2, 4, 5, 8]
    assert v.n_points.tolist() == [2, 1, 1, 2]
    assert v.departure_ms.tolist() == [120_000, 240_000, 300_000, 2_120_000]
    # the gap is measured between counted points: 0 ... 700_000 with an unknown point between is split
    assert K.visits([0, 350_000, 700_000], [0, -2, 0], [1.0] * 3, 600_000).place.tolist() == [0, 0]


def test_visits_input_checks():
    with pytest.raises(ValueError, match="non-decreasing"):
        K.visits([2, 1], [0, 0], [1.0, 1.0], 10)
    with pytest.raises(ValueError, match="place"):
        K.visits([1, 2], [0, -3], [1.0, 1.0], 10)
    with pytest.raises(TypeError, match="int64"):
        K.visits([1.5], [0], [1.0], 10)
    with pytest.raises(ValueError, match="min_points"):
        K.visits([1], [0], [1.0], 10, min_points=0)
    with pytest.raises(ValueError, match="max_gap_ms"):
        K.visits([1], [0], [1.0], -1)
    ts = pa.array([1, 2], pa.timestamp("ms", tz="UTC"))
    with pytest.raises(TypeError, match="int64 milliseconds"):
        K.visits(ts.to_numpy(zero_copy_only=False), [0, 0], [1.0, 1.0], 10)


# --------------------------------------------------------------------------- grid_cells


@PROPERTY
@given(st.lists(st.tuples(st.floats(-85, 85), st.floats(-180, 180)), max_size=40), st.sampled_from([1.0, 75.0, 200.0, 5000.0]),
       st.floats(-80, 80))
def test_grid_cells_match_reference(pts, cell_m, ref_lat):
    lat = np.array([p[0] for p in pts], np.float64)
    lon = np.array([p[1] for p in pts], np.float64)
    got = K.grid_cells(lat, lon, cell_m, ref_lat=ref_lat)
    cell, rows, cols = ref_grid_cells(lat, lon, cell_m, ref_lat)
    assert got.cell.tolist() == cell and got.row.tolist() == rows and got.col.tolist() == cols
    # the id is one-to-one with (row, col)
    assert len(set(zip(rows, cols))) == len(set(cell))


def test_grid_cells_are_about_cell_m_square():
    rng = np.random.default_rng(1)
    base = (70.0, 25.0)  # high latitude
    pts = [_at(*base, *rng.uniform(-2000, 2000, 2)) for _ in range(4000)]
    lat = np.array([p[0] for p in pts])
    lon = np.array([p[1] for p in pts])
    g = K.grid_cells(lat, lon, 100.0, ref_lat=70.0)
    for c in np.unique(g.cell)[:200]:
        i = np.flatnonzero(g.cell == c)
        d = K.haversine_m(lat[i][:, None], lon[i][:, None], lat[i][None, :], lon[i][None, :])
        assert d.max() <= 100 * math.sqrt(2) * 1.01
    assert K.grid_cells([], [], 50.0).cell.shape == (0,)
    with pytest.raises(ValueError):
        K.grid_cells([1.0], [1.0], 0.0)


# --------------------------------------------------------------------------- stays


@st.composite
def walks(draw):
    """A track that stops and moves: stays of jittered points, jumps, gaps and outliers."""
    n = draw(st.integers(0, 70))
    base_lat = draw(st.floats(-70, 70))
    lat, lon, ts = [], [], []
    t, x, y = 1_767_225_600_000, 0.0, 0.0
    for _ in range(n):
        t += draw(st.sampled_from([0, 30_000, 60_000, 120_000, 600_000, 1_800_000, 7_200_000]))
        move = draw(st.sampled_from(["jitter", "jitter", "jitter", "jump", "outlier"]))
        if move == "jump":
            x, y = x + draw(st.floats(-500, 500)), y + draw(st.floats(-500, 500))
            px, py = x, y
        elif move == "outlier":
            px, py = x + draw(st.floats(-300, 300)), y + draw(st.floats(-300, 300))
        else:
            px, py = x + draw(st.floats(-40, 40)), y + draw(st.floats(-40, 40))
        la, lo = _at(base_lat, 0.0, px, py)
        lat.append(la)
        lon.append(lo)
        ts.append(t)
    return (np.array(ts, np.int64), np.array(lat, np.float64), np.array(lon, np.float64),
            draw(st.sampled_from([50.0, 100.0])), draw(st.sampled_from([0, 60_000, 600_000])),
            draw(st.sampled_from([600_000, 3_600_000])), draw(st.integers(1, 4)),
            draw(st.sampled_from([-1, -5, 0, 7_200_000])))


@PROPERTY
@given(walks())
def test_stays_match_reference(walk):
    ts, lat, lon, radius, dwell, gap, min_points, merge_gap = walk
    got = K.stays(ts, lat, lon, radius, dwell, gap, min_points, merge_gap_ms=merge_gap)
    want = ref_stays(ts, lat, lon, radius, dwell, gap, min_points, gap if merge_gap == -1 else merge_gap)
    assert len(got.start_idx) == len(want)
    for j, (a, b, c, la, lo) in enumerate(want):
        assert (int(got.start_idx[j]), int(got.end_idx[j]), int(got.n_points[j])) == (a, b, c)
        assert (int(got.arrival_ms[j]), int(got.departure_ms[j])) == (int(ts[a]), int(ts[b]))
        assert got.lat[j] == pytest.approx(la, abs=1e-12) and got.lon[j] == pytest.approx(lo, abs=1e-12)


def test_stays_join_across_an_outlier_and_a_silent_hour():
    base = (53.8, -1.55)
    t0 = 1_767_225_600_000
    pts = [(0, 0), (5, 5), (-5, 0), (400, 0), (0, 5), (3, 3), (2, 0)]  # an outlier at 400 m
    ts = [t0 + k * 120_000 for k in range(7)]
    ts[4:] = [t + 2 * 3_600_000 for t in ts[4:]]  # then two silent hours
    lat = [_at(*base, x, y)[0] for x, y in pts]
    lon = [_at(*base, x, y)[1] for x, y in pts]
    one = K.stays(ts, lat, lon, 100.0, 60_000, 1_800_000, 3, merge_gap_ms=3 * 3_600_000)
    assert one.start_idx.tolist() == [0] and one.end_idx.tolist() == [6] and one.n_points.tolist() == [6]
    two = K.stays(ts, lat, lon, 100.0, 60_000, 1_800_000, 3)  # merge gap = max gap: not joined
    assert two.start_idx.tolist() == [0, 4]
    assert len(K.stays([], [], [], 100.0, 0, 1).start_idx) == 0
    single = K.stays([t0], [53.8], [-1.5], 100.0, 0, 1, 1)
    assert single.n_points.tolist() == [1] and single.lat.tolist() == [53.8]
    with pytest.raises(ValueError, match="non-decreasing"):
        K.stays([2, 1], [1.0, 1.0], [1.0, 1.0], 10.0, 0, 1)


def test_haversine_known_distances():
    # one degree of latitude on the sphere; London - Paris about 343.5 km
    assert K.haversine_m(0.0, 0.0, 1.0, 0.0) == pytest.approx(M_PER_DEG, rel=1e-12)
    assert K.haversine_m(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343_560, rel=2e-3)
    assert K.haversine_m([1.0, 2.0], [0.0, 0.0], 1.0, 0.0).tolist() == [0.0, pytest.approx(M_PER_DEG)]
