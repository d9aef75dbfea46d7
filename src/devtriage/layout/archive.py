"""Zip and tar archives of an extraction, read in place.

Formats:

* **zip** (PKWARE APPNOTE; zip64 included): a local header before each member's data and
  a central directory at the end listing every member with its declared sizes, CRC-32,
  compression method (stored, deflate, bzip2, LZMA) and flags (bit 0 = encrypted).
  Extraction tools export logical and file-system extractions this way (a UFDR is a zip
  too).
* **tar** (POSIX ustar / pax, GNU, old v7), plain or compressed as a whole with gzip,
  bzip2 or xz: a 512-byte header before each member, no index. Listing a compressed tar
  decompresses it once; reading members in storage order is then one more forward pass
  (members opened out of order are still read correctly, by rewinding, only slower).

Members are never unpacked to disk: :meth:`open` streams one member out of the archive.
Unsafe names (absolute, drive letters, ``..``), encrypted members, unsupported
compression, duplicate paths and zip-bomb-like members are skipped and explained in
``rejected``; links, devices and folders are not files and are skipped. The stream
returned by :meth:`open` raises :class:`LayoutError` when a member does not yield exactly
its declared size (headers can lie) or its data is corrupt.
"""

from __future__ import annotations

import bz2
import copy
import gzip
import io
import lzma
import re
import stat
import tarfile
import zipfile
from pathlib import Path
from typing import BinaryIO

from .base import CHUNK, Entry, Layout, LayoutError

#: a member declaring more than this is rejected
MAX_MEMBER_BYTES = 64 << 30
#: members past this running total of declared sizes are rejected
MAX_TOTAL_BYTES = 4 << 40
#: a zip member compressed more than this ratio ...
MAX_RATIO = 200
#: ... and larger than this once decompressed is rejected as a likely zip bomb
RATIO_MIN_BYTES = 1 << 30

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_GZIP_MAGIC = b"\x1f\x8b"
_BZ2_MAGIC = b"BZh"
_XZ_MAGIC = b"\xfd7zXZ\x00"
_TAR_NAMES = (".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz")
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}
_ZIP_METHOD_NAMES = {9: "Deflate64", 12: "bzip2", 93: "Zstandard", 95: "xz", 98: "PPMd", 99: "AES"}


def _read_head(path: Path, n: int) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError:
        return b""


def is_zip(path: str | Path) -> bool:
    """True when the file starts with a zip local header (or is an empty zip)."""
    return _read_head(Path(path), 4) in _ZIP_MAGIC


def _compression(head: bytes) -> str:
    if head.startswith(_GZIP_MAGIC):
        return "gz"
    if head.startswith(_BZ2_MAGIC):
        return "bz2"
    if head.startswith(_XZ_MAGIC):
        return "xz"
    return ""


def _is_tar_header(block: bytes) -> bool:
    """A 512-byte block that tarfile would accept as a first header."""
    if len(block) < 512 or block.count(0) == 512:
        return False
    if block[257:262] == b"ustar":
        return True
    field = block[148:156].replace(b"\x00", b" ").strip()
    try:
        chksum = int(field, 8)
    except ValueError:
        return False
    return chksum in tarfile.calc_chksums(block)


def is_tar(path: str | Path) -> bool:
    """True when the file is a tar, plain or gzip/bzip2/xz-compressed (reads one block)."""
    p = Path(path)
    head = _read_head(p, 512)
    comp = _compression(head)
    if not comp:
        return _is_tar_header(head)
    opener = {"gz": gzip.GzipFile, "bz2": bz2.BZ2File, "xz": lzma.LZMAFile}[comp]
    try:
        with opener(p, "rb") as fh:
            return _is_tar_header(fh.read(512))
    except EOFError:
        # Cut off before the first header came out (bzip2 emits whole blocks): the
        # content cannot tell, so trust a tar name and let TarLayout report the damage.
        return p.name.lower().endswith(_TAR_NAMES)
    except Exception:  # not a valid compressed stream: not a tar
        return False


def normalise_name(name: str) -> tuple[str | None, str]:
    """A member name as a safe POSIX path, or ``(None, why it is unsafe)``.

    Leading ``./`` and empty or ``.`` components are dropped; absolute names (leading
    ``/`` or ``\\``, drive letters) and names with ``..`` components are refused.
    """
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return None, "absolute path"
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for part in parts for p in part.split("\\")):
        return None, "'..' component escapes the extraction"
    if not parts:
        return None, "empty name"
    return "/".join(parts), ""


