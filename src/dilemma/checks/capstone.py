"""Checks and helpers for the capstone exercise, "Capstone: your own scenario".

A student builds one scenario of the US–China generative-AI race in four steps and
hands in a table of it (:func:`summary`) with a policy memo:

1. an event of 2025 or later from ``data/events.csv`` (:func:`check_event`);
2. its place on Jervis's four-worlds map, with a cited justification
   (:func:`check_placement`, drawn by :func:`map_chart`);
3. parameter values for two of the book's models, each with a cited justification
   (:func:`check_models`, run by :func:`results`);
4. a policy memo of 600–900 words (:func:`check_memo`).

Nothing here is a model. The event is looked up in the dataset when the check runs,
so rows added later (of 2026, say) count at once; the placement is assessed with
:func:`dilemma.worlds.assess` and drawn on the cells of :func:`dilemma.worlds.four_worlds`;
the models' parameters, labels and ranges are read from the explorers' ``Param``
declarations in :mod:`dilemma.explorers`, never declared again here, and the models
are run by the explorer's own model function (:meth:`dilemma.explorer.Explorer.evaluate`)
or by the model module (:func:`dilemma.race.disasters`, :func:`dilemma.levers.effects`).
A citation is a bibtex key of the book's ``references.bib`` (written as
``{cite:p}`key``` or as the bare key) or a web address.

Every check returns a :class:`~dilemma.checks.Feedback` and never raises: a missing
answer, a wrong type or an out-of-range value gets a sentence saying what to fix. The
checks see form, not quality: whether a source is good, a placement defensible or a
memo persuasive is for the rubric and the marker.
"""

from __future__ import annotations

import difflib
import functools
import math
import numbers
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import data, worlds
from . import NO_ANSWER, Feedback, _kind
from ._common import as_number, events_or_feedback, load_events

if TYPE_CHECKING:
    import altair as alt

    from ..explorer import Explorer, Param

DATA_DIRECTORY: Path | None = None
"""Folder holding ``datapackage.json`` and ``events.csv``; ``None`` means the book's ``data/``.

Tests point it at a copy; readers never need to change it.
"""

BIBLIOGRAPHY: Path | None = None
"""The bibtex file whose keys count as citations; ``None`` means the book's ``references.bib``."""

EARLIEST = pd.Timestamp("2025-01-01")
"""The earliest date an event may have: the capstone is about 2025 and after."""

MEMO_WORDS: tuple[int, int] = (600, 900)
"""Shortest and longest memo, in words (citations and web addresses not counted)."""

MEMO_CITATIONS = 2
"""Fewest distinct sources a memo must cite."""

PLACEMENT_WORDS = 30
"""Fewest words a placement's justification must have (citations not counted)."""

PARAMETER_WORDS = 5
"""Fewest words each parameter's justification must have (citations not counted)."""

PLACEMENT_KEYS: tuple[str, ...] = ("offence", "distinguishability", "fear", "justification")
"""The keys of a placement dictionary (step 2)."""

_PLACEMENT_ALIASES = {
    "offense": "offence",
    "omega": "offence",
    "ω": "offence",
    "offence advantage": "offence",
    "offence_advantage": "offence",
    "delta": "distinguishability",
    "δ": "distinguishability",
    "phi": "fear",
    "φ": "fear",
    "why": "justification",
    "reason": "justification",
    "reasons": "justification",
}

_PLACEMENT_LABELS = {
    "offence": "Offence advantage ω",
    "distinguishability": "Distinguishability δ",
    "fear": "Fear φ",
}

_EXAMPLE_PLACEMENT = (
    '{"offence": 0.7, "distinguishability": 0.3, "fear": 0.5, '
    '"justification": "… {cite:p}`bjpir2025chatgpt` …"}'
)
_EXAMPLE_MODELS = (
    '{"race": {"teams": (2, "why … {cite:p}`key`"), "enmity": (0.8, "why … {cite:p}`key`")}, '
    '"adoption": {...}}'
)


def _never_raises(check: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Turn any unexpected error inside a check into a sentence (a check must never raise)."""

    @functools.wraps(check)
    def wrapper(*args: object, **kwargs: object) -> Feedback:
        try:
            return check(*args, **kwargs)
        except Exception as error:  # a check must never raise
            return Feedback(
                False,
                f"The check failed unexpectedly ({type(error).__name__}: {error}); tell your instructor.",
            )

    return wrapper


# --- Citations -------------------------------------------------------------------------------------

_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
_URL = re.compile(r"https?://[^\s<>()\[\]{}\"'`]+")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.-]*[A-Za-z0-9]")
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")


def _bibliography_path() -> Path:
    return BIBLIOGRAPHY if BIBLIOGRAPHY is not None else data.DATA_DIR.parent / "references.bib"


@cache
def _read_keys(path: str, stamp: float) -> frozenset[str]:
    del stamp  # part of the cache key only: a changed file is read again
    text = Path(path).read_text(encoding="utf-8")
    return frozenset(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.M))


def bibliography_keys() -> frozenset[str] | None:
    """The keys of the book's bibliography, or ``None`` if the file cannot be read."""
    path = _bibliography_path()
    try:
        return _read_keys(str(path), os.stat(path).st_mtime)
    except (OSError, UnicodeDecodeError):
        return None


@dataclass(frozen=True)
class Citations:
    """What a piece of text cites.

    Attributes
    ----------
    keys : tuple of str
        Bibtex keys of ``references.bib`` found in it, in a ``{cite:p}`` role or bare.
    urls : tuple of str
        Web addresses found in it.
    unknown : tuple of str
        Keys written in a ``{cite:p}`` role that ``references.bib`` does not hold.
    """

    keys: tuple[str, ...]
    urls: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def count(self) -> int:
        """Number of distinct sources cited (keys and web addresses)."""
        return len(self.keys) + len(self.urls)


def citations(text: str) -> Citations:
    """The sources ``text`` cites: bibtex keys (in ``{cite:p}`…``` or bare) and web addresses.

    Parameters
    ----------
    text : str
        A justification or a memo.

    Returns
    -------
    Citations
        When ``references.bib`` cannot be read, every key written in a role counts
        as cited (it cannot be verified) and bare keys are not recognised.
    """
    known = bibliography_keys()
    urls = list(dict.fromkeys(url.rstrip(".,;:") for url in _URL.findall(text)))
    rest = _URL.sub(" ", text)
    in_roles = [key.strip() for group in _ROLE.findall(rest) for key in group.split(",") if key.strip()]
    if known is None:
        return Citations(tuple(dict.fromkeys(in_roles)), tuple(urls), ())
    lowered = {key.lower(): key for key in known}
    bare = [
        lowered[token.lower()] for token in _TOKEN.findall(_ROLE.sub(" ", rest)) if token.lower() in lowered
    ]
    found = [key for key in in_roles if key in known] + bare
    unknown = [key for key in in_roles if key not in known]
    return Citations(tuple(dict.fromkeys(found)), tuple(urls), tuple(dict.fromkeys(unknown)))


def word_count(text: str) -> int:
    """Words in ``text``, leaving out citation roles and web addresses.

    A word is a run of letters or digits, with inner apostrophes, hyphens and full
    stops ("state's", "dual-use", "0.8" each count once).
    """
    plain = _ROLE.sub(" ", _URL.sub(" ", text))
    return len(_WORD.findall(plain))


def _citation_problem(text: str, where: str) -> str | None:
    """A sentence if ``text`` cites nothing, or cites keys not in the bibliography."""
    found = citations(text)
    if found.unknown:
        names = ", ".join(f"`{key}`" for key in found.unknown)
        close = _suggest(found.unknown[0], sorted(bibliography_keys() or ()))
        return f"{where} cites {names}, which references.bib does not hold{close}."
    if found.count == 0:
        return (
            f"{where} cites nothing: name a source as {{cite:p}}`key` with a key from references.bib "
            "(or the bare key), or give a web address."
        )
    return None


def _suggest(name: str, options: list[str], *, prefix: str = " (did you mean ", suffix: str = "?)") -> str:
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.7)
    return prefix + " or ".join(f"`{option}`" for option in close) + suffix if close else ""


