"""packages.xml: real element/attribute layout, hex times, determinism, planted packages."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

import numpy as np

from devtriage.synth import apps as A


def _rng(seed: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


def test_everyday_packages_realistic():
    pk = A.everyday_packages(_rng(1))
    names = [p.name for p in pk]
    assert len(names) == len(set(names))
    assert {"com.android.chrome", "com.google.android.apps.maps"} <= set(names)
    assert 12 <= len(pk) <= len(A.CATALOG)
    for p in pk:
        assert p.updated_ms >= p.installed_ms
        assert p.updated_ms <= A.DEFAULT_NOW_MS
        assert (p.installer is None) == p.system
    # different owners have different phones, and WhatsApp is on most of them
    sets = [frozenset(p.name for p in A.everyday_packages(_rng(s))) for s in range(20)]
    assert len(set(sets)) > 15
    assert sum("com.whatsapp" in s for s in sets) >= 14


def test_packages_xml(tmp_path):
    pk = A.everyday_packages(_rng(2))
    spy = A.Package("com.mspy.lite", installed_ms=1_772_600_000_000, updated_ms=1_772_600_000_000,
                    version=41, installer=A.SIDELOAD, permissions=("android.permission.RECEIVE_BOOT_COMPLETED",))
    path = tmp_path / "data" / "system" / "packages.xml"
    A.write_packages_xml(path, pk + [spy])
    raw = path.read_bytes()
    assert raw.startswith(b"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<packages>\n    <version ")
    root = ET.fromstring(raw)
    assert root.tag == "packages"
    assert root.find("version").get("sdkVersion") == "28"
    els = {e.get("name"): e for e in root.findall("package")}
    assert set(els) == {p.name for p in pk} | {spy.name}
    for p in pk + [spy]:
        e = els[p.name]
        assert int(e.get("it"), 16) == p.installed_ms
        assert int(e.get("ut"), 16) == p.updated_ms
        assert int(e.get("ft"), 16) == p.updated_ms
        assert e.get("version") == str(p.version)
        assert 10_000 <= int(e.get("userId")) < 20_000
        assert e.get("installer") == (None if p.system else p.installer)
        assert e.get("codePath").startswith("/system/app/" if p.system else f"/data/app/{p.name}-")
        assert e.find("sigs/cert").get("key").startswith("3082")
        assert [i.get("name") for i in e.findall("perms/item")] == list(p.permissions)
    assert els["com.mspy.lite"].get("installer") == "com.google.android.packageinstaller"
    keys = list(els["com.android.chrome"].attrib)
    assert keys[:3] == ["name", "codePath", "nativeLibraryPath"]
    assert keys.index("ft") < keys.index("it") < keys.index("ut") < keys.index("version") < keys.index("userId")
    uids = [int(e.get("userId")) for e in els.values()]
    assert len(set(uids)) == len(uids)


def test_packages_xml_deterministic(tmp_path):
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    A.write_packages_xml(a, A.everyday_packages(_rng(5)))
    pk = A.everyday_packages(_rng(5))
    A.write_packages_xml(b, list(reversed(pk)))  # input order does not matter
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    c = tmp_path / "c.xml"
    A.write_packages_xml(c, A.everyday_packages(_rng(6)))
    assert c.read_bytes() != a.read_bytes()
