"""Text of a document as analysis sees it: sentences, and spin detection and repair.

In: a :class:`~evidencekit.records.Document`. Out: :class:`~evidencekit.records.Sentence`
records with offsets into the raw text, and a :class:`~evidencekit.text.spin.SpinReport`
whose offset map leads from repaired text back to the raw file.
"""
