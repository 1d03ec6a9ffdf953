"""One writer per SQLite file, and a warning for a database on a network share.

The running program holds `<database>.lock` beside the file: who (user and computer), which process and
since when, refreshed every minute. A second copy of the program is told who holds the file and may open it
read-only. A lock whose holder is gone (a crash) is taken over: on the same computer when its process no
longer runs, from anywhere when it has not been refreshed for a while.
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

from board_admin.domain.dates import format_date
from board_admin.domain.errors import BoardAdminError

log = logging.getLogger("board_admin.db.lock")

REFRESH_SECONDS = 60
STALE_AFTER = dt.timedelta(minutes=5)
UNREADABLE = -1


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    pid: int
    since: dt.datetime

    def describe(self) -> str:
        return f"{self.user} on {self.host} (since {format_date(self.since.date())} {self.since:%H:%M})"


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


def _process_running(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WriterLock:
    """`lock = WriterLock(path); lock.acquire()` ... `lock.refresh()` every minute ... `lock.release()`."""

    def __init__(self, database_path: Path) -> None:
        self.database_path = Path(database_path)
        self.path = self.database_path.with_name(self.database_path.name + ".lock")
        self.held = False

    def holder(self) -> LockHolder | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return LockHolder(data["user"], data["host"], int(data["pid"]), dt.datetime.fromisoformat(data["since"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            # Unreadable: half-written by a crash. Treated as stale.
            return LockHolder("unknown", "unknown", UNREADABLE, dt.datetime.min)

    def is_stale(self, holder: LockHolder, now: dt.datetime) -> bool:
        try:
            refreshed = dt.datetime.fromtimestamp(self.path.stat().st_mtime)
        except OSError:
            return True
        if holder.pid == UNREADABLE:
            # Being written this very moment, or left half-written by a crash a while ago.
            return now - refreshed > dt.timedelta(seconds=10)
        if holder.host == socket.gethostname():
            return holder.pid == os.getpid() or not _process_running(holder.pid)
        return now - refreshed > STALE_AFTER

    def acquire(self, now: dt.datetime | None = None) -> None:
        """Takes the lock, or raises DatabaseLockedError naming who holds it."""
        now = now or dt.datetime.now()
        me = _me(now)
        for _attempt in range(2):
            try:
                handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                holder = self.holder()
                if holder is not None and not self.is_stale(holder, now):
                    raise DatabaseLockedError(self.database_path, holder) from None
                log.warning("Taking over a stale lock on %s held by %s", self.database_path, holder)
                self.path.unlink(missing_ok=True)
                continue
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump({"user": me.user, "host": me.host, "pid": me.pid, "since": me.since.isoformat()}, file)
            self.held = True
            return
        raise DatabaseLockedError(self.database_path, self.holder() or me)

    def refresh(self) -> None:
        """Shows the lock is still held (its age is how others on other computers judge it)."""
        if self.held:
            try:
                os.utime(self.path)
            except OSError:
                log.warning("Could not refresh the lock %s", self.path, exc_info=True)

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()

    def release(self) -> None:
        if self.held:
            holder = self.holder()
            if holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname():
                self.path.unlink(missing_ok=True)
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
