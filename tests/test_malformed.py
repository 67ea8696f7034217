"""A corpus of malformed files made by the tests themselves (issue #6, reliability).

Every kind of bad input gets a clear error naming the file (and line or offset where it
helps), and the rest of the corpus is still read. The 50 MB case lives in
``bench/big_file.py``; here the same file is 5 MB.
"""

from __future__ import annotations

import codecs
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidencekit import evidence_table, extract_metrics, metrics_table
from evidencekit.errors import (
    BinaryContentError,
    DocumentError,
    EmptyDocumentError,
    EncodingError,
    is_read,
)
from evidencekit.ingest.corpus import STATUS_COLUMNS, Corpus, load_corpus
from evidencekit.ingest.readers import read_document, supported_suffixes

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
BIG5_TEXT = "美國人工智慧產業的電力需求將達到五百億瓦，相當於阿根廷全國用電量。\n"
ZH_ASCII = "美国AI产业新增电力需求将达到500亿瓦。\n到2028年，差距缩小至约一个季度。\n"
GB_TEXT = "美国人工智能产业的电力需求将达到五百亿瓦，相当于阿根廷全国用电量。\n"
NESTED_HTML = (
    "<html><body>"
    + "<div>" * 10_000
    + "<p>Power demand will reach 50 GW by 2028 in the United States, officials said.</p>"
    + "</div>" * 10_000
    + "</body></html>"
)
UNCLOSED_HTML = (
    "<html><head><title>Grid</title><body><div><p>Power demand will reach 50 GW by 2028 in "
    "the United States, officials said on Monday.<p>Another paragraph about chips <b>bold "
    "<i>and italic text that never closes its tags"
)

# name, bytes, expected error class (None: reads), code, start of the message after the path
BAD_INPUTS: list[tuple[str, str, bytes, type[DocumentError], str, str]] = [
    ("empty", "x.txt", b"", EmptyDocumentError, "empty", "empty file (no text)"),
    ("bom-only", "x.md", codecs.BOM_UTF8, EmptyDocumentError, "empty", "empty file (no text)"),
    ("utf16-bom-only", "x.txt", codecs.BOM_UTF16_LE, EmptyDocumentError, "empty", "empty file"),
    ("whitespace", "x.txt", b" \r\n\t\r", EmptyDocumentError, "empty", "empty file (no text)"),
    ("png-as-txt", "x.txt", PNG, BinaryContentError, "binary", "binary content (a PNG image), not text"),
    (
        "pdf-as-md",
        "x.md",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        BinaryContentError,
        "binary",
        "binary content (a PDF file)",
    ),
    (
        "zip-as-html",
        "x.html",
        b"PK\x03\x04\x14\x00\x06\x00",
        BinaryContentError,
        "binary",
        "binary content (a ZIP archive",
    ),
    (
        "nul-bytes",
        "x.txt",
        b"\x00\x01\x02\x03binary\x00\xff",
        BinaryContentError,
        "binary",
        "binary content (NUL byte at offset 0)",
    ),
    (
        "control-chars",
        "x.txt",
        bytes(range(1, 9)) * 40,
        BinaryContentError,
        "binary",
        "binary content (320 control",
    ),
    (
        "garbage-high-bytes",
        "x.txt",
        bytes(range(128, 256)) * 4,
        EncodingError,
        "encoding",
        "not UTF-8, UTF-16, GB18030 or Big5 text (first undecodable byte at offset 0)",
    ),
    (
        "latin-1",
        "x.txt",
        "Power: 50 GW, café".encode("latin-1"),
        EncodingError,
        "encoding",
        "not UTF-8, UTF-16, GB18030 or Big5 text (first undecodable byte at offset 17); re-save it as UTF-8",
    ),
    (
        "utf8-bom-then-garbage",
        "x.txt",
        codecs.BOM_UTF8 + b"ok \xff\xfe",
        EncodingError,
        "encoding",
        "not valid UTF-8 text although it starts with a UTF-8 byte order mark "
        "(first undecodable byte at offset 6)",
    ),
    (
        "utf16-bom-odd-length",
        "x.txt",
        codecs.BOM_UTF16_LE + b"a\x00b",
        EncodingError,
        "encoding",
        "not valid UTF-16-LE text although it starts with a UTF-16-LE byte order mark "
        "(first undecodable byte at offset 4)",
    ),
    (
        "html-10000-divs",
        "x.html",
        NESTED_HTML.encode(),
        DocumentError,
        "too-deep",
        "elements nested 10003 deep, deeper than the HTML parser reads (250)",
    ),
    (
        "html-no-text",
        "x.htm",
        b"<html><body><script>var a = 1;</script></body></html>",
        DocumentError,
        "no-text",
        "no main text found in the page",
    ),
]


