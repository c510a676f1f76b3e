"""The book as a course: objectives, exercises, syllabi and discussion questions.

Everything here is read from the book's own sources, so the instructor guide can
never disagree with the chapters:

* each chapter's learning objectives from its front matter (``objectives: {ID: text}``);
* each exercise from its ``{exercise}`` block on the exercise pages: label, title,
  the objectives it assesses and its time (``*Assesses:* SD3 · *Time:* about 20
  minutes``), whether a check function marks it, and the marking guide in its
  solution (``**Marking guide (N points).**``);
* the suggested syllabi (``instructor/syllabus.yml``) and discussion questions
  (``instructor/discussion.yml``).

:func:`problems` lists every way these sources disagree (an objective no exercise
assesses, an exercise naming an unknown objective, a syllabus naming an exercise that
does not exist …), each naming the file and the item; the tests fail on any of them.
The ``*_markdown`` functions write the guide's generated tables as MyST Markdown; the
Sphinx directives in :mod:`dilemma.sphinxext` put them on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import yaml

CHAPTERS = "chapters"
EXERCISES = "exercises"
SYLLABUS = Path("instructor") / "syllabus.yml"
DISCUSSION = Path("instructor") / "discussion.yml"
PLANS = ("two-week", "full-course")

_LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=\s*$", re.M)
_TITLE = re.compile(r"^# (?P<title>.+)$", re.M)
_EXERCISE = re.compile(r"^```\{exercise\}(?P<title>[^\n]*)\n(?P<body>.*?)^```\s*$", re.M | re.S)
_META = re.compile(
    r"\*Assesses:\*\s*(?P<ids>[A-Z0-9, ]+?)\s*(?:·\s*\*Time:\*\s*about\s+(?P<minutes>\d+)\s+minutes)?\s*$",
    re.M,
)
_SOLUTION = re.compile(r"^```\{solution(?:-start)?\}\s+(?P<label>[\w-]+)", re.M)
_GUIDE = re.compile(
    r"^\*\*Marking guide \((?:(?P<part>[^)]*?),\s*)?(?P<points>\d+) points?\)\.\*\*(?P<text>.*)",
    re.M | re.S,
)
_CHECK = re.compile(r"\bch\d\.check_\w+\(|\bcapstone\.check_\w+\(")
_READING = re.compile(
    r"\*\*Time to read:\*\*\s*about\s+(\d+)\s+minutes(?:,\s*plus\s+(\d+)(?:[–-](\d+))?\s+minutes)?"
)


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def _label_and_title(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    label, title = _LABEL.search(text), _TITLE.search(text)
    if not label or not title:
        raise ValueError(f"{path}: a page needs a (label)= line and a '# Title'")
    return label["label"], title["title"].strip()


def _pages(root: Path, folder: str) -> list[Path]:
    return sorted((Path(root) / folder).glob("*.md"))


def reading_minutes(path: Path) -> int:
    """Minutes a chapter says it takes (reading plus the explorers, upper bound)."""
    found = _READING.search(path.read_text(encoding="utf-8"))
    if not found:
        raise ValueError(f"{path}: no '**Time to read:** about N minutes' line")
    extra = found.group(3) or found.group(2) or 0
    return int(found.group(1)) + int(extra)


def chapters(root: Path | str = ".") -> pd.DataFrame:
    """One row per chapter: number, label, title, file, reading minutes."""
    rows = []
    for path in _pages(Path(root), CHAPTERS):
        label, title = _label_and_title(path)
        rows.append(
            {
                "number": int(path.name.split("-", 1)[0]),
                "label": label,
                "title": title,
                "file": f"{CHAPTERS}/{path.name}",
                "minutes": reading_minutes(path),
            }
        )
    return pd.DataFrame(rows)


def objectives(root: Path | str = ".") -> pd.DataFrame:
    """One row per learning objective: id, text, and the chapter that sets it."""
    rows = []
    for path in _pages(Path(root), CHAPTERS):
        label, title = _label_and_title(path)
        for key, text in (_front_matter(path).get("objectives") or {}).items():
            rows.append({"objective": key, "text": text, "chapter": label, "chapter_title": title})
    return pd.DataFrame(rows, columns=["objective", "text", "chapter", "chapter_title"])


@dataclass(frozen=True)
class Exercise:
    """One exercise as its page declares it."""

    page: str
    page_label: str
    label: str
    title: str
    assesses: tuple[str, ...]
    minutes: int | None
    checked: bool
    guide_points: int | None
    guide_part: str | None
    guide: str | None


def _solution_text(text: str, label: str, start: int) -> str | None:
    """The text of the solution for ``label`` (a fenced one or a gated one)."""
    for found in _SOLUTION.finditer(text, start):
        if found["label"] != label:
            continue
        rest = text[found.end() :]
        if text[found.start() :].startswith("```{solution-start}"):
            end = rest.find("```{solution-end}")
            return rest if end < 0 else rest[:end]
        end = re.search(r"^```\s*$", rest, re.M)
        return rest if end is None else rest[: end.start()]
    return None


def exercises(root: Path | str = ".") -> list[Exercise]:
    """Every exercise on the exercise pages, in book order."""
    found = []
    for path in _pages(Path(root), EXERCISES):
        text = path.read_text(encoding="utf-8")
        page_label, _ = _label_and_title(path)
        blocks = list(_EXERCISE.finditer(text))
        for index, block in enumerate(blocks):
            body = block["body"]
            label = re.search(r"^:label:\s*(\S+)", body, re.M)
            meta = _META.search(body)
            label_text = label.group(1) if label else ""
            solution = _solution_text(text, label_text, block.end()) or ""
            following = text[
                block.end() : blocks[index + 1].start() if index + 1 < len(blocks) else len(text)
            ]
            tasks = following.split("{solution", 1)[0]  # the student's cells, before the solution
            guide = _GUIDE.search(solution)
            found.append(
                Exercise(
                    page=f"{EXERCISES}/{path.name}",
                    page_label=page_label,
                    label=label_text,
                    title=block["title"].strip(),
                    assesses=tuple(i.strip() for i in meta["ids"].split(",") if i.strip()) if meta else (),
                    minutes=int(meta["minutes"]) if meta and meta["minutes"] else None,
                    checked=bool(_CHECK.search(tasks)),
                    guide_points=int(guide["points"]) if guide else None,
                    guide_part=guide["part"] if guide else None,
                    guide=guide["text"].strip() if guide else None,
                )
            )
    return found


def exercises_table(root: Path | str = ".") -> pd.DataFrame:
    """:func:`exercises` as a table."""
    return pd.DataFrame([vars(exercise) for exercise in exercises(root)])


def objectives_map(root: Path | str = ".") -> pd.DataFrame:
    """Objective → chapter → the exercises that assess it (labels, in book order)."""
    table = objectives(root)
    assessed: dict[str, list[str]] = {key: [] for key in table["objective"]}
    for exercise in exercises(root):
        for key in exercise.assesses:
            assessed.setdefault(key, []).append(exercise.label)
    table["exercises"] = [tuple(assessed[key]) for key in table["objective"]]
    return table


def _load_yaml(root: Path, name: Path) -> dict:
    path = root / name
    if not path.exists():
        raise FileNotFoundError(f"{name}: missing (the instructor guide reads it)")
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{name}: not valid YAML: {error}") from None
    if not isinstance(loaded, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return loaded


def syllabus(root: Path | str = ".") -> dict:
    """The suggested syllabi (``instructor/syllabus.yml``), keyed by plan."""
    return _load_yaml(Path(root), SYLLABUS)


def discussion(root: Path | str = ".") -> dict[str, list[dict]]:
    """The discussion questions (``instructor/discussion.yml``), keyed by chapter label."""
    return _load_yaml(Path(root), DISCUSSION)


def problems(root: Path | str = ".") -> list[str]:
    """Every disagreement between objectives, exercises, syllabi and discussion questions."""
    root = Path(root)
    found: list[str] = []
    table = objectives_map(root)
    known = set(table["objective"])
    duplicated = table["objective"][table["objective"].duplicated()]
    found += [f"objective {key} is set by more than one chapter" for key in duplicated]
    for row in table.itertuples():
        if not row.exercises:
            found.append(f"objective {row.objective} ({row.chapter}) is assessed by no exercise")
    labels: set[str] = set()
    for exercise in exercises(root):
        where = f"{exercise.page}, exercise {exercise.label or repr(exercise.title)}"
        if not exercise.label:
            found.append(f"{where}: no :label:")
        if exercise.label in labels:
            found.append(f"{where}: label used twice")
        labels.add(exercise.label)
        if not exercise.assesses:
            found.append(f"{where}: names no objective (*Assesses:* …)")
        unknown = sorted(set(exercise.assesses) - known)
        if unknown:
            found.append(f"{where}: names unknown objectives {', '.join(unknown)}")
        if exercise.minutes is None:
            found.append(f"{where}: no time estimate (· *Time:* about N minutes)")
        if exercise.guide_points is None:
            found.append(f"{where}: its solution has no '**Marking guide (N points).**' paragraph")
    chapter_labels = set(chapters(root)["label"])
    try:
        questions = discussion(root)
    except (FileNotFoundError, ValueError) as error:
        return [*found, str(error)]
    ids = set()
    for chapter, items in questions.items():
        if chapter not in chapter_labels:
            found.append(f"{DISCUSSION}: {chapter!r} is not a chapter label")
        for item in items or []:
            ids.add(item.get("id"))
            for field in ("id", "question", "sides", "running_it"):
                if not item.get(field):
                    found.append(f"{DISCUSSION}: {chapter} question {item.get('id', '?')}: no {field!r}")
    for chapter in sorted(chapter_labels - set(questions)):
        found.append(f"{DISCUSSION}: no questions for {chapter}")
    try:
        plans = syllabus(root)
    except (FileNotFoundError, ValueError) as error:
        return [*found, str(error)]
    pages = {exercise.page_label for exercise in exercises(root)}
    for plan in PLANS:
        if plan not in plans:
            found.append(f"{SYLLABUS}: no plan {plan!r}")
            continue
        for number, session in enumerate(plans[plan].get("sessions") or [], start=1):
            where = f"{SYLLABUS}: {plan} session {number}"
            for chapter in session.get("chapters") or []:
                if chapter not in chapter_labels:
                    found.append(f"{where}: unknown chapter {chapter!r}")
            for label in [*(session.get("exercises") or []), *(session.get("optional") or [])]:
                if label not in labels and label not in pages:
                    found.append(f"{where}: unknown exercise {label!r}")
            for key in session.get("discussion") or []:
                if key not in ids:
                    found.append(f"{where}: unknown discussion question {key!r}")
            if not session.get("title") or not session.get("in_class"):
                found.append(f"{where}: needs a title and an in_class plan")
    if "full-course" in plans:
        scheduled = {
            label
            for session in plans["full-course"].get("sessions") or []
            for label in [*(session.get("exercises") or []), *(session.get("optional") or [])]
        }
        covered = {
            c for session in plans["full-course"].get("sessions") or [] for c in session.get("chapters") or []
        }
        for label in sorted(labels - scheduled):
            found.append(f"{SYLLABUS}: full-course never assigns exercise {label}")
        for chapter in sorted(chapter_labels - covered):
            found.append(f"{SYLLABUS}: full-course never reads {chapter}")
    return found


# ---------------------------------------------------------------------------
# The guide's generated tables (MyST Markdown)


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f} h"


def objectives_markdown(root: Path | str = ".") -> str:
    """Objective → chapter → exercises, with links."""
    by_label = {exercise.label: exercise for exercise in exercises(root)}
    rows = [
        [
            f"**{row.objective}**",
            row.text,
            f"{{ref}}`{row.chapter}`",
            _exercise_list(list(row.exercises), by_label),
        ]
        for row in objectives_map(root).itertuples()
    ]
    return _table(["Objective", "Students can …", "Chapter", "Assessed by"], rows)


def _exercise_ref(label: str, by_label: dict[str, Exercise]) -> str:
    """A link to an exercise that shows its title (sphinx-exercise would show only a number)."""
    exercise = by_label.get(label)
    if exercise is None:
        return f"{{ref}}`{label}`"
    title = exercise.title.replace("`", "").replace("<", "(").replace(">", ")")
    return f"{{ref}}`{title} <{label}>`"


def _exercise_list(labels: list[str], by_label: dict[str, Exercise]) -> str:
    return "; ".join(_exercise_ref(label, by_label) for label in labels)


def syllabus_markdown(plan: str, root: Path | str = ".") -> str:
    """A plan: an overview table (session, topic, reading, student time), then each session in full."""
    root = Path(root)
    if plan not in PLANS:
        raise ValueError(f"plan must be one of {PLANS}, got {plan!r}")
    plans = syllabus(root)
    reading = dict(zip(chapters(root)["label"], chapters(root)["minutes"], strict=True))
    by_label = {exercise.label: exercise for exercise in exercises(root)}
    rows, blocks, read = [], [], set()
    for number, session in enumerate(plans[plan]["sessions"], start=1):
        listed = session.get("chapters") or []
        minutes = sum(reading[c] for c in listed if c not in read)
        read.update(listed)
        set_here = session.get("exercises") or []
        minutes += sum(by_label[label].minutes or 0 for label in set_here if label in by_label)
        minutes += int(session.get("extra_minutes", 0))
        chapters_cell = ", ".join(f"{{ref}}`{c}`" for c in listed) or "—"
        if session.get("reading_note"):
            chapters_cell += f" ({session['reading_note']})"
        when = str(session.get("when", number))
        rows.append([when, session["title"], chapters_cell, str(len(set_here)), _hours(minutes)])
        lines = [f"**{when}: {session['title']}** (student time about {_hours(minutes)})", ""]
        lines.append(f"- *Read before:* {chapters_cell}")
        lines.append(f"- *In class:* {' '.join(session['in_class'].split())}")
        lines.append(f"- *Exercises set:* {_exercise_list(set_here, by_label) or '—'}")
        if session.get("optional"):
            lines.append(f"- *Alternative:* {_exercise_list(session['optional'], by_label)}")
        lines.append(f"- *Discussion:* {', '.join(session.get('discussion') or []) or '—'}")
        blocks.append("\n".join(lines))
    header = ["Session", "Topic", "Read before", "Exercises", "Student time"]
    intro = f"*{plans[plan]['title']}*: {plans[plan]['format']}. "
    intro += "Student time is reading plus the exercises set.\n\n"
    return intro + _table(header, rows) + "\n\n" + "\n\n".join(blocks) + "\n"


def discussion_markdown(root: Path | str = ".") -> str:
    """The discussion questions, chapter by chapter, with the sides each sets against each other."""
    root = Path(root)
    titles = dict(zip(chapters(root)["label"], chapters(root)["title"], strict=True))
    parts = []
    for chapter, items in discussion(root).items():
        parts.append(f"### {titles.get(chapter, chapter)}\n\nFor {{ref}}`{chapter}`.\n")
        for item in items:
            sides = "\n".join(
                f"  - *{side['who']}*: {' '.join(side['reading'].split())}" for side in item["sides"]
            )
            parts.append(
                f"**{item['id']}.** {' '.join(item['question'].split())}\n\n"
                f"- Sides to set against each other:\n{sides}\n"
                f"- *Running it:* {' '.join(item['running_it'].split())}\n"
            )
    return "\n".join(parts)


def marking_markdown(root: Path | str = ".") -> str:
    """Every exercise's marking guide, page by page (for the instructor edition)."""
    parts, page = [], None
    for exercise in exercises(root):
        if exercise.page_label != page:
            page = exercise.page_label
            parts.append(f"### {{ref}}`{page}`\n")
        kind = "checked and written" if exercise.checked else "written"
        part = f", {exercise.guide_part}" if exercise.guide_part else ""
        link = _exercise_ref(exercise.label, {exercise.label: exercise})
        parts.append(
            f"**{link}** ({kind}; about {exercise.minutes} minutes; "
            f"{exercise.guide_points} points{part}). {exercise.guide}\n"
        )  # the guide runs to the end of its solution: it may hold a table or a deductions paragraph
    return "\n".join(parts)


