"""Numba kernels for the location detector: points near case places, visits, grid cells, stays.

The detector hands these kernels the ``locations`` table as aligned 1-D NumPy arrays,
sorted by time where a kernel says so:

``ts`` int64[n]
    UTC Unix milliseconds, non-decreasing (ties allowed).
``lat``, ``lon`` float64[n]
    WGS84 degrees; no NaN. Longitudes are not wrapped: a place and a point on opposite
    sides of the antimeridian are far apart, and the poles are not handled specially
    (neither occurs in the cases this is for); high latitudes are fine.
``accuracy`` float64[n]
    the fix's horizontal accuracy in metres (68 % radius), ``>= 0``, ``inf`` allowed (the
    caller maps a missing or invalid accuracy to a value first).

Distances are great-circle (haversine) distances on a sphere of radius
:data:`EARTH_RADIUS_M`. Every kernel is a private ``@njit(cache=True, nogil=True)``
function plus a public wrapper that converts and checks its inputs (dtype, 1-D shape,
aligned lengths, no NaN, sortedness) and raises ``TypeError`` for a wrong dtype and
``ValueError`` for a wrong value or shape. The wrappers accept NumPy arrays, lists and
pyarrow arrays without nulls. All work for ``n == 0``.

Point classes returned by :func:`near_places` (``place``):

* ``k >= 0``: inside case place ``k``: haversine distance ``<= radius[k]`` and accuracy
  ``<= min(max_accuracy, accuracy_ratio * radius[k])``; of several such places, the
  nearest (ties: the lowest index);
* :data:`ELSEWHERE` (-1): confidently outside every place: accuracy ``<= max_accuracy``
  and, for every place, distance ``> radius + outside_factor * accuracy`` (default 2: the
  accuracy is a 68 % radius, so twice it is about 95 %);
* :data:`UNKNOWN` (-2): cannot say: accuracy ``> max_accuracy`` (a 2 km cell fix), or
  close enough to a place that ``outside_factor`` times its accuracy reaches the place
  although it does not count as inside. :func:`visits` skips these points: they neither extend nor end a visit.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numba import njit

from .checks import plain as _plain

__all__ = [
    "EARTH_RADIUS_M",
    "ELSEWHERE",
    "UNKNOWN",
    "NearPlaces",
    "Visits",
    "GridCells",
    "Stays",
    "haversine_m",
    "near_places",
    "visits",
    "grid_cells",
    "stays",
]

#: Mean Earth radius (IUGG), metres.
EARTH_RADIUS_M = 6_371_008.8
#: A point confidently outside every case place.
ELSEWHERE = -1
#: A point too inaccurate, or too close to a place's edge for its accuracy, to say.
UNKNOWN = -2

_DEG = math.pi / 180.0
_M_PER_DEG = EARTH_RADIUS_M * _DEG  # one degree of latitude on the sphere
_I64_MAX = np.iinfo(np.int64).max
_KEY_SHIFT = 4_294_967_296  # 2**32: cell key = row * 2**32 + column
_COL_OFFSET = 2_147_483_648  # 2**31: columns of grid_cells may be negative


# --------------------------------------------------------------------------- results


class NearPlaces(NamedTuple):
    place: np.ndarray  #: int32[n] place index, ELSEWHERE (-1) or UNKNOWN (-2)
    dist_m: np.ndarray  #: float64[n] distance to that place; else to the nearest place within its reach, else inf


class Visits(NamedTuple):
    place: np.ndarray  #: int32[v] the place of each visit
    start_idx: np.ndarray  #: int64[v] index of the visit's first point (its arrival)
    end_idx: np.ndarray  #: int64[v] index of its last point (its departure)
    arrival_ms: np.ndarray  #: int64[v] ts of the first point
    departure_ms: np.ndarray  #: int64[v] ts of the last point
    n_points: np.ndarray  #: int64[v] points at the place in the visit (skipped UNKNOWN points not counted)
    min_dist_m: np.ndarray  #: float64[v] the closest approach (smallest dist of its points)


class GridCells(NamedTuple):
    cell: np.ndarray  #: int64[n] cell id: row * 2**32 + (column + 2**31)
    row: np.ndarray  #: int64[n] floor(northing / cell_m)
    col: np.ndarray  #: int64[n] floor(easting / cell_m)


class Stays(NamedTuple):
    start_idx: np.ndarray  #: int64[s] first point of the stay
    end_idx: np.ndarray  #: int64[s] last point of the stay
    arrival_ms: np.ndarray  #: int64[s]
    departure_ms: np.ndarray  #: int64[s]
    n_points: np.ndarray  #: int64[s]
    lat: np.ndarray  #: float64[s] mean latitude of its points
    lon: np.ndarray  #: float64[s] mean longitude of its points


# --------------------------------------------------------------------------- checks


def _vector(x, name: str) -> np.ndarray:
    a = _plain(x, name)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {a.shape}")
    return a


def _floats(x, name: str, allow_inf: bool = False) -> np.ndarray:
    a = _vector(x, name)
    if a.dtype.kind not in "fiu":
        raise TypeError(f"{name} must be a float64 array, got dtype {a.dtype}")
    a = np.ascontiguousarray(a, dtype=np.float64)
    bad = np.isnan(a) if allow_inf else ~np.isfinite(a)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{name} must hold {'no NaN' if allow_inf else 'finite values'}; {name}[{i}]={a[i]}")
    return a


def _ints(x, name: str) -> np.ndarray:
    a = _vector(x, name)
    if a.shape[0] == 0 and a.dtype.kind == "f":
        return np.empty(0, np.int64)
    if a.dtype.kind not in "iu":
        hint = "; pass the int64 milliseconds (e.g. arr.cast(pa.int64()))" if a.dtype.kind == "M" else ""
        raise TypeError(f"{name} must be an int64 array, got dtype {a.dtype}{hint}")
    if a.dtype != np.int64:
        if not np.can_cast(a.dtype, np.int64, "safe"):
            raise TypeError(f"{name} must be an int64 array, got dtype {a.dtype} (does not fit in int64)")
        a = a.astype(np.int64)
    return np.ascontiguousarray(a)


def _same(name: str, a: np.ndarray, n: int, ref: str) -> None:
    if a.shape[0] != n:
        raise ValueError(f"{name} has {a.shape[0]} elements but {ref} has {n}")


def _latlon(lat, lon, n_ref: str = "lat") -> tuple[np.ndarray, np.ndarray]:
    la = _floats(lat, "lat")
    lo = _floats(lon, "lon")
    _same("lon", lo, la.shape[0], n_ref)
    if la.shape[0] and (np.abs(la) > 90).any():
        i = int(np.argmax(np.abs(la) > 90))
        raise ValueError(f"lat must be within -90..90; lat[{i}]={la[i]}")
    if lo.shape[0] and (np.abs(lo) > 180).any():
        i = int(np.argmax(np.abs(lo) > 180))
        raise ValueError(f"lon must be within -180..180; lon[{i}]={lo[i]}")
    return la, lo


def _sorted(ts: np.ndarray, name: str = "ts") -> None:
    if ts.shape[0] > 1:
        bad = ts[1:] < ts[:-1]
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(f"{name} must be non-decreasing: {name}[{i + 1}]={ts[i + 1]} < {name}[{i}]={ts[i]}")


def _positive(value, name: str, allow_zero: bool = False) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v < 0 or (v == 0 and not allow_zero):
        raise ValueError(f"{name} must be a finite {'non-negative' if allow_zero else 'positive'} number, got {value!r}")
    return v


def _count(value, name: str, minimum: int = 0) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if not minimum <= int(value) <= _I64_MAX:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return int(value)


# --------------------------------------------------------------------------- haversine


@njit(cache=True, nogil=True, inline="always")
def _hav(lat1r, lon1r, cos1, lat2r, lon2r, cos2):
    s1 = math.sin((lat2r - lat1r) * 0.5)
    s2 = math.sin((lon2r - lon1r) * 0.5)
    a = s1 * s1 + cos1 * cos2 * s2 * s2
    if a > 1.0:
        a = 1.0
    return 2.0 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


@njit(cache=True, nogil=True)
def _haversine_many(lat1, lon1, lat2, lon2):
    n = lat1.shape[0]
    out = np.empty(n, np.float64)
    for i in range(n):
        a = lat1[i] * _DEG
        b = lat2[i] * _DEG
        out[i] = _hav(a, lon1[i] * _DEG, math.cos(a), b, lon2[i] * _DEG, math.cos(b))
    return out


def haversine_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in metres between aligned points (scalars broadcast)."""
    la1, lo1, la2, lo2 = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (lat1, lon1, lat2, lon2)))
    shape = la1.shape
    out = _haversine_many(*(np.ascontiguousarray(v).ravel() for v in (la1, lo1, la2, lo2)))
    return out.reshape(shape)


