"""Shared by the bench scripts: run them with the repository's .venv python."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def ensure_kit_python() -> None:
    """Re-execute with the repo's .venv python when evidencekit is not importable."""
    if importlib.util.find_spec("evidencekit") is not None:
        return
    venv_python = REPO / ".venv" / "bin" / "python"
    if not venv_python.exists() or Path(sys.executable) == venv_python:
        message = f"evidencekit is not importable; run `make test` once to create {venv_python}"
        raise SystemExit(message)
    os.execv(str(venv_python), [str(venv_python), *sys.argv])
