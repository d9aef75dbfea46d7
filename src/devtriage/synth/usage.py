"""App usage: foreground sessions, and the files phones keep them in.

A :class:`Session` is one stretch of an app in the foreground (``package`` is an Android
package name or an iOS bundle id; ``start_ms`` / ``end_ms`` Unix milliseconds).
:func:`everyday_usage` draws an owner's sessions; :func:`write_usagestats` and
:func:`write_knowledgec` write them in the on-disk forms of Android and iOS.

**The model** (:func:`everyday_usage`), in the owner's local time (``zoneinfo``): the
phone is picked up in *bursts* of 1-6 apps used back to back (0.5-6 s between apps),
bursts at least a minute apart; burst starts follow a daily rhythm (hourly weights: a
trickle after midnight, almost nothing 02:00-05:00, a morning rise, an evening peak);
each app has a popularity that is a category prior (messaging and social most, then
browser, media, e-mail, maps, shopping; banking and wallets least) times a heavy-tailed
per-owner factor (lognormal, sigma 0.6); session lengths are lognormal around a per-category
median (messaging ~40 s, social ~90 s, video ~5 min), clipped to 2 s - 45 min. Sessions
never overlap. Deterministic for a given numpy Generator.

**Android** (:func:`write_usagestats`): ``UsageStatsService`` keeps per-user files under
``/data/system/usagestats/<user>/`` with the sub-folders ``daily``, ``weekly``,
``monthly`` and ``yearly`` and a ``version`` file. Up to Android 9 the files are XML
(``UsageStatsXml`` / ``UsageStatsXmlV1``); Android 10 switched to protobuf
(``IntervalStatsProto``, ``UsageStatsProto``) and Android 11 to ``UsageStatsProtoV2``
with package names replaced by tokens (``mappings`` file, under ``system_ce``). This
module writes the Android 9 (SDK 28) XML form only. What it follows (AOSP
``frameworks/base/services/usage`` of the Pie era: ``UsageStatsXmlV1.java``,
``UsageStatsDatabase.java``, ``UserUsageStatsService.java``, ``IntervalStats.java``):

* file name = the interval's begin time (Unix ms); root ``<usagestats version="1"
  endTime=...>`` with ``endTime`` *relative to the begin time*; children in writer order:
  ``<interactive>``, ``<non-interactive>``, ``<keyguard-shown>``, ``<keyguard-hidden>``
  (``count``, ``time``), ``<packages>`` (``<package lastTimeActive= package= timeActive=
  lastEvent= [appLaunchCount=]>``), ``<configurations>`` (``<config>``), ``<event-log>``
  (``<event time= package= [class=] flags= type=>``); every time attribute except
  durations is an offset from the file's begin time; ``FastXmlSerializer`` layout
  (``<?xml version='1.0' encoding='utf-8' standalone='yes' ?>``, 4-space indent, `` />``);
* ``<package>`` elements in ``ArrayMap`` order (ascending Java ``String.hashCode``);
* event types (``UsageEvents.Event``): 1 MOVE_TO_FOREGROUND (renamed ACTIVITY_RESUMED in
  Android 10), 2 MOVE_TO_BACKGROUND (ACTIVITY_PAUSED), 3 END_OF_DAY, 4
  CONTINUE_PREVIOUS_DAY, 15 SCREEN_INTERACTIVE, 16 SCREEN_NON_INTERACTIVE, 17
  KEYGUARD_SHOWN, 18 KEYGUARD_HIDDEN (the last four under package ``android``);
* rollover as ``UserUsageStatsService.reportEvent`` does it: the daily interval expires
  24 h after it began (``UnixCalendar``: no alignment to midnight; week 7 d, month 30 d,
  year 365 d); the first event at or after the expiry closes every open interval at
  ``expiry - 1`` (``END_OF_DAY`` for apps still in front, ``endTime = expiry - 1``) and
  starts a new daily file *at that event's time*; weekly/monthly/yearly files carry on
  until their own length has passed; apps still in front get ``CONTINUE_PREVIOUS_DAY``
  at the new begin time;
* only the daily interval keeps an event log; weekly/monthly/yearly files hold the
  aggregated ``<packages>`` and an empty ``<event-log />`` (what this module writes for
  them: aggregated, real-style);
* ``timeActive`` accumulates foreground time up to a background / END_OF_DAY event;
  ``appLaunchCount`` counts MOVE_TO_FOREGROUND unless the package is the one last sent
  to the background (``mLastBackgroundedPackage``);
* the ``version`` file: ``3`` and ``RELEASE;CODENAME;INCREMENTAL`` on two lines
  (``UsageStatsDatabase.CURRENT_VERSION`` and ``getBuildFingerprint``);
* optional retention (``prune``): daily files older than 10 days, weekly 4 weeks,
  monthly 6 months (of 30 d), yearly 3 years, measured at each rollover, are deleted.

Each session yields MOVE_TO_FOREGROUND with the app's launcher activity in ``class``
(known activities for common apps, else ``<package>.MainActivity``) and
MOVE_TO_BACKGROUND; with ``screen=True`` each burst is framed by SCREEN_INTERACTIVE /
KEYGUARD_HIDDEN just before and SCREEN_NON_INTERACTIVE / KEYGUARD_SHOWN 30 s after (the
trackers then hold real counts and durations). Not modelled: STANDBY_BUCKET_CHANGED,
NOTIFICATION_* and USER_INTERACTION events, chooser counts, the ``-c`` suffix of
checked-in daily files, ``.bak`` files. The ``<config>`` attributes are a plausible
phone configuration (``Configuration.writeXmlAttrs`` names), not taken from a real file.
Ground truth readers: ALEAPP ``scripts/artifacts/usagestats.py`` (reads this XML:
``packages``/``configurations``/``event-log`` children, times as file name + offset) and
APOLLO ``modules/UsageStats.txt``.

**iOS** (:func:`write_knowledgec`): CoreDuet's ``knowledgeC.db``
(``/private/var/mobile/Library/CoreDuet/Knowledge/knowledgeC.db``), a Core Data store.
App focus is stream ``/app/inFocus`` in ``ZOBJECT``: ``ZVALUESTRING`` the bundle id,
``ZSTARTDATE`` / ``ZENDDATE`` / ``ZCREATIONDATE`` Cocoa seconds (since 2001-01-01 UTC),
``ZSECONDSFROMGMT``, ``ZSTARTDAYOFWEEK`` (1 = Sunday ... 7 = Saturday, local),
``ZSTRUCTUREDMETADATA`` -> ``ZSTRUCTUREDMETADATA.Z_PK`` (the
``Z_DKAPPLICATIONMETADATAKEY__*`` columns). Sources: Sarah Edwards' knowledgeC posts and
APOLLO ``modules/knowledge_app_inFocus.txt`` (columns, joins, day-of-week and offset
conventions); iLEAPP's knowledgeC parsers (same query); dissect.target's macOS
``duet_knowledge_c`` plugin (the ``ZOBJECT`` and ``ZSOURCE`` column lists in order,
``Z_PRIMARYKEY``/``Z_METADATA`` and the model's entity names). Entity numbers follow Core
Data's numbering (root entities alphabetically, sub-entities after their parent), which
gives ``Object`` 9 with ``Category`` 10, ``Event`` 11, ``Identifier`` 12, ``Quantity`` 13,
and ``CustomMetadata`` 4 -- consistent with the ``Z_4EVENT (Z_4CUSTOMMETADATA,
Z_11EVENT)`` join table and the ``Z9_VALUE`` column public queries use. ``/app/inFocus``
rows are ``Z_ENT`` 11. ``ZSTRUCTUREDMETADATA`` really has 200+ columns; the ones public
parsers read are written. The minor tables (change sets, histograms, key-value, sync
peers, contextual key paths) are created with the columns public tools name or just the
Core Data triple, and left empty; ``Z_MODELCACHE`` is empty; ``Z_METADATA.Z_PLIST`` is a
binary plist with placeholder model hashes. ``ZUUIDHASH`` is a deterministic placeholder
of the right type; ``ZSOURCE`` is NULL for focus rows; launch reasons are left NULL.
Times keep millisecond precision.
"""

