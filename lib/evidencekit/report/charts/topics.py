"""Charts of one topic each: energy and electricity shares, talent, and chip control (lag
estimates by object, chip counts, the control timeline)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

import altair as alt
import pandas as pd

from evidencekit.extract.gaps import is_gap
from evidencekit.lang.loader import read_yaml
from evidencekit.records import Document
from evidencekit.report.charts.common import (
    _CLAIM_COLUMNS,
    _MONTHS,
    _TOOLTIP,
    _ZH_MONTH,
    NO_OBJECT,
    OBJECTS_FILE,
    _claim_labels,
    _claims,
    _in_themes,
    _log_scale,
    _of_kind,
    _percent_scale,
    _ranges,
    _source,
    _stack,
    _text,
    _title,
    _values,
    _year_colour,
    _zoom_name,
)
from evidencekit.report.charts.corpus import documents_table

# --- energy --------------------------------------------------------------------------------

_ENERGY_PANELS = (  # kind, axis title: one panel per unit
    ("power", "power, watts W (log scale)"),
    ("energy", "energy, watt-hours Wh (log scale)"),
)


def chart_energy_claims(
    metrics: pd.DataFrame, documents: pd.DataFrame | Iterable[Document] | None = None
) -> alt.VConcatChart:
    """Every power and energy claim, by document and outlet, coloured by the year stated.

    Power (W) and energy (Wh) are different units, so each has its own panel with its
    own log axis; a panel appears only when it has claims (the power panel stays, empty,
    when neither has). Ranges are a rule from low to high with a point at each bound.
    ``documents`` (a :func:`documents_table` or the corpus) supplies outlets the metrics
    table lacks.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "char_start": [3], "char_end": [8],
    ...     "kind": ["power"], "surface": ["50 GW"], "value_low": [5e10],
    ...     "value_high": [5e10], "year": [2028], "quote": ["50 GW by 2028"]})
    >>> chart_energy_claims(table).to_dict()["vconcat"][0]["layer"][0]["encoding"]["x"]["scale"]
    {'padding': 12, 'type': 'log'}
    """
    table = _with_outlets(_of_kind(metrics, "power", "energy"), documents)
    colour = _year_colour(table)
    panels = [
        _ranges(
            _of_kind(table, kind), title, _log_scale(), colour, alt.Axis(format="~s"), zoom=_zoom_name(kind)
        ).properties(title=f"{kind} ({'W' if kind == 'power' else 'Wh'})")
        for kind, title in _ENERGY_PANELS
        if len(_of_kind(table, kind)) or (kind == "power" and table.empty)
    ]
    return _stack(panels, _title("Power and energy claims (log scale)", table))


def _with_outlets(metrics: pd.DataFrame, documents: pd.DataFrame | Iterable[Document] | None) -> pd.DataFrame:
    """``metrics`` with the outlet of ``documents`` where the metrics table has none."""
    if documents is None:
        return metrics
    table = documents_table(documents)
    outlets = dict(zip(table["doc_id"], _text(table, "outlet"), strict=True))
    known = _text(metrics, "outlet")
    filled = metrics["doc_id"].map(lambda d: outlets.get(d, "")).astype("string")
    return metrics.assign(outlet=known.where(known != "", filled))


def chart_electricity_shares(metrics: pd.DataFrame, evidence: pd.DataFrame | None = None) -> alt.LayerChart:
    """Percent claims in energy sentences ("12% of US electricity output", "+12% a year").

    A claim is in an energy sentence when its theme is energy or, given the ``evidence``
    table, when its sentence carries energy among its themes.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "char_start": [3], "kind": ["percent"],
    ...     "surface": ["12%"], "value_low": [12.0], "value_high": [12.0], "year": [None],
    ...     "theme": ["energy"], "quote": ["数据中心可能消耗美国电力产量的12%"]})
    >>> chart_electricity_shares(table).to_dict()["title"]
    'Shares of electricity (percent claims in energy sentences)'
    """
    table = _in_themes(_of_kind(metrics, "percent"), {"energy"}, evidence)
    chart = _ranges(table, "percent (%)", _percent_scale(table), _year_colour(table))
    return chart.properties(title=_title("Shares of electricity (percent claims in energy sentences)", table))


# --- talent --------------------------------------------------------------------------------


def chart_talent_claims(metrics: pd.DataFrame, evidence: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Percent and money claims of talent sentences, with their source (document · outlet).

    Two kinds of panel, since the units differ: percent (%), and one per currency
    (USD, CNY...). ``evidence`` widens "talent sentence" as in :func:`chart_electricity_shares`.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a", "a"], "char_start": [3, 20], "kind": ["percent", "money"],
    ...     "surface": ["70%", "10万美元"], "value_low": [70.0, 1e5], "value_high": [70.0, 1e5],
    ...     "unit": ["percent", "USD"], "year": [None, None], "theme": ["talent", "talent"],
    ...     "quote": ["70%的研究人员出生在国外", "H-1B签证费用提高到10万美元"]})
    >>> [panel["title"] for panel in chart_talent_claims(table).to_dict()["vconcat"]]
    ['percent (%)', 'money (USD)']
    """
    table = _in_themes(_of_kind(metrics, "percent", "money"), {"talent"}, evidence)
    colour = _year_colour(table)
    percent = _of_kind(table, "percent")
    panels = [
        _ranges(percent, "percent (%)", _percent_scale(percent), colour, zoom="zoom_percent").properties(
            title="percent (%)"
        )
    ]
    money = _of_kind(table, "money")
    for unit in sorted(set(_text(money, "unit"))):
        rows = money[_text(money, "unit") == unit]
        axis = alt.Axis(format="~s")
        panel = _ranges(rows, f"amount ({unit})", _room_scale(rows), colour, axis, zoom=_zoom_name(unit))
        panels.append(panel.properties(title=f"money ({unit})"))
    return _stack(panels, _title("Talent: percent and money claims", table))


