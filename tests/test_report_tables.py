"""Tables and prose as report pages show them: empty cells, plain numbers, links only to the web,
document text escaped."""

from __future__ import annotations

import pandas as pd
import pytest

from evidencekit.report.document import Prose
from evidencekit.report.tables import ReportTable

HOSTILE = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("../secrets.txt", False),
    ],
)
def test_only_web_addresses_become_links(url, linked):
    prose = Prose("said", links=[("original", url)])._repr_html_()
    frame = pd.DataFrame({"title": ["t"], "url": [url], "source": ["s"]})
    table = ReportTable(frame, "t")._repr_html_()
    assert ("href=" in prose) is linked
    assert ("href=" in table) is linked


def test_a_table_shows_no_index_no_missing_marker_no_scientific_notation():
    frame = pd.DataFrame(
        {
            "claim_key": ["c-1", "c-2"],
            "claim": [HOSTILE, "x"],
            "value": [6e7, None],
            "year": pd.array([2028, None], dtype="Int64"),
            "quote": [HOSTILE, pd.NA],
        }
    )
    table = ReportTable(frame, "claims", link="claim")
    page = table._repr_html_()
    for shown in (page, repr(table)):
        for marker in ("<NA>", "None", "nan", "NaN", "e+07"):
            assert marker not in shown
    assert "60000000" in page
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "id='row-c-1'" in page
    assert "href='#c-1'" in page
