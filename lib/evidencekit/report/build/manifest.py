"""What makes a page current: hashes of the corpus, the library and the notebook, the
versions that render pages, the incremental manifest, temporary files and the lock."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from evidencekit.budget import OverBudgetError, check_size
from evidencekit.errors import BuildError
from evidencekit.ingest.corpus import REVIEWS, USER_PAIRS, iter_files
from evidencekit.lang.loader import PACKAGE_ROOT
from evidencekit.report.build.pages import LOCK, MANIFEST, MANIFEST_VERSION, RENDERING_PACKAGES
from evidencekit.safe_io import atomic_write, exclusive

# --- hashes and the manifest ------------------------------------------------------------


def _hash_files(root: Path, files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(_content_digest(path))
    return digest.hexdigest()


def _content_digest(path: Path) -> bytes:
    """SHA-256 of a file's bytes, read a megabyte at a time; for a file that cannot be read,
    of its size and mtime (the corpus reports it as an error; the build must not stop on it),
    as for a file over the size limit of one document, which is never read (a sparse 64 GB file)."""
    try:
        check_size(path, path.stat().st_size)
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.digest()
    except (OSError, OverBudgetError):
        try:
            info = path.stat()
        except OSError:
            return b"unreadable"
        return hashlib.sha256(f"unreadable {info.st_size} {info.st_mtime_ns}".encode()).digest()


def _visible_files(folder: Path, skip: Iterable[str] = ()) -> Iterator[Path]:
    skipped = set(skip)
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if path.is_file() and not any(p.startswith(".") or p in skipped for p in parts):
            yield path


def corpus_hash(corpus_dir: str | Path) -> str:
    """Hash of the contents of every file the corpus reads (or of the one file).

    The files are those :func:`evidencekit.ingest.corpus.iter_files` lists, the same the
    build reads: a link out of the corpus, a FIFO or a device is never opened; its name and
    the reason it is skipped count instead.
    """
    path = Path(corpus_dir)
    if path.is_file():
        return _hash_files(path.parent, [path])
    digest = hashlib.sha256()
    for file, problem in iter_files(path):
        digest.update(str(file.relative_to(path)).encode() + b"\0")
        digest.update(_content_digest(file) if problem is None else problem.code.encode())
    for name in (USER_PAIRS, REVIEWS):  # its spin pairs and review decisions change what pages say
        if (path / name).is_file():
            digest.update(name.encode() + b"\0" + _content_digest(path / name))
    return digest.hexdigest()


def library_hash() -> str:
    """Hash of every file of the ``evidencekit`` package: code and data."""
    folder = PACKAGE_ROOT
    files = (p for p in _visible_files(folder, skip={"__pycache__"}) if p.suffix != ".pyc")
    return _hash_files(folder, files)


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.cache
def environment() -> dict[str, str]:
    """Python and the versions of the packages that render pages."""
    versions = {"python": sys.version.split()[0]}
    for name in RENDERING_PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def _key(**parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def load_manifest(out: Path) -> dict[str, Any]:
    """The manifest of the last build into ``out`` (empty when missing or unreadable)."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": MANIFEST_VERSION, "pages": {}}
    if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION:
        return {"version": MANIFEST_VERSION, "pages": {}}
    manifest.setdefault("pages", {})
    return manifest


def _save_manifest(out: Path, manifest: dict[str, Any]) -> None:
    atomic_write(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")


# --- atomic files and the lock ------------------------------------------------------------


def _temporary_notebook(path: Path) -> Path:
    return path.with_name(f".{path.stem}.{os.getpid()}.tmp.ipynb")


def _remove_temporary_files(*folders: Path) -> None:
    """Remove what an interrupted build left: ``.*.tmp*`` files and ``.tmp-*`` folders."""
    for folder in folders:
        for path in folder.glob(".*.tmp*"):
            path.unlink(missing_ok=True)
        for path in folder.glob(".tmp-*"):
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def build_lock(out: str | Path, wait: bool = True) -> Iterator[None]:
    """Hold ``<out>/.build.lock`` (an exclusive flock) while a build writes into ``out``.

    When another process holds it: print who and wait (``wait=True``), or raise
    :class:`BuildError`. The lock goes with the process, so a killed build never leaves
    a stale lock.
    """
    out = Path(out)

    def busy(pid: str) -> str:
        return f"another build is running on {out}/ (pid {pid})"

    def refuse(message: str) -> Exception:
        return BuildError(f"{message}; not waiting (--no-wait)")

    with exclusive(out / LOCK, wait, busy, refuse):
        yield
