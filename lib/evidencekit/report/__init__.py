"""Reports: charts, cross-document claims, the notebook helpers, the site and the build.

In: the tables of an :class:`~evidencekit.archive.sets.EvidenceSet` (or a corpus). Out:
altair charts, ``figures/`` files, executed notebooks and the offline HTML site
(``evidencekit build``).
"""
