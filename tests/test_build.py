"""The report build: offline pages, failures isolated, committed notebooks clean."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from evidencekit import build, cli

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# A script or stylesheet fetched from anywhere: report pages must open offline.
REMOTE = re.compile(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*['\"]?(https?:)?//", re.I)
IMPORT = re.compile(r"@import|url\(\s*['\"]?(https?:)?//", re.I)


def assert_offline(page: str) -> None:
    assert not REMOTE.search(page), REMOTE.search(page)
    assert not IMPORT.search(page), IMPORT.search(page)
    assert "require.js" not in page
    assert "mathjax" not in page.lower()


def _tiny_notebook(*sources: str) -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_code_cell(source) for source in sources])
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = build.KERNELSPEC
    return nb


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A corpus of one document and three tiny notebooks; the document report fails."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a_doc.txt").write_text("The US needs 50 GW by 2028.\n", encoding="utf-8")
    folder = tmp_path / "nbs"
    folder.mkdir()
    notebooks = {
        build.OVERVIEW: _tiny_notebook('corpus_dir: str = "x"', "print('overview of', corpus_dir)"),
        build.DOCUMENT: _tiny_notebook(
            'corpus_dir: str = "x"\ndoc_id: str = "y"', "raise ValueError('boom in ' + doc_id)"
        ),
        build.THEME: _tiny_notebook('corpus_dir: str = "x"\ntheme: str = "y"', "print(theme)"),
    }
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_plan_has_overview_every_document_and_every_theme():
    names = [page.name for page in build.plan_pages("seeds", ["d1", "d2"])]
    assert names == [
        "01-corpus-overview",
        "02-document-report-d1",
        "02-document-report-d2",
        *(f"03-theme-report-{theme}" for theme in build.THEMES),
    ]


def test_kernel_is_this_python():
    spec_name = build.kernel_name()
    from jupyter_client.kernelspec import KernelSpecManager

    command = KernelSpecManager().get_kernel_spec(spec_name).argv[0]
    assert command in {"python", "python3"} or Path(command).absolute() == Path(sys.executable).absolute()


def test_failing_notebook_gets_an_error_page_and_the_rest_still_builds(project, capsys):
    status = cli.main(["build", "--corpus", "corpus", "--out", "out", "--figures", "figs",
                       "--notebooks", "nbs"])  # fmt: skip
    output = capsys.readouterr()
    out = project / "out"
    assert status == 1
    assert output.out.strip().splitlines()[-1] == str((out / "index.html").resolve())
    assert "failed: 02-document-report-a_doc: ValueError: boom in a_doc (cell 3)" in output.err
    failed = (out / "02-document-report-a_doc.html").read_text(encoding="utf-8")
    assert "boom in a_doc" in failed
    overview = (out / "01-corpus-overview.html").read_text(encoding="utf-8")
    assert "overview of corpus" in overview
    assert "<td><code>corpus_dir</code></td>" in overview  # parameters shown as a table
    assert "print(" not in overview  # inputs hidden
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "02-document-report-a_doc.html'>a_doc</a> <strong class='failed'>FAILED" in index
    assert index.count("FAILED") == 1
    for theme in build.THEMES:
        assert f"03-theme-report-{theme}.html" in index
    for page in out.glob("*.html"):
        assert_offline(page.read_text(encoding="utf-8"))
    assert sorted(p.name for p in (project / "figs").iterdir()) == [
        f"{name}{ext}"
        for name in ("duration-ranges", "metrics-by-kind", "power-claims", "theme-mix")
        for ext in (".svg", ".vl.json")
    ]


def test_html_page_is_offline_even_with_markdown_math_and_svg(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("Energy $E = P t$"), new_code_cell("1")])
    nb.cells[1].outputs = [
        nbformat.v4.new_output(
            "display_data", data={"image/svg+xml": "<svg></svg>", "text/plain": "[chart] x"}
        )
    ]
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    page = build.to_html(path, build.Page("p", "p", "Title", {"theme": "energy"}))
    assert_offline(page)
    assert '<img alt="[chart] x" src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="' in page
    assert "<title>Title</title>" in page


def test_clean_notebook_strips_volatile_metadata():
    nb = new_notebook(cells=[new_code_cell("1"), new_code_cell("2")])
    nb.metadata["papermill"] = {"duration": 1.5, "start_time": "2026-01-01T00:00:00"}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nb.cells[0].metadata.update(papermill={"duration": 0.1}, execution={"iopub.status.busy": "now"}, tags=[])
    cleaned = build.clean_notebook(nb)
    assert cleaned.metadata == {"kernelspec": build.KERNELSPEC, "language_info": {"name": "python"}}
    assert [cell.metadata for cell in cleaned.cells] == [{}, {}]
    assert [cell.id for cell in cleaned.cells] == ["cell-00", "cell-01"]


PARAMETER = re.compile(r"^[a-z_][a-z0-9_]*: [a-z]+ = .+  # \S.*$")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_is_thin_and_clean(path):
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    for line in code[0].source.splitlines():
        assert PARAMETER.match(line), line
    for cell in code:
        assert not re.search(r"^\s*(def|class) ", cell.source, re.M), "notebooks define nothing"
        assert cell.outputs or cell is code[0] or cell.source.startswith("import"), "executed"
    assert json.loads(path.read_text(encoding="utf-8"))["metadata"] == {
        "kernelspec": build.KERNELSPEC,
        "language_info": {"name": "python"},
    }
    assert nbformat.writes(build.clean_notebook(nb)) + "\n" == path.read_text(encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    for volatile in ("papermill", "iopub.", str(ROOT), "object at 0x"):
        assert volatile not in text, volatile
    assert "Traceback" not in text
    assert '"name": "stderr"' not in text


def test_committed_figures_match_a_fresh_build(tmp_path):
    committed = sorted((ROOT / "figures").glob("*.vl.json"))
    if not committed:
        pytest.skip("no figures committed")
    import evidencekit as ek

    written = build.write_figures(ek.load_corpus(ROOT / "seeds"), tmp_path)
    assert sorted(p.name for p in written) == sorted(
        p.name for p in (ROOT / "figures").iterdir() if p.suffix in {".json", ".svg"}
    )
    for path in written:
        assert path.read_bytes() == (ROOT / "figures" / path.name).read_bytes(), (
            f"figures/{path.name} is stale: run `make figures`"
        )
