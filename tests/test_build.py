"""The report build: offline pages, failures isolated, committed notebooks clean."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from evidencekit import cli
from evidencekit.report import build
from evidencekit.report.build.execution import Job
from evidencekit.report.build.pages import Page
from evidencekit.safe_io import atomic_write

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


def _make_project(root: Path, document_cell: str) -> Path:
    """A corpus of one document and three tiny notebooks, the document one running ``document_cell``."""
    (root / "corpus").mkdir()
    (root / "corpus" / "a_doc.txt").write_text("The US needs 50 GW by 2028.\n", encoding="utf-8")
    folder = root / "nbs"
    folder.mkdir()
    notebooks = {
        build.OVERVIEW: _tiny_notebook('corpus_dir: str = "x"', "print('overview of', corpus_dir)"),
        build.DOCUMENT: _tiny_notebook('corpus_dir: str = "x"\ndoc_id: str = "y"', document_cell),
        build.THEME: _tiny_notebook('corpus_dir: str = "x"\ntheme: str = "y"', "print(theme)"),
    }
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    return root


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A corpus of one document and three tiny notebooks; the document report fails."""
    monkeypatch.chdir(tmp_path)
    return _make_project(tmp_path, "raise ValueError('boom in ' + doc_id)")


@pytest.fixture
def small(tmp_path, monkeypatch) -> Path:
    """One document, notebooks that all succeed, one theme: a report of three pages.

    The library's hash is pinned so that edits to ``lib/`` while the tests run do not
    rebuild pages these tests expect to be skipped.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build.pages, "THEMES", ("energy",))
    monkeypatch.setattr(build.run, "library_hash", lambda: "library under test")
    return _make_project(tmp_path, "print('document', doc_id)")


def _manifest(out: Path) -> dict:
    return json.loads((out / build.MANIFEST).read_text(encoding="utf-8"))


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


@pytest.mark.slow
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
    written = {p.name for p in (project / "figs").iterdir()}
    assert not [name for name in written if name.startswith(".")], "temporary files left"
    assert written >= {
        f"{name}{ext}"
        for name in ("duration-ranges", "metrics-by-kind", "power-claims", "theme-mix")
        for ext in (".svg", ".vl.json")
    }
    assert sorted(written) == sorted(_manifest(out)["figures"]["files"])
    log = (out / "logs" / "02-document-report-a_doc.log").read_text(encoding="utf-8")
    for line in ("status: failed", "error: ValueError: boom in a_doc (cell 3)", "traceback:", "duration: "):
        assert line in log
    assert "ValueError" in log.split("traceback:")[1]
    assert "status: built" in (out / "logs" / "01-corpus-overview.log").read_text(encoding="utf-8")
    assert "summary: 9 pages: 8 built, 0 skipped, 1 failed" in output.out


def test_html_page_is_offline_even_with_markdown_math_and_svg(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("Energy $E = P t$"), new_code_cell("1")])
    nb.cells[1].outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10">'
                '<g class="mark-symbol role-mark">'
                '<path onclick="alert(1)" aria-label="a &lt;b&gt;"/></g></svg>',
                "text/plain": "[chart] x",
            },
        )
    ]
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    page = build.to_html(path, build.Page("p", "p", "Title", {"theme": "energy"}))
    assert_offline(page)
    # charts are inline, sanitised SVG: their marks keep tooltips, lose event handlers
    assert 'aria-label="[chart] x"' in page
    assert "<title>a &lt;b&gt;</title>" in page
    assert "onclick" not in page
    assert 'src="data:image/svg+xml' not in page
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
        assert cell.outputs or cell is code[0] or cell.source.startswith(("import", "from")), "executed"
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


@pytest.mark.slow
def test_committed_figures_match_a_fresh_build(tmp_path):
    committed = sorted((ROOT / "figures").glob("*.vl.json"))
    if not committed:
        pytest.skip("no figures committed")
    import evidencekit as ek

    written = build.write_figures(ek.load_corpus(ROOT / "seeds"), tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in (ROOT / "figures").iterdir())
    for path in written:
        assert path.read_bytes() == (ROOT / "figures" / path.name).read_bytes(), (
            f"figures/{path.name} is stale: run `make figures`"
        )


# --- the build: parallel, incremental, typed parameters, atomic, locked ---------------------

CELL_ID = re.compile(r'\bid="[^"]*"')


def _pages(out: Path) -> dict[str, str]:
    return {p.name: CELL_ID.sub("", p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.html"))}


def _statuses(report: build.Report) -> dict[str, str]:
    return {page.name: page.status for page in report.pages}


def _run(*options: str, out: str = "out") -> int:
    return cli.main(["build", "--corpus", "corpus", "--out", out, "--figures", f"{out}/figs",
                     "--notebooks", "nbs", *options])  # fmt: skip


@pytest.mark.slow
def test_parallel_build_matches_serial_then_rebuilds_only_what_changed(small, capsys):
    assert _run("--jobs", "1", out="serial") == 0
    assert _run("--jobs", "2", out="out") == 0
    out = small / "out"
    pages = _pages(out)
    assert sorted(pages) == ["01-corpus-overview.html", "02-document-report-a_doc.html",
                             "03-theme-report-energy.html", "index.html"]  # fmt: skip
    serial = _pages(small / "serial")
    for name in pages:
        assert pages[name] == serial[name], "".join(
            difflib.unified_diff(serial[name].splitlines(True), pages[name].splitlines(True), n=1)
        )[:3000]
    assert "document a_doc" in pages["02-document-report-a_doc.html"]
    capsys.readouterr()

    # nothing changed: every page and the charts are skipped, the index is rewritten
    manifest = _manifest(out)
    assert _run("--jobs", "2") == 0
    assert "summary: 3 pages: 0 built, 3 skipped, 0 failed" in capsys.readouterr().out
    again = _manifest(out)
    assert again["last_build"]["skipped"] == [name.removesuffix(".html") for name in sorted(pages)[:3]]
    assert again["last_build"]["built"] == again["last_build"]["failed"] == []
    assert again["pages"] == manifest["pages"]
    assert again["figures"] == manifest["figures"]
    assert _pages(out) == pages

    # a notebook changed: only its pages run
    nb = nbformat.read(small / "nbs" / f"{build.THEME}.ipynb", as_version=4)
    nb.cells.append(new_code_cell("print('more')"))
    nbformat.write(nb, small / "nbs" / f"{build.THEME}.ipynb")
    report = build.build("corpus", "out", "out/figs", "nbs", jobs=2)
    assert _statuses(report) == {"01-corpus-overview": "skipped", "02-document-report-a_doc": "skipped",
                                 "03-theme-report-energy": "built"}  # fmt: skip

    # a document changed: every page reads the whole corpus, so every page runs
    (small / "corpus" / "a_doc.txt").write_text("China adds 500 GW by 2030.\n", encoding="utf-8")
    report = build.build("corpus", "out", "out/figs", "nbs", jobs=2)
    assert set(_statuses(report).values()) == {"built"}
    assert _manifest(out)["figures"]["key"] != manifest["figures"]["key"]
    assert (
        _manifest(out)["pages"]["01-corpus-overview"]["corpus"]
        != manifest["pages"]["01-corpus-overview"]["corpus"]
    )

    # --force: everything again, in this process
    report = build.build("corpus", "out", "out/figs", "nbs", jobs=1, force=True)
    assert set(_statuses(report).values()) == {"built"}
    assert report.count("built") == 3
    for path in [*out.glob("*.html"), *out.glob("logs/*.log"), *out.glob("notebooks/*.ipynb")]:
        assert path.stat().st_size > 0
    assert not list(out.rglob(".*.tmp*")), "temporary files left"


def test_parameters_are_checked_against_the_parameters_cell():
    document = ROOT / "notebooks" / f"{build.DOCUMENT}.ipynb"
    assert build.check_parameters(document, {"corpus_dir": "../seeds", "doc_id": "x"}) == []
    assert build.check_parameters(document, {"corpus_dir": "../seeds", "doc_id": 3}) == [
        "02-document-report: parameter doc_id expects str, got int 3"
    ]
    assert build.check_parameters(document, {"corpus_dir": "../seeds", "docid": "x"}) == [
        "02-document-report: unknown parameter docid "
        "(its parameters cell defines: corpus_dir, doc_id, store_dir, export_to)"
    ]
    cell = "n: int = 1\nx: float = 1.0\nflag: bool = False\nlabel: str | None = None\ntotal: int\nk = 2"
    declared = build.parse_parameters(cell)
    assert {p.name: p.annotation for p in declared.values()} == {
        "n": "int", "x": "float", "flag": "bool", "label": "str | None", "total": "int", "k": "int"
    }  # fmt: skip
    accepted = [(name, value) for name in declared for value in (2, 1.5, True, "a", None)
                if declared[name].accepts(value)]  # fmt: skip
    assert accepted == [("n", 2), ("x", 2), ("x", 1.5), ("flag", True), ("label", "a"), ("label", None),
                        ("total", 2), ("k", 2)]  # fmt: skip


def test_bad_parameter_or_unknown_document_stops_the_build_before_anything_runs(small, capsys):
    assert _run("--doc", "nope", "--doc", "a_doc") == 2
    assert (
        "evidencekit build: unknown document id nope in corpus (known ids: a_doc)" in capsys.readouterr().err
    )
    notebook = small / "nbs" / f"{build.DOCUMENT}.ipynb"
    nbformat.write(_tiny_notebook('corpus_dir: str = "x"\ndoc_id: int = 0', "doc_id"), notebook)
    assert _run() == 2
    assert "02-document-report: parameter doc_id expects int, got str 'a_doc'" in capsys.readouterr().err
    assert not list((small / "out").glob("*.html"))


@pytest.mark.slow
def test_failed_rebuild_keeps_the_last_good_page(small, capsys):
    assert _run("--jobs", "1") == 0
    out = small / "out"
    page = out / "02-document-report-a_doc.html"
    good = page.read_bytes()
    notebook = small / "nbs" / f"{build.DOCUMENT}.ipynb"
    working = notebook.read_bytes()
    nbformat.write(
        _tiny_notebook('corpus_dir: str = "x"\ndoc_id: str = "y"', "raise ValueError('boom in ' + doc_id)"),
        notebook,
    )
    capsys.readouterr()
    assert _run("--jobs", "1") == 1
    output = capsys.readouterr()
    assert "summary: 3 pages: 0 built, 2 skipped, 1 failed" in output.out
    assert "failed: 02-document-report-a_doc: ValueError: boom in a_doc (cell 3)" in output.err
    assert "boom in a_doc" in page.read_text(encoding="utf-8")
    assert (out / "02-document-report-a_doc.last-good.html").read_bytes() == good
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<span class='error'>ValueError: boom in a_doc (cell 3)</span>" in index
    assert "<a href='02-document-report-a_doc.last-good.html'>last good page</a>" in index
    assert "last good page kept as" in (out / "logs" / "02-document-report-a_doc.log").read_text()
    # a failed page runs again although nothing changed; fixed, it drops the last good copy
    notebook.write_bytes(working)
    assert _run("--jobs", "1") == 0
    assert "1 built, 2 skipped, 0 failed" in capsys.readouterr().out
    assert not (out / "02-document-report-a_doc.last-good.html").exists()
    assert "FAILED" not in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_interrupted_build_leaves_the_previous_outputs_whole(small, monkeypatch):
    build.build("corpus", "out", "out/figs", "nbs", jobs=1)
    out = small / "out"
    files = [*out.glob("*.html"), *out.glob("notebooks/*.ipynb")]
    before = {path: path.read_bytes() for path in files}
    pages = _manifest(out)["pages"]

    def crash(self, nb, resources=None, **kw):
        raise KeyboardInterrupt  # Ctrl-C in the middle of writing the first page

    exporter = build.convert.HTMLExporter.from_notebook_node
    monkeypatch.setattr(build.convert.HTMLExporter, "from_notebook_node", crash)
    with pytest.raises(KeyboardInterrupt):
        build.build("corpus", "out", "out/figs", "nbs", jobs=1, force=True)
    assert {path: path.read_bytes() for path in files} == before
    assert _manifest(out)["pages"] == pages
    assert not list(out.rglob(".*.tmp*")), "temporary files left"
    monkeypatch.setattr(build.convert.HTMLExporter, "from_notebook_node", exporter)
    report = build.build("corpus", "out", "out/figs", "nbs", jobs=1)
    assert report.count("skipped") == 3, "the interrupted build lost no good page"


def test_atomic_write_never_leaves_half_a_file(tmp_path, monkeypatch):
    path = tmp_path / "page.html"
    atomic_write(path, "old page")

    def crash(source, target):
        message = "disk gone"
        raise OSError(message)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk gone"):
        atomic_write(path, "new page " * 1000)
    assert path.read_text() == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


HOLD_LOCK = """
import sys, time
from evidencekit.report import build
with build.build_lock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _try_lock(out: Path) -> None:
    with build.build_lock(out, wait=False):
        pass


