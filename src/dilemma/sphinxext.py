"""Sphinx and myst-nb glue for the book (registered in ``_config.yml``).

* :class:`VegaLiteMimeRenderer`, a myst-nb mime-render plugin: a notebook output
  carrying a Vega-Lite spec becomes a ``<figure class="dilemma-chart">`` holding
  the spec as inline JSON and its description as the accessible label.
* Pages with such a figure, and only those, load the Vega / Vega-Lite /
  Vega-Embed bundle (built from ``vl-convert-python``, version-matched to
  Altair) and ``dilemma-charts.js`` from the site's own ``_static`` folder.
* ``dilemma_edition`` ("student" or "instructor"): the student edition drops
  every exercise solution, gated ones (``solution-start`` … ``solution-end``,
  with their code cells) included; the instructor edition shows them all.
  (sphinx-exercise's own ``hide_solutions`` leaves gated solution content behind.)
* The ``objectives`` directive renders the learning objectives listed in a
  page's front matter (``objectives: {ID: text}``) as a numbered list that
  shows each objective's id.
* The instructor guide's generated parts (:mod:`dilemma.teaching`): ``objectives-map``,
  ``syllabus <plan>``, ``discussion-questions``, ``exercise-downloads`` and
  ``marking-guides`` (shown in the instructor edition only). Each is rebuilt when a
  chapter, an exercise page or a file in ``instructor/`` changes.
* In the student edition the downloadable copies of the exercise pages
  (``_sources/exercises/*.md`` and ``.ipynb``) have their solutions removed too.
* Repairs of stock output: one copy of each script (sphinx-thebe registers its
  configuration twice), bibliography entries as list items (accessibility), and no
  second, script-based copy of the theme's icons (page weight).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any, ClassVar

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from .render import VEGALITE_MIME

STATIC = Path(__file__).with_name("static")
BUNDLE = "dilemma/vega-bundle.js"
CHARTS = "dilemma/dilemma-charts.js"
_MARKER = 'class="dilemma-chart"'
_HTML_BUILDERS = ("html", "dirhtml", "singlehtml")


def chart_html(spec: dict[str, Any] | str) -> str:
    """The HTML a chart becomes on the site: a labelled figure holding its spec."""
    if isinstance(spec, str):
        spec = json.loads(spec)
    description = spec.get("description") or "Interactive chart"
    payload = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    return (
        f'<figure class="dilemma-chart" role="group" aria-label="{html.escape(description)}">'
        f'<script type="application/json">{payload}</script>'
        '<div class="dilemma-chart-canvas"></div>'
        f'<figcaption class="visually-hidden">{html.escape(description)}</figcaption>'
        "<noscript>This chart needs JavaScript.</noscript></figure>"
    )


class VegaLiteMimeRenderer:
    """myst-nb plugin: render Vega-Lite outputs for the static site."""

    mime_priority_overrides: ClassVar = [(b, VEGALITE_MIME, 1) for b in _HTML_BUILDERS]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if inline or data.mime_type != VEGALITE_MIME:
            return None
        return [nodes.raw("", chart_html(data.content), format="html", classes=["output"])]


def _vl_version() -> str:
    """The Vega-Lite version Altair writes specs for, as ``vl-convert`` names it ("6.1")."""
    import altair as alt

    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def _vega_bundle() -> str:
    import vl_convert

    return vl_convert.javascript_bundle(vl_version=_vl_version())


def _write_assets(app: Sphinx) -> None:
    """Write the Vega bundle (only when Altair's version changed) and our script; in the
    print edition, the print style sheet too (and load it)."""
    if app.builder.name not in _HTML_BUILDERS:
        return
    import altair as alt

    folder = Path(app.outdir) / "_static" / "dilemma"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "vega-bundle.version"
    bundle = folder / "vega-bundle.js"
    if not bundle.exists() or not stamp.exists() or stamp.read_text() != alt.SCHEMA_VERSION:
        bundle.write_text(_vega_bundle(), encoding="utf-8")
        stamp.write_text(alt.SCHEMA_VERSION)
    copies = ["dilemma-charts.js"] + (["dilemma-print.css"] if app.config.dilemma_print else [])
    for name in copies:
        (folder / name).write_text((STATIC / name).read_text(encoding="utf-8"), encoding="utf-8")
    if app.config.dilemma_print:
        app.add_css_file("dilemma/dilemma-print.css")


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    _drop_duplicate_scripts(context)
    if not context.get("default_mode"):
        # sphinx-book-theme leaves pydata's default_mode empty, which its script
        # reports as an invalid theme mode on every fresh visit.
        context["default_mode"] = "auto"
    body = context.get("body", "")
    # docutils marks bibliography entries role="doc-biblioentry" inside a role="list"
    # container; a list must hold list items (axe-core: aria-required-children).
    if 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
    if _MARKER in body:
        app.add_js_file(BUNDLE, type="module")
        app.add_js_file(CHARTS)


def _drop_duplicate_scripts(context: dict) -> None:
    """Keep one copy of each script: sphinx-thebe registers its inline config twice
    under Jupyter Book, and the second ``const THEBE_JS_URL`` is a page error."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[str] = set()
    unique = []
    for script in scripts:
        key = repr(
            (getattr(script, "filename", None) or "", sorted(getattr(script, "attributes", {}).items()))
        )
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique  # in place: the builder's own list, which add_js_file appends to


_FONTAWESOME_JS = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')


def _drop_icon_script(app: Sphinx, exception: Exception | None) -> None:
    """Take the theme's Font Awesome *script* out of the written pages.

    pydata-sphinx-theme loads Font Awesome twice: as CSS webfonts, which draw every
    icon the book uses, and as a 540 kB (gzipped) script that swaps icons for SVG.
    The script is written by the theme's template, not through Sphinx's script list,
    so it is removed from the HTML once the pages are written; without it a page with
    charts and maths stays inside the 1.5 MB first-load budget.
    """
    if exception is not None or app.builder.name not in _HTML_BUILDERS:
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        trimmed = _FONTAWESOME_JS.sub("", text)
        if trimmed != text:
            page.write_text(trimmed, encoding="utf-8")


def front_matter(path: Path) -> dict[str, Any]:
    """The YAML front matter of a MyST file (empty when it has none)."""
    text = Path(path).read_text(encoding="utf-8")
    match = re.match(r"---\s*\n(.*?)\n---\s*\n", text, flags=re.S)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


class ObjectivesDirective(SphinxDirective):
    """``{objectives}``: the page's learning objectives, from its front matter."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.doc2path(self.env.docname))
        objectives = front_matter(path).get("objectives")
        if not isinstance(objectives, dict) or not objectives:
            raise self.error(f"{path.name}: front matter has no 'objectives' mapping of id to text")
        box = nodes.admonition(classes=["tip", "learning-objectives"])
        box += nodes.title(text="Learning objectives")
        box += nodes.paragraph(text="By the end of this chapter you should be able to:")
        items = nodes.enumerated_list(enumtype="arabic")
        for key, text in objectives.items():
            item = nodes.list_item(ids=[nodes.make_id(f"objective-{key}")])
            para = nodes.paragraph()
            para += nodes.strong(text=f"{key}")
            para += nodes.Text(f" — {text}")
            item += para
            items += item
        box += items
        return [box]


EDITIONS = ("student", "instructor")


class _MarkdownDirective(SphinxDirective):
    """A directive whose content is MyST Markdown generated from the book's files."""

    has_content = False
    optional_arguments = 1

    def markdown(self, root: Path) -> str:
        raise NotImplementedError

    def dependencies(self, root: Path) -> list[Path]:
        """The files whose change must rebuild the page."""
        return []

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        for path in self.dependencies(root):
            self.env.note_dependency(str(path))
        try:
            text = self.markdown(root)
        except (OSError, ValueError, KeyError) as error:
            raise self.error(f"{self.name}: {error}") from None
        container = nodes.container(classes=["dilemma-teaching", f"dilemma-{self.name}"])
        self.state.nested_parse(
            StringList(text.splitlines(), source=self.name), 0, container, match_titles=True
        )
        for xref in list(container.findall(addnodes.pending_xref)):
            # Links to the site's own files (the exercise downloads in _sources/) are plain
            # URLs on the built site, not documents MyST should resolve.
            if "_sources/" in xref.get("reftarget", ""):
                link = nodes.reference("", "", *xref.children, refuri=xref["reftarget"], internal=False)
                xref.replace_self(link)
        return [container]


class _TeachingDirective(_MarkdownDirective):
    """Generated by :mod:`dilemma.teaching` from the chapters, exercises and ``instructor/``."""

    def dependencies(self, root: Path) -> list[Path]:
        from . import teaching

        return [
            path
            for folder in (teaching.CHAPTERS, teaching.EXERCISES, "instructor")
            for path in sorted((root / folder).glob("*"))
            if path.suffix in {".md", ".yml"}
        ]


BENCHMARKS = Path("benchmarks") / "results.json"


def benchmark_markdown(root: Path) -> str:
    """The last recorded benchmark table (``benchmarks/run.py --record``) as MyST Markdown."""
    path = Path(root) / BENCHMARKS
    if not path.exists():
        return f"No benchmark is recorded yet; `python benchmarks/run.py --record` writes `{BENCHMARKS}`."
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
        rows = results["rows"]
        header = (
            f"Measured {results['measured'][:10]} on {results['machine']}, at commit "
            f"`{results.get('commit') or 'unknown'}`, with `{results['command']}`. A measure "
            "without a budget is reported only."
        )
        lines = ["| Measure | Value | Budget | Verdict |", "|---|--:|--:|---|"]
        for row in rows:
            cells = [str(row[key]).replace("|", "\\|") for key in ("measure", "value", "budget", "verdict")]
            cells[1:3] = [cell.replace(" ", "\u00a0") for cell in cells[1:3]]  # "4.33 ms" on one line
            lines.append("| " + " | ".join(cells) + " |")
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(
            f"{BENCHMARKS}: not a table written by benchmarks/run.py --record ({error!r})"
        ) from None
    return header + "\n\n" + "\n".join(lines)


class ExecutionStatusWords(SphinxPostTransform):
    """The status page's execution table says "ran" or "failed" in words.

    myst-nb marks a notebook's status with emoji (✅ / ❌), which many systems (and the
    browsers the book is tested in) draw as an empty box, and screen readers name
    inconsistently.
    """

    default_priority = 9  # after myst-nb builds the table (8)
    formats = ("html",)
    WORDS: ClassVar = {"✅": "ran", "❌": "failed"}

    def run(self, **kwargs: Any) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if isinstance(text.parent, nodes.paragraph | nodes.abbreviation) and text.astext() in self.WORDS:
                text.parent.replace(text, nodes.Text(self.WORDS[text.astext()]))


class BenchmarkTableDirective(_MarkdownDirective):
    """``{benchmark-table}``: the last recorded benchmark table, for the status page."""

    def dependencies(self, root: Path) -> list[Path]:
        return [root / BENCHMARKS]

    def markdown(self, root: Path) -> str:
        return benchmark_markdown(root)


class ObjectivesMapDirective(_TeachingDirective):
    def markdown(self, root: Path) -> str:
        from . import teaching

        return teaching.objectives_markdown(root)


class SyllabusDirective(_TeachingDirective):
    required_arguments = 1
    optional_arguments = 0

    def markdown(self, root: Path) -> str:
        from . import teaching

        return teaching.syllabus_markdown(self.arguments[0], root)


class DiscussionDirective(_TeachingDirective):
    def markdown(self, root: Path) -> str:
        from . import teaching

        return teaching.discussion_markdown(root)


class DownloadsDirective(_TeachingDirective):
    def markdown(self, root: Path) -> str:
        from . import teaching

        depth = self.env.docname.count("/")
        return teaching.downloads_markdown(root, prefix="../" * depth)


class MarkingGuidesDirective(_TeachingDirective):
    def markdown(self, root: Path) -> str:
        from . import teaching

        if self.config.dilemma_edition == "instructor":
            return teaching.marking_markdown(root)
        return (
            ":::{note}\nThe marking guide of every exercise appears here, and under each exercise, "
            "in the **instructor edition** of the book (`python -m dilemma.editions instructor`; see the "
            "README). The student edition leaves them out because they give the answers away.\n:::"
        )


def _student_sources(app: Sphinx, exception: Exception | None) -> None:
    """Student edition: strip solutions from the downloadable exercise sources."""
    if exception is not None or app.builder.name not in _HTML_BUILDERS:
        return
    if app.config.dilemma_edition != "student":
        return
    from . import teaching

    folder = Path(app.outdir) / "_sources" / teaching.EXERCISES
    for path in sorted(folder.glob("*")):
        if path.suffix == ".md":
            path.write_text(teaching.student_markdown(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif path.suffix == ".ipynb":
            notebook = json.loads(path.read_text(encoding="utf-8"))
            path.write_text(json.dumps(teaching.student_notebook(notebook), indent=1), encoding="utf-8")


def live_site(repository_url: str, baseurl: str = "") -> str:
    """The address of the published site, ending in ``/`` ("" when it cannot be known).

    ``html.baseurl`` in ``_config.yml`` wins; otherwise a GitHub repository
    ``https://github.com/OWNER/REPO`` is published by the book's workflow at
    ``https://OWNER.github.io/REPO/``, so the repository URL stays the one place to set.
    """
    if baseurl:
        return baseurl.rstrip("/") + "/"
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?", repository_url or "")
    return f"https://{match[1].lower()}.github.io/{match[2]}/" if match else ""


_CHART_SPEC = re.compile(r'<script type="application/json">(.*?)</script>', flags=re.S)
_LIVE_CALL = re.compile(r"^\s*(\w+)\(\)\.live\(\)\s*$")


def chart_image(spec: dict[str, Any], scale: float = 2.5) -> str:
    """A chart drawn once, at its default settings, as a PNG ``data:`` URL (print edition).

    A raster at ``scale`` times the screen size (about 240 dpi at print width) rather than
    SVG: ``vl-convert`` lays text out with its own fonts, and an SVG drawn with the
    browser's fonts could overflow the box that layout measured.
    """
    import base64

    import vl_convert

    png = vl_convert.vegalite_to_png(spec, vl_version=_vl_version(), scale=scale)
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def print_figure(spec: dict[str, Any], page_url: str) -> str:
    """The HTML a chart becomes in the print edition: an image and where to find it live."""
    description = spec.get("description") or "Chart"
    where = (
        f' The interactive version is on the live page: <a href="{html.escape(page_url)}">'
        f"{html.escape(page_url)}</a>."
        if page_url
        else " The interactive version is in the HTML edition of the book."
    )
    return (
        '<figure class="dilemma-print-chart">'
        f'<img src="{chart_image(spec)}" alt="{html.escape(description)}">'
        f"<figcaption><strong>Printed at the chart's default settings.</strong>{where}</figcaption>"
        "</figure>"
    )


class PrintEdition(SphinxTransform):
    """The print edition (``dilemma_print``): charts as images, widgets as a sentence.

    * every Vega-Lite chart becomes an SVG image drawn at its default slider values,
      with a note giving the address of the chart's live page;
    * each ``….live()`` cell (ipywidgets, which only run in Jupyter) and the "Run it
      live" note before it become one sentence saying what the live explorer does;
    * dropdowns (the reveals) are printed open.
    """

    default_priority = 12  # after DropSolutions

    def apply(self, **kwargs: Any) -> None:
        if not self.config.dilemma_print:
            return
        site = live_site(
            self.config.html_theme_options.get("repository_url", ""), self.config.html_baseurl or ""
        )
        page_url = f"{site}{self.env.docname}.html" if site else ""
        for raw in list(self.document.findall(nodes.raw)):
            match = _CHART_SPEC.search(raw.astext()) if _MARKER in raw.astext() else None
            if match:
                spec = json.loads(match.group(1).replace("<\\/", "</"))
                raw.replace_self(nodes.raw("", print_figure(spec, page_url), format="html"))
        for admonition in list(self.document.findall(nodes.admonition)):
            title = next(iter(admonition.findall(nodes.title)), None)
            if title is not None and title.astext().strip() == "Run it live":
                admonition.parent.remove(admonition)
            elif "dropdown" in admonition["classes"]:
                admonition["classes"].remove("dropdown")
        for cell in list(self.document.findall(nodes.container)):
            if cell.get("nb_element") != "cell_code":
                continue
            source = next(iter(cell.findall(nodes.literal_block)), None)
            match = _LIVE_CALL.match(source.astext()) if source is not None else None
            if match:
                cell.replace_self(self._live_sentence(match.group(1), page_url))

    @staticmethod
    def _live_sentence(explorer: str, page_url: str) -> nodes.paragraph:
        para = nodes.paragraph(classes=["dilemma-print-live"])
        para += nodes.strong(text="Live explorer. ")
        para += nodes.Text("In Jupyter, Binder or Live Code, the cell ")
        para += nodes.literal(text=f"{explorer}().live()")
        para += nodes.Text(
            " opens sliders that call the Python model itself, at any value rather than on the "
            "chart's grid. Open the chapter from its live page"
        )
        if page_url:
            para += nodes.Text(" (")
            para += nodes.reference("", page_url, refuri=page_url)
            para += nodes.Text(")")
        para += nodes.Text(" with the rocket icon to run it.")
        return para


class DropSolutions(SphinxTransform):
    """Remove exercise solutions from the student edition."""

    default_priority = 11  # after sphinx-exercise merges gated solutions (10)

    def apply(self, **kwargs: Any) -> None:
        from sphinx_exercise.nodes import solution_node

        edition = self.config.dilemma_edition
        if edition not in EDITIONS:
            raise ValueError(f"dilemma_edition must be one of {EDITIONS}, got {edition!r}")
        if edition == "student":
            for node in list(self.document.findall(solution_node)):
                node.parent.remove(node)


def _singlehtml_handlers(app: Sphinx) -> None:
    """Let the one-page builder draw every node the multi-page builder draws.

    Sphinx looks up visitors by builder name and falls back to the format ("html")
    only when nothing at all is registered for the name; one extension registering a
    ``singlehtml`` visitor therefore hides every ``html`` one (myst-nb's hidden-cell
    node among them). The print edition is built with ``singlehtml``.
    """
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for name, pair in handlers.get("html", {}).items():
        single.setdefault(name, pair)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("dilemma_edition", "student", "env", [str])
    app.add_config_value("dilemma_print", False, "env", [bool])
    app.add_transform(DropSolutions)
    app.add_transform(PrintEdition)
    app.connect("builder-inited", _singlehtml_handlers)
    app.connect("builder-inited", _write_assets)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _drop_icon_script)
    app.add_directive("objectives", ObjectivesDirective)
    app.add_directive("objectives-map", ObjectivesMapDirective)
    app.add_directive("syllabus", SyllabusDirective)
    app.add_directive("discussion-questions", DiscussionDirective)
    app.add_directive("exercise-downloads", DownloadsDirective)
    app.add_directive("marking-guides", MarkingGuidesDirective)
    app.add_directive("benchmark-table", BenchmarkTableDirective)
    app.add_post_transform(ExecutionStatusWords)
    app.connect("build-finished", _student_sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