# --------------------------------------------------------------------------- near_places


#: Largest dense grid (cells) :func:`near_places` builds; beyond it (places spread over a
#: country) the occupied cells are looked up by binary search instead.
DENSE_CELLS = 1 << 22


def _place_grid(p_lat: np.ndarray, p_lon: np.ndarray, reach: np.ndarray, dense_cells: int):
    """A uniform grid over the places, each listed in every cell its reach box overlaps.

    ``reach[k]`` is place k's reach in metres; its box is
    ``p_lat[k] +- dlat[k]``, ``p_lon[k] +- dlon[k]`` degrees, which holds every point
    within ``reach[k]`` (haversine) of the place. Cells are ``max(reach)`` tall and square
    at the places' mean latitude. Returns a dict of the grid arrays: per cell (dense over
    the places' bounding box when it has at most ``dense_cells`` cells, else the sorted
    keys of the occupied cells) the CSR ``starts`` into ``members`` (place indices, in
    index order), and the boxes.
    """
    m = p_lat.shape[0]
    dlat = reach * 1.01 / _M_PER_DEG + 1e-9
    top = np.abs(p_lat) + dlat
    with np.errstate(divide="ignore"):
        dlon = np.where(top >= 89.9, 360.0, reach * 1.01 / (_M_PER_DEG * np.cos(np.minimum(top, 89.9) * _DEG)) + 1e-9)
    cell_lat = float(reach.max()) * 1.01 / _M_PER_DEG
    mid = float(np.clip(np.abs(p_lat).mean(), 0.0, 85.0))
    cell_lon = min(360.0, cell_lat / math.cos(mid * _DEG))
    r_lo = np.floor((p_lat - dlat + 90.0) / cell_lat).astype(np.int64)
    r_hi = np.floor((p_lat + dlat + 90.0) / cell_lat).astype(np.int64)
    c_lo = np.floor((p_lon - dlon + 180.0) / cell_lon).astype(np.int64)
    c_hi = np.floor((p_lon + dlon + 180.0) / cell_lon).astype(np.int64)
    r0, c0 = int(r_lo.min()), int(c_lo.min())
    nr, nc = int(r_hi.max()) - r0 + 1, int(c_hi.max()) - c0 + 1
    rows, cols, members = [], [], []
    for k in range(m):
        rr, cc = np.meshgrid(np.arange(r_lo[k], r_hi[k] + 1), np.arange(c_lo[k], c_hi[k] + 1), indexing="ij")
        rows.append(rr.ravel())
        cols.append(cc.ravel())
        members.append(np.full(rr.size, k, np.int64))
    rows_a = np.concatenate(rows) - r0
    cols_a = np.concatenate(cols) - c0
    mem_a = np.concatenate(members)
    dense = nr * nc <= dense_cells
    key = rows_a * nc + cols_a if dense else rows_a * _KEY_SHIFT + cols_a
    order = np.lexsort((mem_a, key))  # by cell, then place index (ties -> lowest index)
    key, mem_a = key[order], mem_a[order]
    if dense:
        keys = np.zeros(0, np.int64)
        starts = np.searchsorted(key, np.arange(nr * nc + 1)).astype(np.int64)
    else:
        keys, first = np.unique(key, return_index=True)
        starts = np.append(first, len(key)).astype(np.int64)
    return {"dense": dense, "keys": keys.astype(np.int64), "starts": starts, "members": mem_a.astype(np.int64),
            "r0": r0, "c0": c0, "nr": nr, "nc": nc, "cell_lat": cell_lat, "cell_lon": cell_lon,
            "dlat": dlat, "dlon": dlon}


