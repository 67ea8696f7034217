"""Tables shown like a spreadsheet, and written beside the page as CSV and XLSX.

:class:`ReportTable` renders a frame without its index, with empty cells where a value is
missing (never None, NaN or <NA>), numbers without scientific notation, each claim's row
anchored (``id="row-KEY"``) and its claim linking to its highlight in the source view
(``#KEY``), a repaired quote with the source's own text folded under it. With ``export_to``
(set by ``evidencekit build``), the table is written to ``<export_to>.<name>.csv`` and
``.xlsx`` and the page links both. All text is escaped: a document's words stay text.
"""

from __future__ import annotations

import html
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

import pandas as pd

STYLE = """<style>
table.ek-table { border-collapse: collapse; font-size: 90%; margin: .25rem 0 1rem; }
table.ek-table th { background: #f3f3f3; text-align: left; position: sticky; top: 0; }
table.ek-table th, table.ek-table td { border-bottom: 1px solid #e3e3e3; padding: .25rem .5rem;
  vertical-align: top; text-align: left; }
table.ek-table td.num { text-align: right; white-space: nowrap; }
table.ek-table td.quote { min-width: 24rem; max-width: 48rem; }
table.ek-table td.source { min-width: 10rem; }
table.ek-table details summary { color: #666; font-size: 90%; cursor: pointer; }
p.ek-export { font-size: 90%; margin: .25rem 0; }
tr.ek-row { scroll-margin-top: 4rem; }
tr.ek-row:target { outline: 3px solid #d62728; background: #ffe08a; }
</style>"""
LEFT = " style='text-align:left'"  # inline: JupyterLab right-aligns cells and drops <style> in widgets
NUMERIC = ("year", "page", "char_start", "char_end", "sentences", "claims", "chars", "swaps", "count")


