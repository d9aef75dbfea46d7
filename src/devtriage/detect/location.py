"""Location patterns: visits near the case's places, order-window breaches and fixation.

Every point of the ``locations`` table (``ts``, ``lat``, ``lon``, ``accuracy_m``) is the
device owner's own position, so every finding has side ``out`` (the owner's conduct).
Points are sorted by time; points without a time or position, or at (0, 0), are left
out. A missing accuracy is taken as :data:`ASSUMED_ACCURACY_M` (GPX track points carry
none and are GPS); a negative one (iOS: invalid) as unknown, which never counts as
being anywhere. Local times are in the case's time zone, DST-correct
(``pyarrow.compute.local_timestamp``). The statistics come from the Numba kernels in
:mod:`devtriage.kernels.location`.

**Honest with accuracy.** A point counts as at a case place only when it lies within the
place's radius (haversine) and its accuracy is at most ``min(`` :data:`MAX_ACCURACY_M`,
radius ``)``: a 2 km cell fix is never a visit. A point counts as *elsewhere* only when it
is farther than radius + 2 x accuracy; points in between, and inaccurate ones, are
skipped (they neither make nor end a visit). Consecutive points at one place at most
:data:`MAX_GAP_MS` apart are one visit, from its first point (arrival) to its last
(departure): a single point is a visit of dwell 0, and with sparse points the dwell is a
lower bound. A visit under :data:`PASS_BY_S` is a *pass-by*, otherwise a *stay*.

**The owner's own places.** The owner's homes are the places where they spend their nights:
for every local night (00:00-06:00) with good points (accuracy <= 100 m), the 200 m grid cell
holding most of the night's time (each point weighted by the time to the next, at most
2 h) is that night's cell; cells that are the night's cell on at least
max(3, 10 %) of the nights are homes (a move gives two). Work is the same over weekday
daytimes (10:00-16:00, Monday-Friday) outside the homes. A case place within its radius
+ 100 m of an owner's home or work is *the owner's own place*: the victim's phone at her
own home is not stalking, so such a place scores x 0.1 and says so, and raises no
order breach.

**Routine.** A case place visited on many weekdays at the same daytime hours across weeks
(at least 8 visits in 4+ ISO weeks, >= 90 % arriving 07:00-19:00 and none at night,
>= 80 % on weekdays, >= 70 % of arrivals in 4 hours of the day) looks like a routine -- a
school run, a commute -- and scores x 0.25, saying so.

**Many stops.** An owner who makes dozens of short daytime stops a day (median >= 20 stays
under 15 min arriving 07:00-19:00, on days with any: a delivery round) passes near any
address by day: their brief (< 15 min) daytime visits (07:00-17:00) weigh x 0.2 and are not
counted in the weekly S-DASH figure, and the summary says so.

Indicators, each scored 0-1 (``sat(x, k) = 1 - exp(-x / k)``):

* ``location.place_visits`` (one finding per case place with any visit): visits with
  arrival, departure and dwell, stays and pass-bys, visits per ISO week (three or more
  a week is the S-DASH threshold; single points are not counted), night visits (any part
  between 22:00 and 06:00 local), first and last seen. Each visit weighs its kind (stay 1,
  pass-by 0.3, single point 0.1) times its time (night 1, evening from 17:00 0.7, day
  0.35); for V the weighted visits, N night visits, W ISO weeks with 3+ visits and L the
  longest dwell in minutes: ``1 - (1 - 0.6 sat(V, 5)) (1 - 0.6 sat(N, 3))
  (1 - 0.5 min(W, 2) / 2) (1 - 0.3 sat(L, 60))``, times the discounts above. A few brief
  daytime visits score about 0.1-0.2; a week of night stays outside the house about 0.8.
* ``location.order_breach`` (per case place): visits overlapping a case order's window
  (not at the owner's own places), ``sat(S + 0.5 P, 2)`` for S stays and P pass-bys; every
  breach with its time and dwell, the first named.
* ``location.fixation`` (with or without a case file): the owner's stay points (kernel
  ``stays`` over points with accuracy <= 100 m: within 100 m for at least 60 s and 2
  points; stays interrupted by a silence of up to 3 h or an outlier are joined) away from
  their homes and work (250 m), *arriving at odd hours* (22:00-05:00 local; not when the
  owner was already within 100 m in the 3 hours before -- the tail of an evening out) and
  short (<= 3 h). These are clustered on a 200 m grid (cells joined to their 8
  neighbours); a cluster with odd-hour stays on at least 3 different days, where they are
  at least 30 % of the stays within 200 m of its centre (a bar or a gym, visited mostly by
  day or evening, is not), scores ``sat(K, 4) (0.4 + 0.6 share)`` for K odd-hour stays.
  Subject: the coordinates (``"53.80012, -1.54901"``, the median of its odd-hour stays)
  so that an examiner can ask whose address it is, or the case place's label if it lies
  inside one.

Findings carry ``subject`` (the place label or coordinates), ``side`` ``out``,
``anchored`` (a case place), ``count`` (visits, breaches or odd-hour stays), ``lat`` /
``lon`` (the place) and ``details`` (JSON: every visit with arrival, departure, local
time, dwell, points, night / pass-by / in-order flags and its first row). Evidence rows
are rows of the ingested ``locations`` table: the arrival point of each visit first (in
time order), then the visits' other points, at most :data:`MAX_EVIDENCE`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..case import Case, Place
from ..kernels import location as K
from .base import findings

NAME = "location"
INPUTS = {"locations": ("ts", "lat", "lon", "accuracy_m")}
INDICATORS = ("location.place_visits", "location.order_breach", "location.fixation")
MAX_EVIDENCE = 200
MAX_LISTED = 500  # visits listed in details
EXTRA = [pa.field("counterpart", pa.string()), pa.field("name", pa.string()), pa.field("side", pa.string()),
         pa.field("anchored", pa.bool_()), pa.field("count", pa.int64()), pa.field("lat", pa.float64()),
         pa.field("lon", pa.float64()), pa.field("details", pa.string())]

ASSUMED_ACCURACY_M = 25.0
MAX_ACCURACY_M = 250.0
OUTSIDE_FACTOR = 2.0
MAX_GAP_MS = 60 * 60_000
PASS_BY_S = 180
GOOD_ACCURACY_M = 100.0  # points used for the owner's places and for fixation
OWNER_CELL_M = 200.0
OWNER_MARGIN_M = 100.0
WEIGHT_CAP_MS = 2 * 3_600_000
FIX_RADIUS_M = 100.0
FIX_MIN_DWELL_MS = 60_000
FIX_MIN_POINTS = 2
FIX_MAX_DWELL_MS = 3 * 3_600_000
FIX_MERGE_GAP_MS = 3 * 3_600_000
FIX_BEFORE_MS = 3 * 3_600_000
MANY_STOPS = 20
FIX_CELL_M = 200.0
FIX_HOME_M = 250.0
_MIN = 60_000
_HOUR = 3_600_000
_DAY = 86_400_000


# --- points --------------------------------------------------------------------------------------


@dataclass
class Points:
    """The usable location points of one device, sorted by (ts, row); arrays are aligned."""

    ts: np.ndarray  # int64 UTC ms
    lat: np.ndarray
    lon: np.ndarray
    acc: np.ndarray  # metres; inf = unknown
    row: np.ndarray  # int64 row in the ingested locations table
    local: np.ndarray  # int64 local wall-clock ms
    tz: str

    def __len__(self) -> int:
        return len(self.ts)

    @property
    def day(self) -> np.ndarray:
        return np.floor_divide(self.local, _DAY)

    @property
    def hour(self) -> np.ndarray:
        return np.floor_divide(self.local - self.day * _DAY, _HOUR)


def _num(t: pa.Table, name: str) -> np.ndarray:
    if name not in t.column_names:
        return np.full(t.num_rows, np.nan)
    return np.asarray(pc.fill_null(t.column(name).cast(pa.float64()), np.nan).to_numpy(zero_copy_only=False), dtype=np.float64)


def local_ms(ts: np.ndarray, tz: str) -> np.ndarray:
    """Local wall-clock milliseconds of UTC ms ``ts`` in ``tz`` (DST-correct)."""
    if len(ts) == 0:
        return np.zeros(0, np.int64)
    arr = pa.array(np.asarray(ts, np.int64), pa.timestamp("ms", tz="UTC")).cast(pa.timestamp("ms", tz=tz))
    return np.asarray(pc.local_timestamp(arr).cast(pa.int64()), dtype=np.int64)


def points(tables: dict[str, pa.Table], case: Case | None) -> Points:
    """The usable points of the ``locations`` table (see the module docstring)."""
    tz = case.timezone if case is not None else "UTC"
    t = tables.get("locations")
    if t is None or t.num_rows == 0 or "ts" not in t.column_names:
        z = np.zeros(0, np.int64)
        return Points(z, z.astype(float), z.astype(float), z.astype(float), z, z, tz)
    ts_col = t.column("ts").cast(pa.int64())
    ok_ts = np.asarray(pc.is_valid(ts_col), dtype=bool)
    ts = np.asarray(pc.fill_null(ts_col, 0).to_numpy(zero_copy_only=False), dtype=np.int64)
    lat, lon, acc = _num(t, "lat"), _num(t, "lon"), _num(t, "accuracy_m")
    keep = ok_ts & np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180) & ~((lat == 0) & (lon == 0))
    acc = np.where(np.isnan(acc), ASSUMED_ACCURACY_M, np.where(acc < 0, np.inf, acc))
    row = np.flatnonzero(keep).astype(np.int64)
    order = np.lexsort((row, ts[row]))
    row = row[order]
    ts = ts[row]
    return Points(ts, lat[row], lon[row], acc[row], row, local_ms(ts, tz), tz)


# --- helpers -------------------------------------------------------------------------------------


def _sat(x: float, k: float) -> float:
    return 1.0 - math.exp(-max(x, 0.0) / k)


def _utc(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC)


def _iso(ms: int) -> str:
    return _utc(ms).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _wall(local: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=int(local))


def _when(local: int) -> str:
    """A local time for a summary line: ``14 Feb 2026 21:56``."""
    return _wall(local).strftime("%-d %b %Y %H:%M")


def _date(local: int) -> str:
    return _wall(local).strftime("%-d %b %Y")


def _hm(local: int) -> str:
    return _wall(local).strftime("%H:%M")


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _night(local_a: np.ndarray, local_d: np.ndarray) -> np.ndarray:
    """Whether [arrival, departure] (local ms) overlaps 22:00-06:00 local on any day."""
    s = local_a + 2 * _HOUR  # shifted: the night is [00:00, 08:00) of the shifted day
    e = local_d + 2 * _HOUR
    return (np.floor_divide(s, _DAY) != np.floor_divide(e, _DAY)) | (np.mod(s, _DAY) < 8 * _HOUR)


def _clock_range(local: np.ndarray) -> str:
    """The span of local clock times, across midnight if need be (``22:04-01:01``)."""
    mins = (np.mod(local, _DAY) // _MIN).astype(np.int64)
    shifted = np.mod(mins - 12 * 60, 24 * 60)  # minutes since noon: night times stay contiguous
    lo, hi = int(shifted.min()), int(shifted.max())
    f = lambda m: f"{((m + 12 * 60) % 1440) // 60:02d}:{((m + 12 * 60) % 1440) % 60:02d}"
    return f"{f(lo)}-{f(hi)}"


def _week(local_day: np.ndarray) -> np.ndarray:
    return np.floor_divide(local_day - 4, 7)  # Monday-based (ISO) weeks; 1970-01-05 was a Monday


def _iso_week(week: int) -> str:
    y, w, _ = (dt.date(1970, 1, 5) + dt.timedelta(weeks=int(week))).isocalendar()
    return f"{y}-W{w:02d}"


# --- the owner's own places -------------------------------------------------------------------------


@dataclass
class OwnerPlace:
    kind: str  # "home" or "work"
    lat: float
    lon: float
    days: int  # nights (home) or weekdays (work) it was the main place


def _components(row: np.ndarray, col: np.ndarray) -> np.ndarray:
    """Connected components of grid cells (8-neighbours); a label per input cell."""
    n = len(row)
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    where = {(int(r), int(c)): i for i, (r, c) in enumerate(zip(row.tolist(), col.tolist()))}
    for (r, c), i in where.items():
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                j = where.get((r + dr, c + dc))
                if j is not None:
                    a, b = find(i), find(j)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
    roots = np.array([find(i) for i in range(n)], np.int64)
    return np.unique(roots, return_inverse=True)[1] if n else roots


def _dominant(group: np.ndarray, cell: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per group (day), the cell with the largest total weight: (groups, their cell)."""
    if len(group) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.lexsort((cell, group))
    g, c, w = group[order], cell[order], weight[order]
    new = np.concatenate([[True], (g[1:] != g[:-1]) | (c[1:] != c[:-1])])
    heads = np.flatnonzero(new)
    gs, cs, ws = g[heads], c[heads], np.add.reduceat(w, heads)
    order = np.lexsort((cs, -ws, gs))  # per group the heaviest cell first (ties: smallest id)
    gs, cs = gs[order], cs[order]
    first = np.concatenate([[True], gs[1:] != gs[:-1]])
    return gs[first], cs[first]


