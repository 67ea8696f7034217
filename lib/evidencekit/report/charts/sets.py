"""The named figures of a corpus (:func:`figure_set`) and of one theme (:func:`theme_figures`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import altair as alt

from evidencekit.report.charts.common import _in_themes, _theme_labels
from evidencekit.report.charts.corpus import (
    chart_duration_ranges,
    chart_evidence_positions,
    chart_metrics_by_kind,
    chart_power_claims,
    chart_theme_heatmap,
    chart_theme_mix,
)
from evidencekit.report.charts.topics import (
    chart_chip_counts,
    chart_control_timeline,
    chart_electricity_shares,
    chart_energy_claims,
    chart_lag_estimates,
    chart_talent_claims,
)

if TYPE_CHECKING:
    from evidencekit.archive.sets import EvidenceSet

# --- the corpus-wide figures --------------------------------------------------------------


def figure_set(source: object) -> dict[str, alt.TopLevelMixin]:
    """Every corpus-wide chart, by the file name :func:`save_chart` gives it.

    ``source``: an :class:`~evidencekit.archive.sets.EvidenceSet` (a corpus or a store, see
    :func:`evidencekit.open_evidence`), a Corpus, a Document or Documents.
    """
    from evidencekit.archive.sets import as_evidence

    builders = _builders(as_evidence(source))
    return {name: build() for name, build in builders.items()}


def _builders(data: EvidenceSet) -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """How to draw each corpus-wide chart, by its figure name (drawn only when called)."""
    metrics, evidence, documents = data.metrics, data.evidence, data.documents
    return {
        "metrics-by-kind": lambda: chart_metrics_by_kind(metrics),
        "power-claims": lambda: chart_power_claims(metrics),
        "duration-ranges": lambda: chart_duration_ranges(metrics),
        "theme-mix": lambda: chart_theme_mix(evidence),
        "energy-claims": lambda: chart_energy_claims(metrics, documents),
        "electricity-shares": lambda: chart_electricity_shares(metrics, evidence),
        "talent-claims": lambda: chart_talent_claims(metrics, evidence),
        "lag-estimates": lambda: chart_lag_estimates(metrics, evidence),
        "chip-counts": lambda: chart_chip_counts(metrics, evidence),
        "control-timeline": lambda: chart_control_timeline(metrics, evidence),
        "theme-heatmap": lambda: chart_theme_heatmap(evidence),
        "evidence-positions": lambda: chart_evidence_positions(evidence, documents),
    }


# the charts a theme report shows, beyond claims by kind (figure names of figure_set)
THEME_FIGURES: dict[str, tuple[str, ...]] = {
    "energy": ("energy-claims", "electricity-shares"),
    "talent": ("talent-claims",),
    "chip-control": ("lag-estimates", "chip-counts", "control-timeline"),
    "capability-gap": ("lag-estimates",),
}


def theme_figures(theme: str, source: object) -> dict[str, alt.TopLevelMixin]:
    """The charts of one theme's report, by figure name (claims by kind, then the theme's own).

    ``source``: as for :func:`figure_set`.

    >>> list(theme_figures("governance", []))
    ['metrics-by-kind', 'evidence-positions']
    """
    from evidencekit.archive.sets import as_evidence

    data = as_evidence(source)
    metrics, evidence = data.metrics, data.evidence
    in_theme = _in_themes(metrics, {theme}, evidence)
    rows = evidence[[theme in _theme_labels(v) for v in evidence["themes"]]] if len(evidence) else evidence
    charts: dict[str, alt.TopLevelMixin] = {
        "metrics-by-kind": chart_metrics_by_kind(in_theme),
        "evidence-positions": chart_evidence_positions(rows, data.documents),
    }
    every = _builders(data)
    for name in THEME_FIGURES.get(theme, ()):
        charts[name] = every[name]()
    return charts
