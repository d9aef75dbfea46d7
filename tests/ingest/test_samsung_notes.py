"""samsung_notes: sdoc.db built from Samsung Notes' own CREATE statement (database version 42).

The statement is the app's ``CREATE TABLE IF NOT EXISTS `sdoc``` from
``Migration_41_To_42.createAllTable`` (Samsung Notes, decompiled in the public repository
Yanndroid/Samsung-Notes-Port). There is no real sdoc.db among the samples.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import probe_of, run_adapter

from devtriage.ingest import ADAPTERS, samsung_notes
from devtriage.schema import conform

T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z in Unix ms

SDOC_V42 = (
    "CREATE TABLE IF NOT EXISTS `sdoc` (`_id` INTEGER PRIMARY KEY AUTOINCREMENT, `UUID` TEXT NOT NULL, "
    "`isDeleted` INTEGER NOT NULL DEFAULT 0, `isDirty` INTEGER NOT NULL DEFAULT 1, `accountType` TEXT, "
    "`accountName` TEXT DEFAULT '', `title` TEXT NOT NULL DEFAULT '', `recommendedTitle` TEXT NOT NULL DEFAULT '', "
    "`content` BLOB NOT NULL, `displayContent` BLOB NOT NULL, `strippedContent` BLOB NOT NULL, "
    "`createdAt` INTEGER NOT NULL, `lastModifiedAt` INTEGER NOT NULL, `serverTimestamp` INTEGER DEFAULT 1464416139847, "
    "`vrUUID` TEXT DEFAULT '', `contentUUID` TEXT DEFAULT '', `firstContentType` INTEGER DEFAULT 0, "
    "`secondContentType` INTEGER DEFAULT 0, `strokeUUID` TEXT DEFAULT '', `strokeRatio` REAL DEFAULT 0.0, "
    "`categoryUUID` TEXT NOT NULL DEFAULT 'uncategorized:///', `categoryserverTimestamp` INTEGER DEFAULT 1464416139847, "
    "`categoryisDirty` INTEGER NOT NULL DEFAULT 1, `filePath` TEXT NOT NULL, `noteName` TEXT NOT NULL DEFAULT '', "
    "`isFavorite` INTEGER NOT NULL DEFAULT 0, `isLock` INTEGER NOT NULL DEFAULT 0, `isSaving` INTEGER NOT NULL DEFAULT 0, "
    "`reminderTriggerTime` INTEGER NOT NULL DEFAULT 0, `reminderRequestCode` INTEGER NOT NULL DEFAULT 0, "
    "`recycle_bin_time_moved` INTEGER NOT NULL DEFAULT 0, `contentSecureVersion` INTEGER NOT NULL DEFAULT 0, "
    "`size` INTEGER NOT NULL DEFAULT 0, `displayTitle` BLOB, `saveType` INTEGER NOT NULL DEFAULT 0, "
    "`firstOpendAt` INTEGER NOT NULL DEFAULT 0, `secondOpenedAt` INTEGER NOT NULL DEFAULT 0, "
    "`lastOpenedAt` INTEGER NOT NULL DEFAULT 0, `importedAt` INTEGER NOT NULL DEFAULT 0, "
    "`recommendedAt` INTEGER NOT NULL DEFAULT 0, `lastMappedAt` INTEGER NOT NULL DEFAULT 0, "
    "`mdeSpaceId` TEXT NOT NULL DEFAULT '', `mdeItemId` TEXT NOT NULL DEFAULT '', `mdeExtra` TEXT NOT NULL DEFAULT '', "
    "`mdeGroupId` TEXT NOT NULL DEFAULT '', `mdeOwnerId` TEXT NOT NULL DEFAULT '', "
    "`firstHandwritingHeight` INTEGER NOT NULL DEFAULT 0, `deleteRecommended` INTEGER NOT NULL DEFAULT 0, "
    "`absolutePath` TEXT, `backgroundColor` INTEGER NOT NULL DEFAULT 0, `backgroundColorInverted` INTEGER NOT NULL DEFAULT 0, "
    "`lockAccountGuid` TEXT, `msSyncAccountId` TEXT, `msSyncDocumentUuid` TEXT, `msLastSyncTime` INTEGER NOT NULL DEFAULT 0)",
    "CREATE UNIQUE INDEX IF NOT EXISTS `index_sdoc_UUID` ON `sdoc` (`UUID`)",
)


def make_sdoc(path: Path, notes) -> None:
    """notes: (_id, title, stripped bytes, created, modified, deleted, locked, recycled)."""
    conn = sqlite3.connect(path)
    for statement in SDOC_V42:
        conn.execute(statement)
    for _id, title, body, created, modified, deleted, locked, recycled in notes:
        conn.execute(
            "INSERT INTO sdoc (_id, UUID, title, content, displayContent, strippedContent, createdAt, lastModifiedAt, "
            "filePath, isDeleted, isLock, recycle_bin_time_moved) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (_id, f"uuid-{_id}", title, b"\x00sdocx", body, body, created, modified,
             f"/data/user/0/com.samsung.android.app.notes/files/{_id}.sdocx", deleted, locked, recycled),
        )
    conn.commit()
    conn.close()


def test_notes_read_with_times_flags_and_text(tmp_path):
    path = tmp_path / "sdoc.db"
    make_sdoc(path, [
        (1, "Jane new address", "12 Acacia Ave\nLeeds LS1 4AB".encode(), T0, T0 + 60_000, 0, 0, 0),
        (2, "", "07700 900123".encode(), T0 + 1_000, T0 + 2_000, 1, 0, T0 + 3_000),
        (3, "Locked", b"\xff\xfe\x00garbage", T0 + 4_000, 0, 0, 1, 0),
    ])
    tables, warnings = run_adapter(samsung_notes, path, path="data/data/com.samsung.android.app.notes/databases/sdoc.db")
    t = tables["texts"]
    conform("texts", t.append_column("device", pa_strings("d", t.num_rows)).append_column("src_file", pa_strings("f", t.num_rows)))
    rows = t.to_pylist()
    assert [r["src_row"] for r in rows] == [1, 2, 3]
    assert {r["src_table"] for r in rows} == {"sdoc"} and {r["app"] for r in rows} == {"samsung_notes"}
    assert {r["kind"] for r in rows} == {"note"}
    assert rows[0]["text"] == "Jane new address\n12 Acacia Ave\nLeeds LS1 4AB"
    assert int(rows[0]["ts"].timestamp() * 1000) == T0
    assert int(rows[0]["last_ts"].timestamp() * 1000) == T0 + 60_000
    assert rows[1]["text"] == "07700 900123" and rows[1]["deleted"] is True
    assert int(rows[1]["recycled_ts"].timestamp() * 1000) == T0 + 3_000
    assert rows[0]["recycled_ts"] is None
    assert rows[2]["locked"] is True and rows[2]["last_ts"] is None
    assert rows[2]["text"].startswith("Locked\n") and "\ufffd" in rows[2]["text"]
    assert rows[0]["uuid"] == "uuid-1" and rows[0]["file_path"].endswith("1.sdocx")
    reasons = " | ".join(w.reason for w in warnings)
    assert "1 locked notes" in reasons
    assert "not valid UTF-8" in reasons


def pa_strings(v, n):
    import pyarrow as pa

    return pa.array([v] * n, pa.string())


def test_detect_needs_the_sdoc_table(tmp_path):
    path = tmp_path / "sdoc.db"
    make_sdoc(path, [])
    assert samsung_notes.detect(probe_of(path))
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE sdoc (_id INTEGER PRIMARY KEY, title TEXT)")
    conn.commit()
    conn.close()
    assert not samsung_notes.detect(probe_of(other))
    assert ADAPTERS["samsung_notes"] is samsung_notes


def test_empty_database_gives_empty_table(tmp_path):
    path = tmp_path / "sdoc.db"
    make_sdoc(path, [])
    tables, _ = run_adapter(samsung_notes, path)
    assert tables["texts"].num_rows == 0