def owner_places(p: Points) -> list[OwnerPlace]:
    """The owner's homes and work (see the module docstring)."""
    good = np.flatnonzero(p.acc <= GOOD_ACCURACY_M)
    if len(good) < 10:
        return []
    ts = p.ts[good]
    nxt = np.append(ts[1:], ts[-1])
    weight = np.minimum(nxt - ts, WEIGHT_CAP_MS).astype(np.float64)
    lat, lon = p.lat[good], p.lon[good]
    ref = float(np.median(lat))
    cells = K.grid_cells(lat, lon, OWNER_CELL_M, ref_lat=ref)
    local = p.local[good]
    day = np.floor_divide(local, _DAY)
    hour = np.floor_divide(local - day * _DAY, _HOUR)
    out: list[OwnerPlace] = []
    taken = np.zeros(len(good), bool)
    for kind, sel in (("home", hour < 6), ("work", (hour >= 10) & (hour < 16) & (np.mod(day + 3, 7) < 5))):
        sel = sel & ~taken
        days, cell = _dominant(day[sel], cells.cell[sel], weight[sel])
        if len(days) == 0:
            continue
        ids, counts = np.unique(cell, return_counts=True)
        keep = ids[counts >= max(3, 0.1 * len(days))]
        if len(keep) == 0:
            continue
        rows = np.floor_divide(keep, 2**32)  # decode the cell ids (row * 2**32 + col + 2**31)
        cols = keep - rows * 2**32 - 2**31
        comp = _components(rows, cols)
        for c in range(int(comp.max()) + 1):
            mine = keep[comp == c]
            main_days = days[np.isin(cell, mine)]
            at = sel & np.isin(cells.cell, mine) & np.isin(day, main_days)
            out.append(OwnerPlace(kind, float(np.median(lat[at])), float(np.median(lon[at])), int(len(main_days))))
            if kind == "home":
                near = K.haversine_m(lat, lon, out[-1].lat, out[-1].lon) <= OWNER_CELL_M * 1.5
                taken |= near
    return out


