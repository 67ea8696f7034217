"""Charts of a corpus or a document: metrics by kind, power and duration claims, the theme mix,
the theme heat map, where the evidence sits in each document, and the documents table."""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from evidencekit.records import Document
from evidencekit.report.charts.common import (
    _CLAIM_COLUMNS,
    _TOOLTIP,
    NO_THEME,
    THEMES,
    _claims,
    _location,
    _log_scale,
    _of_kind,
    _plain,
    _ranges,
    _text,
    _theme_labels,
    _title,
    _values,
    _year_colour,
    theme_colour_scale,
)

# --- existing charts -----------------------------------------------------------------------


def chart_metrics_by_kind(metrics: pd.DataFrame) -> alt.Chart:
    """Bar per kind of claim, one segment per claim, coloured by document.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "char_start": [0], "kind": ["power"],
    ...                       "quote": ["需要 50 GW 电力 (50 GW)"]})
    >>> chart_metrics_by_kind(table).to_dict()["mark"]["type"]
    'bar'
    """
    table = _claims(metrics).assign(claims=1, kind=_text(metrics, "kind"))
    columns = ["kind", "claims", *_CLAIM_COLUMNS]
    return (
        alt.Chart(_values(table, columns), title=_title("Quantitative claims by kind", table))
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y("kind:N", title="kind", sort="ascending"),
            x=alt.X("sum(claims):Q", title="claims (count)", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("doc_id:N", title="document", sort="ascending"),
            order=alt.Order("char_start:Q"),
            detail=["doc_id:N", "char_start:Q"],
            tooltip=_TOOLTIP,
        )
    )


def chart_power_claims(metrics: pd.DataFrame) -> alt.LayerChart:
    """Power claims in watts (log scale) by document, coloured by the year they name.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "char_start": [3], "kind": ["power"],
    ...     "surface": ["50 GW"], "value_low": [5e10], "value_high": [5e10],
    ...     "year": [2028], "quote": ["50 GW by 2028"]})
    >>> chart_power_claims(table).to_dict()["title"]
    'Power claims (watts, log scale)'
    """
    table = _of_kind(metrics, "power")
    axis = alt.Axis(format="~s")
    chart = _ranges(table, "watts, W (log scale)", _log_scale(), _year_colour(table), axis)
    return chart.properties(title=_title("Power claims (watts, log scale)", table))


def chart_duration_ranges(metrics: pd.DataFrame) -> alt.LayerChart:
    """Duration claims as ranges in months (for example "three to six months behind").

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "char_start": [3], "kind": ["duration"],
    ...     "surface": ["三到六个月"], "value_low": [3.0], "value_high": [6.0],
    ...     "year": [None], "quote": ["落后三到六个月"]})
    >>> chart_duration_ranges(table).to_dict()["title"]
    'Duration claims (months)'
    """
    table = _of_kind(metrics, "duration")
    chart = _ranges(table, "months", alt.Scale(zero=True), _year_colour(table))
    return chart.properties(title=_title("Duration claims (months)", table))


def theme_rows(table: pd.DataFrame) -> pd.DataFrame:
    """One row per (row of ``table``, theme), from a ``themes`` or a ``theme`` column.

    Examples
    --------
    >>> evidence = pd.DataFrame({"doc_id": ["a", "a"], "char_start": [0, 9],
    ...     "themes": ["energy,chip-control", ""], "quote": ["电力与芯片", "other"]})
    >>> theme_rows(evidence)["theme"].tolist()
    ['energy', 'chip-control', 'no theme']
    """
    source = "themes" if "themes" in table.columns else "theme"
    labels = table[source].map(_theme_labels) if source in table.columns else [[NO_THEME]] * len(table)
    return (
        table.drop(columns=[source], errors="ignore")
        .assign(theme=list(labels))
        .explode("theme", ignore_index=True)
    )