# --- Step 1: the event -----------------------------------------------------------------------------


def events() -> pd.DataFrame:
    """The events dataset the checks read (see :data:`DATA_DIRECTORY`); a bad file raises naming it."""
    return load_events(DATA_DIRECTORY)


def recent_events() -> pd.DataFrame:
    """The events a student may choose: those dated :data:`EARLIEST` or later, oldest first."""
    frame = events()
    chosen = frame[frame["date"] >= EARLIEST]
    return chosen[["id", "date", "label", "actor", "country", "category"]].reset_index(drop=True)


def _event_row(answer: object) -> pd.Series | Feedback:
    """The dataset's row for an event id, or the Feedback saying why there is none."""
    frame = events_or_feedback(DATA_DIRECTORY)
    if isinstance(frame, Feedback):
        return frame
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(answer, str):
        return Feedback(
            False, f'Give the event\'s id as text, like "deepseek-r1"; your answer is {_kind(answer)}.'
        )
    given = answer.strip().lower()
    if not given:
        return Feedback(False, 'Your answer is empty: give an event id as text, like "deepseek-r1".')
    ids = list(frame["id"])
    if given in ids:
        return frame[frame["id"] == given].iloc[0]
    labels = {
        str(label).strip().lower(): str(key) for key, label in zip(frame["id"], frame["label"], strict=True)
    }
    if given in labels:
        return Feedback(False, f'That is the label of an event; give its id, "{labels[given]}".')
    recent = [str(key) for key, date in zip(frame["id"], frame["date"], strict=True) if date >= EARLIEST]
    close = difflib.get_close_matches(given, recent, n=3, cutoff=0.5) or difflib.get_close_matches(
        given, ids, n=3, cutoff=0.5
    )
    hint = (
        "The nearest ids are " + ", ".join(f'"{key}"' for key in close) + "."
        if close
        else "List the events you may choose with `capstone.recent_events()`."
    )
    return Feedback(False, f"The events dataset has no event with the id {answer.strip()!r}. {hint}")


def _day(date: pd.Timestamp) -> str:
    """A date as "20 January 2025"."""
    return f"{date.day} {date:%B %Y}"


def _event_or_none(answer: object) -> pd.Series | None:
    """The row of a valid capstone event (dated :data:`EARLIEST` or later), else ``None``."""
    row = _event_row(answer)
    if isinstance(row, Feedback) or row["date"] < EARLIEST:
        return None
    return row


def _links(frame: pd.DataFrame, event: str) -> tuple[list[str], list[str]]:
    """Ids of the events ``event`` answers and of the later events that answer it."""
    earlier: list[str] = []
    later: list[str] = []
    for key, answers in zip(frame["id"], frame["responds_to"], strict=True):
        answers = list(answers) if isinstance(answers, list | tuple) else []
        if key == event:
            earlier = [str(a) for a in answers]
        elif event in answers:
            later.append(str(key))
    return earlier, later


@_never_raises
def check_event(answer: object) -> Feedback:
    """Step 1 (ex-cap-event): an event of :data:`EARLIEST` or later, by its id in ``data/events.csv``.

    Parameters
    ----------
    answer : object
        What the student assigned: an event id, as text.

    Returns
    -------
    Feedback
        On success, the event's date, actor, label and source; for an unknown id,
        the nearest ids; for an event before :data:`EARLIEST`, its date.
    """
    row = _event_row(answer)
    if isinstance(row, Feedback):
        return row
    date: pd.Timestamp = row["date"]
    if date < EARLIEST:
        return Feedback(
            False,
            f'"{row["id"]}" ({row["label"]}) is dated {_day(date)}, before {_day(EARLIEST)}. '
            "The capstone asks for an event of 2025 or later: list them with `capstone.recent_events()`.",
        )
    frame = events_or_feedback(DATA_DIRECTORY)
    earlier, later = _links(frame, str(row["id"])) if isinstance(frame, pd.DataFrame) else ([], [])
    links = ""
    if earlier:
        links += f" A source links it to earlier events: {', '.join(earlier)}."
    if later:
        links += f" Later events linked to it by a source: {', '.join(later)}."
    return Feedback(
        True,
        f'"{row["id"]}": {row["label"]}, {_day(date)}. Actor: {row["actor"]} ({row["country"]}); '
        f"category: {row['category']}. Source: {row['source_title']} <{row['source_url']}>.{links} "
        "Read the source itself, say what kind of source it is, and look for a reading of the event "
        "from another side.",
    )


