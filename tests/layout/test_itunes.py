"""iTunes/Finder backups built by hand: Manifest.db + plists + hashed files."""

from __future__ import annotations

import hashlib
import plistlib
import shutil
import sqlite3
import tarfile
import tempfile
import zipfile

import pytest

from devtriage.layout import LayoutError, open_layout
from devtriage.layout.base import sha256_file
from devtriage.layout.folder import FolderLayout
from devtriage.layout.itunes import ItunesLayout, find_backup_root

UDID = "00008030-001A2B3C4D5E802E"
SMS = ("HomeDomain", "Library/SMS/sms.db")
SMS_BYTES = b"SQLite format 3\x00" + bytes(range(256)) * 30
FILES = {
    SMS: SMS_BYTES,
    ("HomeDomain", "Library/AddressBook/AddressBook.sqlitedb"): b"SQLite format 3\x00contacts",
    ("AppDomain-com.example.chat", "Documents/chat.sqlite"): b"chat bytes " * 100,
    ("CameraRollDomain", "Media/DCIM/100APPLE/IMG_0001.HEIC"): b"",
}
MISSING = ("HomeDomain", "Library/Notes/notes.sqlite")


def file_id(domain, rel):
    return hashlib.sha1(f"{domain}-{rel}".encode()).hexdigest()


def manifest_rows(files):
    rows = [(file_id(d, r), d, r, 1) for d, r in files]
    rows.append((file_id("HomeDomain", "Library/SMS"), "HomeDomain", "Library/SMS", 2))
    rows.append((file_id("HomeDomain", "Library/link"), "HomeDomain", "Library/link", 4))
    rows.append((file_id(*MISSING), *MISSING, 1))
    return rows


def create_manifest(path, rows):
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, "
        "flags INTEGER, file BLOB)"
    )
    con.executemany("INSERT INTO Files VALUES (?, ?, ?, ?, x'00')", rows)
    con.commit()
    con.close()


def make_backup(root, files=FILES, *, encrypted=False, binary_plist=True, wal=False):
    """Write a backup folder at ``root``; with ``wal`` the rows live only in the -wal."""
    root.mkdir(parents=True, exist_ok=True)
    fmt = plistlib.FMT_BINARY if binary_plist else plistlib.FMT_XML
    (root / "Manifest.plist").write_bytes(
        plistlib.dumps({"IsEncrypted": encrypted, "Version": "10.0", "Lockdown": {}}, fmt=fmt)
    )
    (root / "Info.plist").write_bytes(plistlib.dumps({"Device Name": "Suspect iPhone"}))
    (root / "Status.plist").write_bytes(plistlib.dumps({"IsFullBackup": False}))
    rows = manifest_rows(files)
    if wal:
        work = tempfile.mkdtemp()
        db = f"{work}/Manifest.db"
        con = sqlite3.connect(db)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.execute(
            "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, "
            "flags INTEGER, file BLOB)"
        )
        con.commit()
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.executemany("INSERT INTO Files VALUES (?, ?, ?, ?, x'00')", rows)
        con.commit()
        shutil.copyfile(db, root / "Manifest.db")  # copied while the rows sit in the WAL
        shutil.copyfile(f"{db}-wal", root / "Manifest.db-wal")
        con.close()
        shutil.rmtree(work)
    else:
        create_manifest(root / "Manifest.db", rows)
    # hashed files, written in reverse so storage order differs from Manifest.db order
    for (domain, rel), data in reversed(list(files.items())):
        fid = file_id(domain, rel)
        (root / fid[:2]).mkdir(exist_ok=True)
        (root / fid[:2] / fid).write_bytes(data)
    return root


def zip_folder(folder, dest, under=""):
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, under + p.relative_to(folder).as_posix())
    return dest