def chart_theme_mix(table: pd.DataFrame) -> alt.Chart:
    """Sentences per theme and document (one segment per theme), from an evidence or a metrics table.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "char_start": [0], "theme": ["talent"],
    ...                       "quote": ["人才"]})
    >>> chart_theme_mix(table).to_dict()["title"]
    'Evidence sentences per theme'
    """
    rows = theme_rows(table)
    rows = rows.assign(location=_location(rows), quote=_text(rows, "quote")).sort_values(
        ["doc_id", "char_start"], kind="stable"
    )
    grouped = rows.groupby(["doc_id", "theme"], sort=True)
    counts = grouped.first()[["char_start", "location", "quote"]].join(grouped.size().rename("sentences"))
    counts = counts.reset_index()
    order = {theme: index for index, theme in enumerate([*THEMES, NO_THEME])}
    counts = counts.assign(rank=counts["theme"].map(order))
    title = _title("Evidence sentences per theme", rows, "no evidence")
    columns = ["doc_id", "theme", "sentences", "rank", "char_start", "location", "quote"]
    return (
        alt.Chart(_values(counts, columns), title=title)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y("doc_id:N", title="document", sort="ascending"),
            x=alt.X("sentences:Q", title="evidence sentences (count)", axis=alt.Axis(tickMinStep=1)),
            color=theme_colour_scale(),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("theme:N", title="theme"),
                alt.Tooltip("sentences:Q", title="sentences"),
                alt.Tooltip("quote:N", title="first of them"),
                alt.Tooltip("doc_id:N", title="document"),
                alt.Tooltip("location:N", title="location"),
            ],
        )
    )


# --- corpus --------------------------------------------------------------------------------


def documents_table(documents: pd.DataFrame | Iterable[Document]) -> pd.DataFrame:
    """One row per document: ``doc_id``, ``title``, ``outlet``, ``date``, ``chars`` (text length).

    A DataFrame is returned as it is (missing columns added empty).

    >>> documents_table(pd.DataFrame({"doc_id": ["a"], "chars": [10]})).columns.tolist()
    ['doc_id', 'chars', 'title', 'outlet', 'date']
    """
    if isinstance(documents, pd.DataFrame):
        table = documents
    else:
        rows = [
            (d.id, d.meta.title, d.meta.outlet, d.meta.date, len(d.text))
            for d in documents  # a Corpus or any iterable of Document
        ]
        table = pd.DataFrame(rows, columns=["doc_id", "title", "outlet", "date", "chars"])
    missing = {c: _text(table, c) for c in ("doc_id", "title", "outlet", "date") if c not in table}
    if "chars" not in table.columns:
        missing["chars"] = pd.Series(pd.NA, index=table.index, dtype="Int64")
    return table.assign(**missing)


def theme_heat(evidence: pd.DataFrame) -> pd.DataFrame:
    """Theme mix per document: every (document, theme) cell with its sentence count and share.

    ``share`` is the percent of the document's evidence sentences that carry the theme;
    ``quote`` and ``location`` are those of its first such sentence ("" when none).
    """
    rows = theme_rows(evidence.assign(quote=_text(evidence, "quote")))
    rows = rows.assign(location=_location(rows)).sort_values(["doc_id", "char_start"], kind="stable")
    sentences = evidence.groupby("doc_id", sort=True).size() if len(evidence) else pd.Series(dtype=int)
    present = [t for t in [*THEMES, NO_THEME] if t != NO_THEME or (rows["theme"] == NO_THEME).any()]
    cells = []
    for doc_id in sorted(sentences.index):
        for theme in present:
            hits = rows[(rows["doc_id"] == doc_id) & (rows["theme"] == theme)]
            first = hits.iloc[0] if len(hits) else None
            cells.append(
                {
                    "doc_id": doc_id,
                    "theme": theme,
                    "sentences": len(hits),
                    "share": round(100 * len(hits) / int(sentences[doc_id]), 1),
                    "quote": "" if first is None else first["quote"],
                    "location": "" if first is None else first["location"],
                }
            )
    return pd.DataFrame(cells, columns=["doc_id", "theme", "sentences", "share", "quote", "location"])