# --- Step 2: the placement -------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """A checked placement on the four-worlds map (step 2)."""

    offence: float
    distinguishability: float
    fear: float
    justification: str

    def assess(self) -> worlds.Assessment:
        """The four-worlds model at this point (:func:`dilemma.worlds.assess`)."""
        return worlds.assess(self.offence, self.distinguishability, self.fear)


def _number_problem(
    what: str, value: object, low: float, high: float, *, whole: bool = False, percent: bool = False
) -> str | None:
    """A sentence saying why ``value`` is not a number in [low, high], or ``None`` if it is one."""
    if value is None:
        return f"{what} is still `None`: replace it with a number."
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return f"{what} should be a number, not the text {value!r}."
        return f"{what} is the text {value!r}: remove the quotation marks so that it is a number."
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return f"{what} should be a number; yours is {_kind(value)}."
    number = as_number(value)
    if number is None:
        return f"{what} is {value!r}, which is not a finite number."
    if whole and number != math.floor(number):
        return f"{what} counts whole units; {number:g} is not a whole number."
    if not low <= number <= high:
        extra = (
            ": it looks like a percentage; give a number between 0 and 1"
            if percent and 1 < number <= 100
            else ""
        )
        return f"{what} = {number:g} is outside the allowed range {low:g} to {high:g}{extra}."
    return None


def _placement(answer: object) -> Placement | Feedback:
    """The placement as a :class:`Placement`, or the Feedback saying what to fix."""
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(answer, Mapping):
        return Feedback(
            False,
            f"Give your placement as a dictionary, like {_EXAMPLE_PLACEMENT}; "
            f"your answer is {_kind(answer)}.",
        )
    values: dict[str, object] = {}
    unknown: list[str] = []
    for key, value in answer.items():
        name = " ".join(str(key).strip().lower().split())
        name = _PLACEMENT_ALIASES.get(name, name)
        if name in PLACEMENT_KEYS:
            values[name] = value
        else:
            unknown.append(str(key))
    if unknown:
        key = unknown[0]
        return Feedback(
            False,
            f"Your placement has a key {key!r} the map does not know"
            f"{_suggest(key.lower(), list(PLACEMENT_KEYS))} Use the keys {', '.join(PLACEMENT_KEYS)}.",
        )
    if all(values.get(key) is None for key in PLACEMENT_KEYS):
        return Feedback(False, NO_ANSWER)
    missing = [key for key in PLACEMENT_KEYS if key not in values]
    if missing:
        return Feedback(
            False, f"Your placement has no {', '.join(missing)}: give all of {', '.join(PLACEMENT_KEYS)}."
        )
    problems = [
        problem
        for key, label in _PLACEMENT_LABELS.items()
        if (problem := _number_problem(f"{label} (`{key}`)", values[key], 0.0, 1.0, percent=True))
    ]
    if problems:
        return Feedback(False, " ".join(problems))
    text = values["justification"]
    if text is None:
        return Feedback(False, "Your justification is still `None`: write one paragraph, with a citation.")
    if not isinstance(text, str):
        return Feedback(False, f"Give the justification as text (a piece of text); yours is {_kind(text)}.")
    return Placement(
        offence=float(values["offence"]),  # type: ignore[arg-type]
        distinguishability=float(values["distinguishability"]),  # type: ignore[arg-type]
        fear=float(values["fear"]),  # type: ignore[arg-type]
        justification=text,
    )


def _placement_or_none(answer: object) -> Placement | None:
    parsed = _placement(answer)
    return parsed if isinstance(parsed, Placement) else None


def _assessment_lines(a: worlds.Assessment) -> tuple[str, str, str]:
    """The four-worlds model's verdict at a point, in three short sentences' worth of text."""
    if a.game == "prisoner's dilemma":
        need = "no trust makes restraint pay"
    elif a.intensity == 0:
        need = "restraint pays whatever the rival does"
    else:
        need = f"restraint needs trust of {a.intensity:.0%}"
    return (
        f"Jervis's world: {a.world}",
        f"Effective offence ω(1 − δ) = {a.effective_offence:.2f}: a {a.game}; {need}",
        f"your trust 1 − φ is {a.trust:.0%}, so a security seeker would {a.decision}",
    )


def _assessment_text(a: worlds.Assessment) -> str:
    world, game, decision = _assessment_lines(a)
    return f"{world}. {game}, {decision}"


@_never_raises
def check_placement(placement: object) -> Feedback:
    """Step 2 (ex-cap-place): offence, distinguishability and fear in [0, 1], with a cited justification.

    Parameters
    ----------
    placement : object
        What the student assigned: a dictionary with the keys of :data:`PLACEMENT_KEYS`.

    Returns
    -------
    Feedback
        The world, game and decision of :func:`dilemma.worlds.assess` at the point,
        and whether restraint is rational there; not yet while a value is missing or
        out of range (named), or the justification is too short or cites nothing.
    """
    parsed = _placement(placement)
    if isinstance(parsed, Feedback):
        return parsed
    a = parsed.assess()
    rational = "rational" if a.decision == "restrain" else "not rational"
    result = f"{_assessment_text(a)}: restraint is {rational} at this point."
    words = word_count(parsed.justification)
    if words < PLACEMENT_WORDS:
        return Feedback(
            False,
            f"{result} But your justification has {words} words: write one paragraph (at least "
            f"{PLACEMENT_WORDS} words) saying why each of the three values, with a citation.",
        )
    problem = _citation_problem(parsed.justification, "Your justification")
    if problem:
        return Feedback(False, f"{result} But {problem[0].lower()}{problem[1:]}")
    found = citations(parsed.justification)
    return Feedback(
        True,
        f"{result} Your justification cites {found.count} source{'s' if found.count != 1 else ''}. "
        "Say whether the placement describes the real balance or a perceived one, and whose perception.",
    )