def _owner_place_of(place: Place, owner: list[OwnerPlace]) -> OwnerPlace | None:
    best = None
    for o in owner:
        d = float(K.haversine_m(place.lat, place.lon, o.lat, o.lon))
        if d <= place.radius_m + OWNER_MARGIN_M and (best is None or d < best[0]):
            best = (d, o)
    return best[1] if best else None


# --- case places -----------------------------------------------------------------------------------


@dataclass
class PlaceVisits:
    """The visits of the owner to the case places, in time order (arrays aligned)."""

    place: np.ndarray  # int32 case place index
    start: np.ndarray  # int64 index into Points of the arrival point
    end: np.ndarray  # int64 index of the departure point
    arrival: np.ndarray  # int64 UTC ms
    departure: np.ndarray
    n_points: np.ndarray
    min_dist: np.ndarray
    local_a: np.ndarray  # local wall ms of arrival / departure
    local_d: np.ndarray
    point_place: np.ndarray  # per point: its place (kernel near_places)

    @property
    def dwell_s(self) -> np.ndarray:
        return (self.departure - self.arrival) / 1000.0


def place_visits(p: Points, case: Case) -> PlaceVisits:
    """Every visit near a case place (kernels ``near_places`` and ``visits``)."""
    pl = case.places
    near = K.near_places(p.lat, p.lon, p.acc, [x.lat for x in pl], [x.lon for x in pl], [x.radius_m for x in pl],
                         MAX_ACCURACY_M, accuracy_ratio=1.0, outside_factor=OUTSIDE_FACTOR)
    v = K.visits(p.ts, near.place, near.dist_m, MAX_GAP_MS, 1)
    return PlaceVisits(v.place, v.start_idx, v.end_idx, v.arrival_ms, v.departure_ms, v.n_points, v.min_dist_m,
                       p.local[v.start_idx], p.local[v.end_idx], near.place)