@njit(cache=True, nogil=True)
def _near_places(lat, lon, acc, p_lat, p_lon, p_rad, p_lim, p_reach, p_dlat, p_dlon, max_accuracy, outside_factor, dense,
                 keys, starts, members, r0, c0, nr, nc, cell_lat, cell_lon):
    n = lat.shape[0]
    m = p_lat.shape[0]
    place = np.full(n, -1, np.int32)
    dist = np.full(n, np.inf, np.float64)
    p_latr = np.empty(m, np.float64)
    p_lonr = np.empty(m, np.float64)
    p_cos = np.empty(m, np.float64)
    for k in range(m):
        p_latr[k] = p_lat[k] * _DEG
        p_lonr[k] = p_lon[k] * _DEG
        p_cos[k] = math.cos(p_latr[k])
    nk = keys.shape[0]
    for i in range(n):
        a = acc[i]
        far = a > max_accuracy
        if far:
            place[i] = -2
        la = lat[i]
        lo = lon[i]
        r = np.int64(math.floor((la + 90.0) / cell_lat)) - r0
        c = np.int64(math.floor((lo + 180.0) / cell_lon)) - c0
        if r < 0 or r >= nr or c < 0 or c >= nc:
            continue
        if dense:
            j = r * nc + c
        else:
            key = r * _KEY_SHIFT + c
            j = np.searchsorted(keys, key)
            if j >= nk or keys[j] != key:
                continue
        q0 = starts[j]
        q1 = starts[j + 1]
        if q0 == q1:
            continue
        lar = la * _DEG
        lor = lo * _DEG
        cosp = math.cos(lar)
        best = -1
        best_d = np.inf
        dmin = np.inf
        maybe = far
        for q in range(q0, q1):
            k = members[q]
            if abs(la - p_lat[k]) > p_dlat[k] or abs(lo - p_lon[k]) > p_dlon[k]:
                continue  # outside the place's reach box: farther than its reach
            d = _hav(lar, lor, cosp, p_latr[k], p_lonr[k], p_cos[k])
            rk = p_rad[k]
            if d <= p_reach[k] and d < dmin:
                dmin = d
            if d <= rk and a <= p_lim[k]:
                if d < best_d:  # members are in index order: the lowest index wins ties
                    best_d = d
                    best = k
            elif d <= rk + outside_factor * a:
                maybe = True
        if best >= 0:
            place[i] = best
            dist[i] = best_d
        else:
            place[i] = -2 if maybe else -1
            dist[i] = dmin
    return place, dist


