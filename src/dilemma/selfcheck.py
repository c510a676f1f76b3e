"""Self-checks: short questions at the end of a chapter that answer back with no kernel.

A chapter builds its self-check in one code cell::

    from dilemma.selfcheck import Choice, Number, Option, quiz

    quiz(
        "security-dilemma",
        Choice(
            "Who coined the term *security dilemma*?",
            Option("John Herz", correct=True, why="Herz named it in 1950."),
            Option("Robert Jervis", why="Jervis formalised it in 1978, after Herz and Butterfield."),
            objective="SD1",
        ),
        Number(
            "At an offence advantage of 0.5, what is the trust threshold?",
            answer=games.trust_threshold(games.security_game(offence=0.5)).p,
            tolerance=0.01,
            why="...",
            mistakes={1 / 3: "That is 1 - p, the probability that the rival arms."},
            objective="SD3",
        ),
    )

The result renders as plain HTML (radio buttons, a number field, a *Check* button and a
feedback line that screen readers announce) with a small inline script. It works the same
on the static site, in Jupyter and in Binder; it asks no server anything. Numeric answers
are computed by the book's models when the page is built, so a self-check cannot drift
from the model it asks about.

Every wrong option carries its own explanation (``why``); numeric questions can name
common wrong values (``mistakes``) with an explanation each, and otherwise say whether
the answer is too high or too low.
"""

from __future__ import annotations

import html
import json
import math
import numbers
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from markdown_it import MarkdownIt

__all__ = ["Choice", "Number", "Option", "Quiz", "quiz"]

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_OBJECTIVE = re.compile(r"^[A-Z]{2}\d$")


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value.strip()


def _objective(value: object) -> str | None:
    if value is None:
        return None
    text = _text(value, "objective")
    if not _OBJECTIVE.match(text):
        raise ValueError(f"objective must be a chapter objective id such as 'SD3', got {value!r}")
    return text


def _finite(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


@dataclass(frozen=True)
class Option:
    """One answer to a :class:`Choice` question.

    Parameters
    ----------
    text : str
        The answer as the reader sees it (Markdown inline syntax and ``$...$`` maths).
    correct : bool
        Whether this is the right answer. Exactly one option of a question is.
    why : str
        Feedback shown when the reader picks this option: for a wrong option, what
        the mistake is; for the right one, why it is right.
    """

    text: str
    correct: bool = False
    why: str = ""

    def __post_init__(self) -> None:
        _text(self.text, "Option text")
        if not isinstance(self.correct, bool):
            raise TypeError(f"Option correct must be True or False, got {self.correct!r}")
        _text(self.why, f"Option {self.text!r}: why")


@dataclass(frozen=True)
class Choice:
    """A multiple-choice question with exactly one right option.

    Parameters
    ----------
    prompt : str
        The question (Markdown inline syntax and ``$...$`` maths).
    *options : Option
        Two or more answers, exactly one of them ``correct``; each with its ``why``.
    objective : str, optional
        The chapter objective the question checks (e.g. "SD3").
    """

    prompt: str
    options: tuple[Option, ...]
    objective: str | None = None

    def __init__(self, prompt: str, *options: Option, objective: str | None = None) -> None:
        object.__setattr__(self, "prompt", _text(prompt, "Choice prompt"))
        if len(options) < 2:
            raise ValueError(f"Choice {prompt!r}: give at least two options, got {len(options)}")
        for option in options:
            if not isinstance(option, Option):
                raise TypeError(
                    f"Choice {prompt!r}: options must be Option(...), got {type(option).__name__}"
                )
        right = sum(option.correct for option in options)
        if right != 1:
            raise ValueError(f"Choice {prompt!r}: exactly one option must be correct, got {right}")
        texts = [option.text for option in options]
        if len(set(texts)) != len(texts):
            raise ValueError(f"Choice {prompt!r}: two options have the same text")
        object.__setattr__(self, "options", tuple(options))
        object.__setattr__(self, "objective", _objective(objective))

    def key(self) -> dict:
        return {
            "kind": "choice",
            "answer": next(i for i, option in enumerate(self.options) if option.correct),
            "why": [_inline(option.why) for option in self.options],
        }


@dataclass(frozen=True)
class Number:
    """A question whose answer is a number, right within ``tolerance``.

    Parameters
    ----------
    prompt : str
        The question.
    answer : float
        The right answer; compute it with the book's models, don't type it in.
    tolerance : float
        Largest accepted distance from ``answer`` (> 0); say in the prompt how
        precisely to answer (e.g. "to two decimal places").
    why : str
        The explanation shown with the verdict.
    mistakes : dict of float to str
        Common wrong answers and what each gets wrong; an answer within
        ``tolerance`` of one of them gets that explanation.
    unit : str, optional
        Shown after the input field (e.g. "days").
    hint : str, optional
        Shown with "too high" / "too low" when a wrong answer is none of the ``mistakes``.
    objective : str, optional
        The chapter objective the question checks (e.g. "SD3").
    """

    prompt: str
    answer: float
    tolerance: float
    why: str
    mistakes: dict[float, str] = field(default_factory=dict)
    unit: str = ""
    hint: str = ""
    objective: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "prompt", _text(self.prompt, "Number prompt"))
        answer = _finite(self.answer, f"Number {self.prompt!r}: answer")
        tolerance = _finite(self.tolerance, f"Number {self.prompt!r}: tolerance")
        if tolerance <= 0:
            raise ValueError(f"Number {self.prompt!r}: tolerance must be > 0, got {tolerance}")
        _text(self.why, f"Number {self.prompt!r}: why")
        if not isinstance(self.mistakes, dict):
            raise TypeError(f"Number {self.prompt!r}: mistakes must be a dict of value to explanation")
        mistakes = {}
        for value, why in self.mistakes.items():
            wrong = _finite(value, f"Number {self.prompt!r}: mistake value")
            if abs(wrong - answer) <= tolerance:
                raise ValueError(
                    f"Number {self.prompt!r}: mistake {wrong} is within the tolerance of the answer {answer}"
                )
            mistakes[wrong] = _text(why, f"Number {self.prompt!r}: mistake {wrong}")
        if not isinstance(self.unit, str):
            raise TypeError(f"Number {self.prompt!r}: unit must be text")
        if not isinstance(self.hint, str):
            raise TypeError(f"Number {self.prompt!r}: hint must be text")
        object.__setattr__(self, "answer", answer)
        object.__setattr__(self, "tolerance", tolerance)
        object.__setattr__(self, "mistakes", mistakes)
        object.__setattr__(self, "objective", _objective(self.objective))

    def key(self) -> dict:
        return {
            "kind": "number",
            "answer": self.answer,
            "tolerance": self.tolerance,
            "why": _inline(self.why),
            "mistakes": [[value, _inline(why)] for value, why in self.mistakes.items()],
            "hint": _inline(self.hint) if self.hint.strip() else "",
        }


