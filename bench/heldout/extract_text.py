"""Write the reference text of the held-out PDF, DOCX and HTML documents (no evidencekit).

The annotations of a binary or web document are made against a text extracted by a
well-known library, saved beside the annotation as ``annotations/NN_name.extracted.txt`` so
that anyone can check them without a reader in the kit:

- PDF: pypdfium2, ``get_text_range()`` of each page; CR LF and lone CR become LF; pages are
  joined with a blank line (``"\\n\\n"``). No surface spans a page join, so the annotations
  hold whatever a reader puts between pages.
- DOCX: python-docx, the body in document order; a paragraph is its text, a table row is
  its cells joined with a tab; blocks are joined with ``"\\n"``.
- HTML: trafilatura, ``extract(raw, include_comments=False, include_tables=True)`` (the call
  evidencekit's web-page reader makes), on the page decoded as UTF-8.

    python bench/heldout/extract_text.py            # (re)write every extracted text
    python bench/heldout/extract_text.py --check    # only say which ones differ
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXTRACTORS = {".pdf": "pypdfium2", ".docx": "python-docx", ".html": "trafilatura", ".htm": "trafilatura"}


def pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    pages = []
    for page in document:
        text = page.get_textpage().get_text_range()
        pages.append(text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(pages)


def docx_text(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    blocks: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Paragraph(element, document).text)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                blocks.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(blocks)


def html_text(path: Path) -> str:
    import trafilatura

    raw = path.read_bytes().decode("utf-8")
    return trafilatura.extract(raw, include_comments=False, include_tables=True) or ""


READERS = {".pdf": pdf_text, ".docx": docx_text, ".html": html_text, ".htm": html_text}


def extracted_path(doc: Path) -> Path:
    return HERE / "annotations" / f"{doc.stem}.extracted.txt"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    differ = 0
    for doc in sorted((HERE / "docs").iterdir()):
        reader = READERS.get(doc.suffix.lower())
        if reader is None:
            continue
        text = reader(doc)
        target = extracted_path(doc)
        same = target.exists() and target.read_text(encoding="utf-8") == text
        if check:
            print(f"{doc.name}: {'same' if same else 'DIFFERS'} ({EXTRACTORS[doc.suffix.lower()]})")
            differ += not same
        elif not same:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.name} ({len(text)} characters, {EXTRACTORS[doc.suffix.lower()]})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