def _config(root: Path) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))


def launch_links(page: str, root: Path | str = ".") -> dict[str, str]:
    """Binder and JupyterHub links that open ``page`` (e.g. ``exercises/01-….md``) as a notebook.

    The same URLs as the launch buttons of the book's theme, built from ``repository``
    and ``launch_buttons`` in ``_config.yml``.
    """
    config = _config(Path(root))
    url = config["repository"]["url"].rstrip("/")
    branch = config["repository"].get("branch", "main")
    org_repo = url.split("github.com/", 1)[1]
    links = {}
    launch = config.get("launch_buttons", {})
    if launch.get("binderhub_url"):
        links["Binder"] = (
            f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{org_repo}/{branch}?urlpath=lab/tree/{page}"
        )
    if launch.get("jupyterhub_url"):
        links["JupyterHub"] = nbgitpuller_link(launch["jupyterhub_url"], page, root)
    return links


def nbgitpuller_link(hub_url: str, page: str | None = None, root: Path | str = ".") -> str:
    """A JupyterHub link that pulls the book's repository with nbgitpuller and opens ``page``.

    The first click clones the repository (``repository.url`` and ``branch`` in
    ``_config.yml``) into the student's home on the hub; later clicks merge the book's
    updates into that copy without overwriting the student's edits. JupyterLab then
    opens ``page`` (e.g. ``chapters/01-security-dilemma.md``), or the repository's
    folder when ``page`` is None. The launch buttons' *JupyterHub* links are built here.

    Parameters
    ----------
    hub_url
        The hub's address, e.g. ``https://jupyterhub.example.edu``.
    page
        A file of the book, relative to ``root``; None opens the folder.
    root
        The book's root (the folder holding ``_config.yml``).

    Raises
    ------
    ValueError
        If ``hub_url`` is not an http(s) address or ``page`` is not a file of the book.
    """
    root = Path(root)
    if not isinstance(hub_url, str) or not re.match(r"https?://[^/\s]+", hub_url):
        raise ValueError(
            f"hub_url must be the hub's http(s) address (https://hub.example.edu), not {hub_url!r}"
        )
    if page is not None and not (root / page).is_file():
        raise ValueError(f"page {page!r} is not a file of the book in {root}")
    repository = _config(root)["repository"]
    url = repository["url"].rstrip("/")
    branch = repository.get("branch", "main")
    folder = f"lab/tree/{url.split('/')[-1]}"  # nbgitpuller's clone is named as the repository is
    urlpath = f"{folder}/{page}" if page else folder
    return (
        f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(url, safe='/:')}"
        f"&urlpath={quote(urlpath, safe='/')}&branch={quote(branch, safe='/')}"
    )


