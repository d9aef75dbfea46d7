"""android_packages: packages.xml (plain and ABX) and packages.list, round trips from synth."""

from __future__ import annotations

import hashlib
import shutil
import struct
from pathlib import Path

import pyarrow as pa
import pytest

from devtriage.case import DEFAULT
from devtriage.identifiers import Normaliser
from devtriage.ingest import abx, android_packages, android_usagestats
from devtriage.ingest.base import Artifact, Context, Probe
from devtriage.synth import apps

MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z

PKGS = [
    apps.Package("com.android.chrome", MS - 400 * 86_400_000, MS - 3 * 86_400_000, 633_974_410, None, (), system=True),
    apps.Package("com.whatsapp", MS, MS + 86_400_000, 240_100_123, apps.PLAY, ("android.permission.INTERNET",)),
    apps.Package("com.systemservice", MS + 5_000, MS + 5_000, 321, apps.SIDELOAD, (), native=False),
    apps.Package("com.life360.android.safetymapd", MS + 9_999, MS + 20_000, 250_001, apps.PLAY, ()),
]


def run_file(module, path: Path, src: str):
    """Detect and read a non-SQLite file the way collect.py does (head + path, private copy)."""
    data = Path(path).read_bytes()
    probe = Probe(src, len(data), data[:100], None)
    assert module.detect(probe), f"{module.NAME} did not detect {src}"
    ctx = Context(device="t", case=DEFAULT, normaliser=Normaliser("GB"))
    ctx.adapter, ctx.src_file = module.NAME, src
    parts: dict[str, list[pa.Table]] = {}
    for name, table in module.read(Artifact(src, Path(path), len(data), probe), ctx):
        parts.setdefault(name, []).append(table)
    return {n: pa.concat_tables(ts) for n, ts in parts.items()}, ctx.warnings


# --- a minimal ABX writer, following BinaryXmlSerializer (see devtriage.ingest.abx) ----------


class AbxWriter:
    def __init__(self):
        self.out = bytearray(abx.MAGIC)
        self.interned: dict[str, int] = {}

    def _utf(self, s: str) -> None:
        b = s.encode("utf-8")
        self.out += struct.pack(">H", len(b)) + b

    def _interned(self, s: str) -> None:
        if s in self.interned:
            self.out += struct.pack(">H", self.interned[s])
        else:
            self.out += b"\xff\xff"
            self._utf(s)
            self.interned[s] = len(self.interned)

    def start_document(self):
        self.out.append(abx.START_DOCUMENT | abx.TYPE_NULL)

    def end_document(self):
        self.out.append(abx.END_DOCUMENT | abx.TYPE_NULL)

    def start(self, tag: str):
        self.out.append(abx.START_TAG | abx.TYPE_STRING_INTERNED)
        self._interned(tag)

    def end(self, tag: str):
        self.out.append(abx.END_TAG | abx.TYPE_STRING_INTERNED)
        self._interned(tag)

    def attr(self, name: str, value, typ: int):
        self.out.append(abx.ATTRIBUTE | typ)
        self._interned(name)
        if typ == abx.TYPE_STRING:
            self._utf(value)
        elif typ == abx.TYPE_STRING_INTERNED:
            self._interned(value)
        elif typ in (abx.TYPE_INT, abx.TYPE_INT_HEX):
            self.out += struct.pack(">i", value)
        elif typ in (abx.TYPE_LONG, abx.TYPE_LONG_HEX):
            self.out += struct.pack(">q", value)
        elif typ == abx.TYPE_BYTES_HEX:
            self.out += struct.pack(">H", len(value)) + value
        elif typ in (abx.TYPE_BOOLEAN_TRUE, abx.TYPE_BOOLEAN_FALSE):
            pass
        else:
            raise ValueError(typ)

    def text(self, s: str):
        self.out.append(abx.TEXT | abx.TYPE_STRING)
        self._utf(s)


