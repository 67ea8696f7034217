"""One writer per output folder: an exclusive :func:`fcntl.flock` held while a run writes.

Used by ``evidencekit build`` (``reports/.build.lock``) and ``evidencekit extract``
(``STORE/.lock``). The lock file holds the holder's pid, for the message a second run
prints; the lock goes with the process, so a killed run never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def exclusive(
    lock: Path, wait: bool, busy: Callable[[str], str], error: Callable[[str], Exception]
) -> Iterator[None]:
    """Hold ``lock`` while the block runs.

    When another process holds it: print ``busy(pid)`` followed by "waiting…" and wait
    (``wait=True``), or raise ``error(busy(pid) + "; not waiting (--no-wait)...")``.
    """
    lock.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode(errors="replace").strip() or "unknown"
            if not wait:
                raise error(busy(holder)) from None
            print(f"{busy(holder)}; waiting…", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(handle, 0)
    finally:
        os.close(handle)  # releases the flock