def downloads_markdown(root: Path | str = ".", prefix: str = "../") -> str:
    """Per exercise page: the notebook and source downloads and the launch links.

    ``prefix`` leads from the guide's page to the site's root.
    """
    root = Path(root)
    counts: dict[str, list[Exercise]] = {}
    for exercise in exercises(root):
        counts.setdefault(exercise.page, []).append(exercise)
    rows = []
    for page, items in counts.items():
        stem = page.rsplit(".", 1)[0]
        label = items[0].page_label
        links = " · ".join(f"[{name}]({link})" for name, link in launch_links(page, root).items())
        minutes = sum(item.minutes or 0 for item in items)
        rows.append(
            [
                f"{{ref}}`{label}`",
                str(len(items)),
                _hours(minutes),
                f"[.ipynb]({prefix}_sources/{stem}.ipynb) · [.md]({prefix}_sources/{page})",
                links or "—",
            ]
        )
    return _table(["Exercise page", "Exercises", "Student time", "Download", "Open live"], rows)


# ---------------------------------------------------------------------------
# Student copies: the exercise pages without their solutions

_FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}")
_GATE_OPEN = re.compile(r"^`{3,}\{solution-start\}")
_GATE_CLOSE = re.compile(r"^`{3,}\{solution-end\}")


@dataclass
class _Gate:
    """Where a line-by-line reader is: outside, in a fenced solution, or in a gated one."""

    fence: str | None = None  # the closing fence of a ```{solution} block
    gated: bool = False  # between solution-start and solution-end
    closing: str | None = None  # the fence that closes the solution-start/-end directive itself