FRONT_MATTER_WARNINGS = [
    (
        "broken-yaml",
        "x.md",
        b"---\ntitle: A\ntags: [a, b\n---\nBody 50 GW.\n",
        "front-matter",
        "line 4: the front matter is not valid YAML (expected ',' or ']'",
    ),
    (
        "yaml-tab-indent",
        "x.md",
        b"---\ntitle: A\n\tdate: 2024-01-01\n---\nBody.\n",
        "front-matter",
        "line 3: the front matter is not valid YAML",
    ),
    (
        "yaml-python-tag",
        "x.md",
        b'---\ntitle: A\ncmd: !!python/object/apply:os.system ["echo x"]\n---\nBody.\n',
        "unsafe-yaml",
        "line 3: the front matter uses the YAML tag !!python/object/apply:os.system, "
        "which could build objects or run code; it is refused",
    ),
    (
        "yaml-python-tag-alone",
        "x.md",
        b'---\n!!python/object/apply:os.system ["echo x"]\n---\nBody.\n',
        "unsafe-yaml",
        "line 2: the front matter uses the YAML tag !!python/object/apply:os.system",
    ),
    (
        "yaml-python-name",
        "x.md",
        b"---\ntitle: !!python/name:os.system\n---\nBody.\n",
        "unsafe-yaml",
        "line 2: the front matter uses the YAML tag !!python/name:os.system",
    ),
    (
        "yaml-alias-bomb",
        "x.md",
        b"---\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\ntags: [*b, *b]\n---\nBody.\n",
        "unsafe-yaml",
        "line 3: the front matter uses a YAML alias (*name), which is not read",
    ),
    (
        "yaml-nested-10000",
        "x.md",
        b"---\ntags: " + b"[" * 10_000 + b"]" * 10_000 + b"\n---\nBody.\n",
        "front-matter",
        "the front matter is nested too deeply to read",
    ),
]
"""Front matter that cannot be read: the document is read without it, with a warning (issue #12)."""