@pytest.mark.slow
def test_a_second_build_on_the_same_folder_waits_or_fails(small, capsys):
    out = small / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(out), "2"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        locked = time.monotonic()
        message = f"another build is running on {out}/ (pid {holder.pid}); not waiting (--no-wait)"
        with pytest.raises(build.BuildError, match=re.escape(message)):
            _try_lock(out)
        assert _run("--no-wait", out=str(out)) == 2
        assert message in capsys.readouterr().err
        with build.build_lock(out):
            assert time.monotonic() - locked > 1.9, "got the lock while the other process held it"
            assert (out / build.LOCK).read_text().strip() == str(os.getpid())
        assert f"another build is running on {out}/ (pid {holder.pid}); waiting…" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()


def test_hashes_follow_contents(tmp_path):
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / ".hidden").write_text("ignored")
    first = build.corpus_hash(tmp_path)
    (tmp_path / ".hidden").write_text("still ignored")
    assert build.corpus_hash(tmp_path) == first
    (tmp_path / "a.txt").write_text("two")
    assert build.corpus_hash(tmp_path) != first
    assert re.fullmatch(r"[0-9a-f]{64}", build.library_hash())


def test_pages_no_longer_planned_are_removed_with_their_notebook_log_and_last_good_copy(tmp_path):
    names = ["01-corpus-overview", "02-document-report-gone", "02-document-report-kept"]
    for name in names:
        for path in (f"{name}.html", f"{name}.last-good.html", f"notebooks/{name}.ipynb", f"logs/{name}.log"):
            (tmp_path / path).parent.mkdir(exist_ok=True)
            (tmp_path / path).write_text("x")
    (tmp_path / "index.html").write_text("x")
    build.planning._remove_stale(tmp_path, ["01-corpus-overview", "02-document-report-kept"])
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert not [path for path in left if "gone" in path]
    assert len(left) == 9
    assert "index.html" in left


