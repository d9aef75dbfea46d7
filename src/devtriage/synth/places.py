"""A phone owner's movements: home, work, commutes, errands, gaps and GPS noise.

:func:`simulate` turns a :class:`Routine` (home and work coordinates, commute mode, time
zone) into a location track with the columns of the ``locations`` table (``ts_ms`` Unix
milliseconds, ``lat``, ``lon``, ``accuracy_m``, ``source``) plus a detected-activity
code per point. The model, all in the owner's *local* time (``zoneinfo``, so a 07:45
departure stays 07:45 local across a DST change while its UTC time moves by an hour):

* a day plan of trips between places: workdays leave home around 07:45, sometimes walk
  to lunch, leave work around 17:15, stop at the supermarket or go to the gym on some
  evenings, go out on some Friday nights; weekends start late at home with 0-3 errands
  (supermarket, park, cafe, gym, a friend's) and an occasional Saturday night out; a few
  workdays are days off;
* trips follow a fixed bent route per pair of places (the same way to work every day),
  with the travel time of the mode (car, transit, bike, walk) and eased start and stop;
* points are a Poisson process per segment, five times denser while travelling and
  thinned at night (the phone on the bedside table reports less often);
* each point has a source and an accuracy from a realistic mix (GPS ~10 m, Wi-Fi ~20 m,
  occasional cell fixes of 100-2500 m; whole metres, as Google stores them) and is
  displaced by Gaussian noise whose 68 % radius is that accuracy;
* gaps where the phone was off or had no signal: whole hours on some days and, rarely,
  one to three whole days;
* planted :class:`Visit` objects (for scenarios, e.g. loitering near a victim's home at
  night) override the routine for their time, with a 20-minute approach and departure
  blended into the routine track; gaps never hide them, and each gets at least three
  points (about one every 90 s). :attr:`Track.visit_indices`
  gives, per planted visit, the indices of the points inside it (for ``truth.json``;
  they are indices into the arrays, which is also the record order of ``Records.json``).
  Visits may be given in any order and may overlap; they are located with sorted
  intervals and ``np.searchsorted`` (30,000 visits over 300 days: about half a second).
  With ``simulate(..., chain=True)`` visits less than 20 minutes apart are joined by
  straight travel from one to the next instead of legs via the routine.

Planted-visit generators for benign look-alikes (owners whose maps resemble a
stalker's but are not): :func:`delivery_visits` (a delivery driver's rounds, with brief
daytime drops near a given address on given days) and :func:`school_run_visits` (a
parent's term-time school run, with :func:`uk_school_terms`).

Everything is vectorised with numpy except the per-day plan (a few scalar draws a day):
five million points take a few seconds. Deterministic for a given generator state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

SOURCES = ("GPS", "WIFI", "CELL")
"""Location source names, as Google writes them in ``Records.json``."""
ACTIVITIES = ("STILL", "WALKING", "ON_BICYCLE", "IN_VEHICLE")
"""Detected-activity names (Android ``DetectedActivity``) indexed by :attr:`Track.activity`."""

_M_PER_DEG = 111_320.0
_HOUR_MS = 3_600_000
_DAY_MS = 86_400_000
_LEG_MS = 1_200_000  # approach / departure leg of a planted visit

# mode -> (speed m/s, fixed overhead s, activity code)
_MODES = {
    "walk": (1.35, 60.0, 1),
    "bike": (4.5, 120.0, 2),
    "car": (8.5, 300.0, 3),
    "transit": (5.0, 480.0, 3),
}

# errand places: name -> (distance range from home in m, stay jitter radius in m)
_ERRANDS = {
    "supermarket": ((500, 2_500), 35.0),
    "gym": ((800, 4_000), 20.0),
    "cafe": ((200, 1_500), 10.0),
    "park": ((300, 2_000), 120.0),
    "friend": ((2_000, 9_000), 10.0),
    "bar": ((1_000, 5_000), 15.0),
}


@dataclass(frozen=True)
class Routine:
    """Where the owner lives and works, how they commute, and their time zone."""

    home_lat: float
    home_lon: float
    work_lat: float
    work_lon: float
    commute_mode: str = "car"
    """``car``, ``transit``, ``bike`` or ``walk``."""
    tz: str = "Europe/London"
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    """Weekdays worked (Monday = 0)."""
    places: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Fixed errand places by name (``supermarket``, ``gym``, ``cafe``, ``park``,
    ``friend``, ``bar``, ``lunch``); missing ones are drawn near home (lunch near work)."""


@dataclass(frozen=True)
class Visit:
    """A planted stay that overrides the routine: ``dwell_s`` seconds from ``start`` (UTC)."""

    lat: float
    lon: float
    start: datetime
    dwell_s: float
    label: str = "visit"


@dataclass
class Track:
    """A simulated location track; point arrays are sorted by time and index-aligned."""

    ts_ms: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    accuracy_m: np.ndarray
    source: np.ndarray
    """Source names (``<U4``: GPS, WIFI, CELL)."""
    activity: np.ndarray
    """uint8 index into :data:`ACTIVITIES`."""
    visit_indices: list[np.ndarray]
    """Per planted visit (in the order given), the indices of its points."""
    place_names: tuple[str, ...]
    place_lat: np.ndarray
    place_lon: np.ndarray
    segments: dict[str, np.ndarray]
    """The routine's schedule: ``kind`` (0 stay, 1 travel), ``start_ms``, ``end_ms``,
    ``place_from``, ``place_to`` (indices into :attr:`place_names`)."""
    gaps: np.ndarray
    """(k, 2) int64 [start_ms, end_ms) intervals with no points (outside planted visits)."""
    tz: str

    def __len__(self) -> int:
        return len(self.ts_ms)

    def columns(self) -> dict[str, np.ndarray]:
        """The core ``locations`` columns, plus ``activity`` codes."""
        return {
            "ts_ms": self.ts_ms,
            "lat": self.lat,
            "lon": self.lon,
            "accuracy_m": self.accuracy_m,
            "source": self.source,
            "activity": self.activity,
        }

    def place(self, name: str) -> tuple[float, float]:
        i = self.place_names.index(name)
        return float(self.place_lat[i]), float(self.place_lon[i])


# ---------------------------------------------------------------------------- helpers


