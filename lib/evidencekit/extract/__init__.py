"""Extraction: numbers, units, grammar, metrics, themes and attribution of one passage.

In: a passage of text and its language. Out: :class:`~evidencekit.records.Metric` and
:class:`~evidencekit.records.ThemeHit` records with offsets into that passage. No I/O
(data files come through :mod:`evidencekit.lang`), nothing printed.
"""
