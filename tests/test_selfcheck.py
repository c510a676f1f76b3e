"""Self-checks: a question is well formed or refused with its name, and its HTML carries
the key the page checks answers against (the browser test in test_site.py answers them)."""

from __future__ import annotations

import html
import json
import re

import pytest

from dilemma.selfcheck import Choice, Number, Option, quiz

RIGHT = Option("Herz", correct=True, why="He named it in 1950.")
WRONG = Option("Jervis", why="Jervis came later.")


def keys(markup: str) -> list[dict]:
    return [json.loads(html.unescape(key)) for key in re.findall(r'data-key="([^"]*)"', markup)]


def test_a_choice_needs_exactly_one_right_option():
    with pytest.raises(ValueError, match="exactly one option must be correct, got 0"):
        Choice("Who?", WRONG, Option("Glaser", why="No."))
    with pytest.raises(ValueError, match="exactly one option must be correct, got 2"):
        Choice("Who?", RIGHT, Option("Butterfield", correct=True, why="Also."))
    with pytest.raises(ValueError, match="at least two options"):
        Choice("Who?", RIGHT)


def test_every_option_explains_itself():
    with pytest.raises(ValueError, match="Option 'Jervis': why must not be empty"):
        Option("Jervis")


def test_a_number_refuses_a_bad_tolerance_and_a_mistake_that_would_count_as_right():
    with pytest.raises(ValueError, match="tolerance must be > 0"):
        Number("How much?", answer=0.5, tolerance=0, why="Because.")
    with pytest.raises(ValueError, match=r"mistake 0\.505 is within the tolerance"):
        Number("How much?", answer=0.5, tolerance=0.01, why="Because.", mistakes={0.505: "Close."})
    with pytest.raises(ValueError, match="answer must be finite"):
        Number("How much?", answer=float("nan"), tolerance=0.1, why="Because.")
    with pytest.raises(TypeError, match="answer must be a real number, got str"):
        Number("How much?", answer="0.5", tolerance=0.1, why="Because.")


def test_objectives_are_chapter_ids():
    with pytest.raises(ValueError, match="objective must be a chapter objective id"):
        Choice("Who?", RIGHT, WRONG, objective="objective one")


def test_a_quiz_has_a_name_and_questions():
    with pytest.raises(ValueError, match="quiz name"):
        quiz("Chapter 1", Choice("Who?", RIGHT, WRONG))
    with pytest.raises(ValueError, match="at least one question"):
        quiz("chapter-1")


def test_the_page_carries_the_key_in_the_order_shown():
    markup = quiz(
        "one",
        Choice("Who named it?", WRONG, RIGHT, objective="SD1"),
        Number("Half of one?", answer=0.5, tolerance=0.01, why="One over two.", mistakes={2.0: "Inverted."}),
    ).html()
    choice, number = keys(markup)
    assert choice == {"kind": "choice", "answer": 1, "why": ["Jervis came later.", "He named it in 1950."]}
    assert number["answer"] == 0.5 and number["mistakes"] == [[2.0, "Inverted."]]
    assert markup.count("<form") == 2 and 'aria-live="polite"' in markup and "SD1" in markup
    assert markup.count("<script>") == 1


def test_text_is_markdown_and_maths_and_never_raw_html():
    markup = quiz(
        "one", Choice("Is $\\omega < 1$ *small*?", Option("<b>yes</b>", correct=True, why="Yes."), WRONG)
    ).html()
    assert r'<span class="math notranslate nohighlight">\(\omega &lt; 1\)</span>' in markup
    assert "<em>small</em>" in markup and "&lt;b&gt;yes&lt;/b&gt;" in markup and "<b>yes</b>" not in markup