def write_abx_packages(path: Path, pkgs: list[apps.Package]) -> list[str]:
    """packages.xml in the ABX form Android 12+ writes (typed attributes as Settings writes them)."""
    order = sorted(pkgs, key=lambda p: (not p.system, p.installed_ms, p.name))
    w = AbxWriter()
    w.start_document()
    w.start("packages")
    w.start("version")
    w.attr("sdkVersion", 33, abx.TYPE_INT)
    w.attr("databaseVersion", 3, abx.TYPE_INT)
    w.attr("fingerprint", "google/oriole/oriole:13/TQ3A/1:user/release-keys", abx.TYPE_STRING)
    w.end("version")
    for i, p in enumerate(order):
        w.start("package")
        w.attr("name", p.name, abx.TYPE_STRING)
        w.attr("codePath", f"/system/app/{i}" if p.system else f"/data/app/~~x/{p.name}-y", abx.TYPE_STRING)
        w.attr("publicFlags", 0x30C8BE44 | (1 if p.system else 0), abx.TYPE_INT)
        w.attr("privateFlags", 0, abx.TYPE_INT)
        w.attr("ft", p.updated_ms, abx.TYPE_LONG_HEX)
        w.attr("it", p.installed_ms, abx.TYPE_LONG_HEX)
        w.attr("ut", p.updated_ms, abx.TYPE_LONG_HEX)
        w.attr("version", p.version, abx.TYPE_LONG)
        w.attr("userId", 10_061 + i, abx.TYPE_INT)
        if p.installer and not p.system:
            w.attr("installer", p.installer, abx.TYPE_STRING_INTERNED)
        w.attr("isOrphaned", None, abx.TYPE_BOOLEAN_TRUE)
        w.start("sigs")
        w.attr("count", 1, abx.TYPE_INT)
        w.start("cert")
        w.attr("index", i, abx.TYPE_INT)
        w.attr("key", hashlib.sha256(p.name.encode()).digest() * 3, abx.TYPE_BYTES_HEX)
        w.end("cert")
        w.end("sigs")
        w.text("\n")
        w.end("package")
    w.start("shared-user")
    w.attr("name", "android.uid.system", abx.TYPE_STRING)
    w.attr("userId", 1000, abx.TYPE_INT)
    w.end("shared-user")
    w.end("packages")
    w.end_document()
    path.write_bytes(bytes(w.out))
    return [p.name for p in order]


def _check(t: pa.Table, order: list[str]) -> None:
    by = {p.name: p for p in PKGS}
    assert t.column("app").to_pylist() == order
    assert t.column("src_table").to_pylist() == ["package"] * len(order)
    assert t.column("src_row").to_pylist() == list(range(len(order)))
    assert t.column("name").null_count == len(order)
    inst = [int(x.timestamp() * 1000 + 0.5) for x in t.column("installed_ts").to_pylist()]
    upd = [int(x.timestamp() * 1000 + 0.5) for x in t.column("updated_ts").to_pylist()]
    assert inst == [by[n].installed_ms for n in order]
    assert upd == [by[n].updated_ms for n in order]
    assert t.column("version").to_pylist() == [by[n].version for n in order]
    assert t.column("installer").to_pylist() == [by[n].installer if not by[n].system else None for n in order]
    want_source = {"com.android.chrome": "system", "com.whatsapp": "store", "com.systemservice": "sideload",
                   "com.life360.android.safetymapd": "store"}
    assert t.column("source").to_pylist() == [want_source[n] for n in order]
    assert t.column("system").to_pylist() == [by[n].system for n in order]
    assert t.column("uid").to_pylist() == [10_061 + i for i in range(len(order))]
    assert t.column("cert_sha1").null_count == 0


def test_plain_packages_xml(tmp_path):
    path = tmp_path / "packages.xml"
    order = apps.write_packages_xml(path, PKGS)
    tables, warnings = run_file(android_packages, path, "data/system/packages.xml")
    assert warnings == []
    t = tables["apps"]
    _check(t, order)
    # cert_sha1 is the SHA-1 of the DER bytes in <cert key=...>
    assert t.column("cert_sha1")[0].as_py() == hashlib.sha1(bytes.fromhex(apps._cert_hex(
        next(p for p in PKGS if p.name == order[0])))).hexdigest().upper()


def test_abx_packages_xml(tmp_path):
    path = tmp_path / "packages.xml"
    order = write_abx_packages(path, PKGS)
    assert path.read_bytes()[:4] == b"ABX\x00"
    tables, warnings = run_file(android_packages, path, "data/system/packages.xml")
    assert warnings == []
    t = tables["apps"]
    _check(t, order)
    key = hashlib.sha256(order[0].encode()).digest() * 3
    assert t.column("cert_sha1")[0].as_py() == hashlib.sha1(key).hexdigest().upper()
    # ABX is only taken for the file names that hold the package list
    data = path.read_bytes()
    assert not android_packages.detect(Probe("data/system/package-restrictions.xml", len(data), data[:100]))


