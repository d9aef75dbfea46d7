"""Android's installed-packages list, ``/data/system/packages.xml``.

The PackageManager keeps every installed package in ``/data/system/packages.xml``. Since
Android 12 the file is stored as Android Binary XML ("ABX", magic ``ABX\\0``); Android 11
and earlier (and ABX files converted with ``abx2xml``) use the plain XML written here.
The layout follows AOSP ``com.android.server.pm.Settings.writePackageLPr`` of Android 9
(Pie) and a real Android 9 ``packages.xml``:

* ``<?xml version='1.0' encoding='utf-8' standalone='yes' ?>``, root ``<packages>``, a
  ``<version sdkVersion=... databaseVersion="3" fingerprint=... />`` line, 4-space indents
  (``FastXmlSerializer``);
* one ``<package>`` per app with attributes in this order: ``name``, ``codePath``,
  ``nativeLibraryPath``, ``primaryCpuAbi`` (apps with native code), ``publicFlags``,
  ``privateFlags``, ``ft`` (APK file timestamp), ``it`` (first install time), ``ut``
  (last update time) -- all three ``Long.toHexString`` of Unix milliseconds --,
  ``version`` (versionCode, decimal), ``userId`` (the app's uid, 10000+), ``installer``
  (installing package: ``com.android.vending`` for Google Play; absent for preinstalled
  system apps; ``com.google.android.packageinstaller`` for a sideloaded APK);
* children ``<sigs count="1" schemeVersion=...><cert index=... key=.../></sigs>``,
  ``<perms><item name=... granted="true" flags="0" /></perms>`` (install-time
  permissions) and ``<proper-signing-keyset identifier=... />``.

Certificates are deterministic placeholders shaped like DER hex (``3082...``), not real
signing certificates. Output bytes depend only on the package list (apps sorted by
install time, then name; uids assigned in that order).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np

PLAY = "com.android.vending"
SIDELOAD = "com.google.android.packageinstaller"

_FLAG_SYSTEM = 0x1
_FLAG_HAS_CODE = 0x4
_FLAG_ALLOW_CLEAR_USER_DATA = 0x40
_FLAG_ALLOW_BACKUP = 0x8000
_FLAG_SUPPORTS_RTL = 0x400000
_USER_FLAGS = _FLAG_HAS_CODE | _FLAG_ALLOW_CLEAR_USER_DATA | _FLAG_ALLOW_BACKUP | _FLAG_SUPPORTS_RTL | 0x3C00 | 0x2000_0000

_NET = ("android.permission.INTERNET", "android.permission.ACCESS_NETWORK_STATE", "android.permission.WAKE_LOCK")
_FGS = ("android.permission.FOREGROUND_SERVICE", "android.permission.RECEIVE_BOOT_COMPLETED")
_BT = ("android.permission.BLUETOOTH",)
_NFC = ("android.permission.NFC",)
_VIB = ("android.permission.VIBRATE",)


@dataclass(frozen=True)
class Package:
    """One installed app. Times are Unix ms; ``installer`` is None for preinstalled apps."""

    name: str
    installed_ms: int
    updated_ms: int
    version: int
    installer: str | None = PLAY
    permissions: tuple[str, ...] = ()
    """Install-time (normal) permissions written under ``<perms>``."""
    system: bool = False
    """Preinstalled under ``/system/app`` (no installer, ``FLAG_SYSTEM``)."""
    native: bool = True
    """Ships native code (writes ``primaryCpuAbi``)."""


# package, preinstalled?, chance a user has it, versionCode range, extra permissions
CATALOG: tuple[tuple[str, bool, float, tuple[int, int], tuple[str, ...]], ...] = (
    ("com.android.chrome", True, 1.0, (588_700_000, 636_700_000), _NET + _VIB + _NFC),
    ("com.google.android.apps.maps", True, 1.0, (1_060_000_000, 1_070_000_000), _NET + _FGS + _BT),
    ("com.google.android.gm", True, 1.0, (64_000_000, 64_999_999), _NET + _FGS),
    ("com.google.android.youtube", True, 1.0, (1_540_000_000, 1_560_000_000), _NET + _FGS),
    ("com.google.android.apps.photos", True, 1.0, (48_000_000, 49_999_999), _NET + _FGS),
    ("com.google.android.calendar", True, 0.95, (2_024_000_000, 2_025_999_999), _NET + _FGS),
    ("com.google.android.apps.walletnfcrel", True, 0.8, (9_000_000, 9_999_999), _NET + _NFC + _VIB),
    ("com.whatsapp", False, 0.92, (240_100_000, 241_199_999), _NET + _FGS + _VIB + _BT),
    ("com.instagram.android", False, 0.6, (370_000_000, 380_000_000), _NET + _FGS + _VIB),
    ("com.facebook.katana", False, 0.5, (440_000_000, 460_000_000), _NET + _FGS + _VIB),
    ("com.facebook.orca", False, 0.4, (440_000_000, 460_000_000), _NET + _FGS + _VIB),
    ("com.zhiliaoapp.musically", False, 0.4, (2_023_400_000, 2_023_900_000), _NET + _FGS),
    ("com.snapchat.android", False, 0.35, (126_000, 128_000), _NET + _FGS + _VIB),
    ("org.telegram.messenger", False, 0.25, (49_000, 50_999), _NET + _FGS + _VIB),
    ("org.thoughtcrime.securesms", False, 0.12, (1_450, 1_499), _NET + _FGS + _VIB),
    ("com.spotify.music", False, 0.55, (127_000_000, 129_999_999), _NET + _FGS + _BT),
    ("com.netflix.mediaclient", False, 0.45, (62_000, 63_999), _NET),
    ("com.amazon.mShop.android.shopping", False, 0.5, (1_241_000_000, 1_242_999_999), _NET + _FGS),
    ("com.ebay.mobile", False, 0.25, (6_150_000, 6_199_999), _NET),
    ("fr.vinted", False, 0.2, (24_100_000, 24_999_999), _NET),
    ("com.ubercab", False, 0.35, (4_470_000, 4_499_999), _NET + _FGS + _VIB),
    ("com.waze", False, 0.25, (1_046_000, 1_049_999), _NET + _FGS + _BT),
    ("com.citymapper.app.release", False, 0.15, (12_000_000, 12_999_999), _NET),
    ("com.thetrainline", False, 0.3, (1_890, 1_999), _NET),
    ("com.deliveroo.orderapp", False, 0.3, (3_290_000, 3_299_999), _NET + _VIB),
    ("com.justeat.app.uk", False, 0.3, (4_450_000, 4_499_999), _NET + _VIB),
    ("com.paypal.android.p2pmobile", False, 0.35, (8_700, 8_999), _NET + _NFC),
    ("com.revolut.revolut", False, 0.25, (1_000_700, 1_000_999), _NET + _NFC + _VIB),
    ("co.uk.getmondo", False, 0.2, (2_024_000, 2_024_999), _NET + _NFC + _VIB),
    ("com.barclays.android.barclaysmobilebanking", False, 0.2, (1_000_000, 1_099_999), _NET + _NFC),
    ("uk.co.hsbc.hsbcukmobilebanking", False, 0.15, (3_300, 3_499), _NET + _NFC),
    ("com.grppl.android.shopping", False, 0.2, (174_000, 179_999), _NET + _NFC),
    ("bbc.mobile.news.uk", False, 0.25, (6_420, 6_499), _NET),
    ("com.duolingo", False, 0.25, (1_900, 1_999), _NET + _VIB),
    ("com.strava", False, 0.15, (1_390_000, 1_399_999), _NET + _FGS + _BT),
    ("com.king.candycrushsaga", False, 0.2, (1_285_000, 1_289_999), _NET),
    ("com.shazam.android", False, 0.2, (1_440_000, 1_449_999), _NET),
    ("us.zoom.videomeetings", False, 0.2, (68_000, 69_999), _NET + _FGS + _BT),
    ("com.microsoft.teams", False, 0.2, (2_024_000_000, 2_024_999_999), _NET + _FGS + _BT),
    ("com.linkedin.android", False, 0.2, (184_000, 189_999), _NET),
    ("com.twitter.android", False, 0.2, (310_000_000, 319_999_999), _NET + _VIB),
    ("com.reddit.frontpage", False, 0.18, (2_025_000, 2_025_999), _NET),
    ("com.booking", False, 0.25, (19_000, 19_999), _NET),
    ("com.airbnb.android", False, 0.15, (24_000_000, 24_999_999), _NET),
    ("com.tinder", False, 0.1, (5_600, 5_699), _NET + _VIB),
    ("com.bumble.app", False, 0.08, (3_400, 3_499), _NET + _VIB),
)


def _ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


DEFAULT_SETUP_MS = _ms(datetime(2024, 9, 14, 10, 12, tzinfo=UTC))
DEFAULT_NOW_MS = _ms(datetime(2026, 3, 31, 18, 0, tzinfo=UTC))
ROM_BUILD_MS = _ms(datetime(2024, 6, 5, 8, 0, tzinfo=UTC))


def everyday_packages(rng: np.random.Generator, *, setup_ms: int = DEFAULT_SETUP_MS, now_ms: int = DEFAULT_NOW_MS) -> list[Package]:
    """A realistic app list for one owner: the preinstalled Google apps plus a draw of
    common apps (messaging, social, shopping, food, transport, banking, news, games).

    Most store apps arrive on the setup day (restored from a backup within a few hours);
    the rest are installed later. Apps are updated every few weeks until ``now_ms``.
    Preinstalled apps carry the ROM build time as install time.
    """
    out: list[Package] = []
    span = max(now_ms - setup_ms, 1)
    for name, system, p, (v0, v1), perms in CATALOG:
        # one draw per catalogue row, always, so the stream does not depend on earlier results
        u, w, z, upd = rng.random(), rng.random(), rng.random(), rng.random()
        version = int(rng.integers(v0, v1 + 1))
        if u >= p:
            continue
        if system:
            installed = ROM_BUILD_MS
        elif w < 0.7:
            installed = setup_ms + int(z * 4 * 3_600_000)
        else:
            installed = setup_ms + int(z * span)
        # apps updated recently, most within the last month
        updated = max(installed, now_ms - int(upd * upd * 60 * 86_400_000))
        out.append(Package(name, installed, updated, version, None if system else PLAY, perms, system))
    return out


def _code_path(p: Package) -> str:
    if p.system:
        leaf = p.name.rsplit(".", 1)[-1].capitalize()
        return f"/system/app/{leaf}"
    digest = hashlib.sha256(("code:" + p.name).encode()).digest()[:16]
    return f"/data/app/{p.name}-{base64.urlsafe_b64encode(digest).decode()}"


def _cert_hex(p: Package) -> str:
    body = b"".join(hashlib.sha256(f"cert:{p.name}:{i}".encode()).digest() for i in range(24))
    return "308202f4308201dca003020102" + body.hex()[: 2 * 740]


def _line(tag: str, attrs: list[tuple[str, str]], close: bool) -> str:
    a = "".join(f" {k}={quoteattr(v)}" for k, v in attrs)
    return f"<{tag}{a}{' />' if close else '>'}"


def write_packages_xml(path, packages: list[Package], *, sdk: int = 28,
                       fingerprint: str = "samsung/beyond1ltexx/beyond1:9/PPR1.180610.011/G973FXXU3ASJ1:user/release-keys") -> list[str]:
    """Write ``packages.xml`` (plain-XML form, Android 9 layout) for ``packages``.

    Returns the package names in the order of their ``<package>`` elements (the element
    index is a package's record number).
    """
    pkgs = sorted(packages, key=lambda p: (not p.system, p.installed_ms, p.name))
    lines = ["<?xml version='1.0' encoding='utf-8' standalone='yes' ?>", "<packages>"]
    lines.append("    " + _line("version", [("sdkVersion", str(sdk)), ("databaseVersion", "3"), ("fingerprint", fingerprint)], True))
    lines.append("    " + _line("version", [("volumeUuid", "primary_physical"), ("sdkVersion", str(sdk)),
                                            ("databaseVersion", "3"), ("fingerprint", fingerprint)], True))
    lines.append("    <permission-trees />")
    for i, p in enumerate(pkgs):
        code = _code_path(p)
        flags = _USER_FLAGS | (_FLAG_SYSTEM if p.system else 0)
        flags = flags - (1 << 32) if flags >= 1 << 31 else flags
        attrs = [("name", p.name), ("codePath", code), ("nativeLibraryPath", f"{code}/lib")]
        if p.native:
            attrs.append(("primaryCpuAbi", "arm64-v8a"))
        attrs += [
            ("publicFlags", str(flags)),
            ("privateFlags", "8" if p.system else "0"),
            ("ft", format(p.updated_ms, "x")),
            ("it", format(p.installed_ms, "x")),
            ("ut", format(p.updated_ms, "x")),
            ("version", str(p.version)),
            ("userId", str(10_061 + i)),
        ]
        if p.installer and not p.system:
            attrs.append(("installer", p.installer))
        lines.append("    " + _line("package", attrs, False))
        lines.append("        " + _line("sigs", [("count", "1"), ("schemeVersion", "2")], False))
        lines.append("            " + _line("cert", [("index", str(i)), ("key", _cert_hex(p))], True))
        lines.append("        </sigs>")
        if p.permissions:
            lines.append("        <perms>")
            for perm in p.permissions:
                lines.append("            " + _line("item", [("name", perm), ("granted", "true"), ("flags", "0")], True))
            lines.append("        </perms>")
        lines.append("        " + _line("proper-signing-keyset", [("identifier", str(i + 1))], True))
        lines.append("    </package>")
    lines.append("</packages>")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return [p.name for p in pkgs]