def _orders(case: Case | None) -> list[tuple[int, int, str]]:
    if case is None:
        return []
    big = np.iinfo(np.int64).max
    return [(int(o.start.timestamp() * 1000), int(o.end.timestamp() * 1000) if o.end else big, o.kind) for o in case.orders]


def _routine(local_a: np.ndarray, night: np.ndarray) -> dict | None:
    """The routine test for a place's visits (module docstring); None when it is not one."""
    n = len(local_a)
    if n < 8:
        return None
    day = np.floor_divide(local_a, _DAY)
    hour = np.floor_divide(local_a - day * _DAY, _HOUR)
    weeks = len(np.unique(_week(day)))
    daytime = float(((hour >= 7) & (hour < 19)).mean())
    weekday = float((np.mod(day + 3, 7) < 5).mean())
    top4 = float(np.sort(np.bincount(hour, minlength=24))[-4:].sum() / n)
    if weeks >= 4 and daytime >= 0.9 and not night.any() and weekday >= 0.8 and top4 >= 0.7:
        return {"weeks": weeks, "daytime_share": round(daytime, 3), "weekday_share": round(weekday, 3),
                "top_hours_share": round(top4, 3), "hours": sorted(np.argsort(np.bincount(hour, minlength=24))[-2:].tolist())}
    return None


