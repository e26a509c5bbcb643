"""The whole public list of decisions (or recommendations) as one CSV file, written once per data
version and day and then sent from disk (docs/architecture.md, "Caches and the data version").

Built per request, the full decisions CSV was 47.6 MB and 9 s of one thread's work, and four
clients downloading it at once stalled every page. Written once, a download is a file copied to
a socket, with a gzip copy made at the same time for the clients that accept it (so nothing is
compressed per request either).

A file is named by what it holds: the list, the data version and the day (a decision becomes
public on its publication date without any write, so tomorrow's file differs). It is written
under a lock, to a temporary name, and renamed into place, so a reader never sees half a file
and two threads of a server never write the same file twice; older files are removed afterwards (a
download still reading one keeps it open, which POSIX allows)."""

from __future__ import annotations

import fcntl
import gzip
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ombudsman.dataversion import data_version


@dataclass(frozen=True)
class ExportFile:
    plain: Path
    gzipped: Path


def export_file(name: str, lines: Callable[[], Iterable[str]]) -> ExportFile:
    """The current file of the list `name`, written from `lines()` if it is not there yet."""
    folder = Path(settings.EXPORT_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{name}-{data_version()}-{timezone.localdate().isoformat()}"
    current = ExportFile(folder / f"{stem}.csv", folder / f"{stem}.csv.gz")
    if current.plain.exists() and current.gzipped.exists():
        return current
    with _locked(folder / f"{name}.lock"):
        if not (current.plain.exists() and current.gzipped.exists()):
            _write(current, lines())
            _remove_older(folder, name, keep=current)
    return current


class _locked:
    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.handle = self.path.open("a")
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def _write(target: ExportFile, lines: Iterable[str]) -> None:
    folder = target.plain.parent
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, encoding="utf-8") as plain:
        for line in lines:
            plain.write(line)
    # Level 6, mtime 0: the same bytes for the same list on every server.
    with (
        open(plain.name, "rb") as source,
        tempfile.NamedTemporaryFile(dir=folder, delete=False) as packed,
        gzip.GzipFile(fileobj=packed, mode="wb", compresslevel=6, mtime=0) as zipped,
    ):
        shutil.copyfileobj(source, zipped, 1 << 20)
    os.replace(packed.name, target.gzipped)
    os.replace(plain.name, target.plain)


def _remove_older(folder: Path, name: str, *, keep: ExportFile) -> None:
    for path in folder.glob(f"{name}-*.csv*"):
        if path not in (keep.plain, keep.gzipped):
            path.unlink(missing_ok=True)
