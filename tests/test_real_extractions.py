"""The real sample databases, laid out as extractions, through the whole ingest pipeline.

Every database in ../shared/data/android and ../shared/data/ios is placed in an
extraction tree (some under their on-device paths, some renamed and flattened, as exports
often are), then the same tree is packed as a zip and a tar.gz and, for iOS, as a
hand-built iTunes backup. Each must be read by the right adapter, and every layout must
give the same tables. The samples themselves must not change by a byte.
"""

from __future__ import annotations

import hashlib
import plistlib
import shutil
import sqlite3
import tarfile
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest

from devtriage import collect

DATA = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data").resolve()

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data not present: real-sample tests need it")

# sample -> (path inside the extraction, adapters that must read it)
ANDROID = {
    "android/plaso_mmssms.db": ("data/data/com.android.providers.telephony/databases/mmssms.db", ["android_sms"]),
    "android/dfrws2021_samsung_mmssms.db": ("exports/samsung_sms_copy.sqlite", ["android_sms"]),
    "android/andriller_calllog.db": ("data/data/com.android.providers.contacts/databases/calllog.db", ["android_calls"]),
    "android/plaso_contacts2.db": ("flat/contacts2 (1).db", ["android_calls", "android_contacts"]),
    "location/gpx/korita-zbevnica.gpx": ("sdcard/Download/korita-zbevnica.gpx", ["gpx"]),
    "location/gpx/around-visnjan-with-car.gpx": ("exports/renamed track.xml", ["gpx"]),  # recognised by content
}
WA = "private/var/mobile/Containers/Shared/AppGroup/6BAE0A5A-6F0B-4C4A-9D8A-0C2B8C1D2E3F"
IOS = {
    "ios/magnet_ctf2020_sms.db": ("private/var/mobile/Library/SMS/sms.db", ["ios_sms"]),
    "ios/plaso_imessage_chat.db": ("exports/chat.db", ["ios_sms"]),
    "ios/whatsapp_josh_ios15/ChatStorage.sqlite": (f"{WA}/ChatStorage.sqlite", ["whatsapp_ios"]),
    "ios/whatsapp_josh_ios15/CallHistory.sqlite": (f"{WA}/CallHistory.sqlite", ["whatsapp_ios_calls"]),
    "ios/whatsapp_josh_ios15/ContactsV2.sqlite": (f"{WA}/ContactsV2.sqlite", ["whatsapp_ios_contacts"]),
}
# iTunes backup domains for the iOS files (domain, relativePath)
BACKUP = {
    "ios/magnet_ctf2020_sms.db": ("HomeDomain", "Library/SMS/sms.db"),
    "ios/plaso_imessage_chat.db": ("HomeDomain", "Library/SMS/Archive/chat.db"),
    "ios/whatsapp_josh_ios15/ChatStorage.sqlite": ("AppDomainGroup-group.net.whatsapp.WhatsApp.shared", "ChatStorage.sqlite"),
    "ios/whatsapp_josh_ios15/CallHistory.sqlite": ("AppDomainGroup-group.net.whatsapp.WhatsApp.shared", "CallHistory.sqlite"),
    "ios/whatsapp_josh_ios15/ContactsV2.sqlite": ("AppDomainGroup-group.net.whatsapp.WhatsApp.shared", "ContactsV2.sqlite"),
}
SIDE = ("-wal", "-shm", "-journal")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sample_hashes():
    """SHA-256 of every sample file before the tests; checked again at the end."""
    before = {p: _digest(p) for p in sorted(DATA.rglob("*")) if p.is_file()}
    yield before
    after = {p: _digest(p) for p in sorted(DATA.rglob("*")) if p.is_file()}
    assert after == before, "a sample under ../shared/data changed or gained a file"


def _tree(root: Path, layout: dict) -> Path:
    for rel, (dest, _) in layout.items():
        target = root / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DATA / rel, target)
        for s in SIDE:
            if (DATA / (rel + s)).exists():
                shutil.copyfile(DATA / (rel + s), str(target) + s)
    return root


def _zip(root: Path, dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(root).as_posix())
    return dest


def _tar(root: Path, dest: Path) -> Path:
    with tarfile.open(dest, "w:gz") as tf:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                tf.add(p, p.relative_to(root).as_posix())
    return dest