def near_places(lat, lon, accuracy, place_lat, place_lon, place_radius, max_accuracy: float = 250.0, *,
                accuracy_ratio: float = 1.0, outside_factor: float = 2.0, dense_cells: int = DENSE_CELLS) -> NearPlaces:
    """For each point, the nearest case place whose radius contains it (see the module docstring).

    ``place_*`` are the case places' centres and radii (metres, > 0). A point counts as
    inside place ``k`` only when its accuracy is at most ``min(max_accuracy,
    accuracy_ratio * radius[k])``: a 2 km cell fix is never a visit, nor is a 300 m fix
    of a 150 m place. A point is ELSEWHERE only when it is farther than ``radius +
    outside_factor * accuracy`` from every place. ``dist_m`` is the distance to the
    point's place; for ELSEWHERE and UNKNOWN points, the distance to the nearest place
    within that place's *reach*, ``radius + max(1, outside_factor) * max_accuracy``, of
    the point, else ``inf``.

    The places are put on a uniform grid whose cell is the largest reach, each place listed in the cells its reach overlaps, so a point computes
    the haversine only to the one or two places of its own cell: 20 places cost about
    as much as one. The grid is a dense array over the places' bounding box (O(1) per
    point) unless that needs more than ``dense_cells`` cells; then occupied cells are
    found by binary search. Both give the same result.
    """
    la, lo = _latlon(lat, lon)
    n = la.shape[0]
    acc = _floats(accuracy, "accuracy", allow_inf=True)
    _same("accuracy", acc, n, "lat")
    if n and (acc < 0).any():
        i = int(np.argmax(acc < 0))
        raise ValueError(f"accuracy must be >= 0 (map invalid values to inf first); accuracy[{i}]={acc[i]}")
    pla, plo = _latlon(place_lat, place_lon, "place_lat")
    prad = _floats(place_radius, "place_radius")
    _same("place_radius", prad, pla.shape[0], "place_lat")
    if prad.shape[0] and (prad <= 0).any():
        raise ValueError("place_radius must be positive")
    max_acc = _positive(max_accuracy, "max_accuracy", allow_zero=True)
    ratio = _positive(accuracy_ratio, "accuracy_ratio")
    factor = _positive(outside_factor, "outside_factor", allow_zero=True)
    dense_cells = _count(dense_cells, "dense_cells")
    if pla.shape[0] == 0:
        place = np.full(n, -1, np.int32)
        place[acc > max_acc] = -2
        return NearPlaces(place, np.full(n, np.inf))
    lim = np.minimum(max_acc, ratio * prad)
    reach = prad + max(1.0, factor) * max_acc
    g = _place_grid(pla, plo, reach, dense_cells)
    return NearPlaces(*_near_places(la, lo, acc, pla, plo, prad, lim, reach, g["dlat"], g["dlon"], max_acc, factor, g["dense"],
                                    g["keys"], g["starts"], g["members"], np.int64(g["r0"]), np.int64(g["c0"]),
                                    np.int64(g["nr"]), np.int64(g["nc"]), g["cell_lat"], g["cell_lon"]))