from __future__ import annotations

import hashlib
import math
import plistlib
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import quoteattr
from zoneinfo import ZoneInfo

import numpy as np


class Session(NamedTuple):
    """One foreground session: ``package`` (package name / bundle id), Unix ms times."""

    package: str
    start_ms: int
    end_ms: int


_DAY_MS = 86_400_000
_HOUR_MS = 3_600_000

# --- the usage model -------------------------------------------------------------------

# relative burst-start weight per local hour 00..23
HOURLY = np.array([0.6, 0.25, 0.08, 0.04, 0.04, 0.08, 0.5, 1.5, 2.2, 2.0, 1.8, 1.8,
                   2.2, 2.0, 1.8, 1.8, 2.0, 2.3, 2.6, 2.8, 3.0, 2.8, 2.2, 1.3])

# (keywords, popularity prior, median session seconds)
_CATEGORIES: tuple[tuple[tuple[str, ...], float, float], ...] = (
    (("whatsapp", "telegram", "securesms", "orca", "apps.messaging", "android.mms", "snapchat",
      "mobilesms", "signal", "viber", "discord"), 12.0, 40.0),
    (("instagram", "facebook", "musically", "tiktok", "twitter", "reddit", "tinder", "bumble",
      "linkedin"), 7.0, 90.0),
    (("chrome", "browser", "safari", "firefox"), 4.0, 60.0),
    (("youtube", "netflix", "spotify", "music", "bbc", "iplayer"), 2.5, 300.0),
    (("android.gm", "calendar", "photos", "mail", "outlook", "teams", "zoom"), 1.2, 45.0),
    (("maps", "waze", "ubercab", "uber", "citymapper", "trainline", "life360", "strava"), 1.0, 120.0),
    (("amazon", "ebay", "vinted", "deliveroo", "justeat", "booking", "airbnb"), 0.6, 120.0),
    (("paypal", "revolut", "mondo", "monzo", "barclays", "hsbc", "grppl", "wallet", "bank",
      "passbook"), 0.12, 45.0),
)
_DEFAULT_CATEGORY = (0.6, 60.0)


def _category(package: str) -> tuple[float, float]:
    p = package.lower()
    for keys, prior, median in _CATEGORIES:
        if any(k in p for k in keys):
            return prior, median
    return _DEFAULT_CATEGORY


