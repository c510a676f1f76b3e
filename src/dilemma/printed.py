"""The print edition: the whole book as one PDF.

    python -m dilemma.printed            # -> _build/pdf/book.pdf

The book is built once more with Sphinx's one-page builder (``singlehtml``) and the
setting ``dilemma_print`` (see :class:`dilemma.sphinxext.PrintEdition`): every chart
becomes an image drawn by ``vl-convert`` at its default settings, with the address of
its live page; each ipywidgets explorer becomes a sentence; reveals print open. Debian's
Chromium (the browser the tests use, through Playwright) then prints that page to PDF,
with page numbers, a bookmark outline and tags for screen readers.

The student edition's execution cache is reused, so after ``jupyter-book build .`` no
notebook runs again. Needs the test tools (``requirements-dev.txt``: Playwright) and
``/usr/bin/chromium``.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import logging
import re
import subprocess
import sys
import time
from pathlib import Path

from . import editions

FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#555;">'
    '<span class="title"></span> · <span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)

_MATHS_TYPESET = "() => window.MathJax && MathJax.startup && MathJax.startup.promise"


def print_html(page: Path, pdf: Path, *, chromium: object = None, timeout_ms: int = 120_000) -> Path:
    """Print the one-page book ``page`` (an HTML file in its built folder) to ``pdf``.

    ``chromium`` is a Playwright ``Browser`` already running (the tests'); by default
    one is started on Debian's Chromium for the job.
    """
    from .testing import browser, serve

    pdf.parent.mkdir(parents=True, exist_ok=True)
    partial = pdf.with_name(pdf.name + ".part")
    with serve(page.parent) as base, contextlib.ExitStack() as stack:
        if chromium is None:
            chromium = stack.enter_context(browser())
        tab = chromium.new_page()
        tab.goto(base + page.name, wait_until="load", timeout=timeout_ms)
        tab.wait_for_function(_MATHS_TYPESET, timeout=timeout_ms)  # MathJax has loaded ...
        tab.evaluate("() => MathJax.startup.promise.then(() => true)")  # ... and typeset the page
        tab.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        tab.emulate_media(media="print")
        tab.pdf(
            path=str(partial),
            format="A4",
            print_background=True,
            prefer_css_page_size=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER,
            outline=True,
            tagged=True,
        )
        tab.close()
    mend_outline(partial, headings(page.read_text(encoding="utf-8")))
    partial.replace(pdf)  # never leave a half-written PDF under the final name
    return pdf


def headings(page: str) -> list[str]:
    """The text of every heading of an HTML page, without Sphinx's ``#`` links."""
    found = []
    for inner in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", page, flags=re.S):
        inner = re.sub(r'<a class="headerlink".*?</a>', "", inner, flags=re.S)
        found.append(" ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split()))
    return found


def mend_outline(pdf: Path, titles: list[str]) -> None:
    """Give each PDF bookmark its heading's own text.

    Chromium builds the bookmarks from the laid-out headings: a heading that wraps loses
    the space at the break ("fear andasymmetric"), and one moved to the next sheet is
    read twice ("Key takeawaysKey takeaways"). Each bookmark is matched to the heading
    with the same letters and takes its text.
    """
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    squash = lambda text: re.sub(r"\s+", "", text)  # noqa: E731
    known = {squash(title): title for title in titles}
    known.update({squash(title) * 2: title for title in titles})
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # Chromium's PDFs miscount their objects
    writer = PdfWriter(clone_from=str(pdf))
    stack = [writer.root_object["/Outlines"].get_object().get("/First")]
    while stack:
        item = stack.pop()
        while item is not None:
            item = item.get_object()
            title = known.get(squash(str(item.get("/Title", ""))))
            if title:
                item[NameObject("/Title")] = TextStringObject(title)
            stack.append(item.get("/First"))
            item = item.get("/Next")
    with pdf.open("wb") as handle:
        writer.write(handle)


def build(
    root: Path | str = ".",
    pdf: Path | str | None = None,
    *,
    cache: Path | str | None = None,
    strict: bool = True,
    chromium: object = None,
) -> Path:
    """Build the print edition and return the path of the PDF.

    Parameters
    ----------
    root : path
        The book's folder.
    pdf : path, optional
        Where the PDF goes; default ``root/_build/pdf/book.pdf``.
    cache : path, optional
        The execution cache; default the student edition's (``root/_build/.jupyter_cache``).
    strict : bool
        Fail on any Sphinx warning, as the HTML editions do.
    chromium : playwright Browser, optional
        A running browser to print with (see :func:`print_html`).
    """
    root = Path(root).resolve()
    pdf = Path(pdf).resolve() if pdf else root / "_build" / "pdf" / "book.pdf"
    output = pdf.parent / "singlehtml-build"
    folder = editions.build(
        "student",
        root=root,
        output=output,
        cache=Path(cache) if cache else root / "_build" / ".jupyter_cache",
        extra=["-q"],
        strict=strict,
        settings={"dilemma_print": True},
        builder="singlehtml",
    )
    return print_html(folder / f"{editions.root_page(root)}.html", pdf, chromium=chromium)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=None, help="the PDF (default _build/pdf/book.pdf)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        pdf = build(".", args.output)
    except subprocess.CalledProcessError as error:
        print(f"The print edition did not build (exit code {error.returncode}).", file=sys.stderr)
        return error.returncode or 1
    size, seconds = pdf.stat().st_size / 1e6, time.perf_counter() - start
    print(f"The print edition is {pdf} ({size:.1f} MB, built in {seconds:.0f} s).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