# --- the detector ----------------------------------------------------------------------------------


def run(tables: dict[str, pa.Table], case: Case | None = None, device: str = "") -> pa.Table:
    """Location findings for one device (see the module docstring)."""
    p = points(tables, case)
    rows: list[dict] = []
    if len(p) == 0:
        return findings(rows, EXTRA)
    owner = owner_places(p)
    st = owner_stays(p)
    if case is not None and case.places:
        _case_places(p, case, owner, _stops_per_day(p, st), device, rows)
    _fixation(p, case, owner, st, device, rows)
    rows.sort(key=lambda r: (-r["score"], r["indicator"], r["subject"]))
    return findings(rows, EXTRA)


def _evidence(p: Points, point_place: np.ndarray, place: int, starts: np.ndarray, ends: np.ndarray) -> list[dict]:
    """Arrival rows of the visits first, then their other points, capped."""
    first = p.row[starts].tolist()
    out = list(first[:MAX_EVIDENCE])
    if len(out) < MAX_EVIDENCE:
        seen = set(out)
        for s, e in zip(starts.tolist(), ends.tolist()):
            idx = np.arange(s, e + 1)
            idx = idx[point_place[idx] == place]
            for r in p.row[idx].tolist():
                if r not in seen:
                    out.append(r)
                    seen.add(r)
                    if len(out) >= MAX_EVIDENCE:
                        break
            if len(out) >= MAX_EVIDENCE:
                break
    return [{"table": "locations", "row": int(r)} for r in out]


