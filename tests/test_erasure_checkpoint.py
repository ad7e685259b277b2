"""An erasure is acknowledged at its commit and its bytes leave the files in the WAL
checkpoint just after (graph.core.later_checkpoint): durable before the checkpoint, gone
from the database file and the WAL after it, also when the service crashed in between."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from graph.store.sqlite_store import SQLiteStore

NAME = "Xylofonia Raderadóttir"
NEEDLES = [NAME.encode(), "Raderadóttir".encode("utf-16-le"), b"xx-borta"]


def _person_store(path: Path, small: dict[str, Any]) -> SQLiteStore:
    store = SQLiteStore(path)
    small["people"].append({"id": "xx-borta", "name": NAME, "organisation": "af"})
    small["ties"].append({"a": "xx-borta", "b": "anna"})
    store.write(small)
    store.checkpoints.now()  # the person is in the database file itself, not only the WAL
    assert NAME.encode() in path.read_bytes()
    return store


def _held(folder: Path) -> list[str]:
    """The files under ``folder`` that still hold any of the erased bytes."""
    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and any(n in p.read_bytes() for n in NEEDLES))


def test_an_erasure_is_durable_at_its_ack_and_gone_from_the_files_after_the_checkpoint(
        tmp_path: Path, small: dict[str, Any]) -> None:
    live = tmp_path / "live"
    store = _person_store(live / "s.db", small)
    store.checkpoints.delay_s = 3600  # the checkpoint after the ack has not run yet
    store.delete("people", "xx-borta", cascade=True)

    # Acknowledged before the checkpoint: the bytes are still on disk ...
    assert _held(live)
    # ... but the erasure is committed: another connection, and a copy of the files as a
    # crash would leave them (database and WAL; shared memory is rebuilt), no longer see it.
    assert "xx-borta" not in SQLiteStore(live / "s.db").known().sections
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):
        shutil.copy(live / f"s.db{suffix}", crashed / f"s.db{suffix}")
    assert (crashed / "s.db-wal").stat().st_size > 0
    reopened = SQLiteStore(crashed / "s.db")  # the restart's own checkpoint
    assert "xx-borta" not in reopened.known().sections
    reopened.checkpoints.settle()
    assert _held(crashed) == []

    store.checkpoints.settle()
    assert _held(live) == []
    assert (live / "s.db-wal").stat().st_size == 0
    assert store.counts()["people"] == len(small["people"]) - 1


def test_the_checkpoint_after_an_erasure_runs_by_itself(
        tmp_path: Path, small: dict[str, Any]) -> None:
    store = _person_store(tmp_path / "s.db", small)
    store.delete("people", "xx-borta", cascade=True)
    deadline = time.monotonic() + 60  # a loaded machine; it is due after 0.2 s
    while _held(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _held(tmp_path) == []


def test_closing_the_store_runs_the_checkpoint_still_due(
        tmp_path: Path, small: dict[str, Any]) -> None:
    store = _person_store(tmp_path / "s.db", small)
    # Another connection stays open (another worker's): SQLite's own checkpoint, when the
    # last connection to a file closes, does not run.
    other = SQLiteStore(tmp_path / "s.db")
    other.checkpoints.close()
    store.checkpoints.delay_s = 3600
    store.delete("people", "xx-borta", cascade=True)
    assert _held(tmp_path)
    store.close()
    assert _held(tmp_path) == []
    assert "xx-borta" not in other.known().sections
