"""Android installed packages: ``/data/system/packages.xml`` (plain XML and binary ABX) and
``/data/system/packages.list``.

The PackageManager keeps one ``<package>`` element per installed app in
``/data/system/packages.xml`` (AOSP ``com.android.server.pm.Settings.writePackageLPr``).
Android 11 and earlier write it as plain XML (``FastXmlSerializer``); Android 12+ write
Android Binary XML (magic ``ABX\\0``, read by :mod:`devtriage.ingest.abx`; ``abx2xml``
output is plain XML again and is read as such). Read per ``<package>`` child of the root
(``<updated-package>``, ``<shared-user>`` and the rest are skipped):

* ``name`` -> ``app``; ``name`` (the label) is not in this file: null;
* ``it`` (first install time), ``ut`` (last update time): ``Long.toHexString`` of Unix
  milliseconds (the ABX form stores them as hex longs, rendered the same way) ->
  ``installed_ts`` / ``updated_ts``; 0 or absent -> null;
* ``installer`` (the installing package, raw) and ``installInitiator`` (Android 11+);
  ``source`` sorts the installer into ``store`` (Google Play ``com.android.vending``,
  Galaxy Store, Amazon, Huawei, Xiaomi, OPPO/Heytap, vivo, F-Droid), ``sideload`` (a
  package installer: ``com.google.android.packageinstaller``,
  ``com.android.packageinstaller``, Samsung's and MIUI's), ``system`` (no installer and
  ``FLAG_SYSTEM``), ``unknown`` (no installer on a user app: ``adb install`` or not
  recorded) or ``other`` (installed by some other app);
* ``version`` (versionCode), ``userId`` / ``sharedUserId`` -> ``uid``, ``codePath`` ->
  ``code_path``, ``publicFlags`` -> ``flags`` and ``system`` (``ApplicationInfo.FLAG_SYSTEM``
  = 0x1, or a code path under ``/system``, ``/product``, ``/vendor``, ``/system_ext``, ``/apex``);
* ``<sigs><cert index= key=>``: the signing certificate (hex DER; only its first use in
  the file carries ``key``, later uses refer to ``index``) -> ``cert_sha1``, the SHA-1
  fingerprint indicator lists use (``;``-joined when several).

Provenance: ``src_table`` ``package``, ``src_row`` the 0-based index of the ``<package>``
element in the file. A file that is cut off or malformed keeps the packages read before
the damage, with a warning.

``/data/system/packages.list`` (written by ``Settings.writePackageListLPr``): one line per
package, space separated: name, uid, debuggable (0/1), data directory, SELinux info,
supplementary gids (``none`` or comma separated), then on newer releases profileable,
versionCode and more. Rows: ``app``, ``uid``, ``debuggable``, ``data_dir``, ``seinfo``,
``gids``; no install time; ``src_table`` ``packages.list``, ``src_row`` the 0-based line.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pyarrow as pa

from . import abx
from .arrowutil import timestamps, zero_to_null
from .base import Artifact, Context, Probe

NAME = "android_packages"
FORMAT = "Android installed packages: /data/system/packages.xml (plain XML or binary ABX) and packages.list"
VERSIONS = ("packages.xml plain XML Android 4-11 (and abx2xml output), Android Binary XML (ABX v0) Android 12-15; "
            "packages.list Android 4-15")
TABLES = ("apps",)

STORES = {
    "com.android.vending": "Google Play",
    "com.sec.android.app.samsungapps": "Galaxy Store",
    "com.amazon.venezia": "Amazon Appstore",
    "com.huawei.appmarket": "Huawei AppGallery",
    "com.xiaomi.market": "Xiaomi GetApps",
    "com.xiaomi.mipicks": "Xiaomi GetApps",
    "com.heytap.market": "OPPO App Market",
    "com.oppo.market": "OPPO App Market",
    "com.bbk.appstore": "vivo App Store",
    "org.fdroid.fdroid": "F-Droid",
}
PACKAGE_INSTALLERS = {"com.google.android.packageinstaller", "com.android.packageinstaller",
                      "com.samsung.android.packageinstaller", "com.miui.packageinstaller"}
_SYSTEM_PATHS = ("/system/", "/product/", "/vendor/", "/system_ext/", "/apex/", "/odm/", "/oem/")
FLAG_SYSTEM = 0x1

_PLAIN = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<packages[\s>/]", re.S)
_LIST_LINE = re.compile(rb"^[A-Za-z0-9_.]+ \d+ [01] /")


def detect(probe: Probe) -> bool:
    if probe.is_sqlite:
        return False
    if abx.is_abx(probe.head):
        return probe.name in ("packages.xml", "packages-backup.xml")
    if _PLAIN.match(probe.head):
        return True
    return probe.name == "packages.list" and bool(_LIST_LINE.match(probe.head))


def source_of(installer: str | None, system: bool) -> str:
    """The install source vocabulary of ``apps.source`` (see the module docstring)."""
    if installer:
        if installer in STORES:
            return "store"
        if installer in PACKAGE_INSTALLERS:
            return "sideload"
        return "other"
    return "system" if system else "unknown"


def _plain_events(path) -> Iterator[tuple[str, str | None, dict | None]]:
    for event, elem in ET.iterparse(path, events=("start", "end")):
        if event == "start":
            yield "start", elem.tag, dict(elem.attrib)
        else:
            yield "end", elem.tag, None
            if elem.tag == "package":
                elem.clear()


def _int(v: str | None, base: int = 10) -> int | None:
    if v is None or v == "":
        return None
    try:
        i = int(v, base)
    except ValueError:
        return None
    if base == 16 and i >= 1 << 63:  # Long.toHexString of a negative long
        i -= 1 << 64
    return i if -(1 << 63) <= i < 1 << 63 else None


def _packages(evts, ctx: Context) -> tuple[list[dict], list[list[int]], dict[int, str]]:
    rows: list[dict] = []
    certs: list[list[int]] = []
    keys: dict[int, str] = {}
    depth = 0
    current: dict | None = None
    bad = 0
    try:
        for kind, tag, attrs in evts:
            if kind == "start":
                depth += 1
                if depth == 2 and tag == "package":
                    current = attrs
                    rows.append(attrs)
                    certs.append([])
                elif current is not None and tag == "cert":
                    idx = _int(attrs.get("index"))
                    if idx is None:
                        bad += 1
                        continue
                    if attrs.get("key"):
                        keys.setdefault(idx, attrs["key"])
                    certs[-1].append(idx)
            elif kind == "end":
                if depth == 2 and tag == "package":
                    current = None
                depth -= 1
    except (ET.ParseError, abx.AbxError) as exc:
        ctx.warn(f"packages.xml damaged ({exc}): the {len(rows)} packages before the damage were read")
    if bad:
        ctx.warn(f"packages.xml: {bad} <cert> elements without a valid index (ignored)")
    return rows, certs, keys


def _sha1(key_hex: str) -> str | None:
    try:
        return hashlib.sha1(bytes.fromhex(key_hex)).hexdigest().upper()
    except ValueError:
        return None


def _read_xml(artifact: Artifact, ctx: Context) -> pa.Table:
    if abx.is_abx(artifact.probe.head):
        evts = abx.events(artifact.local.read_bytes())
    else:
        evts = _plain_events(str(artifact.local))
    rows, certs, keys = _packages(evts, ctx)
    cols: dict[str, list] = {k: [] for k in ("app", "it", "ut", "installer", "install_initiator", "version", "code_path",
                                             "uid", "flags", "system", "cert_sha1")}
    no_name = 0
    for attrs, idx in zip(rows, certs):
        name = attrs.get("name")
        no_name += not name
        flags = _int(attrs.get("publicFlags") or attrs.get("flags"))
        code = attrs.get("codePath")
        system = bool(flags is not None and flags & FLAG_SYSTEM) or bool(code and code.startswith(_SYSTEM_PATHS))
        sha = [s for s in (_sha1(keys[i]) for i in dict.fromkeys(idx) if i in keys) if s]
        cols["app"].append(name)
        cols["it"].append(_int(attrs.get("it"), 16))
        cols["ut"].append(_int(attrs.get("ut"), 16))
        cols["installer"].append(attrs.get("installer") or None)
        cols["install_initiator"].append(attrs.get("installInitiator") or None)
        cols["version"].append(_int(attrs.get("version")))
        cols["code_path"].append(code)
        cols["uid"].append(_int(attrs.get("userId")) if attrs.get("userId") else _int(attrs.get("sharedUserId")))
        cols["flags"].append(flags)
        cols["system"].append(system)
        cols["cert_sha1"].append(";".join(sha) or None)
    if no_name:
        ctx.warn(f"packages.xml: {no_name} <package> elements without a name (kept with app null)")
    n = len(rows)
    it, n_zero = zero_to_null(pa.array(cols["it"], pa.int64()))
    ut, _ = zero_to_null(pa.array(cols["ut"], pa.int64()))
    return pa.table({
        "app": pa.array(cols["app"], pa.string()),
        "name": pa.nulls(n, pa.string()),
        "installed_ts": timestamps(it, "ms", ctx, "packages.xml it"),
        "source": pa.array([source_of(i, s) for i, s in zip(cols["installer"], cols["system"])], pa.string()),
        "src_table": pa.array(["package"] * n, pa.string()),
        "src_row": pa.array(range(n), pa.int64()),
        "updated_ts": timestamps(ut, "ms", ctx, "packages.xml ut"),
        "installer": pa.array(cols["installer"], pa.string()),
        "install_initiator": pa.array(cols["install_initiator"], pa.string()),
        "version": pa.array(cols["version"], pa.int64()),
        "code_path": pa.array(cols["code_path"], pa.string()),
        "uid": pa.array(cols["uid"], pa.int64()),
        "flags": pa.array(cols["flags"], pa.int64()),
        "system": pa.array(cols["system"], pa.bool_()),
        "cert_sha1": pa.array(cols["cert_sha1"], pa.string()),
    })


def _read_list(artifact: Artifact, ctx: Context) -> pa.Table:
    cols: dict[str, list] = {k: [] for k in ("app", "uid", "debuggable", "data_dir", "seinfo", "gids", "src_row")}
    bad = 0
    with open(artifact.local, "rb") as fh:
        for i, raw in enumerate(fh):
            parts = raw.decode("utf-8", "replace").split()
            if not parts:
                continue
            if len(parts) < 4 or _int(parts[1]) is None:
                bad += 1
                continue
            cols["app"].append(parts[0])
            cols["uid"].append(_int(parts[1]))
            cols["debuggable"].append(parts[2] == "1")
            cols["data_dir"].append(parts[3])
            cols["seinfo"].append(parts[4] if len(parts) > 4 else None)
            cols["gids"].append(parts[5] if len(parts) > 5 and parts[5] != "none" else None)
            cols["src_row"].append(i)
    if bad:
        ctx.warn(f"packages.list: {bad} lines that are not 'name uid debuggable datadir ...' (skipped)", bad)
    n = len(cols["app"])
    return pa.table({
        "app": pa.array(cols["app"], pa.string()),
        "name": pa.nulls(n, pa.string()),
        "installed_ts": pa.nulls(n, pa.timestamp("ms", tz="UTC")),
        "source": pa.nulls(n, pa.string()),
        "src_table": pa.array(["packages.list"] * n, pa.string()),
        "src_row": pa.array(cols["src_row"], pa.int64()),
        "uid": pa.array(cols["uid"], pa.int64()),
        "debuggable": pa.array(cols["debuggable"], pa.bool_()),
        "data_dir": pa.array(cols["data_dir"], pa.string()),
        "seinfo": pa.array(cols["seinfo"], pa.string()),
        "gids": pa.array(cols["gids"], pa.string()),
    })


def read(artifact: Artifact, ctx: Context) -> Iterator[tuple[str, pa.Table]]:
    head = artifact.probe.head
    if not abx.is_abx(head) and not _PLAIN.match(head):
        yield "apps", _read_list(artifact, ctx)
        return
    yield "apps", _read_xml(artifact, ctx)
