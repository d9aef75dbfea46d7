"""iTunes / Finder backups of an iPhone (iOS 10 and later), as a view over another layout.

Format: a folder (often named by the device UDID) holding ``Info.plist``,
``Manifest.plist`` (binary or XML plist; ``IsEncrypted`` says whether the backup is
password-protected), ``Status.plist`` and ``Manifest.db``, a SQLite database with table
``Files(fileID, domain, relativePath, flags, file)``. ``flags`` is 1 for a file, 2 for a
folder, 4 for a symbolic link. Each file's content is stored under a hashed name,
``<fileID[:2]>/<fileID>`` with ``fileID = sha1(f"{domain}-{relativePath}")``.

:class:`ItunesLayout` lists each stored file as ``DOMAIN/relativePath`` (for example
``HomeDomain/Library/SMS/sms.db``) and reads it from the layout underneath (folder, zip
or tar). Only files listed in ``Manifest.db`` are entries (never the backup's own
``Manifest.*``, ``Info.plist`` or ``Status.plist``). ``Manifest.db`` is never opened in place: it (and its ``-wal`` / ``-journal``)
is copied into a private temporary folder and the copy is opened. Encrypted backups and
the older ``Manifest.mbdb`` format (iOS 9 and earlier) are refused with a clear reason.
"""

from __future__ import annotations

import plistlib
import shutil
import sqlite3
import tempfile
import weakref
from pathlib import Path
from typing import BinaryIO

from .archive import normalise_name
from .base import SQLITE_MAGIC, Copied, Entry, Layout, LayoutError

_MAX_PLIST_BYTES = 64 << 20
_FILE, _DIR, _LINK = 1, 2, 4

ENCRYPTED_MESSAGE = (
    "the iTunes/Finder backup is encrypted: decrypt it first with the backup password "
    "(iOS backup decryption in your forensic suite, or open-source tools such as "
    "iphone_backup_decrypt), then run devtriage on the decrypted backup"
)


def find_backup_root(base: Layout) -> str | None:
    """The prefix (``""`` or ``"Folder/"``) of the backup inside ``base``, or None.

    A backup is a ``Manifest.db`` (or ``Manifest.mbdb``) beside ``Manifest.plist`` or
    ``Info.plist``, at the root or one folder down (a zipped UDID folder).
    """
    paths = {e.path for e in base.entries()}
    roots = []
    for path in paths:
        prefix, _, name = path.rpartition("/")
        if name not in ("Manifest.db", "Manifest.mbdb") or "/" in prefix:
            continue
        root = f"{prefix}/" if prefix else ""
        if f"{root}Manifest.plist" in paths or f"{root}Info.plist" in paths:
            roots.append(root)
    return min(roots) if roots else None  # "" (the root) sorts first


