"""Child processes that end with their parent, however the parent ends.

``evidencekit build`` and ``evidencekit extract --engine dask`` start processes: a pool of
page builders (each starting Jupyter kernels), Dask workers (their nannies run in the
command's own process). A scheduler that times a command out kills it with SIGKILL, which
no handler sees, so each child ties its own life to its parent's when it starts
(:func:`tie_to_parent`):

- on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the child the moment the
  parent (the thread that started it) is gone;
- everywhere, a daemon thread that checks the parent every :data:`POLL_SECONDS` and ends the
  process when it has changed (the child was handed to another process).

The tie is made as early as a child can make it: a command marks itself
(:func:`mark_command`, the variable :data:`COMMAND_ENV`), and any process that inherits the
mark ties itself when it imports ``evidencekit`` (:func:`tie_if_descendant`), which
multiprocessing's spawned children (page builders, Dask workers) do before anything else
(they import the command's main module). A child killed during its start-up is then never
left waiting for a parent that is gone. Jupyter kernels need nothing more: ipykernel polls
the process that launched it (``JPY_PARENT_PID``) and exits when it is gone. Dask workers
also run this module as a ``preload`` (:func:`dask_setup`), for clusters that library calls
start; multiprocessing's resource tracker ends by itself when the command's end closes its
pipe.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

POLL_SECONDS = 0.5
COMMAND_ENV = "EVIDENCEKIT_COMMAND_PID"
"""Set by a command for its descendants: the pid of the command."""
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    return False


def _watch(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)  # the parent is gone: nothing this process writes would be wanted


def tie_to_parent() -> None:
    """End this process when its parent process ends (see the module documentation)."""
    global _tied
    _tied = True
    parent = os.getppid()
    _parent_death_signal()
    if os.getppid() != parent:  # the parent died while the tie was made
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="evidencekit-lifeline", daemon=True).start()


def mark_command() -> None:
    """Mark this process as a command whose descendants end with their parents."""
    os.environ[COMMAND_ENV] = str(os.getpid())


_tied = False


def tie_if_descendant() -> None:
    """Tie this process to its parent when it descends from a marked command (once)."""
    global _tied
    owner = os.environ.get(COMMAND_ENV)
    if owner and owner != str(os.getpid()) and not _tied:
        if os.getppid() == 1 and owner != "1":  # orphaned before it could tie: the command is gone
            os._exit(1)
        tie_to_parent()


def dask_setup(*_: object) -> None:
    """Dask ``preload`` hook: a worker process ends with the process that started it (for
    clusters started by library calls too, where no command marked the environment)."""
    if not _tied:
        tie_to_parent()
