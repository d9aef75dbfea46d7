"""App usage: the session model, Android 9 usagestats XML, iOS knowledgeC.db."""

from __future__ import annotations

import hashlib
import sqlite3
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from devtriage.synth import apps as A
from devtriage.synth import usage as U

TZ = "Europe/London"
START = int(datetime(2026, 3, 20, tzinfo=UTC).timestamp() * 1000)  # spans the 29 March DST change
END = START + 21 * 86_400_000
DAY = 86_400_000


def _rng(seed: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


def _sessions(seed: int = 1) -> list[U.Session]:
    rng = _rng(seed)
    pk = [p.name for p in A.everyday_packages(rng)] + ["com.life360.android.safetymapd"]
    return U.everyday_usage(rng, pk, START, END, TZ)


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- model ---------------------------------------------------------------------------


def test_everyday_usage_shape_and_rhythm():
    s = _sessions()
    assert 21 * 40 <= len(s) <= 21 * 120
    assert s == _sessions()  # deterministic
    assert s != _sessions(2)
    starts = np.array([x.start_ms for x in s])
    ends = np.array([x.end_ms for x in s])
    assert np.all(np.diff(starts) > 0) and np.all(starts[1:] >= ends[:-1])  # sorted, never overlapping
    assert starts.min() >= START and ends.max() <= END
    dur = (ends - starts) / 1000
    assert dur.min() >= 2 and dur.max() <= 2700 and 20 < np.median(dur) < 180
    zone = ZoneInfo(TZ)
    hours = np.array([datetime.fromtimestamp(t / 1000, zone).hour for t in starts])
    night = np.mean((hours >= 2) & (hours < 5))
    evening = np.mean((hours >= 18) & (hours < 21))
    assert night < 0.02 and evening > 10 * night
    # heavy-tailed popularity: messaging/social on top, banking rare
    c = Counter(x.package for x in s)
    top = [p for p, _ in c.most_common(3)]
    assert any(k in p for p in top for k in ("whatsapp", "instagram", "snapchat", "telegram", "orca", "facebook",
                                              "securesms", "musically"))
    bank = [n for p, n in c.items() if any(k in p for k in ("barclays", "hsbc", "revolut", "mondo", "paypal"))]
    assert all(n < c.most_common(1)[0][1] / 5 for n in bank)


# --- Android usagestats --------------------------------------------------------------


def _daily(root: Path) -> list[tuple[int, ET.Element, bytes]]:
    d = root / U.USAGESTATS_DIR / "daily"
    return [(int(f.name), ET.fromstring(f.read_bytes()), f.read_bytes()) for f in sorted(d.iterdir(), key=lambda f: int(f.name))]


def test_usagestats_xml(tmp_path):
    s = _sessions()
    where = U.write_usagestats(tmp_path, s)
    base = tmp_path / U.USAGESTATS_DIR
    assert sorted(p.name for p in base.iterdir()) == ["daily", "monthly", "version", "weekly", "yearly"]
    assert (base / "version").read_text().split("\n")[0] == "3"
    daily = _daily(tmp_path)
    assert len(daily) >= 18
    begins = [b for b, _, _ in daily]
    for (b, root, raw), nxt in zip(daily, begins[1:] + [None], strict=True):
        assert raw.startswith(b"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<usagestats version=\"1\" ")
        assert root.tag == "usagestats" and root.get("version") == "1"
        assert [c.tag for c in root] == ["interactive", "non-interactive", "keyguard-shown", "keyguard-hidden",
                                         "packages", "configurations", "event-log"]
        if nxt is not None:  # a closed day: 24 h from its begin, the next file starts at the first event after
            assert int(root.get("endTime")) == DAY - 1
            assert nxt >= b + DAY
        evs = root.find("event-log").findall("event")
        times = [b + int(e.get("time")) for e in evs]
        assert times == sorted(times) and all(b <= t for t in times)
        assert {e.get("type") for e in evs} <= {"1", "2", "15", "16", "17", "18"}
        pk = root.find("packages").findall("package")
        names = [p.get("package") for p in pk]
        assert names == sorted(names, key=U.java_hash)  # ArrayMap order
        assert root.find("interactive").get("count") != "0"
    # every session's MOVE_TO_FOREGROUND is where the ground truth says, to the millisecond
    by_path = {f"{U.USAGESTATS_DIR}/daily/{b}": (b, root) for b, root, _ in daily}
    bg: dict[tuple[str, int], int] = Counter()
    for b, root, _ in daily:
        for e in root.find("event-log").findall("event"):
            if e.get("type") == "2":
                bg[(e.get("package"), b + int(e.get("time")))] += 1
    for sess, (path, element, idx) in zip(s, where, strict=True):
        assert element == "event"
        b, root = by_path[path]
        e = root.find("event-log").findall("event")[idx]
        assert e.get("type") == "1" and e.get("package") == sess.package and e.get("flags") == "0"
        assert b + int(e.get("time")) == sess.start_ms
        assert e.get("class") == U.ACTIVITIES.get(sess.package, sess.package + ".MainActivity")
        assert bg[(sess.package, sess.end_ms)] >= 1
    # package totals add up to the foreground time (less what falls between a day's expiry and the next file)
    total = sum(x.end_ms - x.start_ms for x in s)
    active = sum(int(p.get("timeActive")) for _, root, _ in daily for p in root.iter("package"))
    assert 0.98 * total <= active <= total
    launches = sum(int(p.get("appLaunchCount", 0)) for _, root, _ in daily for p in root.iter("package"))
    assert 0.8 * len(s) <= launches <= len(s)
    # weekly/monthly/yearly: aggregated packages, no event log
    for name in ("weekly", "monthly", "yearly"):
        files = sorted((base / name).iterdir(), key=lambda f: int(f.name))
        assert files and int(files[0].name) == begins[0]
        for f in files:
            root = ET.fromstring(f.read_bytes())
            assert root.find("event-log") is not None and len(root.find("event-log")) == 0
            assert root.find("packages") is not None
    weekly = sum(int(p.get("timeActive")) for f in (base / "weekly").iterdir()
                 for p in ET.fromstring(f.read_bytes()).iter("package"))
    assert 0.98 * total <= weekly <= total


def test_usagestats_rollover_end_of_day(tmp_path):
    t0 = START
    s = [U.Session("com.whatsapp", t0, t0 + 60_000),
         U.Session("com.life360.android.safetymapd", t0 + DAY - 10_000, t0 + DAY + 50_000)]
    where = U.write_usagestats(tmp_path, s, screen=False)
    daily = _daily(tmp_path)
    assert [b for b, _, _ in daily] == [t0, t0 + DAY + 50_000]
    (_, d1, _), (_, d2, _) = daily
    p1 = {p.get("package"): p for p in d1.iter("package")}
    p2 = {p.get("package"): p for p in d2.iter("package")}
    life = "com.life360.android.safetymapd"
    assert p1[life].get("lastEvent") == "3" and p1[life].get("timeActive") == "9999"  # END_OF_DAY at expiry - 1
    assert p2[life].get("lastEvent") == "2" and p2[life].get("timeActive") == "0"
    assert [(e.get("time"), e.get("type")) for e in d2.iter("event")] == [("0", "2")]
    assert where == [(f"{U.USAGESTATS_DIR}/daily/{t0}", "event", 0), (f"{U.USAGESTATS_DIR}/daily/{t0}", "event", 2)]
    assert p1["com.whatsapp"].get("timeActive") == "60000" and p1["com.whatsapp"].get("lastTimeActive") == "60000"


def test_usagestats_prune_and_determinism(tmp_path):
    s = _sessions()
    a, b = tmp_path / "a", tmp_path / "b"
    wa = U.write_usagestats(a, s, prune=True)
    wb = U.write_usagestats(b, _sessions(), prune=True)
    assert wa == wb and _tree_bytes(a) == _tree_bytes(b)
    daily = sorted(int(f.name) for f in (a / U.USAGESTATS_DIR / "daily").iterdir())
    assert 10 <= len(daily) <= 12
    assert wa[0] is None and wa[-1] is not None
    assert all(w is None or int(w[0].rsplit("/", 1)[1]) in daily for w in wa)
    with pytest.raises(ValueError):
        U.write_usagestats(tmp_path / "c", s, sdk=29)


def test_java_hash():
    assert U.java_hash("hello") == 99162322
    assert U.java_hash("com.android.chrome") == int.from_bytes(
        (sum(ord(c) * 31 ** i for i, c in enumerate(reversed("com.android.chrome"))) % 2**32).to_bytes(4, "big"),
        "big", signed=True)


# --- iOS knowledgeC ------------------------------------------------------------------

# the knowledgeC.db tables public tools list (dissect.target duet_knowledge_c, APOLLO joins)
DOCUMENTED_TABLES = {"ZOBJECT", "ZSOURCE", "ZSTRUCTUREDMETADATA", "ZCUSTOMMETADATA", "Z_4EVENT", "ZKEYVALUE",
                     "ZSYNCPEER", "ZHISTOGRAM", "ZHISTOGRAMVALUE", "ZADDITIONCHANGESET", "ZDELETIONCHANGESET",
                     "ZCONTEXTUALKEYPATH", "ZCONTEXTUALCHANGEREGISTRATION", "Z_PRIMARYKEY", "Z_METADATA",
                     "Z_MODELCACHE"}
ZOBJECT_DOCUMENTED = ("Z_PK Z_ENT Z_OPT ZUUIDHASH ZEVENT ZSOURCE ZCATEGORYTYPE ZINTEGERVALUE ZCOMPATIBILITYVERSION "
                      "ZENDDAYOFWEEK ZENDSECONDOFDAY ZHASCUSTOMMETADATA ZHASSTRUCTUREDMETADATA ZSECONDSFROMGMT "
                      "ZSHOULDSYNC ZSTARTDAYOFWEEK ZSTARTSECONDOFDAY ZVALUECLASS ZVALUEINTEGER ZVALUETYPECODE "
                      "ZSTRUCTUREDMETADATA ZVALUE Z9_VALUE ZIDENTIFIERTYPE ZQUANTITYTYPE ZCREATIONDATE "
                      "ZLOCALCREATIONDATE ZCONFIDENCE ZENDDATE ZSTARTDATE ZVALUEDOUBLE ZDOUBLEVALUE ZUUID ZSTREAMNAME "
                      "ZVALUESTRING ZSTRING ZMETADATA").split()

APOLLO_INFOCUS = """
SELECT DATETIME(ZOBJECT.ZSTARTDATE+978307200,'UNIXEPOCH'), ZOBJECT.ZSTARTDATE, ZOBJECT.ZENDDATE,
       ZOBJECT.ZVALUESTRING, ZSTRUCTUREDMETADATA.Z_DKAPPLICATIONMETADATAKEY__LAUNCHREASON,
       ZOBJECT.ZSTARTDAYOFWEEK, ZOBJECT.ZSECONDSFROMGMT/3600, ZOBJECT.ZCREATIONDATE, ZOBJECT.ZUUID, ZOBJECT.Z_PK
FROM ZOBJECT LEFT JOIN ZSTRUCTUREDMETADATA ON ZOBJECT.ZSTRUCTUREDMETADATA = ZSTRUCTUREDMETADATA.Z_PK
WHERE ZSTREAMNAME IS "/app/inFocus" ORDER BY ZOBJECT.Z_PK
"""


def test_knowledgec(tmp_path):
    s = _sessions()
    pks = U.write_knowledgec(tmp_path, s, tz=TZ)  # a directory: the extraction root
    db = tmp_path / U.KNOWLEDGEC_PATH
    assert db.is_file() and len(set(pks)) == len(s)
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == DOCUMENTED_TABLES
    assert [r[1] for r in conn.execute("PRAGMA table_info(ZOBJECT)")] == ZOBJECT_DOCUMENTED
    src_cols = [r[1] for r in conn.execute("PRAGMA table_info(ZSOURCE)")]
    assert src_cols == ["Z_PK", "Z_ENT", "Z_OPT", "ZUSERID", "ZBUNDLEID", "ZDEVICEID", "ZGROUPID", "ZINTENTID",
                        "ZITEMID", "ZSOURCEID"]
    assert [r[1] for r in conn.execute("PRAGMA table_info(Z_4EVENT)")] == ["Z_4CUSTOMMETADATA", "Z_11EVENT"]
    ents = {r[1]: r for r in conn.execute("SELECT Z_ENT, Z_NAME, Z_SUPER, Z_MAX FROM Z_PRIMARYKEY")}
    assert ents["Event"][:3] == (11, "Event", 9) and ents["CustomMetadata"][0] == 4 and ents["Object"][3] == len(s)
    assert conn.execute("SELECT Z_PLIST FROM Z_METADATA").fetchone()[0].startswith(b"bplist00")
    rows = conn.execute(APOLLO_INFOCUS).fetchall()
    assert len(rows) == len(s)
    zone = ZoneInfo(TZ)
    for sess, pk in zip(s, pks, strict=True):
        r = conn.execute(APOLLO_INFOCUS.replace("ORDER BY", "AND ZOBJECT.Z_PK = ? ORDER BY"), (pk,)).fetchone()
        _, start, end, bundle, reason, dow, gmt_h, created, uid, zpk = r
        assert (bundle, zpk) == (sess.package, pk)
        assert U.cocoa_to_ms(start) == sess.start_ms and U.cocoa_to_ms(end) == sess.end_ms
        assert end <= created < end + 1
        local = datetime.fromtimestamp(sess.start_ms / 1000, zone)
        assert dow == local.isoweekday() % 7 + 1 and gmt_h == local.utcoffset().total_seconds() // 3600
        assert len(uid) == 36 and uid == uid.upper()
    # the ground-truth Z_PK is the row a SELECT on the session's values finds
    probe = s[len(s) // 2]
    got = conn.execute("SELECT Z_PK, Z_ENT FROM ZOBJECT WHERE ZSTREAMNAME = '/app/inFocus' AND ZVALUESTRING = ? "
                       "AND ZSTARTDATE = ?", (probe.package, probe.start_ms / 1000 - 978_307_200)).fetchall()
    assert got == [(pks[len(s) // 2], 11)]
    # both sides of the DST change
    offsets = {r[0] for r in conn.execute("SELECT DISTINCT ZSECONDSFROMGMT FROM ZOBJECT")}
    assert offsets == {0, 3600}
    conn.close()


def test_knowledgec_deterministic(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert U.write_knowledgec(a, _sessions(3), tz=TZ) == U.write_knowledgec(b, _sessions(3), tz=TZ)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    U.write_knowledgec(a, _sessions(3), tz=TZ)  # overwriting gives the same file again
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(ValueError):
        U.write_knowledgec(tmp_path / "c.db", [], version="ios9")


def test_usagestats_android8_variant(tmp_path):
    s = _sessions()[:50]
    where = U.write_usagestats(tmp_path, s, sdk=27)
    daily = _daily(tmp_path)
    for _, root, _ in daily:
        assert [c.tag for c in root] == ["packages", "configurations", "event-log"]
        assert {e.get("type") for e in root.iter("event")} == {"1", "2"}
        assert all(p.get("appLaunchCount") is None for p in root.iter("package"))
    assert all(w is not None for w in where)
