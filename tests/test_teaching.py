"""The book as a course: every objective is assessed, every exercise is timed and has a
marking guide, the syllabi and discussion questions name only what exists, and the
student copies of the exercise pages carry no solution."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from dilemma import teaching

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def exercises() -> list[teaching.Exercise]:
    return teaching.exercises(ROOT)


def test_every_objective_is_assessed_by_at_least_one_exercise():
    unassessed = [row.objective for row in teaching.objectives_map(ROOT).itertuples() if not row.exercises]
    assert not unassessed, f"objectives no exercise assesses: {unassessed}"


def test_every_exercise_names_only_objectives_that_a_chapter_sets(exercises):
    known = set(teaching.objectives(ROOT)["objective"])
    for exercise in exercises:
        assert exercise.assesses, f"{exercise.page}: {exercise.label} names no objective"
        assert set(exercise.assesses) <= known, f"{exercise.page}: {exercise.label} names {exercise.assesses}"


def test_every_exercise_has_a_time_estimate_and_a_marking_guide(exercises):
    for exercise in exercises:
        assert exercise.minutes and exercise.minutes % 5 == 0, f"{exercise.label}: time {exercise.minutes}"
        assert exercise.guide_points, f"{exercise.label}: no '**Marking guide (N points).**' in its solution"
        assert exercise.guide, f"{exercise.label}: the marking guide allots no criteria"


def test_the_book_has_no_teaching_problem():
    assert teaching.problems(ROOT) == []


def test_a_problem_names_the_file_and_the_exercise(tmp_path: Path):
    for folder in ("chapters", "exercises", "instructor"):
        (tmp_path / folder).mkdir()
    (tmp_path / "chapters" / "01-one.md").write_text(
        "---\nobjectives:\n  AA1: Explain.\n  AA2: Compute.\n---\n\n(ch-one)=\n# One\n\n"
        "**Time to read:** about 20 minutes.\n",
        encoding="utf-8",
    )
    (tmp_path / "exercises" / "01-one.md").write_text(
        "(ex-one)=\n# Exercises\n\n```{exercise} First\n:label: ex-first\n\n"
        "*Assesses:* AA1, ZZ9\n\nDo it.\n```\n",
        encoding="utf-8",
    )
    found = teaching.problems(tmp_path)
    assert "objective AA2 (ch-one) is assessed by no exercise" in found
    assert "exercises/01-one.md, exercise ex-first: names unknown objectives ZZ9" in found
    assert "exercises/01-one.md, exercise ex-first: no time estimate (· *Time:* about N minutes)" in found
    assert any("ex-first: its solution has no '**Marking guide" in problem for problem in found)
    assert any(problem.startswith("instructor/discussion.yml: missing") for problem in found)


def test_the_syllabi_schedule_every_chapter_and_exercise_of_the_full_course():
    plans = teaching.syllabus(ROOT)
    full = plans["full-course"]["sessions"]
    assert 10 <= len(full) <= 12, "a full course of 10–12 weeks"
    assigned = {label for s in full for label in [*s.get("exercises", []), *s.get("optional", [])]}
    assert {e.label for e in teaching.exercises(ROOT)} <= assigned
    assert set(teaching.chapters(ROOT)["label"]) <= {c for s in full for c in s["chapters"]}
    assert 2 <= len({s["when"].split(",")[0] for s in plans["two-week"]["sessions"]}) <= 2


def test_student_time_adds_reading_to_the_exercises_set():
    table = teaching.syllabus_markdown("two-week", ROOT)
    chapters = teaching.chapters(ROOT).set_index("label")["minutes"]
    minutes = {e.label: e.minutes for e in teaching.exercises(ROOT)}
    first = teaching.syllabus(ROOT)["two-week"]["sessions"][0]
    expected = sum(chapters[c] for c in first["chapters"]) + sum(minutes[x] for x in first["exercises"])
    row = table.splitlines()[4]  # the overview table's first session
    assert row.rstrip(" |").endswith(f"{expected / 60:.1f} h"), row
    assert f"(student time about {expected / 60:.1f} h)" in table


def test_discussion_questions_set_named_readings_against_each_other():
    questions = teaching.discussion(ROOT)
    assert set(questions) == set(teaching.chapters(ROOT)["label"])
    for chapter, items in questions.items():
        assert len(items) >= 2, chapter
        for item in items:
            assert 2 <= len(item["sides"]) <= 3, item["id"]
            for side in item["sides"]:
                assert re.search(r"\(.+\)", side["who"]), (
                    f"{item['id']}: say what kind of source '{side['who']}' is"
                )


GATED = """intro

```{exercise} Compute
:label: ex-a

*Assesses:* AA1 · *Time:* about 10 minutes
```

```{code-cell} ipython3
answer = None
```

```{solution-start} ex-a
:label: sol-a
:class: dropdown
```

The answer is 4.

```{code-cell} ipython3
answer = 4
```

**Marking guide (2 points).** 2 for 4.

```{solution-end}
```

```{exercise} Argue
:label: ex-b

*Assesses:* AA1 · *Time:* about 20 minutes
```

````{solution} ex-b
:label: sol-b

```python
print("a nested fence")
```
**Marking guide (4 points).** 4 for a view.
````

after
"""


def test_a_student_copy_keeps_every_exercise_and_drops_every_solution():
    copy = teaching.student_markdown(GATED)
    assert copy.count("```{exercise}") == 2 and "answer = None" in copy and "after" in copy
    for gone in ("solution", "The answer is 4", "answer = 4", "Marking guide", "nested fence"):
        assert gone not in copy


def test_a_student_notebook_drops_the_code_cells_of_a_gated_solution():
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "```{exercise} Compute\n:label: ex-a\n```"},
        {"cell_type": "code", "metadata": {}, "source": "answer = None", "outputs": []},
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": "```{solution-start} ex-a\n```\n\nThe answer is 4.",
        },
        {"cell_type": "code", "metadata": {}, "source": "answer = 4", "outputs": []},
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": "More.\n\n```{solution-end}\n```\n\n## Next part",
        },
    ]
    copy = teaching.student_notebook({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    sources = [cell["source"] for cell in copy["cells"]]
    assert sources == ["```{exercise} Compute\n:label: ex-a\n```", "answer = None", "## Next part"]


def test_the_exercise_objects_parse_the_book_as_written(exercises):
    by_label = {exercise.label: exercise for exercise in exercises}
    threshold = by_label["ex-sd-threshold"]
    assert threshold.assesses == ("SD3",) and threshold.checked
    assert not by_label["ex-sd-founders"].checked


def test_launch_links_open_the_page_on_binder_and_the_hub():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    links = teaching.launch_links("exercises/01-security-dilemma.md", ROOT)
    repo = config["repository"]["url"].split("github.com/")[1]
    assert links["Binder"].endswith(f"/v2/gh/{repo}/main?urlpath=lab/tree/exercises/01-security-dilemma.md")
    assert "git-pull?repo=" in links["JupyterHub"] and links["JupyterHub"].endswith("&branch=main")


def test_binder_opens_the_markdown_pages_as_notebooks(tmp_path: Path):
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^jupytext==", requirements, re.M) and re.search(r"^-e \.$", requirements, re.M)
    post_build = ROOT / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"
    command = next(line for line in post_build.read_text().splitlines() if line.startswith("jupytext-config"))
    settings = tmp_path / "overrides.json"
    args = shlex.split(command)
    subprocess.run([args[0], "--settings-file", str(settings), *args[1:]], check=True)
    viewers = json.loads(settings.read_text())["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers == {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
