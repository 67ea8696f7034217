"""Figures in table cells take their unit from their row or column (cases in tests/cases/tables/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from evidencekit import metrics_table
from evidencekit.extract.tables import read_tables
from evidencekit.records import Document, Meta

CASES = yaml.safe_load((Path(__file__).parent / "cases/tables/cases.yaml").read_text(encoding="utf-8"))[
    "cases"
]


def _cell(value: Any) -> Any:
    """A table cell as the cases write it: None for a missing value."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_table_case(case: dict[str, Any]) -> None:
    text = case["text"]
    document = Document("case", Path("case.txt"), text, text, Meta())
    table = metrics_table(document)
    where = f"tests/cases/tables/cases.yaml, case {case['id']}"
    lines = [line for line in text.splitlines() if "|" in line or "\t" in line]
    in_rows = table[
        [any(text.find(line) <= s < text.find(line) + len(line) for line in lines) for s in table.char_start]
    ]
    got = []
    for row in in_rows.itertuples():
        assert text[row.char_start : row.char_end] == row.surface, where
        item = [row.surface, row.kind, _cell(row.direction), _cell(row.subject)]
        if any(len(expected) == 5 for expected in case["rows"]):
            item.append(None if _cell(row.year) is None else int(row.year))
        got.append(item)
    assert got == case["rows"], where


def test_no_table_costs_nothing() -> None:
    reading = read_tables("China added 50 GW of solar power in 2024.\n")
    assert reading.figures == ()
    assert reading.label_spans == ()
