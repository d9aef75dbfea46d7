"""Extraction layouts: one read-only file index over folders, archives and backups.

:func:`open_layout` picks the layout for a path: a ``.zip``, a ``.tar`` / ``.tar.gz`` /
``.tgz`` archive (recognised by magic bytes, not only by name) or a folder; and when the
folder or archive holds an iTunes/Finder backup (``Manifest.db`` beside hashed file
names), the backup view on top of it.
"""

from __future__ import annotations

from pathlib import Path

from .archive import TarLayout, ZipLayout, is_tar, is_zip
from .base import Entry, Layout, LayoutError
from .folder import FolderLayout
from .itunes import ItunesLayout, find_backup_root

__all__ = ["Entry", "Layout", "LayoutError", "open_layout", "device_name"]


def open_layout(path: str | Path) -> Layout:
    """Open ``path`` as the right layout, or raise :class:`LayoutError` saying why not."""
    p = Path(path)
    if not p.exists():
        raise LayoutError(f"no such file or folder: {p}")
    if p.is_dir():
        base: Layout = FolderLayout(p)
    elif is_zip(p):
        base = ZipLayout(p)
    elif is_tar(p):
        base = TarLayout(p)
    else:
        raise LayoutError(f"{p}: not a folder, .zip or .tar archive (unknown layout)")
    try:
        root = find_backup_root(base)
    except BaseException:
        base.close()
        raise
    if root is not None:
        return ItunesLayout(base, root)  # owns base: closes it, also when it raises
    return base


_SUFFIXES = (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".zip")


def device_name(path: str | Path) -> str:
    """The exhibit name of an extraction: its file or folder name without archive suffixes."""
    name = Path(path).resolve().name
    lower = name.lower()
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