def _zone(tz) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def everyday_usage(rng: np.random.Generator, packages: list[str], start_ms: int, end_ms: int, tz="UTC",
                   per_day: tuple[int, int] = (40, 120)) -> list[Session]:
    """Foreground sessions of ``packages`` between ``start_ms`` and ``end_ms``.

    ``tz`` is a zone name or tzinfo (the owner's local time drives the rhythm);
    ``per_day`` the range of sessions per local day. Sessions are sorted, never overlap,
    and lie inside ``[start_ms, end_ms]``.
    """
    if not packages or end_ms <= start_ms:
        return []
    zone = _zone(tz)
    cats = [_category(p) for p in packages]
    weight = np.array([c[0] for c in cats]) * rng.lognormal(0.0, 0.6, len(packages))
    weight /= weight.sum()
    median_s = np.array([c[1] for c in cats])
    hour_p = HOURLY / HOURLY.sum()

    out: list[Session] = []
    last_end = start_ms - 120_000
    day = datetime.fromtimestamp(start_ms / 1000, zone).date()
    last_day = datetime.fromtimestamp(end_ms / 1000, zone).date()
    while day <= last_day:
        n = int(rng.integers(per_day[0], per_day[1] + 1))
        nb = max(1, round(n / 2.2))
        sizes = 1 + rng.multinomial(n - nb, np.full(nb, 1.0 / nb)) if n > nb else np.ones(nb, dtype=int)
        sizes = np.minimum(sizes, 6)
        hours = rng.choice(24, size=nb, p=hour_p)
        secs = np.sort(hours * 3600.0 + rng.random(nb) * 3600.0)
        apps = rng.choice(len(packages), size=int(sizes.sum()), p=weight)
        durs = np.clip(median_s[apps] * rng.lognormal(0.0, 1.0, apps.size), 2.0, 2700.0)
        switch = 0.5 + rng.random(apps.size) * 5.5
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
        k = 0
        for b in range(nb):
            local = midnight + timedelta(seconds=float(secs[b]))
            t = int(local.timestamp() * 1000)
            t = max(t, last_end + 60_000)  # bursts at least a minute apart
            prev_app = -1
            for _ in range(int(sizes[b])):
                a = int(apps[k])
                if a == prev_app and len(packages) > 1:
                    a = (a + 1) % len(packages)
                s, e = t, t + int(durs[k] * 1000)
                k += 1
                if s >= start_ms and e <= end_ms:
                    out.append(Session(packages[a], s, e))
                    last_end = e
                t = e + int(switch[k - 1] * 1000)
                prev_app = a
        day += timedelta(days=1)
    return out


# --- Android usagestats (Android 9 XML) ---------------------------------------------------

MOVE_TO_FOREGROUND = 1
MOVE_TO_BACKGROUND = 2
END_OF_DAY = 3
CONTINUE_PREVIOUS_DAY = 4
SCREEN_INTERACTIVE = 15
SCREEN_NON_INTERACTIVE = 16
KEYGUARD_SHOWN = 17
KEYGUARD_HIDDEN = 18

INTERVALS = ("daily", "weekly", "monthly", "yearly")
INTERVAL_MS = (_DAY_MS, 7 * _DAY_MS, 30 * _DAY_MS, 365 * _DAY_MS)
RETENTION_MS = (10 * _DAY_MS, 28 * _DAY_MS, 180 * _DAY_MS, 3 * 365 * _DAY_MS)
USAGESTATS_DIR = "data/system/usagestats/0"

ACTIVITIES = {
    "com.whatsapp": "com.whatsapp.HomeActivity",
    "com.android.chrome": "org.chromium.chrome.browser.ChromeTabbedActivity",
    "com.google.android.apps.maps": "com.google.android.maps.MapsActivity",
    "com.google.android.youtube": "com.google.android.apps.youtube.app.WatchWhileActivity",
    "com.google.android.gm": "com.google.android.gm.ConversationListActivityGmail",
    "com.instagram.android": "com.instagram.mainactivity.MainActivity",
    "com.facebook.katana": "com.facebook.katana.activity.FbMainTabActivity",
    "com.facebook.orca": "com.facebook.messenger.neue.MainActivity",
    "com.snapchat.android": "com.snap.mushroom.MainActivity",
    "org.telegram.messenger": "org.telegram.ui.LaunchActivity",
    "org.thoughtcrime.securesms": "org.thoughtcrime.securesms.MainActivity",
    "com.spotify.music": "com.spotify.music.MainActivity",
    "com.zhiliaoapp.musically": "com.ss.android.ugc.aweme.splash.SplashActivity",
    "com.twitter.android": "com.twitter.android.StartActivity",
}

_SCREEN_OFF_AFTER_MS = 30_000  # screen timeout after the last app of a burst
_BURST_GAP_MS = 60_000


def java_hash(s: str) -> int:
    """Java ``String.hashCode`` (signed 32-bit), which orders an ``ArrayMap``."""
    h = 0
    data = s.encode("utf-16-be")
    for i in range(0, len(data), 2):
        h = (31 * h + ((data[i] << 8) | data[i + 1])) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h


