"""Android app usage: ``/data/system/usagestats/<user>/{daily,weekly,monthly,yearly}/<begin-ms>`` (XML).

``UsageStatsService`` keeps one file per interval, named by the interval's begin time in
Unix milliseconds (``-c`` is appended to files that were checked in; ``.bak`` is an
``AtomicFile`` backup). Up to Android 9 the files are XML (AOSP ``UsageStatsXmlV1``):
root ``<usagestats version="1" endTime=...>`` with ``<packages>``, ``<configurations>`` and
``<event-log>``; every time attribute is an offset in ms from the begin time. Android 10+
write protobuf and are not read (nor recognised).

Only the ``<event-log>`` is read -- it is kept in the daily files -- one ``app_events`` row
per ``<event>``:

* ``ts`` = file begin time + ``time``; ``app`` = ``package``; ``detail`` = ``class`` (the
  activity), or for shortcut / notification / standby events their ``shortcutId``,
  ``notificationChannel`` or ``standbyBucket``;
* ``event`` from ``type`` (``UsageEvents.Event``): 1 ``foreground`` (MOVE_TO_FOREGROUND,
  ACTIVITY_RESUMED since Android 10), 2 ``background`` (MOVE_TO_BACKGROUND /
  ACTIVITY_PAUSED), 3 ``end of day``, 4 ``continue previous day``, 5 ``configuration
  change``, 6 ``system interaction``, 7 ``user interaction``, 8 ``shortcut invocation``,
  9 ``chooser action``, 10 ``notification seen``, 11 ``standby bucket changed``, 12
  ``notification interruption``, 13/14 ``slice pinned``, 15 ``screen on``
  (SCREEN_INTERACTIVE), 16 ``screen off``, 17 ``keyguard shown`` (locked), 18 ``keyguard
  hidden`` (unlocked), 19-22 foreground-service events, 23 ``activity stopped``, 24
  ``activity destroyed``, 25 ``flush to disk``, 26 ``device shutdown``, 27 ``device
  startup``; other codes keep their number as text. The raw code is kept in
  ``event_type``, and ``flags`` and ``interval`` (the folder: daily, weekly, ...) beside it.

The aggregated ``<packages>`` / ``<configurations>`` sections (total time in front, launch
counts per interval) are skipped: the event log holds the individual sessions.
Provenance: ``src_table`` ``event``, ``src_row`` the 0-based index of the ``<event>`` in the
file. A file whose name is not a begin time gives no rows (a warning): its times cannot be
placed. A damaged file keeps the events read before the damage, with a warning.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import PurePosixPath

import pyarrow as pa

from .arrowutil import timestamps
from .base import Artifact, Context, Probe

NAME = "android_usagestats"
FORMAT = "Android usagestats interval files (XML): event-log events (foreground/background, screen, keyguard ...)"
VERSIONS = "UsageStatsXmlV1 (version 1), Android 5-9; aggregated package stats skipped; Android 10+ protobuf not read"
TABLES = ("app_events",)

EVENTS = {
    0: "none", 1: "foreground", 2: "background", 3: "end of day", 4: "continue previous day",
    5: "configuration change", 6: "system interaction", 7: "user interaction", 8: "shortcut invocation",
    9: "chooser action", 10: "notification seen", 11: "standby bucket changed", 12: "notification interruption",
    13: "slice pinned", 14: "slice pinned", 15: "screen on", 16: "screen off", 17: "keyguard shown",
    18: "keyguard hidden", 19: "foreground service start", 20: "foreground service stop",
    21: "continuing foreground service", 22: "rollover foreground service", 23: "activity stopped",
    24: "activity destroyed", 25: "flush to disk", 26: "device shutdown", 27: "device startup",
}
_ROOT = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?<usagestats[\s>/]", re.S)
_NAME = re.compile(r"^(\d{9,})(?:-c)?(?:\.bak)?$")
_INTERVALS = ("daily", "weekly", "monthly", "yearly")


def detect(probe: Probe) -> bool:
    return not probe.is_sqlite and bool(_ROOT.match(probe.head))


def begin_ms(path: str) -> int | None:
    """The interval's begin time from the file name, or None."""
    m = _NAME.match(PurePosixPath(path).name)
    return int(m.group(1)) if m else None


def _int(v: str | None) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    begin = begin_ms(artifact.path)
    parent = PurePosixPath(artifact.path).parent.name
    interval = parent if parent in _INTERVALS else None
    cols: dict[str, list] = {k: [] for k in ("time", "app", "type", "detail", "flags", "src_row")}
    index = 0
    bad = 0
    in_log = False
    try:
        for event, elem in ET.iterparse(str(artifact.local), events=("start", "end")):
            if elem.tag == "event-log":
                in_log = event == "start"
                continue
            if event != "end" or elem.tag != "event" or not in_log:
                if event == "end" and elem.tag in ("package", "config"):
                    elem.clear()
                continue
            a = elem.attrib
            t, typ = _int(a.get("time")), _int(a.get("type"))
            if t is None:
                bad += 1
            else:
                cols["time"].append(t)
                cols["app"].append(a.get("package"))
                cols["type"].append(typ)
                cols["detail"].append(a.get("class") or a.get("shortcutId") or a.get("notificationChannel")
                                      or a.get("standbyBucket"))
                cols["flags"].append(_int(a.get("flags")))
                cols["src_row"].append(index)
            index += 1
            elem.clear()
    except ET.ParseError as exc:
        ctx.warn(f"usagestats file damaged ({exc}): the {index} events before the damage were read")
    if bad:
        ctx.warn(f"usagestats: {bad} events without a valid time (skipped)", bad)
    n = len(cols["time"])
    if begin is None:
        if n:
            ctx.warn("usagestats: the file name is not the interval's begin time (Unix ms), so event times cannot "
                     "be placed; events not read", n)
        return
    if not n:
        return
    ms = pa.array([begin + t for t in cols["time"]], pa.int64())
    types = pa.array(cols["type"], pa.int64())
    yield "app_events", pa.table({
        "ts": timestamps(ms, "ms", ctx, "usagestats"),
        "app": pa.array(cols["app"], pa.string()),
        "event": pa.array([EVENTS.get(c, str(c)) if c is not None else None for c in cols["type"]], pa.string()),
        "detail": pa.array(cols["detail"], pa.string()),
        "src_table": pa.array(["event"] * n, pa.string()),
        "src_row": pa.array(cols["src_row"], pa.int64()),
        "event_type": types,
        "flags": pa.array(cols["flags"], pa.int64()),
        "interval": pa.array([interval] * n, pa.string()),
    })