class ItunesLayout(Layout):
    """The files of an iTunes/Finder backup found at ``root`` inside ``base``.

    The backup view owns ``base``: :meth:`close` closes it, and so does a failed
    construction (encrypted or unreadable backup).
    """

    kind = "itunes"

    def __init__(self, base: Layout, root: str):
        super().__init__(base.source)
        self.base = base
        self.root = root
        #: backup bookkeeping files this layout read itself, with SHA-256 (for the manifest)
        self.copied: list[tuple[Entry, Copied]] = []
        self._tmp = tempfile.mkdtemp(prefix="devtriage-manifest-")
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._tmp, True)
        try:
            self._entries, self._refs = self._read_manifest()
        except BaseException:
            self._cleanup()
            base.close()
            raise
        finally:
            self._cleanup()  # everything is read: the private copy is not needed any more

    # -- reading the manifest -------------------------------------------------------

    def _meta(self, name: str) -> Entry | None:
        return self.base.find(f"{self.root}{name}")

    def _where(self) -> str:
        return f"{self.source}" + (f" ({self.root.rstrip('/')})" if self.root else "")

    def _check_plist(self) -> None:
        entry = self._meta("Manifest.plist")
        if entry is None:
            return
        if entry.size > _MAX_PLIST_BYTES:
            self.rejected.append(f"{self.root}Manifest.plist: too large to be a manifest, ignored")
            return
        try:
            with self.base.open(entry) as fh:
                manifest = plistlib.loads(fh.read())
        except LayoutError:
            raise
        except Exception as exc:
            self.rejected.append(f"{self.root}Manifest.plist: unreadable ({exc}), ignored")
            return
        if isinstance(manifest, dict) and manifest.get("IsEncrypted"):
            raise LayoutError(f"{self._where()}: {ENCRYPTED_MESSAGE}")

    def _copy(self, name: str) -> Path | None:
        entry = self._meta(name)
        if entry is None:
            return None
        dest = Path(self._tmp) / name
        self.copied.append((entry, self.base.copy_to(entry, dest)))
        return dest

    def _read_manifest(self) -> tuple[list[Entry], dict[str, Entry]]:
        self.base.entries()
        self.rejected.extend(self.base.rejected)  # skipped archive members, if any
        db_entry = self._meta("Manifest.db")
        if db_entry is None:
            if self._meta("Manifest.mbdb") is not None:
                raise LayoutError(
                    f"{self._where()}: Manifest.mbdb backups (iOS 9 and earlier) are not "
                    "supported yet"
                )
            raise LayoutError(f"{self._where()}: no Manifest.db in the backup")
        self._check_plist()
        if self.base.head(db_entry, len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise LayoutError(f"{self._where()}: Manifest.db is not plain SQLite; {ENCRYPTED_MESSAGE}")
        local = self._copy("Manifest.db")
        self._copy("Manifest.db-wal")
        self._copy("Manifest.db-journal")
        try:
            con = sqlite3.connect(str(local))  # the private copy, never the evidence
            try:
                rows = con.execute(
                    "SELECT fileID, domain, relativePath, flags FROM Files"
                ).fetchall()
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise LayoutError(f"{self._where()}: Manifest.db is unreadable ({exc})") from exc
        return self._index(rows)

    def _index(self, rows) -> tuple[list[Entry], dict[str, Entry]]:
        order = {e.path: i for i, e in enumerate(self.base.entries())}
        found: list[tuple[int, Entry]] = []
        refs: dict[str, Entry] = {}
        seen: set[str] = set()
        for file_id, domain, rel, flags in rows:
            if flags != _FILE:
                continue
            if not file_id or not domain or not rel:
                self.rejected.append(f"Manifest.db: row with fileID {file_id!r} has no domain or path, skipped")
                continue
            path, why = normalise_name(f"{domain}/{rel}")
            if path is None or path in seen:
                why = why or "duplicate path"
                self.rejected.append(f"Manifest.db: {domain}/{rel} skipped: {why}")
                continue
            base_entry = None
            for loc in (f"{self.root}{file_id[:2]}/{file_id}", f"{self.root}{file_id}"):
                base_entry = self.base.find(loc)
                if base_entry is not None:
                    break
            if base_entry is None:
                self.rejected.append(
                    f"{path}: listed in Manifest.db (fileID {file_id}) but its file is "
                    "missing from the backup"
                )
                continue
            seen.add(path)
            refs[base_entry.path] = base_entry
            found.append((order[base_entry.path], Entry(path, base_entry.size, base_entry.path)))
        found.sort(key=lambda pair: pair[0])
        return [e for _, e in found], refs

    # -- Layout ---------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        return self._entries

    def open(self, entry: Entry) -> BinaryIO:
        base_entry = self._refs.get(entry.ref)
        if base_entry is None:
            raise LayoutError(f"{entry.path!r} is not a file of this backup")
        return self.base.open(base_entry)

    def containers(self) -> list[Path]:
        return self.base.containers()

    def close(self) -> None:
        self._cleanup()
        self.base.close()
