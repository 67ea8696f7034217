"""Reading documents: one reader per format, front matter, page structure, corpus listing.

In: files and folders. Out: :class:`~evidencekit.records.Document` records (text,
metadata, regions with offsets into the text, where pages begin) and per-file errors. The
only subpackage that opens input files.

Inside, in the order a file goes through them: ``corpus`` lists a folder, ``readers``
picks the reader of a file (``formats`` for text and web pages, ``pdf``, ``word``), which
reads and decodes its bytes (``decode``) or extracts its text with its pages (``paged``)
and hands the text to ``structure``; that splits it into lines and regions (``layout``),
reads its front matter (``frontmatter``), drops page chrome (``boilerplate``) and tells
its kind (``genres``).
"""