def _case_places(p: Points, case: Case, owner: list[OwnerPlace], stops: float, device: str, rows: list[dict]) -> None:
    v = place_visits(p, case)
    orders = _orders(case)
    night_all = _night(v.local_a, v.local_d)
    dwell_all = v.dwell_s
    in_order_all = np.zeros(len(v.place), bool)
    for s, e, _ in orders:
        in_order_all |= (v.arrival < e) & (v.departure >= s)
    for k, place in enumerate(case.places):
        sel = np.flatnonzero(v.place == k)
        if len(sel) == 0:
            continue
        la, ld = v.local_a[sel], v.local_d[sel]
        dwell = dwell_all[sel]
        night = night_all[sel]
        passby = dwell < PASS_BY_S
        single = v.n_points[sel] == 1
        hour = np.floor_divide(np.mod(la, _DAY), _HOUR)
        when_w = np.where(night, 1.0, np.where(hour >= 17, 0.7, 0.35))  # night, evening, day
        kind_w = np.where(single, 0.1, np.where(passby, 0.3, 1.0))
        # an owner who stops briefly at dozens of places a day (a delivery round) is near any address by day
        chance = ~night & (hour >= 7) & (hour < 17) & (dwell < 15 * 60) & (stops >= MANY_STOPS)
        kind_w = np.where(chance, kind_w * 0.2, kind_w)
        weighted = float((when_w * kind_w).sum())
        n, n_stay = len(sel), int((~passby).sum())
        n_pass, n_single = n - n_stay, int(single.sum())
        week = _week(np.floor_divide(la, _DAY))
        counted = ~single & ~chance
        wk, per_week = np.unique(week[counted], return_counts=True)  # S-DASH weeks: single points not counted
        weeks3 = int((per_week >= 3).sum())
        longest = float(dwell.max()) / 60.0
        n_night = int(night.sum())
        own = _owner_place_of(place, owner)
        routine = _routine(la, night) if own is None else None
        score = 1.0 - ((1 - 0.6 * _sat(weighted, 5)) * (1 - 0.6 * _sat(n_night, 3))
                       * (1 - 0.5 * min(weeks3, 2) / 2) * (1 - 0.3 * _sat(longest, 60)))
        listed = []
        for j, i in enumerate(sel[:MAX_LISTED].tolist()):
            listed.append({"arrival": _iso(int(v.arrival[i])), "departure": _iso(int(v.departure[i])),
                           "local_arrival": _wall(int(v.local_a[i])).strftime("%Y-%m-%d %H:%M"),
                           "dwell_s": round(float(dwell_all[i]), 1), "points": int(v.n_points[i]),
                           "closest_m": round(float(v.min_dist[i]), 1), "night": bool(night_all[i]),
                           "pass_by": bool(dwell_all[i] < PASS_BY_S), "in_order": bool(in_order_all[i]),
                           "row": int(p.row[v.start[i]])})
        details = {"place": place.label, "radius_m": place.radius_m, "visits": n, "stays": n_stay, "pass_bys": n_pass,
                   "single_points": n_single, "weighted_visits": round(weighted, 3), "night": n_night, "weeks": len(np.unique(week)), "weeks_3plus": weeks3,
                   "max_per_week": int(per_week.max()) if len(per_week) else 0,
                   "per_week": {_iso_week(int(w)): int(c) for w, c in zip(wk, per_week)},
                   "longest_dwell_s": round(float(dwell.max()), 1), "total_dwell_s": round(float(dwell.sum()), 1),
                   "first": _iso(int(v.arrival[sel[0]])), "last": _iso(int(v.departure[sel[-1]])),
                   "owner_place": own.kind if own else None, "routine": routine, "owner_stops_per_day": round(stops, 1),
                   "visit_list": listed}
        s_weeks = f"in {_plural(len(np.unique(week)), 'week')}"
        if weeks3:
            s_weeks += f" (3+ in one week {_times(weeks3)})"
        s_night = f"{n_night} at night" + (f" (arrivals {_clock_range(la[night])})" if n_night else "")
        summary = (f"{_plural(n, 'visit')} near {place.label} ({n_stay} {'stay' if n_stay == 1 else 'stays'}, "
                   f"{_plural(n_pass, 'pass-by', 'pass-bys')}{f' of which {n_single} single points' if n_single else ''}) "
                   f"{s_weeks}, {s_night}, longest {longest:.0f} min; "
                   f"first {_when(int(la[0]))}, last {_when(int(ld[-1]))}")
        if own is not None:
            score *= 0.1
            what = (f"most nights are spent there ({own.days} nights)" if own.kind == "home"
                    else f"weekday working hours are spent there ({own.days} days)")
            summary = (f"{place.label} is the owner's own {own.kind}: {what}; not by itself evidence of stalking. "
                       + summary)
        elif stops >= MANY_STOPS and not night.any():
            summary += (f" -- the owner makes about {stops:.0f} short stops a day (a delivery or driving job?), so brief "
                        f"daytime visits near an address are expected by chance")
        if own is None and routine is not None:
            score *= 0.25
            summary += (f" -- a regular weekday daytime pattern (around {routine['hours'][0]:02d}:00 and "
                        f"{routine['hours'][1]:02d}:00, {routine['weeks']} weeks), like a routine such as a school run")
        rows.append(_row(device, "location.place_visits", score, place.label, summary, int(v.arrival[sel[0]]),
                         int(v.departure[sel[-1]]), _evidence(p, v.point_place, k, v.start[sel], v.end[sel]), n,
                         place.lat, place.lon, details))
        # order breaches at this place
        b = sel[in_order_all[sel]]
        if len(b) and own is None and orders:
            bd = dwell_all[b]
            bs = int((bd >= PASS_BY_S).sum())
            kinds = ", ".join(sorted({o[2] for o in orders}))
            first = int(b[0])
            bn = int(night_all[b].sum())
            summary = (f"{_plural(len(b), 'visit')} near {place.label} inside the {kinds} window "
                       f"({bs} {'stay' if bs == 1 else 'stays'}, {_plural(len(b) - bs, 'pass-by', 'pass-bys')}, "
                       f"{bn} at night): first {_when(int(v.local_a[first]))} for {dwell_all[first] / 60:.0f} min, "
                       f"longest {bd.max() / 60:.0f} min, last {_when(int(v.local_a[b[-1]]))}")
            bdet = {"place": place.label, "breaches": len(b), "stays": bs, "night": bn,
                    "orders": [{"kind": o[2], "start": _iso(o[0]), "end": _iso(o[1]) if o[1] < np.iinfo(np.int64).max else None}
                               for o in orders],
                    "breach_list": [x for x, i in zip(listed, sel[:MAX_LISTED].tolist()) if in_order_all[i]]}
            rows.append(_row(device, "location.order_breach", _sat(bs + 0.5 * (len(b) - bs), 2), place.label, summary,
                             int(v.arrival[first]), int(v.departure[b[-1]]), _evidence(p, v.point_place, k, v.start[b], v.end[b]),
                             len(b), place.lat, place.lon, bdet))


