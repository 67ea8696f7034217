"""The progress of a long run: a tqdm bar on a terminal, plain lines in logs."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

# --- progress -------------------------------------------------------------------------------


class Progress:
    """Documents and MB done, rate and time left: a tqdm bar on a terminal, else one plain line
    every ``interval`` seconds (and at the end)."""

    def __init__(
        self, total_docs: int, total_bytes: int, enabled: bool | None = None, interval: float = 10.0,
        stream: TextIO | None = None,
    ) -> None:  # fmt: skip
        self.stream = stream or sys.stderr
        self.total_docs, self.total_bytes = total_docs, total_bytes
        self.docs = self.bytes = 0
        self.start = self.last = time.monotonic()
        self.interval = interval
        self.enabled = enabled is not False
        self.bar: Any = None
        self.shown = -1  # documents done at the last plain line
        if self.enabled and _isatty(self.stream):
            from tqdm import tqdm

            self.bar = tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1000, file=self.stream,
                            desc="extract", dynamic_ncols=True, smoothing=0.1)  # fmt: skip

    def update(self, docs: int, size: int) -> None:
        self.docs += docs
        self.bytes += size
        if self.bar is not None:
            self.bar.update(size)
            elapsed = max(time.monotonic() - self.start, 1e-9)
            self.bar.set_postfix_str(
                f"{self.docs:,}/{self.total_docs:,} docs, {self.docs / elapsed:.1f} docs/s"
            )
        elif self.enabled and time.monotonic() - self.last >= self.interval:
            self.line()

    def line(self) -> None:
        self.last = time.monotonic()
        self.shown = self.docs
        print(self.describe(), file=self.stream, flush=True)

    def describe(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.bytes / elapsed
        left = (self.total_bytes - self.bytes) / rate if rate else float("nan")
        return (
            f"extract: {self.docs:,}/{self.total_docs:,} documents, {self.bytes / 1e6:,.1f}/"
            f"{self.total_bytes / 1e6:,.1f} MB, {rate / 1e6:.2f} MB/s, {self.docs / elapsed:.1f} docs/s, "
            f"{_duration(elapsed)} elapsed, {_duration(left)} left"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.enabled and self.shown != self.docs:
            self.line()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    if seconds != seconds or seconds == float("inf"):
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"