Question = Choice | Number


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


_MATH_CLASS = "math notranslate nohighlight"  # as Sphinx marks inline maths for MathJax
_MATH = re.compile(r"(?<![\\$])\$([^$\n]+?)\$")


def _inline(text: str) -> str:
    """Inline Markdown (emphasis, code, links) as HTML; raw HTML in ``text`` is escaped.

    ``$...$`` becomes inline maths as Sphinx writes it (``\\(...\\)`` in a ``math``
    span), which MathJax typesets on the site and JupyterLab in a notebook.
    """
    formulas: list[str] = []

    def hold(match: re.Match[str]) -> str:
        formulas.append(match.group(1))
        return f"@@math{len(formulas) - 1}@@"

    rendered = _markdown().renderInline(_MATH.sub(hold, text))
    return re.sub(
        r"@@math(\d+)@@",
        lambda m: f'<span class="{_MATH_CLASS}">\\({html.escape(formulas[int(m.group(1))])}\\)</span>',
        rendered,
    )


@cache
def _script() -> str:
    return (files("dilemma") / "static" / "dilemma-selfcheck.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Quiz:
    """A chapter's self-check; shows itself as HTML in Jupyter and on the built site."""

    name: str
    questions: tuple[Question, ...]

    def _repr_html_(self) -> str:
        return self.html()

    def html(self) -> str:
        label = 'aria-label="Self-check questions"'
        parts = [f'<section class="dilemma-selfcheck" id="selfcheck-{self.name}" {label}>']
        for number, question in enumerate(self.questions, start=1):
            qid = f"selfcheck-{self.name}-{number}"
            key = html.escape(json.dumps(question.key()), quote=True)
            tag = (
                f'<span class="selfcheck-objective" title="Learning objective">{question.objective}</span>'
                if question.objective
                else ""
            )
            parts.append(f'<form class="selfcheck-question" id="{qid}" data-key="{key}">')
            prompt = f'<span class="selfcheck-number">{number}.</span> {_inline(question.prompt)} {tag}'
            if isinstance(question, Choice):
                parts.append(f'<fieldset><legend class="selfcheck-prompt">{prompt}</legend>')
                for index, option in enumerate(question.options):
                    parts.append(
                        f'<label class="selfcheck-option"><input type="radio" name="{qid}" value="{index}"> '
                        f"<span>{_inline(option.text)}</span></label>"
                    )
                parts.append("</fieldset>")
            else:
                unit = (
                    f' <span class="selfcheck-unit">{html.escape(question.unit)}</span>'
                    if question.unit
                    else ""
                )
                parts.append(
                    f'<p class="selfcheck-prompt" id="{qid}-prompt">{prompt}</p>'
                    f'<p><label class="selfcheck-answer">Your answer '
                    f'<input type="text" inputmode="decimal" autocomplete="off" name="{qid}" '
                    f'aria-describedby="{qid}-prompt"></label>{unit}</p>'
                )
            parts.append(
                '<p><button type="submit" class="selfcheck-submit">Check</button></p>'
                '<p class="selfcheck-feedback" role="status" aria-live="polite"></p></form>'
            )
        parts.append(f"<script>{_script()}</script></section>")
        return "".join(parts)


def quiz(name: str, *questions: Question) -> Quiz:
    """A self-check called ``name`` (lower-case letters, digits and hyphens) of ``questions``."""
    if not isinstance(name, str) or not _ID.match(name):
        raise ValueError(f"quiz name must be lower-case letters, digits and hyphens, got {name!r}")
    if not questions:
        raise ValueError(f"quiz {name!r}: give at least one question")
    for question in questions:
        if not isinstance(question, Choice | Number):
            raise TypeError(f"quiz {name!r}: questions must be Choice(...) or Number(...), got {question!r}")
    return Quiz(name, tuple(questions))
