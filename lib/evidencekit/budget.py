"""Budgets: how large a file, and how much time and memory its analysis, one document may take.

A document over its budget is recorded with its own code and a reason that says which limit
it passed and how to raise it, and the run goes on with the others:

=================  ==========================================================================
code               when
=================  ==========================================================================
``too-large``      the file is larger than ``max_file_mb`` (it is not read at all, so a huge
                   or sparse file cannot exhaust memory)
``over-time``      reading and analysing it took longer than ``max_seconds``
``over-memory``    the process grew by more than ``max_memory_mb`` while analysing it
=================  ==========================================================================

Limits come from the environment (``EVIDENCEKIT_MAX_FILE_MB``, ``EVIDENCEKIT_MAX_SECONDS``,
``EVIDENCEKIT_MAX_MEMORY_MB``), so the kernels of ``evidencekit build`` and the workers of
``evidencekit extract --engine dask`` inherit what the command line set
(``--max-file-mb``, ``--max-seconds``, ``--max-memory-mb``); a limit of 0 turns it off.
Time and memory are checked between sentences (:func:`check`) inside
:func:`document_budget`; outside one (a notebook analysing a document by hand) only the
file size is checked.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, fields
from pathlib import Path

from evidencekit.errors import DocumentError, InvalidParameterError

MB = 1024 * 1024
ENV_PREFIX = "EVIDENCEKIT_"
MEMORY_EVERY = 16
"""Sentences between two looks at the process's memory (each look reads /proc)."""


class OverBudgetError(DocumentError):
    """A document larger, slower or hungrier than its budget; ``code`` says which."""

    default_code = "over-time"


@dataclass(frozen=True)
class Limits:
    """The budget of one document; 0 turns a limit off."""

    max_file_mb: float = 64.0
    max_seconds: float = 120.0
    max_memory_mb: float = 2048.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The limits the environment sets (``EVIDENCEKIT_MAX_SECONDS=30``), else the defaults."""
        environ = os.environ if environ is None else environ
        values: dict[str, float] = {}
        for field in fields(cls):
            name = ENV_PREFIX + field.name.upper()
            text = environ.get(name, "").strip()
            if text:
                values[field.name] = _limit(name, text)
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        """The environment variables that give these limits to child processes."""
        return {ENV_PREFIX + f.name.upper(): f"{getattr(self, f.name):g}" for f in fields(self)}


def _limit(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        message = f"{name}={text!r} is not a limit; give a number >= 0 (0 turns the limit off)"
        raise InvalidParameterError(message)
    return value


@dataclass
class _Budget:
    path: Path
    limits: Limits
    deadline: float
    base_mb: float | None
    checks: int = 0


_ACTIVE: ContextVar[_Budget | None] = ContextVar("evidencekit_budget", default=None)


def current_limits() -> Limits:
    """The limits of the document being analysed, else those of the environment."""
    active = _ACTIVE.get()
    return active.limits if active is not None else Limits.from_env()


def check_size(path: Path, size: int, limits: Limits | None = None) -> None:
    """Raise :class:`OverBudgetError` (``too-large``) for a file over ``max_file_mb``."""
    limits = limits or current_limits()
    if limits.max_file_mb and size > limits.max_file_mb * MB:
        message = (
            f"file of {_size(size)}, over the {limits.max_file_mb:g} MB limit of one document: not read; "
            "split it, or raise the limit with --max-file-mb (EVIDENCEKIT_MAX_FILE_MB)"
        )
        raise OverBudgetError(path, message, code="too-large")


def _size(size: int) -> str:
    for unit, scale in (("GB", MB * 1024), ("MB", MB), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


@contextlib.contextmanager
def document_budget(path: str | Path, limits: Limits | None = None) -> Iterator[None]:
    """Check the time and memory of the enclosed analysis of ``path`` (see :func:`check`)."""
    limits = limits or Limits.from_env()
    deadline = time.monotonic() + limits.max_seconds if limits.max_seconds else float("inf")
    base = resident_mb() if limits.max_memory_mb else None
    token = _ACTIVE.set(_Budget(Path(path), limits, deadline, base))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def check() -> None:
    """Raise :class:`OverBudgetError` when the document being analysed is over its time or
    memory budget; a no-op outside :func:`document_budget`."""
    active = _ACTIVE.get()
    if active is None:
        return
    limits = active.limits
    if time.monotonic() > active.deadline:
        message = (
            f"analysis took over {limits.max_seconds:g} s, the time limit of one document: left out; "
            "split the document, or raise the limit with --max-seconds (EVIDENCEKIT_MAX_SECONDS)"
        )
        raise OverBudgetError(active.path, message, code="over-time")
    active.checks += 1
    if active.base_mb is None or active.checks % MEMORY_EVERY:
        return
    now = resident_mb()
    if now is not None and now - active.base_mb > limits.max_memory_mb:
        message = (
            f"analysis took over {limits.max_memory_mb:g} MB of memory, the limit of one document: "
            "left out; split the document, or raise the limit with --max-memory-mb "
            "(EVIDENCEKIT_MAX_MEMORY_MB)"
        )
        raise OverBudgetError(active.path, message, code="over-memory")


def resident_mb() -> float | None:
    """This process's resident memory in MB now (Linux ``/proc``), else None."""
    try:
        with open("/proc/self/statm", "rb") as stream:
            pages = int(stream.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / MB
