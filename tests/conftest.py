"""Shared test set-up: the test tiers and fixtures used by several test files.

Tiers: tests that start Jupyter kernels (papermill builds), Dask clusters, real kills or a
browser carry the ``slow`` marker. ``make check`` runs the rest (``pytest -m "not slow"``,
well under two minutes on two cores); ``make test`` runs everything, then nbval.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import evidencekit as ek

REPO = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: starts kernels, Dask clusters, browsers or kills processes (skipped by `make check`)",
    )


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder."""
    return REPO


@pytest.fixture(scope="session")
def seed_corpus() -> ek.Corpus:
    """The bundled corpus (``seeds/``), read once for the whole session. Do not mutate it."""
    return ek.load_corpus(REPO / "seeds")
