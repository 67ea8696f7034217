"""PDF and Word files: text in reading order, the page of every row, and what bad files give
(issue #12). Every file is written at test time (fpdf2, python-docx; tests/conftest.py)."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from evidencekit import evidence_table, metrics_table, open_evidence, read_document
from evidencekit.archive.runs import extract
from evidencekit.errors import DocumentError, EmptyDocumentError, NoTextLayerError
from evidencekit.evidence.tables import document_table
from evidencekit.ingest.corpus import load_corpus
from evidencekit.ingest.paged import PAGE_BREAK

CASES_FILE = Path(__file__).parent / "cases" / "paged" / "cases.yaml"
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]


def _write(case: dict[str, Any], folder: Path, paged: Any) -> Path:
    path = folder / f"{case['id']}.{case['format']}"
    options: dict[str, Any] = {"properties": case.get("properties")}
    if case["format"] == "pdf":
        options["cjk"] = case.get("cjk", False)
    else:
        options["page_break"] = case.get("page_break", "page")
    return getattr(paged, case["format"])(path, case["pages"], **options)


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_paged_case(case: dict[str, Any], tmp_path: Path, paged: Any) -> None:
    where = f"{CASES_FILE.name}, case {case['id']}"
    document = read_document(_write(case, tmp_path, paged))
    metrics = metrics_table(document)
    found = [
        [surface, None if pd.isna(page) else int(page)]
        for surface, page in zip(metrics["surface"], metrics["page"], strict=True)
    ]
    assert found == case["claims"], where
    if "text" in case:
        assert document.text == case["text"], where
    assert document.raw == document.text, where
    for key, value in case.get("meta", {}).items():
        stated = document.meta[key]
        assert (list(stated) if isinstance(stated, tuple) else stated) == value, f"{where}: meta {key}"
    row = document_table(document).iloc[0]
    if "page_count" in case:
        assert (None if pd.isna(row["pages"]) else int(row["pages"])) == case["page_count"], where
    if "empty_pages" in case:
        assert (None if pd.isna(row["empty_pages"]) else row["empty_pages"]) == case["empty_pages"], where


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_every_row_points_into_the_text_and_its_page(
    case: dict[str, Any], tmp_path: Path, paged: Any
) -> None:
    document = read_document(_write(case, tmp_path, paged))
    for table, column in ((metrics_table(document), "surface"), (evidence_table(document), "quote")):
        for start, end, page, shown in zip(
            table["char_start"], table["char_end"], table["page"], table[column], strict=True
        ):
            assert document.text[start:end] == shown
            expected = document.page_of(start)
            assert (None if pd.isna(page) else int(page)) == expected
    if document.pages:
        assert document.pages[0] == 0
        assert list(document.pages) == sorted(document.pages)


def test_pdf_pages_split_back_at_the_page_break(tmp_path: Path, paged: Any) -> None:
    pages = [["First page, 10 GW."], ["Second page, 20 GW."], ["Third page, 30 GW."]]
    document = read_document(paged.pdf(tmp_path / "three.pdf", pages))
    texts = document.text.split(PAGE_BREAK)
    assert texts == ["First page, 10 GW.", "Second page, 20 GW.", "Third page, 30 GW."]
    assert [document.text[start:].startswith(text) for start, text in zip(document.pages, texts, strict=True)]
    assert [document.page_of(document.text.index(f"{n}0 GW")) for n in (1, 2, 3)] == [1, 2, 3]


def test_docx_rendered_break_inside_a_paragraph(tmp_path: Path, paged: Any) -> None:
    """Word breaks the page inside a paragraph: the text stays one paragraph, the page changes mid-way."""
    import docx

    word = docx.Document()
    paragraph = word.add_paragraph("The grid adds 40 GW this year, ")
    paragraph.add_run("and 60 GW the next.")
    paged.mark_rendered_break(paragraph, run=1)
    word.save(str(tmp_path / "flow.docx"))
    document = read_document(tmp_path / "flow.docx")
    assert document.text == "The grid adds 40 GW this year, and 60 GW the next."
    assert document.pages == (0, document.text.index("and 60"))
    table = metrics_table(document)
    assert list(zip(table["surface"], table["page"], strict=True)) == [("40 GW", 1), ("60 GW", 2)]
    assert list(evidence_table(document)["page"]) == [1]  # the sentence starts on page 1


def test_docx_merged_cells_are_written_once(tmp_path: Path, paged: Any) -> None:
    import docx

    word = docx.Document()
    table = word.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Capacity added in 2024"
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "Solar", "216 GW", "China"
    word.save(str(tmp_path / "merged.docx"))
    document = read_document(tmp_path / "merged.docx")
    assert document.text == "| Capacity added in 2024 |  |  |\n| Solar | 216 GW | China |"


# --- what bad files give ---------------------------------------------------------------------

OCR = "run OCR (e.g. ocrmypdf) and add the result"


def _scanned(folder: Path, paged: Any) -> Path:
    return paged.pdf(folder / "scan.pdf", [[{"picture": 2}], []])


def _encrypted(folder: Path, paged: Any) -> Path:
    return paged.pdf(folder / "locked.pdf", [["Secret: 50 GW."]], password="s3cret")


def _truncated(folder: Path, paged: Any) -> Path:
    data = paged.pdf(folder / "whole.pdf", [["Power: 50 GW."]]).read_bytes()
    (folder / "cut.pdf").write_bytes(data[: len(data) // 2])
    return folder / "cut.pdf"


def _text_as_pdf(folder: Path, paged: Any) -> Path:
    (folder / "notes.pdf").write_text("Power: 50 GW.", encoding="utf-8")
    return folder / "notes.pdf"


def _not_a_zip(folder: Path, paged: Any) -> Path:
    (folder / "report.docx").write_bytes(b"Power: 50 GW, not a Word file at all.")
    return folder / "report.docx"


def _zip_without_word(folder: Path, paged: Any) -> Path:
    with zipfile.ZipFile(folder / "other.docx", "w") as archive:
        archive.writestr("hello.txt", "50 GW")
    return folder / "other.docx"


def _truncated_docx(folder: Path, paged: Any) -> Path:
    data = paged.docx(folder / "whole.docx", [["Power: 50 GW."]]).read_bytes()
    (folder / "cut.docx").write_bytes(data[: len(data) // 2])
    return folder / "cut.docx"


def _empty_docx(folder: Path, paged: Any) -> Path:
    return paged.docx(folder / "blank.docx", [[" "]])


# writer, error class, level, code, start of the message after "<path>: "
BAD_FILES = [
    (
        "pdf-scanned",
        _scanned,
        NoTextLayerError,
        "warning",
        "no-text-layer",
        f"scanned? no text layer: no text on any of its 2 pages (pictures of pages, not text); {OCR}",
    ),
    (
        "pdf-encrypted",
        _encrypted,
        DocumentError,
        "error",
        "encrypted",
        "encrypted PDF: it needs a password to open; save a copy without the password "
        "(e.g. `qpdf --decrypt --password=... in.pdf out.pdf`) and add that",
    ),
    ("pdf-truncated", _truncated, DocumentError, "error", "pdf", "not a readable PDF (PdfiumError: "),
    ("pdf-text-under-pdf-name", _text_as_pdf, DocumentError, "error", "pdf", "not a readable PDF"),
    ("docx-not-a-zip", _not_a_zip, DocumentError, "error", "docx", "not a readable Word (.docx) file"),
    ("docx-zip-of-other-files", _zip_without_word, DocumentError, "error", "docx", "not a readable Word"),
    ("docx-truncated", _truncated_docx, DocumentError, "error", "docx", "not a readable Word (.docx) file"),
    (
        "docx-empty",
        _empty_docx,
        EmptyDocumentError,
        "warning",
        "empty",
        "empty Word document (no text in its body); add the document's text or remove the file",
    ),
]


@pytest.mark.parametrize(
    ("writer", "kind", "level", "code", "message"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES]
)
def test_bad_paged_file(
    tmp_path: Path, paged: Any, writer: Any, kind: type, level: str, code: str, message: str
) -> None:
    path = writer(tmp_path, paged)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    error = caught.value
    assert type(error) is kind
    assert (error.level, error.code) == (level, code)
    assert str(error).startswith(f"{path}: {message}")


def test_a_corpus_lists_paged_files_like_any_other(tmp_path: Path, paged: Any) -> None:
    paged.pdf(tmp_path / "a_brief.pdf", [["Title page"], ["Demand reaches 50 GW by 2028."]])
    paged.docx(tmp_path / "b_memo.docx", [["Chip exports fell 20% in 2024."]], page_break="none")
    (tmp_path / "c_notes.txt").write_text("The cluster draws 1.2 GW.", encoding="utf-8")
    _scanned(tmp_path, paged)
    _encrypted(tmp_path, paged)
    corpus = load_corpus(tmp_path)
    assert corpus.ids == ("a_brief", "b_memo", "c_notes")
    assert [(s.doc_id, s.status, s.code) for s in corpus.statuses] == [
        ("a_brief", "ok", "ok"),
        ("b_memo", "ok", "ok"),
        ("c_notes", "ok", "ok"),
        ("locked", "error", "encrypted"),
        ("scan", "warning", "no-text-layer"),
    ]
    metrics = metrics_table(corpus)
    assert list(metrics["page"].astype(object).where(metrics["page"].notna(), None)) == [
        2,
        2,
        None,
        None,
        None,
    ]
    documents = document_table(corpus)
    assert documents["pages"].tolist()[0] == 2
    assert documents["pages"].isna().tolist() == [False, True, True]


def test_store_carries_the_pages(tmp_path: Path, paged: Any) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paged.pdf(corpus / "brief.pdf", [["Title page"], ["Demand reaches 50 GW by 2028."], [{"picture": 1}]])
    paged.docx(corpus / "memo.docx", [["Exports fell 20% in 2024."], ["The grid adds 40 GW."]])
    (corpus / "notes.txt").write_text("The cluster draws 1.2 GW.", encoding="utf-8")
    extract(corpus, tmp_path / "store", progress=False)
    parsed, stored = open_evidence(corpus_dir=corpus), open_evidence(store_dir=tmp_path / "store")
    for name in ("documents", "metrics", "evidence"):
        pd.testing.assert_frame_equal(getattr(stored, name), getattr(parsed, name))
    assert stored.metrics["page"].tolist()[:2] == [2, 2]
    assert stored.documents.set_index("doc_id").loc["brief", "empty_pages"] == "3"


def test_docx_properties_dates(tmp_path: Path, paged: Any) -> None:
    created = datetime.datetime(2023, 11, 5, 14, 30)
    path = paged.docx(
        tmp_path / "d.docx", [["Text with 5 GW."]], properties={"created": created, "title": "Grid"}
    )
    assert (read_document(path).meta.date, read_document(path).meta.title) == ("2023-11-05", "Grid")


def test_a_store_written_before_pages_takes_new_runs(tmp_path: Path, paged: Any) -> None:
    """Parquet files without the page columns (a store extracted by an earlier version) are read
    with empty pages, and a new run extracts them again with the columns filled."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    corpus, store = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    (corpus / "notes.txt").write_text("The cluster draws 1.2 GW.", encoding="utf-8")
    paged.pdf(corpus / "brief.pdf", [["Title page"], ["Demand reaches 50 GW by 2028."]])
    extract(corpus, store, progress=False, buckets=1)
    for part in [*store.glob("*/bucket=*/*.parquet"), store / "manifest.parquet"]:
        data = pq.read_table(part)
        kept = [name for name in data.column_names if name not in ("page", "pages", "empty_pages")]
        data = data.select(kept)
        versions = pa.array(["0.0.1+earlier"] * len(data), type=pa.string())
        data = data.set_column(kept.index("extractor_version"), "extractor_version", versions)
        pq.write_table(data, part)
    assert open_evidence(store_dir=store).metrics["page"].isna().all()
    (corpus / "notes.txt").write_text("The cluster draws 1.5 GW.", encoding="utf-8")
    report = extract(corpus, store, progress=False)
    stored, parsed = open_evidence(store_dir=store), open_evidence(corpus_dir=corpus)
    assert report.counts["updated"] == 2
    for name in ("documents", "metrics", "evidence"):
        pd.testing.assert_frame_equal(getattr(stored, name), getattr(parsed, name))
    assert stored.metrics["page"].tolist()[:2] == [2, 2]