# --------------------------------------------------------------------------- visits


@njit(cache=True, nogil=True)
def _visits(ts, place, dist, max_gap_ms, min_points):
    n = ts.shape[0]
    v_place = np.empty(n, np.int32)
    v_start = np.empty(n, np.int64)
    v_end = np.empty(n, np.int64)
    v_n = np.empty(n, np.int64)
    v_min = np.empty(n, np.float64)
    m = 0
    cur = -1
    start = -1
    last = -1
    count = 0
    mind = np.inf
    for i in range(n):
        p = place[i]
        if p == -2:
            continue
        if cur >= 0 and (p != cur or ts[i] - ts[last] > max_gap_ms):
            if count >= min_points:
                v_place[m] = cur
                v_start[m] = start
                v_end[m] = last
                v_n[m] = count
                v_min[m] = mind
                m += 1
            cur = -1
        if p >= 0:
            if cur < 0:
                cur = p
                start = i
                count = 0
                mind = np.inf
            count += 1
            last = i
            if dist[i] < mind:
                mind = dist[i]
    if cur >= 0 and count >= min_points:
        v_place[m] = cur
        v_start[m] = start
        v_end[m] = last
        v_n[m] = count
        v_min[m] = mind
        m += 1
    arr = np.empty(m, np.int64)
    dep = np.empty(m, np.int64)
    for j in range(m):
        arr[j] = ts[v_start[j]]
        dep[j] = ts[v_end[j]]
    return v_place[:m].copy(), v_start[:m].copy(), v_end[:m].copy(), arr, dep, v_n[:m].copy(), v_min[:m].copy()


