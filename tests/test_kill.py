"""A command killed with SIGKILL (as a scheduler's timeout does) leaves nothing running and
nothing writing: every descendant (page builders, kernels, Dask nannies and workers) ends
within a few seconds, and no file of the output appears or changes after the kill.

Descendants are found by an environment variable that only this test's command and its
children carry (kernels start in their own session, so the process tree alone would miss them).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,  # starts kernels and Dask clusters, then kills them
    pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find processes"),
]

ROOT = Path(__file__).resolve().parents[1]
MARKER = "EVIDENCEKIT_KILL_TEST"
SETTLE_SECONDS = 5.0


def _marked(tag: str) -> list[tuple[int, str]]:
    """Live processes (not zombies) whose environment carries ``MARKER=tag``: (pid, command)."""
    needle = f"{MARKER}={tag}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if state != "Z":
            found.append((int(entry.name), command[:120]))
    return found


def _files(folder: Path) -> dict[str, int]:
    return (
        {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
        if folder.exists()
        else {}
    )


def _corpus(folder: Path, documents: int) -> Path:
    folder.mkdir()
    text = "".join(
        f"In {2020 + i % 6} the cluster drew {i + 1}.5 GW, about {i % 40 + 3}% of the grid; "
        f"数据中心用电量增长了{i % 9 + 2}倍，约{i + 10}亿千瓦时。\n"
        for i in range(120)
    )
    for index in range(documents):
        (folder / f"doc_{index:03d}.txt").write_text(f"Report {index}\n\n{text}", encoding="utf-8")
    return folder


def _kill_when(command: list[str], cwd: Path, ready: int, out: Path, timeout: float = 120.0) -> None:
    """Run ``command``; once ``ready`` marked processes run besides it, SIGKILL it; check the rest."""
    tag = uuid.uuid4().hex
    env = {**os.environ, MARKER: tag, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while len(_marked(tag)) < ready + 1:
        if process.poll() is not None:
            pytest.fail(f"the command ended before it was killed: {process.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"fewer than {ready} child processes after {timeout} s: {_marked(tag)}")
        time.sleep(0.2)
    time.sleep(1.0)  # let the children get to work
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = time.time_ns()
    before = _files(out)
    deadline = time.monotonic() + SETTLE_SECONDS
    while _marked(tag) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _marked(tag)
    for pid, _ in alive:  # leave the machine clean even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not alive, f"still running {SETTLE_SECONDS} s after the kill: {alive}"
    time.sleep(1.0)
    after = _files(out)
    written = sorted(name for name, mtime in after.items() if mtime > killed_at and before.get(name) != mtime)
    assert not written, f"files written after the kill: {written}"


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_killed_extract_leaves_no_process_and_writes_nothing(tmp_path: Path, engine: str) -> None:
    corpus = _corpus(tmp_path / "corpus", 150)
    out = tmp_path / "store"
    command = [sys.executable, "-m", "evidencekit.cli", "extract", str(corpus), "--out", str(out)]
    command += ["--engine", engine, "--workers", "2", "--batch-size", "2", "--no-progress"]
    ready = 3 if engine == "dask" else 0  # two workers and multiprocessing's resource tracker
    _kill_when(command, tmp_path, ready, out)


def test_killed_build_leaves_no_process_and_writes_nothing(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 4)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    out = tmp_path / "reports"
    command = [sys.executable, "-m", "evidencekit.cli", "build", "--corpus", str(corpus), "--out", str(out)]
    command += ["--notebooks", str(tmp_path / "notebooks"), "--jobs", "2"]
    _kill_when(command, tmp_path, 4, out)  # two page builders, each with its kernel
