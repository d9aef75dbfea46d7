"""A plain folder: a full file-system or logical extraction tree on disk.

Files are listed by walking the tree (symbolic links are not followed, so a link cannot
lead outside the evidence) and opened read-only. Nothing in the folder is written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from .base import Entry, Layout, LayoutError


class FolderLayout(Layout):
    kind = "folder"

    def __init__(self, source: Path):
        super().__init__(source)
        if not self.source.is_dir():
            raise LayoutError(f"not a folder: {self.source}")
        self._entries: list[Entry] | None = None

    def entries(self) -> list[Entry]:
        if self._entries is None:
            found = []
            root = str(self.source)

            def unreadable(exc: OSError) -> None:
                where = os.path.relpath(exc.filename or root, root).replace(os.sep, "/")
                self.rejected.append(f"{where}: folder cannot be listed ({exc.strerror or exc}); its files are not read")

            for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
                dirnames.sort()
                for name in sorted(filenames):
                    full = os.path.join(dirpath, name)
                    try:
                        st = os.lstat(full)
                    except OSError as exc:
                        rel = os.path.relpath(full, root).replace(os.sep, "/")
                        self.rejected.append(f"{rel}: cannot be read ({exc.strerror or exc})")
                        continue
                    if not os.path.isfile(full) or os.path.islink(full):
                        continue
                    rel = os.path.relpath(full, root).replace(os.sep, "/")
                    found.append(Entry(rel, st.st_size, full))
            self._entries = found
        return self._entries

    def open(self, entry: Entry) -> BinaryIO:
        return open(entry.ref, "rb")

    def real_path(self, entry: Entry) -> Path:
        return Path(entry.ref)