def map_chart(placement: object = None, event: object = None) -> alt.TopLevelMixin:
    """The four-worlds map with the student's point on it, beside the book's own placements.

    Built from the map cells of :func:`dilemma.worlds.four_worlds` at the student's fear
    and the point's :func:`dilemma.worlds.assess`; the book's placements are the presets
    of :data:`dilemma.explorers.FOUR_WORLDS_PRESETS`. Without a valid placement the map is
    drawn at the explorer's default fear with no point. Never raises.

    Parameters
    ----------
    placement : object, optional
        The step 2 dictionary (see :func:`check_placement`).
    event : object, optional
        The step 1 event id; its label names the point.

    Returns
    -------
    altair.LayerChart
        With a title, axis titles and a text description; about 6 kB of inline data.
    """
    import altair as alt

    from .. import explorers
    from ..explorer import inline_csv
    from ..style import INK, VERMILLION

    point = _placement_or_none(placement)
    row = _event_or_none(event)
    name = str(row["label"]) if row is not None else "your event"
    fear = point.fear if point is not None else explorers.FEAR.default
    columns = ["offence", "distinguishability", "effective_offence", "intensity", "game", "decision"]
    size = 340
    layers, x, y = explorers.four_worlds_map(
        alt.Chart(inline_csv(worlds.four_worlds(fear)[columns], 4)), size
    )
    if point is not None:
        a = point.assess()
        spot = alt.Chart(
            alt.InlineData(
                values=[
                    {
                        "offence": point.offence,
                        "distinguishability": point.distinguishability,
                        "name": name,
                        "world": a.world,
                        "game": a.game,
                        "decision": a.decision,
                    }
                ]
            )
        )
        tooltip = [
            alt.Tooltip("name:N", title="Your scenario"),
            alt.Tooltip("world:N", title="Jervis's world"),
            alt.Tooltip("game:N", title="Game"),
            alt.Tooltip("decision:N", title="A security seeker would"),
        ]
        layers.append(
            spot.mark_point(
                shape="circle", size=260, filled=True, color=VERMILLION, stroke=INK, strokeWidth=2
            ).encode(x=x, y=y, tooltip=tooltip)
        )
        above = point.distinguishability < 0.85
        label = {"align": "center", "dy": -20 if above else 20, "fontSize": 12, "fontWeight": "bold"}
        for halo in (True, False):  # white outline first, so the name stays legible over dark cells
            style = {"stroke": "white", "strokeWidth": 4} if halo else {}
            layers.append(
                spot.mark_text(**label, **style).encode(x=x, y=y, text="name:N", color=alt.value(INK))
            )
        world, game, decision = _assessment_lines(a)
        subtitle = [
            f"{name}: ω = {point.offence:g}, δ = {point.distinguishability:g}, φ = {point.fear:g} "
            f"(the dot). {world}.",
            f"{game};",
            f"{decision}.",
            "Diamonds: the book's own placements (chapter 2). ×: a security seeker with your fear arms.",
        ]
        where = (
            f"A vermillion dot marks your scenario, {name}, at offence advantage {point.offence:g} and "
            f"distinguishability {point.distinguishability:g}, with fear {point.fear:g}: "
            f"{_assessment_text(a)}."
        )
    else:
        subtitle = [
            "No placement yet: set offence, distinguishability, fear and a justification above.",
            f"Shaded at the book's default fear φ = {fear:g}. "
            "Diamonds: the book's own placements (chapter 2).",
        ]
        where = f"No placement has been given yet; the map is shaded at fear {fear:g}."
    description = (
        "Jervis's four worlds as a map: offence advantage on the horizontal axis, distinguishability of "
        "offensive and defensive postures on the vertical axis, dashed lines dividing the four worlds. Each "
        "cell is shaded by the trust that restraint needs at its effective offence advantage; a cross marks "
        "cells where a security seeker with the chosen fear would arm, and orange diamonds mark the book's "
        f"own placements from chapter 2. {where}"
    )
    return alt.layer(*layers).properties(
        width=size,
        height=size,
        title=alt.Title("Your scenario on Jervis's four worlds", subtitle=subtitle),
        description=description,
    )


# --- Step 3: two models ----------------------------------------------------------------------------

Row = tuple[str, float, str]
"""One result of a model run: (quantity, value, unit)."""


@dataclass(frozen=True)
class Model:
    """One of the book's models a student may choose in step 3.

    The parameters, their labels and ranges are the explorer's own declarations
    (:attr:`params`); nothing about them is declared here.

    Attributes
    ----------
    name : str
        The name a student uses (a key of :data:`MODELS`).
    factory : str
        The function of :mod:`dilemma.explorers` that returns the model's explorer.
    chapter : str
        Where the book builds the model.
    names : tuple of str
        Phrases that name the model in a memo, besides the explorer's title.
    """

    name: str
    factory: str
    chapter: str
    names: tuple[str, ...]

    def explorer(self) -> Explorer:
        """The model's explorer (cached by :mod:`dilemma.explorers`)."""
        from .. import explorers

        return getattr(explorers, self.factory)()

    @property
    def params(self) -> tuple[Param, ...]:
        """The explorer's parameter declarations: name, label, min, max, step, default, unit."""
        return self.explorer().params

    @property
    def title(self) -> str:
        """The explorer's title, e.g. "Racing to the precipice"."""
        return self.explorer().title

    def required(self) -> tuple[Param, ...]:
        """Parameters the student must set: those passed to the model."""
        return tuple(p for p in self.params if p.in_model)

    def optional(self) -> tuple[Param, ...]:
        """View parameters, which keep the explorer's default unless the student sets them."""
        return tuple(p for p in self.params if not p.in_model)