def chart_theme_heatmap(evidence: pd.DataFrame) -> alt.LayerChart:
    """Theme mix per document as a heat map: share of its evidence sentences per theme.

    Each cell's tooltip shows the document's first sentence of that theme and its location.

    Examples
    --------
    >>> evidence = pd.DataFrame({"doc_id": ["a"], "char_start": [0], "char_end": [4],
    ...     "themes": ["energy, talent"], "quote": ["电力人才"]})
    >>> chart_theme_heatmap(evidence).to_dict()["layer"][0]["mark"]["type"]
    'rect'
    """
    cells = theme_heat(evidence)
    columns = ["doc_id", "theme", "sentences", "share", "quote", "location"]
    tooltip = [
        alt.Tooltip("theme:N", title="theme"),
        alt.Tooltip("sentences:Q", title="sentences"),
        alt.Tooltip("share:Q", title="share of sentences (%)"),
        alt.Tooltip("quote:N", title="first quote"),
        alt.Tooltip("doc_id:N", title="document"),
        alt.Tooltip("location:N", title="location"),
    ]
    base = alt.Chart(_values(cells, columns)).encode(
        x=alt.X("theme:N", title="theme", sort=[*THEMES, NO_THEME], axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("doc_id:N", title="document", sort="ascending"),
        tooltip=tooltip,
    )
    colour = alt.Color(
        "share:Q", title="share of sentences (%)", scale=alt.Scale(scheme="blues", domain=[0, 100])
    )
    rects = base.mark_rect(stroke="white").encode(color=colour)
    text_colour = alt.condition("datum.share > 50", alt.value("white"), alt.value("black"))
    counts = base.mark_text(fontSize=10).encode(text="sentences:Q", color=text_colour)
    title = _title("Theme mix per document (share of evidence sentences)", cells, "no evidence")
    return alt.LayerChart(layer=[rects, counts]).properties(title=title)


def chart_evidence_positions(
    evidence: pd.DataFrame, documents: pd.DataFrame | Iterable[Document]
) -> alt.Chart:
    """Where each document's evidence sits: each sentence from char_start to char_end, as a
    share of the document's length, one lane per theme.

    Documents without evidence keep their (empty) row. A document missing from
    ``documents`` is measured by its last evidence character.

    Examples
    --------
    >>> evidence = pd.DataFrame({"doc_id": ["a"], "char_start": [50], "char_end": [100],
    ...     "themes": ["energy"], "quote": ["电力"]})
    >>> values = chart_evidence_positions(evidence, pd.DataFrame({"doc_id": ["a"], "chars": [200]}))
    >>> [(r["start"], r["end"]) for r in values.to_dict()["data"]["values"]]
    [(0.25, 0.5)]
    """
    docs = documents_table(documents)
    rows = theme_rows(evidence.assign(quote=_text(evidence, "quote")))
    rows = rows.assign(location=_location(rows))
    lengths = _lengths(rows, docs)
    chars = rows["doc_id"].map(lengths).astype("float64")
    rows = rows.assign(
        start=(rows["char_start"].astype("float64") / chars).round(4),
        end=(rows["char_end"].astype("float64") / chars).round(4),
    )
    columns = [*_CLAIM_COLUMNS, "theme", "start", "end"]
    domain = sorted(set(docs["doc_id"].astype(str)) | set(rows["doc_id"].astype(str)))
    tooltip = [alt.Tooltip("theme:N", title="theme"), *_TOOLTIP]
    return (
        alt.Chart(_values(rows, columns), title=_title("Where the evidence sits", rows, "no evidence"))
        .mark_bar(height={"band": 1})
        .encode(
            x=alt.X(
                "start:Q",
                title="position in document (share of its characters)",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            x2="end:Q",
            y=alt.Y("doc_id:N", title="document", scale=alt.Scale(domain=domain)),
            yOffset=alt.YOffset(
                "theme:N", sort=[*THEMES, NO_THEME], scale=alt.Scale(domain=[*THEMES, NO_THEME])
            ),
            color=theme_colour_scale(),
            tooltip=tooltip,
        )
        .properties(height=alt.Step(4), width=600)
    )


def _lengths(rows: pd.DataFrame, docs: pd.DataFrame) -> dict[str, float]:
    """Length of each document: from ``docs``, else its last evidence character."""
    lengths = {str(d): float(n) for d, n in zip(docs["doc_id"], docs["chars"], strict=True) if _plain(n)}
    for doc_id, end in rows.groupby("doc_id")["char_end"].max().items():
        lengths.setdefault(str(doc_id), float(end) or 1.0)
    return lengths
