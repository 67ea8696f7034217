"""Recognising the kind of a document from its content, its meta and its evidence regions."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from evidencekit.errors import DataFileError
from evidencekit.ingest.boilerplate import BOILERPLATE_PATH, load_boilerplate
from evidencekit.ingest.readers import read_document
from evidencekit.ingest.structure import analyse_structure, read_structure
from evidencekit.lang.files import display_path
from evidencekit.records import GENRES, Meta, Region
from evidencekit.text.sentences import load_sentence_rules

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures" / "documents"

# path -> every meta key the document states (the rest must be None)
EXPECTED_META: dict[Path, dict[str, Any]] = {
    SEEDS / "000_98eda4eeaede7d8e.txt": {
        "genre": "summary",
        "language": "en",
        "title": "“大交易”:一场迟到的美国AI战略自救",
        "outlet": "Guan Cha Zhe Wang",
        "date": "2025-12-04",
    },
    SEEDS / "001_8ad4a4114da0a702.txt": {"genre": "article", "language": "zh"},
    SEEDS / "002_508b4d799a7d30db.txt": {
        "genre": "comments",
        "language": "en",
        "authors": ("Paul Triolo", "Nicolas Palau"),
    },
    SEEDS / "003_9fe6c5c9c9ee8f17.txt": {
        "genre": "transcript",
        "language": "zh",
        "title": "美中AI竞赛的未来走向",
        "date": "2024-06-06",
        "url": "https://www.youtube.com/watch?v=ghluOfM-Xik",
        "outlet": "youtube.com",  # no outlet stated: the site of its address
        "speakers": ("Dwarkesh Patel",),
        "people": ("Leopold Aschenbrenner",),
        "tags": ("llm", "national-security"),
        "summary": "本讲稿探讨了AI技术快速发展带来的地缘政治风险，特别是美中AI竞赛的潜在后果。"
        "演讲者强调了技术领先优势的重要性，以及在智能爆炸时期保持缓冲期的必要性。"
        "文章回顾了历史上的军事冲突，并分析了AI可能如何压缩技术进步时间线，导致前所未有的军事和战略不稳定。"
        "演讲者提出，美国应争取技术领先地位，然后与中国达成一项旨在避免灾难性军备竞赛的稳定协议，"
        "并强调了历史竞争常态与当前和平时期的对比。",
    },
    SEEDS / "004_42a3e7e1f291c0a6.txt": {
        "genre": "news",
        "language": "en",
        "url": "https://www.toutiao.com/article/1834609760488841/",
        "outlet": "toutiao.com",
    },
    FIXTURES / "summary_energy_race.txt": {
        "genre": "summary",
        "language": "en",
        "title": "美国电网能否跟上AI的用电需求？",
        "outlet": "Di Yi Cai Jing",
        "date": "2025-03-18",
    },
    FIXTURES / "article_zh_compute.txt": {
        "genre": "article",
        "language": "zh",
        "title": "算力竞赛进入新阶段",
    },
    FIXTURES / "comments_open_models.txt": {
        "genre": "comments",
        "language": "en",
        "authors": ("Maria Chen", "James O'Neill", "李伟"),
    },
    FIXTURES / "transcript_interview.md": {
        "genre": "transcript",
        "language": "en",
        "title": "Compute, power and the AI race",
        "date": "2025-01-15",
        "url": "https://podcasts.example.org/episodes/compute-power-race",
        "outlet": "podcasts.example.org",
        "speakers": ("Alex Rivera", "Sam Okafor"),
        "people": ("Jensen Huang",),
        "tags": ("ai", "compute", "energy"),
        "summary": "A conversation about data-centre power and export controls.",
    },
    FIXTURES / "news_zh_policy.txt": {
        "genre": "news",
        "language": "zh",
        "url": "https://www.thepaper.cn/newsDetail_forward_29876543",
        "outlet": "thepaper.cn",
    },
    FIXTURES / "notes_plain.txt": {
        "genre": "text",
        "language": "en",
        "title": "Reading notes, week 12",
    },
}

# path -> strings that must not appear in any evidence region (chrome, trailers, metadata)
NOT_EVIDENCE: dict[Path, tuple[str, ...]] = {
    SEEDS / "000_98eda4eeaede7d8e.txt": ("Guan Cha Zhe Wang", "一场迟到的美国AI战略自救"),
    SEEDS / "002_508b4d799a7d30db.txt": (
        "Discussion about this post",
        "avatar",
        "more comments",
        "No posts",
        "Ready for more?",
    ),
    SEEDS / "003_9fe6c5c9c9ee8f17.txt": ("companies_orgs", "evergreen", "本讲稿探讨", "---"),
    SEEDS / "004_42a3e7e1f291c0a6.txt": ("Original source", "toutiao.com", "Disclaimer"),
    FIXTURES / "summary_energy_race.txt": ("Di Yi Cai Jing", "美国电网能否跟上AI的用电需求"),
    FIXTURES / "article_zh_compute.txt": ("分享到", "返回顶部"),
    FIXTURES / "comments_open_models.txt": (
        "avatar",
        "Dec 5",
        "Reply",
        "Share",
        "Like (3)",
        "more comments",
        "No posts",
        "Maria Chen\n",
    ),
    FIXTURES / "transcript_interview.md": ("speakers:", "podcasts.example.org", "**Alex Rivera:**"),
    FIXTURES / "news_zh_policy.txt": ("原文链接", "thepaper.cn", "免责声明"),
}


def _id(path: Path) -> str:
    return path.stem


@pytest.mark.parametrize("path", list(EXPECTED_META), ids=_id)
def test_meta(path: Path) -> None:
    meta = read_document(path).meta
    expected = dict.fromkeys(meta.keys()) | EXPECTED_META[path]
    assert meta.as_dict() == expected


@pytest.mark.parametrize("path", list(EXPECTED_META), ids=_id)
def test_kind_comes_from_content_not_file_name(path: Path, tmp_path: Path) -> None:
    neutral = tmp_path / f"document{path.suffix}"
    shutil.copyfile(path, neutral)
    assert read_document(neutral).meta == read_document(path).meta


@pytest.mark.parametrize("path", list(NOT_EVIDENCE), ids=_id)
def test_chrome_and_metadata_are_not_evidence(path: Path) -> None:
    document = read_document(path)
    evidence = "\n\n".join(document.text[r.start : r.end] for r in document.regions)
    for chrome in NOT_EVIDENCE[path]:
        assert chrome not in evidence, chrome


@pytest.mark.parametrize("path", sorted(SEEDS.iterdir()) + sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_regions_are_ordered_stripped_spans(path: Path) -> None:
    document = read_document(path)
    assert document.meta.genre in GENRES
    assert document.regions
    previous_end = 0
    for region in document.regions:
        assert previous_end <= region.start < region.end <= len(document.text)
        span = document.text[region.start : region.end]
        assert span == span.strip()
        assert region.kind in ("body", "heading", "comment")
        previous_end = region.end


def _regions(path: Path) -> list[tuple[str, str | None, str]]:
    document = read_document(path)
    return [(r.kind, r.speaker, document.text[r.start : r.end][:12]) for r in document.regions]


def test_seed_summary_regions() -> None:
    assert _regions(SEEDS / "000_98eda4eeaede7d8e.txt") == [("body", None, "Core Argumen")]


def test_seed_comment_regions() -> None:
    assert _regions(SEEDS / "002_508b4d799a7d30db.txt") == [
        ("comment", "Paul Triolo", "Good discussi"[:12]),
        ("comment", "Nicolas Palau", "The most val"),
    ]
    document = read_document(SEEDS / "002_508b4d799a7d30db.txt")
    last = document.regions[-1]
    assert document.text[last.start : last.end].endswith("otherwise very good essay.")


def test_seed_transcript_regions() -> None:
    regions = _regions(SEEDS / "003_9fe6c5c9c9ee8f17.txt")
    assert len(regions) == 30
    assert regions[:2] == [
        ("heading", None, "危险的领先劣势"),
        ("body", "Dwarkesh Patel", "我们正处于一个极其危险的"),
    ]
    assert {speaker for kind, speaker, _ in regions if kind == "body"} == {"Dwarkesh Patel"}
    assert [kind for kind, _, _ in regions] == ["heading", "body"] * 15


def test_seed_news_region_ends_before_trailer() -> None:
    document = read_document(SEEDS / "004_42a3e7e1f291c0a6.txt")
    assert len(document.regions) == 1
    region = document.regions[0]
    assert document.text[region.start : region.end].endswith("a high-probability event for the US.")


def test_fixture_comment_regions() -> None:
    assert _regions(FIXTURES / "comments_open_models.txt") == [
        ("comment", "Maria Chen", "MARKER-COMME"),
        ("comment", "James O'Neill", "Agree with M"),
        ("comment", "李伟", "国内开源模型的下载量已经"),
    ]


def test_fixture_transcript_labels_name_the_speaker() -> None:
    assert _regions(FIXTURES / "transcript_interview.md") == [
        ("heading", None, "Opening"),
        ("body", "Alex Rivera", "MARKER-TRANS"),
        ("body", "Sam Okafor", "Thanks. The "),
        ("heading", None, "Export contro"[:12]),
        ("body", "Sam Okafor", "The rules co"),
        ("body", "Sam Okafor", "- First, lic"),
    ]


# --- front matter -------------------------------------------------------------------------------


def test_broken_front_matter_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "talk.md"
    path.write_text("---\ntitle: ok\nspeaker: [Ann\ndate: 2024-01-01\n---\nBody.\n", encoding="utf-8")
    document = read_document(path)
    assert document.warnings[0].message == (
        "line 4: the front matter is not valid YAML (expected ',' or ']', but got "
        "':'); the document was read without it: fix it or remove the lines between the two "
        "'---' (lines 1-5)"
    )
    assert [document.text[r.start : r.end] for r in document.regions] == ["Body."]
    assert (document.meta.title, document.meta.date) == ("ok", "2024-01-01")


FRONT_MATTER_REFUSED = [
    (
        "python-tag",
        '---\ntitle: A\nx: !!python/object/apply:os.system ["echo x"]\n---\nB.\n',
        3,
        "unsafe-yaml",
    ),
    ("tag-alone", '---\n!!python/object/new:os.system ["echo x"]\n---\nB.\n', 2, "unsafe-yaml"),
    ("alias", "---\na: &x [1]\nb: *x\n---\nB.\n", 3, "unsafe-yaml"),
    ("nested", "---\ntags: " + "[" * 5000 + "]" * 5000 + "\n---\nB.\n", None, "front-matter"),
]


@pytest.mark.parametrize(
    ("text", "line", "code"), [c[1:] for c in FRONT_MATTER_REFUSED], ids=[c[0] for c in FRONT_MATTER_REFUSED]
)
def test_front_matter_is_read_safely(text: str, line: int | None, code: str) -> None:
    """Refused YAML is never built; the document is read without the block, with a warning."""
    meta, regions, warnings = read_structure(text)
    assert [(w.line, w.code) for w in warnings] == [(line, code)]
    assert [text[r.start : r.end] for r in regions] == ["B."]


def test_front_matter_with_cr_line_ends_and_mapping_values() -> None:
    text = "---\rtitle: CR only\rtags: [ai, {nested: map}, 3]\r---\rBody 50 GW.\r"
    meta, regions = analyse_structure(text)
    assert (meta.title, meta.tags) == ("CR only", ("ai", "3"))  # a mapping is not a tag
    assert [text[r.start : r.end] for r in regions] == ["Body 50 GW."]


def test_dashes_that_are_not_front_matter_are_text(tmp_path: Path) -> None:
    path = tmp_path / "rule.txt"
    path.write_text("---\nJust a horizontal rule, then prose.\n---\nMore text.\n", "utf-8")
    document = read_document(path)
    assert document.meta.genre == "text"
    assert [document.text[r.start : r.end] for r in document.regions] == [
        "Just a horizontal rule, then prose.",
        "More text.",
    ]


def test_front_matter_without_speaker_is_not_a_transcript(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: A post\ndate: 2024/6/6\n---\n# A post\n\nBody text.\n", "utf-8")
    document = read_document(path)
    assert (document.meta.genre, document.meta.title, document.meta.date) == (
        "text",
        "A post",
        "2024-06-06",
    )
    assert [r.kind for r in document.regions] == ["heading", "body"]


def test_page_meta_wins_and_unrecognised_page_is_page() -> None:
    meta, regions = analyse_structure("网页正文。" * 30, Meta(title="T", outlet="O"), "page")
    assert (meta.genre, meta.title, meta.outlet, meta.language) == ("page", "T", "O", "zh")
    assert regions == (Region(0, 150),)


# --- data files ---------------------------------------------------------------------------------


def test_boilerplate_file_loads() -> None:
    rules = load_boilerplate(BOILERPLATE_PATH)
    assert rules.match("chrome", "  17 more comments...  ")
    assert rules.match("comment_author", "Paul Triolo's avatar")["name"] == "Paul Triolo"
    assert not rules.match("chrome", "No wonder the US Treasury Secretary hurried back home.")


BAD_BOILERPLATE = [
    (
        "unknown-key",
        "chrome:\n  en: ['No posts']\nfooter:\n  en: ['x']\n",
        'line 3: unknown key "footer"; expected one of: chrome, disclaimer, source_line, '
        "dateline, comment_author",
    ),
    (
        "unknown-language",
        "chrome:\n  fr: ['Aucun article']\n",
        'line 2: "chrome": unknown language "fr"; expected one of: en, zh',
    ),
    (
        "bad-regex",
        "chrome:\n  en:\n    - 'ok'\n    - '(unclosed'\n",
        "line 4: \"chrome\": pattern '(unclosed' is not a valid regular expression "
        "(missing ), unterminated subpattern at position 0)",
    ),
    (
        "missing-group",
        "source_line:\n  en: ['Source: (https?://\\S+)']\n",
        "line 2: \"source_line\": pattern 'Source: (https?://\\\\S+)' must capture url as (?P<name>...)",
    ),
    (
        "duplicate",
        "chrome:\n  en:\n    - 'No posts'\n    - 'No posts'\n",
        "line 4: \"chrome.en\": pattern 'No posts' is listed twice; remove one",
    ),
    ("not-a-list", "chrome:\n  en: 'No posts'\n", 'line 2: "chrome.en" must be a list of patterns'),
    ("broken-yaml", "chrome:\n  en: ['No posts'\n", "line 3: not valid YAML: expected ',' or ']'"),
]


@pytest.mark.parametrize(
    ("content", "message"), [b[1:] for b in BAD_BOILERPLATE], ids=[b[0] for b in BAD_BOILERPLATE]
)
def test_boilerplate_validation(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "boilerplate.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_boilerplate(path)
    assert str(caught.value).startswith(f"{path.as_posix()}, {message}")


BAD_SENTENCE_RULES = [
    (
        "unknown-key",
        "terminators: ['。']\nstops: ['.']\n",
        'line 2: unknown key "stops"; expected one of: terminators, terminators_next_to_han, '
        "spaced_terminators, closers, clause_breaks, abbreviations, bullets, inline_separators",
    ),
    (
        "multi-char",
        "closers:\n  - '”'\n  - '))'\n",
        "line 3: \"closers\": '))' must be a single character; list characters one by one",
    ),
    ("not-a-list", "abbreviations: Dr.\n", 'line 1: "abbreviations" must be a list'),
    (
        "bad-bullet",
        "bullets: ['[-*']\n",
        "line 1: \"bullets\": pattern '[-*' is not a valid regular expression",
    ),
]


@pytest.mark.parametrize(
    ("content", "message"),
    [b[1:] for b in BAD_SENTENCE_RULES],
    ids=[b[0] for b in BAD_SENTENCE_RULES],
)
def test_sentence_rules_validation(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "sentences_rules.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_sentence_rules([path])
    assert str(caught.value).startswith(f"{path.as_posix()}, {message}")


def test_package_data_files_are_named_from_the_package() -> None:
    assert display_path(BOILERPLATE_PATH) == Path("data/boilerplate.yaml")
