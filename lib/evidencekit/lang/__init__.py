"""The language layer: the one loader of ``data/`` and the facts of each language.

In: the data files of the data folder (``files.data_root``: the package's ``data/`` or
``$EVIDENCEKIT_DATA``; ``data/<lang>/*.yaml`` per language). Out: validated, cached
language data (``loader``); how each language is written (``facts``: script, word spacing,
segmenter tags); scripts and language detection (``script``); the segmenter of languages
written without spaces (``segmenter``). Imports nothing else of the kit but ``errors``.
"""
