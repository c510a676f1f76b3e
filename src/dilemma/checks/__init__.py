"""Check functions students call on their exercise answers.

Every check returns a :class:`Feedback`: it is truthy when the answer is right, and
it shows as one or two plain sentences in the notebook. A check never raises: a
missing answer, a wrong type or an out-of-range value gets a sentence saying what
to fix.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return ("Correct. " if self.correct else "Not yet. ") + self.message

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return ("**Correct.** " if self.correct else "**Not yet.** ") + self.message


NO_ANSWER = "No answer yet: replace `None` with your answer and run the cell again."


def _kind(value: object) -> str:
    names = {
        str: "a piece of text",
        list: "a list",
        tuple: "a tuple",
        dict: "a dictionary",
        bool: "True/False",
    }
    return names.get(type(value), f"a {type(value).__name__}")


def check_number(
    answer: object,
    expected: float,
    *,
    tolerance: float,
    what: str,
    hint: str,
    explanation: str,
    low: float | None = None,
    high: float | None = None,
) -> Feedback:
    """Compare a numeric answer with ``expected`` within ``tolerance``.

    Parameters
    ----------
    answer : object
        Whatever the student assigned.
    expected : float
        The right value, computed from the model.
    tolerance : float
        Largest accepted absolute error.
    what : str
        What the answer is, for messages ("the trust threshold").
    hint : str
        Sentence shown for a wrong value.
    explanation : str
        Sentence shown for a right value.
    low, high : float, optional
        Range a sensible answer lies in; an answer outside it gets its own message.
    """
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if isinstance(answer, str):
        try:
            float(answer)
        except ValueError:
            return Feedback(
                False, f"{what.capitalize()} should be a number, but your answer is the text {answer!r}."
            )
        return Feedback(
            False, f"Your answer is the text {answer!r}: remove the quotation marks so that it is a number."
        )
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return Feedback(
            False,
            f"{what.capitalize()} should be a single number (like 0.25), but your answer is {_kind(answer)}.",
        )
    value = float(answer)
    if not math.isfinite(value):
        return Feedback(False, f"Your answer is {value}, which is not a finite number.")
    if high == 1 and low == 0 and 1 < value <= 100 and abs(value / 100 - expected) <= tolerance:
        return Feedback(False, "That looks like a percentage: give it as a probability between 0 and 1.")
    if (low is not None and value < low) or (high is not None and value > high):
        return Feedback(
            False, f"{what.capitalize()} must lie between {low:g} and {high:g}; yours is {value:g}."
        )
    if abs(value - expected) <= tolerance:
        return Feedback(True, explanation)
    return Feedback(False, hint)
