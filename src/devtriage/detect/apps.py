"""Apps: stalkerware on the phone, and tracker / location-sharing apps in use.

Every app of the ``apps`` table (installed packages) and of the ``app_events`` table (app
usage: an app may be seen only there, as on an iPhone whose install list was not
extracted) is matched, by its exact package name or bundle id (case-insensitive), against

* the built-in list ``app_indicators.toml`` beside this module: a curated set of
  stalkerware and dual-use tracker / family-locator / find-my apps, each id with the
  public list it comes from (AssoEchap stalkerware-indicators ``ioc.yaml`` and
  ``watchware.yaml``, ISDI ``app-flags.csv``; see the file's header);
* indicator files the user passes (``devtriage scan --indicators PATH``), loaded with
  :func:`load_indicators` *before* the detector runs (detectors do no I/O): the AssoEchap
  ``ioc.yaml`` / ``watchware.yaml`` layout (``packages``, ``ios_bundles`` and
  ``certificates`` -- the SHA-1 of the signing certificate, matched against the
  ``cert_sha1`` column of ``android_packages``) and the ISDI ``app-flags.csv`` layout
  (``appId, store, flag, title``). An id in the built-in list keeps its built-in entry;
  among the files, a stalkerware entry wins over a tracker entry for the same id.

Kinds and indicators: ``stalkerware`` (AssoEchap ``type: stalkerware``, ISDI
``stalkerware``, and ISDI ``spyware`` distributed off-store) -> ``apps.stalkerware``;
``watchware`` (monitoring / family locators), ``dual-use`` (ISDI: location sharing, phone
trackers), ``spyware`` from a store, and ``device finder`` (the platform's own find-my app,
preinstalled on most phones: reported only when it was used) -> ``apps.tracker``.

Scores (0-1):

* ``apps.stalkerware``: 0.8 for the app being there; +0.1 when it was sideloaded (installer
  a package installer, or none recorded for a user app); +0.1 when its package name
  poses as a system component (``com.android.*``, ``android.*``, names with ``system``,
  ``service``, ``update``, ``framework``, ``settings``, ...). The finding's side is ``in``:
  on the phone of the person being watched.
* ``apps.tracker``: ``0.9 c min(1, b + 0.2 u + 0.2 v + 0.25 r + 0.3 p)`` (a dual-use app
  never reaches the certainty of a stalkerware find) where ``b`` is 0.25
  (0.1 for a device finder); ``u = 1 - exp(-n / 15)`` for ``n`` foreground sessions;
  ``v = 1 - exp(-x / 3)`` for ``x``, the night sessions (00:00-06:00 in the case's time
  zone) beyond what the owner's use of all apps at night would give (``n`` times the
  device's own night share): a tracker opened at night more than the phone is otherwise
  used at night; ``r`` is 1 when the app was installed while the phone was already in
  use (at least :data:`RECENT_DAYS` days after the device's earliest message, call or app
  event: a tracker that arrived during the period, as after a break-up, rather than a
  long-standing family app); ``p = 1 - exp(-y / 3)`` for ``y``, the sessions followed
  within :data:`BEFORE_VISIT_S` by the owner's location inside one of the case's places,
  less the number chance alone gives (the sessions times the share of the location
  record's span that such windows cover: a parent on a daily school run opens a family
  locator before many visits by chance); needs a case file with places and a
  ``locations`` table. ``c`` is 1 for built-in entries
  and 0.5 for entries only in user files (ISDI's dual-use list holds thousands of
  ordinary apps with a location feature). Side ``out``: the owner tracks someone.

Findings carry the app id as ``subject``, the product as ``name``, ``side``, ``count``
(foreground sessions) and ``details`` (JSON: kind, sources, install time, installer,
sessions, night sessions and baseline, ...). Evidence: the app's ``apps`` rows, then its
foreground ``app_events`` rows: the night sessions first, then the others, each in time
order (at most :data:`MAX_EVIDENCE` rows), so that a shortlist showing the first few
shows the night use.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..case import DEFAULT, Case
from .base import findings

NAME = "apps"
INPUTS = {
    "apps": ("app", "name", "installed_ts", "source"),
    "app_events": ("ts", "app", "event"),
    "messages": ("ts",),
    "calls": ("ts",),
    "locations": ("ts", "lat", "lon"),
}
INDICATORS = ("apps.stalkerware", "apps.tracker")
MAX_EVIDENCE = 2000
EXTRA = [pa.field("name", pa.string()), pa.field("side", pa.string()), pa.field("count", pa.int64()),
         pa.field("details", pa.string())]

KINDS = {"stalkerware": "apps.stalkerware", "watchware": "apps.tracker", "dual-use": "apps.tracker",
         "spyware": "apps.tracker", "device finder": "apps.tracker"}
_KIND_LABEL = {"stalkerware": "stalkerware", "watchware": "monitoring / family-locator app",
               "dual-use": "dual-use tracker", "spyware": "monitoring app", "device finder": "device finder"}
_STORES = {"com.android.vending": "Google Play", "com.sec.android.app.samsungapps": "Galaxy Store",
           "com.amazon.venezia": "Amazon Appstore", "com.huawei.appmarket": "Huawei AppGallery",
           "com.xiaomi.market": "Xiaomi GetApps", "com.xiaomi.mipicks": "Xiaomi GetApps",
           "com.heytap.market": "OPPO App Market", "com.oppo.market": "OPPO App Market",
           "com.bbk.appstore": "vivo App Store", "org.fdroid.fdroid": "F-Droid"}
_DISGUISE_PREFIX = ("com.android.", "android.", "com.google.android.", "com.sec.android.", "com.samsung.android.",
                    "system.", "core.", "sys.")
_DISGUISE_WORDS = re.compile(r"(?:^|[._])(?:system|systemservice|service|services|update|framework|settings?|sys|"
                             r"core|helper|process|keyboardhelper|wifiset|dialer|telephony|internet|play)(?:$|[._])",
                             re.I)
NIGHT = (0, 6)  # local hours [start, end)
RECENT_DAYS = 7
#: A tracker is dual-use: its use alone never reaches the certainty of a stalkerware find.
TRACKER_MAX = 0.9
BEFORE_VISIT_S = 2 * 3600
_EARTH_M = 6_371_008.8


@dataclass(frozen=True)
class Entry:
    """One listed app id."""

    app_id: str
    product: str
    kind: str  # a key of KINDS
    source: str  # the list it comes from (short citation)
    builtin: bool = False

    @property
    def indicator(self) -> str:
        return KINDS[self.kind]


@dataclass
class Indicators:
    """Listed apps by lower-cased id, and by signing-certificate SHA-1 (upper-case hex)."""

    by_id: dict[str, Entry] = field(default_factory=dict)
    by_cert: dict[str, Entry] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, e: Entry, cert: str | None = None) -> None:
        book, key = (self.by_cert, cert.upper()) if cert else (self.by_id, e.app_id.lower())
        old = book.get(key)
        if old is None or (not old.builtin and e.indicator == "apps.stalkerware" and old.indicator != e.indicator):
            book[key] = e

    def __len__(self) -> int:
        return len(self.by_id)


# --- the built-in list and the user's indicator files ----------------------------------------


def builtin() -> Indicators:
    """The curated list shipped in ``app_indicators.toml``."""
    data = tomllib.loads(resources.files(__package__).joinpath("app_indicators.toml").read_text("utf-8"))
    out = Indicators()
    for a in data["app"]:
        src = ", ".join(a["sources"])
        for i in a["ids"]:
            out.add(Entry(i, a["product"], a["kind"], src, builtin=True))
    return out


def _scalar(s: str) -> str:
    s = s.strip()
    if " #" in s and not s.startswith(("'", '"')):
        s = s.split(" #", 1)[0].rstrip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        s = s[1:-1]
    return s


def parse_echap_yaml(text: str) -> list[dict]:
    """The AssoEchap ``ioc.yaml`` / ``watchware.yaml`` layout: a top-level list of
    mappings whose values are scalars, lists of scalars or (``c2``) mappings of lists.

    A small reader for exactly that layout (no YAML dependency); nested mappings are
    skipped. Returns one dict per entry (``name``, ``type``, ``packages``, ...).
    """
    entries: list[dict] = []
    cur: dict | None = None
    key: str | None = None  # the current top-level key collecting a list
    key_indent = 0
    nested = False
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        s = raw.strip()
        if indent == 0 and s.startswith("- "):
            cur = {}
            entries.append(cur)
            key, nested = None, False
            s, indent = s[2:].strip(), 2
        elif indent == 0:
            raise ValueError(f"not the AssoEchap indicator layout (top level is not a list): {raw[:60]!r}")
        if cur is None:
            continue
        if s.startswith("- ") or s == "-":
            if key is not None and not nested:
                cur[key].append(_scalar(s[1:]))
            continue
        if ":" not in s:
            continue
        k, _, v = s.partition(":")
        k, v = k.strip(), v.strip()
        if indent <= 2 or (key is not None and indent <= key_indent):
            nested = False
            if v:
                cur[k], key = _scalar(v), None
            else:
                cur[k], key, key_indent = [], k, indent
        else:
            nested = True  # a mapping inside the current key (c2: ips / domains)
            if key is not None and isinstance(cur.get(key), list) and not cur[key]:
                cur[key] = {}
    return entries


def _from_echap(text: str, label: str, ind: Indicators) -> int:
    n = 0
    for e in parse_echap_yaml(text):
        product = e.get("name") or "?"
        typ = str(e.get("type") or "stalkerware").lower()
        kind = "stalkerware" if typ == "stalkerware" else "watchware"
        for key in ("packages", "ios_bundles"):
            for i in e.get(key) or []:
                if isinstance(i, str) and i:
                    ind.add(Entry(i, product, kind, label))
                    n += 1
        for c in e.get("certificates") or []:
            if isinstance(c, str) and re.fullmatch(r"[0-9A-Fa-f]{40}", c):
                ind.add(Entry(f"certificate {c.upper()}", product, kind, label), cert=c)
    return n


def _from_isdi(text: str, label: str, ind: Indicators) -> int:
    n = 0
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"appId", "flag"} <= set(reader.fieldnames):
        raise ValueError("not the ISDI app-flags.csv layout (columns appId, store, flag, title)")
    for r in reader:
        app, flag, store = (r.get("appId") or "").strip(), (r.get("flag") or "").strip().lower(), (r.get("store") or "").lower()
        if not app:
            continue
        if flag == "stalkerware" or (flag == "spyware" and store == "offstore"):
            kind = "stalkerware"
        elif flag in ("dual-use", "spyware"):
            kind = "dual-use" if flag == "dual-use" else "spyware"
        else:
            continue
        ind.add(Entry(app, (r.get("title") or "").strip() or app, kind, f"{label} ({flag})"))
        n += 1
    return n


def load_indicators(paths: Iterable[str | Path], base: Indicators | None = None) -> Indicators:
    """The built-in list (or ``base``) plus the indicator files at ``paths``.

    The format is recognised by content (an ISDI header ``appId,store,flag,title``, else
    the AssoEchap YAML layout). A file that cannot be read or parsed is skipped with a
    message in ``warnings`` (for the manifest); the others are still loaded.
    """
    ind = base if base is not None else builtin()
    for p in paths:
        p = Path(p)
        label = p.name
        try:
            text = p.read_text("utf-8-sig")
            first = text.lstrip().split("\n", 1)[0]
            if "appId" in first and "flag" in first:
                n = _from_isdi(text, f"ISDI {label}", ind)
            else:
                n = _from_echap(text, f"AssoEchap {label}", ind)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            ind.warnings.append(f"indicator file {p}: not read ({type(exc).__name__}: {exc})")
            continue
        ind.files.append(str(p))
        if not n:
            ind.warnings.append(f"indicator file {p}: no app ids found")
    return ind


_BUILTIN: Indicators | None = None


def _indicators(arg) -> Indicators:
    global _BUILTIN
    if isinstance(arg, Indicators):
        return arg
    if arg:
        return load_indicators(arg)  # paths given directly: convenient for tests and the API
    if _BUILTIN is None:
        _BUILTIN = builtin()
    return _BUILTIN


# --- the detector ---------------------------------------------------------------------------------


def disguised(app_id: str) -> bool:
    """True when a package name poses as a system component."""
    a = app_id.lower()
    return a.startswith(_DISGUISE_PREFIX) or bool(_DISGUISE_WORDS.search(a))


def _col(t: pa.Table | None, name: str, typ: pa.DataType):
    if t is None or name not in t.column_names:
        return pa.nulls(0 if t is None else t.num_rows, typ)
    return t.column(name).combine_chunks()


def _date(ts: dt.datetime | None) -> str | None:
    return None if ts is None else f"{ts.day} {ts.strftime('%b %Y')}"


def _installer_text(installer: str | None, source: str | None, system: bool | None) -> str:
    if installer in _STORES:
        return f"from {_STORES[installer]}"
    if source == "sideload":
        return f"sideloaded ({installer})"
    if installer:
        return f"installed by {installer}"
    if source == "system" or system:
        return "preinstalled"
    if source == "unknown":
        return "installer not recorded (adb or unknown)"
    return ""


def _local_hours(ts: pa.Array, tz: str) -> np.ndarray:
    if len(ts) == 0:
        return np.zeros(0, np.int64)
    local = pc.local_timestamp(ts.cast(pa.timestamp("ms", tz=tz)))
    return pc.fill_null(pc.hour(local), -1).to_numpy(zero_copy_only=False).astype(np.int64)


def _ms(t: pa.Table | None, name: str = "ts") -> np.ndarray:
    if t is None or name not in t.column_names or t.num_rows == 0:
        return np.zeros(0, np.int64)
    c = pc.drop_null(t.column(name).combine_chunks())
    return pc.cast(c, pa.int64()).to_numpy(zero_copy_only=False) if len(c) else np.zeros(0, np.int64)


def _earliest(tables: dict[str, pa.Table]) -> int | None:
    firsts = [int(a.min()) for a in (_ms(tables.get(n)) for n in ("messages", "calls", "app_events")) if len(a)]
    return min(firsts) if firsts else None


def _at_places(tables: dict[str, pa.Table], case: Case) -> tuple[np.ndarray, tuple[int, int] | None]:
    """Times (sorted, Unix ms) of location points inside any case place, and the span
    (first, last) of all location points; empty / None without places or locations."""
    loc = tables.get("locations")
    none = (np.zeros(0, np.int64), None)
    if not case.places or loc is None or loc.num_rows == 0 or not {"ts", "lat", "lon"} <= set(loc.column_names):
        return none
    t = loc.select(["ts", "lat", "lon"])
    t = t.filter(pc.and_(pc.and_(pc.is_valid(t["ts"]), pc.is_valid(t["lat"])), pc.is_valid(t["lon"])))
    if t.num_rows == 0:
        return none
    ts = pc.cast(t["ts"].combine_chunks(), pa.int64()).to_numpy(zero_copy_only=False)
    lat = np.radians(t["lat"].to_numpy())
    lon = np.radians(t["lon"].to_numpy())
    inside = np.zeros(len(ts), bool)
    for p in case.places:
        plat, plon = math.radians(p.lat), math.radians(p.lon)
        h = np.sin((lat - plat) / 2) ** 2 + math.cos(plat) * np.cos(lat) * np.sin((lon - plon) / 2) ** 2
        inside |= 2 * _EARTH_M * np.arcsin(np.sqrt(np.minimum(h, 1.0))) <= p.radius_m
    return np.sort(ts[inside]), (int(ts.min()), int(ts.max()))


def _before_visits(starts: np.ndarray, at_place: np.ndarray, span: tuple[int, int] | None) -> tuple[int, float]:
    """(sessions followed within BEFORE_VISIT_S by a point inside a case place, how many
    of them chance alone would give: the sessions inside the location span times the
    share of that span covered by the BEFORE_VISIT_S windows before such points)."""
    if not len(at_place) or not len(starts) or span is None:
        return 0, 0.0
    w = BEFORE_VISIT_S * 1000
    i = np.searchsorted(at_place, starts, side="left")
    j = np.searchsorted(at_place, starts + w, side="right")
    k = int((j > i).sum())
    covered = float(np.minimum(np.diff(at_place, prepend=at_place[0] - w), w).sum())
    length = max(span[1] - span[0] + w, 1)
    within = int(((starts >= span[0] - w) & (starts <= span[1])).sum())
    return k, within * min(1.0, covered / length)


def run(tables: dict[str, pa.Table], case: Case | None = None, device: str = "", indicators=()) -> pa.Table:
    """Findings ``apps.stalkerware`` / ``apps.tracker`` (see the module docstring).

    ``indicators``: an :class:`Indicators` from :func:`load_indicators` (what ``scan``
    passes), or indicator file paths (loaded here), or nothing for the built-in list.
    """
    case = case or DEFAULT
    ind = _indicators(indicators)
    apps = tables.get("apps")
    ev = tables.get("app_events")
    a_app = _col(apps, "app", pa.string()).to_pylist()
    a_cert = _col(apps, "cert_sha1", pa.string()).to_pylist()
    e_app = _col(ev, "app", pa.string())
    e_event = _col(ev, "event", pa.string())
    e_ts = _col(ev, "ts", pa.timestamp("ms", tz="UTC"))

    # which apps are listed
    hits: dict[str, tuple[Entry, str]] = {}  # lower id -> (entry, how matched)
    for a, certs in zip(a_app, a_cert):
        if not a:
            continue
        e = ind.by_id.get(a.lower())
        if e is not None:
            hits.setdefault(a.lower(), (e, "id"))
        elif certs:
            for c in certs.split(";"):
                ce = ind.by_cert.get(c.upper())
                if ce is not None:
                    hits.setdefault(a.lower(), (ce, f"signing certificate {c.upper()}"))
                    break
    ev_ids = set(pc.unique(e_app).to_pylist()) - {None} if len(e_app) else set()
    for a in ev_ids:
        e = ind.by_id.get(a.lower())
        if e is not None:
            hits.setdefault(a.lower(), (e, "id"))
    if not hits:
        return findings([], EXTRA)

    # foreground sessions: local hours and the device's own night share
    fg = np.asarray(pc.fill_null(pc.equal(e_event, "foreground"), False).to_numpy(zero_copy_only=False), bool) \
        if len(e_event) else np.zeros(0, bool)
    hours = _local_hours(e_ts, case.timezone)
    is_night = (hours >= NIGHT[0]) & (hours < NIGHT[1])
    n_fg = int(fg.sum())
    baseline = float((fg & is_night).sum()) / n_fg if n_fg else 0.0
    e_lower = pc.utf8_lower(e_app) if len(e_app) else e_app
    ts_ms = pc.cast(e_ts, pa.int64()).to_numpy(zero_copy_only=False) if len(e_ts) else np.zeros(0, np.int64)

    earliest = _earliest(tables)
    at_place, span = _at_places(tables, case)
    a_lower = [a.lower() if a else None for a in a_app]
    inst = _col(apps, "installed_ts", pa.timestamp("ms", tz="UTC")).to_pylist()
    installer = _col(apps, "installer", pa.string()).to_pylist()
    source = _col(apps, "source", pa.string()).to_pylist()
    system = _col(apps, "system", pa.bool_()).to_pylist()
    src_table = _col(apps, "src_table", pa.string()).to_pylist()

    rows = []
    for key in sorted(hits):
        entry, how = hits[key]
        arows = [i for i, a in enumerate(a_lower) if a == key]
        arows.sort(key=lambda i: (src_table[i] != "package", i))  # packages.xml rows first
        app_id = a_app[arows[0]] if arows else next(a for a in ev_ids if a.lower() == key)
        best = arows[0] if arows else None
        installed = next((inst[i] for i in arows if inst[i] is not None), None)
        inst_by = installer[best] if best is not None else None
        src = source[best] if best is not None else None
        sys_app = bool(system[best]) if best is not None and system[best] is not None else False
        mine = np.flatnonzero(np.asarray(pc.fill_null(pc.equal(e_lower, key), False).to_numpy(zero_copy_only=False), bool)
                              & fg) if len(e_lower) else np.zeros(0, np.int64)
        mine = mine[np.argsort(ts_ms[mine], kind="stable")]
        n = len(mine)
        night = int(is_night[mine].sum())
        label = _KIND_LABEL.get(entry.kind, entry.kind)
        head = f"{entry.product} ({app_id}, {label} per {entry.source}"
        head += f", matched by {how})" if how != "id" else ")"
        if arows:
            when = f" installed {_date(installed)}" if installed else " installed"
            how_inst = _installer_text(inst_by, src, sys_app)
            head += when + (f" {how_inst}" if how_inst else "")
        else:
            head += " seen in app usage (not in the installed-apps list read)"
        details = {"app": app_id, "product": entry.product, "kind": entry.kind, "list": entry.source,
                   "matched_by": how, "installed": installed.isoformat().replace("+00:00", "Z") if installed else None,
                   "installer": inst_by, "source": src, "system": sys_app, "sessions": n, "night_sessions": night,
                   "night_baseline_share": round(baseline, 4)}
        if entry.indicator == "apps.stalkerware":
            sideload = src in ("sideload", "unknown")
            fake = disguised(app_id)
            score = min(1.0, 0.8 + 0.1 * sideload + 0.1 * fake)
            bits = [head]
            if fake:
                bits.append("package name poses as a system component")
            if n:
                bits.append(f"opened {n} times")
            summary = "; ".join(bits)
            side = "in"
            details |= {"sideloaded": sideload, "disguised": fake}
        else:
            if entry.kind == "device finder" and n == 0:
                continue  # preinstalled on most phones: only its use says something
            b = 0.1 if entry.kind == "device finder" else 0.25
            u = 1.0 - math.exp(-n / 15.0)
            excess = max(0.0, night - n * baseline)
            v = 1.0 - math.exp(-excess / 3.0)
            days_in = (installed.timestamp() * 1000 - earliest) / 86_400_000 if installed and earliest is not None else None
            r = 1.0 if days_in is not None and days_in >= RECENT_DAYS else 0.0
            k, chance = _before_visits(ts_ms[mine], at_place, span)
            p = 1.0 - math.exp(-max(0.0, k - chance) / 3.0)
            c = 1.0 if entry.builtin else 0.5
            score = c * TRACKER_MAX * min(1.0, b + 0.2 * u + 0.2 * v + 0.25 * r + 0.3 * p)
            summary = head
            if r:
                summary += f", {days_in:.0f} days after the phone's earliest record"
            summary += (f"; opened {n} times, {night} between {NIGHT[0]:02d}:00 and {NIGHT[1]:02d}:00"
                        if n else "; no use recorded")
            if k:
                summary += (f"; {k} times within {BEFORE_VISIT_S // 3600} h before being at a case place "
                            f"(chance alone: {chance:.0f})")
            side = "out"
            details |= {"night_excess": round(excess, 2), "use": round(u, 4), "night": round(v, 4),
                        "installed_days_after_earliest_record": None if days_in is None else round(days_in, 1),
                        "before_place_visits": k, "before_place_visits_chance": round(chance, 2)}
        # evidence: the apps rows, then the night sessions, then the other sessions (each in time order)
        keep = np.concatenate([mine[is_night[mine]], mine[~is_night[mine]]])[:max(MAX_EVIDENCE - len(arows), 0)]
        ev_rows = [{"table": "apps", "row": int(i)} for i in arows] + [{"table": "app_events", "row": int(i)} for i in keep]
        times = [t for t in ([installed] if installed else []) if t is not None]
        if n:
            first = dt.datetime.fromtimestamp(int(ts_ms[mine[0]]) / 1000, dt.UTC)
            last = dt.datetime.fromtimestamp(int(ts_ms[mine[-1]]) / 1000, dt.UTC)
            times += [first, last]
        rows.append({
            "device": device, "indicator": entry.indicator, "score": round(float(score), 6), "subject": app_id,
            "summary": summary, "first_ts": min(times) if times else None, "last_ts": max(times) if times else None,
            "evidence": ev_rows, "name": entry.product, "side": side, "count": n,
            "details": json.dumps(details, sort_keys=True),
        })
    return findings(rows, EXTRA)
