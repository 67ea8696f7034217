"""Extraction: numbers, units, grammar, metrics, themes and attribution of one passage.

In: a passage of text and its language. Out: :class:`~evidencekit.records.Metric` and
:class:`~evidencekit.records.ThemeHit` records with offsets into that passage. No I/O
(data files come through :mod:`evidencekit.lang`), nothing printed. Numerals are read by
``numbers`` (vocabulary, Arabic digits), ``positional`` (一百二十, 3万4000), ``spelled``
("one hundred and twenty") and ``shares`` (三分之一, "a third of", "3/4"); a metric is found
in four steps, ``candidates`` -> ``attachment`` -> ``classification`` -> ``combination``,
run by ``metrics.extract_metrics``.
"""
