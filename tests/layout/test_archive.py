"""ZipLayout and TarLayout: same files as a folder, safety rules, corrupt input."""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import warnings
import zipfile
import zlib

import pytest

from devtriage.layout import LayoutError, open_layout
from devtriage.layout import archive
from devtriage.layout.archive import TarLayout, ZipLayout, is_tar, is_zip
from devtriage.layout.base import sha256_file
from devtriage.layout.folder import FolderLayout

TREE = {
    "a.txt": b"hello\n",
    "empty": b"",
    "sub/b.bin": bytes(range(256)) * 40,
    "sub/deeper/c.db": b"SQLite format 3\x00" + b"\x01" * 5000,
}
TAR_MODES = {"tar": "w", "tar.gz": "w:gz", "tar.bz2": "w:bz2", "tar.xz": "w:xz"}


def write_tree(root, tree=TREE):
    for rel, data in tree.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root


def make_zip(path, members, compression=zipfile.ZIP_DEFLATED):
    """members: list of (name, bytes); a name ending in '/' is a folder."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are deliberate in some tests
        with zipfile.ZipFile(path, "w", compression) as zf:
            for name, data in members:
                zf.writestr(name, data)
    return path


def tar_file(tf, name, data):
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    tf.addfile(ti, io.BytesIO(data))


def make_tar(path, members, mode="w"):
    with tarfile.open(path, mode) as tf:
        for name, data in members:
            if name.endswith("/"):
                ti = tarfile.TarInfo(name.rstrip("/"))
                ti.type = tarfile.DIRTYPE
                tf.addfile(ti)
            else:
                tar_file(tf, name, data)
    return path


def make_archive(tmp_path, kind, members):
    if kind == "zip":
        return make_zip(tmp_path / "EXH.zip", members)
    return make_tar(tmp_path / f"EXH.{kind}", members, TAR_MODES[kind])


def read_all(layout):
    out = {}
    for e in layout.entries():
        with layout.open(e) as fh:
            out[e.path] = fh.read()
    return out


def tree_hashes(root):
    return {p.relative_to(root): sha256_file(p) for p in root.rglob("*") if p.is_file()}


ARCHIVE_KINDS = ["zip", *TAR_MODES]


@pytest.mark.parametrize("kind", ARCHIVE_KINDS)
def test_archive_matches_folder(tmp_path, kind):
    folder = write_tree(tmp_path / "EXH")
    with FolderLayout(folder) as lay:
        folder_paths = [e.path for e in lay.entries()]
        folder_bytes = read_all(lay)
    # folders and a "./" prefix, as `tar -C dir .` writes them
    members = [("./sub/", b""), ("./sub/deeper/", b"")] + [(f"./{k}", v) for k, v in TREE.items()]
    path = make_archive(tmp_path, kind, members)
    with open_layout(path) as lay:
        assert lay.kind == ("zip" if kind == "zip" else "tar")
        entries = lay.entries()
        assert [e.path for e in entries] == folder_paths  # storage order = insertion order
        assert [e.size for e in entries] == [len(TREE[p]) for p in folder_paths]
        assert read_all(lay) == folder_bytes
        assert lay.containers() == [path]
        assert lay.rejected == []
        assert lay.head(lay.find("sub/deeper/c.db"), 16) == b"SQLite format 3\x00"
        copied = lay.copy_to(lay.find("sub/b.bin"), tmp_path / "copy.bin")
        assert (tmp_path / "copy.bin").read_bytes() == TREE["sub/b.bin"]
        assert copied.size == len(TREE["sub/b.bin"])


@pytest.mark.parametrize("kind", ARCHIVE_KINDS)
def test_open_in_any_order_and_interleaved(tmp_path, kind):
    path = make_archive(tmp_path, kind, list(TREE.items()))
    with open_layout(path) as lay:
        entries = lay.entries()
        for e in reversed(entries):
            with lay.open(e) as fh:
                assert fh.read() == TREE[e.path]
        b, c = lay.find("sub/b.bin"), lay.find("sub/deeper/c.db")
        with lay.open(b) as fb, lay.open(c) as fc:
            parts_b, parts_c = [], []
            while True:
                x, y = fb.read(1000), fc.read(700)
                if not x and not y:
                    break
                parts_b.append(x)
                parts_c.append(y)
        assert b"".join(parts_b) == TREE["sub/b.bin"]
        assert b"".join(parts_c) == TREE["sub/deeper/c.db"]


@pytest.mark.parametrize("kind", ARCHIVE_KINDS)
def test_magic_bytes_not_names(tmp_path, kind):
    path = make_archive(tmp_path, kind, list(TREE.items()))
    renamed = path.rename(tmp_path / "evidence.bin")
    assert is_zip(renamed) == (kind == "zip")
    assert is_tar(renamed) == (kind != "zip")
    with open_layout(renamed) as lay:
        assert lay.kind == ("zip" if kind == "zip" else "tar")
        assert sorted(e.path for e in lay.entries()) == sorted(TREE)


def test_magic_negatives_and_empty_zip(tmp_path):
    text = tmp_path / "notes.tar"
    text.write_bytes(b"plain text pretending to be a tar\n" * 50)
    gz = tmp_path / "data.gz"
    gz.write_bytes(gzip.compress(b"not a tar inside" * 100))
    for p in (text, gz):
        assert not is_zip(p) and not is_tar(p)
    assert not is_tar(tmp_path / "missing")
    with tarfile.open(tmp_path / "v7b.tar", "w", format=tarfile.USTAR_FORMAT) as tf:
        tar_file(tf, "a.txt", b"x")
    block = bytearray((tmp_path / "v7b.tar").read_bytes())
    block[257:265] = b"\x00" * 8  # no ustar magic: an old v7 header, checksum still valid
    chk = 256 + sum(block[:148]) + sum(block[156:512])
    block[148:156] = b"%06o\x00 " % chk
    (tmp_path / "v7c.tar").write_bytes(bytes(block))
    assert is_tar(tmp_path / "v7c.tar")
    empty = make_zip(tmp_path / "empty.zip", [])
    assert is_zip(empty)
    with open_layout(empty) as lay:
        assert lay.entries() == []


@pytest.mark.parametrize("kind", ARCHIVE_KINDS)
def test_unsafe_names_rejected(tmp_path, kind):
    members = [
        ("ok.txt", b"fine"),
        ("../evil.txt", b"x"),
        ("/etc/passwd", b"x"),
        ("a/../../up.txt", b"x"),
        ("C:/Windows/win.ini", b"x"),
        ("dir/ok2.txt", b"fine too"),
    ]
    path = make_archive(tmp_path, kind, members)
    with open_layout(path) as lay:
        assert [e.path for e in lay.entries()] == ["ok.txt", "dir/ok2.txt"]
        assert read_all(lay) == {"ok.txt": b"fine", "dir/ok2.txt": b"fine too"}
        text = "\n".join(lay.rejected)
        assert len(lay.rejected) == 4
        for name in ("../evil.txt", "/etc/passwd", "a/../../up.txt", "C:/Windows/win.ini"):
            assert repr(name) in text
        assert "absolute" in text and ".." in text


def test_zip_backslash_names_checked(tmp_path):
    path = make_zip(tmp_path / "w.zip", [("..\\..\\evil.txt", b"x"), ("dir\\ok.txt", b"y")])
    with ZipLayout(path) as lay:
        assert [e.path for e in lay.entries()] == ["dir/ok.txt"]
        assert len(lay.rejected) == 1


def test_tar_links_devices_dirs_skipped(tmp_path):
    path = tmp_path / "links.tar"
    with tarfile.open(path, "w") as tf:
        tar_file(tf, "real.txt", b"data")
        for name, kind in [("sym", tarfile.SYMTYPE), ("hard", tarfile.LNKTYPE)]:
            ti = tarfile.TarInfo(name)
            ti.type = kind
            ti.linkname = "real.txt"
            tf.addfile(ti)
        ti = tarfile.TarInfo("fifo")
        ti.type = tarfile.FIFOTYPE
        tf.addfile(ti)
        ti = tarfile.TarInfo("d")
        ti.type = tarfile.DIRTYPE
        tf.addfile(ti)
    with TarLayout(path) as lay:
        assert [e.path for e in lay.entries()] == ["real.txt"]
        assert len(lay.rejected) == 1
        assert "2 links" in lay.rejected[0] and "1 devices or fifos" in lay.rejected[0]


def test_zip_symlink_skipped(tmp_path):
    path = tmp_path / "sym.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("real.txt", b"data")
        info = zipfile.ZipInfo("link")
        info.create_system = 3
        info.external_attr = (0o120777) << 16
        zf.writestr(info, b"real.txt")
    with ZipLayout(path) as lay:
        assert [e.path for e in lay.entries()] == ["real.txt"]
        assert "1 links" in lay.rejected[0]


@pytest.mark.parametrize("kind", ARCHIVE_KINDS)
def test_duplicate_paths_first_kept(tmp_path, kind):
    path = make_archive(tmp_path, kind, [("dup.txt", b"first"), ("./dup.txt", b"second")])
    with open_layout(path) as lay:
        assert read_all(lay) == {"dup.txt": b"first"}
        assert "duplicate" in lay.rejected[0]


# -- zip headers that lie ---------------------------------------------------------


def patch_zip(path, name, *, size=None, crc=None, flag_bits=None):
    """Rewrite one member's uncompressed size / CRC / flags in both its headers."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    lh = info.header_offset
    cd = raw.find(b"PK\x01\x02")
    while raw[cd + 46 : cd + 46 + len(name)] != name.encode():
        cd = raw.find(b"PK\x01\x02", cd + 4)
    if size is not None:
        struct.pack_into("<I", raw, lh + 22, size)
        struct.pack_into("<I", raw, cd + 24, size)
    if crc is not None:
        struct.pack_into("<I", raw, lh + 14, crc)
        struct.pack_into("<I", raw, cd + 16, crc)
    if flag_bits is not None:
        struct.pack_into("<H", raw, lh + 6, flag_bits)
        struct.pack_into("<H", raw, cd + 8, flag_bits)
    path.write_bytes(bytes(raw))