def visits(ts, place, dist, max_gap_ms: int, min_points: int = 1) -> Visits:
    """Group consecutive points at one place into visits.

    Points are taken in order (``ts`` non-decreasing). A visit is a maximal run of points
    with the same ``place >= 0`` in which consecutive points are at most ``max_gap_ms``
    apart; a point at another place, an ELSEWHERE point (-1) or a longer gap ends it.
    UNKNOWN points (-2) are skipped: they neither extend nor end a visit (the gap is
    measured between the points that count). Visits with fewer than ``min_points``
    points are dropped. Arrival and departure are the first and last points' times, so
    a single point is a visit of dwell 0 and the dwell of a sparsely sampled stay is a
    lower bound. ``dist`` gives each visit's closest approach.
    """
    t = _ints(ts, "ts")
    n = t.shape[0]
    p = _ints(place, "place")
    _same("place", p, n, "ts")
    if n and (p < -2).any():
        i = int(np.argmax(p < -2))
        raise ValueError(f"place must be a place index, -1 or -2; place[{i}]={p[i]}")
    if n and (p > np.iinfo(np.int32).max).any():
        raise ValueError("place index does not fit in int32")
    d = _floats(dist, "dist", allow_inf=True)
    _same("dist", d, n, "ts")
    _sorted(t)
    gap = _count(max_gap_ms, "max_gap_ms")
    mp = _count(min_points, "min_points", minimum=1)
    return Visits(*_visits(t, p.astype(np.int32), d, np.int64(gap), np.int64(mp)))


# --------------------------------------------------------------------------- grid_cells


@njit(cache=True, nogil=True)
def _grid_cells(lat, lon, cell_m, cos_ref):
    n = lat.shape[0]
    cell = np.empty(n, np.int64)
    row = np.empty(n, np.int64)
    col = np.empty(n, np.int64)
    sy = _M_PER_DEG / cell_m
    sx = _M_PER_DEG * cos_ref / cell_m
    for i in range(n):
        r = np.int64(math.floor(lat[i] * sy))
        c = np.int64(math.floor(lon[i] * sx))
        row[i] = r
        col[i] = c
        cell[i] = r * _KEY_SHIFT + (c + _COL_OFFSET)
    return cell, row, col


def grid_cells(lat, lon, cell_m: float, ref_lat: float | None = None) -> GridCells:
    """Square cells of about ``cell_m`` metres: an equirectangular projection at ``ref_lat``.

    ``row = floor(lat * m_per_deg / cell_m)``, ``col = floor(lon * m_per_deg *
    cos(ref_lat) / cell_m)`` and the id ``row * 2**32 + col + 2**31`` (unique per
    (row, col) for any cell_m >= 0.01 m). ``ref_lat`` defaults to the median latitude, so
    cells are square where the points are (to within cos(lat)/cos(ref_lat) away from it);
    pass the same ``ref_lat`` to compare cells of two calls. Cells ``(r, c)`` and
    ``(r +- 1, c +- 1)`` are neighbours (the caller joins them into clusters).
    """
    la, lo = _latlon(lat, lon)
    size = _positive(cell_m, "cell_m")
    if size < 0.01:
        raise ValueError(f"cell_m must be at least 0.01, got {cell_m}")
    if ref_lat is None:
        ref = float(np.median(la)) if la.shape[0] else 0.0
    else:
        ref = float(ref_lat)
        if not -90 < ref < 90:
            raise ValueError(f"ref_lat must be within -90..90 (exclusive), got {ref_lat}")
    return GridCells(*_grid_cells(la, lo, size, max(math.cos(ref * _DEG), 1e-6)))


# --------------------------------------------------------------------------- stays


