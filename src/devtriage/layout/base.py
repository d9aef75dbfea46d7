"""The read-only file index that every extraction layout provides.

A layout turns one piece of evidence (a folder, an archive, an iTunes/Finder backup) into
a list of :class:`Entry` objects, each a file at a path inside the extraction, and opens
them for reading. Layouts never write to the evidence and never unpack a whole archive:
:meth:`Layout.copy_to` streams one file into a private working directory (hashing it on
the way) when a reader such as SQLite needs a real file.
"""

from __future__ import annotations

import hashlib
import shutil
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20
SQLITE_MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite 3 database


class LayoutError(Exception):
    """The evidence cannot be opened as any layout (or is encrypted, unsafe, unreadable)."""


@dataclass(frozen=True)
class Entry:
    """One file inside an extraction.

    ``path`` is POSIX, relative to the extraction root, without a leading slash; for an
    iTunes backup it is ``DOMAIN/relativePath`` (for example
    ``HomeDomain/Library/SMS/sms.db``). ``ref`` is the layout's own locator (a real path,
    an archive member name, a hashed backup file name) and means nothing elsewhere.
    """

    path: str
    size: int
    ref: str


@dataclass(frozen=True)
class Copied:
    """A file streamed out of the evidence into the working directory."""

    local: Path
    sha256: str
    size: int


class Layout(ABC):
    """A read-only index of the files in one extraction."""

    #: short name of the layout kind: ``folder``, ``zip``, ``tar``, ``itunes``
    kind: str = ""

    def __init__(self, source: Path):
        self.source = Path(source)
        self._by_path: dict[str, Entry] | None = None
        #: human-readable reasons for files that were skipped (for the run's warnings)
        self.rejected: list[str] = []

    @abstractmethod
    def entries(self) -> list[Entry]:
        """Every regular file, in the order reading is cheapest (storage order)."""

    @abstractmethod
    def open(self, entry: Entry) -> BinaryIO:
        """A binary stream over the file's bytes. The caller closes it."""

    def find(self, path: str) -> Entry | None:
        """The entry at ``path`` (exact match), or None."""
        if self._by_path is None:
            self._by_path = {e.path: e for e in self.entries()}
        return self._by_path.get(path)

    def head(self, entry: Entry, n: int = 100) -> bytes:
        """The first ``n`` bytes of the file (fewer when the file is shorter)."""
        with self.open(entry) as fh:
            return fh.read(n)

    def copy_to(self, entry: Entry, dest: Path) -> Copied:
        """Stream ``entry`` into ``dest`` and return the copy's SHA-256 and byte count."""
        with self.open(entry) as src:
            copy_stream(src, dest)
        sha, size = sha256_file(dest)
        return Copied(Path(dest), sha, size)

    def real_path(self, entry: Entry) -> Path | None:
        """The entry's own file on disk when it is a plain file (a folder layout), else None."""
        return None

    def containers(self) -> list[Path]:
        """Evidence files that hold the entries (the archive itself), to be hashed too."""
        return []

    def close(self) -> None:
        """Release open handles."""

    def __enter__(self) -> "Layout":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def copy_stream(src: BinaryIO, dest: Path, first: bytes = b"") -> None:
    """Write ``first`` and then the rest of ``src`` into ``dest`` (no hashing)."""
    with open(dest, "wb") as out:
        out.write(first)
        shutil.copyfileobj(src, out, CHUNK)


def sha256_file(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a real file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size
