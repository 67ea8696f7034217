"""The language layer: the one loader of ``data/`` and the facts of each language.

In: the data files under ``evidencekit/data`` (``data/<lang>/*.yaml`` per language).
Out: validated, cached language data; script detection (:func:`detect_language`); the
segmenter of languages written without spaces. Imports nothing else of the kit but
``errors``.
"""