BIG = bytes(range(256)) * 400  # 102400 bytes


@pytest.mark.parametrize("forge_crc", [False, True])
@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_zip_member_understating_its_size_raises(tmp_path, forge_crc, method):
    path = make_zip(tmp_path / "lie.zip", [("ok.txt", b"fine"), ("big.bin", BIG)], method)
    patch_zip(path, "big.bin", size=100, crc=zlib.crc32(BIG[:100]) if forge_crc else None)
    with open_layout(path) as lay:
        entry = lay.find("big.bin")
        assert entry.size == 100
        with pytest.raises(LayoutError, match="big.bin: member"):
            with lay.open(entry) as fh:
                fh.read()
        with pytest.raises(LayoutError):
            lay.copy_to(entry, tmp_path / "out")
        assert lay.head(lay.find("ok.txt")) == b"fine"


def test_zip_member_overstating_its_size_raises(tmp_path):
    path = make_zip(tmp_path / "lie.zip", [("big.bin", BIG)])
    patch_zip(path, "big.bin", size=len(BIG) + 5000)
    with ZipLayout(path) as lay:
        with pytest.raises(LayoutError, match="ends after"):
            with lay.open(lay.entries()[0]) as fh:
                fh.read()


def test_zip_stored_member_with_inconsistent_sizes_rejected(tmp_path):
    path = make_zip(tmp_path / "s.zip", [("big.bin", BIG)], zipfile.ZIP_STORED)
    patch_zip(path, "big.bin", size=10)
    with ZipLayout(path) as lay:
        assert lay.entries() == []
        assert "stored member" in lay.rejected[0]