def tree_state(root):
    return {p.relative_to(root): sha256_file(p) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Route tempfile.mkdtemp into a folder the test can inspect."""
    d = tmp_path / "private-tmp"
    d.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    return d


def check_backup(lay, files=FILES):
    assert lay.kind == "itunes"
    paths = {e.path for e in lay.entries()}
    assert paths == {f"{d}/{r}" for d, r in files}
    sms = lay.find("HomeDomain/Library/SMS/sms.db")
    assert sms.size == len(SMS_BYTES)
    with lay.open(sms) as fh:
        assert fh.read() == SMS_BYTES
    for (d, r), data in files.items():
        with lay.open(lay.find(f"{d}/{r}")) as fh:
            assert fh.read() == data
    for meta in ("Manifest.db", "Manifest.plist", "Info.plist", "Status.plist"):
        assert not any(p.endswith(meta) for p in paths)
    assert any("notes.sqlite" in r and "missing" in r for r in lay.rejected)


@pytest.mark.parametrize("binary_plist", [True, False])
def test_backup_at_folder_root(tmp_path, private_tmp, binary_plist):
    root = make_backup(tmp_path / UDID, binary_plist=binary_plist)
    assert find_backup_root(FolderLayout(root)) == ""
    with open_layout(root) as lay:
        check_backup(lay)
        assert lay.root == ""
        assert lay.containers() == []
        # storage order of the folder underneath, not Manifest.db's row order
        base_order = [e.path for e in lay.base.entries()]
        refs = [e.ref for e in lay.entries()]
        assert refs == sorted(refs, key=base_order.index)
    assert list(private_tmp.iterdir()) == []  # private Manifest.db copy removed


def test_backup_one_folder_down_in_zip(tmp_path, private_tmp):
    folder = make_backup(tmp_path / "src" / UDID)
    z = zip_folder(folder, tmp_path / "EXH9.zip", under=f"{UDID}/")
    with open_layout(z) as lay:
        check_backup(lay)
        assert lay.root == f"{UDID}/"
        assert lay.containers() == [z]
        assert lay.find("HomeDomain/Library/SMS/sms.db").ref == (
            f"{UDID}/{file_id(*SMS)[:2]}/{file_id(*SMS)}"
        )
    assert list(private_tmp.iterdir()) == []


def test_backup_one_folder_down_in_tar_gz(tmp_path, private_tmp):
    folder = make_backup(tmp_path / "src" / UDID)
    t = tmp_path / "EXH10.tar.gz"
    with tarfile.open(t, "w:gz") as tf:
        tf.add(folder, arcname=UDID)
    with open_layout(t) as lay:
        check_backup(lay)
        assert lay.kind == "itunes" and lay.base.kind == "tar"


def test_manifest_rows_in_wal_are_read(tmp_path, private_tmp):
    root = make_backup(tmp_path / UDID, wal=True)
    with open_layout(root) as lay:
        check_backup(lay)
        assert {e.path.rsplit("/", 1)[-1] for e, _ in lay.copied} == {"Manifest.db", "Manifest.db-wal"}


@pytest.mark.parametrize("wal", [False, True])
@pytest.mark.parametrize("container", ["folder", "zip"])
def test_evidence_unchanged(tmp_path, private_tmp, wal, container):
    evidence = tmp_path / "evidence"
    folder = make_backup(evidence / UDID, wal=wal)
    if container == "zip":
        z = zip_folder(folder, tmp_path / "EXH.zip", under=f"{UDID}/")
        shutil.rmtree(folder)
        target = evidence / "EXH.zip"
        z.rename(target)
    else:
        target = folder
    before = tree_state(evidence)
    with open_layout(target) as lay:
        for e in lay.entries():
            lay.copy_to(e, tmp_path / "out.bin")
    assert tree_state(evidence) == before  # same files (no -shm / -wal appeared), same bytes
    assert list(private_tmp.iterdir()) == []


def test_encrypted_backup_refused(tmp_path, private_tmp):
    root = make_backup(tmp_path / UDID, encrypted=True)
    before = tree_state(root)
    with pytest.raises(LayoutError, match="encrypted") as err:
        open_layout(root)
    assert "password" in str(err.value) and "iphone_backup_decrypt" in str(err.value)
    assert tree_state(root) == before
    assert list(private_tmp.iterdir()) == []


def test_manifest_db_not_sqlite_counts_as_encrypted(tmp_path, private_tmp):
    root = make_backup(tmp_path / UDID)
    (root / "Manifest.db").write_bytes(bytes(range(256)) * 16)  # ciphertext-like
    with pytest.raises(LayoutError, match="encrypted"):
        open_layout(root)
    (root / "Manifest.plist").unlink()  # Info.plist alone still marks the backup
    with pytest.raises(LayoutError, match="encrypted"):
        open_layout(root)
    assert list(private_tmp.iterdir()) == []


def test_mbdb_backup_not_supported(tmp_path, private_tmp):
    root = tmp_path / UDID
    root.mkdir()
    (root / "Manifest.mbdb").write_bytes(b"mbdb\x05\x00")
    (root / "Manifest.plist").write_bytes(plistlib.dumps({"IsEncrypted": False}))
    (root / "Info.plist").write_bytes(plistlib.dumps({}))
    with pytest.raises(LayoutError, match=r"Manifest\.mbdb backups \(iOS 9 and earlier\) are not supported"):
        open_layout(root)


def test_unreadable_manifest_db(tmp_path, private_tmp):
    root = make_backup(tmp_path / UDID)
    con = sqlite3.connect(root / "Manifest.db")
    con.execute("DROP TABLE Files")
    con.commit()
    con.close()
    with pytest.raises(LayoutError, match="Manifest.db is unreadable"):
        open_layout(root)
    assert list(private_tmp.iterdir()) == []


def test_find_backup_root(tmp_path):
    plain = tmp_path / "plain"
    (plain / "sub").mkdir(parents=True)
    (plain / "sub" / "Manifest.db").write_bytes(b"x")  # no plist beside it
    (plain / "Info.plist").write_bytes(b"x")
    assert find_backup_root(FolderLayout(plain)) is None
    deep = tmp_path / "deep"
    make_backup(deep / "a" / "b")  # two folders down: not taken for a backup
    assert find_backup_root(FolderLayout(deep)) is None
    one = tmp_path / "one"
    make_backup(one / UDID)
    assert find_backup_root(FolderLayout(one)) == f"{UDID}/"
    with open_layout(plain) as lay:
        assert lay.kind == "folder"


def test_open_delegates_and_rejects_foreign_entries(tmp_path, private_tmp):
    root = make_backup(tmp_path / UDID)
    with ItunesLayout(FolderLayout(root), "") as lay:
        sms = lay.find("HomeDomain/Library/SMS/sms.db")
        assert lay.head(sms, 16) == b"SQLite format 3\x00"
        with pytest.raises(LayoutError):
            lay.open(type(sms)("x/y", 1, "nope"))


def test_skipped_archive_members_are_reported_by_the_backup(tmp_path, private_tmp):
    folder = make_backup(tmp_path / "src" / UDID)
    z = zip_folder(folder, tmp_path / "EXH11.zip", under=f"{UDID}/")
    with zipfile.ZipFile(z, "a") as zf:
        zf.writestr("../escape.txt", b"x")
    with open_layout(z) as lay:
        assert lay.kind == "itunes"
        assert any("'../escape.txt'" in r for r in lay.rejected)