class _Tracker:
    __slots__ = ("count", "duration", "cur")

    def __init__(self):
        self.count = 0
        self.duration = 0
        self.cur = 0

    def commit(self, t: int) -> None:
        if self.cur:
            self.duration += t - self.cur
            self.cur = 0

    def update(self, t: int) -> None:
        if not self.cur:
            self.count += 1
        self.commit(t)
        self.cur = t


class _Pkg:
    __slots__ = ("last_used", "total", "last_event", "launches")

    def __init__(self):
        self.last_used = 0
        self.total = 0
        self.last_event = 0
        self.launches = 0


class _Interval:
    """``IntervalStats``: one file being built."""

    def __init__(self, kind: int, begin: int):
        self.kind = kind
        self.begin = begin
        self.end = begin + 1
        self.pkgs: dict[str, _Pkg] = {}
        self.events: list[tuple[int, str, str | None, int]] = []
        self.trackers = {name: _Tracker() for name in ("interactive", "non-interactive", "keyguard-shown",
                                                       "keyguard-hidden")}
        self.config_active = 0

    def update(self, package: str, t: int, etype: int) -> None:
        st = self.pkgs.get(package)
        if st is None:
            st = self.pkgs[package] = _Pkg()
        if etype in (MOVE_TO_BACKGROUND, END_OF_DAY) and st.last_event in (MOVE_TO_FOREGROUND, CONTINUE_PREVIOUS_DAY):
            st.total += t - st.last_used
        st.last_event = etype
        st.last_used = t
        self.end = t

    def commit(self, t: int) -> None:
        for tr in self.trackers.values():
            tr.commit(t)
        self.end = t


_CONFIG_ATTRS = (("fs", "1.0"), ("mcc", "234"), ("mnc", "10"), ("locales", "en-GB"), ("touch", "3"),
                 ("key", "1"), ("keyHid", "1"), ("hardKeyHid", "2"), ("nav", "1"), ("navHid", "2"),
                 ("ort", "1"), ("scrLay", "268435810"), ("ui", "17"), ("width", "411"), ("height", "797"),
                 ("sw", "411"), ("density", "420"))


def _tag(name: str, attrs: list[tuple[str, object]], close: bool = True) -> str:
    a = "".join(f" {k}={quoteattr(str(v))}" for k, v in attrs)
    return f"<{name}{a}{' />' if close else '>'}"