@pytest.mark.slow
def test_build_json_lists_every_file_with_its_status_and_reason(small, capsys):
    corpus = small / "corpus"
    (corpus / "b_binary.txt").write_bytes(b"\x00\x01\x02PNG" * 50)
    (corpus / "c_empty.md").write_text("", encoding="utf-8")
    (corpus / "d_tag.md").write_text(
        "---\ntitle: !!python/object:os.system ls\n---\nText.\n", encoding="utf-8"
    )
    status = cli.main(
        ["build", "--corpus", "corpus", "--out", "out", "--figures", "figs", "--notebooks", "nbs"]
    )
    output = capsys.readouterr()
    assert status == 1  # unreadable files fail the build; every good document is still reported
    summary = json.loads((small / "out" / "build.json").read_text(encoding="utf-8"))
    found = {entry["path"]: entry for entry in summary["documents"]}
    assert {path: entry["status"] for path, entry in found.items()} == {
        "a_doc.txt": "ok",
        "b_binary.txt": "error",
        "c_empty.md": "warning",
        "d_tag.md": "warning",  # a broken front matter is a warning: the body is still read
    }
    assert found["a_doc.txt"]["page"] == "02-document-report-a_doc.html"
    assert found["a_doc.txt"]["page_status"] == "built"
    assert found["a_doc.txt"]["claims"] == 2
    assert found["b_binary.txt"]["code"] == "binary"
    assert "tag" in found["d_tag.md"]["reason"]
    assert found["d_tag.md"]["page_status"] == "built"  # its body is read, so it has a page
    assert summary["counts"] == {
        "files": 4, "ok": 1, "warning": 2, "error": 1, "pages_built": 4, "pages_skipped": 0, "pages_failed": 0
    }  # fmt: skip
    assert "documents: 4 files: 1 ok, 2 warnings, 1 error; details in out/build.json" in output.out
    assert "warning: c_empty.md: " in output.err
    assert output.err.count("b_binary.txt") == 1


