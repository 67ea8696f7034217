"""The report site in a real browser: Debian's Chromium, driven by Playwright, offline.

The site of two seeds (one English, one Chinese) and the hostile document of
``tests/test_site.py`` (its build is shared with that file) is opened from ``file://``
URLs: the index, the overview, a document page of each language, the hostile document's
page and a theme page. For each: every request stays on the file system (anything else is
aborted and fails the test), the console has no error, no dialog opens (a script of the
hostile document would raise one), the charts drew (SVG marks present), nothing overflows
the page's width. Full-page screenshots go to ``reports/screenshots/`` (their folder is
printed).

The browser is ``/usr/bin/chromium`` from the Debian package, which ``make system-deps``
installs; Playwright never downloads one (no ``playwright install``).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # starts Chromium on a built site

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "reports" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
HOSTILE_TEXT = "said <script>alert(1)</script> the energy secretary"


def _load_test_site():
    """``tests/test_site.py`` as a module (the test folder is no package): its shared build."""
    spec = importlib.util.spec_from_file_location("evidencekit_test_site", ROOT / "tests" / "test_site.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


test_site = _load_test_site()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (installs Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: run `make test` (or pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site_out(tmp_path_factory) -> Path:
    return test_site.build_site(tmp_path_factory) / "out"


class Visit:
    """One page opened offline, with what it requested, logged and raised."""

    def __init__(self, browser, out: Path, name: str) -> None:
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        context = browser.new_context(viewport=VIEWPORT, java_script_enabled=True)
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed request: {r.url}"))
        self.page.goto((out / name).as_uri(), wait_until="load")
        self.context = context

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def check(self, name: str) -> None:
        assert self.outside == [], f"{name} asked the network for {self.outside}"
        assert self.errors == [], f"{name}: {self.errors}"
        assert self.page.locator("script").count() == 0, f"{name} holds a script"
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORT["width"], f"{name} is {width} px wide: something overflows the page"

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{Path(name).stem}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


# Marks drawn by Vega in an SVG: the items inside mark groups (points, bars, rules, text).
MARKS = "g.role-mark > path, g.role-mark > line, g.role-mark > text, g.role-mark > rect"


def _image_marks(visit: Visit) -> list[int]:
    """Marks of each chart of a notebook page (inline SVG)."""
    charts = visit.page.locator(".jp-RenderedSVG svg.chart")
    return [charts.nth(i).locator(MARKS).count() for i in range(charts.count())]


def test_site_opens_offline_in_chromium(browser, site_out, capsys):
    zh, en = "02-document-report-001_8ad4a4114da0a702.html", "02-document-report-000_98eda4eeaede7d8e.html"
    shots = []

    index = Visit(browser, site_out, "index.html")
    index.check("index.html")
    charts = index.page.locator("svg.chart")
    assert charts.count() == 5
    for number in range(charts.count()):
        chart = charts.nth(number)
        name = chart.get_attribute("aria-label")
        assert chart.locator(MARKS).count() > 0, f"index: chart {name} drew no mark"
        box = chart.bounding_box()
        assert box is not None, name
        assert box["width"] > 200, (name, box)
        assert box["height"] > 50, (name, box)
        assert chart.locator("title").count() > 0, f"index: chart {name} has no tooltip"
    assert index.page.get_by_text("<script>alert('title')</script>", exact=False).count() == 1
    links = index.page.locator("a[href$='.html']").evaluate_all("links => links.map(a => a.href)")
    assert all(link.startswith("file://") for link in links)
    shots.append(index.screenshot("index.html"))

    for name in ("01-corpus-overview.html", en, zh, "02-document-report-hostile.html",
                 "03-theme-report-energy.html"):  # fmt: skip
        visit = Visit(browser, site_out, name)
        visit.check(name)
        marks = _image_marks(visit)
        assert marks, f"{name} shows no chart"
        assert -1 not in marks, f"{name}: a chart image did not load ({marks})"
        assert max(marks) > 0, f"{name}: no chart drew a mark ({marks})"
        about = visit.page.locator("footer.ek-about table.ek-parameters")
        assert about.count() == 1, f"{name}: no about footer"
        assert visit.page.locator(".jp-CodeCell .jp-InputArea").count() == 0, f"{name}: code shown"
        if "hostile" in name or "theme" in name:  # the hostile quote, shown as text
            assert visit.page.get_by_text(HOSTILE_TEXT, exact=False).count() > 0, name
        shots.append(visit.screenshot(name))
        visit.context.close()
    index.context.close()

    with capsys.disabled():
        print(f"\nscreenshots: {SCREENSHOTS} ({', '.join(p.name for p in shots)})")
    assert all(path.stat().st_size > 10_000 for path in shots)


def _in_view(visit: Visit, selector: str) -> bool:
    box = visit.page.locator(selector).bounding_box()
    return box is not None and -2 <= box["y"] < VIEWPORT["height"] and box["height"] > 0


def _highlighted(visit: Visit, selector: str) -> bool:
    outline = visit.page.locator(selector).evaluate("e => getComputedStyle(e).outlineStyle")
    return outline == "solid"  # the :target rule of the page's style sheet


@pytest.mark.parametrize("doc_id", ["000_98eda4eeaede7d8e", "001_8ad4a4114da0a702"])
def test_a_claim_row_leads_to_its_highlight_and_back(browser, site_out, doc_id):
    name = f"02-document-report-{doc_id}.html"
    visit = Visit(browser, site_out, name)
    rows = visit.page.locator("tr.ek-row[id^='row-c-']")
    assert rows.count() > 0, f"{name}: no claim row"
    row = rows.nth(rows.count() - 1)  # the last claim: far down, so a jump must scroll
    key = row.get_attribute("id").removeprefix("row-")
    row.locator("a").first.click()
    assert visit.page.evaluate("location.hash") == f"#{key}"
    mark = f".ek-source [id='{key}']"
    assert _in_view(visit, mark), f"{name}: the highlight of {key} is not in view"
    assert _highlighted(visit, mark), f"{name}: the highlight of {key} is not marked as the target"
    surface = visit.page.locator(mark).inner_text()
    assert surface
    assert surface in row.inner_text(), (surface, row.inner_text())
    visit.page.locator(mark).click()
    assert visit.page.evaluate("location.hash") == f"#row-{key}"
    assert _in_view(visit, f"[id='row-{key}']"), f"{name}: back to the row of {key}: not in view"
    assert _highlighted(visit, f"[id='row-{key}']")

    sentences = visit.page.locator("tr.ek-row[id^='row-s-']")  # evidence rows: quote -> its ▸ and back
    assert sentences.count() > 0, f"{name}: no evidence row"
    row = sentences.nth(sentences.count() - 1)
    key = row.get_attribute("id").removeprefix("row-")
    row.locator("a.ek-to-source").click()
    assert visit.page.evaluate("location.hash") == f"#{key}"
    assert _in_view(visit, f".ek-source [id='{key}']")
    visit.page.locator(f".ek-source [id='{key}']").click()
    assert visit.page.evaluate("location.hash") == f"#row-{key}"
    assert _in_view(visit, f"[id='row-{key}']")
    visit.check(name)
    visit.context.close()


def test_hostile_text_stays_text_in_the_source_view(browser, site_out):
    name = "02-document-report-hostile.html"
    visit = Visit(browser, site_out, name)
    source = visit.page.locator(".ek-source")
    assert source.count() == 1
    assert HOSTILE_TEXT in source.inner_text()
    assert source.locator("script, img, iframe").count() == 0
    for key in source.locator("a.ek-claim").evaluate_all("links => links.map(a => a.id)"):
        assert visit.page.locator(f"[id='row-{key}']").count() == 1, f"{key}: no row to go back to"
    visit.check(name)
    visit.context.close()