@njit(cache=True, nogil=True)
def _stays(ts, lat, lon, radius_m, min_dwell_ms, max_gap_ms, min_points, merge_gap_ms):
    n = ts.shape[0]
    s_start = np.empty(n, np.int64)
    s_end = np.empty(n, np.int64)
    s_cnt = np.empty(n, np.int64)
    s_lat = np.empty(n, np.float64)
    s_lon = np.empty(n, np.float64)
    m = 0
    i = 0
    while i < n:
        a_lat = lat[i] * _DEG
        a_lon = lon[i] * _DEG
        a_cos = math.cos(a_lat)
        j = i + 1
        while j < n and ts[j] - ts[j - 1] <= max_gap_ms:
            b = lat[j] * _DEG
            if _hav(a_lat, a_lon, a_cos, b, lon[j] * _DEG, math.cos(b)) > radius_m:
                break
            j += 1
        if j - i >= min_points and ts[j - 1] - ts[i] >= min_dwell_ms:
            sl = 0.0
            so = 0.0
            for q in range(i, j):
                sl += lat[q]
                so += lon[q]
            c = j - i
            if m > 0 and ts[i] - ts[s_end[m - 1]] <= merge_gap_ms and i - s_end[m - 1] - 1 < min_points:
                pl = s_lat[m - 1] * _DEG
                ql = sl / c * _DEG
                d = _hav(pl, s_lon[m - 1] * _DEG, math.cos(pl), ql, so / c * _DEG, math.cos(ql))
                if d <= radius_m:  # the same stay, broken by an outlier: join them
                    tot = s_cnt[m - 1] + c
                    s_lat[m - 1] = (s_lat[m - 1] * s_cnt[m - 1] + sl) / tot
                    s_lon[m - 1] = (s_lon[m - 1] * s_cnt[m - 1] + so) / tot
                    s_cnt[m - 1] = tot
                    s_end[m - 1] = j - 1
                    i = j
                    continue
            s_start[m] = i
            s_end[m] = j - 1
            s_cnt[m] = c
            s_lat[m] = sl / c
            s_lon[m] = so / c
            m += 1
            i = j
        else:
            i += 1
    arr = np.empty(m, np.int64)
    dep = np.empty(m, np.int64)
    for k in range(m):
        arr[k] = ts[s_start[k]]
        dep[k] = ts[s_end[k]]
    return s_start[:m].copy(), s_end[:m].copy(), arr, dep, s_cnt[:m].copy(), s_lat[:m].copy(), s_lon[:m].copy()


def stays(ts, lat, lon, radius_m: float, min_dwell_ms: int, max_gap_ms: int, min_points: int = 2, *,
          merge_gap_ms: int = -1) -> Stays:
    """Stay points (Li et al. 2008): where the owner stayed within ``radius_m`` for a while.

    Scanning in time order from an anchor point ``i``, the stay grows over the following
    points while each is within ``radius_m`` (haversine) of the anchor and at most
    ``max_gap_ms`` after the previous point. If the run has at least ``min_points``
    points and lasts at least ``min_dwell_ms`` it is a stay and the scan continues after
    it; otherwise the anchor moves on by one point. A stay that starts at most
    ``merge_gap_ms`` (-1, the default: ``max_gap_ms``; a negative value below -1 never
    joins) after the previous stay ended, with fewer than ``min_points``
    points between the two and its centre within ``radius_m`` of the previous one's, is
    joined to it (a noisy point or a silent hour does not cut a stay in two, a trip away
    and back does): the joined stay runs from the first one's start to the second one's end,
    ``n_points`` counts the points of both (not the outliers between) and its centre is
    their mean. The caller drops inaccurate points first. Centres are the mean of the
    stay's points.
    """
    t = _ints(ts, "ts")
    la, lo = _latlon(lat, lon)
    _same("lat", la, t.shape[0], "ts")
    _sorted(t)
    r = _positive(radius_m, "radius_m")
    dwell = _count(min_dwell_ms, "min_dwell_ms")
    gap = _count(max_gap_ms, "max_gap_ms")
    mp = _count(min_points, "min_points", minimum=1)
    if isinstance(merge_gap_ms, (bool, np.bool_)) or not isinstance(merge_gap_ms, (int, np.integer)):
        raise TypeError(f"merge_gap_ms must be an integer, got {merge_gap_ms!r}")
    join = gap if merge_gap_ms == -1 else int(merge_gap_ms)
    return Stays(*_stays(t, la, lo, r, np.int64(dwell), np.int64(gap), np.int64(mp), np.int64(join)))
