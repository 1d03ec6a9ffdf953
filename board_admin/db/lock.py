"""One writer per SQLite file, and a warning for a database on a network share.

The running program holds an operating-system lock on `<database>.lock.os` for as long as it runs (the
`filelock` package: fcntl on Linux and macOS, LockFileEx on Windows). The operating system frees it the
moment the holder ends, however it ends (a crash, kill -9, a zombie waiting to be reaped), so a lock left by
a crash needs no guessing, and of several copies starting at once exactly one gets it. Who holds it (user,
computer, since when) is written beside it in `<database>.lock`, only for the message a second copy shows:
that copy is told who holds the file and may open it read-only.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError

log = logging.getLogger("board_admin.db.lock")

REFRESH_SECONDS = 60


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    pid: int
    since: dt.datetime | None

    def describe(self) -> str:
        if self.since is None:
            return f"{self.user} on {self.host}"
        return f"{self.user} on {self.host} (since {format_date(self.since.date())} {self.since:%H:%M})"


SOMEONE = LockHolder("someone", "another computer", 0, None)


class DatabaseLockedError(BoardAdminError):
    def __init__(self, path: Path, holder: LockHolder) -> None:
        super().__init__(
            f"{path.name} is open for changes in another copy of Board Admin: {holder.describe()}. "
            "You can open it read-only, or ask them to close Board Admin."
        )
        self.holder = holder


def _me(now: dt.datetime) -> LockHolder:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is no reason to refuse to run
        user = "someone"
    return LockHolder(user, socket.gethostname(), os.getpid(), now)


class WriterLock:
    """`lock = WriterLock(path); lock.acquire()` ... `lock.release()` (or `with WriterLock(path):`)."""

    def __init__(self, database_path: Path) -> None:
        self.database_path = Path(database_path)
        self.path = self.database_path.with_name(self.database_path.name + ".lock")  # who holds it
        self.os_lock = FileLock(self.database_path.with_name(self.database_path.name + ".lock.os"), timeout=0)
        self.held = False

    def holder(self) -> LockHolder | None:
        """Who wrote the note beside the lock; None when there is none."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return LockHolder(data["user"], data["host"], int(data["pid"]), dt.datetime.fromisoformat(data["since"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return SOMEONE  # being written this very moment

    def acquire(self, now: dt.datetime | None = None) -> None:
        """Takes the lock, or raises DatabaseLockedError naming who holds it."""
        if self.held:
            return
        try:
            self.os_lock.acquire()
        except Timeout:
            raise DatabaseLockedError(self.database_path, self.holder() or SOMEONE) from None
        self.held = True
        left = self.holder()
        if left is not None:
            log.warning("Taking over the lock on %s left by %s", self.database_path, left.describe())
        me = _me(now or dt.datetime.now())
        note = {"user": me.user, "host": me.host, "pid": me.pid, "since": me.since.isoformat()}
        try:
            # Written whole and renamed into place, so a second copy never reads half a note.
            written = self.path.with_name(self.path.name + ".new")
            written.write_text(json.dumps(note), encoding="utf-8")
            os.replace(written, self.path)
        except OSError:
            log.warning("Could not write who holds %s", self.path, exc_info=True)

    def refresh(self) -> None:
        """Kept for the window's timer: the operating system's lock needs no refreshing."""

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()

    def release(self) -> None:
        if self.held:
            # The note goes first, while the lock is still held, so it never describes the next holder.
            self.path.unlink(missing_ok=True)
            self.os_lock.release()
            self.held = False


NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "afs", "9p", "davfs", "fuse.davfs2"}
NETWORK_WARNING = (
    "The database {path} is on a network drive. SQLite's locking is not safe there: two people using it at "
    "once can damage it. Keep the file on this computer, or have your IT officer set up the shared server "
    "(PostgreSQL) so that the whole office works in one database safely."
)


def on_network_share(path: Path) -> bool:
    """True for a UNC path or a mapped network drive on Windows, or an NFS/SMB mount elsewhere."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0]
        return bool(drive) and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4  # DRIVE_REMOTE
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    resolved = str(Path(text).resolve())
    best, kind = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and (resolved == parts[1] or resolved.startswith(parts[1].rstrip("/") + "/")):
            if len(parts[1]) > len(best):
                best, kind = parts[1], parts[2]
    return kind in NETWORK_FILESYSTEMS


def network_warning(path: Path) -> str | None:
    return NETWORK_WARNING.format(path=path) if on_network_share(path) else None