def _backup(dest: Path) -> Path:
    """A hand-built iTunes/Finder backup (iOS 10+ layout) holding the iOS samples."""
    dest.mkdir(parents=True)
    conn = sqlite3.connect(dest / "Manifest.db")
    conn.execute("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)")
    for rel, (domain, rpath) in BACKUP.items():
        for s in ("",) + SIDE:
            src = DATA / (rel + s)
            if not src.exists():
                continue
            file_id = hashlib.sha1(f"{domain}-{rpath}{s}".encode()).hexdigest()
            (dest / file_id[:2]).mkdir(exist_ok=True)
            shutil.copyfile(src, dest / file_id[:2] / file_id)
            conn.execute("INSERT INTO Files VALUES (?, ?, ?, 1, NULL)", (file_id, domain, rpath + s))
    conn.commit()
    conn.close()
    (dest / "Manifest.plist").write_bytes(plistlib.dumps({"IsEncrypted": False, "Version": "10.0"}))
    (dest / "Info.plist").write_bytes(plistlib.dumps({"Device Name": "test", "Product Version": "15.0"}))
    (dest / "Status.plist").write_bytes(plistlib.dumps({"IsFullBackup": False}))
    return dest


def _without_paths(table: pa.Table) -> pa.Table:
    return table.drop_columns(["src_file"])


def _check_adapters(result, layout: dict, path_of=lambda rel, dest: dest):
    by_path = {r["path"]: r["adapters"] for r in result.manifest["inputs"]}
    for rel, (dest, adapters) in layout.items():
        assert by_path.get(path_of(rel, dest)) == adapters, f"{rel} read by {by_path.get(path_of(rel, dest))}, want {adapters}"


@pytest.mark.parametrize("name, layout", [("android", ANDROID), ("ios", IOS)])
def test_folder_zip_and_tar_give_identical_tables(tmp_path, sample_hashes, name, layout):
    root = _tree(tmp_path / name, layout)
    results = [collect.ingest(root), collect.ingest(_zip(root, tmp_path / f"{name}.zip")), collect.ingest(_tar(root, tmp_path / f"{name}.tar.gz"))]
    for r in results:
        _check_adapters(r, layout)
        assert r.device == name
    for table in results[0].tables:
        for other in results[1:]:
            assert other.tables[table].equals(results[0].tables[table]), f"{table} differs between layouts"
    msgs = results[0].tables["messages"]
    assert msgs.num_rows > 0


def test_real_android_row_counts(tmp_path, sample_hashes):
    res = collect.ingest(_tree(tmp_path / "android", ANDROID))
    m = res.tables["messages"]
    per_file = {f: m.filter(pa.compute.equal(m["src_file"], f)).num_rows for f in set(m["src_file"].to_pylist())}
    assert per_file == {ANDROID["android/plaso_mmssms.db"][0]: 9, ANDROID["android/dfrws2021_samsung_mmssms.db"][0]: 32}
    c = res.tables["calls"]
    assert c.num_rows == 3 + 1
    assert set(m["direction"].to_pylist()) == {"in", "out"}
    # every row's provenance leads back to a row of its source table
    assert m["src_row"].null_count == 0 and set(m["src_table"].to_pylist()) == {"sms"}
    loc = res.tables["locations"]  # GPX: trkpt + wpt elements of each file
    per_file = {f: loc.filter(pa.compute.equal(loc["src_file"], f)).num_rows for f in set(loc["src_file"].to_pylist())}
    texts = {dest: (DATA / rel).read_text() for rel, (dest, _) in ANDROID.items() if rel.endswith(".gpx")}
    assert per_file == {d: t.count("<trkpt ") + t.count("<wpt ") for d, t in texts.items()}


def test_itunes_backup_gives_the_same_tables_as_the_tree(tmp_path, sample_hashes):
    tree = collect.ingest(_tree(tmp_path / "ios", IOS))
    backup_dir = _backup(tmp_path / "00008030-001A2B3C4D5E6F70")
    backup = collect.ingest(backup_dir, device="ios")
    assert backup.manifest["extraction"]["layout"] == "itunes"
    _check_adapters(backup, IOS, path_of=lambda rel, dest: "/".join(BACKUP[rel]))
    for table in tree.tables:
        assert _without_paths(backup.tables[table]).equals(_without_paths(tree.tables[table])), table
    # and the backup zipped, one folder down, as backups are often delivered
    z = tmp_path / "backup.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(backup_dir.rglob("*")):
            zf.write(p, (Path(backup_dir.name) / p.relative_to(backup_dir)).as_posix())
    zipped = collect.ingest(z, device="ios")
    assert zipped.manifest["extraction"]["layout"] == "itunes"
    for table in tree.tables:
        assert zipped.tables[table].equals(backup.tables[table]), table
