"""What every chart shares: tables turned into chart data (plain values, locations, sources),
the themes of a claim's sentence, year colours, ranges, scales and stacked panels."""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Iterable
from typing import Any

import altair as alt
import pandas as pd

from evidencekit.extract.themes import theme_ids
from evidencekit.lang.loader import DATA_ROOT
from evidencekit.report.palette import NO_THEME, theme_colours

NO_YEAR = "no year"
NO_OBJECT = "unspecified"
THEMES = theme_ids()  # the taxonomy of data/themes.yaml, in its order
OBJECTS_FILE = DATA_ROOT / "chart_objects.yaml"


def theme_colour_scale() -> alt.Color:
    """The colour encoding of ``theme``: one fixed colour per theme (:mod:`evidencekit.report.palette`),
    whatever themes the chart shows."""
    colours = theme_colours()
    scale = alt.Scale(domain=list(colours), range=list(colours.values()))
    return alt.Color("theme:N", title="theme", sort=list(colours), scale=scale)


_YEAR_COLOURS = ["#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6"]
_NO_YEAR_COLOUR = "#9d9d9d"
_TOOLTIP = [
    alt.Tooltip("quote:N", title="quote"),
    alt.Tooltip("doc_id:N", title="document"),
    alt.Tooltip("location:N", title="location"),
]
_CLAIM_COLUMNS = ["doc_id", "char_start", "char_end", "location", "quote"]
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
}
_ZH_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")


# --- tables -> chart data -------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Return ``value`` as a JSON-ready Python scalar; missing values become None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _values(table: pd.DataFrame, columns: Iterable[str]) -> alt.Data:
    """Inline ``columns`` of ``table`` as chart data, in a stable row order."""
    columns = list(columns)
    order = [c for c in ("doc_id", "char_start", "char_end", "theme") if c in table.columns]
    rows = table.sort_values(order, kind="stable") if order else table
    records = [
        {column: _plain(value) for column, value in zip(columns, row, strict=True)}
        for row in rows[columns].itertuples(index=False, name=None)
    ]
    return alt.Data(values=records)


def _text(table: pd.DataFrame, column: str) -> pd.Series:
    """``table[column]`` as strings, "" where missing or when the column is absent; a spun
    sentence's ``quote`` as repaired (what it means), as the tables show it."""
    if column not in table.columns:
        return pd.Series([""] * len(table), index=table.index, dtype="string")
    text = table[column].astype("string")
    if column == "quote" and "repaired_quote" in table.columns:
        repaired = table["repaired_quote"].astype("string")
        text = repaired.where(repaired.notna(), text)
    return text.fillna("")


def _location(table: pd.DataFrame) -> pd.Series:
    """ "chars <start>–<end>" of each row (its exact span in the document's text), after
    "page <n>, " when the row has a page (a PDF, a Word file with page breaks)."""
    starts = table["char_start"].map(_plain) if "char_start" in table.columns else None
    ends = table["char_end"].map(_plain) if "char_end" in table.columns else None
    if starts is None:
        return pd.Series([""] * len(table), index=table.index, dtype="string")
    if ends is None:
        ends = starts
    pages = [_plain(page) for page in table["page"]] if "page" in table.columns else [None] * len(table)
    spans = [
        ("" if p is None else f"page {p}, ") + f"chars {s}–{e}" if s is not None else ""
        for s, e, p in zip(starts, ends, pages, strict=True)
    ]
    return pd.Series(spans, index=table.index, dtype="string")


def _claims(table: pd.DataFrame) -> pd.DataFrame:
    """Claim rows with the text columns every chart reads (missing ones filled with "")."""
    texts = ("doc_id", "quote", "surface", "display", "outlet", "unit", "noun", "repaired_quote")
    table = table.assign(**{column: _text(table, column) for column in texts})
    for column in ("char_start", "char_end"):
        if column not in table.columns:
            table = table.assign(**{column: pd.Series(pd.NA, index=table.index, dtype="Int64")})
    display = table["display"].where(table["display"] != "", table["surface"])
    return table.assign(location=_location(table), display=display, year=table.get("year", None))


def _source(table: pd.DataFrame) -> pd.Series:
    """ "doc_id · outlet" of each row ("doc_id" alone when the document names no outlet)."""
    outlet = _text(table, "outlet")
    label = table["doc_id"].astype("string") + " · " + outlet
    return label.where(outlet != "", table["doc_id"].astype("string"))


def _of_kind(metrics: pd.DataFrame, *kinds: str) -> pd.DataFrame:
    if "kind" not in metrics.columns:
        return metrics.iloc[0:0]
    return metrics[metrics["kind"].isin(kinds)]


def _year_label(year: Any) -> str:
    year = _plain(year)
    return NO_YEAR if year is None else str(int(year))


def _title(text: str, table: pd.DataFrame, missing: str = "no claims") -> str:
    """The chart title, saying ``missing`` when the table is empty."""
    return text if len(table) else f"{text}: {missing}"


# --- themes of a claim's sentence ----------------------------------------------------------


def _theme_labels(value: Any) -> list[str]:
    value = _plain(value)
    themes = [t.strip() for t in str(value).split(",") if t.strip()] if value else []
    return themes or [NO_THEME]


