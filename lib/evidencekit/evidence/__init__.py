"""Evidence: one analysis of a document, and the tables derived from it.

In: :class:`~evidencekit.records.Document` records. Out: pandas DataFrames with the fixed
columns of :mod:`evidencekit.evidence.schemas` (documents, metrics, evidence, spin), with
offsets into each document's raw text.
"""
