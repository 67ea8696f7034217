"""Spun-Chinese detection and repair (evidencekit.text.spin): cases, offsets, measured quality."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit import load_corpus, spin_report
from evidencekit.errors import DataFileError
from evidencekit.evidence.tables import analyse_document, evidence_table, metrics_table
from evidencekit.lang.loader import validate_language_file
from evidencekit.text.spin import simulate_spinning
from evidencekit.text.spin_model import _pair, spin_table

HERE = Path(__file__).parent
SEEDS = HERE.parent / "seeds"
CASES = yaml.safe_load((HERE / "cases/spin/cases.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_spin_case(case: dict) -> None:
    report = spin_report(case["text"])
    assert report.spun is case["spun"], f"score {report.score}"
    assert report.repaired == case.get("repaired", case["text"])
    assert sorted(c.spun for c in report.changes if c.flips) == sorted(case.get("flipped", []))
    if not report.spun:
        assert report.changes == ()


@pytest.mark.parametrize("case", [c for c in CASES if c["spun"]], ids=lambda c: c["id"])
def test_changes_point_into_both_texts(case: dict) -> None:
    report = spin_report(case["text"])
    for change in report.changes:
        assert case["text"][change.start : change.end] == change.spun
        assert report.repaired[change.repaired_start : change.repaired_end] == change.original
        assert report.to_input(change.repaired_start) == change.start
        assert report.input_span(change.repaired_start, change.repaired_end) == (change.start, change.end)
        assert report.repaired_span(change.start, change.end) == (change.repaired_start, change.repaired_end)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_offsets_round_trip_outside_changes(data: st.DataObject) -> None:
    text = "现正在的问题正在于模子锻炼需要的电力，这家公司可以或许正在芯片手艺上连结领先。"
    report = spin_report(text)
    assert report.spun
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    new_start, new_end = report.repaired_span(start, end)
    raw_start, raw_end = report.input_span(new_start, new_end)
    assert raw_start <= start  # widened to whole swapped words, never narrowed
    assert end <= raw_end
    if not report.changes_in(raw_start, raw_end) and all(
        c.end <= raw_start or raw_end <= c.start for c in report.changes
    ):
        assert report.repaired[new_start:new_end] == text[start:end]


def _quality(text: str, rate: float) -> tuple[bool, int, int, int]:
    """Spin ``text`` with the pair table; (detected, swaps made, repairs made, repairs right)."""
    spun, swaps = simulate_spinning(text, rate=rate, seed=1)
    report = spin_report(spun)
    made = {(s.start, s.spun, s.original) for s in swaps}
    undone = {(c.start, c.spun, c.original) for c in report.changes}
    return report.spun, len(made), len(undone), len(made & undone)


def _ordinary_texts() -> list[str]:
    texts = [c["text"] for c in CASES if not c["spun"] and len(c["text"]) > 40 and "的" in c["text"]]
    transcript = (SEEDS / "003_9fe6c5c9c9ee8f17.txt").read_text(encoding="utf-8")
    return [*texts, transcript]


@pytest.mark.parametrize("rate", [1.0, 0.6])
def test_repairs_text_spun_by_the_pair_table(rate: float) -> None:
    """Ordinary Chinese spun with our own table: detected, and most swaps undone correctly.

    Precision is the share of repairs that undo a real swap, recall the share of swaps
    undone, pooled over the texts (bench/spin_quality.py prints them per text).
    """
    made = undone = right = 0
    for text in _ordinary_texts():
        assert not spin_report(text).spun, text[:30]
        detected, *counts = _quality(text, rate)
        assert detected, text[:30]
        made, undone, right = made + counts[0], undone + counts[1], right + counts[2]
    assert right / undone >= 0.95, right / undone
    assert right / made >= 0.85, right / made


def test_seed_scores() -> None:
    scores = {p.name[:3]: spin_report(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.iterdir())}
    assert scores["001"].spun
    assert scores["001"].score > 0.8
    assert not scores["003"].spun  # the other Chinese seed
    assert scores["003"].score < 0.1  # far under the threshold (0.3): 0.06 with the grown table
    assert all(scores[k].score == 0 for k in ("000", "002", "004"))  # English: nothing to score


def test_evidence_of_spun_seed_keeps_raw_quotes_and_offsets() -> None:
    corpus = load_corpus(SEEDS)
    document = corpus["001_8ad4a4114da0a702"]
    rows = evidence_table(document)
    for row in rows.itertuples():
        assert document.text[row.char_start : row.char_end] == row.quote
    repaired = rows[rows.repaired_quote.notna()]
    assert len(repaired) > len(rows) // 2
    assert (rows.meaning_flipped != "").any()
    for metric in metrics_table(document).itertuples():
        assert document.text[metric.char_start : metric.char_end] == metric.surface
    for sentence in analyse_document(document):
        for hit in sentence.hits:
            assert sentence.sentence.char_start <= hit.char_start < hit.char_end <= sentence.sentence.char_end


def test_ordinary_seed_is_not_repaired() -> None:
    document = load_corpus(SEEDS)["003_9fe6c5c9c9ee8f17"]
    assert evidence_table(document).repaired_quote.isna().all()


def test_every_pair_has_evidence() -> None:
    table = spin_table()
    assert len(table.pairs) >= 50
    assert all(p.note and p.spun != p.original for p in table.pairs)
    assert {"劣势", "正在", "可以或许", "平易近"} <= set(table.by_spun)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"spun": "手艺"}, 'each pair needs "spun" and "original"'),
        ({"spun": "手艺", "original": "技术"}, 'pair "手艺" -> "技术" has no "note"'),
        ({"spun": "手艺", "original": "技术", "note": "x", "weight": 3}, 'pair "手艺" has weight 3'),
        ({"spun": "手艺", "original": "技术", "note": "x", "flip": True}, "unknown keys ['flip']"),
    ],
)
def test_bad_pairs_are_refused(entry: dict, message: str, tmp_path: Path) -> None:
    path = tmp_path / "spin.yaml"
    path.write_text("threshold: 0.3\nprior: 8\npairs: []\n", encoding="utf-8")
    validate_language_file(path, "spin")
    with pytest.raises(DataFileError, match=message.replace("[", r"\[").replace("]", r"\]")) as error:
        _pair(path, entry)
    assert str(path) in str(error.value)


def test_a_mixed_page_reports_where_it_is_spun() -> None:
    clean = "工程师们正在调试新的芯片生产线，他们在技术上与供应商密切配合，新的生产线在下个月投产。"
    spun = "这家公司可以或许正在芯片手艺上连结领先，美国的轨制劣势正在于其开放的移平易近政策。"
    text = "\n".join([clean, spun, clean])
    report = spin_report(text)
    assert [s.spun for s in report.sections] == [False, True, False]
    assert [(s.start, s.end) for s in report.sections if s.spun] == [
        (len(clean) + 1, len(clean) + 1 + len(spun))
    ]
    assert 0.3 < report.spun_share < 0.5
    assert all(len(clean) < c.start < len(clean) + 1 + len(spun) for c in report.changes)


def test_traditional_repairs_keep_offsets_into_the_raw_text() -> None:
    text = "這家公司可以或許正在芯片手藝上連結領先。"
    report = spin_report(text)
    for change in report.changes:
        assert text[change.start : change.end] == change.spun
        assert report.repaired[change.repaired_start : change.repaired_end] == change.original
    assert {c.original for c in report.changes} >= {"能夠", "技術"}


def test_a_repair_in_traditional_text_is_written_in_traditional_even_when_the_spun_form_is_in_both() -> None:
    # 成果 is written alike in both scripts; its original 结果 is not: 結果 in a Traditional text
    report = spin_report("這家公司可以或許正在芯片手藝上連結領先，並將成果前往給用戶。")
    assert "成果" in {c.spun for c in report.changes}
    assert "結果" in report.repaired
    assert "结果" not in report.repaired


def test_documents_table_has_the_spun_share() -> None:
    documents = load_corpus(SEEDS)
    from evidencekit.evidence.tables import document_table

    shares = document_table(documents).set_index("doc_id")["spun_share"]
    assert shares["001_8ad4a4114da0a702"] == 1.0
    assert shares["003_9fe6c5c9c9ee8f17"] == 0.0


SPUN_BY_ANOTHER_TABLE = "我们的体系须要经由过程收集晤对更多的用户，这个体系很是主要，咱们也正在处置这些变乱。"


def test_a_corpus_pair_table_beside_the_documents_is_used(tmp_path: Path) -> None:
    from evidencekit.evidence.tables import document_table

    (tmp_path / "a.txt").write_text(SPUN_BY_ANOTHER_TABLE + "\n", encoding="utf-8")
    before = spin_report(SPUN_BY_ANOTHER_TABLE)
    assert "变乱" not in {c.spun for c in before.changes}
    (tmp_path / "spin_pairs.yaml").write_text(
        'pairs:\n  - {spun: 变乱, original: 事件, weight: 1, note: "seen on a tutorial farm"}\n',
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    assert [d.id for d in corpus] == ["a"]  # the pair table is no document
    row = document_table(corpus).iloc[0]
    assert row["spun"]
    from evidencekit.evidence.tables import document_spin

    assert ("变乱", "事件") in {(c.spun, c.original) for c in document_spin(corpus["a"]).changes}


def test_a_bad_corpus_pair_table_names_the_file(tmp_path: Path) -> None:
    from evidencekit.text.spin_pairs import read_user_pairs

    path = tmp_path / "spin_pairs.yaml"
    path.write_text("pairs:\n  - {spun: 界说, original: 定义}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="spin_pairs.yaml.*note"):
        read_user_pairs(path)


def test_the_corpus_hash_changes_with_its_pair_table(tmp_path: Path) -> None:
    from evidencekit.report.build.manifest import corpus_hash

    (tmp_path / "a.txt").write_text(SPUN_BY_ANOTHER_TABLE, encoding="utf-8")
    before = corpus_hash(tmp_path)
    (tmp_path / "spin_pairs.yaml").write_text("pairs: []\n", encoding="utf-8")
    assert corpus_hash(tmp_path) != before


def test_spin_pairs_command_proposes_and_writes_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from evidencekit.cli import main

    out = tmp_path / "candidates.yaml"
    assert main(["spin-pairs", str(SEEDS), "--top", "5", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert " -> " in printed
    assert "documents, gain" in printed
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert all({"spun", "original", "weight", "note"} <= set(pair) for pair in written["pairs"])


# --- pairs read off a spun copy beside its original ---------------------------------------------


@pytest.mark.parametrize("order", ["copy first", "original first"])
def test_a_spun_copy_beside_its_original_gives_its_swaps(order: str) -> None:
    from evidencekit.text.spin import simulate_spinning
    from evidencekit.text.spin_align import aligned_swaps

    original = (SEEDS / "003_9fe6c5c9c9ee8f17.txt").read_text(encoding="utf-8")
    copy, made = simulate_spinning(original, rate=0.5)
    found = aligned_swaps(copy, original) if order == "copy first" else aligned_swaps(original, copy)
    assert all(s.in_first is (order == "copy first") for s in found)
    assert all(copy[s.spun_start :].startswith(s.spun) for s in found)  # offsets into the copy
    made_pairs = {(s.spun, s.original) for s in made}
    exact = [s for s in found if (s.spun, s.original) in made_pairs]
    assert len(exact) >= 0.55 * len(made)  # adjacent swaps come out as one (很是沉视 -> 非常重视)
    # every pair read off is a swap the spinner made, alone or with a neighbour or a word's rest
    assert all(any(m.spun in s.spun for m in made) for s in found)


def test_unrelated_texts_are_no_copies() -> None:
    from evidencekit.text.spin_align import aligned_swaps, copies

    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    assert copies(texts) == []
    assert aligned_swaps(texts["001_8ad4a4114da0a702"], texts["003_9fe6c5c9c9ee8f17"]) == []


def test_mining_puts_the_swaps_of_an_aligned_copy_first(tmp_path: Path) -> None:
    from evidencekit.ingest.corpus import load_corpus
    from evidencekit.text.spin import simulate_spinning
    from evidencekit.text.spin_pairs import mine_pairs

    original = (SEEDS / "003_9fe6c5c9c9ee8f17.txt").read_text(encoding="utf-8")
    (tmp_path / "article.txt").write_text(original, encoding="utf-8")
    (tmp_path / "farm-copy.txt").write_text(simulate_spinning(original, rate=0.5)[0], encoding="utf-8")
    found = mine_pairs(list(load_corpus(tmp_path)), top=10)
    assert list(found["evidence"][:5]) == ["aligned"] * 5
    first = found.iloc[0]
    assert not first["known"]
    assert first["gain"] > 0
    assert first["spun"] in first["contexts"]


@pytest.mark.parametrize(
    ("copy", "original", "swaps"),
    [
        (
            "咱们经由过程实验证明了这一点。",
            "我们通过实验证明了这一点。",
            [("咱们", "我们"), ("经由过程", "通过")],
        ),
        (  # a line spun so much it shares little with its original, between two that match
            "第一行的内容完全相同。\n这个办法可以或许处理题目。\n第三行的内容也完全相同。",
            "第一行的内容完全相同。\n这个办法能够解决问题。\n第三行的内容也完全相同。",
            [("可以或许", "能够"), ("处理题目", "解决问题")],  # 解决问题 is one of jieba's words
        ),
        (
            "他说咱乙丙丁今天来了",
            "他说我们他们的今天来了",
            [],
        ),  # fewer characters than words: no swap, no error
        ("完全不同的两段文字在这里", "另外一篇毫无关系的文章内容", []),  # no copy
        (  # characters added after a word (处理 -> 处理惩罚) make one swap with it
            "服务器在处理惩罚大量数据时需要更多内存。",
            "服务器在处理大量数据时需要更多内存。",
            [("处理惩罚", "处理")],
        ),
    ],
)
def test_swaps_read_off_a_copy(copy: str, original: str, swaps: list[tuple[str, str]]) -> None:
    from evidencekit.text.spin_align import aligned_swaps

    assert [(s.spun, s.original) for s in aligned_swaps(copy, original)] == swaps


def test_an_original_whose_spun_form_is_absent_counts_less() -> None:
    """信号 is the original of 旌旗灯号: it shows a text clean only where that spinner is at work."""
    from evidencekit.text.spin_model import ABSENT, originals_at, plausible_candidates

    table = spin_table()
    weight = table.by_spun["旌旗灯号"].weight
    for text, expected in (
        ("这家公司可以或许处理信号。", weight * ABSENT),
        ("这家公司可以或许处理旌旗灯号和信号。", weight),
    ):
        found = originals_at(text, table, plausible_candidates(text, table))
        assert [w for _, w, form in found if form == "信号"] == [expected]


def test_an_unseen_word_after_a_frequent_one_is_not_unlikely() -> None:
    """Witten-Bell: after 一些 the reference has not seen 我们 or 咱们; the frequent 我们 is likelier."""
    from evidencekit.text.collocations import log_likelihood

    assert log_likelihood(["一些", "我们", "自定义"]) > log_likelihood(["一些", "咱们", "自定义"])


@pytest.mark.parametrize(
    ("text", "spun", "original", "completes"),
    [
        ("我们现正在开始", "正在", "在", True),  # 现在, broken by the spinner
        ("参取了会议", "取", "与", True),  # 参与
        ("任何正在运行的程序", "正在", "在", False),  # 何 belongs to 任何, not to 何在
        ("我们发现正在下降", "正在", "在", False),  # 发现
        ("一台复印机", "复印", "打印", False),  # 复印机 is a word too, next to 打印机
        ("获取数据", "取", "与", False),
    ],
)
def test_a_repair_completes_a_word_only_one_the_spun_form_breaks(
    text: str, spun: str, original: str, completes: bool
) -> None:
    from evidencekit.text.spin_model import SpinPair, completes_word

    assert completes_word(text, text.index(spun), SpinPair(spun, original)) is completes


def test_a_rare_form_the_reference_writes_as_words_needs_a_form_it_never_writes() -> None:
    """经常使用 is 经常 使用 to the reference: alone it says nothing; beside 可以或许 it says "spun"."""
    from evidencekit.text.spin_model import plausible_candidates
    from evidencekit.text.spin_sections import _rare_forms, _settings

    table = spin_table()
    below = _settings()[3]  # rare_below
    alone = "这是经常使用的命令。"
    assert _rare_forms(plausible_candidates(alone, table), below) == set()
    beside = "这是经常使用的命令，可以或许查看内存。"
    assert _rare_forms(plausible_candidates(beside, table), below) >= {"经常使用", "可以或许"}


def test_each_repair_says_what_it_stands_on() -> None:
    """How much likelier the repaired words read, jieba's count of the spun form, where the pair
    was seen: the built-in note, or the analyst's own table's."""
    report = spin_report("这家公司可以或许正在芯片手艺上连结领先。")
    first = report.changes[0]
    assert (first.spun, first.original, first.form_count) == ("可以或许", "能够", 0)
    assert first.likelier > 0.5
    assert first.note.startswith("001")
    assert all(c.form_count > 0 for c in report.changes[1:])  # 正在, 手艺, 连结 are words too
    from evidencekit.text.spin_model import SpinPair, build_table

    own = build_table([*spin_table().pairs, SpinPair("良多", "很多", note="mine")], base=spin_table())
    mine = spin_report("这家公司可以或许经由过程良多办法连结领先。", own)
    assert [c.note for c in mine.changes if c.spun == "良多"] == ["mine"]