def cell_text(value: object) -> str:
    """A value as a cell shows it: empty when missing, whole numbers without a decimal point,
    other numbers in plain notation (never ``6e+07``).

    >>> [cell_text(v) for v in (None, pd.NA, float("nan"), 6e7, 0.1234567, 2028, "x")]
    ['', '', '', '60000000', '0.123457', '2028', 'x']
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e18:
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".") if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


class ReportTable:
    """A table for a report page (see the module documentation).

    ``name`` names its files (``claims`` -> ``<export_to>.claims.csv``); ``link`` the column
    whose cell links to the source view (claims tables: ``claim``, keyed by ``claim_key``;
    evidence tables: ``quote``, keyed by ``sentence_key``).
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        name: str,
        *,
        link: str = "",
        export_to: str = "",
        hide: Iterable[str] = (),
        page: str = "",
        limit: int = 2000,
    ) -> None:
        self.frame = frame.reset_index(drop=True)
        self.name = name
        self.key = next((k for k in ("claim_key", "sentence_key") if k in self.frame.columns), "")
        self.link = link if link in self.frame.columns and self.key else ""
        self.hide = tuple(hide)
        self.limit = limit
        self.page = page  # "02-document-report-{doc_id}.html": claims link to their document's page
        self.files = write_table(self.frame, f"{export_to}.{name}") if export_to else ()

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        if not len(self.frame):
            return f"{self.name}: no rows"
        columns = [c for c in self.frame.columns if c not in self.hide and not _all_empty(self.frame[c])]
        shown = self.frame[columns].astype(object).map(cell_text)
        return shown.to_string(index=False)

    def _columns(self) -> list[str]:
        hidden = {*self.hide, *((self.key,) if self.link else ())}
        if "quote" in self.frame.columns:
            hidden.add("source_quote")  # folded under the quote it repairs
        return [c for c in self.frame.columns if c not in hidden and not _all_empty(self.frame[c])]

    def _repr_html_(self) -> str:
        links = " · ".join(
            f"<a href='{html.escape(Path(f).name)}' download>{Path(f).suffix[1:].upper()}</a>"
            for f in self.files
        )
        head = f"<p class='ek-export'>{len(self.frame)} rows · download {links}</p>" if links else ""
        if not len(self.frame):
            return f"{head}<p class='ek-empty'>none</p>"
        columns = self._columns()
        header = "".join(f"<th{LEFT}>{html.escape(c)}</th>" for c in columns)
        shown = self.frame.head(self.limit)
        body = "".join(self._row(row, columns) for row in shown.to_dict("records"))
        if len(shown) < len(self.frame):
            where = "the CSV and XLSX files" if self.files else "the table itself (evidencekit export)"
            cut = f"the first {len(shown)} of {len(self.frame)} rows; all are in {where}"
            head += f"<p class='ek-export'>{cut}</p>"
        table = f"<table class='ek-table'><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"
        return STYLE + head + table

    def _row(self, row: dict[str, object], columns: list[str]) -> str:
        key = cell_text(row.get(self.key)) if self.link else ""
        anchor = f" id='row-{html.escape(key)}' class='ek-row'" if key else ""
        cells = "".join(self._cell(row, column, key) for column in columns)
        return f"<tr{anchor}>{cells}</tr>"

    def _cell(self, row: dict[str, object], column: str, key: str) -> str:
        text = html.escape(cell_text(row.get(column)))
        if column == self.link and key and column != "quote":
            page = self.page.format(doc_id=cell_text(row.get("doc_id"))) if self.page else ""
            href = html.escape(quote(page) + "#" + key)
            return f"<td{LEFT}><a href='{href}' title='show in the source'>{text}</a></td>"
        if column == "quote" and column == self.link and key:
            page = self.page.format(doc_id=cell_text(row.get("doc_id"))) if self.page else ""
            href = html.escape(quote(page) + "#" + key)
            text = f"<a href='{href}' class='ek-to-source' title='show in the source'>▸</a> {text}"
        if column == "quote" and cell_text(row.get("source_quote")):
            source = html.escape(cell_text(row.get("source_quote")))
            folded = f"<details><summary>as the source writes it</summary>{source}</details>"
            return f"<td class='quote'{LEFT}>{text}{folded}</td>"
        url = cell_text(row.get("url"))
        if column == "source" and url.lower().startswith(("http://", "https://")):
            link = f"<a href='{html.escape(url)}' rel='noopener noreferrer' title='the original'>↗</a>"
            return f"<td class='source'{LEFT}>{text} {link}</td>"
        if column == "url" and text.lower().startswith(("http://", "https://")):
            return f"<td{LEFT}><a href='{text}' rel='noopener noreferrer'>link</a></td>"
        css = (
            " class='num'"
            if column in NUMERIC
            else f" class='{column}'"
            if column in ("quote", "source")
            else ""
        )
        return f"<td{css}{'' if column in NUMERIC else LEFT}>{text}</td>"


def _all_empty(column: pd.Series) -> bool:
    return bool(column.isna().all()) or bool((column.astype("string").fillna("") == "").all())


def write_table(frame: pd.DataFrame, stem: str | Path) -> tuple[str, ...]:
    """Write ``frame`` as ``<stem>.csv`` (UTF-8) and ``<stem>.xlsx``, each atomically; return
    both paths. The files hold exactly the frame's rows and columns."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    csv, xlsx = stem.with_name(stem.name + ".csv"), stem.with_name(stem.name + ".xlsx")
    write_atomically(csv, lambda path: frame.to_csv(path, index=False, encoding="utf-8"))
    write_atomically(
        xlsx, lambda path: frame.to_excel(path, index=False, sheet_name=_sheet(stem.name), engine="openpyxl")
    )
    return str(csv), str(xlsx)


def _sheet(name: str) -> str:
    """An Excel sheet name (31 characters, none of ``[]:*?/\\``)."""
    return "".join("_" if c in "[]:*?/\\" else c for c in name.rsplit(".", 1)[-1])[:31] or "table"


def write_atomically(path: Path, write: Callable[[str], object]) -> None:
    """Run ``write(temporary path)`` beside ``path``, then move the file into place: a reader
    never sees half a file (pandas writers take a path, so safe_io.atomic_write, which takes
    bytes, does not fit)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
