"""The book itself: both editions build strictly, every TOC page exists, no page
loads anything from another host, and the layout follows the guide."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from dilemma import editions
from dilemma.sphinxext import front_matter
from dilemma.testing import toc_pages

ROOT = Path(__file__).resolve().parents[1]

EXTERNAL_ASSET = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.I
)


def test_student_edition_builds_every_toc_page(book_root: Path, student_site: Path):
    missing = [page for page in toc_pages(book_root) if not (student_site / page).exists()]
    assert not missing


def test_instructor_edition_builds_every_toc_page(book_root: Path, instructor_site: Path):
    missing = [page for page in toc_pages(book_root) if not (instructor_site / page).exists()]
    assert not missing


def test_no_page_loads_assets_from_another_host(student_site: Path):
    offenders = {
        str(page.relative_to(student_site)): EXTERNAL_ASSET.findall(page.read_text(encoding="utf-8"))
        for page in student_site.rglob("*.html")
    }
    assert not {page: tags for page, tags in offenders.items() if tags}


def test_vega_and_maths_are_served_by_the_site(student_site: Path):
    chapter = (student_site / "chapters" / "01-security-dilemma.html").read_text(encoding="utf-8")
    assert '<script type="module" src="../_static/dilemma/vega-bundle.js' in chapter
    assert 'src="../_static/mathjax/tex-chtml.js' in chapter
    assert (student_site / "_static" / "dilemma" / "vega-bundle.js").stat().st_size > 100_000
    assert (student_site / "_static" / "mathjax" / "tex-chtml.js").exists()


def test_vega_is_loaded_only_on_pages_with_charts(student_site: Path):
    glossary = (student_site / "glossary.html").read_text(encoding="utf-8")
    assert "vega-bundle.js" not in glossary


def test_live_faces_are_shown_but_not_run_on_the_static_site(student_site: Path):
    chapter = (student_site / "chapters" / "01-security-dilemma.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", chapter)
    assert "security_game_explorer().live()" in text
    assert "application/vnd.jupyter.widget" not in chapter
    assert "Run it live" in chapter


def test_student_edition_has_no_solution_and_instructor_edition_all(
    student_site: Path, instructor_site: Path
):
    page = Path("exercises") / "01-security-dilemma.html"
    student = (student_site / page).read_text(encoding="utf-8")
    instructor = (instructor_site / page).read_text(encoding="utf-8")
    exercises = len(re.findall(r'class="[^"]*\bexercise\b', student))
    assert exercises >= 4
    assert not re.search(r'class="[^"]*\bsolution\b', student)
    assert len(re.findall(r'class="[^"]*\bsolution\b[^"]*"', instructor)) >= exercises


def test_chapters_follow_the_template(book_root: Path):
    for chapter in sorted((book_root / "chapters").glob("*.md")):
        text = chapter.read_text(encoding="utf-8")
        meta = front_matter(chapter)
        assert meta["jupytext"]["text_representation"]["format_name"] == "myst", chapter.name
        objectives = meta.get("objectives", {})
        assert 3 <= len(objectives) <= 5, f"{chapter.name}: 3–5 learning objectives"
        assert "```{objectives}" in text, chapter.name
        for heading in ("## Key takeaways", "## Further reading", "## Exercises"):
            assert heading in text, f"{chapter.name}: missing {heading!r}"
        assert "Predict first" in text, f"{chapter.name}: no 'predict first' prompt"
        assert text.count("```{code-cell}") >= 1


PREDICT = "```{admonition} Predict first"
REVEAL = re.compile(
    r"```\{admonition\} Reveal: (?P<title>[^\n]+)\n:class: dropdown\n(?P<body>.*?)\n```", re.S
)


def _blocks(text: str) -> list[tuple[int, str]]:
    """Positions of each prediction prompt, explorer, reveal and section in a chapter."""
    marks = [(m.start(), "predict") for m in re.finditer(re.escape(PREDICT), text)]
    marks += [(m.start(), "explorer") for m in re.finditer(r"_explorer\(\)\.static\(\)", text)]
    marks += [(m.start(), "reveal") for m in REVEAL.finditer(text)]
    marks += [(m.start(), "section") for m in re.finditer(r"^## ", text, re.M)]
    return sorted(marks)


@pytest.mark.parametrize("chapter", sorted(p.name for p in (ROOT / "chapters").glob("*.md")))
def test_each_explorer_is_predicted_first_and_revealed_after(book_root: Path, chapter: str):
    text = (book_root / "chapters" / chapter).read_text(encoding="utf-8")
    kinds = [kind for _, kind in _blocks(text)]
    assert "predict" in kinds
    for index, kind in enumerate(kinds):
        if kind == "explorer":
            before = [k for k in kinds[:index] if k != "section"]
            assert before and before[-1] == "predict", (
                f"{chapter}: explorer {index} has no prediction prompt just before it"
            )
        if kind == "predict":
            after = kinds[index + 1 :]
            assert "reveal" in after and after.index("reveal") < (
                after.index("predict") if "predict" in after else len(after)
            ), f"{chapter}: a prediction prompt is never revealed"
    for reveal in REVEAL.finditer(text):
        body = reveal["body"]
        assert "**The common wrong prediction.**" in body and "**Why it is wrong.**" in body, reveal["title"]


@pytest.mark.parametrize("chapter", sorted(p.name for p in (ROOT / "chapters").glob("*.md")))
def test_each_chapter_ends_with_a_self_check_on_its_own_objectives(book_root: Path, chapter: str):
    path = book_root / "chapters" / chapter
    text = path.read_text(encoding="utf-8")
    assert "## Self-check" in text and text.index("## Self-check") < text.index("## Key takeaways"), chapter
    section = text[text.index("## Self-check") : text.index("## Key takeaways")]
    assert ":tags: [remove-input]" in section and "quiz(" in section
    assert "Choice(" in section and "Number(" in section, f"{chapter}: at least one choice and one number"
    named = set(re.findall(r'objective="([A-Z]{2}\d)"', section))
    assert named and named <= set(front_matter(path)["objectives"]), f"{chapter}: {named}"


def test_no_notebook_files_are_committed(book_root: Path):
    tracked = [p for p in book_root.rglob("*.ipynb") if "_build" not in p.parts and ".venv" not in p.parts]
    assert not tracked


def test_every_cited_key_is_in_the_bibliography(book_root: Path):
    bib = (book_root / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    cited: set[str] = set()
    for page in book_root.glob("**/*.md"):
        if "_build" in page.parts or ".venv" in page.parts:
            continue
        for group in re.findall(r"\{cite:[tp]\}`([^`]+)`", page.read_text(encoding="utf-8")):
            cited.update(key.strip() for key in group.split(","))
    assert cited <= keys, cited - keys


@pytest.mark.parametrize("name", ["_config.yml", "_toc.yml"])
def test_book_configuration_parses(book_root: Path, name: str):
    assert yaml.safe_load((book_root / name).read_text(encoding="utf-8"))


def test_repository_url_lives_in_one_place(book_root: Path):
    config = yaml.safe_load((book_root / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"]
    tracked = subprocess.run(["git", "ls-files"], cwd=book_root, capture_output=True, text=True, check=True)
    mentions = [
        name
        for name in tracked.stdout.splitlines()
        if "/" not in name
        and Path(name).suffix in {".yml", ".md", ".toml", ".txt"}
        and url in (book_root / name).read_text(encoding="utf-8")
    ]
    assert mentions == ["_config.yml"]  # build outputs such as _config.student.yml are not sources


def test_the_sites_chinese_font_covers_every_chinese_character(book_root: Path, student_site: Path):
    from dilemma import fonts

    missing = fonts.characters(book_root) - fonts.covered(fonts.SUBSET)
    assert not missing, f"regenerate the font subset with `python -m dilemma.fonts`: {sorted(missing)}"
    assert (student_site / "_static" / "fonts" / "dilemma-cjk.woff2").exists()
    assert (student_site / "_static" / "fonts" / "OFL.txt").exists()


def test_the_build_reads_every_notebook_from_the_parallel_cache(book_root: Path, student_site: Path):
    """``editions.prime_cache`` runs the notebooks in parallel and stores them under the very hash
    MyST-NB looks up: one cache record per notebook means the build executed none a second time."""
    from jupyter_cache import get_cache

    notebooks = [
        p for p in editions.toc_files(book_root) if "```{code-cell}" in p.read_text(encoding="utf-8")
    ]
    records = get_cache(str(student_site.parent / ".jupyter_cache")).list_cache_records()
    assert sorted(Path(r.uri).name for r in records) == sorted(p.name for p in notebooks)
    assert editions.prime_cache(book_root, student_site.parent / ".jupyter_cache") == {}


def test_toc_files_names_a_missing_page(tmp_path: Path):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: chapters/nope\n")
    (tmp_path / "intro.md").write_text("# Intro\n")
    with pytest.raises(FileNotFoundError, match="chapters/nope"):
        editions.toc_files(tmp_path)


def test_the_guide_shows_marking_guides_in_the_instructor_edition_only(
    student_site: Path, instructor_site: Path
):
    from dilemma import teaching

    student = (student_site / "instructor" / "guide.html").read_text(encoding="utf-8")
    instructor = (instructor_site / "instructor" / "guide.html").read_text(encoding="utf-8")
    labels = [exercise.label for exercise in teaching.exercises(ROOT)]
    assert "appears here, and under each exercise, in the" in student
    assert len(re.findall(r"about \d+ minutes; \d+ points", instructor)) == len(labels)
    assert not re.search(r"about \d+ minutes; \d+ points", student)


def test_the_guides_downloads_exist_and_the_students_copies_hold_no_solution(student_site: Path):
    guide = (student_site / "instructor" / "guide.html").read_text(encoding="utf-8")
    links = sorted(set(re.findall(r'href="\.\./(_sources/exercises/[^"]+)"', guide)))
    pages = sorted((ROOT / "exercises").glob("*.md"))
    assert len(links) == 2 * len(pages)
    for link in links:
        copy = (student_site / link).read_text(encoding="utf-8")
        assert "{solution" not in copy and "Marking guide" not in copy, link
        assert "{exercise}" in copy, link