def _render(iv: _Interval, sdk: int) -> bytes:
    b = iv.begin
    lines = ["<?xml version='1.0' encoding='utf-8' standalone='yes' ?>",
             _tag("usagestats", [("version", 1), ("endTime", iv.end - b)], close=False)]
    if sdk >= 28:
        for name, tr in iv.trackers.items():
            lines.append("    " + _tag(name, [("count", tr.count), ("time", tr.duration)]))
    if iv.pkgs:
        lines.append("    <packages>")
        for name in sorted(iv.pkgs, key=java_hash):
            st = iv.pkgs[name]
            attrs: list[tuple[str, object]] = [("lastTimeActive", st.last_used - b), ("package", name),
                                               ("timeActive", st.total), ("lastEvent", st.last_event)]
            if st.launches > 0 and sdk >= 28:
                attrs.append(("appLaunchCount", st.launches))
            lines.append("        " + _tag("package", attrs))
        lines.append("    </packages>")
    else:
        lines.append("    <packages />")
    lines.append("    <configurations>")
    lines.append("        " + _tag("config", [("lastTimeActive", iv.end - b), ("timeActive", iv.end - iv.begin),
                                             ("count", 1), ("active", "true"), *_CONFIG_ATTRS]))
    lines.append("    </configurations>")
    if iv.events:
        lines.append("    <event-log>")
        for t, pkg, cls, etype in iv.events:
            attrs = [("time", t - b), ("package", pkg)]
            if cls is not None:
                attrs.append(("class", cls))
            attrs += [("flags", 0), ("type", etype)]
            lines.append("        " + _tag("event", attrs))
        lines.append("    </event-log>")
    else:
        lines.append("    <event-log />")
    lines.append("</usagestats>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _events(sessions: list[Session], screen: bool) -> list[tuple[int, int, str, str | None, int, int]]:
    """(time, order, package, class, type, session index or -1), time-sorted."""
    ev: list[tuple[int, int, str, str | None, int, int]] = []
    order = sorted(range(len(sessions)), key=lambda i: (sessions[i].start_ms, sessions[i].end_ms, i))
    prev_end = None
    for j, i in enumerate(order):
        s = sessions[i]
        if screen and (prev_end is None or s.start_ms - prev_end >= _BURST_GAP_MS):
            if prev_end is not None:
                off = min(prev_end + _SCREEN_OFF_AFTER_MS, s.start_ms - 2_000)
                ev.append((off, 0, "android", None, SCREEN_NON_INTERACTIVE, -1))
                ev.append((off, 1, "android", None, KEYGUARD_SHOWN, -1))
            ev.append((s.start_ms - 1_500, 0, "android", None, SCREEN_INTERACTIVE, -1))
            ev.append((s.start_ms - 800, 0, "android", None, KEYGUARD_HIDDEN, -1))
        cls = ACTIVITIES.get(s.package, f"{s.package}.MainActivity")
        ev.append((s.start_ms, 2, s.package, cls, MOVE_TO_FOREGROUND, i))
        ev.append((s.end_ms, 0, s.package, cls, MOVE_TO_BACKGROUND, -1))
        prev_end = s.end_ms if prev_end is None else max(prev_end, s.end_ms)
    if screen and prev_end is not None:
        ev.append((prev_end + _SCREEN_OFF_AFTER_MS, 0, "android", None, SCREEN_NON_INTERACTIVE, -1))
        ev.append((prev_end + _SCREEN_OFF_AFTER_MS, 1, "android", None, KEYGUARD_SHOWN, -1))
    ev.sort(key=lambda e: (e[0], e[1]))
    return ev


def write_usagestats(root, sessions: list[Session], *, sdk: int = 28, screen: bool = True, prune: bool = False,
                     build: str = "9;REL;G973FXXU3ASJ1") -> list[tuple[str, str, int] | None]:
    """Write ``data/system/usagestats/0/{daily,weekly,monthly,yearly}/<begin-ms>`` and
    ``version`` under ``root`` (Android 9 XML form, replaying the sessions through the
    service's rollover logic; see the module docstring). ``sdk`` 26/27 writes the
    Android 8 variant of the same XML (no tracker elements, no ``appLaunchCount``, no
    screen/keyguard events); 29+ is refused (protobuf).

    Returns, per session (input order), where its MOVE_TO_FOREGROUND event is:
    ``(file path relative to root, "event", index among that file's <event> elements)``,
    or None when ``prune`` deleted that daily file.
    """
    if sdk >= 29:
        raise ValueError("Android 10+ keeps usagestats as protobuf; only the XML form (sdk <= 28) is written")
    if sdk < 26:
        raise ValueError("only the Android 8/9 XML layout (sdk 26-28) is written")
    screen = screen and sdk >= 28  # SCREEN_*/KEYGUARD_* events and trackers arrived in Android 9
    base = Path(root) / USAGESTATS_DIR
    for name in INTERVALS:
        (base / name).mkdir(parents=True, exist_ok=True)
    (base / "version").write_bytes(f"3\n{build}\n".encode())
    where: list[tuple[str, str, int] | None] = [None] * len(sessions)
    if not sessions:
        return where

    events = _events(sessions, screen)
    files: dict[tuple[int, int], bytes] = {}
    placed: dict[int, tuple[int, int]] = {}  # session -> (daily begin, event index)

    def persist(iv: _Interval) -> None:
        files[(iv.kind, iv.begin)] = _render(iv, sdk)

    t0 = events[0][0]
    cur = [_Interval(k, t0) for k in range(4)]
    expiry = t0 + _DAY_MS
    last_bg: str | None = None
    for t, _, pkg, cls, etype, si in events:
        if t >= expiry:
            # rolloverStats: close every interval at expiry - 1, persist, reopen / carry on
            cont = [p for p, st in cur[0].pkgs.items() if st.last_event in (MOVE_TO_FOREGROUND, CONTINUE_PREVIOUS_DAY)]
            for iv in cur:
                for p, st in iv.pkgs.items():
                    if st.last_event in (MOVE_TO_FOREGROUND, CONTINUE_PREVIOUS_DAY):
                        iv.update(p, expiry - 1, END_OF_DAY)
                iv.commit(expiry - 1)
                persist(iv)
            if prune:
                for k, keep in enumerate(RETENTION_MS):
                    for key in [key for key in files if key[0] == k and key[1] < t - keep]:
                        del files[key]
            for k in range(4):
                if not (t - 500 >= cur[k].end and t < cur[k].begin + INTERVAL_MS[k]):
                    cur[k] = _Interval(k, t)
            expiry = t + _DAY_MS
            for p in cont:
                for iv in cur:
                    iv.update(p, cur[0].begin, CONTINUE_PREVIOUS_DAY)
        daily = cur[0]
        if si >= 0:
            placed[si] = (daily.begin, len(daily.events))
        daily.events.append((t, pkg, cls, etype))
        launch = etype == MOVE_TO_FOREGROUND and pkg != last_bg
        if etype == MOVE_TO_BACKGROUND:
            last_bg = pkg
        for iv in cur:
            if etype == SCREEN_INTERACTIVE:
                iv.trackers["interactive"].update(t)
                iv.trackers["non-interactive"].commit(t)
            elif etype == SCREEN_NON_INTERACTIVE:
                iv.trackers["non-interactive"].update(t)
                iv.trackers["interactive"].commit(t)
            elif etype == KEYGUARD_SHOWN:
                iv.trackers["keyguard-shown"].update(t)
                iv.trackers["keyguard-hidden"].commit(t)
            elif etype == KEYGUARD_HIDDEN:
                iv.trackers["keyguard-hidden"].update(t)
                iv.trackers["keyguard-shown"].commit(t)
            else:
                iv.update(pkg, t, etype)
                if launch:
                    iv.pkgs[pkg].launches += 1
            iv.end = t
    for iv in cur:  # the open intervals, as last persisted
        persist(iv)

    for (k, begin), data in sorted(files.items()):
        (base / INTERVALS[k] / str(begin)).write_bytes(data)
    for si, (begin, idx) in placed.items():
        if (0, begin) in files:
            where[si] = (f"{USAGESTATS_DIR}/daily/{begin}", "event", idx)
    return where


# --- iOS knowledgeC.db ------------------------------------------------------------------

KNOWLEDGEC_PATH = "private/var/mobile/Library/CoreDuet/Knowledge/knowledgeC.db"
INFOCUS_STREAM = "/app/inFocus"
COCOA_EPOCH_S = 978_307_200

# Core Data entities of the knowledge store: (Z_ENT, name, Z_SUPER)
KNOWLEDGE_ENTITIES = (
    (1, "AdditionChangeSet", 0), (2, "ContextualChangeRegistration", 0), (3, "ContextualKeyPath", 0),
    (4, "CustomMetadata", 0), (5, "DeletionChangeSet", 0), (6, "Histogram", 0), (7, "HistogramValue", 0),
    (8, "KeyValue", 0), (9, "Object", 0), (10, "Category", 9), (11, "Event", 9), (12, "Identifier", 9),
    (13, "Quantity", 9), (14, "Source", 0), (15, "StructuredMetadata", 0), (16, "SyncPeer", 0),
)
ENT_EVENT = 11
ENT_STRUCTURED_METADATA = 15

_ZOBJECT_COLUMNS = (
    ("Z_PK", "INTEGER PRIMARY KEY"), ("Z_ENT", "INTEGER"), ("Z_OPT", "INTEGER"), ("ZUUIDHASH", "INTEGER"),
    ("ZEVENT", "INTEGER"), ("ZSOURCE", "INTEGER"), ("ZCATEGORYTYPE", "INTEGER"), ("ZINTEGERVALUE", "INTEGER"),
    ("ZCOMPATIBILITYVERSION", "INTEGER"), ("ZENDDAYOFWEEK", "INTEGER"), ("ZENDSECONDOFDAY", "INTEGER"),
    ("ZHASCUSTOMMETADATA", "INTEGER"), ("ZHASSTRUCTUREDMETADATA", "INTEGER"), ("ZSECONDSFROMGMT", "INTEGER"),
    ("ZSHOULDSYNC", "INTEGER"), ("ZSTARTDAYOFWEEK", "INTEGER"), ("ZSTARTSECONDOFDAY", "INTEGER"),
    ("ZVALUECLASS", "INTEGER"), ("ZVALUEINTEGER", "INTEGER"), ("ZVALUETYPECODE", "INTEGER"),
    ("ZSTRUCTUREDMETADATA", "INTEGER"), ("ZVALUE", "INTEGER"), ("Z9_VALUE", "INTEGER"),
    ("ZIDENTIFIERTYPE", "INTEGER"), ("ZQUANTITYTYPE", "INTEGER"), ("ZCREATIONDATE", "TIMESTAMP"),
    ("ZLOCALCREATIONDATE", "TIMESTAMP"), ("ZCONFIDENCE", "FLOAT"), ("ZENDDATE", "TIMESTAMP"),
    ("ZSTARTDATE", "TIMESTAMP"), ("ZVALUEDOUBLE", "FLOAT"), ("ZDOUBLEVALUE", "FLOAT"), ("ZUUID", "VARCHAR"),
    ("ZSTREAMNAME", "VARCHAR"), ("ZVALUESTRING", "VARCHAR"), ("ZSTRING", "VARCHAR"), ("ZMETADATA", "BLOB"),
)
_ZSTRUCTUREDMETADATA_COLUMNS = (
    ("Z_PK", "INTEGER PRIMARY KEY"), ("Z_ENT", "INTEGER"), ("Z_OPT", "INTEGER"),
    ("Z_DKINTENTMETADATAKEY__DIRECTION", "INTEGER"), ("Z_DKINTENTMETADATAKEY__DONATEDBYSIRI", "INTEGER"),
    ("Z_DKINTENTMETADATAKEY__INTENTHANDLINGSTATUS", "INTEGER"), ("Z_DKINTENTMETADATAKEY__INTENTTYPE", "INTEGER"),
    ("Z_DKAPPLICATIONACTIVITYMETADATAKEY__EXPIRATIONDATE", "TIMESTAMP"),
    ("Z_DKAPPLICATIONACTIVITYMETADATAKEY__ACTIVITYTYPE", "VARCHAR"),
    ("Z_DKAPPLICATIONACTIVITYMETADATAKEY__TITLE", "VARCHAR"),
    ("Z_DKAPPLICATIONACTIVITYMETADATAKEY__USERACTIVITYREQUIREDSTRING", "VARCHAR"),
    ("Z_DKAPPLICATIONMETADATAKEY__EXTENSIONCONTAININGBUNDLEIDENTIFIER", "VARCHAR"),
    ("Z_DKAPPLICATIONMETADATAKEY__EXTENSIONHOSTIDENTIFIER", "VARCHAR"),
    ("Z_DKAPPLICATIONMETADATAKEY__LAUNCHREASON", "VARCHAR"),
    ("Z_DKDIGITALHEALTHMETADATAKEY__WEBDOMAIN", "VARCHAR"),
    ("Z_DKINTENTMETADATAKEY__DERIVEDINTENTIDENTIFIER", "VARCHAR"), ("Z_DKINTENTMETADATAKEY__INTENTCLASS", "VARCHAR"),
    ("Z_DKINTENTMETADATAKEY__INTENTVERB", "VARCHAR"), ("Z_DKINTENTMETADATAKEY__INTERACTIONIDENTIFIER", "VARCHAR"),
    ("Z_DKINTENTMETADATAKEY__RELATEDCONTACTIDENTIFIERS", "VARCHAR"),
    ("Z_DKSAFARIHISTORYMETADATAKEY__TITLE", "VARCHAR"),
    ("Z_DKINTENTMETADATAKEY__SERIALIZEDINTERACTION", "BLOB"),
    ("ZMETADATAHASH", "VARCHAR"),
)
_CD = (("Z_PK", "INTEGER PRIMARY KEY"), ("Z_ENT", "INTEGER"), ("Z_OPT", "INTEGER"))
_KNOWLEDGE_TABLES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("ZADDITIONCHANGESET", _CD + (("ZDEVICEIDENTIFIER", "VARCHAR"), ("ZSEQUENCENUMBER", "INTEGER"))),
    ("ZCONTEXTUALCHANGEREGISTRATION", _CD + (("ZISACTIVE", "INTEGER"), ("ZISMULTIDEVICEREGISTRATION", "INTEGER"),
                                             ("ZCREATIONDATE", "TIMESTAMP"), ("ZIDENTIFIER", "VARCHAR"),
                                             ("ZPROPERTIES", "BLOB"))),
    ("ZCONTEXTUALKEYPATH", _CD + (("ZKEY", "VARCHAR"),)),
    ("ZCUSTOMMETADATA", _CD + (("ZDOUBLEVALUE", "FLOAT"), ("ZNAME", "VARCHAR"), ("ZSTRINGVALUE", "VARCHAR"))),
    ("ZDELETIONCHANGESET", _CD + (("ZDEVICEIDENTIFIER", "VARCHAR"), ("ZSEQUENCENUMBER", "INTEGER"))),
    ("ZHISTOGRAM", _CD + (("ZSTREAMNAME", "VARCHAR"),)),
    ("ZHISTOGRAMVALUE", _CD + (("ZHISTOGRAM", "INTEGER"), ("ZCOUNT", "FLOAT"), ("ZVALUE", "VARCHAR"))),
    ("ZKEYVALUE", _CD + (("ZDOMAIN", "VARCHAR"), ("ZKEY", "VARCHAR"), ("ZVALUE", "BLOB"))),
    ("ZOBJECT", _ZOBJECT_COLUMNS),
    ("ZSOURCE", _CD + (("ZUSERID", "INTEGER"), ("ZBUNDLEID", "VARCHAR"), ("ZDEVICEID", "VARCHAR"),
                       ("ZGROUPID", "VARCHAR"), ("ZINTENTID", "VARCHAR"), ("ZITEMID", "VARCHAR"),
                       ("ZSOURCEID", "VARCHAR"))),
    ("ZSTRUCTUREDMETADATA", _ZSTRUCTUREDMETADATA_COLUMNS),
    ("ZSYNCPEER", _CD + (("ZLASTSEENDATE", "TIMESTAMP"), ("ZDEVICEID", "VARCHAR"), ("ZNAME", "VARCHAR"))),
    ("Z_4EVENT", (("Z_4CUSTOMMETADATA", "INTEGER"), ("Z_11EVENT", "INTEGER"))),
)
KNOWLEDGE_SCHEMA: tuple[str, ...] = tuple(
    f"CREATE TABLE {name} ( {', '.join(f'{c} {t}' for c, t in cols)}"
    + (", PRIMARY KEY (Z_4CUSTOMMETADATA, Z_11EVENT) )" if name == "Z_4EVENT" else " )")
    for name, cols in _KNOWLEDGE_TABLES
) + (
    "CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER)",
    "CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB)",
    "CREATE TABLE Z_MODELCACHE (Z_CONTENT BLOB)",
    "CREATE INDEX ZOBJECT_ZSOURCE_INDEX ON ZOBJECT (ZSOURCE)",
    "CREATE INDEX ZOBJECT_ZSTRUCTUREDMETADATA_INDEX ON ZOBJECT (ZSTRUCTUREDMETADATA)",
    "CREATE INDEX ZOBJECT_ZVALUE_INDEX ON ZOBJECT (ZVALUE)",
    "CREATE INDEX ZOBJECT_ZEVENT_INDEX ON ZOBJECT (ZEVENT)",
    "CREATE INDEX ZHISTOGRAMVALUE_ZHISTOGRAM_INDEX ON ZHISTOGRAMVALUE (ZHISTOGRAM)",
    "CREATE INDEX Z_4EVENT_Z_11EVENT_INDEX ON Z_4EVENT (Z_11EVENT, Z_4CUSTOMMETADATA)",
)
KNOWLEDGE_TABLES = tuple(name for name, _ in _KNOWLEDGE_TABLES) + ("Z_PRIMARYKEY", "Z_METADATA", "Z_MODELCACHE")


