"""Figures in the cells of a table: a bare number takes its unit from its row or its column.

Statistical releases print their figures in tables whose cells hold bare numbers ("291965",
"13.9") with the unit in a column of its own (``| 单位 |`` … ``| 万千瓦 |``) or in the
column's header ("同比增长（%）", "Capacity (GW)"). Read as prose, such a row has no unit and
gives nothing, while the unit cell alone reads as a figure ("万千瓦" = 10,000 kW). Here each
numeric cell is read as *header words + number + unit* by the same extractor, so its kind,
scale, change and direction come from the language data as for prose ("同比增长" before a
percent makes it a year-on-year rise), and the figure is given the cell's exact span in the
raw text. The row's label (its first cell without figures) is the figure's subject; a header
that is a year ("2023") is its year.

A table is two or more consecutive lines that each hold at least two cells: pipe tables (as
Markdown and the HTML reader write them, ``| a | b |``) or tab-separated lines (Word and
spreadsheet exports). A cell is a unit when "1" before it reads as one figure of a kind other
than a count, so no word list is needed and no language is named here. A numeric cell with no
unit from its row or column is left alone (an id, a rank, a code).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from evidencekit import budget
from evidencekit.extract.metrics import extract_metrics
from evidencekit.lang.files import forget_with_data
from evidencekit.records import Metric


@forget_with_data
@lru_cache(maxsize=4096)
def _read(text: str) -> tuple[Metric, ...]:
    """The metrics of a short text (a cell, a header, a cell's reading), kept: tables repeat them."""
    return tuple(extract_metrics(text))


_CELL_NUMBER = re.compile(r"\s*(?P<n>[-+−]?\d[\d,]*(?:\.\d+)?)\s*[*▲△▼#†‡%]*\s*")
_PARENTHESISED = re.compile(r"[（(]\s*(?P<unit>[^()（）]{1,16}?)\s*[)）]\s*$")
_RULE = re.compile(r"^[\s|:+-]*$")  # a Markdown separator row: |---|:--|
_LONGEST_UNIT = 12  # characters: a cell longer than this is never read as a unit


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TableFigure:
    """A numeric cell with the text it is read as (``reading``); ``at`` is where the number
    starts inside ``reading``."""

    start: int
    end: int
    reading: str
    at: int
    label: str | None
    year: int | None  # the year heading the cell's column


def _cells(text: str, start: int, end: int) -> list[Cell] | None:
    """The cells of the line ``text[start:end]`` (empty ones kept, so columns line up), or
    None when it is no table row."""
    line = text[start:end]
    if line.count("|") >= 3 and line.lstrip().startswith("|"):
        separator = "|"
    elif line.count("\t") >= 2:
        separator = "\t"
    else:
        return None
    parts = line.split(separator)
    position = start
    cells = []
    for index, part in enumerate(parts):
        outer = index in (0, len(parts) - 1) and not part.strip()
        if separator == "|" and outer:  # before the first pipe, after the last
            position += len(part) + 1
            continue
        stripped = part.strip()
        offset = position + (part.index(stripped) if stripped else 0)
        cells.append(Cell(offset, offset + len(stripped), stripped))
        position += len(part) + 1
    return cells if sum(1 for c in cells if c.text) >= 2 else None


def _rows(text: str) -> list[list[list[Cell]]]:
    """Tables of ``text``: runs of two or more consecutive table rows (separator rows skipped)."""
    tables: list[list[list[Cell]]] = []
    current: list[list[Cell]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        cells = _cells(text, position, position + len(body)) if ("|" in body or "\t" in body) else None
        if cells is not None and not _RULE.match(body):
            current.append(cells)
        elif not (body and _RULE.match(body) and current):
            if len(current) >= 2:
                tables.append(current)
            current = []
        position += len(line)
    if len(current) >= 2:
        tables.append(current)
    return tables


def _unit_of(text: str) -> str | None:
    """``text`` as a unit ("万千瓦", "%", "GW", "US$ bn"), or None when it is not one."""
    text = text.strip()
    if not text or len(text) > _LONGEST_UNIT or any(ch.isdigit() for ch in text):
        return None
    for glue in ("", " "):
        reading = f"1{glue}{text}"
        found = _read(reading)
        whole = len(found) == 1 and found[0].char_start == 0 and found[0].char_end >= len(reading) - 1
        if whole and found[0].kind not in ("count", "date"):
            return glue + text
    return None


def _is_number(cell: Cell) -> re.Match[str] | None:
    return _CELL_NUMBER.fullmatch(cell.text)


def _header_unit(header: str) -> tuple[str, str | None]:
    """A header's words and the unit it names in brackets: "同比增长 （%）" -> ("同比增长", "%")."""
    found = _PARENTHESISED.search(header)
    if found is None:
        return header, None
    unit = _unit_of(found["unit"])
    return (header[: found.start()].strip(), unit) if unit else (header, None)


def _year_of(header: str) -> int | None:
    """The year a header cell names when it is only a year ("2023", "2023年"), else None."""
    found = _read(header)
    whole = len(found) == 1 and found[0].char_end - found[0].char_start >= len(header) - 1
    return found[0].year if whole and found[0].kind == "date" else None


def table_figures(text: str) -> list[TableFigure]:
    """Every numeric cell of the tables in ``text`` that has a unit from its row or column.

    >>> table = "| 指标 | 单位 | 全年 | 同比增长（%） |\\n| 发电装机容量 | 万千瓦 | 291965 | 13.9 |\\n"
    >>> [(f.reading, f.label) for f in table_figures(table)]
    [('全年 291965万千瓦', '发电装机容量'), ('同比增长 13.9%', '发电装机容量')]
    """
    return [figure for table in _rows(text) for figure in _read_table(table)[0]]


def _read_table(table: list[list[Cell]]) -> tuple[list[TableFigure], list[tuple[int, int]]]:
    """The figures of one table, and the spans of its cells that only label them (unit cells,
    and the years heading its columns when figures sit under them: each carries its year)."""
    header, body = table[0], table[1:]
    years = [_year_of(cell.text) if cell.text else None for cell in header]
    if all(not c.text or _is_number(c) for c in header) and not any(years):
        header, body, years = [], table, []  # no header row: every row is a body row
    columns = [_header_unit(cell.text) for cell in header]
    figures: list[TableFigure] = []
    for row in body:
        budget.check()
        figures.extend(_row_figures(row, header, columns, years))
    labels = [(c.start, c.end) for row in table for c in row if c.text and _unit_of(c.text)]
    if any(f.year is not None for f in figures):  # a header row of years labels its columns
        labels.extend((c.start, c.end) for c, year in zip(header, years, strict=True) if year is not None)
    return figures, labels


def _row_figures(
    row: list[Cell],
    header: list[Cell],
    columns: list[tuple[str, str | None]],
    years: list[int | None],
) -> list[TableFigure]:
    named = [c for c in row if c.text and not _is_number(c)]
    row_unit = next((u for c in named if (u := _unit_of(c.text))), None)
    label = next((c.text for c in named if not _unit_of(c.text)), None)
    if label is not None and row_unit is None:
        label, row_unit = _header_unit(label)  # "Data-centre demand (TWh)"
    aligned = len(header) == len(row)
    out = []
    for index, cell in enumerate(row):
        number = _is_number(cell) if cell.text else None
        if number is None:
            continue
        words, unit = columns[index] if aligned else ("", None)
        unit = unit or row_unit
        if unit is None:
            continue
        year = years[index] if aligned else None
        prefix = f"{words} " if words and year is None else ""
        reading = f"{prefix}{number['n']}{unit}"
        start = cell.start + number.start("n")
        out.append(TableFigure(start, cell.start + number.end("n"), reading, len(prefix), label, year))
    return out


def _figure_metric(figure: TableFigure, raw: str) -> Metric | None:
    """The metric of a numeric cell, with the cell number's span in the raw text."""
    for metric in _read(figure.reading):
        if metric.char_start <= figure.at < metric.char_end:
            falls = metric.direction == "up" and metric.value_high < 0  # 同比增长 -0.28
            return replace(
                metric,
                char_start=figure.start,
                char_end=figure.end,
                surface=raw[figure.start : figure.end],
                subject=figure.label or metric.subject,
                year=figure.year if figure.year is not None else metric.year,
                direction="down" if falls else metric.direction,
            )
    return None


@dataclass(frozen=True)
class TableReading:
    """The table figures of a document and the spans of its label cells (raw-text offsets),
    each sorted by start so a sentence finds its own with a binary search."""

    figures: tuple[Metric, ...]
    label_spans: tuple[tuple[int, int], ...]
    starts: tuple[int, ...] = ()  # where each figure starts (the search keys of ``figures``)

    def complete(self, metrics: list[Metric], start: int, end: int, lang: str) -> list[Metric]:
        """``metrics`` of the text ``[start, end)`` without figures made of a label cell alone,
        with the table figures of that span that no metric already covers, in text order."""
        labels = self.label_spans[bisect.bisect_left(self.label_spans, (start, start)) :]
        labels = labels[: bisect.bisect_left(labels, (end, end))]
        kept = [m for m in metrics if not any(s <= m.char_start and m.char_end <= e for s, e in labels)]
        inside = self.figures[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]
        taken = [(m.char_start, m.char_end) for m in kept]
        added = [
            replace(f, lang=lang)
            for f in inside
            if f.char_end <= end and not any(s < f.char_end and f.char_start < e for s, e in taken)
        ]
        return sorted(kept + added, key=lambda m: (m.char_start, m.char_end)) if added else kept


def read_tables(raw: str) -> TableReading:
    """The :class:`TableReading` of a raw text, in one pass over its tables (empty when it
    holds none)."""
    figures: list[Metric] = []
    labels: list[tuple[int, int]] = []
    if "|" in raw or "\t" in raw:
        for table in _rows(raw):
            found, spans = _read_table(table)
            figures.extend(m for f in found if (m := _figure_metric(f, raw)) is not None)
            labels.extend(spans)
    figures.sort(key=lambda m: m.char_start)
    return TableReading(tuple(figures), tuple(sorted(labels)), tuple(m.char_start for m in figures))
