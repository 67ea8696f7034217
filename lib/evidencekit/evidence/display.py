"""Readable forms of metrics for tables and charts ("50 GW", "3–6 months", "US$100,000")."""

from __future__ import annotations

import math
from collections.abc import Callable

from evidencekit.records import Metric

SI_PREFIXES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1.0, ""))
CURRENCY_SIGNS = {"USD": "US$", "CNY": "CN¥", "EUR": "€", "GBP": "£", "JPY": "JP¥", "HKD": "HK$"}
QUALIFIER_SIGNS = {
    "approximate": "~",
    "at least": "≥",
    "more than": ">",
    "at most": "≤",
    "less than": "<",
}
SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _number(value: float) -> str:
    """Up to four significant digits, no trailing zeros, thousands separated."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) >= 1 else f"{value:.4g}"


def _span(low: float, high: float, fmt: Callable[[float], str] = _number) -> str:
    return fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"


def _si(metric: Metric) -> str:
    top = max(abs(metric.value_low), abs(metric.value_high))
    factor, prefix = next(((f, p) for f, p in SI_PREFIXES if top >= f), (1.0, ""))
    return f"{_span(metric.value_low / factor, metric.value_high / factor)} {prefix}{metric.unit}"


def _scaled(low: float, high: float) -> str:
    top = max(abs(low), abs(high))
    for factor, word in SCALE_WORDS:
        if top >= factor:
            return f"{_span(low / factor, high / factor)} {word}"
    return _span(low, high)


_HOUR = 1 / (30.4375 * 24)  # durations are kept in months of 30.4375 days
DURATION_UNITS = (
    (12.0, "year", "years"),
    (1.0, "month", "months"),
    (7 / 30.4375, "week", "weeks"),
    (1 / 30.4375, "day", "days"),
    (_HOUR, "hour", "hours"),
    (_HOUR / 60, "minute", "minutes"),
    (_HOUR / 3600, "second", "seconds"),
    (_HOUR / 3.6e6, "ms", "ms"),
    (_HOUR / 3.6e9, "µs", "µs"),
)


def _duration(metric: Metric) -> str:
    """In the largest unit that gives a whole or two-decimal number: 30 days, not 0.99
    months; 18 months as 1.5 years; 20 ms."""
    low, high = metric.value_low, metric.value_high
    top = max(abs(low), abs(high))
    fitting = [unit for unit in DURATION_UNITS if top / unit[0] >= 1 - 1e-9] or [DURATION_UNITS[-1]]
    factor, one, many = next((u for u in fitting if _clean(low / u[0]) and _clean(high / u[0])), fitting[0])
    text = _span(round(low / factor, 2), round(high / factor, 2))
    return f"{text} {one}" if text == "1" else f"{text} {many}"


def _clean(value: float) -> bool:
    return abs(value - round(value, 2)) <= 1e-6 * max(1.0, abs(value))


def format_metric(metric: Metric) -> str:
    """A short readable form of a metric.

    >>> from evidencekit.extract.metrics import extract_metrics
    >>> [format_metric(m) for m in extract_metrics("约一个季度, 500亿瓦 and US$100,000 by 2028")]
    ['~3 months', '50 GW', 'US$100,000', '2028']
    >>> text = "Sales fell 7.3% in Q2 2025; power costs $40 per MWh, 5x less."
    >>> [format_metric(m) for m in extract_metrics(text)]
    ['−7.3%', 'Q2 2025', 'US$40 per MWh', '×0.2']
    >>> [format_metric(m) for m in extract_metrics("Margin -3.2% q/q in Q3")]
    ['−3.2%', 'Q3']
    """
    kind = metric.kind
    if kind in ("power", "energy"):
        text = _si(metric)
    elif kind == "money":
        sign = CURRENCY_SIGNS.get(metric.unit, f"{metric.unit} ")
        text = sign + _scaled(metric.value_low, metric.value_high)
    elif kind == "percent":
        text = f"{_span(metric.value_low, metric.value_high)}%"
    elif kind == "duration":
        text = _duration(metric)
    elif kind == "multiple":
        text = f"×{_span(metric.value_low, metric.value_high)}"
    elif kind == "ratio":
        text = f"{_number(metric.value_low)}:1"
    elif kind == "date" and math.isnan(metric.value_low):  # a period named alone: "Q3 (2025)"
        year = f" ({metric.year})" if metric.year is not None else ""
        text = f"{metric.period or metric.surface}{year}"
    elif kind == "date":
        text = _span(metric.value_low, metric.value_high, lambda v: str(int(v)))
        text = f"{metric.period} {text}" if metric.period else text
    else:
        text = _scaled(metric.value_low, metric.value_high)
        text = f"{text} {metric.noun}" if metric.noun else text
    if metric.per:
        text = f"{text} per {metric.per}"
    if kind != "multiple" and metric.direction in CHANGE_SIGNS:
        text = CHANGE_SIGNS[metric.direction] + text.lstrip("-−")  # "同比增长 -0.28": −0.28%, not −-0.28%
    sign = QUALIFIER_SIGNS.get(metric.qualifier or "", "")
    return f"{sign}{text}"


CHANGE_SIGNS = {"up": "+", "down": "−"}
"""A change shows its direction ("+12%", "−7.3%"); a multiple shows its factor (×0.2)."""