def _cocoa(ms: int) -> float:
    return ms / 1000.0 - COCOA_EPOCH_S


def _local_parts(ms: int, zone: tzinfo) -> tuple[int, int, int]:
    """(seconds from GMT, day of week 1=Sunday..7, second of day), local time."""
    dt = datetime.fromtimestamp(ms / 1000, UTC).astimezone(zone)
    off = int(dt.utcoffset().total_seconds()) if dt.utcoffset() is not None else 0
    return off, (dt.isoweekday() % 7) + 1, dt.hour * 3600 + dt.minute * 60 + dt.second


def _signed64(data: bytes) -> int:
    v = int.from_bytes(data[:8], "big")
    return v - (1 << 64) if v >= 1 << 63 else v


def _model_plist() -> bytes:
    hashes = {name: hashlib.sha256(f"knowledgeC.model.{name}".encode()).digest() for _, name, _ in KNOWLEDGE_ENTITIES}
    return plistlib.dumps({
        "NSAutoVacuumLevel": "2",
        "NSPersistenceFrameworkVersion": 1146,
        "NSPersistenceMaximumFrameworkVersion": 1146,
        "NSStoreModelVersionChecksumKey": hashlib.sha256(b"knowledgeC.model").hexdigest()[:44],
        "NSStoreModelVersionHashes": hashes,
        "NSStoreModelVersionHashesDigest": hashlib.sha256(b"".join(hashes.values())).hexdigest()[:44],
        "NSStoreModelVersionHashesVersion": 3,
        "NSStoreModelVersionIdentifiers": [""],
        "NSStoreType": "SQLite",
    }, fmt=plistlib.FMT_BINARY, sort_keys=True)