def test_corpus_hash_survives_an_unreadable_file(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("A 5 GW plant.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B.", encoding="utf-8")
    before = build.corpus_hash(tmp_path)
    real = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "b.txt":
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    unreadable = build.corpus_hash(tmp_path)  # the corpus names the file; the hash must not fail
    assert unreadable != before
    assert build.corpus_hash(tmp_path) == unreadable


def _die_on_page_b(job: Job) -> Page:
    """Build a page in a pool worker; page "b" kills its worker (as a crash or an OOM kill would)."""
    if job.page.name == "b":
        os._exit(9)
    time.sleep(0.2)  # the other pages are still running when "b" dies
    job.page.status = "built"
    return job.page


@pytest.mark.slow
def test_a_page_whose_worker_dies_takes_only_itself_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1]))  # workers import this module
    pages = [Page("01-x", name, name, {}) for name in ("a", "b", "c", "d")]
    jobs = [Job(page, tmp_path, tmp_path, tmp_path, "python3") for page in pages]
    done: dict[str, Page] = {}
    build.run._run(
        jobs, 2, None, None, lambda page, bar: done.update({page.name: page}), False, _die_on_page_b
    )
    assert {name: page.status for name, page in done.items()} == {
        "a": "built", "b": "failed", "c": "built", "d": "built"
    }  # fmt: skip
    assert "worker process died" in str(done["b"].error)