def offset(lat: float, lon: float, distance_m: float, bearing_rad: float) -> tuple[float, float]:
    """The point ``distance_m`` from (lat, lon) at ``bearing_rad`` (flat-earth, fine below ~50 km)."""
    dlat = distance_m * math.cos(bearing_rad) / _M_PER_DEG
    dlon = distance_m * math.sin(bearing_rad) / (_M_PER_DEG * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def distance_m(lat1, lon1, lat2, lon2):
    """Equirectangular distance in metres (numpy-broadcasting; accurate at city scale)."""
    lat1, lon1, lat2, lon2 = (np.asarray(v, dtype=np.float64) for v in (lat1, lon1, lat2, lon2))
    x = np.radians(lon2 - lon1) * np.cos(np.radians((lat1 + lat2) / 2))
    y = np.radians(lat2 - lat1)
    return 6_371_000.0 * np.hypot(x, y)


def _utc_ms(dt: datetime) -> int:
    if dt.tzinfo is None:
        raise ValueError("datetimes must be timezone-aware (UTC)")
    return round(dt.timestamp() * 1000)


def _local_ms(tz: ZoneInfo, day: date, seconds: float) -> int:
    """UTC ms of local wall-clock time ``day`` 00:00 + ``seconds`` in ``tz``."""
    naive = datetime(day.year, day.month, day.day) + timedelta(seconds=float(seconds))
    return round(naive.replace(tzinfo=tz).timestamp() * 1000)


def _offset_grid(tz: ZoneInfo, t0_ms: int, t1_ms: int) -> tuple[int, np.ndarray]:
    """(first UTC hour, UTC offset in ms for each UTC hour from it to past ``t1_ms``)."""
    h0 = t0_ms // _HOUR_MS - 1
    h1 = t1_ms // _HOUR_MS + 2
    # zoneinfo transitions fall on whole UTC hours in practically every zone
    offs = np.fromiter(
        (int(datetime.fromtimestamp(h * 3600, tz).utcoffset().total_seconds()) * 1000 for h in range(h0, h1)),
        dtype=np.int64,
        count=h1 - h0,
    )
    return h0, offs


def local_time_ms(ts_ms: np.ndarray, tz_name: str) -> np.ndarray:
    """Local wall-clock time as ms since the epoch (for hour/weekday arithmetic), vectorised."""
    ts_ms = np.asarray(ts_ms, dtype=np.int64)
    if ts_ms.size == 0:
        return ts_ms.copy()
    h0, offs = _offset_grid(ZoneInfo(tz_name), int(ts_ms.min()), int(ts_ms.max()))
    return ts_ms + offs[ts_ms // _HOUR_MS - h0]


def local_hour(ts_ms: np.ndarray, tz_name: str) -> np.ndarray:
    """Local hour of day (0-23) of each timestamp."""
    return (local_time_ms(ts_ms, tz_name) // _HOUR_MS) % 24


# ---------------------------------------------------------------------------- places


def _routine_places(rng: np.random.Generator, r: Routine) -> tuple[list[str], list[float], list[float], list[float]]:
    names = ["home", "work"]
    lats = [r.home_lat, r.work_lat]
    lons = [r.home_lon, r.work_lon]
    radii = [8.0, 25.0]
    for name, ((dmin, dmax), radius) in _ERRANDS.items():
        d = rng.uniform(dmin, dmax)
        b = rng.uniform(0, 2 * math.pi)
        lat, lon = r.places.get(name) or offset(r.home_lat, r.home_lon, d, b)
        names.append(name)
        lats.append(lat)
        lons.append(lon)
        radii.append(radius)
    d = rng.uniform(150, 500)
    b = rng.uniform(0, 2 * math.pi)
    lat, lon = r.places.get("lunch") or offset(r.work_lat, r.work_lon, d, b)
    names.append("lunch")
    lats.append(lat)
    lons.append(lon)
    radii.append(12.0)
    return names, lats, lons, radii


# ---------------------------------------------------------------------------- day plans


class _Planner:
    """Per-day trip lists ``(depart local seconds, destination index, mode)``."""

    def __init__(self, rng, routine: Routine, names, lats, lons):
        self.rng = rng
        self.r = routine
        self.idx = {n: i for i, n in enumerate(names)}
        self.lats = lats
        self.lons = lons
        self.gym_days = {int(d) for d in rng.choice(7, size=2, replace=False)} if rng.random() < 0.6 else set()
        if routine.commute_mode not in _MODES:
            raise ValueError(f"unknown commute mode {routine.commute_mode!r}")

    def mode_to(self, a: int, b: int) -> str:
        d = float(distance_m(self.lats[a], self.lons[a], self.lats[b], self.lons[b]))
        if d < 1_200:
            return "walk"
        if self.r.commute_mode in ("car", "bike"):
            return self.r.commute_mode
        return "transit" if d > 2_500 else "walk"

    def travel_s(self, a: int, b: int, mode: str) -> float:
        speed, overhead, _ = _MODES[mode]
        d = float(distance_m(self.lats[a], self.lons[a], self.lats[b], self.lons[b]))
        return overhead + 1.3 * d / speed

    def plan(self, day: date) -> list[tuple[float, int, str]]:
        rng = self.rng
        wd = day.weekday()
        trips: list[tuple[float, int, str]] = []
        home, work = self.idx["home"], self.idx["work"]
        cur = home
        t = 0.0  # local seconds: time the owner is free to leave the current place

        def go(depart: float, dest: int, mode: str | None = None, min_gap: float = 300.0) -> None:
            nonlocal cur, t
            if dest == cur:
                return
            mode = mode or self.mode_to(cur, dest)
            depart = max(depart, t + min_gap)
            trips.append((depart, dest, mode))
            t = depart + self.travel_s(cur, dest, mode)
            cur = dest

        workday = wd in self.r.workdays and rng.random() > 0.05
        if workday:
            leave = float(np.clip(rng.normal(7.75, 0.4), 6.0, 9.5)) * 3600
            go(leave, work, self.r.commute_mode)
            if rng.random() < 0.3:
                lunch = self.idx["lunch"]
                go(float(rng.normal(12.5, 0.25)) * 3600, lunch, "walk")
                go(t + rng.uniform(25, 50) * 60, work, "walk")
            leave = max(float(np.clip(rng.normal(17.25, 0.6), 15.5, 20.0)) * 3600, t + 4 * 3600)
            u = rng.random()
            if u < 0.25:
                go(leave, self.idx["supermarket"])
                go(t + rng.uniform(12, 35) * 60, home)
            elif wd in self.gym_days:
                go(leave, self.idx["gym"])
                go(t + rng.uniform(55, 95) * 60, home)
            else:
                go(leave, home, self.r.commute_mode)
            if wd == 4 and rng.random() < 0.35:
                self._night_out(go, t, home)
        else:
            n = int(rng.choice([0, 1, 1, 2, 2, 3]))
            when = float(rng.normal(10.5, 1.0)) * 3600
            choices = ["supermarket", "park", "cafe", "gym", "friend"]
            weights = np.array([0.35, 0.2, 0.15, 0.15, 0.15])
            dwell = {"supermarket": (20, 60), "park": (40, 150), "cafe": (30, 90), "gym": (50, 100), "friend": (60, 240)}
            for _ in range(n):
                if when > 20 * 3600:
                    break
                name = choices[int(rng.choice(len(choices), p=weights))]
                go(when, self.idx[name])
                t_leave = t + rng.uniform(*dwell[name]) * 60
                if rng.random() < 0.6:
                    go(t_leave, home)
                    when = t + rng.uniform(30, 120) * 60
                else:
                    when = t_leave
            go(when, home)
            if wd == 5 and rng.random() < 0.35:
                self._night_out(go, t, home)
        return trips

    def _night_out(self, go, t: float, home: int) -> None:
        rng = self.rng
        dest = self.idx["bar"] if rng.random() < 0.5 else self.idx["friend"]
        go(max(float(rng.normal(20.0, 0.75)) * 3600, t + 1800), dest)
        go(float(rng.normal(23.6, 0.7)) * 3600, home, min_gap=3600)


# ---------------------------------------------------------------------------- simulate


def _schedule(rng, routine: Routine, tz: ZoneInfo, t0: int, t1: int, names, lats, lons):
    """Stay/travel segments covering [t0, t1)."""
    planner = _Planner(rng, routine, names, lats, lons)
    first = datetime.fromtimestamp(t0 / 1000, tz).date() - timedelta(days=1)
    last = datetime.fromtimestamp(t1 / 1000, tz).date() + timedelta(days=1)
    kind, s_ms, e_ms, a_idx, b_idx, act = [], [], [], [], [], []
    cur = names.index("home")
    t_cur = _local_ms(tz, first, 0)
    day = first
    while day <= last:
        for depart_s, dest, mode in planner.plan(day):
            dep = max(_local_ms(tz, day, depart_s), t_cur + 300_000)
            dur = int(planner.travel_s(cur, dest, mode) * 1000)
            kind.append(0), s_ms.append(t_cur), e_ms.append(dep), a_idx.append(cur), b_idx.append(cur), act.append(0)
            kind.append(1), s_ms.append(dep), e_ms.append(dep + dur), a_idx.append(cur), b_idx.append(dest)
            act.append(_MODES[mode][2])
            t_cur, cur = dep + dur, dest
        day += timedelta(days=1)
    end = _local_ms(tz, last + timedelta(days=1), 0)
    kind.append(0), s_ms.append(t_cur), e_ms.append(max(end, t_cur + 1)), a_idx.append(cur), b_idx.append(cur), act.append(0)
    seg = {
        "kind": np.array(kind, dtype=np.uint8),
        "start_ms": np.array(s_ms, dtype=np.int64),
        "end_ms": np.array(e_ms, dtype=np.int64),
        "place_from": np.array(a_idx, dtype=np.int16),
        "place_to": np.array(b_idx, dtype=np.int16),
        "activity": np.array(act, dtype=np.uint8),
    }
    # clip to the window
    keep = (seg["end_ms"] > t0) & (seg["start_ms"] < t1)
    seg = {k: v[keep] for k, v in seg.items()}
    travel = seg["kind"] == 1
    # travel segments are clipped by time only for point sampling; keep their true ends
    stay = ~travel
    seg["start_ms"][stay] = np.maximum(seg["start_ms"][stay], t0)
    seg["end_ms"][stay] = np.minimum(seg["end_ms"][stay], t1)
    return seg


def _gaps(rng, tz: ZoneInfo, t0: int, t1: int) -> np.ndarray:
    """Phone-off / no-signal intervals: whole hours on ~12 % of days, 1-3 whole days rarely."""
    out = []
    day = datetime.fromtimestamp(t0 / 1000, tz).date()
    last = datetime.fromtimestamp(t1 / 1000, tz).date()
    while day <= last:
        u, v = rng.random(), rng.random()
        if u < 0.12:
            h = int(rng.integers(0, 24))
            n = min(int(rng.geometric(0.45)), 8)
            s = _local_ms(tz, day, h * 3600)
            out.append((s, s + n * _HOUR_MS))
        if v < 0.012:
            h = int(rng.integers(0, 24))
            n = int(rng.integers(24, 73))
            s = _local_ms(tz, day, h * 3600)
            out.append((s, s + n * _HOUR_MS))
        day += timedelta(days=1)
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    g = np.array(sorted(out), dtype=np.int64)
    merged = [list(g[0])]
    for s, e in g[1:]:
        if s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    g = np.array(merged, dtype=np.int64)
    g[:, 0] = np.clip(g[:, 0], t0, t1)
    g[:, 1] = np.clip(g[:, 1], t0, t1)
    return g[g[:, 1] > g[:, 0]]


def _in_intervals(ts: np.ndarray, iv: np.ndarray) -> np.ndarray:
    """Boolean mask: ts inside any of the sorted, disjoint [start, end) intervals."""
    if len(iv) == 0:
        return np.zeros(ts.shape, dtype=bool)
    k = np.searchsorted(iv[:, 0], ts, side="right") - 1
    ok = k >= 0
    out = np.zeros(ts.shape, dtype=bool)
    out[ok] = ts[ok] < iv[k[ok], 1]
    return out


def _route_bend(lat_a, lon_a, lat_b, lon_b, a, b):
    """A waypoint off the straight line, fixed per (unordered) pair of places."""
    lo, hi = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
    h = ((lo * 7919 + hi * 104_729) % 1000) / 1000.0 - 0.5  # in [-0.5, 0.5)
    sign = np.where(a <= b, 1.0, -1.0)  # same side of the road both ways
    mid_lat = (lat_a + lat_b) / 2
    mid_lon = (lon_a + lon_b) / 2
    # perpendicular in metric space
    cos = np.cos(np.radians(mid_lat))
    dy = (lat_b - lat_a) * _M_PER_DEG
    dx = (lon_b - lon_a) * _M_PER_DEG * cos
    k = 0.35 * h * sign
    w_lat = mid_lat + (dx * k) / _M_PER_DEG
    w_lon = mid_lon + (-dy * k) / (_M_PER_DEG * cos)
    return w_lat, w_lon


def _accuracy(rng, n: int, moving: np.ndarray):
    """(source code uint8, accuracy metres float32) for n points."""
    u = rng.random(n)
    # stay: GPS .30 WIFI .60 CELL .10; travel: GPS .80 WIFI .08 CELL .12
    p_gps = np.where(moving, 0.80, 0.30)
    p_wifi = np.where(moving, 0.08, 0.60)
    src = np.where(u < p_gps, 0, np.where(u < p_gps + p_wifi, 1, 2)).astype(np.uint8)
    mu = np.log(np.array([10.0, 20.0, 600.0]))[src]
    sig = np.array([0.45, 0.45, 0.7])[src]
    lo = np.array([3.0, 8.0, 100.0])[src]
    hi = np.array([60.0, 150.0, 2500.0])[src]
    acc = np.clip(np.round(np.exp(mu + sig * rng.standard_normal(n))), lo, hi).astype(np.float32)
    return src, acc


def simulate(
    rng: np.random.Generator,
    routine: Routine,
    start: datetime,
    days: int,
    points_per_day: float,
    extra_visits=(),
    *,
    chain: bool = False,
) -> Track:
    """Simulate ``days`` days of location history from ``start`` (an aware UTC datetime).

    ``points_per_day`` is the mean number of points a day while the phone is recording
    (gaps remove more). ``extra_visits`` are planted :class:`Visit` objects, in any order;
    their point indices are in :attr:`Track.visit_indices`. Where planted visits overlap,
    routine points are removed for the union of their windows and each visit keeps its own
    points (at least three each).

    Each planted visit normally gets a 20-minute approach from, and departure back to, the
    routine track (the routine position blended linearly towards the visit). With
    ``chain=True``, planted visits less than those 20 minutes apart (end of one to start of
    the next, in time order) are joined instead: the owner travels straight from one to the
    next, the routine points in between are replaced by travel points (at the routine's
    travel density, at least one a minute, eased start and stop, ``IN_VEHICLE`` for hops
    over 300 m, else ``WALKING``), and only the first visit of such a chain gets an
    approach leg and only the last a departure leg. This is how a delivery round or any
    other run of short stops looks; ``chain=False`` (the default) keeps the generator
    stream, and so the track, of earlier versions for a given seed.
    """
    tz = ZoneInfo(routine.tz)
    t0 = _utc_ms(start)
    t1 = t0 + int(days) * _DAY_MS
    names, lats, lons, radii = _routine_places(rng, routine)
    p_lat = np.array(lats, dtype=np.float64)
    p_lon = np.array(lons, dtype=np.float64)
    p_rad = np.array(radii, dtype=np.float64)
    seg = _schedule(rng, routine, tz, t0, t1, names, lats, lons)
    gaps = _gaps(rng, tz, t0, t1)

    # --- point counts per segment: travel x5, night stays thinned to 40 %
    h0, offs = _offset_grid(tz, t0 - _DAY_MS, t1 + _DAY_MS)
    hours = np.arange(h0, h0 + len(offs), dtype=np.int64)
    local_h = ((hours * _HOUR_MS + offs) // _HOUR_MS) % 24
    night_h = (local_h < 6).astype(np.float64)
    cum_night = np.concatenate([[0.0], np.cumsum(night_h) * _HOUR_MS])
    grid = np.concatenate([hours * _HOUR_MS, [(hours[-1] + 1) * _HOUR_MS]]).astype(np.float64)

    s_ms = np.maximum(seg["start_ms"], t0)
    e_ms = np.minimum(seg["end_ms"], t1)
    dur = np.maximum(e_ms - s_ms, 0).astype(np.float64)
    travel = seg["kind"] == 1
    night_ms = np.interp(e_ms, grid, cum_night) - np.interp(s_ms, grid, cum_night)
    keep_night = 0.4
    eff = np.where(travel, 5.0 * dur, dur - (1 - keep_night) * night_ms)
    target = points_per_day * days
    rate = target / max(eff.sum(), 1.0)  # points per ms, per unit weight
    lam = rate * dur * np.where(travel, 5.0, 1.0)
    counts = rng.poisson(lam)
    si = np.repeat(np.arange(len(dur)), counts)
    ts = s_ms[si] + (rng.random(len(si)) * dur[si]).astype(np.int64)
    lh = (((ts + offs[ts // _HOUR_MS - h0]) // _HOUR_MS) % 24)
    thin = (~travel[si]) & (lh < 6) & (rng.random(len(si)) >= keep_night)
    keep = ~thin
    si, ts = si[keep], ts[keep]

    # --- planted visits: their own points, overriding the routine in their windows
    visits = list(extra_visits)
    nv = len(visits)
    v_start = np.array([_utc_ms(v.start) for v in visits], dtype=np.int64)
    v_end = v_start + np.array([round(v.dwell_s * 1000) for v in visits], dtype=np.int64)
    if np.any(v_end < v_start):
        raise ValueError("planted visits need dwell_s >= 0")
    v_lat = np.array([v.lat for v in visits], dtype=np.float64)
    v_lon = np.array([v.lon for v in visits], dtype=np.float64)
    day_rate = rate  # points per ms at a daytime stay
    # one Poisson count and one batch of uniforms per visit, in the order given: the
    # generator stream of earlier versions (a scalar loop, but ~5 us a visit)
    v_n = np.zeros(nv, dtype=np.int64)
    vts_list = []
    for k in range(nv):
        d = float(v_end[k] - v_start[k])
        # a phone arriving somewhere new reports every minute or two
        n = max(3, int(rng.poisson(max(day_rate * d, d / 90_000.0))))
        v_n[k] = n
        vts_list.append(v_start[k] + (rng.random(n) * d).astype(np.int64))

    # --- drop gap points (never inside planted visits) and routine points inside visits
    by_start = np.argsort(v_start, kind="stable")
    v_cover = _merge(np.stack([v_start[by_start], v_end[by_start]], axis=1))
    in_visit = _visit_membership(ts, v_start, v_end)
    drop = (in_visit >= 0) | (_in_intervals(ts, gaps) & ~_in_intervals(ts, v_cover))
    if chain and nv:
        links = _chain_links(v_start, v_end, _LEG_MS)
        drop |= _in_intervals(ts, links["iv"])
    else:
        links = None
    si, ts = si[~drop], ts[~drop]

    # --- routine positions
    a = seg["place_from"][si].astype(np.int64)
    b = seg["place_to"][si].astype(np.int64)
    is_trav = travel[si]
    f = np.clip((ts - seg["start_ms"][si]) / np.maximum(seg["end_ms"][si] - seg["start_ms"][si], 1), 0, 1)
    f = f * f * (3 - 2 * f)  # ease in and out
    la, loa, lb, lob = p_lat[a], p_lon[a], p_lat[b], p_lon[b]
    wl, wo = _route_bend(la, loa, lb, lob, a, b)
    first = f < 0.5
    g = np.where(first, f * 2, f * 2 - 1)
    lat = np.where(first, la + (wl - la) * g, wl + (lb - wl) * g)
    lon = np.where(first, loa + (wo - loa) * g, wo + (lob - wo) * g)
    lat = np.where(is_trav, lat, la)
    lon = np.where(is_trav, lon, loa)
    jitter = np.where(is_trav, 0.0, p_rad[a])
    act = seg["activity"][si]
    tag = np.full(len(ts), -1, dtype=np.int64)

    # approach/leave legs: blend the routine track towards/away from each visit (20 min)
    if visits:
        has_pre = links["has_pre"] if links is not None else None
        has_post = links["has_post"] if links is not None else None
        lat, lon, act = _blend_legs(
            ts, lat, lon, act, v_start, v_end, v_lat, v_lon, routine, has_pre=has_pre, has_post=has_post
        )

    # --- chained visits: straight travel from one stop to the next
    if links is not None and len(links["iv"]):
        c_ts, c_lat, c_lon, c_act = _chain_points(rng, links, v_lat, v_lon, 5.0 * day_rate)
        keep_c = ~_in_intervals(c_ts, gaps)
        c_ts, c_lat, c_lon, c_act = c_ts[keep_c], c_lat[keep_c], c_lon[keep_c], c_act[keep_c]
        ts = np.concatenate([ts, c_ts])
        lat = np.concatenate([lat, c_lat])
        lon = np.concatenate([lon, c_lon])
        jitter = np.concatenate([jitter, np.zeros(len(c_ts))])
        is_trav = np.concatenate([is_trav, np.ones(len(c_ts), dtype=bool)])
        act = np.concatenate([act, c_act])
        tag = np.concatenate([tag, np.full(len(c_ts), -1, dtype=np.int64)])

    # --- append visit points
    if visits:
        vts = np.concatenate(vts_list)
        vk = np.repeat(np.arange(nv, dtype=np.int64), v_n)
        ts = np.concatenate([ts, vts])
        lat = np.concatenate([lat, v_lat[vk]])
        lon = np.concatenate([lon, v_lon[vk]])
        jitter = np.concatenate([jitter, np.full(len(vk), 10.0)])
        is_trav = np.concatenate([is_trav, np.zeros(len(vk), dtype=bool)])
        act = np.concatenate([act, np.zeros(len(vk), dtype=np.uint8)])
        tag = np.concatenate([tag, vk])

    order = np.argsort(ts, kind="stable")
    ts, lat, lon, jitter, is_trav, act, tag = (x[order] for x in (ts, lat, lon, jitter, is_trav, act, tag))

    # --- sources, accuracies and noise
    n = len(ts)
    src, acc = _accuracy(rng, n, is_trav)
    sigma = np.sqrt((acc.astype(np.float64) / 1.51) ** 2 + (jitter / 2) ** 2)
    noise = rng.standard_normal((2, n)) * sigma
    lat = lat + noise[0] / _M_PER_DEG
    lon = lon + noise[1] / (_M_PER_DEG * np.cos(np.radians(lat)))

    return Track(
        ts_ms=ts.astype(np.int64),
        lat=lat,
        lon=lon,
        accuracy_m=acc,
        source=np.asarray(SOURCES, dtype="<U4")[src],
        activity=act.astype(np.uint8),
        visit_indices=_group_indices(tag, nv),
        place_names=tuple(names),
        place_lat=p_lat,
        place_lon=p_lon,
        segments={k: v for k, v in seg.items() if k != "activity"},
        gaps=_subtract(gaps, v_cover),
        tz=routine.tz,
    )


# ---------------------------------------------------------------------------- intervals
#
# Planted visits can number tens of thousands (a delivery round is ~100 stops a day), so
# nothing here loops over visits with a full-array mask: intervals are sorted once and
# points are located with ``np.searchsorted``, O((N + V) log(N + V)).


def _group_indices(tag: np.ndarray, n_groups: int) -> list[np.ndarray]:
    """For k in range(n_groups): the ascending positions where ``tag == k``."""
    pos = np.flatnonzero(tag >= 0)
    order = np.argsort(tag[pos], kind="stable")
    counts = np.bincount(tag[pos], minlength=n_groups)[:n_groups]
    return np.split(pos[order], np.cumsum(counts)[:-1]) if n_groups else []


def _merge(iv: np.ndarray) -> np.ndarray:
    """Union of [start, end) intervals given sorted by start; touching ones are joined."""
    iv = np.asarray(iv, dtype=np.int64).reshape(-1, 2)
    if len(iv) == 0:
        return iv.copy()
    s, e = iv[:, 0], iv[:, 1]
    run = np.maximum.accumulate(e)
    new = np.concatenate([[True], s[1:] > run[:-1]])
    heads = np.flatnonzero(new)
    return np.stack([s[heads], np.maximum.reduceat(e, heads)], axis=1)


def _subtract(iv: np.ndarray, cut: np.ndarray) -> np.ndarray:
    """Intervals ``iv`` minus intervals ``cut`` (both sorted, disjoint); empty pieces dropped."""
    iv = np.asarray(iv, dtype=np.int64).reshape(-1, 2)
    cut = np.asarray(cut, dtype=np.int64).reshape(-1, 2)
    if len(cut) == 0 or len(iv) == 0:
        return iv.copy()
    out = []
    for s, e in iv.tolist():
        lo = int(np.searchsorted(cut[:, 1], s, side="right"))  # first cut ending after s
        hi = int(np.searchsorted(cut[:, 0], e, side="left"))  # cuts starting before e
        if hi <= lo:
            out.append([[s, e]])
            continue
        c = cut[lo:hi]
        starts = np.concatenate([[s], c[:, 1]])
        ends = np.concatenate([c[:, 0], [e]])
        starts = np.maximum(starts, s)
        ends = np.minimum(ends, e)
        ok = ends > starts
        out.append(np.stack([starts[ok], ends[ok]], axis=1))
    return np.concatenate([np.asarray(p, dtype=np.int64).reshape(-1, 2) for p in out]) if out else iv[:0].copy()


def _owner_segments(v_start: np.ndarray, v_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Elementary pieces of the visits' timeline and, per piece, the first-listed visit covering it.

    Returns (``bounds``, ``owner``): piece j is [bounds[j], bounds[j+1]) and ``owner[j]``
    is the smallest visit index whose window contains it, or -1. Disjoint visits (the
    usual case) take a vectorised path; overlapping ones a heap sweep over the 2V bounds.
    """
    idx = np.flatnonzero(v_end > v_start)
    s, e = v_start[idx], v_end[idx]
    order = np.argsort(s, kind="stable")
    s, e, idx = s[order], e[order], idx[order]
    if len(s) and np.all(s[1:] >= e[:-1]):
        bounds = np.empty(2 * len(s), dtype=np.int64)
        bounds[0::2], bounds[1::2] = s, e
        owner = np.full(2 * len(s) - 1, -1, dtype=np.int64)
        owner[0::2] = idx
        return bounds, owner  # bounds may repeat where visits touch: those pieces are empty
    import heapq

    bounds = np.unique(np.concatenate([s, e]))
    bs = np.searchsorted(bounds, s).tolist()
    be = np.searchsorted(bounds, e).tolist()
    ids = idx.tolist()
    owner = [-1] * max(len(bounds) - 1, 0)
    heap: list[tuple[int, int]] = []
    p, n = 0, len(ids)
    for j in range(len(owner)):
        while p < n and bs[p] == j:
            heapq.heappush(heap, (ids[p], be[p]))
            p += 1
        while heap and heap[0][1] <= j:
            heapq.heappop(heap)
        if heap:
            owner[j] = heap[0][0]
    return bounds, np.array(owner, dtype=np.int64)


def _visit_membership(ts: np.ndarray, v_start: np.ndarray, v_end: np.ndarray) -> np.ndarray:
    """Index of the (first-listed) planted visit containing each timestamp, or -1.

    Visits may be unsorted and overlapping; O((N + V) log(N + V)).
    """
    ts = np.asarray(ts, dtype=np.int64)
    out = np.full(ts.shape, -1, dtype=np.int64)
    if len(v_start) == 0 or ts.size == 0:
        return out
    bounds, owner = _owner_segments(np.asarray(v_start, np.int64), np.asarray(v_end, np.int64))
    if len(owner) == 0:
        return out
    j = np.searchsorted(bounds, ts, side="right") - 1
    ok = (j >= 0) & (j < len(owner))
    out[ok] = owner[j[ok]]
    return out


def _window_pairs(ts: np.ndarray, edges: np.ndarray, lo_off: int, hi_off: int) -> tuple[np.ndarray, np.ndarray]:
    """All (point, edge) pairs with ``ts + lo_off < edge <= ts + hi_off``.

    Returns (point index, edge index) arrays; ``edges`` need not be sorted.
    """
    order = np.argsort(edges, kind="stable")
    srt = edges[order]
    lo = np.searchsorted(srt, ts + lo_off, side="right")
    hi = np.searchsorted(srt, ts + hi_off, side="right")
    cnt = hi - lo
    pi = np.repeat(np.arange(len(ts), dtype=np.int64), cnt)
    first = np.cumsum(cnt) - cnt
    pos = lo[pi] + (np.arange(len(pi), dtype=np.int64) - first[pi])
    return pi, order[pos]


def _blend_legs(
    ts,
    lat,
    lon,
    act,
    v_start,
    v_end,
    v_lat,
    v_lon,
    routine: Routine,
    leg_ms: int = 1_200_000,
    *,
    has_pre=None,
    has_post=None,
):
    """Approach and departure legs: routine points within ``leg_ms`` before a visit's start
    are blended linearly towards it (weight 0 -> 1), and within ``leg_ms`` after its end away
    from it (1 -> 0); the activity becomes moving.

    A point inside several legs gets the blends one after another in visit order (for each
    visit the approach before the departure), exactly as a loop over visits would, but the
    (point, leg) pairs are found with ``searchsorted`` and applied in rounds: O(N + V + P)
    after sorting, P being the number of pairs. ``has_pre`` / ``has_post`` (bool per visit)
    switch legs off (chained visits).
    """
    lat, lon, act = lat.copy(), lon.copy(), act.copy()
    moving = _MODES["car" if routine.commute_mode == "car" else "walk"][2]
    ts = np.asarray(ts, dtype=np.int64)
    if len(v_start) == 0 or ts.size == 0:
        return lat, lon, act
    # approach: start - leg <= t < start  <=>  t < start <= t + leg
    pi, pk = _window_pairs(ts, v_start, 0, leg_ms)
    # departure: end <= t < end + leg  <=>  t - leg < end <= t
    qi, qk = _window_pairs(ts, v_end, -leg_ms, 0)
    if has_pre is not None:
        m = has_pre[pk]
        pi, pk = pi[m], pk[m]
    if has_post is not None:
        m = has_post[qk]
        qi, qk = qi[m], qk[m]
    i = np.concatenate([pi, qi])
    k = np.concatenate([pk, qk])
    phase = np.concatenate([np.zeros(len(pi), np.int8), np.ones(len(qi), np.int8)])
    if len(i) == 0:
        return lat, lon, act
    o = np.lexsort((phase, k, i))
    i, k, phase = i[o], k[o], phase[o]
    head = np.concatenate([[True], i[1:] != i[:-1]])
    starts = np.flatnonzero(head)
    rank = np.arange(len(i)) - np.repeat(starts, np.diff(np.append(starts, len(i))))
    by_rank = np.argsort(rank, kind="stable")
    cuts = np.cumsum(np.bincount(rank))[:-1]
    for sel in np.split(by_rank, cuts):
        ii, kk, pre = i[sel], k[sel], phase[sel] == 0
        w = np.where(pre, (ts[ii] - (v_start[kk] - leg_ms)) / leg_ms, 1 - ((ts[ii] - v_end[kk]) / leg_ms))
        lat[ii] = lat[ii] * (1 - w) + v_lat[kk] * w
        lon[ii] = lon[ii] * (1 - w) + v_lon[kk] * w
    act[i] = moving
    return lat, lon, act


def _chain_links(v_start: np.ndarray, v_end: np.ndarray, leg_ms: int) -> dict[str, np.ndarray]:
    """Join visits less than ``leg_ms`` apart (in time order, against the running latest end).

    Returns ``iv`` (k, 2) the travel intervals between joined visits (sorted, disjoint,
    non-empty), ``src``/``dst`` the visit indices each one goes from/to, and per visit
    ``has_pre``/``has_post``: only the first visit of a chain keeps its approach leg and
    only the one ending it keeps its departure leg.
    """
    n = len(v_start)
    order = np.argsort(v_start, kind="stable")
    s, e = v_start[order], v_end[order]
    run = np.maximum.accumulate(e)
    pos = np.arange(n)
    att = np.maximum.accumulate(np.where(e >= run, pos, 0))  # sorted position ending the cover
    gap = s[1:] - run[:-1]
    linked = gap < leg_ms
    head = np.concatenate([[True], ~linked])
    first_pos = np.flatnonzero(head)
    last_pos = np.append(first_pos[1:] - 1, n - 1)
    has_pre = np.zeros(n, dtype=bool)
    has_post = np.zeros(n, dtype=bool)
    has_pre[order[first_pos]] = True
    has_post[order[att[last_pos]]] = True
    travel = linked & (gap > 0)
    j = np.flatnonzero(travel)
    iv = np.stack([run[j], s[j + 1]], axis=1) if len(j) else np.zeros((0, 2), dtype=np.int64)
    return {
        "iv": iv.astype(np.int64),
        "src": order[att[j]],
        "dst": order[j + 1],
        "has_pre": has_pre,
        "has_post": has_post,
    }


def _chain_points(rng, links, v_lat, v_lon, travel_rate: float):
    """Travel points between joined visits: straight line, eased, at least one a minute."""
    iv = links["iv"]
    d = (iv[:, 1] - iv[:, 0]).astype(np.float64)
    n = rng.poisson(np.maximum(travel_rate * d, d / 60_000.0))
    c = np.repeat(np.arange(len(iv)), n)
    ts = iv[c, 0] + (rng.random(len(c)) * d[c]).astype(np.int64)
    f = np.clip((ts - iv[c, 0]) / np.maximum(d[c], 1.0), 0, 1)
    f = f * f * (3 - 2 * f)
    a, b = links["src"][c], links["dst"][c]
    lat = v_lat[a] + (v_lat[b] - v_lat[a]) * f
    lon = v_lon[a] + (v_lon[b] - v_lon[a]) * f
    hop = distance_m(v_lat[links["src"]], v_lon[links["src"]], v_lat[links["dst"]], v_lon[links["dst"]])
    act = np.where(hop > 300.0, _MODES["car"][2], _MODES["walk"][2]).astype(np.uint8)[c]
    return ts, lat, lon, act


# ---------------------------------------------------------------------------- look-alikes
#
# Benign owners whose planted visits resemble a stalker's on a map: many brief daytime
# stops at many addresses (a delivery driver), or the same place twice every school day
# (a parent on the school run). They produce Visit lists for simulate(..., extra_visits=).


def _local_days(start: datetime, days: int, tz: ZoneInfo) -> tuple[int, int, list[date]]:
    """(t0 ms, t1 ms, the local dates that overlap [start, start + days))."""
    t0 = _utc_ms(start)
    t1 = t0 + int(days) * _DAY_MS
    first = datetime.fromtimestamp(t0 / 1000, tz).date()
    last = datetime.fromtimestamp((t1 - 1) / 1000, tz).date()
    return t0, t1, [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _visit_at(tz: ZoneInfo, day: date, local_s: float, lat: float, lon: float, dwell_s: float, label: str) -> Visit:
    ms = _local_ms(tz, day, local_s)
    return Visit(float(lat), float(lon), datetime.fromtimestamp(ms / 1000, UTC), float(dwell_s), label)


def _in_window(visits: list[Visit], t0: int, t1: int) -> list[Visit]:
    return [v for v in visits if _utc_ms(v.start) >= t0 and _utc_ms(v.start) + round(v.dwell_s * 1000) <= t1]


def delivery_visits(
    rng: np.random.Generator,
    depot_lat: float,
    depot_lon: float,
    start: datetime,
    days: int,
    tz: str,
    *,
    radius_m: float = 6_000,
    stops_per_day: tuple[int, int] = (60, 120),
    pass_by=(),
) -> list[Visit]:
    """A delivery driver's working days as planted visits (a benign look-alike).

    The model, in local time (``tz``, via ``zoneinfo``):

    * workdays are Monday to Saturday, each one off with probability 0.1 (a day in
      ``pass_by`` is always worked, even a Sunday: rounds run seven days);
    * the shift starts at the depot around 07:30 (07:00-08:00) with 15-30 min of loading
      (a ``"depot"`` visit) and ends back there with 10-20 min of unloading (``"depot"``)
      by about 17:30 (17:00-18:00);
    * in between, a chain of ``stops_per_day`` drops (uniform, inclusive) at addresses in a
      disc of ``radius_m`` around the depot, clustered by street: 3-8 consecutive drops
      30-150 m apart along a street, then a drive of 0.5-3 km to the next street (turned
      back towards the depot when it would leave the area); each drop lasts 1-4 min
      (mostly about two; label ``"delivery stop"``);
    * between stops: on-street hops take ``15 s + d / 1.6 m/s``, drives
      ``60 s + 1.25 d / 8 m/s``, scaled by one factor a day (0.7-2.0) so the round fits the
      shift, and never 18 min or more, so that ``simulate(..., chain=True)`` joins all the
      stops of a day (depot to depot) into one trip whose travel shows as moving points;
      drops are cut from the end of the round (not below the minimum) when it does not fit;
    * ``pass_by`` is a list of ``(lat, lon, when)`` with ``when`` a list of aware
      datetimes: on each of those local dates one street of the round, in the middle of the
      day, starts with a drop 20-80 m from that point lasting 1-3 min (label ``"delivery
      pass-by"``) and continues away from it. That point is the address of someone in a
      case: the look-alike has a few brief daytime stops near it, never at night, never long.

    Returns the visits in time order, only those wholly inside ``[start, start + days)``.
    """
    zone = ZoneInfo(tz)
    lo_n, hi_n = int(stops_per_day[0]), int(stops_per_day[1])
    if not 1 <= lo_n <= hi_n:
        raise ValueError("stops_per_day must be (min, max) with 1 <= min <= max")
    t0, t1, day_list = _local_days(start, days, zone)
    passes: dict[date, list[tuple[float, float]]] = {}
    for p_lat, p_lon, when in pass_by:
        for w in when:
            if w.tzinfo is None:
                raise ValueError("pass_by datetimes must be timezone-aware")
            passes.setdefault(w.astimezone(zone).date(), []).append((float(p_lat), float(p_lon)))
    out: list[Visit] = []
    for day in day_list:
        off = rng.random() < 0.1
        here = passes.get(day, [])
        if not here and (off or day.weekday() == 6):
            continue
        out.extend(_delivery_day(rng, zone, day, depot_lat, depot_lon, radius_m, lo_n, hi_n, here))
    return _in_window(out, t0, t1)


def _delivery_day(rng, zone, day, depot_lat, depot_lon, radius_m, lo_n, hi_n, passes) -> list[Visit]:
    shift_s = float(np.clip(rng.normal(7.5, 0.2), 7.0, 8.0)) * 3600
    load_s = rng.uniform(15, 30) * 60
    end_s = float(np.clip(rng.normal(17.5, 0.2), 17.0, 18.0)) * 3600
    unload_s = rng.uniform(10, 20) * 60
    n = int(rng.integers(lo_n, hi_n + 1))

    # streets: sizes 3-8, the last one trimmed to n drops in all
    sizes: list[int] = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(3, 9)))
    sizes[-1] -= sum(sizes) - n
    n_streets = len(sizes)
    # streets that start at a pass-by point: distinct ones in the middle of the round
    mid = np.arange(int(0.3 * n_streets), max(int(0.7 * n_streets), int(0.3 * n_streets) + 1))
    pool = mid if len(mid) >= len(passes) else np.arange(n_streets)
    chosen = rng.choice(pool, size=min(len(passes), len(pool)), replace=False) if passes else []
    pass_at = {int(j): passes[i] for i, j in enumerate(chosen)}

    lats, lons, labels, dwell, same_street = [], [], [], [], []
    cur = (float(depot_lat), float(depot_lon))
    for j, size in enumerate(sizes):
        if j in pass_at:
            p_lat, p_lon = pass_at[j]
            b = rng.uniform(0, 2 * math.pi)
            lat, lon = offset(p_lat, p_lon, rng.uniform(20, 80), b)
            heading = b  # on along the street, away from the point
        else:
            d, b = rng.uniform(500, 3_000), rng.uniform(0, 2 * math.pi)
            lat, lon = offset(*cur, d, b)
            if float(distance_m(lat, lon, depot_lat, depot_lon)) > radius_m:
                back = math.atan2(
                    (depot_lon - cur[1]) * math.cos(math.radians(cur[0])), depot_lat - cur[0]
                )
                lat, lon = offset(*cur, d, back + rng.uniform(-1.0, 1.0))
            heading = rng.uniform(0, 2 * math.pi)
        for i in range(size):
            if i:
                side = rng.uniform(-12, 12)  # across the road
                lat, lon = offset(lat, lon, rng.uniform(30, 150), heading + math.atan2(side, 90.0))
            first_pass = i == 0 and j in pass_at
            lats.append(lat)
            lons.append(lon)
            labels.append("delivery pass-by" if first_pass else "delivery stop")
            dwell.append(rng.uniform(60, 180) if first_pass else 60 + 180 * rng.beta(1.3, 2.5))
            same_street.append(i > 0)
        cur = (lat, lon)

    lat_a, lon_a = np.array(lats), np.array(lons)
    dwell_a = np.array(dwell)
    street = np.array(same_street)
    prev_lat = np.concatenate([[depot_lat], lat_a[:-1]])
    prev_lon = np.concatenate([[depot_lon], lon_a[:-1]])
    hop_d = distance_m(prev_lat, prev_lon, lat_a, lon_a)
    hop = np.where(street, 15 + hop_d / 1.6, 60 + 1.25 * hop_d / 8.0)
    back_d = distance_m(lat_a, lon_a, depot_lat, depot_lon)
    back = 60 + 1.25 * back_d / 8.0
    begin, finish = shift_s + load_s, end_s - unload_s

    # fit the round into the shift: one speed factor a day, drops cut from the end if need be
    keep = len(lats)
    protected = max([i for i, s in enumerate(labels) if s == "delivery pass-by"], default=-1)
    while True:
        travel = hop[:keep].sum() + back[keep - 1]
        factor = (finish - begin - dwell_a[:keep].sum()) / travel
        if factor >= 0.7 or keep <= max(lo_n, protected + 1):
            break
        keep -= 1
    factor = float(np.clip(factor, 0.5, 2.0))
    cap = 1_080.0  # < the 20-min leg, so simulate(chain=True) links every stop
    hop_s = np.minimum(hop[:keep] * factor, cap)
    back_s = min(float(back[keep - 1]) * factor, cap)

    out = [_visit_at(zone, day, shift_s, depot_lat, depot_lon, load_s, "depot")]
    t = begin
    for i in range(keep):
        t += float(hop_s[i])
        out.append(_visit_at(zone, day, t, lats[i], lons[i], float(dwell_a[i]), labels[i]))
        t += float(dwell_a[i])
    t += back_s
    out.append(_visit_at(zone, day, t, depot_lat, depot_lon, unload_s, "depot"))
    return out


def _easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _weekday_on_or_after(d: date, weekday: int) -> date:
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def _weekday_on_or_before(d: date, weekday: int) -> date:
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def uk_school_terms(first: date, last: date) -> list[tuple[date, date]]:
    """Typical English state-school term blocks (inclusive dates) overlapping [first, last].

    Per academic year starting in September of year Y (rules that reproduce most local
    authorities' calendars to within a few days):

    * autumn: the first weekday on or after 3 Sep to the Friday on or before 20 Dec, with
      half-term the week of the last Monday in October;
    * spring: the first weekday on or after 4 Jan to the Friday before the Easter holiday
      (the two weeks from the Monday of Good Friday's week), half-term the week of the
      Monday on or after 12 Feb;
    * summer: the Monday after the Easter holiday to the last weekday on or before 22 Jul,
      half-term the week of the last Monday in May, and the early-May bank holiday (first
      Monday of May) off.

    Weekends inside a block are not school days; callers keep Monday-Friday only.
    """
    out: list[tuple[date, date]] = []
    for y in range(first.year - 1, last.year + 1):
        ny = y + 1
        a_start = date(y, 9, 3)
        while a_start.weekday() >= 5:
            a_start += timedelta(days=1)
        a_end = _weekday_on_or_before(date(y, 12, 20), 4)
        a_half = _weekday_on_or_before(date(y, 10, 31), 0)
        s_start = date(ny, 1, 4)
        while s_start.weekday() >= 5:
            s_start += timedelta(days=1)
        easter = _easter(ny)
        hol = _weekday_on_or_before(easter - timedelta(days=2), 0)  # Monday of Good Friday's week
        s_end = hol - timedelta(days=3)
        s_half = _weekday_on_or_after(date(ny, 2, 12), 0)
        u_start = hol + timedelta(days=14)
        u_end = date(ny, 7, 22)
        while u_end.weekday() >= 5:
            u_end -= timedelta(days=1)
        u_half = _weekday_on_or_before(date(ny, 5, 31), 0)
        may_bh = _weekday_on_or_after(date(ny, 5, 1), 0)
        blocks = [
            (a_start, a_half - timedelta(days=3)),
            (a_half + timedelta(days=7), a_end),
            (s_start, s_half - timedelta(days=3)),
            (s_half + timedelta(days=7), s_end),
            (u_start, may_bh - timedelta(days=1)),
            (may_bh + timedelta(days=1), u_half - timedelta(days=3)),
            (u_half + timedelta(days=7), u_end),
        ]
        out.extend((s, e) for s, e in blocks if s <= e and e >= first and s <= last)
    return out


def school_run_visits(
    rng: np.random.Generator,
    school_lat: float,
    school_lon: float,
    start: datetime,
    days: int,
    tz: str,
    *,
    term_dates=None,
) -> list[Visit]:
    """A parent's school run as planted visits (a benign look-alike of a family-locator app).

    On every term-time weekday (``term_dates``: inclusive ``(first, last)`` date pairs,
    default :func:`uk_school_terms`), in local time (``tz``, via ``zoneinfo``, so the
    times hold across a clock change):

    * drop-off: arrive 08:30-08:50, stay 5-12 min (label ``"school drop-off"``);
    * pick-up: arrive 15:05-15:25, stay 5-15 min (label ``"school pick-up"``);
    * each at a parking spot 5-50 m from the school point, a different one each time;
    * the other parent does the whole day with probability 0.1, and one of the two runs
      with probability 0.05 each.

    Regular daytime visits near a place a case file could name: routine, not stalking.
    Returns the visits in time order, only those wholly inside ``[start, start + days)``.
    """
    zone = ZoneInfo(tz)
    t0, t1, day_list = _local_days(start, days, zone)
    terms = list(term_dates) if term_dates is not None else uk_school_terms(day_list[0], day_list[-1])
    out: list[Visit] = []
    for day in day_list:
        if day.weekday() >= 5 or not any(a <= day <= b for a, b in terms):
            continue
        u = rng.random(3)
        spots = [offset(school_lat, school_lon, rng.uniform(5, 50), rng.uniform(0, 2 * math.pi)) for _ in range(2)]
        t_drop = rng.uniform(8.5, 8.5 + 20 / 60) * 3600
        t_pick = rng.uniform(15 + 5 / 60, 15 + 25 / 60) * 3600
        d_drop, d_pick = rng.uniform(5, 12) * 60, rng.uniform(5, 15) * 60
        if u[0] < 0.1:
            continue
        if u[1] >= 0.05:
            out.append(_visit_at(zone, day, t_drop, *spots[0], d_drop, "school drop-off"))
        if u[2] >= 0.05:
            out.append(_visit_at(zone, day, t_pick, *spots[1], d_pick, "school pick-up"))
    return _in_window(out, t0, t1)