def _sentence_themes(metrics: pd.DataFrame, evidence: pd.DataFrame | None) -> list[set[str]]:
    """Themes of each claim: its own ``theme`` plus, with ``evidence``, all its sentence's themes."""
    own = [set(_theme_labels(v)) - {NO_THEME} for v in metrics.get("theme", [None] * len(metrics))]
    keys = ("doc_id", "sentence_id")
    if evidence is None or not all(k in evidence.columns and k in metrics.columns for k in keys):
        return own
    index: dict[tuple[Any, Any], set[str]] = {}
    for doc_id, sentence_id, themes in zip(
        evidence["doc_id"], evidence["sentence_id"], evidence["themes"], strict=True
    ):
        index.setdefault((_plain(doc_id), _plain(sentence_id)), set()).update(_theme_labels(themes))
    pairs = zip(metrics["doc_id"], metrics["sentence_id"], own, strict=True)
    return [mine | (index.get((_plain(d), _plain(s)), set()) - {NO_THEME}) for d, s, mine in pairs]


def _in_themes(metrics: pd.DataFrame, themes: set[str], evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims whose sentence carries one of ``themes``."""
    mask = [bool(found & themes) for found in _sentence_themes(metrics, evidence)]
    return metrics[pd.Series(mask, index=metrics.index, dtype=bool)]


# --- shared marks --------------------------------------------------------------------------


def _year_colour(table: pd.DataFrame) -> alt.Color:
    """Colour by the year stated; years in order, "no year" in grey, same for every panel."""
    years = sorted({_year_label(y) for y in table.get("year", [])} - {NO_YEAR})
    domain = [*years, NO_YEAR]
    colours = [_YEAR_COLOURS[i % len(_YEAR_COLOURS)] for i in range(len(years))]
    scale = alt.Scale(domain=domain, range=[*colours, _NO_YEAR_COLOUR])
    # below the plot: claim labels run past the last bound; no legend when nothing is charted
    legend = alt.Legend(orient="bottom") if len(table) else None
    return alt.Color("year:N", title="year stated", scale=scale, legend=legend)


def _ranges(
    table: pd.DataFrame,
    x_title: str,
    scale: alt.Scale,
    colour: alt.Color,
    axis: alt.Axis | None = None,
    zoom: str = "zoom",
) -> alt.LayerChart:
    """One row per claim ("source · claim"): a rule from low to high, a point at each bound,
    and the claim's readable form after the high bound.

    In JupyterLab the value axis zooms and pans (a scale-bound interval named ``zoom``,
    which must be unique among the panels of one chart)."""
    table = _claims(table).sort_values(["doc_id", "char_start"], kind="stable")
    table = table.assign(
        year=table["year"].map(_year_label),
        claim=_claim_labels(table),
        source=_source(table),
        subject=_text(table, "subject"),
    )
    columns = [
        *_CLAIM_COLUMNS,
        "claim",
        "source",
        "surface",
        "display",
        "subject",
        "value_low",
        "value_high",
        "year",
    ]
    tooltip = [
        alt.Tooltip("display:N", title="claim"),
        alt.Tooltip("subject:N", title="measures"),
        alt.Tooltip("source:N", title="source"),
        *_TOOLTIP,
    ]
    base = alt.Chart(_values(table, columns)).encode(
        # labels read "document · outlet · claim"; no axis title (it would overlap long labels)
        y=alt.Y("claim:N", title=None, sort=None, axis=alt.Axis(labelLimit=340)),
        color=colour,
        tooltip=tooltip,
    )
    low = alt.X("value_low:Q", title=x_title, scale=scale, axis=axis or alt.Axis())
    high = alt.X("value_high:Q")
    pan = alt.selection_interval(name=zoom, bind="scales", encodings=["x"])
    # the layer carrying the zoom is named, or altair numbers it per session ("view_3")
    rule = base.mark_rule(strokeWidth=3).encode(x=low, x2="value_high:Q").properties(name=f"{zoom}_rules")
    rule = rule.add_params(pan)
    lows = base.mark_point(filled=True, size=60).encode(x=low)
    highs = base.mark_point(filled=True, size=60).encode(x=high)
    labels = base.mark_text(align="left", dx=7, fontSize=10).encode(x=high, text="display:N")
    return alt.LayerChart(layer=[rule, lows, highs, labels])


def _zoom_name(panel: str) -> str:
    """A parameter name for a panel's zoom ("zoom_models", "zoom_USD"): letters, digits, _."""
    return "zoom_" + re.sub(r"\W", "_", panel, flags=re.ASCII)


def _claim_labels(table: pd.DataFrame) -> pd.Series:
    """ "doc_id · outlet · surface" of each claim, numbered "(2)", "(3)" when one repeats."""
    labels = _source(table) + " · " + table["surface"]
    repeat = labels.groupby(labels).cumcount()
    return labels.where(repeat == 0, labels + " (" + (repeat + 1).astype("string") + ")")


def _percent_scale(table: pd.DataFrame) -> alt.Scale:
    """0 to 100 %, or to the highest bound when a claim exceeds 100 %."""
    highest = max([100.0, *(float(v) for v in table.get("value_high", []) if _plain(v) is not None)])
    return alt.Scale(domain=[0, highest])


def _log_scale() -> alt.Scale:
    return alt.Scale(type="log", padding=12)


def _stack(panels: list[Any], title: str) -> alt.VConcatChart:
    """Panels one above the other (each with its own unit axis) under one title."""
    return alt.vconcat(*panels, title=title)
