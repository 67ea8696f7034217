"""Reading documents: one reader per format, front matter, page structure, corpus listing.

In: files and folders. Out: :class:`~evidencekit.records.Document` records (raw text,
metadata, regions with offsets into the raw file) and per-file errors. The only
subpackage that opens input files.
"""