@pytest.mark.parametrize(
    ("name", "data", "error", "code", "message"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_raises_a_clear_document_error(
    tmp_path: Path, name: str, data: bytes, error: type[DocumentError], code: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        read_document(path)
    assert type(caught.value) is error
    assert str(caught.value).startswith(f"{path}: {message}")
    assert caught.value.path == path
    assert caught.value.code == code
    assert caught.value.level == ("warning" if error is EmptyDocumentError else "error")


@pytest.mark.parametrize(
    ("name", "data", "code", "message"),
    [case[1:] for case in FRONT_MATTER_WARNINGS],
    ids=[case[0] for case in FRONT_MATTER_WARNINGS],
)
def test_unreadable_front_matter_is_a_warning_and_the_body_is_read(
    tmp_path: Path, name: str, data: bytes, code: str, message: str
) -> None:
    """Issue #12: a metadata glitch never loses the document; the block is no evidence."""
    path = tmp_path / name
    path.write_bytes(data)
    document = read_document(path)
    assert [w.code for w in document.warnings] == [code]
    assert document.warnings[0].message.startswith(message)
    quotes = " ".join(evidence_table(document)["quote"]) + " ".join(metrics_table(document)["quote"])
    assert "title" not in quotes
    assert "!!python" not in quotes
    assert "&a" not in quotes
    if b"50 GW" in data:
        assert "50 GW" in set(metrics_table(document)["surface"])


def test_front_matter_warnings_carry_their_line(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: A\ntags: [a, b\n---\nBody.\n", encoding="utf-8")
    document = read_document(path)
    assert document.warnings[0].line == 4
    assert document.meta.title == "A"  # the plain lines of the block are still read


@pytest.mark.parametrize("value", ["2024-13-45", "2024-02-30", "99999-01-01"])
def test_a_front_matter_date_that_is_no_calendar_date_is_kept_as_text(tmp_path: Path, value: str) -> None:
    """Found by bench/fuzz.py: YAML's date constructor raised a bare ValueError."""
    path = tmp_path / "x.md"
    path.write_text(f"---\ntitle: A\ndate: {value}\n---\nThe site draws 5 GW.\n", encoding="utf-8")
    document = read_document(path)
    assert document.meta.title == "A"
    assert document.meta.date in (None, value)
    assert "5 GW" in set(metrics_table(document)["surface"])


def test_yaml_tag_never_runs_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "x.md"
    path.write_text(f'---\ntitle: A\nx: !!python/object/apply:os.system ["touch {marker}"]\n---\nB.\n')
    document = read_document(path)
    assert "refused" in document.warnings[0].message
    assert not marker.exists()


def test_corpus_of_every_bad_input_reads_the_good_ones(tmp_path: Path) -> None:
    for case in BAD_INPUTS:
        name, data = case[0], case[2]
        (tmp_path / f"{name}{Path(case[1]).suffix}").write_bytes(data)
    (tmp_path / "zz_good.txt").write_text("The grid needs 50 GW by 2028.", encoding="utf-8")
    for name, suffix, data, *_ in FRONT_MATTER_WARNINGS:
        (tmp_path / f"{name}{Path(suffix).suffix}").write_bytes(data)
    corpus = load_corpus(tmp_path)
    assert set(corpus.ids) == {case[0] for case in FRONT_MATTER_WARNINGS} | {"zz_good"}
    by_id = {status.doc_id: status for status in corpus.statuses}
    for name, _, _, error, code, _ in BAD_INPUTS:
        assert by_id[name].code == code
        assert by_id[name].status == ("warning" if error is EmptyDocumentError else "error")
    for name, _, _, code, _ in FRONT_MATTER_WARNINGS:
        assert (by_id[name].status, by_id[name].code) == ("warning", code)
    assert by_id["zz_good"].status == "ok"
    problems = len(BAD_INPUTS) + len(FRONT_MATTER_WARNINGS)
    assert len(corpus.errors) + len(corpus.warnings) == problems


# --- encodings -------------------------------------------------------------------------------


ENCODED: list[tuple[str, bytes, str, str]] = [
    ("big5", BIG5_TEXT.encode("big5"), BIG5_TEXT, "big5"),
    ("big5-short", "電力需求".encode("big5"), "電力需求", "big5"),
    ("gb18030", GB_TEXT.encode("gb18030"), GB_TEXT, "gb18030"),
    ("gb18030-short", "电力".encode("gb18030"), "电力", "gb18030"),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE + GB_TEXT.encode("utf-16-le"), GB_TEXT, "utf-16"),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + GB_TEXT.encode("utf-16-be"), GB_TEXT, "utf-16"),
    # Chinese with a few ASCII characters: their NUL bytes tell UTF-16 without a BOM
    ("utf-16-le-no-bom-chinese", ZH_ASCII.encode("utf-16-le"), ZH_ASCII, "utf-16-le"),
    ("utf-16-be-no-bom-chinese", ZH_ASCII.encode("utf-16-be"), ZH_ASCII, "utf-16-be"),
    ("utf-16-le-no-bom-ascii", "50 GW by 2028\n".encode("utf-16-le"), "50 GW by 2028\n", "utf-16-le"),
]


@pytest.mark.parametrize(("data", "text", "encoding"), [e[1:] for e in ENCODED], ids=[e[0] for e in ENCODED])
def test_chinese_and_utf16_decode_to_the_right_text(
    tmp_path: Path, data: bytes, text: str, encoding: str
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    document = read_document(path)
    assert (document.text, document.encoding) == (text, encoding)


def test_big5_metrics_are_read(tmp_path: Path) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes("美國新增電力需求將達到500億瓦。\n".encode("big5"))
    metrics = extract_metrics(read_document(path).text)
    assert [(m.surface, m.value_low) for m in metrics] == [("500億瓦", 5e10)]


# --- line endings ---------------------------------------------------------------------------

MIXED = (
    "---\r\ntitle: Mixed endings\rdate: 2025-03-18\n---\r\n"
    "# Grid\r\rThe grid needs 50 GW by 2028.\rChips cost $3 billion.\r\n"
    "\n美国AI产业新增电力需求将达到500亿瓦。\r到2028年，差距缩小至约一个季度。\n"
)


def test_mixed_line_endings_keep_offsets_exact(tmp_path: Path) -> None:
    path = tmp_path / "mixed.md"
    path.write_bytes(MIXED.encode("utf-8"))
    document = read_document(path)
    assert document.text == MIXED  # CR, LF and CRLF are all kept as they are
    assert document.meta.title == "Mixed endings"
    assert document.meta.date == "2025-03-18"
    text = document.text
    for region in document.regions:
        assert text[region.start : region.end] == text[region.start : region.end].strip()
    corpus = Corpus(tmp_path, [document])
    metrics = metrics_table(corpus)
    assert {"50 GW", "$3 billion", "500亿瓦", "约一个季度"} <= set(metrics["surface"])
    for row in metrics.itertuples():
        assert text[row.char_start : row.char_end] == row.surface
    evidence = evidence_table(corpus)
    for row in evidence.itertuples():
        assert text[row.char_start : row.char_end] == row.quote
        assert "\r" not in row.quote  # each line break ends a sentence
        assert "\n" not in row.quote


# --- file names and links ------------------------------------------------------------------

NAMES = ["a b.txt", "报告.txt", "$(x);'\".txt", "-rf .md", "tab\there.txt", "new\nline.txt"]


@pytest.mark.parametrize("name", NAMES)
def test_awkward_file_names_load_and_are_named_in_errors(tmp_path: Path, name: str) -> None:
    good = tmp_path / name
    good.write_text("The grid needs 50 GW by 2028.", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.ids == (Path(name).stem,)
    good.write_bytes(b"abc\xff")
    corpus = load_corpus(tmp_path)
    assert [str(error) for error in corpus.errors] == [
        f"{good}: not UTF-8, UTF-16, GB18030 or Big5 text (first undecodable byte at offset 3); "
        "re-save it as UTF-8"
    ]


def test_undecodable_file_name_is_shown_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"bad\xff.txt")  # not UTF-8: a lone surrogate in Python
    try:
        (tmp_path / name).write_bytes(b"")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    corpus = load_corpus(tmp_path)
    message = str(corpus.warnings[0])
    assert message.startswith(f"{tmp_path}/bad\\xff.txt: empty file")
    message.encode("utf-8")  # printable and writable as UTF-8
    assert corpus.status_table()["path"][0].endswith("bad\\xff.txt")


def test_links(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a_real.txt").write_text("The grid needs 50 GW by 2028.", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("Outside the corpus.", encoding="utf-8")
    (folder / "b_out.txt").symlink_to(outside)
    (folder / "c_out_relative.txt").symlink_to(Path("..") / "secret.txt")
    (folder / "d_in.txt").symlink_to(folder / "a_real.txt")
    (folder / "e_broken.txt").symlink_to(folder / "missing.txt")
    (folder / "f_loop.txt").symlink_to(folder / "g_loop.txt")
    (folder / "g_loop.txt").symlink_to(folder / "f_loop.txt")
    corpus = load_corpus(folder)
    assert corpus.ids == ("a_real", "d_in")  # a link inside the corpus is read under its name
    table = corpus.status_table()
    assert list(table.columns) == list(STATUS_COLUMNS)
    rows = {row.doc_id: (row.status, row.code) for row in table.itertuples()}
    assert rows == {
        "a_real": ("ok", "ok"),
        "b_out": ("warning", "link-outside"),
        "c_out_relative": ("warning", "link-outside"),
        "d_in": ("ok", "ok"),
        "e_broken": ("error", "broken-link"),
        "f_loop": ("error", "link-loop"),
        "g_loop": ("error", "link-loop"),
    }
    reasons = dict(zip(table["doc_id"], table["reason"], strict=True))
    assert reasons["b_out"] == (
        f"symbolic link to {outside}, outside the corpus folder: not followed; "
        "copy the file into the folder to include it"
    )
    assert reasons["e_broken"].startswith("broken symbolic link (its target ")
    assert "Outside the corpus." not in "".join(doc.text for doc in corpus)


# --- unreadable files ------------------------------------------------------------------------

PERMISSION_MESSAGE = (
    "cannot be read (permission denied); give yourself read permission (chmod u+r) "
    "or remove it from the corpus"
)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root reads files whatever their mode; test_unreadable_file_simulated covers it",
)
def test_unreadable_file_chmod_000(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Secret.", encoding="utf-8")
    path.chmod(0)
    try:
        corpus = load_corpus(tmp_path)
    finally:
        path.chmod(0o600)
    assert [str(error) for error in corpus.errors] == [f"{path}: {PERMISSION_MESSAGE}"]


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret.", encoding="utf-8")
    (tmp_path / "open.txt").write_text("Open.", encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    corpus = load_corpus(tmp_path)
    assert corpus.ids == ("open",)
    assert [str(error) for error in corpus.errors] == [f"{locked}: {PERMISSION_MESSAGE}"]
    assert corpus.statuses[0].code == "permission"


def test_unexpected_failure_of_one_file_does_not_stop_the_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Second.", encoding="utf-8")
    import evidencekit.ingest.corpus as corpus_module

    real = corpus_module.read_document

    def flaky(path: Path) -> object:
        if path.name == "a.txt":
            message = "maximum recursion depth exceeded"
            raise RecursionError(message)
        return real(path)

    monkeypatch.setattr(corpus_module, "read_document", flaky)
    corpus = load_corpus(tmp_path)
    assert corpus.ids == ("b",)
    assert corpus.errors[0].code == "internal"
    assert "internal error while reading (RecursionError" in str(corpus.errors[0])


# --- status table ----------------------------------------------------------------------------


def test_status_table_of_the_seeds_is_all_ok() -> None:
    corpus = load_corpus(Path(__file__).resolve().parents[1] / "seeds")
    table = corpus.status_table()
    assert list(table.columns) == ["path", "doc_id", "status", "code", "reason", "line", "offset"]
    assert list(table["doc_id"]) == list(corpus.ids)
    assert set(table["status"]) == {"ok"}
    assert corpus.warnings == []


def test_status_table_carries_line_and_offset(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: A\ntags: [a, b\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"abc\xff")
    (tmp_path / "c.txt").write_bytes(b"")
    table = load_corpus(tmp_path).status_table()
    assert table[["doc_id", "status", "code"]].values.tolist() == [
        ["a", "warning", "front-matter"],
        ["b", "error", "encoding"],
        ["c", "warning", "empty"],
    ]
    assert table["line"].tolist()[0] == 4
    assert table["offset"].tolist()[1] == 3
    assert table["reason"][2] == "empty file (no text); add the document's text or remove the file"


def test_corpus_keeps_the_old_constructor() -> None:
    corpus = Corpus(Path("x"), [], [DocumentError(Path("x/a.txt"), "broken")])
    assert [(s.doc_id, s.status, s.code, s.reason) for s in corpus.statuses] == [
        ("a", "error", "unreadable", "broken")
    ]
    assert corpus.warnings == []


# --- big files ------------------------------------------------------------------------------

SENTENCE = "The grid needs 50 GW by 2028 and chips cost $3 billion, 美国AI产业新增电力需求将达到500亿瓦，"


def test_five_megabytes_on_one_line_read_once_and_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    data = (SENTENCE * (5_000_000 // len(SENTENCE.encode()))).encode()
    path.write_bytes(data)
    tracemalloc.start()
    started = time.perf_counter()
    document = read_document(path)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(document.text) == len(data.decode())
    assert "\n" not in document.text
    # the bytes once, the text (2 bytes a character here) and a few copies of the one line
    # (lines, regions, the evidence for language detection): linear in the size
    assert peak < 16 * len(data), f"peak {peak / 1e6:.0f} MB for a {len(data) / 1e6:.0f} MB file"
    assert seconds < 30, f"{seconds:.1f} s to read {len(data) / 1e6:.0f} MB"


# Speed on one long line (linear in its length, with and without numbers) is measured by
# bench/big_file.py, not here: timings belong in benchmarks, not in unit tests.


# --- fuzzing -------------------------------------------------------------------------------

HEADS = [b"", b"---\n", b"---\r\ntitle: x\r\n", b"<html><body><p>", codecs.BOM_UTF8, codecs.BOM_UTF16_LE]
PIECES = [
    b"---\n",
    b"title: ",
    b"!!python/object/apply:os.system ",
    b"&a ",
    b"*a ",
    b"[",
    b"]",
    b"50 GW ",
    "电力需求将达到500亿瓦。".encode("gb18030"),
    "電力需求".encode("big5"),
    "约一个季度".encode("utf-16-le"),
    b"<div>",
    b"</p>",
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xe2\x80",
    b"Original source: https://example.com/a\n",
]
raw_bytes = st.one_of(
    st.binary(max_size=400),
    st.tuples(st.sampled_from(HEADS), st.lists(st.sampled_from(PIECES), max_size=25)).map(
        lambda parts: parts[0] + b"".join(parts[1])
    ),
    st.text(max_size=200).map(lambda text: text.encode("utf-8")),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=raw_bytes, suffix=st.sampled_from(supported_suffixes()))
def test_any_bytes_raise_only_document_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            document = read_document(path)
        except DocumentError as error:
            failure: DocumentError | None = error
        else:
            failure = None
        if failure is not None:
            assert str(failure).startswith(f"{path}: ")
            assert failure.level in ("error", "warning")
            return
        assert document.text.strip()
        for region in document.regions:
            assert 0 <= region.start <= region.end <= len(document.text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(raw_bytes, min_size=1, max_size=4))
def test_load_corpus_never_raises(files: list[bytes]) -> None:
    suffixes = supported_suffixes()
    with tempfile.TemporaryDirectory() as folder:
        for index, data in enumerate(files):
            (Path(folder) / f"f{index}{suffixes[index % len(suffixes)]}").write_bytes(data)
        corpus = load_corpus(folder)
        statuses = corpus.statuses
        assert len(statuses) == len(files)
        assert sum(is_read(status.status, status.code) for status in statuses) == len(corpus)
        assert {status.status for status in statuses} <= {"ok", "warning", "error"}


def test_extract_over_a_broken_corpus_stores_every_good_document_and_names_every_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`evidencekit extract` on every bad input of this file, good documents in every encoding
    and awkward names, a link out of the corpus and a subfolder: the run finishes, the store has
    the good documents, build.json names each bad file with the status load_corpus gives it."""
    import json

    from evidencekit.archive.store import read_manifest, read_store
    from evidencekit.cli import main

    corpus = tmp_path / "corpus"
    (corpus / "sub folder").mkdir(parents=True)
    for name, suffix, data, *_ in BAD_INPUTS + FRONT_MATTER_WARNINGS:
        (corpus / f"{name}{Path(suffix).suffix}").write_bytes(data)
    good = {
        "good gb18030.txt": GB_TEXT.encode("gb18030"),
        "good big5.txt": BIG5_TEXT.encode("big5"),
        "good utf16.txt": codecs.BOM_UTF16_LE + GB_TEXT.encode("utf-16-le"),
        "good $(rm -rf) ;&.md": b"---\ntitle: Shell\n---\nThe grid needs 50 GW by 2028.\n",
        "sub folder/good \u6587\u6863.txt": b"The grid needs 50 GW by 2028.\r\nChips: 3 nm.\r",
    }
    for name, data in good.items():
        (corpus / name).write_bytes(data)
    outside = tmp_path / "outside.txt"
    outside.write_text("Outside: 5 GW.", encoding="utf-8")
    (corpus / "link out.txt").symlink_to(outside)
    expected = {status.path.relative_to(corpus).as_posix(): status for status in load_corpus(corpus).statuses}
    assert len(expected) == len(BAD_INPUTS) + len(FRONT_MATTER_WARNINGS) + len(good) + 1

    code = main(["extract", str(corpus), "--out", str(tmp_path / "store"), "--no-progress"])
    output = capsys.readouterr()
    assert code == 1  # errors were found, and named
    summary = json.loads((tmp_path / "store" / "build.json").read_text(encoding="utf-8"))
    found = {entry["path"]: entry for entry in summary["documents"]}
    assert {path: (e["status"], e["code"]) for path, e in found.items()} == {
        path: (status.status, status.code) for path, status in expected.items()
    }
    stored = set(read_store(tmp_path / "store", "evidence", columns=["doc_id"])["doc_id"])
    assert stored >= {Path(name).stem for name in good}
    manifest = read_manifest(tmp_path / "store")
    rows = zip(manifest["doc_id"], manifest["status"], manifest["code"], strict=True)
    held = {doc_id for doc_id, status, code in rows if is_read(status, code)}
    warned = {case[0] for case in FRONT_MATTER_WARNINGS}  # read with a warning: stored too
    assert held == {Path(name).stem for name in good} | warned
    assert set(read_manifest(tmp_path / "store").query("status == 'ok'")["path"]) == set(good)
    for path, entry in found.items():
        if entry["status"] != "ok":  # each warning and error on its own line
            assert entry["reason"]
            assert f"{entry['status']}: {path}: {entry['reason']}" in output.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_or_a_link_to_one_is_named_and_never_opened(tmp_path: Path) -> None:
    """Opening a FIFO blocks until a writer comes: the listing names it and nobody reads it
    (load_corpus, extract, and the build's change check)."""
    from evidencekit.archive.runs import extract
    from evidencekit.report.build.manifest import corpus_hash

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a_real.txt").write_text("The grid needs 50 GW by 2028.", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "to_pipe.txt").symlink_to(folder / "pipe.txt")
    corpus = load_corpus(folder)
    status = corpus.status_table().set_index("doc_id")
    assert list(corpus.ids) == ["a_real"]
    for doc_id in ("pipe", "to_pipe"):
        assert (status.loc[doc_id, "status"], status.loc[doc_id, "code"]) == ("warning", "not-a-file")
        assert "FIFO" in status.loc[doc_id, "reason"]
    assert len(corpus_hash(folder)) == 64
    report = extract(folder, tmp_path / "store", progress=False)
    assert (report.counts["ok"], report.counts["warning"]) == (1, 2)
