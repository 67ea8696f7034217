"""Charts are built from hand-made tables, and also run on the tables of the bundled corpus."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from evidencekit.evidence.schemas import EVIDENCE_COLUMNS, METRIC_COLUMNS
from evidencekit.report import charts

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = [
    "doc_id", "sentence_id", "char_start", "char_end", "surface", "kind", "value_low",
    "value_high", "unit", "qualifier", "year", "theme", "quote",
]  # fmt: skip


def _metrics(rows: list[tuple]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    for column in METRIC_COLUMNS:
        if column not in table.columns:
            table[column] = None
    return table[list(METRIC_COLUMNS)].astype(METRIC_COLUMNS)


@pytest.fixture
def metrics() -> pd.DataFrame:
    rows = [
        ("b_doc", 2, 40, 45, "50 GW", "power", 5e10, 5e10, "W", None, 2028, "energy",
         "We will need 50 GW by 2028."),
        ("a_doc", 1, 3, 8, "三到六个月", "duration", 3.0, 6.0, "month", None, None, "capability-gap",
         "中国模型落后三到六个月。"),
        ("a_doc", 4, 90, 96, "约1吉瓦", "power", 1e9, 1e9, "W", "approximate", None, pd.NA,
         "数据中心约1吉瓦。"),
        ("b_doc", 5, 120, 131, "1-2 years", "duration", 12.0, 24.0, "month", None, 2025, "chip-control",
         "One to two years behind in AI chip performance in 2025."),
        ("b_doc", 6, 140, 147, "10 TWh", "energy", 1e13, 2e13, "Wh", None, None, "energy",
         "Data centres used 10 to 20 TWh."),
        ("a_doc", 7, 200, 203, "12%", "percent", 12.0, 12.0, "percent", None, None, "military-security",
         "数据中心可能消耗美国电力产量的12%。"),
        ("a_doc", 8, 220, 223, "70%", "percent", 70.0, 70.0, "percent", None, None, "talent",
         "70%的美国AI研究人员出生在国外。"),
        ("a_doc", 9, 240, 245, "10万美元", "money", 1e5, 1e5, "USD", None, None, "talent",
         "H-1B签证费用提高到10万美元。"),
        ("a_doc", 10, 260, 268, "6000万套芯片", "count", 6e7, 6e7, "count", None, 2024, "talent",
         "高通2024年损失6000万套芯片销售。"),
        ("a_doc", 11, 300, 308, "2022年10月", "date", 2022.0, 2022.0, "year", None, 2022, "chip-control",
         "2022年10月美国大幅扩展芯片管制。"),
    ]  # fmt: skip
    table = _metrics(rows)
    table.loc[table["surface"] == "6000万套芯片", "noun"] = "芯片"
    table.loc[table["doc_id"] == "b_doc", "outlet"] = "toutiao.com"
    table.loc[table["kind"] == "duration", "subject"] = ["落后", "behind"]  # the sizes of a gap
    return table


@pytest.fixture
def evidence() -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "doc_id": ["a_doc", "a_doc", "b_doc", "a_doc"],
            "sentence_id": [1, 4, 2, 7],
            "char_start": [0, 90, 40, 180],
            "char_end": [10, 100, 60, 230],
            "quote": [
                "中国模型落后三到六个月。",
                "数据中心约1吉瓦。",
                "We will need 50 GW by 2028.",
                "数据中心可能消耗美国电力产量的12%。",
            ],
            "themes": ["capability-gap", "energy,talent", "", "military-security, energy"],
            "keywords": ["落后", "数据中心", "", "军事, 电力"],
            "metrics": ["3–6 months", "1 GW", "50 GW (2028)", "12%"],
        }
    )
    for column in EVIDENCE_COLUMNS:
        if column not in table.columns:
            table[column] = None
    return table[list(EVIDENCE_COLUMNS)].astype(EVIDENCE_COLUMNS)


@pytest.fixture
def documents() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["a_doc", "b_doc", "c_doc"], "chars": [400, 200, 50],
                         "outlet": ["", "toutiao.com", ""]})  # fmt: skip


@pytest.fixture(scope="module")
def seeds() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    import evidencekit as ek

    corpus = ek.load_corpus(ROOT / "seeds")
    return ek.metrics_table(corpus), ek.evidence_table(corpus), charts.documents_table(corpus)


Builder = Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame], alt.TopLevelMixin]
BUILDERS: dict[str, Builder] = {
    "metrics_by_kind": lambda m, e, d: charts.chart_metrics_by_kind(m),
    "power_claims": lambda m, e, d: charts.chart_power_claims(m),
    "duration_ranges": lambda m, e, d: charts.chart_duration_ranges(m),
    "theme_mix": lambda m, e, d: charts.chart_theme_mix(e),
    "energy_claims": lambda m, e, d: charts.chart_energy_claims(m, d),
    "energy_claims_no_documents": lambda m, e, d: charts.chart_energy_claims(m),
    "electricity_shares": lambda m, e, d: charts.chart_electricity_shares(m, e),
    "talent_claims": lambda m, e, d: charts.chart_talent_claims(m, e),
    "lag_estimates": lambda m, e, d: charts.chart_lag_estimates(m, e),
    "chip_counts": lambda m, e, d: charts.chart_chip_counts(m, e),
    "control_timeline": lambda m, e, d: charts.chart_control_timeline(m, e),
    "theme_heatmap": lambda m, e, d: charts.chart_theme_heatmap(e),
    "evidence_positions": lambda m, e, d: charts.chart_evidence_positions(e, d),
}
RANGE_BUILDERS = ["power_claims", "duration_ranges", "energy_claims", "electricity_shares",
                  "talent_claims", "lag_estimates", "chip_counts", "control_timeline"]  # fmt: skip


def _mark_nodes(spec: dict, inherited: dict | None = None) -> Iterator[tuple[dict, dict]]:
    """Every (unit spec with a mark, its encoding merged with its parents')."""
    encoding = {**(inherited or {}), **spec.get("encoding", {})}
    if "mark" in spec:
        yield spec, encoding
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in spec.get(key, []):
            yield from _mark_nodes(child, encoding)
    if "spec" in spec:
        yield from _mark_nodes(spec["spec"], encoding)


def _title(spec: dict) -> str:
    title = spec.get("title", "")
    return title.get("text", "") if isinstance(title, dict) else title


@pytest.mark.parametrize("name", BUILDERS)
def test_every_mark_has_a_tooltip_with_quote_doc_and_location(name, metrics, evidence, documents, seeds):
    for tables in ((metrics, evidence, documents), seeds):
        spec = BUILDERS[name](*tables).to_dict()
        marks = list(_mark_nodes(spec))
        assert marks, name
        for _, encoding in marks:
            fields = {tip["field"] for tip in encoding["tooltip"]}
            assert {"quote", "doc_id", "location"} <= fields, name


@pytest.mark.parametrize("name", BUILDERS)
def test_spec_is_deterministic_and_self_contained(name, metrics, evidence, documents):
    first = json.dumps(BUILDERS[name](metrics, evidence, documents).to_dict(), sort_keys=True)
    shuffled = [t.sample(frac=1, random_state=3) for t in (metrics, evidence, documents)]
    second = json.dumps(BUILDERS[name](*shuffled).to_dict(), sort_keys=True)
    assert first == second
    assert "datasets" not in first
    assert "param_" not in first
    assert "view_" not in first


@pytest.mark.parametrize("name", BUILDERS)
def test_empty_tables_render_with_a_no_claims_title(name, metrics, evidence, documents):
    chart = BUILDERS[name](metrics.iloc[0:0], evidence.iloc[0:0], documents.iloc[0:0])
    assert charts.chart_to_svg(chart).startswith("<svg")
    assert _title(chart.to_dict()).endswith(("no claims", "no evidence")), name


@pytest.mark.parametrize("name", BUILDERS)
def test_seed_tables_render(name, seeds):
    chart = BUILDERS[name](*seeds)
    assert charts.chart_to_svg(chart).startswith("<svg")
    assert not _title(chart.to_dict()).endswith(("no claims", "no evidence")), name


def test_a_document_with_claims_of_no_chart_kind_still_renders(metrics):
    dates_only = metrics[metrics["kind"] == "date"].assign(theme="governance")
    for build in (charts.chart_energy_claims, charts.chart_talent_claims, charts.chart_lag_estimates):
        chart = build(dates_only)
        assert _title(chart.to_dict()).endswith("no claims")
        assert charts.chart_to_svg(chart).startswith("<svg")


def test_tooltip_location_is_the_exact_span(metrics):
    values = charts.chart_power_claims(metrics).to_dict()["data"]["values"]
    assert [row["location"] for row in values] == ["chars 90–96", "chars 40–45"]


def test_tooltip_location_names_the_page_of_a_paged_document(metrics):
    paged = metrics.assign(page=pd.array([2] * len(metrics), dtype="Int64"))
    values = charts.chart_power_claims(paged).to_dict()["data"]["values"]
    assert [row["location"] for row in values] == ["page 2, chars 90–96", "page 2, chars 40–45"]


@pytest.mark.parametrize("name", RANGE_BUILDERS)
def test_ranges_are_drawn_from_low_to_high(name, metrics, evidence, documents):
    spec = BUILDERS[name](metrics, evidence, documents).to_dict()
    encodings = [encoding for _, encoding in _mark_nodes(spec)]
    assert any("x" in e and "x2" in e for e in encodings), name


def test_power_chart_keeps_only_power_in_watts_on_log_scale(metrics):
    spec = charts.chart_power_claims(metrics).to_dict()
    values = spec["data"]["values"]
    assert [row["surface"] for row in values] == ["约1吉瓦", "50 GW"]
    assert [row["year"] for row in values] == [charts.NO_YEAR, "2028"]
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"


def test_energy_claims_put_watts_and_watt_hours_on_separate_log_axes(metrics, documents):
    spec = charts.chart_energy_claims(metrics, documents).to_dict()
    panels = spec["vconcat"]
    assert [panel["title"] for panel in panels] == ["power (W)", "energy (Wh)"]
    for panel, unit in zip(panels, ["W", "Wh"], strict=True):
        rule = panel["layer"][0]
        assert rule["encoding"]["x"]["scale"]["type"] == "log"
        assert rule["encoding"]["x2"]["field"] == "value_high"
        assert f"{unit} (log scale)" in rule["encoding"]["x"]["title"]
    energy = panels[1]["data"]["values"]
    assert [(r["value_low"], r["value_high"], r["source"]) for r in energy] == [
        (1e13, 2e13, "b_doc · toutiao.com")
    ]
    colour = panels[0]["layer"][0]["encoding"]["color"]
    assert colour["field"] == "year"
    assert colour["scale"]["domain"] == ["2028", charts.NO_YEAR]


def test_duration_chart_keeps_both_bounds(metrics):
    values = charts.chart_duration_ranges(metrics).to_dict()["data"]["values"]
    assert [(row["value_low"], row["value_high"]) for row in values] == [(3.0, 6.0), (12.0, 24.0)]


def test_electricity_shares_read_every_theme_of_the_sentence(metrics, evidence):
    assert charts.chart_electricity_shares(metrics).to_dict()["data"]["values"] == []
    values = charts.chart_electricity_shares(metrics, evidence).to_dict()["data"]["values"]
    assert [row["surface"] for row in values] == ["12%"]


def test_talent_claims_have_a_percent_and_a_money_panel(metrics):
    panels = charts.chart_talent_claims(metrics).to_dict()["vconcat"]
    assert [panel["title"] for panel in panels] == ["percent (%)", "money (USD)"]
    assert [r["surface"] for r in panels[0]["data"]["values"]] == ["70%"]
    assert [r["value_high"] for r in panels[1]["data"]["values"]] == [1e5]
    assert panels[1]["layer"][0]["encoding"]["x"]["title"] == "amount (USD)"


def test_lag_estimates_split_models_from_chips_in_months(metrics):
    spec = charts.chart_lag_estimates(metrics).to_dict()
    panels = {panel["title"]: panel["data"]["values"] for panel in spec["vconcat"]}
    assert {k: [(r["value_low"], r["value_high"]) for r in v] for k, v in panels.items()} == {
        "models": [(3.0, 6.0)],
        "chips": [(12.0, 24.0)],
    }
    assert spec["resolve"]["scale"]["x"] == "shared"
    assert "months" in spec["vconcat"][0]["layer"][0]["encoding"]["x"]["title"]


def test_lag_estimates_leave_out_durations_that_are_no_gap(metrics):
    """ "two days after the ban", "over the past two years": durations, not lags (#13)."""
    other = metrics.iloc[[3]].assign(surface="two years", subject="past", char_start=400,
                                     quote="Chip exports doubled over the past two years.")  # fmt: skip
    spec = charts.chart_lag_estimates(pd.concat([metrics, other])).to_dict()
    shown = [r["surface"] for panel in spec["vconcat"] for r in panel["data"]["values"]]
    assert sorted(shown) == ["1-2 years", "三到六个月"]


def test_object_words_come_from_the_data_file():
    assert charts.OBJECTS_FILE.is_file()
    objects = charts.chart_objects()
    assert {"chip", "芯片"} <= set(objects["chips"])
    assert {"model", "模型"} <= set(objects["models"])


@pytest.mark.parametrize(
    ("quote", "surface", "expected"),
    [
        ("Sachs admitted that China was only three to six months behind in AI models.",
         "three to six months", "models"),
        ("Sachs was referring to China's AI models, adding that China lags behind the US by one "
         "to two years in terms of AI chip performance.", "one to two years", "chips"),
        ("与海外闭源模型的差距缩小至约一个季度。", "约一个季度", "models"),
        ("半导体设备落后五年", "五年", "chips"),
        ("领先优势仅有三个月", "三个月", charts.NO_OBJECT),
        ("a role model for chipmakers, two years on", "two years", "chips"),
    ],
)  # fmt: skip
def test_claim_object_is_the_nearest_object_word(quote, surface, expected):
    assert charts.claim_object(quote, surface) == expected


def test_spun_quote_is_read_through_its_repair(metrics):
    spun = metrics.iloc[[1]].assign(quote="取海外闭源模子的差距缩小至约一个季度。",
                                    repaired_quote="与海外闭源模型的差距缩小至约一个季度。")  # fmt: skip
    panels = charts.chart_lag_estimates(spun).to_dict()["vconcat"]
    assert [panel["title"] for panel in panels] == ["models"]


def test_chip_counts_keep_counts_of_chips(metrics):
    soldiers = metrics.iloc[[8]].assign(surface="2000万士兵", noun="士兵", char_start=500, theme="military")
    table = pd.concat([metrics, soldiers])
    values = charts.chart_chip_counts(table).to_dict()["data"]["values"]
    assert [(r["surface"], r["value_high"]) for r in values] == [("6000万套芯片", 6e7)]


def test_control_timeline_places_months_on_a_time_axis(metrics):
    spec = charts.chart_control_timeline(metrics).to_dict()
    assert [(r["start"], r["end"]) for r in spec["data"]["values"]] == [("2022-10-01", "2022-10-01")]
    x = spec["layer"][0]["encoding"]["x"]
    assert (x["type"], x["scale"]["type"]) == ("temporal", "utc")
    assert spec["layer"][0]["encoding"]["x2"]["field"] == "end"


def test_theme_heatmap_counts_sentences_per_document_and_theme(evidence):
    cells = charts.theme_heat(evidence)
    energy = cells[(cells["doc_id"] == "a_doc") & (cells["theme"] == "energy")].iloc[0]
    assert (energy["sentences"], energy["share"], energy["location"]) == (2, 66.7, "chars 90–100")
    empty = cells[(cells["doc_id"] == "a_doc") & (cells["theme"] == "economy")].iloc[0]
    assert (empty["sentences"], empty["quote"]) == (0, "")
    spec = charts.chart_theme_heatmap(evidence).to_dict()
    assert spec["layer"][0]["mark"]["type"] == "rect"
    assert spec["layer"][0]["encoding"]["color"]["field"] == "share"


def test_evidence_positions_are_shares_of_the_document(evidence, documents):
    spec = charts.chart_evidence_positions(evidence, documents).to_dict()
    rows = {
        (r["doc_id"], r["char_start"], r["theme"]): (r["start"], r["end"]) for r in spec["data"]["values"]
    }
    assert rows[("b_doc", 40, charts.NO_THEME)] == (0.2, 0.3)
    assert rows[("a_doc", 90, "talent")] == (0.225, 0.25)
    assert spec["encoding"]["y"]["scale"]["domain"] == ["a_doc", "b_doc", "c_doc"]  # c_doc: no evidence
    assert spec["encoding"]["x2"]["field"] == "end"


def test_theme_rows_from_evidence_and_from_metrics(evidence, metrics):
    assert charts.theme_rows(evidence)["theme"].tolist() == [
        "capability-gap", "energy", "talent", charts.NO_THEME, "military-security", "energy",
    ]  # fmt: skip
    assert charts.theme_rows(metrics.iloc[:4])["theme"].tolist() == [
        "energy", "capability-gap", charts.NO_THEME, "chip-control",
    ]  # fmt: skip


def test_figure_set_names_every_corpus_chart(tmp_path):
    import evidencekit as ek

    figures = charts.figure_set(ek.load_corpus(ROOT / "seeds"))
    assert {"metrics-by-kind", "power-claims", "duration-ranges", "theme-mix"} <= set(figures)
    assert {"energy-claims", "electricity-shares", "talent-claims", "lag-estimates", "chip-counts",
            "control-timeline", "theme-heatmap", "evidence-positions"} <= set(figures)  # fmt: skip
    (tmp_path / "empty").mkdir()
    for chart in charts.figure_set(ek.load_corpus(tmp_path / "empty")).values():
        assert charts.chart_to_svg(chart).startswith("<svg")


def test_save_chart_writes_stable_spec_svg_and_png(tmp_path, evidence):
    chart = charts.chart_theme_mix(evidence)
    paths = charts.save_chart(chart, "theme-mix", tmp_path / "one")
    again = charts.save_chart(chart, "theme-mix", tmp_path / "two")
    assert [p.name for p in paths] == ["theme-mix.vl.json", "theme-mix.svg", "theme-mix.png"]
    for path, other in zip(paths, again, strict=True):
        assert path.read_bytes() == other.read_bytes(), path.name
    text = paths[0].read_text(encoding="utf-8")
    assert "数据中心" in text  # readable Chinese, not \\u escapes
    spec = json.loads(text)
    assert text == json.dumps(spec, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    assert spec["usermeta"]["generated"] == charts.GENERATED_NOTE
    assert spec["config"]["font"] == charts.CJK_FONT
    svg = paths[1].read_text(encoding="utf-8")
    assert svg.startswith(f"<!-- {charts.GENERATED_NOTE} -->\n<svg")
    assert f'font-family="{charts.CJK_FONT}"' in svg
    assert paths[2].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def _title_png(title: str, font: str | None = None) -> bytes:
    chart = alt.Chart(alt.Data(values=[{"x": 1}]), title=title).mark_point().encode(x="x:Q")
    spec = charts.chart_spec(chart)
    if font is not None:
        spec["config"]["font"] = font
    return charts.render._png(spec)


def test_chinese_renders_with_the_cjk_font_in_png():
    """Without a CJK font every Chinese character is the same empty box (tofu), so two
    different characters give the same picture; with no usable font at all, no text is
    drawn. With the kit's font the two characters differ, and differ from both."""
    if not charts.register_fonts():
        pytest.fail("no CJK font folder found; run scripts/system-deps.sh (installs fonts-wqy-microhei)")
    zhong, guo = _title_png("中中中"), _title_png("国国国")
    assert zhong != guo, "Chinese glyphs render as tofu: the CJK font is not used"
    missing = _title_png("中中中", font="NoSuchFontFamily")
    assert zhong != missing
    assert _title_png("中中中", font="NoSuchFontFamily") == _title_png("国国国", font="NoSuchFontFamily")


def test_every_chart_names_the_cjk_font(metrics):
    spec = charts.chart_spec(charts.chart_energy_claims(metrics))
    assert spec["config"]["font"] == charts.CJK_FONT
    assert f'font-family="{charts.CJK_FONT}"' in charts.chart_to_svg(charts.chart_energy_claims(metrics))


def test_show_chart_is_static_svg_with_text_title(metrics):
    shown = charts.show_chart(charts.chart_metrics_by_kind(metrics))
    bundle = shown._repr_mimebundle_()
    assert bundle["text/plain"] == "[chart] Quantitative claims by kind"
    assert bundle["image/svg+xml"].startswith("<svg")
    assert "<script" not in bundle["image/svg+xml"]
    assert bundle == charts.show_chart(charts.chart_metrics_by_kind(metrics))._repr_mimebundle_()


def test_notebook_charts_are_interactive_vega_for_jupyterlab():
    """JupyterLab gets a Vega 5 spec (rendered by its own vega extension, offline) with tooltips
    and zoom on the value axis; exported pages and nbval get the static SVG and the title."""
    import json

    table = pd.DataFrame(
        {
            "doc_id": ["a"],
            "char_start": [3],
            "char_end": [8],
            "kind": ["power"],
            "surface": ["50 GW"],
            "value_low": [5e10],
            "value_high": [5e10],
            "year": [2028],
            "quote": ["50 GW by 2028"],
        }
    )
    bundle = charts.show_chart(charts.chart_energy_claims(table))._repr_mimebundle_()
    assert bundle["text/plain"] == "[chart] Power and energy claims (log scale)"
    assert bundle["image/svg+xml"].startswith("<svg")
    vega = bundle["application/vnd.vega.v5+json"]
    assert vega["$schema"].endswith("/vega/v5.json")
    text = json.dumps(vega, ensure_ascii=False)
    assert "zoom_power" in text  # the scale-bound interval: zoom and pan on the log axis
    assert '"tooltip"' in text
    assert "50 GW by 2028" in text  # the quote travels with the marks


def test_a_chart_over_the_row_limit_is_a_note_not_a_huge_page() -> None:
    from evidencekit.report.charts.corpus import chart_metrics_by_kind
    from evidencekit.report.charts.render import MAX_CHART_ROWS, show_chart

    rows = MAX_CHART_ROWS + 1
    table = pd.DataFrame(
        {
            "doc_id": ["a"] * rows,
            "char_start": range(rows),
            "kind": ["power"] * rows,
            "quote": ["50 GW"] * rows,
        }
    )
    shown = show_chart(chart_metrics_by_kind(table))
    expected = f"not drawn, {rows:,} rows are more than a chart can show ({MAX_CHART_ROWS:,})"
    assert repr(shown) == f"[chart] Quantitative claims by kind: {expected}"
    assert len(shown.svg) < 1_000
    assert shown.vega is None
    assert "not drawn" not in repr(show_chart(chart_metrics_by_kind(table.head(MAX_CHART_ROWS))))