def _keep(lines: list[str], gate: _Gate) -> list[str]:
    kept = []
    for line in lines:
        bare = line.rstrip("\n")
        if gate.closing is not None:  # the directive line's own closing fence
            if bare.strip() == gate.closing:
                gate.closing = None
            continue
        if gate.fence is not None:
            if bare.strip() == gate.fence:
                gate.fence = None
            continue
        if gate.gated:
            if _GATE_CLOSE.match(bare):
                gate.gated = False
                gate.closing = bare[: len(bare) - len(bare.lstrip("`"))] or "```"
            continue
        opened = _FENCE_OPEN.match(bare)
        if opened:
            gate.fence = opened["fence"]
            continue
        if _GATE_OPEN.match(bare):
            gate.gated = True
            continue
        kept.append(line)
    return kept


def _tidy(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text)


def student_markdown(text: str) -> str:
    """An exercise page's MyST source with every solution (fenced or gated) removed."""
    return _tidy("".join(_keep(text.splitlines(keepends=True), _Gate())))


def student_notebook(notebook: dict) -> dict:
    """An exercise notebook (nbformat JSON) with every solution removed.

    A gated solution spans cells (its code cells sit between ``solution-start`` and
    ``solution-end``): those cells go, and markdown cells keep only their text outside it.
    """
    gate, cells = _Gate(), []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        lines = source if isinstance(source, list) else source.splitlines(keepends=True)
        if cell.get("cell_type") == "code":
            if gate.gated or gate.fence is not None:
                continue
            cells.append(cell)
            continue
        kept = _tidy("".join(_keep(lines, gate))).strip("\n")
        if kept:
            cells.append({**cell, "source": kept})
    return {**notebook, "cells": cells}