def test_corpus_hash_never_reads_a_file_over_the_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("A 5 GW plant.", encoding="utf-8")
    with (tmp_path / "huge.txt").open("wb") as stream:  # sparse: reading it would take minutes
        stream.truncate(64 * 1024**3)
    real = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        assert self.name != "huge.txt", "a file over the size limit was opened"
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    first = build.corpus_hash(tmp_path)
    os.truncate(tmp_path / "huge.txt", 65 * 1024**3)
    assert build.corpus_hash(tmp_path) != first  # its size still counts


@pytest.mark.slow
def test_kernels_are_shut_down_without_an_interrupt():
    """jupyter_client interrupts a kernel before asking it to shut down; a kernel still in its
    last request's handler then logs "KeyboardInterrupt caught in kernel." on every build. The
    build's kernel manager shuts down with the request alone."""
    import asyncio
    import signal

    from evidencekit.report.build.execution import QuietShutdownKernelManager

    manager = QuietShutdownKernelManager(kernel_name="python3")
    sent: list[int] = []

    async def run() -> None:
        await manager.start_kernel()
        original = manager.provisioner.send_signal

        async def record(signum: int) -> None:
            sent.append(signum)
            await original(signum)

        manager.provisioner.send_signal = record
        await manager.shutdown_kernel()

    asyncio.run(run())
    assert signal.SIGINT not in sent
    assert not manager.has_kernel