MODELS: dict[str, Model] = {
    "arms_race": Model("arms_race", "arms_race_explorer", "chapter 3", ("arms race model", "Richardson")),
    "spiral": Model("spiral", "spiral_explorer", "chapter 3", ("spiral model", "tit-for-tat", "tit for tat")),
    "trust": Model("trust", "trust_explorer", "chapter 3", ("trust model", "Kydd", "costly signal")),
    "race": Model("race", "race_explorer", "chapter 6", ("race model", "Armstrong", "precipice")),
    "adoption": Model("adoption", "adoption_explorer", "chapter 8", ("adoption model", "logit", "Bass")),
    "levers": Model("levers", "levers_explorer", "chapter 9", ("levers model", "levers explorer", "levers")),
}
"""The models a student may choose in step 3, keyed by the name the student uses."""

_NOT_HERE = {
    "four_worlds": "the four-worlds map is step 2's model",
    "worlds": "the four-worlds map is step 2's model",
    "security_game": "the security game is the four-worlds map's game, which step 2 already uses",
    "games": "the security game is the four-worlds map's game, which step 2 already uses",
}


def _model_name(key: object) -> str:
    text = " ".join(str(key).strip().lower().replace("-", " ").replace("_", " ").split())
    for name, model in MODELS.items():
        if text in {name.replace("_", " "), model.factory.removesuffix("_explorer").replace("_", " ")}:
            return name
    titles = {model.title.lower(): name for name, model in MODELS.items()}
    return titles.get(text, text.replace(" ", "_"))


def _is_whole(p: Param) -> bool:
    """A count: declared integer, or stepping by 1 between whole numbers."""
    return bool(p.integer) or (float(p.step) == 1 and float(p.min).is_integer() and float(p.max).is_integer())


def model_parameters() -> pd.DataFrame:
    """Every parameter a student may set in step 3, read from the explorers' declarations.

    Returns
    -------
    pandas.DataFrame
        One row per model and parameter: ``model``, ``title``, ``chapter``,
        ``parameter``, ``label``, ``unit``, ``min``, ``max``, ``default``, ``whole``
        (a count) and ``required`` (False for view parameters, which keep their
        default unless set).
    """
    rows = [
        {
            "model": name,
            "title": model.title,
            "chapter": model.chapter,
            "parameter": p.name,
            "label": p.label,
            "unit": p.unit,
            "min": float(p.min),
            "max": float(p.max),
            "default": float(p.default),
            "whole": _is_whole(p),
            "required": bool(p.in_model),
        }
        for name, model in MODELS.items()
        for p in model.params
    ]
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Choice:
    """A checked model choice: the model, its parameter values and their justifications."""

    model: str
    values: dict[str, float]
    justifications: dict[str, str]
    defaulted: tuple[str, ...]


def _entry(entry: object) -> tuple[object, object] | None:
    """(value, justification) from a pair or a {"value": …, "justification": …} dictionary."""
    if isinstance(entry, tuple | list) and len(entry) == 2:
        return entry[0], entry[1]
    if isinstance(entry, Mapping) and "value" in entry:
        why = next((entry[k] for k in ("justification", "why", "source") if k in entry), None)
        return entry["value"], why
    return None


def _choice(name: str, given: object) -> Choice | list[str]:
    """One model's parameters, checked against its explorer's declarations; or the problems found."""
    model = MODELS[name]
    if not isinstance(given, Mapping):
        return [
            f"Give the parameters of {name} as a dictionary of (value, justification) pairs, like "
            f'{{"{model.required()[0].name}": ({model.required()[0].default:g}, "why … {{cite:p}}`key`")}}; '
            f"yours is {_kind(given)}."
        ]
    declared = {p.name: p for p in model.params}
    problems: list[str] = []
    entries: dict[str, object] = {}
    for key, entry in given.items():
        parameter = str(key).strip()
        if parameter not in declared:
            lowered = parameter.lower()
            close = difflib.get_close_matches(lowered, list(declared), n=2, cutoff=0.6) or [
                p.name for p in model.params if lowered and lowered in p.label.lower()
            ]
            hint = f" (did you mean {' or '.join(f'`{c}`' for c in close)}?)" if close else ""
            problems.append(
                f"{name} has no parameter {parameter!r}{hint}; its parameters are {', '.join(declared)}."
            )
            continue
        entries[parameter] = entry
    missing = [p for p in model.required() if p.name not in entries]
    for p in missing:
        problems.append(
            f"{name}: set `{p.name}` ({p.label}, {p.min:g} to {p.max:g}; "
            f"the book's default is {p.default:g})."
        )
    values: dict[str, float] = {}
    reasons: dict[str, str] = {}
    for parameter, entry in entries.items():
        p = declared[parameter]
        pair = _entry(entry)
        where = f"{name}: `{parameter}`"
        if pair is None:
            problems.append(
                f'{where}: give a pair (value, justification), like ({p.default:g}, "why … {{cite:p}}`key`").'
            )
            continue
        value, why = pair
        problem = _number_problem(
            f"{where} ({p.label})", value, float(p.min), float(p.max), whole=_is_whole(p)
        )
        if problem:
            problems.append(problem)
        else:
            values[parameter] = float(value)  # type: ignore[arg-type]
        if not isinstance(why, str) or not why.strip():
            problems.append(f"{where} has no justification: say why this value, and cite a source.")
            continue
        if word_count(why) < PARAMETER_WORDS:
            problems.append(
                f"{where}: the justification is too short to say why this value; write a sentence."
            )
            continue
        cited = _citation_problem(why, f"The justification of {name} `{parameter}`")
        if cited:
            problems.append(cited)
        reasons[parameter] = why
    if problems:
        return problems
    defaulted = tuple(p.name for p in model.optional() if p.name not in values)
    values.update({p.name: float(p.default) for p in model.optional() if p.name not in values})
    return Choice(name, values, reasons, defaulted)