def _row(device, indicator, score, subject, summary, first_ms, last_ms, evidence, count, lat, lon, details,
         anchored: bool = True) -> dict:
    return {"device": device, "indicator": indicator, "score": float(round(min(max(score, 0.0), 1.0), 6)),
            "subject": subject, "summary": summary, "first_ts": _utc(first_ms), "last_ts": _utc(last_ms),
            "evidence": evidence, "counterpart": None, "name": None, "side": "out", "anchored": anchored, "count": int(count), "lat": round(float(lat), 6), "lon": round(float(lon), 6),
            "details": json.dumps(details, sort_keys=True)}


# --- fixation ------------------------------------------------------------------------------------


@dataclass
class OwnerStays:
    """The owner's stay points (kernel ``stays`` over the accurate points)."""

    good: np.ndarray  # indices into Points of the accurate points the stays index
    stays: K.Stays


def owner_stays(p: Points) -> OwnerStays:
    good = np.flatnonzero(p.acc <= GOOD_ACCURACY_M)
    st = K.stays(p.ts[good], p.lat[good], p.lon[good], FIX_RADIUS_M, FIX_MIN_DWELL_MS, MAX_GAP_MS, FIX_MIN_POINTS,
                 merge_gap_ms=FIX_MERGE_GAP_MS)
    return OwnerStays(good, st)


def _stops_per_day(p: Points, os_: OwnerStays) -> float:
    """Median short daytime stops (stays under 15 min arriving 07:00-19:00) per day with any."""
    st = os_.stays
    if len(st.start_idx) == 0:
        return 0.0
    la = p.local[os_.good][st.start_idx]
    hour = np.floor_divide(np.mod(la, _DAY), _HOUR)
    short = ((st.departure_ms - st.arrival_ms) < 15 * _MIN) & (hour >= 7) & (hour < 19)
    if not short.any():
        return 0.0
    return float(np.median(np.unique(np.floor_divide(la[short], _DAY), return_counts=True)[1]))