def test_abx_events_render_like_abx2xml():
    w = AbxWriter()
    w.start_document()
    w.start("a")
    w.attr("i", -1, abx.TYPE_INT)
    w.attr("h", -1, abx.TYPE_INT_HEX)
    w.attr("l", 1_767_225_600_000, abx.TYPE_LONG_HEX)
    w.attr("b", bytes([0, 255]), abx.TYPE_BYTES_HEX)
    w.attr("t", None, abx.TYPE_BOOLEAN_TRUE)
    w.attr("f", None, abx.TYPE_BOOLEAN_FALSE)
    w.attr("s", "\u00e9\U0001F600", abx.TYPE_STRING)
    w.start("a")  # the interned tag name again, by index
    w.end("a")
    w.end("a")
    w.end_document()
    ev = list(abx.events(bytes(w.out)))
    assert ev[0] == ("start", "a", {"i": "-1", "h": "ffffffff", "l": format(1_767_225_600_000, "x"), "b": "00FF",
                                    "t": "true", "f": "false", "s": "\u00e9\U0001F600"})
    assert ev[1:] == [("start", "a", {}), ("end", "a", None), ("end", "a", None)]
    assert abx.mutf8(b"a\xc0\x80b\xed\xa0\xbd\xed\xb8\x80") == "a\x00b\U0001F600"  # Java modified UTF-8
    with pytest.raises(abx.AbxError):
        list(abx.events(bytes(w.out)[:12]))


def test_damaged_files_keep_what_was_read(tmp_path):
    path = tmp_path / "packages.xml"
    order = apps.write_packages_xml(path, PKGS)
    data = path.read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: data.index(b"<package name=\"" + order[2].encode())] + b"<package name=\"x")
    tables, warnings = run_file(android_packages, cut, "data/system/packages.xml")
    assert tables["apps"].column("app").to_pylist() == order[:2]
    assert any("damaged" in w.reason for w in warnings)
    abx_path = tmp_path / "abx.xml"
    write_abx_packages(abx_path, PKGS)
    raw = abx_path.read_bytes()
    (tmp_path / "packages.xml").write_bytes(raw[: len(raw) * 2 // 3])
    tables, warnings = run_file(android_packages, tmp_path / "packages.xml", "data/system/packages.xml")
    assert 1 <= tables["apps"].num_rows < len(PKGS)
    assert any("damaged" in w.reason for w in warnings)


def test_packages_list(tmp_path):
    lines = [
        "com.android.chrome 10061 0 /data/user/0/com.android.chrome default:targetSdkVersion=28 3002,3003 0 633974410",
        "",
        "com.systemservice 10090 1 /data/user/0/com.systemservice default:targetSdkVersion=23 none 0 321",
        "garbage",
    ]
    path = tmp_path / "packages.list"
    path.write_text("\n".join(lines) + "\n")
    tables, warnings = run_file(android_packages, path, "data/system/packages.list")
    t = tables["apps"]
    assert t.column("app").to_pylist() == ["com.android.chrome", "com.systemservice"]
    assert t.column("uid").to_pylist() == [10061, 10090]
    assert t.column("debuggable").to_pylist() == [False, True]
    assert t.column("gids").to_pylist() == ["3002,3003", None]
    assert t.column("src_table").to_pylist() == ["packages.list"] * 2
    assert t.column("src_row").to_pylist() == [0, 2]
    assert t.column("installed_ts").null_count == 2
    assert [w.rows_skipped for w in warnings] == [1]
    # another text file called packages.list is not taken
    other = b"hello world\n"
    assert not android_packages.detect(Probe("data/system/packages.list", len(other), other))


def test_detect_is_specific(tmp_path):
    path = tmp_path / "packages.xml"
    apps.write_packages_xml(path, PKGS)
    head = path.read_bytes()[:100]
    assert android_packages.detect(Probe("anything.xml", 1000, head))  # by content
    assert not android_usagestats.detect(Probe("anything.xml", 1000, head))
    restr = b"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<package-restrictions>"
    assert not android_packages.detect(Probe("data/system/users/0/package-restrictions.xml", 100, restr))
    assert not android_packages.detect(Probe("packages.xml", 16, b"SQLite format 3\x00"))


def test_collect_reads_it(tmp_path):
    from devtriage.collect import ingest

    root = tmp_path / "ex"
    order = apps.write_packages_xml(root / "data/system/packages.xml", PKGS)
    shutil.copyfile(root / "data/system/packages.xml", tmp_path / "keep.xml")
    res = ingest(root)
    t = res.tables["apps"]
    assert t.column("app").to_pylist() == order
    assert set(t.column("src_file").to_pylist()) == {"data/system/packages.xml"}
    assert (root / "data/system/packages.xml").read_bytes() == (tmp_path / "keep.xml").read_bytes()
