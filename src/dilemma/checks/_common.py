"""Helpers shared by the checks of chapters 2 and 3.

They add to :func:`dilemma.checks.check_number` what those chapters need: a
number check that survives integers too large for a float and pandas or NumPy
containers, a bisection that finds where a model changes its verdict, and a check
for answers given as a dictionary of labels.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

import pandas as pd

from . import NO_ANSWER, Feedback, check_number

_CONTAINERS = {"Series", "DataFrame", "ndarray", "Index"}


def as_number(answer: object) -> float | None:
    """``answer`` as a finite float, or ``None`` when it is not one plain finite real number."""
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return None
    try:
        value = float(answer)
    except (OverflowError, TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def near(value: float | None, target: float | None, tolerance: float) -> bool:
    """Whether ``value`` lies within ``tolerance`` of ``target`` (False when either is missing)."""
    return value is not None and target is not None and abs(value - target) <= tolerance


def number(answer: object, expected: float, **options: object) -> Feedback:
    """:func:`dilemma.checks.check_number`, with two more answers it would not handle well.

    A pandas Series or NumPy array gets a sentence on how to take one number out of
    it, and an integer too large for a float gets a sentence instead of an error.
    Keyword arguments are passed on to ``check_number``.
    """
    if type(answer).__name__ in _CONTAINERS:
        return Feedback(
            False,
            f"Your answer is a {type(answer).__name__}, a container of values: take the single number "
            "out of it, for example with float(...) or .iloc[0].",
        )
    if isinstance(answer, numbers.Integral) and not isinstance(answer, bool):
        try:
            float(answer)
        except OverflowError:
            return Feedback(False, "Your answer is a whole number far too large to be right.")
    return check_number(answer, expected, **options)  # type: ignore[arg-type]


def boundary(holds: Callable[[float], bool], low: float, high: float, tolerance: float = 1e-9) -> float:
    """The point in [low, high] where ``holds`` switches from False to True, by bisection.

    ``holds`` must be False at ``low`` and True at ``high`` (or change only once in
    between); the answer is the first point found at which it holds.
    """
    if holds(low):
        return low
    while high - low > tolerance:
        middle = (low + high) / 2
        if holds(middle):
            high = middle
        else:
            low = middle
    return high


def normalise(label: str, aliases: Mapping[str, str]) -> str:
    """Lower case, single spaces, straight apostrophes, and known synonyms replaced."""
    text = " ".join(label.strip().lower().replace("’", "'").replace("-", " ").split())
    return aliases.get(text, text)


def check_labels(
    answers: object,
    expected: Mapping[str, str],
    *,
    allowed: tuple[str, ...],
    aliases: Mapping[str, str],
    example: str,
    hint: str,
    explanation: str,
) -> Feedback:
    """Check a dictionary that gives one label (a piece of text) per key.

    Parameters
    ----------
    answers : object
        Whatever the student assigned.
    expected : mapping
        The right label for each key, computed from the model.
    allowed : tuple of str
        The labels a student may use.
    aliases : mapping
        Other spellings accepted for the allowed labels (keys in normalised form).
    example : str
        An example dictionary, shown when the answer is not a dictionary.
    hint : str
        Sentence added when some labels are wrong.
    explanation : str
        Sentence shown when every label is right.
    """
    if answers is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(answers, dict):
        return Feedback(False, f"Give your answers as a dictionary, like {example}.")
    keys = ", ".join(expected)
    missing = [key for key in expected if key not in answers]
    if missing:
        return Feedback(False, f"Your dictionary has no answer for {', '.join(missing)}.")
    unknown = [str(key) for key in answers if key not in expected]
    if unknown:
        return Feedback(False, f"There is no case {', '.join(unknown)}: use the keys {keys}.")
    not_text = [key for key in expected if not isinstance(answers[key], str)]
    if not_text:
        return Feedback(False, f"Give each answer in words (a piece of text); check {', '.join(not_text)}.")
    unrecognised = [key for key in expected if normalise(answers[key], aliases) not in allowed]
    if unrecognised:
        names = ", ".join(f'"{name}"' for name in allowed)
        return Feedback(
            False, f"Use one of the labels {names}; check the answer given for {', '.join(unrecognised)}."
        )
    wrong = [key for key in expected if normalise(answers[key], aliases) != expected[key]]
    if wrong:
        verb = "is" if len(wrong) == 1 else "are"
        return Feedback(False, f"{len(wrong)} of {len(expected)} {verb} wrong ({', '.join(wrong)}). {hint}")
    return Feedback(True, explanation)


# --- The events dataset, for the data exercises; never raising -----------------------------------

_LOAD_HINT = (
    "Run `from dilemma import data; data.events()` to see the error; if the file is missing or "
    "malformed, tell your instructor."
)


@cache
def _load_events(directory: str, stamp: float) -> pd.DataFrame:
    from .. import data  # loaded on first use, so that importing the checks stays quick

    del stamp  # part of the cache key only: a changed file is read again
    return data.events(directory)


def load_events(directory: Path | str | None = None) -> pd.DataFrame:
    """The events dataset (``data/events.csv`` unless ``directory`` is given), re-read if it changed."""
    from .. import data

    folder = Path(directory) if directory is not None else data.DATA_DIR
    try:
        stamp = os.stat(folder / "events.csv").st_mtime
    except OSError:
        stamp = -1.0
    return _load_events(str(folder), stamp)


def events_or_feedback(directory: Path | str | None, *needed: str) -> pd.DataFrame | Feedback:
    """The dataset, or the Feedback explaining why a check cannot use it (missing file, row or id)."""
    try:
        frame = load_events(directory)
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The events dataset could not be loaded ({error}). {_LOAD_HINT}")
    ids = set(frame["id"])
    missing = [event for event in needed if event not in ids]
    if missing:
        names = ", ".join(repr(event) for event in missing)
        return Feedback(
            False,
            f"The events dataset has no event {names}, which this exercise needs; the ids may have "
            "changed. Look the event up in `data.events()` and tell your instructor.",
        )
    return frame


# --- Whole numbers and gaps in days --------------------------------------------------------------


def whole(answer: object, unit: str, example: str) -> int | Feedback:
    """The answer as a whole number of ``unit``, or the Feedback saying why it is not one."""
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if isinstance(answer, str):
        return Feedback(False, f"Give a whole number of {unit}, like {example}, not the text {answer!r}.")
    if isinstance(answer, pd.Timedelta):
        return Feedback(False, "Your answer is a time difference: take its number of days with `.days`.")
    if type(answer).__name__ in {"Series", "DataFrame", "ndarray", "Index"}:
        return Feedback(False, f"Your answer is a {type(answer).__name__}: take the single number out of it.")
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return Feedback(
            False, f"Give a whole number of {unit}, like {example}; your answer is a {type(answer).__name__}."
        )
    value = as_number(answer)
    if value is None:
        if isinstance(answer, numbers.Integral):
            return Feedback(False, "Your answer is a whole number far too large to be right.")
        return Feedback(False, f"Your answer is {answer}, which is not a finite number.")
    if value != math.floor(value):
        return Feedback(False, f"Count a whole number of {unit}; {value:g} is not one.")
    return int(value)


def day_gap_hint(days: int, expected: int, first: str, second: str) -> Feedback:
    """Feedback on a wrong number of days from event ``first`` to event ``second``.

    Names the usual slips (sign reversed, both end days counted, one day short, weeks or
    months instead of days), else says how to compute the gap.
    """
    if days == -expected:
        return Feedback(False, "The sign is reversed: count from the earlier event to the later one.")
    if days == expected + 1:
        return Feedback(
            False,
            "You are one day over: that counts both the first and the last day. The gap between two "
            "dates is their difference, as `data.days_between` gives it.",
        )
    if days == expected - 1:
        return Feedback(
            False, "You are one day short: subtract the dates rather than counting the days between."
        )
    if expected and days in {round(expected / 7), math.floor(expected / 7)}:
        return Feedback(False, "That looks like weeks: give the gap in days.")
    if expected and days in {round(expected / 30.44), math.floor(expected / 30.44)}:
        return Feedback(False, "That looks like months: give the gap in days.")
    return Feedback(
        False,
        f"Look up the two dates in `events` (ids {first!r} and {second!r}) and subtract them, or call "
        f"`data.days_between(events, {first!r}, {second!r})`.",
    )