def _room_scale(rows: pd.DataFrame) -> alt.Scale:
    """A linear scale from zero with room right of the largest value for its mark and label
    (a value at the edge of the axis was drawn cut in half)."""
    top = pd.to_numeric(rows["value_high"], errors="coerce").max() if len(rows) else float("nan")
    if not top or top != top or top <= 0:
        return alt.Scale(zero=True)
    return alt.Scale(zero=True, domainMax=float(top) * 1.35, nice=False)


# --- chip control --------------------------------------------------------------------------


@cache
def chart_objects() -> dict[str, tuple[str, ...]]:
    """The objects a lag claim can be about and their words (``data/chart_objects.yaml``).

    >>> list(chart_objects())
    ['models', 'chips']
    """
    data = read_yaml(OBJECTS_FILE) or {}
    return {str(name): tuple(str(w) for w in words) for name, words in data["objects"].items()}


def _word_pattern(word: str) -> str:
    """English words match at a word start; Chinese (or other non-Latin) words anywhere."""
    escaped = re.escape(word)
    return rf"(?<![A-Za-z]){escaped}" if word[:1].isascii() else escaped


def claim_object(quote: str, surface: str) -> str:
    """The object whose word stands nearest ``surface`` in ``quote``, or "unspecified".

    >>> claim_object("China's AI models lag by one to two years in AI chip performance",
    ...              "one to two years")
    'chips'
    >>> claim_object("差距缩小至约一个季度", "约一个季度")
    'unspecified'
    """
    start = max(quote.find(surface), 0)
    end = start + len(surface)
    best: tuple[int, int, str] | None = None
    for order, (name, words) in enumerate(chart_objects().items()):
        pattern = "|".join(_word_pattern(w) for w in words)
        for match in re.finditer(pattern, quote, flags=re.IGNORECASE):
            gap = max(start - match.end(), match.start() - end, 0)
            best = min(best or (gap, order, name), (gap, order, name))
    return best[2] if best else NO_OBJECT