class _Bounded(io.RawIOBase):
    """Reads a member stream, insisting on exactly ``declared`` bytes of sound data."""

    def __init__(self, raw: BinaryIO, declared: int, label: str):
        super().__init__()
        self._raw = raw
        self._declared = declared
        self._label = label
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        want = len(buf)
        try:
            data = self._raw.read(want)
        except LayoutError:
            raise
        except Exception as exc:  # BadZipFile (CRC), zlib/lzma/EOF/OSError, tarfile.ReadError
            raise LayoutError(
                f"{self._label}: member data is corrupt or truncated, or its header lies "
                f"about its size ({exc})"
            ) from exc
        n = len(data)
        self._count += n
        if self._count > self._declared:
            raise LayoutError(
                f"{self._label}: member yields more than its declared {self._declared} bytes "
                "(the header lies: corrupt archive or zip bomb)"
            )
        if n == 0 and want and self._count < self._declared:
            raise LayoutError(
                f"{self._label}: member ends after {self._count} of its declared "
                f"{self._declared} bytes (truncated or corrupt archive)"
            )
        buf[:n] = data
        return n

    def close(self) -> None:
        if not self.closed:
            try:
                self._raw.close()
            finally:
                super().close()


def _bounded(raw: BinaryIO, declared: int, label: str) -> BinaryIO:
    return io.BufferedReader(_Bounded(raw, declared, label), CHUNK)


class _ArchiveLayout(Layout):
    """Shared listing rules: safe names, unique paths, size limits."""

    def __init__(self, source: Path):
        super().__init__(source)
        self._entries: list[Entry] | None = None
        self._total = 0
        self._seen: set[str] = set()
        self._skipped_kinds: dict[str, int] = {}

    def _accept(self, name: str, size: int) -> str | None:
        """The entry path for a regular-file member, or None (reason recorded)."""
        path, why = normalise_name(name)
        if path is None:
            self.rejected.append(f"{self.source.name}: member {name!r} skipped: {why}")
            return None
        if path in self._seen:
            self.rejected.append(
                f"{self.source.name}: member {name!r} skipped: duplicate path {path!r} "
                "(only the first copy is read)"
            )
            return None
        if size > MAX_MEMBER_BYTES:
            self.rejected.append(
                f"{self.source.name}: member {name!r} skipped: declares {size} bytes, "
                f"over the {MAX_MEMBER_BYTES}-byte limit per file"
            )
            return None
        if self._total + size > MAX_TOTAL_BYTES:
            self.rejected.append(
                f"{self.source.name}: member {name!r} skipped: the archive's files would "
                f"exceed {MAX_TOTAL_BYTES} bytes in total"
            )
            return None
        self._total += size
        self._seen.add(path)
        return path

    def _skip_kind(self, kind: str) -> None:
        self._skipped_kinds[kind] = self._skipped_kinds.get(kind, 0) + 1

    def _note_skipped_kinds(self) -> None:
        if self._skipped_kinds:
            counts = ", ".join(f"{n} {k}" for k, n in sorted(self._skipped_kinds.items()))
            self.rejected.append(f"{self.source.name}: not regular files, skipped: {counts}")

    def containers(self) -> list[Path]:
        return [self.source]


