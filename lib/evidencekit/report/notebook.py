"""Display settings shared by the notebooks, so that their text output is stable and readable."""

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
