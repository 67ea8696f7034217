"""Display settings and column choices shared by the notebooks, so that their text output is
stable and readable."""

from __future__ import annotations

import pandas as pd

DISPLAY_OPTIONS: dict[str, object] = {
    "display.width": 160,
    "display.max_columns": 20,
    "display.max_colwidth": None,  # quotes are evidence: never cut them
    "display.max_rows": 400,
    "display.float_format": "{:.6g}".format,
}


def use_report_display() -> None:
    """Set pandas display options for reports: full quotes, fixed width, 6 significant digits.

    nbval compares notebook output byte for byte, so every notebook uses these settings.
    """
    for option, value in DISPLAY_OPTIONS.items():
        pd.set_option(option, value)


def with_page(table: pd.DataFrame, columns: list[str]) -> list[str]:
    """``columns`` with ``page`` before ``char_start`` when a row of ``table`` has a page (a PDF,
    a Word file with page breaks); the columns as given otherwise, so that a table of
    documents without pages shows as before.

    >>> table = pd.DataFrame({"char_start": [0, 9], "page": pd.array([None, 2], dtype="Int64")})
    >>> with_page(table, ["char_start", "quote"]), with_page(table.head(1), ["char_start", "quote"])
    (['page', 'char_start', 'quote'], ['char_start', 'quote'])
    """
    if "page" not in table.columns or not table["page"].notna().any() or "page" in columns:
        return list(columns)
    at = columns.index("char_start") if "char_start" in columns else len(columns)
    return [*columns[:at], "page", *columns[at:]]