def test_zip_over_ratio_member_rejected(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "RATIO_MIN_BYTES", 100_000)
    path = make_zip(tmp_path / "bomb.zip", [("zeros.bin", bytes(2_000_000)), ("ok.bin", BIG)])
    with ZipLayout(path) as lay:
        assert [e.path for e in lay.entries()] == ["ok.bin"]
        assert "ratio" in lay.rejected[0] and "zeros.bin" in lay.rejected[0]


def test_size_limits(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 50_000)
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 60_000)
    members = [("big.bin", BIG), ("a.bin", b"a" * 40_000), ("b.bin", b"b" * 40_000)]
    for kind in ("zip", "tar.gz"):
        with open_layout(make_archive(tmp_path, kind, members)) as lay:
            assert [e.path for e in lay.entries()] == ["a.bin"]
            assert "limit per file" in lay.rejected[0]
            assert "in total" in lay.rejected[1]


def test_zip_encrypted_member_rejected(tmp_path):
    path = make_zip(tmp_path / "enc.zip", [("secret.txt", b"x" * 100), ("ok.txt", b"fine")])
    patch_zip(path, "secret.txt", flag_bits=0x1)
    with open_layout(path) as lay:
        assert [e.path for e in lay.entries()] == ["ok.txt"]
        assert "encrypted" in lay.rejected[0] and "secret.txt" in lay.rejected[0]


# -- corrupt and truncated archives ----------------------------------------------