def _fixation(p: Points, case: Case | None, owner: list[OwnerPlace], os_: OwnerStays, device: str,
              rows: list[dict]) -> None:
    good, st = os_.good, os_.stays
    if len(st.start_idx) == 0:
        return
    lat = p.lat[good]
    away = np.ones(len(st.lat), bool)
    for o in owner:
        away &= K.haversine_m(st.lat, st.lon, o.lat, o.lon) > FIX_HOME_M
    la = p.local[good][st.start_idx]
    ld = p.local[good][st.end_idx]
    day = np.floor_divide(la, _DAY)
    minute = np.floor_divide(la - day * _DAY, _MIN)
    odd_arrival = (minute >= 22 * 60) | (minute < 5 * 60)
    short = (st.departure_ms - st.arrival_ms) <= FIX_MAX_DWELL_MS
    odd = away & odd_arrival & short
    g_ts, g_lon = p.ts[good], p.lon[good]
    for i in np.flatnonzero(odd).tolist():  # already there before? (the tail of an evening out: no late arrival)
        lo = int(np.searchsorted(g_ts, st.arrival_ms[i] - FIX_BEFORE_MS, "left"))
        hi = int(st.start_idx[i])
        if hi > lo and (K.haversine_m(lat[lo:hi], g_lon[lo:hi], st.lat[i], st.lon[i]) <= FIX_RADIUS_M).any():
            odd[i] = False
    seeds = np.flatnonzero(odd)
    if len(seeds) < 3:
        return
    ref = float(np.median(lat))
    cells = K.grid_cells(st.lat[seeds], st.lon[seeds], FIX_CELL_M, ref_lat=ref)
    uniq, inv = np.unique(cells.cell, return_inverse=True)
    r_of = np.zeros(len(uniq), np.int64)
    c_of = np.zeros(len(uniq), np.int64)
    r_of[inv] = cells.row
    c_of[inv] = cells.col
    comp = _components(r_of, c_of)[inv]
    for c in range(int(comp.max()) + 1):
        mine = seeds[comp == c]
        odd_days = np.unique(day[mine])
        if len(mine) < 3 or len(odd_days) < 3:
            continue
        c_lat, c_lon = float(np.median(st.lat[mine])), float(np.median(st.lon[mine]))
        near = np.flatnonzero(away & (K.haversine_m(st.lat, st.lon, c_lat, c_lon) <= FIX_CELL_M))
        near_odd = near[odd[near]]
        share = len(near_odd) / max(len(near), 1)
        if share < 0.3:
            continue
        k = len(near_odd)
        score = _sat(k, 4) * (0.4 + 0.6 * share)
        coords = f"{c_lat:.5f}, {c_lon:.5f}"
        subject = coords
        inside = None
        if case is not None:
            for pl in case.places:
                if float(K.haversine_m(c_lat, c_lon, pl.lat, pl.lon)) <= pl.radius_m:
                    inside = pl.label
                    subject = pl.label
                    break
        dwell = (st.departure_ms[near_odd] - st.arrival_ms[near_odd]) / 60_000
        weeks = len(np.unique(_week(day[near])))
        summary = (f"{k} short stays arriving at odd hours (22:00-05:00, arrivals {_clock_range(la[near_odd])}) at "
                   f"{coords} on {len(np.unique(day[near_odd]))} different days, {share:.0%} of its {_plural(len(near), 'stay')} "
                   f"({weeks} {'week' if weeks == 1 else 'weeks'}); not the owner's home or work; median "
                   f"{np.median(dwell):.0f} min, longest {dwell.max():.0f} min; first {_when(int(la[near[0]]))}, "
                   f"last {_when(int(ld[near[-1]]))}" + (f" -- inside the case place {inside}" if inside else
                                                         " -- whose address is this?"))
        listed = [{"arrival": _iso(int(st.arrival_ms[i])), "departure": _iso(int(st.departure_ms[i])),
                   "local_arrival": _wall(int(la[i])).strftime("%Y-%m-%d %H:%M"),
                   "dwell_s": round(float(st.departure_ms[i] - st.arrival_ms[i]) / 1000, 1), "points": int(st.n_points[i]),
                   "lat": round(float(st.lat[i]), 6), "lon": round(float(st.lon[i]), 6), "odd_hours": bool(odd[i]),
                   "row": int(p.row[good[st.start_idx[i]]])} for i in near[:MAX_LISTED].tolist()]
        details = {"lat": round(c_lat, 6), "lon": round(c_lon, 6), "odd_stays": k, "stays": len(near),
                   "odd_share": round(share, 4), "odd_days": int(len(np.unique(day[near_odd]))), "weeks": weeks,
                   "case_place": inside, "owner_places": [{"kind": o.kind, "lat": round(o.lat, 6), "lon": round(o.lon, 6),
                                                            "days": o.days} for o in owner], "stay_list": listed}
        ev_rows: list[int] = [int(p.row[good[st.start_idx[i]]]) for i in near_odd.tolist()]
        seen = set(ev_rows)
        for i in near_odd.tolist():
            for r in p.row[good[st.start_idx[i]:st.end_idx[i] + 1]].tolist():
                if len(ev_rows) >= MAX_EVIDENCE:
                    break
                if r not in seen:
                    ev_rows.append(r)
                    seen.add(r)
        row = _row(device, "location.fixation", score, subject, summary, int(st.arrival_ms[near_odd[0]]),
                   int(st.departure_ms[near_odd[-1]]), [{"table": "locations", "row": r} for r in ev_rows[:MAX_EVIDENCE]],
                   k, c_lat, c_lon, details, anchored=inside is not None)
        rows.append(row)
