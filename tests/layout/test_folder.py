"""FolderLayout, open_layout and device_name."""

from __future__ import annotations

import hashlib
import os

import pytest

from devtriage.layout import LayoutError, device_name, open_layout
from devtriage.layout.base import sha256_file
from devtriage.layout.folder import FolderLayout

TREE = {
    "a.txt": b"hello\n",
    "empty": b"",
    "sub/b.bin": bytes(range(256)) * 40,
    "sub/deeper/c.db": b"SQLite format 3\x00" + b"\x01" * 5000,
}


def write_tree(root, tree=TREE):
    for rel, data in tree.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root


def test_folder_lists_files_in_walk_order_with_bytes(tmp_path):
    root = write_tree(tmp_path / "EXH1")
    (root / "emptydir").mkdir()
    with FolderLayout(root) as lay:
        assert lay.kind == "folder"
        assert [e.path for e in lay.entries()] == list(TREE)
        for e in lay.entries():
            assert e.size == len(TREE[e.path])
            with lay.open(e) as fh:
                assert fh.read() == TREE[e.path]
        assert lay.rejected == []
        assert lay.find("sub/b.bin").size == len(TREE["sub/b.bin"])
        assert lay.find("missing") is None
        assert lay.head(lay.find("sub/deeper/c.db"), 16) == b"SQLite format 3\x00"


def test_folder_copy_to_hashes(tmp_path):
    root = write_tree(tmp_path / "EXH1")
    with FolderLayout(root) as lay:
        copied = lay.copy_to(lay.find("sub/b.bin"), tmp_path / "out.bin")
    assert copied.sha256 == hashlib.sha256(TREE["sub/b.bin"]).hexdigest()
    assert copied.size == len(TREE["sub/b.bin"])
    assert (tmp_path / "out.bin").read_bytes() == TREE["sub/b.bin"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_folder_does_not_follow_links(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not evidence")
    root = write_tree(tmp_path / "EXH1")
    os.symlink(outside, root / "link.txt")
    os.symlink(tmp_path, root / "linkdir")
    with FolderLayout(root) as lay:
        assert [e.path for e in lay.entries()] == list(TREE)


def test_open_layout_folder_and_errors(tmp_path):
    root = write_tree(tmp_path / "EXH1")
    with open_layout(root) as lay:
        assert lay.kind == "folder"
        assert lay.containers() == []
    with pytest.raises(LayoutError, match="no such"):
        open_layout(tmp_path / "nope")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"just some bytes, not an archive" * 40)
    with pytest.raises(LayoutError, match="unknown layout"):
        open_layout(junk)
    with pytest.raises(LayoutError):
        FolderLayout(junk)


def test_folder_evidence_unchanged(tmp_path):
    root = write_tree(tmp_path / "EXH1")
    before = {p: sha256_file(p) for p in root.rglob("*") if p.is_file()}
    with open_layout(root) as lay:
        for e in lay.entries():
            with lay.open(e) as fh:
                fh.read()
    after = {p: sha256_file(p) for p in root.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize(
    "name, expected",
    [
        ("EXH1.zip", "EXH1"),
        ("EXH2.tar.gz", "EXH2"),
        ("EXH3.TAR.BZ2", "EXH3"),
        ("EXH4.tgz", "EXH4"),
        ("EXH5.tar", "EXH5"),
        ("EXH6.tar.xz", "EXH6"),
        ("EXH7", "EXH7"),
        ("phone.v2.bin", "phone.v2.bin"),
        (".zip", ".zip"),
    ],
)
def test_device_name(tmp_path, name, expected):
    assert device_name(tmp_path / name) == expected


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    import os

    from devtriage.layout.folder import FolderLayout

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("a")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("b")
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    lay = FolderLayout(tmp_path)
    assert [e.path for e in lay.entries()] == ["ok/a.txt"]
    assert lay.rejected == ["locked: folder cannot be listed (Permission denied); its files are not read"]
