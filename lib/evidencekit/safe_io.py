"""Writing outputs safely: whole files or nothing, and one writer per output folder.

Used by ``evidencekit build`` (``reports/``, lock ``.build.lock``) and ``evidencekit
extract`` (the store, lock ``.lock``). :func:`atomic_write` writes a temporary file next to
its target and renames it, so a reader never sees half a file; :func:`exclusive` holds an
exclusive :func:`fcntl.flock` whose file holds the holder's pid, for the message a second
run prints; the lock goes with the process, so a killed run never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import tempfile
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


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file next to ``path``, flush it to disk, then move it into place."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