def _objects(table: pd.DataFrame) -> pd.Series:
    """The object of each claim, read from its repaired sentence when the source was spun."""
    repaired = _text(table, "repaired_quote")
    quotes = repaired.where(repaired != "", _text(table, "quote"))
    surfaces = _text(table, "surface")
    found = [claim_object(q, s) for q, s in zip(quotes, surfaces, strict=True)]
    return pd.Series(found, index=table.index, dtype="string")


def chart_lag_estimates(metrics: pd.DataFrame, evidence: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Capability-gap and chip-control lags ("3–6 months behind", 落后一到两年).

    Only durations whose sentence states a lead, lag or gap (their ``subject`` is a gap word,
    :func:`evidencekit.extract.gaps.is_gap`): "two days after the ban" or "over the past
    two years" are no lag; and whose sentence is first of all about the capability gap or chip
    control (its strongest ``theme``): a war's 20–30-year military lead is not. Range bars in
    months (log scale) per source, one panel per object the claim is about (models, chips,
    unspecified: :func:`claim_object`).

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "char_start": [3], "kind": ["duration"],
    ...     "surface": ["3–6 months"], "value_low": [3.0], "value_high": [6.0], "year": [None],
    ...     "theme": ["capability-gap"], "quote": ["3–6 months behind in AI models"],
    ...     "subject": ["behind"]})
    >>> [panel["title"] for panel in chart_lag_estimates(table).to_dict()["vconcat"]]
    ['models']
    """
    themes = {"capability-gap", "chip-control"}
    table = _in_themes(_of_kind(metrics, "duration"), themes, evidence)
    table = table[_text(table, "subject").map(is_gap).astype(bool)]  # a lead, lag or gap only
    if "theme" in table.columns:  # and first of all about AI: not a 20-30-year military lead
        table = table[table["theme"].isin(themes).fillna(False).astype(bool)]
    table = table.assign(object=_objects(table))
    colour = _year_colour(table)
    axis = alt.Axis(values=[1, 3, 6, 12, 24, 60, 120, 240, 480], format="~d")
    panels = [
        _ranges(
            table[table["object"] == name],
            "months (log scale)",
            _log_scale(),
            colour,
            axis,
            zoom=_zoom_name(name),
        ).properties(title=name)
        for name in [*chart_objects(), NO_OBJECT]
        if (table["object"] == name).any()
    ]
    if not panels:
        panels = [_ranges(table, "months (log scale)", _log_scale(), colour, axis)]
    chart = _stack(panels, _title("Lag estimates (months behind)", table))
    return chart.resolve_scale(x="shared")  # one months axis: models and chips compare


def chart_chip_counts(metrics: pd.DataFrame, evidence: pd.DataFrame | None = None) -> alt.LayerChart:
    """Count claims about chips ("6000万套芯片", 60 million chips lost in sales).

    A count is about chips when its counted noun is a chip word of
    ``data/chart_objects.yaml`` or its sentence is a chip-control sentence.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "char_start": [3], "kind": ["count"],
    ...     "surface": ["6000万套芯片"], "value_low": [6e7], "value_high": [6e7], "year": [2024],
    ...     "noun": ["芯片"], "theme": ["talent"], "quote": ["丧失6000万套芯片销售"]})
    >>> chart_chip_counts(table).to_dict()["data"]["values"][0]["display"]
    '6000万套芯片'
    """
    counts = _of_kind(metrics, "count")
    nouns = _text(counts, "noun")
    chip_noun = nouns.map(lambda n: claim_object(n, n) == "chips" if n else False).astype(bool)
    in_theme = counts.index.isin(_in_themes(counts, {"chip-control"}, evidence).index)
    table = counts[chip_noun | in_theme]
    axis = alt.Axis(format="~s")
    chart = _ranges(
        table, "count (chips or units as stated)", alt.Scale(zero=True), _year_colour(table), axis
    )
    return chart.properties(title=_title("Chip counts", table))


def event_dates(surface: str, low: Any, high: Any) -> tuple[str, str]:
    """ISO start and end dates of a date claim: its month when the surface names one.

    >>> event_dates("2022年10月", 2022, 2022)
    ('2022-10-01', '2022-10-01')
    >>> event_dates("October 2022", 2022, 2022)
    ('2022-10-01', '2022-10-01')
    >>> event_dates("2005至2020年", 2005, 2020)
    ('2005-01-01', '2020-01-01')
    """
    first, last = int(low), int(high)
    month = _month(surface)
    if first == last:
        start = f"{first:04d}-{month or 1:02d}-01"
        return start, start
    return f"{first:04d}-01-01", f"{last:04d}-01-01"  # the period ends on its last year's tick


def _dated(table: pd.DataFrame) -> pd.DataFrame:
    """Date claims that can stand on a time axis: a period named alone ("Q3") takes the year
    its sentence gives it, and stays off the axis without one."""
    value = table["value_low"].isna()
    table = table.assign(
        value_low=table["value_low"].where(~value, table["year"]),
        value_high=table["value_high"].where(~value, table["year"]),
    )
    return table[table["value_low"].notna()]


def _month(surface: str) -> int | None:
    chinese = _ZH_MONTH.search(surface)
    if chinese and 1 <= int(chinese.group(2)) <= 12:
        return int(chinese.group(2))
    for word in re.findall(r"[A-Za-z]+", surface):
        if word.lower() in _MONTHS:
            return _MONTHS[word.lower()]
    return None


def chart_control_timeline(metrics: pd.DataFrame, evidence: pd.DataFrame | None = None) -> alt.LayerChart:
    """Dated events of chip-control sentences on a time axis ("2022年10月" -> October 2022).

    A period ("2005至2020年") is a rule from its first to its last year; each event is a
    point with its date as written.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "char_start": [3], "kind": ["date"],
    ...     "surface": ["2022年10月"], "value_low": [2022.0], "value_high": [2022.0],
    ...     "year": [2022], "theme": ["chip-control"], "quote": ["2022年10月扩展芯片管制"]})
    >>> chart_control_timeline(table).to_dict()["data"]["values"][0]["start"]
    '2022-10-01'
    """
    table = _claims(_in_themes(_of_kind(metrics, "date"), {"chip-control"}, evidence))
    table = _dated(table).sort_values(["doc_id", "char_start"], kind="stable")
    dates = [
        event_dates(s, lo, hi)
        for s, lo, hi in zip(table["surface"], table["value_low"], table["value_high"], strict=True)
    ]
    table = table.assign(
        start=[d[0] for d in dates],
        end=[d[1] for d in dates],
        source=_source(table),
        event=_claim_labels(table),
    )
    columns = [*_CLAIM_COLUMNS, "event", "source", "surface", "start", "end"]
    tooltip = [alt.Tooltip("surface:N", title="date as written"), *_TOOLTIP]
    base = alt.Chart(_values(table, columns)).encode(
        # labels read "document · outlet · date as written"
        y=alt.Y("event:N", title=None, sort=None, axis=alt.Axis(labelLimit=340)),
        color=alt.Color("source:N", title="document · outlet", sort="ascending"),
        tooltip=tooltip,
    )
    x = alt.X(
        "start:T",
        title="date (year, month when stated)",
        scale=alt.Scale(type="utc", padding=12),
        axis=alt.Axis(format="%Y"),
    )
    period = base.mark_rule(strokeWidth=4, opacity=0.6).encode(x=x, x2="end:T")
    starts = base.mark_point(filled=True, size=70).encode(x=x)
    ends = base.mark_point(filled=True, size=70).encode(x=alt.X("end:T"))
    title = _title("Chip-control timeline (dated events in chip-control sentences)", table)
    return alt.LayerChart(layer=[period, starts, ends]).properties(title=title)
