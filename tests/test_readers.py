"""Reading documents: encodings, formats, web pages, and corpora of many files."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

import pytest

from evidencekit.errors import DocumentError, KitError, UnsupportedFormatError
from evidencekit.evidence.tables import metrics_table
from evidencekit.ingest.corpus import Corpus, load_corpus
from evidencekit.ingest.readers import READERS, read_document
from evidencekit.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "documents"

# Mostly ASCII with some Chinese, so that UTF-16 without a BOM shows its NUL-byte pattern;
# "\r\n" and "\n" check that newlines are never translated.
SAMPLE = "Power demand: 50 GW by 2028.\r\n美国AI产业新增电力需求将达到500亿瓦。\nDone.\n"

ENCODINGS = [
    ("utf-8", SAMPLE.encode("utf-8"), "utf-8"),
    ("utf-8-bom", codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
    ("utf-16-le-no-bom", SAMPLE.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be-no-bom", SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ("gb18030", SAMPLE.encode("gb18030"), "gb18030"),
    ("gbk-subset", SAMPLE.encode("gbk"), "gb18030"),
]


@pytest.mark.parametrize(("data", "encoding"), [e[1:] for e in ENCODINGS], ids=[e[0] for e in ENCODINGS])
def test_encodings_load_with_text_unaltered(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "sample.txt"
    path.write_bytes(data)
    document = read_document(path)
    assert document.text == SAMPLE  # BOM dropped, "\r\n" kept
    assert document.raw == document.text
    assert document.encoding == encoding
    assert document.id == "sample"
    assert document.path == path


BAD_FILES = [
    (
        "binary",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "binary content (a PNG image), not text; "
        "convert it to text (.txt, .md or .html), PDF or Word (.docx), or remove it from the corpus",
    ),
    (
        "latin-1",
        "Power: 50 GW, café".encode("latin-1"),
        "not UTF-8, UTF-16, GB18030 or Big5 text (first undecodable byte at offset 17); re-save it as UTF-8",
    ),
    (
        "invalid-byte",
        b"abc\xff",
        "not UTF-8, UTF-16, GB18030 or Big5 text (first undecodable byte at offset 3); re-save it as UTF-8",
    ),
    ("empty", b"", "empty file (no text); add the document's text or remove the file"),
    (
        "whitespace",
        b" \r\n\t\n",
        "empty file (no text); add the document's text or remove the file",
    ),
    (
        "bom-only",
        codecs.BOM_UTF8,
        "empty file (no text); add the document's text or remove the file",
    ),
]


@pytest.mark.parametrize(("data", "message"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_unreadable_bytes_raise_document_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: {message}"
    assert caught.value.path == path


def test_undecodable_error_carries_offset(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"abc\xff")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.offset == 3


def test_relative_path_is_named_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "x.txt").write_bytes(b"seventeen chars: \xff")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DocumentError, match=r"^seeds/x\.txt: not UTF-8") as caught:
        read_document("seeds/x.txt")
    assert str(caught.value) == (
        "seeds/x.txt: not UTF-8, UTF-16, GB18030 or Big5 text "
        "(first undecodable byte at offset 17); re-save it as UTF-8"
    )


@pytest.mark.parametrize(
    ("name", "shown"), [("notes.odt", '".odt"'), ("notes.DOC", '".DOC"'), ("notes", "no suffix")]
)
def test_unsupported_suffix(tmp_path: Path, name: str, shown: str) -> None:
    path = tmp_path / name
    path.write_text("text", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: unsupported format ({shown}); supported: .docx, .htm, .html, .md, .pdf, .txt; "
        "save the document in one of these formats"
    )


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "NOTES.TXT"
    path.write_text("Upper-case suffix.", encoding="utf-8")
    assert read_document(path).text == "Upper-case suffix."


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: cannot be read (No such file or directory); check that it exists and is a file"
    )


def test_readers_registry() -> None:
    assert sorted(READERS) == [".docx", ".htm", ".html", ".md", ".pdf", ".txt"]
    for suffix, reader in READERS.items():
        assert reader.accepts(Path(f"doc{suffix}"))
        assert reader.accepts(Path(f"DOC{suffix.upper()}"))
        assert not reader.accepts(Path("doc.odt"))


# --- every fixture: its unique marker string comes through -----------------------------------

MARKERS = {
    "article_zh_compute.txt": "MARKER-ARTICLE-9Z3",
    "comments_open_models.txt": "MARKER-COMMENTS-2H8",
    "news_zh_policy.txt": "MARKER-NEWS-3D6",
    "notes_plain.txt": "MARKER-TEXT-6W4",
    "page_chip_exports.html": "MARKER-PAGE-7Q2",
    "summary_energy_race.txt": "MARKER-SUMMARY-4K1",
    "transcript_interview.md": "MARKER-TRANSCRIPT-5P0",
}


@pytest.mark.parametrize("name", sorted(MARKERS))
def test_fixture_marker_comes_through_to_sentences(name: str) -> None:
    document = read_document(FIXTURES / name)
    sentences = split_sentences(document)
    assert any(MARKERS[name] in sentence.text for sentence in sentences)


def test_every_fixture_has_a_marker() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir()) == sorted(MARKERS)


# --- web pages --------------------------------------------------------------------------------


def test_html_page_main_text_without_chrome() -> None:
    document = read_document(FIXTURES / "page_chip_exports.html")
    assert "MARKER-PAGE-7Q2" in document.text
    for chrome in ("NAVCHROME", "FOOTCHROME", "Privacy policy", "<p>"):
        assert chrome not in document.text
    assert "NAVCHROME" in document.raw
    assert document.raw.lstrip().startswith("<!DOCTYPE html>")
    meta = document.meta
    assert meta.title == "Chip export rules tighten again"
    assert meta.date == "2025-03-18"
    assert meta.outlet == "Example Tech Review"
    assert meta.url == "https://www.example-tech-review.com/2025/03/chip-exports"
    assert meta.authors == ("Jane Doe",)
    assert (meta.genre, meta.language) == ("page", "en")
    assert document.regions[0].kind == "heading"  # the title line of the main text


def test_html_in_gb18030_with_declared_charset(tmp_path: Path) -> None:
    body = "".join(
        f"<p>第{i}段：美国AI产业仅新增电力需求就将达到500亿瓦，相当于阿根廷全国用电量。</p>" for i in range(6)
    )
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        f"<title>电力需求</title></head><body><article><h1>电力需求</h1>{body}"
        "<p>标记MARKER-GB-8R1在这里。</p></article></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gb18030"))
    document = read_document(path)
    assert document.encoding == "gb2312"
    assert "MARKER-GB-8R1" in document.text
    assert document.meta.language == "zh"


def test_html_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><script>var a = 1;</script></body></html>", "utf-8")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: no main text found in the page; save the article's own page, or its text as .txt"
    )


def test_html_without_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes `import trafilatura` fail
    path = FIXTURES / "page_chip_exports.html"
    with pytest.raises(DocumentError, match="install it with `pip install trafilatura") as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: reading web pages needs trafilatura (")


# --- corpora ------------------------------------------------------------------------------------


def test_seed_corpus() -> None:
    corpus = load_corpus(SEEDS)
    assert isinstance(corpus, Corpus)
    assert corpus.ids == (
        "000_98eda4eeaede7d8e",
        "001_8ad4a4114da0a702",
        "002_508b4d799a7d30db",
        "003_9fe6c5c9c9ee8f17",
        "004_42a3e7e1f291c0a6",
    )
    assert len(corpus) == 5
    assert corpus.errors == []
    assert corpus.path == SEEDS
    assert [d.id for d in corpus] == list(corpus.ids)
    assert corpus["004_42a3e7e1f291c0a6"].meta.genre == "news"
    assert "001_8ad4a4114da0a702" in corpus


def test_one_bad_document_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text("First good document.", encoding="utf-8")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02\x03binary")
    (tmp_path / "c_slides.pptx").write_bytes(b"PK\x03\x04")
    (tmp_path / "d_good.md").write_text("# Title\n\nSecond good document.", encoding="utf-8")
    (tmp_path / "e_empty.txt").write_bytes(b"")
    corpus = load_corpus(tmp_path)
    assert corpus.ids == ("a_good", "d_good")
    assert [str(error) for error in corpus.errors] == [
        f"{tmp_path / 'b_binary.txt'}: binary content (NUL byte at offset 0); "
        "convert it to text (.txt, .md or .html), PDF or Word (.docx), or remove it from the corpus",
        f'{tmp_path / "c_slides.pptx"}: unsupported format (".pptx"); supported: .docx, .htm, .html, '
        ".md, .pdf, .txt; save the document in one of these formats",
    ]
    assert isinstance(corpus.errors[1], UnsupportedFormatError)
    # an empty file is a warning, not an error
    assert [str(warning) for warning in corpus.warnings] == [
        f"{tmp_path / 'e_empty.txt'}: empty file (no text); add the document's text or remove the file",
    ]
    assert [(s.doc_id, s.status, s.code) for s in corpus.statuses] == [
        ("a_good", "ok", "ok"),
        ("b_binary", "error", "binary"),
        ("c_slides", "error", "unsupported"),
        ("d_good", "ok", "ok"),
        ("e_empty", "warning", "empty"),
    ]


def test_corpus_reads_subfolders_and_skips_hidden_readme_and_outside_links(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "kept.txt").write_text("Kept.", encoding="utf-8")
    (folder / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (folder / "README.md").write_text("About this folder.", encoding="utf-8")
    (folder / "readme.txt").write_text("About this folder.", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "nested.txt").write_text("Nested.", encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "config.txt").write_text("Hidden folder.", encoding="utf-8")
    (folder / "sub" / "kept.md").write_text("Same id in a subfolder.", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("Outside.", encoding="utf-8")
    (folder / "link_out.txt").symlink_to(outside)
    (folder / "link_in.txt").symlink_to(folder / "kept.txt")
    corpus = load_corpus(folder)
    assert corpus.ids == ("kept", "link_in", "nested")
    assert [(e.code, e.reason) for e in corpus.errors] == [
        ("duplicate", "duplicate document id 'kept' (also kept.txt); rename one of the files")
    ]
    assert [w.code for w in corpus.warnings] == ["link-outside"]


def test_corpus_duplicate_ids(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Markdown.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.ids == ("a",)
    assert [str(e) for e in corpus.errors] == [
        f"{tmp_path / 'a.txt'}: duplicate document id 'a' (also a.md); rename one of the files"
    ]


def test_corpus_of_one_file() -> None:
    corpus = load_corpus(SEEDS / "002_508b4d799a7d30db.txt")
    assert corpus.ids == ("002_508b4d799a7d30db",)
    assert len(corpus) == 1


def test_corpus_of_one_unreadable_file_raises(tmp_path: Path) -> None:
    path = tmp_path / "x.odt"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFormatError):
        load_corpus(path)


def test_corpus_missing_path() -> None:
    with pytest.raises(KitError) as caught:
        load_corpus("no/such/folder")
    assert str(caught.value) == (
        "no/such/folder: no such file or folder; give a document or a folder of documents "
        "(relative paths start from the current working directory)"
    )


def test_corpus_unknown_id_lists_known_ids(tmp_path: Path) -> None:
    (tmp_path / "only.txt").write_text("Only one.", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    with pytest.raises(KeyError) as caught:
        corpus["other"]
    assert caught.value.args[0] == f"no document 'other' in {tmp_path}; known ids: only"
    assert repr(corpus) == f"Corpus({str(tmp_path)!r}, documents=1, errors=0)"


@pytest.mark.parametrize(
    "head",
    ["", "\n\n", "\ufeff", "\ufeff\n", " \n\t\n"],
    ids=["first-line", "after-blank-lines", "bom", "bom-and-blank-line", "after-whitespace-lines"],
)
def test_front_matter_is_read_after_blank_lines_or_a_bom(tmp_path: Path, head: str) -> None:
    path = tmp_path / "doc.md"
    path.write_text(
        f"{head}---\ntitle: Grid report\nsource_url: https://example.org/a\ndate: 2025-03-02\n---\n"
        "The grid needs 50 GW by 2028.\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert (document.meta.title, document.meta.url, document.meta.date) == (
        "Grid report",
        "https://example.org/a",
        "2025-03-02",
    )
    surfaces = list(metrics_table(document)["surface"])
    assert surfaces == ["50 GW", "2028"]  # nothing of the front matter becomes a claim


def test_metadata_in_an_html_comment_block_is_read(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text(
        "<!--\ntitle: Grid report\nlink: https://example.org/a\npublished: 2025-03-02\n-->\n\n"
        "The grid needs 50 GW by 2028.\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert (document.meta.title, document.meta.url, document.meta.date) == (
        "Grid report",
        "https://example.org/a",
        "2025-03-02",
    )
    assert list(metrics_table(document)["surface"]) == ["50 GW", "2028"]


def test_the_outlet_is_the_site_of_the_address_when_none_is_stated(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text(
        "---\ntitle: T\nurl: https://www.reuters.com/technology/x\n---\nIt draws 5 GW.\n", encoding="utf-8"
    )
    assert read_document(path).meta.outlet == "reuters.com"
    path.write_text(
        "---\ntitle: T\nurl: https://www.reuters.com/x\noutlet: Reuters\n---\nIt draws 5 GW.\n",
        encoding="utf-8",
    )
    assert read_document(path).meta.outlet == "Reuters"  # a stated outlet wins
