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

Everything is vectorised with numpy except the per-day plan (a few scalar draws a day):
five million points take a few seconds. Deterministic for a given generator state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

SOURCES = ("GPS", "WIFI", "CELL")
"""Location source names, as Google writes them in ``Records.json``."""
ACTIVITIES = ("STILL", "WALKING", "ON_BICYCLE", "IN_VEHICLE")
"""Detected-activity names (Android ``DetectedActivity``) indexed by :attr:`Track.activity`."""

_M_PER_DEG = 111_320.0
_HOUR_MS = 3_600_000
_DAY_MS = 86_400_000

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
) -> Track:
    """Simulate ``days`` days of location history from ``start`` (an aware UTC datetime).

    ``points_per_day`` is the mean number of points a day while the phone is recording
    (gaps remove more). ``extra_visits`` are planted :class:`Visit` objects; their point
    indices are in :attr:`Track.visit_indices`.
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
    v_start = np.array([_utc_ms(v.start) for v in visits], dtype=np.int64)
    v_end = v_start + np.array([round(v.dwell_s * 1000) for v in visits], dtype=np.int64)
    v_lat = np.array([v.lat for v in visits], dtype=np.float64)
    v_lon = np.array([v.lon for v in visits], dtype=np.float64)
    day_rate = rate  # points per ms at a daytime stay
    vi_list, vts_list = [], []
    for k in range(len(visits)):
        d = float(v_end[k] - v_start[k])
        # a phone arriving somewhere new reports every minute or two
        n = max(3, int(rng.poisson(max(day_rate * d, d / 90_000.0))))
        vts_list.append(v_start[k] + (rng.random(n) * d).astype(np.int64))
        vi_list.append(np.full(n, k, dtype=np.int64))

    # --- drop gap points (never inside planted visits) and routine points inside visits
    v_iv = np.stack([v_start, v_end], axis=1) if visits else np.zeros((0, 2), dtype=np.int64)
    v_iv_sorted = v_iv[np.argsort(v_iv[:, 0], kind="stable")] if visits else v_iv
    in_visit = _visit_membership(ts, v_start, v_end)
    drop = (in_visit >= 0) | (_in_intervals(ts, gaps) & ~_in_intervals(ts, _merge(v_iv_sorted)))
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

    # approach/leave legs: blend the routine track towards/away from each visit (20 min)
    if visits:
        lat, lon, act = _blend_legs(ts, lat, lon, act, v_start, v_end, v_lat, v_lon, routine)

    # --- append visit points
    if visits:
        vts = np.concatenate(vts_list)
        vk = np.concatenate(vi_list)
        ts = np.concatenate([ts, vts])
        lat = np.concatenate([lat, v_lat[vk]])
        lon = np.concatenate([lon, v_lon[vk]])
        jitter = np.concatenate([jitter, np.full(len(vk), 10.0)])
        is_trav = np.concatenate([is_trav, np.zeros(len(vk), dtype=bool)])
        act = np.concatenate([act, np.zeros(len(vk), dtype=np.uint8)])
        tag = np.concatenate([np.full(len(si), -1, dtype=np.int64), vk])
    else:
        tag = np.full(len(ts), -1, dtype=np.int64)

    order = np.argsort(ts, kind="stable")
    ts, lat, lon, jitter, is_trav, act, tag = (x[order] for x in (ts, lat, lon, jitter, is_trav, act, tag))

    # --- sources, accuracies and noise
    n = len(ts)
    src, acc = _accuracy(rng, n, is_trav)
    sigma = np.sqrt((acc.astype(np.float64) / 1.51) ** 2 + (jitter / 2) ** 2)
    noise = rng.standard_normal((2, n)) * sigma
    lat = lat + noise[0] / _M_PER_DEG
    lon = lon + noise[1] / (_M_PER_DEG * np.cos(np.radians(lat)))

    visit_indices = [np.flatnonzero(tag == k) for k in range(len(visits))]
    return Track(
        ts_ms=ts.astype(np.int64),
        lat=lat,
        lon=lon,
        accuracy_m=acc,
        source=np.asarray(SOURCES, dtype="<U4")[src],
        activity=act.astype(np.uint8),
        visit_indices=visit_indices,
        place_names=tuple(names),
        place_lat=p_lat,
        place_lon=p_lon,
        segments={k: v for k, v in seg.items() if k != "activity"},
        gaps=_subtract(gaps, _merge(v_iv_sorted)),
        tz=routine.tz,
    )


def _merge(iv: np.ndarray) -> np.ndarray:
    if len(iv) == 0:
        return iv.reshape(0, 2).astype(np.int64)
    out = [list(iv[0])]
    for s, e in iv[1:]:
        if s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return np.array(out, dtype=np.int64)


def _subtract(iv: np.ndarray, cut: np.ndarray) -> np.ndarray:
    """Intervals ``iv`` minus intervals ``cut`` (both sorted, disjoint)."""
    out = []
    for s, e in iv.tolist():
        pieces = [(s, e)]
        for cs, ce in cut.tolist():
            nxt = []
            for ps, pe in pieces:
                if ce <= ps or cs >= pe:
                    nxt.append((ps, pe))
                    continue
                if ps < cs:
                    nxt.append((ps, cs))
                if ce < pe:
                    nxt.append((ce, pe))
            pieces = nxt
        out.extend(pieces)
    return np.array(out, dtype=np.int64).reshape(-1, 2)


def _visit_membership(ts: np.ndarray, v_start: np.ndarray, v_end: np.ndarray) -> np.ndarray:
    """Index of the (first) planted visit containing each timestamp, or -1."""
    out = np.full(ts.shape, -1, dtype=np.int64)
    for k in range(len(v_start) - 1, -1, -1):
        out[(ts >= v_start[k]) & (ts < v_end[k])] = k
    return out


def _blend_legs(ts, lat, lon, act, v_start, v_end, v_lat, v_lon, routine: Routine, leg_ms: int = 1_200_000):
    lat, lon, act = lat.copy(), lon.copy(), act.copy()
    moving = _MODES["car" if routine.commute_mode == "car" else "walk"][2]
    for k in range(len(v_start)):
        pre = (ts >= v_start[k] - leg_ms) & (ts < v_start[k])
        w = ((ts[pre] - (v_start[k] - leg_ms)) / leg_ms)
        lat[pre] = lat[pre] * (1 - w) + v_lat[k] * w
        lon[pre] = lon[pre] * (1 - w) + v_lon[k] * w
        act[pre] = moving
        post = (ts >= v_end[k]) & (ts < v_end[k] + leg_ms)
        w = 1 - ((ts[post] - v_end[k]) / leg_ms)
        lat[post] = lat[post] * (1 - w) + v_lat[k] * w
        lon[post] = lon[post] * (1 - w) + v_lon[k] * w
        act[post] = moving
    return lat, lon, act