def _choices(models: object) -> list[Choice] | Feedback:
    """The two checked model choices, or the Feedback listing what to fix."""
    if models is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(models, Mapping):
        return Feedback(
            False, f"Give your two models as a dictionary, like {_EXAMPLE_MODELS}; yours is {_kind(models)}."
        )
    names = [_model_name(key) for key in models]
    if len(models) != 2:
        return Feedback(
            False,
            f"Choose exactly two models; your dictionary has {len(models)}. The models: {', '.join(MODELS)}.",
        )
    for key, name in zip(models, names, strict=True):
        if name in _NOT_HERE:
            return Feedback(False, f"{_NOT_HERE[name].capitalize()}: choose two of {', '.join(MODELS)}.")
        if name not in MODELS:
            return Feedback(
                False,
                f"There is no model {str(key)!r}{_suggest(name, list(MODELS))} "
                f"Choose two of {', '.join(MODELS)}.",
            )
    if names[0] == names[1]:
        return Feedback(False, f"Both of your models are {names[0]}: choose two different models.")
    problems: list[str] = []
    choices: list[Choice] = []
    for name, given in zip(names, models.values(), strict=True):
        checked = _choice(name, given)
        if isinstance(checked, Choice):
            choices.append(checked)
        else:
            problems.extend(checked)
    if problems:
        shown = " ".join(problems[:6])
        more = f" (and {len(problems) - 6} more)" if len(problems) > 6 else ""
        return Feedback(False, f"{shown}{more}")
    return choices


def _choices_or_none(models: object) -> list[Choice] | None:
    parsed = _choices(models)
    return parsed if isinstance(parsed, list) else None


# The models, run. Each returns its results as rows and one sentence.


def _run_arms_race(v: Mapping[str, float]) -> tuple[list[Row], str]:
    from .. import arms_race

    frame = (
        MODELS["arms_race"]
        .explorer()
        .evaluate(reaction=v["reaction"], fatigue=v["fatigue"], grievance=v["grievance"])
    )
    outcome = str(frame["outcome"].iloc[0])
    first = frame[frame["start"] == 1]
    end = float(first["x"].iloc[-1])
    rows: list[Row] = [
        (f"Level of the side ahead at the start, year {first['t'].iloc[-1]:g}", end, "Richardson units")
    ]
    x_star = frame["x_star"].iloc[0]
    if not pd.isna(x_star):
        rows.append(("Equilibrium level of each side", float(x_star), "Richardson units"))
    if outcome == "runaway":
        result = f"a runaway race (the chart stops at {arms_race.CAP:g})"
    elif outcome == "disarmament":
        result = "disarmament: both sides run down to zero"
    elif not pd.isna(x_star):
        result = f"a stable race, each side settling at {float(x_star):.2f}"
    else:
        result = outcome
    stable = "fatigue exceeds reaction" if bool(frame["stable"].iloc[0]) else "reaction is not below fatigue"
    sentence = (
        f"{MODELS['arms_race'].title} (reaction {v['reaction']:g}, fatigue {v['fatigue']:g}, grievance "
        f"{v['grievance']:g}): {result}; {stable}."
    )
    return rows, sentence


def _run_spiral(v: Mapping[str, float]) -> tuple[list[Row], str]:
    frame = MODELS["spiral"].explorer().evaluate(noise=v["noise"], generosity=v["generosity"])
    pairs = frame[frame["player"] == 1]
    rows: list[Row] = [
        (f"Share of moves cooperative, {strategy} pair", float(share), "share of moves")
        for strategy, share in zip(pairs["strategy"], pairs["cooperation"], strict=True)
    ]
    shares = ", ".join(
        f"{strategy} {share:.0%}"
        for strategy, share in zip(pairs["strategy"], pairs["cooperation"], strict=True)
    )
    sentence = (
        f"{MODELS['spiral'].title} (noise {v['noise']:g}, generosity {v['generosity']:g}): share of moves "
        f"cooperative over a long seeded match: {shares}."
    )
    return rows, sentence


def _run_trust(v: Mapping[str, float]) -> tuple[list[Row], str]:
    from .. import trust

    frame = MODELS["trust"].explorer().evaluate(prior=v["prior"], cost=v["cost"])
    rounds = round(v["rounds"])
    start = float(frame.loc[frame["round"] == 0, "trust"].iloc[0])
    regime = str(frame["regime"].iloc[0])

    def after(history: str) -> float:
        chosen = frame[(frame["history"] == history) & (frame["round"] == rounds)]
        return float(chosen["trust"].iloc[0])

    restrained, armed = after("restrains every round"), after("arms every round")
    decision = trust.decision(start, v["threshold"])
    rows: list[Row] = [
        ("Trust after the signal stage", start, "probability the rival is a security seeker"),
        (f"Trust after {rounds} rounds of observed restraint", restrained, "probability"),
        (f"Trust after {rounds} rounds of observed arming", armed, "probability"),
    ]
    sentence = (
        f"{MODELS['trust'].title} (prior {v['prior']:g}, signal cost {v['cost']:g}): a {regime} signal, "
        f"trust {start:.0%} after it; against a trust threshold of {v['threshold']:g} a security seeker "
        f"would {decision}. After {rounds} rounds of restraint trust is {restrained:.0%}; after {rounds} "
        f"of arming {armed:.0%}."
    )
    return rows, sentence


def _run_race(v: Mapping[str, float]) -> tuple[list[Row], str]:
    from .. import race

    teams = round(v["teams"])
    risks = race.disasters(teams=teams, enmity=v["enmity"], ratio=v["mu"])
    rows: list[Row] = [
        (f"Probability of an AI disaster, {race.REGIME_LABELS[regime]}", float(risk), "probability")
        for regime, risk in risks.items()
    ]
    shares = ", ".join(f"{race.REGIME_LABELS[regime]} {risk:.1%}" for regime, risk in risks.items())
    sentence = (
        f"{MODELS['race'].title} ({teams} teams, enmity {v['enmity']:g}, capability–risk ratio μ = "
        f"{v['mu']:g}): probability of an AI disaster with {shares}."
    )
    return rows, sentence


def _run_adoption(v: Mapping[str, float]) -> tuple[list[Row], str]:
    from .. import adoption

    frame = (
        MODELS["adoption"]
        .explorer()
        .evaluate(
            price_gap=v["price_gap"],
            capability_gap=v["capability_gap"],
            openness=v["openness"],
            friction_china=v["friction_china"],
        )
    )
    shares = {key: float(frame[key].iloc[0]) for key in adoption.OFFERINGS}
    rows: list[Row] = [
        (f"Share of developers, {adoption.OFFERING_LABELS[key]}", share, "share")
        for key, share in shares.items()
    ]
    listed = ", ".join(f"{adoption.OFFERING_LABELS[key]} {share:.0%}" for key, share in shares.items())
    sentence = (
        f"{MODELS['adoption'].title} (closed model {2 ** v['price_gap']:.3g} times dearer and "
        f"{v['capability_gap']:g} Arena points ahead, value of openness {v['openness']:g}, frictions on the "
        f"Chinese offering {v['friction_china']:g}): shares of developers {listed}."
    )
    return rows, sentence