def write_knowledgec(path, sessions: list[Session], *, version: str = "ios15", tz="UTC") -> list[int]:
    """Write ``knowledgeC.db`` with one ``/app/inFocus`` ``ZOBJECT`` row (plus its
    ``ZSTRUCTUREDMETADATA`` row) per session.

    ``path`` is the database file, or an existing directory taken as the extraction root
    (the file then goes to :data:`KNOWLEDGEC_PATH` under it). ``tz`` gives
    ``ZSECONDSFROMGMT`` and the local day-of-week / second-of-day columns. Rows are
    inserted in the order iOS writes them (when the app leaves the foreground).
    Returns the ``ZOBJECT.Z_PK`` of each session, in input order.
    """
    if version not in ("ios13", "ios14", "ios15", "ios16"):
        raise ValueError(f"unknown knowledgeC version {version!r}")
    path = Path(path)
    if path.is_dir():
        path = path / KNOWLEDGEC_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    zone = _zone(tz)
    order = sorted(range(len(sessions)), key=lambda i: (sessions[i].end_ms, sessions[i].start_ms, i))
    pks = [0] * len(sessions)
    objects, metas = [], []
    for n, i in enumerate(order):
        s = sessions[i]
        pk = n + 1
        pks[i] = pk
        off, sdow, ssod = _local_parts(s.start_ms, zone)
        _, edow, esod = _local_parts(s.end_ms, zone)
        uid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"knowledgeC:/app/inFocus:{pk}:{s.package}:{s.start_ms}")).upper()
        created = _cocoa(s.end_ms) + ((pk * 37) % 500) / 1000.0
        metas.append((pk, ENT_STRUCTURED_METADATA, 1))
        objects.append((pk, ENT_EVENT, 1, _signed64(hashlib.sha256(uid.encode()).digest()), 0, edow, esod, 0, 1,
                        off, 0, sdow, ssod, pk, created, _cocoa(s.end_ms), _cocoa(s.start_ms), uid, INFOCUS_STREAM,
                        s.package))
    conn = sqlite3.connect(path)
    try:
        for statement in KNOWLEDGE_SCHEMA:
            conn.execute(statement)
        conn.executemany("INSERT INTO Z_PRIMARYKEY (Z_ENT, Z_NAME, Z_SUPER, Z_MAX) VALUES (?, ?, ?, ?)",
                         [(e, name, sup, len(objects) if e == 9 else len(metas) if e == ENT_STRUCTURED_METADATA else 0)
                          for e, name, sup in KNOWLEDGE_ENTITIES])
        conn.execute("INSERT INTO Z_METADATA (Z_VERSION, Z_UUID, Z_PLIST) VALUES (1, ?, ?)",
                     (str(uuid.uuid5(uuid.NAMESPACE_URL, f"knowledgeC:store:{version}")).upper(), _model_plist()))
        conn.executemany("INSERT INTO ZSTRUCTUREDMETADATA (Z_PK, Z_ENT, Z_OPT) VALUES (?, ?, ?)", metas)
        conn.executemany(
            "INSERT INTO ZOBJECT (Z_PK, Z_ENT, Z_OPT, ZUUIDHASH, ZCOMPATIBILITYVERSION, ZENDDAYOFWEEK, ZENDSECONDOFDAY, "
            "ZHASCUSTOMMETADATA, ZHASSTRUCTUREDMETADATA, ZSECONDSFROMGMT, ZSHOULDSYNC, ZSTARTDAYOFWEEK, "
            "ZSTARTSECONDOFDAY, ZSTRUCTUREDMETADATA, ZCREATIONDATE, ZENDDATE, ZSTARTDATE, ZUUID, ZSTREAMNAME, "
            "ZVALUESTRING) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", objects)
        conn.commit()
    finally:
        conn.close()
    return pks


def cocoa_to_ms(seconds: float) -> int:
    """Cocoa seconds (``ZSTARTDATE`` etc.) back to Unix ms, rounded to the millisecond."""
    return int(math.floor((seconds + COCOA_EPOCH_S) * 1000 + 0.5))