class ZipLayout(_ArchiveLayout):
    """A zip archive (``.zip``, also a UFDR), listed from its central directory."""

    kind = "zip"

    def __init__(self, source: Path):
        super().__init__(source)
        try:
            self._zf = zipfile.ZipFile(self.source)
        except Exception as exc:
            raise LayoutError(f"{self.source}: not a readable zip archive ({exc})") from exc
        self._infos: dict[str, zipfile.ZipInfo] = {}

    def entries(self) -> list[Entry]:
        if self._entries is None:
            found = []
            infos = sorted(self._zf.infolist(), key=lambda i: i.header_offset)
            for info in infos:
                if info.is_dir():
                    continue
                ftype = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
                if ftype and ftype != stat.S_IFREG:
                    if ftype != stat.S_IFDIR:
                        self._skip_kind("links" if ftype == stat.S_IFLNK else "devices or fifos")
                    continue
                name = info.filename.replace("\\", "/")
                why = self._zip_problem(info)
                if why:
                    self.rejected.append(f"{self.source.name}: member {info.filename!r} skipped: {why}")
                    continue
                path = self._accept(name, info.file_size)
                if path is None:
                    continue
                self._infos[info.filename] = info
                found.append(Entry(path, info.file_size, info.filename))
            self._note_skipped_kinds()
            self._entries = found
        return self._entries

    @staticmethod
    def _zip_problem(info: zipfile.ZipInfo) -> str:
        if info.flag_bits & 0x41 or info.compress_type == 99:
            return "encrypted (password-protected zip); decrypt the archive first"
        if info.compress_type not in _ZIP_METHODS:
            method = _ZIP_METHOD_NAMES.get(info.compress_type, "unknown")
            return f"compression method {info.compress_type} ({method}) is not supported"
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            return (
                f"stored member declares {info.file_size} bytes but holds "
                f"{info.compress_size} (corrupt or forged header)"
            )
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return (
                f"compression ratio over {MAX_RATIO}:1 for {info.file_size} bytes "
                "(likely zip bomb)"
            )
        return ""

    def open(self, entry: Entry) -> BinaryIO:
        info = self._infos.get(entry.ref)
        if info is None:
            raise LayoutError(f"{self.source.name}: {entry.path!r} is not a member of this archive")
        # Let zipfile decompress one byte past the declared size, so that a member whose
        # header understates its size is caught (by the CRC or by _Bounded) instead of
        # being silently cut at the declared size.
        probe = copy.copy(info)
        probe.file_size = info.file_size + 1
        label = f"{self.source.name}:{entry.path}"
        try:
            raw = self._zf.open(probe)
        except Exception as exc:
            raise LayoutError(f"{label}: cannot open member ({exc})") from exc
        return _bounded(raw, info.file_size, label)

    def close(self) -> None:
        self._zf.close()


class TarLayout(_ArchiveLayout):
    """A tar archive, plain or gzip/bzip2/xz-compressed as a whole."""

    kind = "tar"

    def __init__(self, source: Path):
        super().__init__(source)
        #: "", "gz", "bz2" or "xz"
        self.compression = _compression(_read_head(self.source, 8))
        try:
            self._tf = tarfile.open(self.source, f"r:{self.compression}")
        except Exception as exc:
            raise LayoutError(
                f"{self.source}: not a readable tar archive: corrupt, truncated or not a tar ({exc})"
            ) from exc
        self._members: dict[str, tarfile.TarInfo] = {}

    def entries(self) -> list[Entry]:
        if self._entries is None:
            found = []
            last = None
            try:
                while (ti := self._tf.next()) is not None:
                    last = ti.name
                    if not ti.isreg():
                        if not ti.isdir():
                            self._skip_kind("links" if ti.issym() or ti.islnk() else "devices or fifos")
                        continue
                    path = self._accept(ti.name, ti.size)
                    if path is None:
                        continue
                    self._members[ti.name] = ti
                    found.append(Entry(path, ti.size, ti.name))
                # A complete archive ends with a zero block; tarfile has just read it.
                ended = self._tf.fileobj.tell() >= self._tf.offset + tarfile.BLOCKSIZE
            except Exception as exc:
                where = f" after member {last!r}" if last else ""
                if not found:
                    raise LayoutError(
                        f"{self.source}: tar archive is corrupt or truncated{where} ({exc})"
                    ) from exc
                # keep what was listed: an interrupted copy still holds whole members
                self.rejected.append(
                    f"{self.source.name}: tar archive is corrupt or truncated{where}; "
                    f"the {len(found)} member(s) before that are read ({exc})"
                )
                ended = True
            if not ended:
                self.rejected.append(
                    f"{self.source.name}: the archive ends without its end-of-archive marker "
                    f"after member {last!r}; it may be truncated"
                )
            self._note_skipped_kinds()
            self._entries = found
        return self._entries

    def open(self, entry: Entry) -> BinaryIO:
        if self._entries is None:
            self.entries()
        ti = self._members.get(entry.ref)
        if ti is None:
            raise LayoutError(f"{self.source.name}: {entry.path!r} is not a member of this archive")
        label = f"{self.source.name}:{entry.path}"
        try:
            raw = self._tf.extractfile(ti)
        except Exception as exc:
            raise LayoutError(f"{label}: cannot open member ({exc})") from exc
        if raw is None:
            raise LayoutError(f"{label}: not a regular file")
        return _bounded(raw, ti.size, label)

    def close(self) -> None:
        self._tf.close()
