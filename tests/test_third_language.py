"""A third language is one more folder of data: no code changes (issue #11).

The data folder in use is :func:`evidencekit.lang.files.data_root`: the package's
``data/``, or the folder named by ``$EVIDENCEKIT_DATA`` (read when the data folder is
first needed, or again after ``set_data_root(None)``), or one set with
:func:`~evidencekit.lang.files.set_data_root`, which also clears every cache computed
from the data.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidencekit.extract.metrics import extract_metrics
from evidencekit.extract.themes import tag_themes
from evidencekit.lang.files import DATA_ENV, DATA_ROOT, data_root, languages, set_data_root

NUMBERS = """\
# Numerals of the test language xx: number words only (every other key takes its default).
words: {uno: 1, dos: 2, tres: 3, diez: 10}
"""
UNITS = """\
# One unit of the test language xx.
units:
  - {forms: [metros], kind: length, factor: 1}
"""
THEMES = """\
# One theme term of the test language xx.
themes:
  energy: {electricidad: 1}
"""


@pytest.fixture
def third_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the package's data next to a minimal folder ``xx``, in use through the
    environment variable; the package's data again afterwards."""
    root = tmp_path / "data"
    shutil.copytree(DATA_ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    folder = root / "xx"
    folder.mkdir()
    for name, text in (("numbers", NUMBERS), ("units", UNITS), ("themes", THEMES)):
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(DATA_ENV, str(root))
    set_data_root(None)  # forget the package's data; the next use reads $EVIDENCEKIT_DATA
    yield root
    monkeypatch.delenv(DATA_ENV)
    set_data_root(None)


def test_a_folder_adds_a_language(third_language: Path) -> None:
    assert data_root() == third_language
    assert languages() == ("en", "xx", "zh")
    found = [(m.surface, m.value_low, m.unit, m.kind, m.lang) for m in extract_metrics("tres metros", "xx")]
    assert found == [("tres metros", 3.0, "m", "length", "xx")]
    hits = [(h.theme, h.term) for h in tag_themes("la electricidad", "xx")]
    assert hits == [("energy", "electricidad")]


def test_the_other_languages_still_work_next_to_it(third_language: Path) -> None:
    assert [m.surface for m in extract_metrics("diez metros and 50 GW, 三到六个月")] == [
        "diez metros",
        "50 GW",
        "三到六个月",
    ]


def test_the_package_data_returns_with_its_caches(third_language: Path) -> None:
    assert extract_metrics("tres metros", "xx")
    set_data_root(DATA_ROOT)
    assert languages() == ("en", "zh")
    assert extract_metrics("tres metros", "xx") == []
    assert tag_themes("la electricidad", "xx") == []
