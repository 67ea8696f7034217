"""Reviews: an analyst's decisions on claims, kept beside the corpus and applied to every table.

In: the metrics table of a corpus or a store, the documents' raw text and the corpus's
``reviews.jsonl`` (append-only, one decision per line, :mod:`evidencekit.review.decisions`).
Out: the metrics table with the decisions applied (``review`` column; rejected claims out,
added claims in, corrected fields replaced) and a reviews table listing every decision with
where it anchors now, or why it no longer does (an orphan). Decisions find their claim again
after the document is edited by a quote selector (:mod:`evidencekit.review.anchor`).
"""
