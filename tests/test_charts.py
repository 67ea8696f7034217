"""Charts are built from hand-made tables (never from the extractor's output)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from evidencekit import charts

METRIC_COLUMNS = [
    "doc_id", "sentence_id", "char_start", "char_end", "surface", "kind", "value_low",
    "value_high", "unit", "qualifier", "year", "theme", "quote",
]  # fmt: skip


@pytest.fixture
def metrics() -> pd.DataFrame:
    rows = [
        ("b_doc", 2, 40, 45, "50 GW", "power", 5e10, 5e10, "W", None, 2028, "energy",
         "We will need 50 GW by 2028."),
        ("a_doc", 1, 3, 8, "三到六个月", "duration", 3.0, 6.0, "month", None, None, "chip-control",
         "中国落后三到六个月。"),
        ("a_doc", 4, 90, 96, "约1吉瓦", "power", 1e9, 1e9, "W", "approximate", None, pd.NA,
         "数据中心约1吉瓦。"),
        ("b_doc", 5, 120, 131, "1-2 years", "duration", 12.0, 24.0, "month", None, 2025, "talent",
         "One to two years behind in 2025."),
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=METRIC_COLUMNS)
    return table.astype({"year": "Int64"})


@pytest.fixture
def evidence() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a_doc", "a_doc", "b_doc"],
            "sentence_id": [1, 4, 2],
            "char_start": [0, 90, 40],
            "char_end": [10, 100, 60],
            "quote": ["中国落后三到六个月。", "数据中心约1吉瓦。", "We will need 50 GW by 2028."],
            "themes": ["chip-control", "energy,talent", ""],
            "keywords": ["落后", "数据中心", ""],
            "metrics": ["3–6 months", "1 GW", "50 GW (2028)"],
            "speaker": [None, None, None],
            "cites": ["", "", ""],
        }
    )


BUILDERS = [
    charts.chart_metrics_by_kind,
    charts.chart_power_claims,
    charts.chart_duration_ranges,
    charts.chart_theme_mix,
]


def _marks(spec: dict) -> list[dict]:
    return [spec, *spec.get("layer", [])] if "layer" in spec else [spec]


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_every_mark_has_a_tooltip_with_quote_doc_and_offset(builder, metrics):
    spec = builder(metrics).to_dict()
    for mark in _marks(spec):
        if "mark" not in mark:
            continue
        encoding = {**spec.get("encoding", {}), **mark.get("encoding", {})}
        fields = {tip["field"] for tip in encoding["tooltip"]}
        assert {"quote", "doc_id", "char_start"} <= fields, builder.__name__


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_spec_is_deterministic_and_self_contained(builder, metrics):
    first = json.dumps(builder(metrics).to_dict(), sort_keys=True)
    second = json.dumps(builder(metrics.sample(frac=1, random_state=3)).to_dict(), sort_keys=True)
    assert first == second
    assert "datasets" not in first
    assert "param_" not in first
    assert "view_" not in first


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda b: b.__name__)
def test_empty_table_still_renders(builder, metrics):
    assert charts.chart_to_svg(builder(metrics.iloc[0:0])).startswith("<svg")


def test_power_chart_keeps_only_power_in_watts_on_log_scale(metrics):
    spec = charts.chart_power_claims(metrics).to_dict()
    values = spec["data"]["values"]
    assert [row["surface"] for row in values] == ["约1吉瓦", "50 GW"]
    assert [row["year"] for row in values] == [charts.NO_YEAR, "2028"]
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"


def test_duration_chart_keeps_both_bounds(metrics):
    values = charts.chart_duration_ranges(metrics).to_dict()["data"]["values"]
    assert [(row["value_low"], row["value_high"]) for row in values] == [(3.0, 6.0), (12.0, 24.0)]


def test_theme_rows_from_evidence_and_from_metrics(evidence, metrics):
    assert charts.theme_rows(evidence)["theme"].tolist() == [
        "chip-control", "energy", "talent", charts.NO_THEME,
    ]  # fmt: skip
    assert sorted(charts.theme_rows(metrics)["theme"]) == [
        "chip-control", "energy", charts.NO_THEME, "talent",
    ]  # fmt: skip


def test_save_chart_writes_stable_spec_and_svg(tmp_path, evidence):
    chart = charts.chart_theme_mix(evidence)
    paths = charts.save_chart(chart, "theme-mix", tmp_path / "one")
    again = charts.save_chart(chart, "theme-mix", tmp_path / "two")
    assert [p.name for p in paths] == ["theme-mix.vl.json", "theme-mix.svg"]
    for path, other in zip(paths, again, strict=True):
        assert path.read_bytes() == other.read_bytes(), path.name
    text = paths[0].read_text(encoding="utf-8")
    assert "数据中心" in text  # readable Chinese, not \\u escapes
    spec = json.loads(text)
    assert text == json.dumps(spec, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    assert spec["usermeta"]["generated"] == charts.GENERATED_NOTE
    svg = paths[1].read_text(encoding="utf-8")
    assert svg.startswith(f"<!-- {charts.GENERATED_NOTE} -->\n<svg")


def test_show_chart_is_static_svg_with_text_title(metrics):
    shown = charts.show_chart(charts.chart_metrics_by_kind(metrics))
    bundle = shown._repr_mimebundle_()
    assert bundle["text/plain"] == "[chart] Quantitative claims by kind"
    assert bundle["image/svg+xml"].startswith("<svg")
    assert "<script" not in bundle["image/svg+xml"]
    assert bundle == charts.show_chart(charts.chart_metrics_by_kind(metrics))._repr_mimebundle_()