def _run_levers(v: Mapping[str, float]) -> tuple[list[Row], str]:
    from .. import levers

    frame = levers.effects(**v)
    heads = frame[frame["kind"] == "headline"]
    rows: list[Row] = []
    for item in heads.itertuples():
        rows.append((f"{item.model_label}: {item.label}, baseline", float(item.baseline), str(item.unit)))
        rows.append(
            (f"{item.model_label}: {item.label}, with your levers", float(item.with_levers), str(item.unit))
        )
    better = int((heads["assessment"] == "better").sum())
    worse = int((heads["assessment"] == "worse").sum())
    verdicts = "; ".join(f"{item.model}: {item.verdict} ({item.assessment})" for item in heads.itertuples())
    pulled = ", ".join(f"{k} {x:g}" for k, x in v.items() if x) or "no lever pulled"
    sentence = (
        f"{MODELS['levers'].title} ({pulled}): better than the baseline on {better} of {len(heads)} models, "
        f"worse on {worse}. {verdicts}."
    )
    return rows, sentence


_RUNNERS: dict[str, Callable[[Mapping[str, float]], tuple[list[Row], str]]] = {
    "arms_race": _run_arms_race,
    "spiral": _run_spiral,
    "trust": _run_trust,
    "race": _run_race,
    "adoption": _run_adoption,
    "levers": _run_levers,
}


def _run(choice: Choice) -> tuple[list[Row], str]:
    return _RUNNERS[choice.model](choice.values)


def results(models: object) -> pd.DataFrame:
    """Run the two chosen models at the student's values.

    Parameters
    ----------
    models : dict
        As for :func:`check_models`.

    Returns
    -------
    pandas.DataFrame
        One row per result: ``model``, ``quantity``, ``value``, ``unit``.

    Raises
    ------
    ValueError
        If the choice does not pass :func:`check_models` (the message says why).
    """
    parsed = _choices(models)
    if isinstance(parsed, Feedback):
        raise ValueError(parsed.message)
    rows = [
        {"model": choice.model, "quantity": quantity, "value": value, "unit": unit}
        for choice in parsed
        for quantity, value, unit in _run(choice)[0]
    ]
    return pd.DataFrame(rows, columns=["model", "quantity", "value", "unit"])


@_never_raises
def check_models(models: object) -> Feedback:
    """Step 3 (ex-cap-models): two models, each parameter with a value in range and a cited justification.

    Parameters
    ----------
    models : object
        What the student assigned: a dictionary keyed by two names of :data:`MODELS`,
        each giving a dictionary ``{parameter: (value, justification)}``. Every model
        parameter must be set; view parameters keep the explorer's default unless set.

    Returns
    -------
    Feedback
        On success, one sentence per model reporting what it computes at the student's
        values; otherwise every problem found, by model and parameter (unknown names get
        the closest names, out-of-range values their allowed range).
    """
    parsed = _choices(models)
    if isinstance(parsed, Feedback):
        return parsed
    sentences = []
    for choice in parsed:
        try:
            sentence = _run(choice)[1]
        except Exception as error:  # a check must never raise
            return Feedback(
                False, f"The {choice.model} model could not be run ({error}); tell your instructor."
            )
        if choice.defaulted:
            kept = ", ".join(
                f"`{p.name}` = {p.default:g}"
                for p in MODELS[choice.model].optional()
                if p.name in choice.defaulted
            )
            sentence += f" (Left at the explorer's default: {kept}.)"
        sentences.append(sentence)
    return Feedback(
        True,
        "Both models ran. "
        + " ".join(sentences)
        + " Now interpret: what does each result say about your event, what does each model leave out, and "
        "how would the result change under another source's values?",
    )


# --- Step 4: the memo ------------------------------------------------------------------------------


def _world_phrases(world: str) -> tuple[str, ...]:
    """Ways of naming one of Jervis's worlds: its full label, its short name, and the part after "but"."""
    from .. import levers

    phrases = [world]
    shorts = dict(zip(levers.WORLD_CODES, levers.WORLD_SHORT, strict=True))
    if world in shorts:
        phrases.append(shorts[world])
    for phrase in list(phrases):
        if ", but " in phrase:
            phrases.append(phrase.split(", but ", 1)[1])
    return tuple(dict.fromkeys(phrases))


def _names_model(text: str, name: str) -> bool:
    model = MODELS[name]
    phrases = (name, name.replace("_", " "), model.title, *model.names)
    lowered = " ".join(text.lower().replace("-", " ").split())
    return any(
        re.search(rf"\b{re.escape(' '.join(phrase.lower().replace('-', ' ').split()))}\b", lowered)
        for phrase in phrases
        if phrase not in {"race", "trust", "spiral"}  # too common as words to count on their own
    )


_AUDIENCE = re.compile(r"^\W*to\W*:", flags=re.I | re.M)


