"""Properties of extract_metrics that hold for any text, including random Unicode."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit import extract_metrics

PIECES = [
    "50",
    "1,000",
    "3.5",
    "２０",
    "十",
    "两三",
    "万",
    "亿",
    "个月",
    "年",
    "%",
    "％",
    " GW",
    "瓦",
    "$",
    "US$",
    " billion",
    " to ",
    "-",
    "～",
    "至",
    "约",
    "about ",
    "more than ",
    "[7]",
    "H20",
    "2028",
    "年10月",
    "00:28",
    " chips",
    "套芯片",
    "百分之",
    "三",
    "one",
    " months",
    " ",
    "。",
]
texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    # long runs of one piece once made a regular expression backtrack exponentially
    st.tuples(st.sampled_from(PIECES), st.integers(20, 200)).map(lambda p: p[0] * p[1]),
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_any_text_gives_valid_spans_and_bounds(text: str) -> None:
    metrics = extract_metrics(text)
    previous_end = 0
    for metric in metrics:
        assert 0 <= metric.char_start < metric.char_end <= len(text)
        assert text[metric.char_start : metric.char_end] == metric.surface
        if metric.rule == "period":  # a period named alone ("Q3", 4月): a date with no value
            assert metric.kind == "date"
            assert math.isnan(metric.value_low)
            assert math.isnan(metric.value_high)
        else:
            assert metric.value_low <= metric.value_high
        assert metric.char_start >= previous_end  # no overlaps, in order
        previous_end = metric.char_end


@settings(max_examples=100, deadline=None)
@given(texts)
def test_extraction_is_deterministic(text: str) -> None:
    # compared as text: a period named alone has NaN values, and NaN equals nothing
    assert repr(extract_metrics(text)) == repr(extract_metrics(text))
