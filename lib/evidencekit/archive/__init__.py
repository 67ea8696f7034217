"""The archive: extraction runs over a corpus into a Parquet store, and reading it back.

In: a corpus folder (or a store). Out: the store on disk (``evidencekit extract``) and
:class:`~evidencekit.archive.sets.EvidenceSet`, the tables of a corpus or a store behind
one interface (:func:`~evidencekit.archive.sets.open_evidence`).
"""