@_never_raises
def check_memo(
    memo: object, event: object = None, placement: object = None, models: object = None
) -> Feedback:
    """Step 4 (ex-cap-memo): the memo's form, against the scenario of steps 1–3.

    Parameters
    ----------
    memo : object
        What the student assigned: the memo, as text.
    event, placement, models : object
        The answers of steps 1–3, which the memo must name.

    Returns
    -------
    Feedback
        Correct when the memo has :data:`MEMO_WORDS` words, a "To:" line, names the
        event (its id or label), the world of the placement and both models, and cites
        at least :data:`MEMO_CITATIONS` sources; otherwise what is missing. It cannot
        judge the memo's quality, and says so.
    """
    if memo is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(memo, str):
        return Feedback(
            False, f"Give the memo as text (a piece of text in quotation marks); yours is {_kind(memo)}."
        )
    if not memo.strip():
        return Feedback(
            False, "Your memo is empty: write it as text, or read it from a file with open(...).read()."
        )
    words = word_count(memo)
    low, high = MEMO_WORDS
    missing: list[str] = []
    if words < low:
        missing.append(f"it has {words} words, fewer than {low}")
    elif words > high:
        missing.append(f"it has {words} words, more than {high}: cut it")
    if not _AUDIENCE.search(memo):
        missing.append('it has no "To:" line naming the decision-maker it advises')
    lowered = memo.lower()
    unfinished: list[str] = []
    row = _event_or_none(event)
    if row is None:
        unfinished.append("1")
    elif str(row["id"]).lower() not in lowered and str(row["label"]).lower() not in lowered:
        missing.append(f'it does not name the event ("{row["id"]}" or "{row["label"]}")')
    point = _placement_or_none(placement)
    world = ""
    if point is None:
        unfinished.append("2")
    else:
        world = point.assess().world
        phrases = _world_phrases(world)
        if not any(phrase.lower() in lowered for phrase in phrases):
            missing.append(f'it does not name the world of your placement ("{phrases[-1]}")')
    choices = _choices_or_none(models)
    if choices is None:
        unfinished.append("3")
    else:
        for choice in choices:
            if not _names_model(memo, choice.model):
                model = MODELS[choice.model]
                missing.append(
                    f'it does not name the {choice.model} model (e.g. "{model.title}" or "{model.names[0]}")'
                )
    found = citations(memo)
    if found.count < MEMO_CITATIONS:
        missing.append(
            f"it cites {found.count} source{'s' if found.count != 1 else ''}; cite at least {MEMO_CITATIONS}"
        )
    if found.unknown:
        missing.append(f"it cites {', '.join(f'`{k}`' for k in found.unknown)}, not in references.bib")
    before = ""
    if unfinished:
        steps = " and ".join(unfinished)
        before = (
            f"Step{'s' if len(unfinished) > 1 else ''} {steps} {'are' if len(unfinished) > 1 else 'is'} not "
            "finished yet, so the check cannot see whether the memo names your event, world and models. "
        )
    if missing or unfinished:
        listed = "; ".join(missing)
        return Feedback(False, before + (f"Your memo: {listed}." if listed else ""))
    perspectives = {
        "Chinese": r"\b(China|Chinese|Beijing|PRC)\b",
        "American": r"\b(United States|US|USA|America|American|Washington)\b",
    }
    absent = [side for side, pattern in perspectives.items() if not re.search(pattern, memo)]
    note = f" It never mentions a {' or '.join(absent)} reading; the rubric asks for both." if absent else ""
    return Feedback(
        True,
        f'The memo has the form asked for: {words} words, a "To:" line, the event, the world ({world}), '
        f"both models and {found.count} sources cited.{note} The check cannot judge whether the "
        "recommendation is sound, the readings fairly attributed or the writing clear: the rubric does that.",
    )


# --- The hand-in -----------------------------------------------------------------------------------


def _verdict(feedback: Feedback) -> str:
    return "passes" if feedback else "not yet — " + feedback.message


def summary(
    event: object = None, placement: object = None, models: object = None, memo: object = None
) -> pd.DataFrame:
    """The scenario in one table, to hand in with the memo. Never raises.

    Parameters
    ----------
    event, placement, models, memo : object
        The answers of steps 1–4.

    Returns
    -------
    pandas.DataFrame
        Columns ``step``, ``item``, ``answer`` and ``check`` (the check's verdict).
    """
    rows: list[dict[str, str]] = []

    def add(step: str, item: str, answer: str, check: str = "") -> None:
        rows.append({"step": step, "item": item, "answer": answer, "check": check})

    try:
        verdict = check_event(event)
        row = _event_or_none(event)
        if row is not None:
            add(
                "1",
                "Event",
                f"{row['id']}: {row['label']} ({_day(row['date'])}; {row['actor']})",
                _verdict(verdict),
            )
            add("1", "Its source", f"{row['source_title']} <{row['source_url']}>")
        else:
            add("1", "Event", "" if event is None else repr(event), _verdict(verdict))

        verdict = check_placement(placement)
        point = _placement_or_none(placement)
        if point is not None:
            a = point.assess()
            cited = citations(point.justification)
            add(
                "2",
                "Placement",
                f"ω = {point.offence:g}, δ = {point.distinguishability:g}, φ = {point.fear:g}",
                _verdict(verdict),
            )
            add("2", "What the model says", _assessment_text(a) + ".")
            add("2", "Cited", ", ".join((*cited.keys, *cited.urls)) or "nothing")
        else:
            add("2", "Placement", "", _verdict(verdict))

        verdict = check_models(models)
        choices = _choices_or_none(models)
        if choices is not None:
            for number, choice in enumerate(choices, start=1):
                values = ", ".join(f"{k} = {x:g}" for k, x in choice.values.items())
                add(
                    "3",
                    f"Model {number}",
                    f"{choice.model} ({MODELS[choice.model].title}): {values}",
                    _verdict(verdict),
                )
                keys = {
                    key
                    for why in choice.justifications.values()
                    for key in (*citations(why).keys, *citations(why).urls)
                }
                add("3", f"Model {number}: cited", ", ".join(sorted(keys)))
                try:
                    add("3", f"Model {number}: result", _run(choice)[1])
                except Exception as error:
                    add("3", f"Model {number}: result", f"could not be run ({error})")
        else:
            add("3", "Models", "", _verdict(verdict))

        verdict = check_memo(memo, event, placement, models)
        if isinstance(memo, str) and memo.strip():
            match = _AUDIENCE.search(memo)
            audience = memo[match.end() :].splitlines()[0].strip() if match else "(no To: line)"
            found = citations(memo)
            add(
                "4",
                "Memo",
                f"{word_count(memo)} words, to {audience}; {found.count} sources cited",
                _verdict(verdict),
            )
        else:
            add("4", "Memo", "", _verdict(verdict))
    except Exception as error:  # the hand-in table must never raise
        add("", "Error", f"The summary could not be completed ({error}); tell your instructor.")
    return pd.DataFrame(rows, columns=["step", "item", "answer", "check"])
