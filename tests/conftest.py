"""Shared test set-up: the test tiers and fixtures used by several test files.

Tiers: tests that start Jupyter kernels (papermill builds), Dask clusters, real kills or a
browser carry the ``slow`` marker. ``make check`` runs the rest (``pytest -m "not slow"``,
well under two minutes on two cores); ``make test`` runs everything, then nbval.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

import evidencekit as ek

REPO = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: starts kernels, Dask clusters, browsers or kills processes (skipped by `make check`)",
    )


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder."""
    return REPO


@pytest.fixture(scope="session")
def seed_corpus() -> ek.Corpus:
    """The bundled corpus (``seeds/``), read once for the whole session. Do not mutate it."""
    return ek.load_corpus(REPO / "seeds")


# --- PDF and Word files written at test time ----------------------------------------------

CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)
"""Fonts with Chinese glyphs (`scripts/system-deps.sh fonts` installs one); PDF cases in
Chinese are skipped without any."""

Item = str | dict[str, Any]


def cjk_font() -> Path | None:
    """The first CJK font installed, or None."""
    return next((font for font in CJK_FONTS if font.exists()), None)


def write_pdf(
    path: Path,
    pages: list[list[Item]],
    *,
    cjk: bool = False,
    properties: dict[str, Any] | None = None,
    password: str | None = None,
) -> Path:
    """A PDF written with fpdf2: one list of items per page. An item is a line of text (its own
    line on the page), ``{"heading": text}`` (a line in a larger font) or ``{"picture": n}``
    (n filled rectangles: drawing without text). ``properties``: title, author, created."""
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    font = "helvetica"
    if cjk:
        found = cjk_font()
        if found is None:
            pytest.skip("no CJK font installed (scripts/system-deps.sh fonts)")
        pdf.add_font("cjk", fname=str(found), collection_font_number=0)
        font = "cjk"
    _pdf_properties(pdf, properties or {})
    for items in pages:
        pdf.add_page()
        for item in items:
            _pdf_item(pdf, font, item)
    if password is not None:
        pdf.set_encryption(
            owner_password=password, user_password=password, encryption_method=EncryptionMethod.RC4
        )
    pdf.output(str(path))
    return path


def _pdf_properties(pdf: Any, properties: dict[str, Any]) -> None:
    if "title" in properties:
        pdf.set_title(properties["title"])
    if "author" in properties:
        pdf.set_author(properties["author"])
    created = properties.get("created", datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    pdf.set_creation_date(created)


def _pdf_item(pdf: Any, font: str, item: Item) -> None:
    if isinstance(item, str):
        pdf.set_font(font, size=11)
        pdf.cell(0, 7, item, new_x="LMARGIN", new_y="NEXT")
    elif "heading" in item:
        pdf.set_font(font, size=20)
        pdf.cell(0, 12, item["heading"], new_x="LMARGIN", new_y="NEXT")
    else:
        for index in range(int(item["picture"])):
            pdf.rect(20 + 30 * index, 40, 25, 60, style="F")


def write_docx(
    path: Path,
    pages: list[list[Item]],
    *,
    page_break: str = "page",
    properties: dict[str, Any] | None = None,
) -> Path:
    """A Word file written with python-docx: one list of items per page, the pages separated by
    ``page_break``: ``page`` (an explicit break), ``rendered`` (Word's record of where its layout
    broke the page), ``both`` (Word's way after an explicit break) or ``none``. An item is a
    paragraph, ``{"heading": text}`` (Heading 1), ``{"title": text}`` (the Title style) or
    ``{"table": [[cell, ...], ...]}``. ``properties``: title, author, created, keywords."""
    import docx

    document = docx.Document()
    for key, value in (properties or {}).items():
        setattr(document.core_properties, key, value)
    rendered = False
    for number, items in enumerate(pages):
        if number and page_break in ("page", "both"):
            document.add_page_break()
        rendered = number > 0 and page_break in ("rendered", "both")
        for item in items:
            paragraph = _docx_item(document, item)
            if rendered and paragraph is not None:
                mark_rendered_break(paragraph)
                rendered = False
    document.save(str(path))
    return path


def _docx_item(document: Any, item: Item) -> Any:
    if isinstance(item, str):
        return document.add_paragraph(item)
    if "heading" in item:
        return document.add_heading(item["heading"], level=1)
    if "title" in item:
        return document.add_heading(item["title"], level=0)
    rows = item["table"]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    return table.rows[0].cells[0].paragraphs[0]


def mark_rendered_break(paragraph: Any, run: int = 0) -> None:
    """Put Word's ``w:lastRenderedPageBreak`` at the start of a run of ``paragraph``."""
    from docx.oxml import OxmlElement

    paragraph.runs[run]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))


class PagedWriters:
    """What :func:`paged` gives: the writers of test PDF and Word files."""

    pdf = staticmethod(write_pdf)
    docx = staticmethod(write_docx)
    mark_rendered_break = staticmethod(mark_rendered_break)


@pytest.fixture(scope="session")
def paged() -> PagedWriters:
    """Writers of PDF (``paged.pdf``) and Word files (``paged.docx``) for tests, and
    ``paged.mark_rendered_break``."""
    return PagedWriters()
