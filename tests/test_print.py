"""The print edition: one PDF of the whole book, with charts as images and widgets as sentences."""

from __future__ import annotations

import base64
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from dilemma import editions, printed
from dilemma.sphinxext import chart_image, live_site

ROOT = Path(__file__).resolve().parents[1]
# What a notebook output looks like when it is not drawn: Altair's and ipywidgets' reprs.
REPRS = ("alt.Chart(", "<interactive chart", "VBox(", "HBox(", "FloatSlider(", "IntSlider(",
         "interactive(children", "Output()", "<IPython.core", "This chart needs JavaScript")  # fmt: skip


def plain(text: str) -> str:
    """PDF text as a reader would type it: ligatures undone, straight quotes, runs of white space as one."""
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", text)


def title(page: Path) -> str:
    return re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), flags=re.M).group(1).strip()


@pytest.fixture(scope="module")
def pdf(student_site: Path, chromium, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The print edition, built strictly from the student build's execution cache."""
    target = tmp_path_factory.mktemp("print") / "book.pdf"
    return printed.build(ROOT, target, cache=student_site.parent / ".jupyter_cache", chromium=chromium)


@pytest.fixture(scope="module")
def one_page(pdf: Path) -> str:
    """The one-page HTML the PDF was printed from."""
    folder = pdf.parent / "singlehtml-build" / "_build" / "singlehtml"
    return (folder / f"{editions.root_page(ROOT)}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


@pytest.fixture(scope="module")
def text(reader: PdfReader) -> str:
    return plain("\n".join(page.extract_text() or "" for page in reader.pages))


def test_the_pdf_is_a_whole_book(pdf: Path, reader: PdfReader):
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert not pdf.with_name(pdf.name + ".part").exists()
    assert len(reader.pages) > 150


def test_every_page_of_the_book_is_in_the_pdf_in_order(text: str):
    positions = []
    for page in editions.toc_files(ROOT):
        heading = plain(title(page))
        assert heading in text, f"{page.relative_to(ROOT)}: its title {heading!r} is not in the PDF"
        positions.append((text.index(heading, positions[-1][0] if positions else 0), page.name))
    assert [name for _, name in positions] == [page.name for page in editions.toc_files(ROOT)]


def test_the_pdf_outline_lists_every_chapter(reader: PdfReader):
    def titles(outline) -> list[str]:
        found = []
        for item in outline:
            found.extend(titles(item) if isinstance(item, list) else [plain(item.title)])
        return found

    bookmarks = titles(reader.outline)
    for page in editions.toc_files(ROOT):
        assert plain(title(page)) in bookmarks, f"no bookmark for {page.relative_to(ROOT)}"
    # Each bookmark reads as its heading does (Chromium's own would read "Key takeawaysKey
    # takeaways" for a heading moved to the next sheet, "fear andasymmetric" for one that wraps).
    assert "Key takeaways" in bookmarks and "Key takeawaysKey takeaways" not in bookmarks
    assert "Tang's additional regulators: fear and asymmetric power" in bookmarks


def test_no_chart_or_widget_appears_as_python_text(text: str):
    for repr_text in REPRS:
        assert repr_text not in text, f"the PDF shows {repr_text!r}: an output printed as its repr"
    assert "Run it live" not in text


def test_every_chart_of_the_site_is_printed_as_an_image_with_its_live_page(student_site: Path, one_page: str):
    on_site = {
        page: len(re.findall(r'class="dilemma-chart"', (student_site / page).read_text(encoding="utf-8")))
        for page in (f"{p.relative_to(ROOT).with_suffix('.html')}" for p in editions.toc_files(ROOT))
    }
    printed_charts = re.findall(r'<figure class="dilemma-print-chart">(.*?)</figure>', one_page, flags=re.S)
    assert len(printed_charts) == sum(on_site.values()) > 10
    assert 'class="dilemma-chart"' not in one_page  # no live chart left to draw
    site = live_site("https://github.com/security-dilemma-book/ai-race")
    for page, count in on_site.items():
        links = [chart for chart in printed_charts if f'href="{site}{page}"' in chart]
        assert len(links) == count, f"{page}: {count} charts on the site, {len(links)} printed linking back"
    for chart in printed_charts:
        assert chart.startswith('<img src="data:image/png;base64,') and ' alt="' in chart


def test_the_pdf_carries_the_chart_images_and_their_notes(reader: PdfReader, text: str, one_page: str):
    charts = one_page.count('class="dilemma-print-chart"')
    assert text.count("Printed at the chart's default settings.") == charts
    images = sum(len(page.images) for page in reader.pages)
    assert images >= charts


def test_each_live_explorer_becomes_a_sentence(text: str):
    calls = sorted(
        set(
            re.findall(
                r"^(\w+)\(\)\.live\(\)$", "\n".join(p.read_text() for p in editions.toc_files(ROOT)), re.M
            )
        )
    )
    assert len(calls) >= 8
    for call in calls:
        assert f"the cell {call}().live() opens sliders that call the Python model" in text, call


def test_the_reveals_are_printed_open(student_site: Path, text: str, one_page: str):
    # Every reveal the site folds away is on paper, open, not behind a button.
    on_site = sum(page.read_text(encoding="utf-8").count("The common wrong prediction.")
                  for page in student_site.rglob("*.html"))  # fmt: skip
    assert text.count("The common wrong prediction.") == on_site > 10
    assert 'class="admonition dropdown' not in one_page


def test_the_print_edition_is_the_student_edition(text: str):
    assert "Marking guide (" not in text


# -- the pieces ---------------------------------------------------------------------------
def test_the_live_site_follows_the_repository_unless_a_base_url_is_set():
    assert live_site("https://github.com/Security-Dilemma-Book/ai-race") == (
        "https://security-dilemma-book.github.io/ai-race/"
    )
    assert live_site("https://github.com/o/r.git/") == "https://o.github.io/r/"
    assert (
        live_site("https://github.com/o/r", "https://book.example.edu/ir") == "https://book.example.edu/ir/"
    )
    assert live_site("https://gitlab.com/o/r") == ""


def test_a_chart_image_is_a_png_drawn_at_the_default_settings():
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "params": [{"name": "k", "value": 2, "bind": {"input": "range", "min": 0, "max": 4}}],
        "data": {"values": [{"x": 1}, {"x": 2}, {"x": 3}]},
        "mark": "point",
        "transform": [{"filter": "datum.x <= k"}],
        "encoding": {"x": {"field": "x", "type": "quantitative"}},
    }
    url = chart_image(spec)
    assert url.startswith("data:image/png;base64,")
    png = base64.b64decode(url.split(",", 1)[1])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