def test_truncated_zip_raises_layout_error(tmp_path):
    members = [(f"f{i}.bin", bytes([i]) * 3000 + BIG[: i * 977]) for i in range(20)]
    path = make_archive(tmp_path, "zip", members)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])  # the central directory is gone
    # the messages name the archive path, which holds the test's name: match phrases
    with pytest.raises(LayoutError, match="is corrupt or truncated|not a readable"):
        lay = open_layout(path)
        try:
            read_all(lay)
        finally:
            lay.close()


@pytest.mark.parametrize("kind", TAR_MODES)
def test_truncated_tar_keeps_the_whole_members(tmp_path, kind):
    members = [(f"f{i}.bin", bytes([i]) * 3000 + BIG[: i * 977]) for i in range(20)]
    path = make_archive(tmp_path, kind, members)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 7 // 10])
    if kind == "tar.bz2":  # one 900 kB bz2 block: a cut block cannot be decoded at all
        with pytest.raises(LayoutError, match="corrupt, truncated"):
            open_layout(path)
        return
    with open_layout(path) as lay:
        entries = lay.entries()
        assert 0 < len(entries) < 20
        assert any("truncated" in r for r in lay.rejected)
        whole = 0
        for e in entries:  # each member reads back exactly, or says it was cut: never wrong bytes
            try:
                with lay.open(e) as fh:
                    got = fh.read()
            except LayoutError:
                assert e is entries[-1], "only the member the cut went through may fail"
                continue
            assert got == dict(members)[e.path]
            whole += 1
        assert whole >= len(entries) - 1


def test_garbage_after_magic(tmp_path):
    z = tmp_path / "bad.zip"
    z.write_bytes(b"PK\x03\x04" + b"\xff" * 2000)
    with pytest.raises(LayoutError, match="not a readable zip"):
        open_layout(z)
    t = tmp_path / "bad.tar.gz"
    t.write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 2000)
    assert not is_tar(t)
    with pytest.raises(LayoutError, match="not a readable tar"):
        TarLayout(t).entries()


def test_zip_corrupt_member_data_raises_on_read(tmp_path):
    path = make_zip(tmp_path / "c.zip", [("big.bin", BIG)])
    raw = bytearray(path.read_bytes())
    start = 30 + len("big.bin")
    for i in range(start + 20, start + 60):
        raw[i] ^= 0x5A
    path.write_bytes(bytes(raw))
    with ZipLayout(path) as lay:
        with pytest.raises(LayoutError, match="big.bin: member data is corrupt"):
            with lay.open(lay.entries()[0]) as fh:
                fh.read()


def test_tar_without_end_marker_is_flagged(tmp_path):
    path = make_tar(tmp_path / "cut.tar", [("a.txt", b"a" * 512), ("b.txt", b"b" * 512)])
    path.write_bytes(path.read_bytes()[: 4 * 512])  # two headers + data, no zero blocks
    with TarLayout(path) as lay:
        assert read_all(lay) == {"a.txt": b"a" * 512, "b.txt": b"b" * 512}
        assert "end-of-archive" in lay.rejected[0]


# -- evidence is never modified ----------------------------------------------------


@pytest.mark.parametrize("kind", ARCHIVE_KINDS)
def test_archive_evidence_unchanged(tmp_path, kind):
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    make_archive(evidence, kind, list(TREE.items()))
    before = tree_hashes(evidence)
    with open_layout(next(evidence.iterdir())) as lay:
        read_all(lay)
        lay.copy_to(lay.find("a.txt"), tmp_path / "a.txt")
    assert tree_hashes(evidence) == before


@pytest.mark.skipif(
    not hasattr(getattr(gzip, "_GzipReader", None), "_rewind"), reason="CPython gzip internals"
)
def test_tar_gz_in_order_reading_is_one_forward_pass(tmp_path, monkeypatch):
    path = make_tar(tmp_path / "big.tar.gz", [(f"f{i}.bin", bytes([i]) * 200_000) for i in range(12)], "w:gz")
    rewinds = []
    original = gzip._GzipReader._rewind

    def counting(self):
        rewinds.append(1)
        return original(self)

    monkeypatch.setattr(gzip._GzipReader, "_rewind", counting)
    with TarLayout(path) as lay:
        entries = lay.entries()
        assert not rewinds  # listing is one pass
        for e in entries:
            with lay.open(e) as fh:
                assert fh.read() == bytes([int(e.path[1:-4])]) * 200_000
        assert len(rewinds) == 1  # back to the start once, then forward only
