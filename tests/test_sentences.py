"""Sentence splitting in English and Chinese, with offsets into the original text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidencekit.evidence.tables import metrics_table
from evidencekit.ingest.readers import read_document
from evidencekit.records import Document, Meta, Region
from evidencekit.text.sentences import split_sentences, split_text
from evidencekit.text.windows import MAX_SENTENCE_CHARS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "documents"

# (id, text, expected sentences in order); offsets are checked against the text
CASES = [
    # English
    ("en-basic", "One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
    (
        "en-abbrev-us",
        "Chips in the U.S. are scarce. China is next.",
        ["Chips in the U.S. are scarce.", "China is next."],
    ),
    (
        "en-abbrev-titles",
        "Dr. Li met Mr. Smith. They talked.",
        ["Dr. Li met Mr. Smith.", "They talked."],
    ),
    (
        "en-abbrev-eg",
        "Some models, e.g. V3.2, are open. Others are not.",
        ["Some models, e.g. V3.2, are open.", "Others are not."],
    ),
    (
        "en-decimal",
        "Growth was 3.5% in 2024. It slowed.",
        ["Growth was 3.5% in 2024.", "It slowed."],
    ),
    (
        "en-url",
        "See https://www.example.com/a.b?x=1 for details. Then stop.",
        ["See https://www.example.com/a.b?x=1 for details.", "Then stop."],
    ),
    (
        "en-initial",
        "Donald J. Trump spoke. Others listened.",
        ["Donald J. Trump spoke.", "Others listened."],
    ),
    (
        "en-lowercase-next",
        "It costs approx. five dollars. Cheap.",
        ["It costs approx. five dollars.", "Cheap."],
    ),
    ("en-quote-after-stop", 'He said "no." Then he left.', ['He said "no."', "Then he left."]),
    (
        "en-cites-before-stop",
        "Demand rises [7][8]. Supply lags [9].",
        ["Demand rises [7][8].", "Supply lags [9]."],
    ),
    (
        "en-cites-after-stop",
        "Demand rises.[7][8] Supply lags. [9] Done.",
        ["Demand rises.[7][8]", "Supply lags. [9]", "Done."],
    ),
    ("en-ellipsis", "Wait... Then go.", ["Wait...", "Then go."]),
    ("en-newlines", "First line\nSecond line\r\n\r\nthird", ["First line", "Second line", "third"]),
    ("en-wrapped", "the first line\ngoes on\r\n\r\nthird", ["the first line\ngoes on", "third"]),
    (
        "en-heading",
        "### Energy Infrastructure\nText here.",
        ["Energy Infrastructure", "Text here."],
    ),
    ("en-heading-closing-hashes", "## Title ##\nBody.", ["Title", "Body."]),
    (
        "en-bullets",
        "- first item\n* second item\n1. third item\n2) fourth",
        ["first item", "second item", "third item", "fourth"],
    ),
    (
        "en-inline-list",
        "Core Argument - The article argues this [1]. - Next point here [2].",
        ["Core Argument", "The article argues this [1].", "Next point here [2]."],
    ),
    (
        "en-inline-group",
        "It ends [5]. Group 2: Energy Infrastructure Challenges - Demand grows [7].",
        ["It ends [5].", "Group 2: Energy Infrastructure Challenges", "Demand grows [7]."],
    ),
    (
        "en-dash-in-sentence",
        "The plan - which nobody liked - failed. Then what?",
        ["The plan - which nobody liked - failed.", "Then what?"],
    ),
    (
        "en-dash-after-name",
        "Apple - the company - said it. Core Argument - The point.",
        ["Apple - the company - said it.", "Core Argument", "The point."],
    ),
    ("en-heading-needs-item", "Key Points - see below", ["Key Points - see below"]),
    (
        "en-hyphenated",
        "A long-term plan costs 40-50% more.",
        ["A long-term plan costs 40-50% more."],
    ),
    ("en-whitespace", "   \n  Spaced out.   \n\n", ["Spaced out."]),
    ("en-no-words", "--- \n * * *\nReal text.", ["Real text."]),
    # Chinese
    (
        "zh-basic",
        "美国领先三个月。中国紧追！是吗？是的；继续",
        ["美国领先三个月。", "中国紧追！", "是吗？", "是的；", "继续"],
    ),
    ("zh-closing-quote", "他说：“瓶颈是电力。”随后离开。", ["他说：“瓶颈是电力。”", "随后离开。"]),
    (
        "zh-closing-bracket",
        "数据来自统计局（2024年。）下一句。",
        ["数据来自统计局（2024年。）", "下一句。"],
    ),
    (
        "zh-ascii-question",
        "谁该当节制?AI带来的风险!下一句",
        ["谁该当节制?", "AI带来的风险!", "下一句"],
    ),
    (
        "zh-ascii-after-percent",
        "占比有望达到40%至50%?这将改变格局。",
        ["占比有望达到40%至50%?", "这将改变格局。"],
    ),
    ("zh-ascii-semicolon", "数据核心;“大买卖”开始", ["数据核心;", "“大买卖”开始"]),
    ("zh-decimal", "增长3.5倍，达到V3.2版本。", ["增长3.5倍，达到V3.2版本。"]),
    (
        "zh-bullets",
        "1、加快建设算力网络。\n（二）推动绿色电力\n三、其他",
        ["加快建设算力网络。", "推动绿色电力", "其他"],
    ),
    (
        "zh-heading",
        "### 危险的领先劣势\n领先优势仅有三个月。",
        ["危险的领先劣势", "领先优势仅有三个月。"],
    ),
    ("zh-fullwidth-space", "\u3000\u3000段首缩进的句子。", ["段首缩进的句子。"]),
    (
        "mixed",
        "Sachs said so. 中国落后三到六个月。Then he left.",
        ["Sachs said so.", "中国落后三到六个月。", "Then he left."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_split_text(text: str, expected: list[str]) -> None:
    spans = split_text(text)
    assert [text[s:e] for s, e in spans] == expected
    assert all(s < e for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_split_text_window() -> None:
    text = "Ignored. Kept one. Kept two. Ignored too."
    assert split_text(text, 9, 28) == [(9, 18), (19, 28)]


HEADING_CASES = [
    ("### Title\nBody.", [True, False]),
    ("Core Argument - The point [1].", [True, False]),
    ("- item one\nPlain.", [False, False]),
]


@pytest.mark.parametrize(("text", "headings"), HEADING_CASES)
def test_heading_flags(text: str, headings: list[bool]) -> None:
    document = Document("d", Path("d.txt"), text, text, Meta())
    assert [s.heading for s in split_sentences(document)] == headings


# --- seeds and fixtures -------------------------------------------------------------------------

SENTENCE_COUNTS = {
    SEEDS / "000_98eda4eeaede7d8e.txt": 23,
    SEEDS / "001_8ad4a4114da0a702.txt": 126,  # a line that ends in a comma goes on in the next
    SEEDS / "002_508b4d799a7d30db.txt": 15,
    SEEDS / "003_9fe6c5c9c9ee8f17.txt": 70,
    SEEDS / "004_42a3e7e1f291c0a6.txt": 16,
    FIXTURES / "summary_energy_race.txt": 10,
    FIXTURES / "article_zh_compute.txt": 11,
    FIXTURES / "comments_open_models.txt": 8,
    FIXTURES / "transcript_interview.md": 11,
    FIXTURES / "news_zh_policy.txt": 3,
    FIXTURES / "notes_plain.txt": 6,
    FIXTURES / "page_chip_exports.html": 7,
}


@pytest.mark.parametrize("path", list(SENTENCE_COUNTS), ids=lambda p: p.stem)
def test_sentences_of_documents(path: Path) -> None:
    document = read_document(path)
    sentences = split_sentences(document)
    assert len(sentences) == SENTENCE_COUNTS[path]
    assert [s.sentence_id for s in sentences] == list(range(1, len(sentences) + 1))
    for sentence in sentences:
        assert document.text[sentence.char_start : sentence.char_end] == sentence.text
        assert sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.doc_id == document.id
        assert sentence.lang in ("en", "zh")
        inside = [r for r in document.regions if r.start <= sentence.char_start < r.end]
        assert len(inside) == 1
        assert sentence.char_end <= inside[0].end
        assert sentence.speaker == inside[0].speaker


def test_seed_summary_sentences() -> None:
    sentences = split_sentences(read_document(SEEDS / "000_98eda4eeaede7d8e.txt"))
    assert [s.text for s in sentences if s.heading] == [
        "Core Argument",
        "Group 1: AI Development and Policy Discrepancies",
        "Group 2: Energy Infrastructure Challenges",
        "Group 3: Talent Acquisition and Immigration Policies",
        "Group 4: Government-Industry Relations",
        "Group 5: Long-term Strategic Challenges",
    ]
    watts = next(s for s in sentences if "50 billion watts" in s.text)
    assert watts.text.startswith("Buchanan's vision includes")
    assert watts.text.endswith("Argentina's total electricity consumption [7][8].")
    assert watts.cites == ("7", "8")
    assert sentences[2].cites == ("1", "5", "20")
    assert sentences[1].text == (
        'The article discusses Ben Buchanan\'s "grand bargain" proposal for AI development in '
        "the U.S., suggesting a strategic agreement between the tech industry and the government "
        "to integrate AI into national defense while ensuring it aligns with democratic values."
    )
    assert {s.lang for s in sentences} == {"en"}


def test_seed_comment_sentences_have_speakers() -> None:
    sentences = split_sentences(read_document(SEEDS / "002_508b4d799a7d30db.txt"))
    assert [(s.speaker, s.text) for s in sentences[:2]] == [
        ("Paul Triolo", "Good discussion."),
        ("Paul Triolo", "Couple of things."),
    ]
    assert sentences[-1].speaker == "Nicolas Palau"
    assert sentences[-1].text == "And its not even mentioned in an otherwise very good essay."


def test_seed_transcript_sentences() -> None:
    sentences = split_sentences(read_document(SEEDS / "003_9fe6c5c9c9ee8f17.txt"))
    headings = [s for s in sentences if s.heading]
    assert len(headings) == 15
    assert (headings[0].text, headings[0].speaker) == ("危险的领先劣势", None)
    assert [(s.text, s.speaker, s.lang) for s in sentences[1:3]] == [
        ("我们正处于一个极其危险的境地，领先优势仅有三个月。", "Dwarkesh Patel", "zh"),
        (
            "我们正经历一场激烈的竞争，如果对手领先，他们就能占据主导地位，获得决定性优势。",
            "Dwarkesh Patel",
            "zh",
        ),
    ]


def test_seed_article_sentences_split_ascii_punctuation() -> None:
    document = read_document(SEEDS / "001_8ad4a4114da0a702.txt")
    texts = [s.text for s in split_sentences(document)]
    assert "70%的正在美AI研究人员出生正在国外?" in texts
    assert "中国每年新增电力容量达12%。" in texts
    assert "那些来自敌手国度的研究人员——包罗大量来自中国的AI专家——能否还能参取最前沿的AI研发?" in texts


def test_seed_news_sentences() -> None:
    sentences = split_sentences(read_document(SEEDS / "004_42a3e7e1f291c0a6.txt"))
    assert sentences[3].text == "Sachs admitted that China was only three to six months behind in AI models."
    assert not any("Original source" in s.text or "Disclaimer" in s.text for s in sentences)


def test_document_without_regions() -> None:
    text = "领先优势仅有三个月。Sachs admitted it. 123"
    built = Document("d", Path("d.txt"), text, text, Meta())
    assert [(s.text, s.lang) for s in split_sentences(built)] == [
        ("领先优势仅有三个月。", "zh"),
        ("Sachs admitted it.", "en"),
        ("123", "en"),
    ]
    no_evidence = Document("d", Path("d.txt"), text, text, Meta(genre="comments"))
    assert split_sentences(no_evidence) == []
    one_region = Document(
        "d",
        Path("d.txt"),
        text,
        text,
        Meta(genre="text"),
        regions=(Region(10, 28, "comment", "Ann"),),
    )
    assert [(s.text, s.speaker) for s in split_sentences(one_region)] == [("Sachs admitted it.", "Ann")]


@given(st.text(alphabet="ab 。.?!\n-#*1[]”中U.S", max_size=80))
def test_split_text_spans_are_stripped_ordered_and_in_bounds(text: str) -> None:
    spans = split_text(text)
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        assert any(ch.isalnum() for ch in piece)
        previous = end


WINDOW_CASES = [
    # (one run of text with no sentence end, where every window must end)
    ("The grid needs 50 GW, " * 400, ","),
    ("美国AI产业新增电力需求将达到500亿瓦，" * 300, "，"),
    ("word " * 2000, "word"),
    ("1234567890" * 700, "0"),
]


@pytest.mark.parametrize(("text", "ends_with"), WINDOW_CASES)
def test_a_sentence_without_end_is_cut_into_bounded_windows(text: str, ends_with: str) -> None:
    spans = split_text(text)
    assert len(spans) > 1
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    assert all(text[start:end].endswith(ends_with) for start, end in spans[:-1])
    covered = "".join(text[start:end] for start, end in spans)
    assert covered.replace(" ", "") == text.replace(" ", "")  # nothing dropped, nothing twice


def test_a_claim_is_never_cut_by_a_window() -> None:
    text = "China added 50 GW of solar and 30 GW of wind, " * 300
    document = Document("d", Path("d.txt"), text, text, Meta())
    metrics = metrics_table(document)
    assert len(metrics) == 600
    assert set(metrics["surface"]) == {"50 GW", "30 GW"}
    assert metrics["quote"].str.len().max() <= MAX_SENTENCE_CHARS
