"""Checks for the exercises of chapter 5, "The reactive chain".

The data exercises are checked against ``data/events.csv`` as it stands when the
check runs: every right answer is computed from :func:`dilemma.data.events` (dates,
``responds_to`` links, categories), never typed in, so a corrected row in the
dataset changes the expected answer with it. The constants below are the
exercises' *inputs*: which events and which period each question is about, and,
for the training-cost and source exercises, the figures and sources the chapter
quotes.

If the dataset cannot be loaded, or an event the exercise needs is missing, the
check says so in a sentence instead of raising.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .. import data
from . import NO_ANSWER, Feedback
from ._common import (
    as_number,
    check_labels,
    day_gap_hint,
    events_or_feedback,
    load_events,
    near,
    number,
    whole,
)

DATA_DIRECTORY: Path | None = None
"""Folder holding ``datapackage.json`` and ``events.csv``; ``None`` means the book's ``data/``.

Tests point it at a copy; readers never need to change it.
"""

DRAFT = "cac-draft-measures"
"""China's draft measures for generative-AI services (exercise ex-rc-intervals)."""

FINAL = "interim-measures-published"
"""Publication of the Interim Measures (exercise ex-rc-intervals)."""

EFFECTIVE = "interim-measures-effective"
"""The Interim Measures' entry into force (exercise ex-rc-intervals)."""

R1 = "deepseek-r1"
"""DeepSeek-R1's release (exercises ex-rc-intervals, ex-rc-chain and ex-rc-counts)."""

V3 = "deepseek-v3"
"""DeepSeek-V3's release: a common wrong starting point."""

APP = "deepseek-app-launch"
"""The DeepSeek app's launch: another common wrong starting point."""

MARKET = "nvidia-market-drop"
"""The fall in Nvidia's market value after R1 (exercise ex-rc-intervals)."""

CHAIN_END = "us-chip-controls-2024"
"""The event whose chain of antecedents exercise ex-rc-chain traces back."""

PERIOD_END = pd.Timestamp("2025-02-28")
"""Last day (inclusive) of the period counted in exercise ex-rc-counts; it starts on R1's day."""

GPU_HOURS = 2.788e6
"""H800 GPU hours of DeepSeek-V3's final training run, as its technical report gives them."""

PRICE_PER_GPU_HOUR = 2.0
"""The rental price (US dollars per H800 GPU hour) the report assumes."""

SOURCES: dict[str, str] = {
    "A": "A Chinese foreign-ministry spokesperson's answer at a regular press conference",
    "B": "An unsigned opinion column in the Global Times",
    "C": "A statement by Australia's Minister for Home Affairs",
    "D": "A report by a semiconductor research and consulting firm (SemiAnalysis)",
    "E": "A peer-reviewed article in the British Journal of Politics and International Relations",
    "F": "DeepSeek's technical report on its V3 model",
}
"""The six sources of exercise ex-rc-sources (as the chapter describes them)."""

SOURCE_KINDS: dict[str, str] = {
    "A": "government",
    "B": "state media",
    "C": "government",
    "D": "industry analyst",
    "E": "scholarship",
    "F": "company",
}
"""What kind of source each of :data:`SOURCES` is: the facts the exercise asks about."""

KINDS: tuple[str, ...] = ("government", "state media", "scholarship", "company", "industry analyst")
"""The labels a student may use in exercise ex-rc-sources."""

_KIND_ALIASES = {
    "official": "government",
    "government statement": "government",
    "official statement": "government",
    "ministry": "government",
    "state": "government",
    "state owned media": "state media",
    "state owned outlet": "state media",
    "state run media": "state media",
    "official media": "state media",
    "party media": "state media",
    "media": "state media",
    "academic": "scholarship",
    "peer reviewed": "scholarship",
    "peer reviewed scholarship": "scholarship",
    "scholar": "scholarship",
    "academia": "scholarship",
    "firm": "company",
    "corporate": "company",
    "company report": "company",
    "analyst": "industry analyst",
    "consultancy": "industry analyst",
    "think tank": "industry analyst",
    "industry": "industry analyst",
    "market analyst": "industry analyst",
}

# --- Loading the dataset, never raising ---------------------------------------------------------


def events() -> pd.DataFrame:
    """The events dataset the checks compare answers with (see :data:`DATA_DIRECTORY`)."""
    return load_events(DATA_DIRECTORY)


def _dataset(*needed: str) -> pd.DataFrame | Feedback:
    """The dataset, or the Feedback explaining why the check cannot use it."""
    return events_or_feedback(DATA_DIRECTORY, *needed)


def _dates(frame: pd.DataFrame) -> dict[str, pd.Timestamp]:
    return dict(zip(frame["id"], frame["date"], strict=True))


# --- Intervals -----------------------------------------------------------------------------------


def days_draft_to_final() -> int:
    """Days from China's draft measures to the publication of the Interim Measures."""
    frame = _dataset(DRAFT, FINAL)
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    return data.days_between(frame, DRAFT, FINAL)


def days_final_to_effective() -> int:
    """Days from the Interim Measures' publication to their entry into force."""
    frame = _dataset(FINAL, EFFECTIVE)
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    return data.days_between(frame, FINAL, EFFECTIVE)


def days_r1_to_market() -> int:
    """Days from DeepSeek-R1's release to the fall in Nvidia's market value."""
    frame = _dataset(R1, MARKET)
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    return data.days_between(frame, R1, MARKET)


def _check_days(
    answer: object, first: str, second: str, *, what: str, others: Iterable[tuple[str, str, str]] = ()
) -> Feedback:
    """Check a number of days from event ``first`` to event ``second``.

    ``others`` lists (first, second, message) for intervals between *other* events that
    students commonly compute instead; each is used only if both events exist.
    """
    frame = _dataset(first, second)
    if isinstance(frame, Feedback):
        return frame
    days = whole(answer, "days", "12")
    if isinstance(days, Feedback):
        return days
    expected = data.days_between(frame, first, second)
    dates = _dates(frame)
    span = f"{dates[first]:%d %B %Y} to {dates[second]:%d %B %Y}"
    if days == expected:
        return Feedback(True, f"{expected} days, from {span}: {what}.")
    ids = set(frame["id"])
    for start, end, message in others:
        if start in ids and end in ids and days == data.days_between(frame, start, end) and days != expected:
            return Feedback(False, message)
    return day_gap_hint(days, expected, first, second)


def check_draft_to_final(answer: object) -> Feedback:
    """Exercise ex-rc-intervals, part 1: days from the draft measures to the published Interim Measures."""
    return _check_days(
        answer,
        DRAFT,
        FINAL,
        what="the time Beijing took to turn the draft, and the comments on it, into the Interim Measures",
        others=[
            (
                DRAFT,
                EFFECTIVE,
                "That runs to the day the measures took effect. The question asks for their publication.",
            ),
            (
                FINAL,
                EFFECTIVE,
                "That is the gap between publication and entry into force; start from the draft.",
            ),
        ],
    )


def check_final_to_effective(answer: object) -> Feedback:
    """Exercise ex-rc-intervals, part 2: days from publication to entry into force."""
    return _check_days(
        answer,
        FINAL,
        EFFECTIVE,
        what="the gap between publishing the Interim Measures and their entry into force",
        others=[(DRAFT, FINAL, "That starts from the draft; start from the published measures.")],
    )


def check_r1_to_market(answer: object) -> Feedback:
    """Exercise ex-rc-intervals, part 3: days from DeepSeek-R1's release to Nvidia's fall."""
    return _check_days(
        answer,
        R1,
        MARKET,
        what="R1 was out for a week before the market moved",
        others=[
            (V3, MARKET, "That counts from DeepSeek-V3 (December 2024). The question starts from R1."),
            (APP, MARKET, "That counts from the launch of DeepSeek's app, which is not R1's release."),
        ],
    )


# --- Training cost --------------------------------------------------------------------------------


def training_cost() -> float:
    """DeepSeek-V3's final training run, in millions of US dollars, at the report's rental price."""
    return GPU_HOURS * PRICE_PER_GPU_HOUR / 1e6


def check_training_cost(answer: object) -> Feedback:
    """Exercise ex-rc-cost, part 1: the cost of V3's final training run, in millions of dollars."""
    expected = training_cost()
    value = as_number(answer)
    mistakes = [
        (expected * 1e6, "That is in dollars: give the figure in millions of dollars."),
        (GPU_HOURS / 1e6, "That is the number of GPU hours (in millions): multiply by the rental price."),
        (
            GPU_HOURS / PRICE_PER_GPU_HOUR / 1e6,
            "Multiply the GPU hours by the price per hour; do not divide.",
        ),
        (6.0, "That is the rounded figure in the headlines; compute it from the GPU hours and the price."),
        (5.6, "That is the rounded figure in the headlines; compute it to three decimals."),
    ]
    for wrong, message in mistakes:
        if near(value, wrong, 1e-6) and not near(value, expected, 0.01):
            return Feedback(False, message)
    return number(
        answer,
        expected,
        tolerance=0.01,
        what="the cost in millions of dollars",
        low=0,
        high=1e6,
        hint=(
            "Multiply the 2.788 million H800 GPU hours by the assumed rental price of 2 dollars per GPU "
            "hour, and express the result in millions of dollars."
        ),
        explanation=(
            f"About {expected:.3f} million dollars: a rental-price estimate for the final training run "
            "alone. It leaves out the research and ablation runs before it, the purchase of the GPUs, "
            "staff and data, and the later training that turned V3 into R1."
        ),
    )


# --- Chains ---------------------------------------------------------------------------------------


def chain_back() -> list[str]:
    """The events :data:`CHAIN_END` answers, directly or indirectly, itself included."""
    frame = _dataset(CHAIN_END)
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    return data.chain(frame, CHAIN_END, "back")


def reactions_to_r1() -> list[str]:
    """R1 and every event recorded as a reaction to it, directly or indirectly."""
    frame = _dataset(R1)
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    return data.chain(frame, R1, "forward")


def _ids(answer: object) -> list[str] | Feedback:
    """The answer as a list of ids, or the Feedback saying why it is not one."""
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if isinstance(answer, str):
        return Feedback(
            False, 'Give the ids as a list of strings, like ["chatgpt-release", "cac-draft-measures"].'
        )
    if isinstance(answer, numbers.Number):
        return Feedback(False, "Give the list of event ids, not how many there are.")
    if isinstance(answer, dict):
        return Feedback(False, "Give a list of event ids, not a dictionary.")
    if isinstance(answer, pd.DataFrame):
        return Feedback(
            False, "Your answer is a table: give the list of ids, for example `list(table['id'])`."
        )
    try:
        items = list(answer)  # type: ignore[call-overload]
    except TypeError:
        return Feedback(False, f"Give a list of event ids; your answer is a {type(answer).__name__}.")
    if not all(isinstance(item, str) for item in items):
        return Feedback(False, "Every item of the list should be an event id, as text.")
    return [item.strip() for item in items]


def _check_chain(answer: object, event: str, direction: str) -> Feedback:
    frame = _dataset(event)
    if isinstance(frame, Feedback):
        return frame
    ids = _ids(answer)
    if isinstance(ids, Feedback):
        return ids
    expected = data.chain(frame, event, direction)
    given, wanted = set(ids), set(expected)
    known = set(frame["id"])
    unknown = sorted(given - known)
    if unknown:
        return Feedback(
            False,
            f"{', '.join(repr(i) for i in unknown)} is not the id of any event: "
            "copy ids from `events['id']`.",
        )
    if len(ids) != len(given):
        return Feedback(False, "An id appears twice in your list: list each event once.")
    if given == wanted:
        order = " and in date order" if ids == expected else "; `data.chain` also puts them in date order"
        return Feedback(
            True,
            f"{len(expected)} events{order}. Each link is a claim that a source makes: read "
            "`link_source_title` for every row before calling the chain a spiral.",
        )
    if given == wanted - {event}:
        return Feedback(
            False, f"Include {event!r} itself: the chain starts from it, as `data.chain` returns it."
        )
    other = "forward" if direction == "back" else "back"
    opposite = set(data.chain(frame, event, other)) - {event}
    wrong_way = sorted((given - wanted) & opposite)
    if wrong_way:
        relation = "a reaction to" if direction == "back" else "something that"
        tail = "" if direction == "back" else " answered"
        return Feedback(
            False,
            f"{', '.join(repr(i) for i in wrong_way)} is {relation} {event!r}{tail}: you followed the links "
            f"the wrong way. Use direction={direction!r}.",
        )
    extra = sorted(given - wanted)
    if extra:
        return Feedback(
            False,
            f"{', '.join(repr(i) for i in extra)} is not linked to {event!r} through responds_to, however "
            "close in time: a chain follows recorded links, not dates.",
        )
    missing = len(wanted - given)
    return Feedback(
        False,
        f"You are missing {missing} event{'s' if missing != 1 else ''}. Follow the links of the events you "
        "found as well (indirect links count), or call "
        f"`data.chain(events, {event!r}, direction={direction!r})`.",
    )


def check_chain_back(answer: object) -> Feedback:
    """Exercise ex-rc-chain, part 1: the chain of antecedents of :data:`CHAIN_END`."""
    return _check_chain(answer, CHAIN_END, "back")


def check_reactions_to_r1(answer: object) -> Feedback:
    """Exercise ex-rc-chain, part 2: R1 and the reactions recorded to it, direct and indirect."""
    return _check_chain(answer, R1, "forward")


# --- Counts by category ---------------------------------------------------------------------------


def _period_counts(frame: pd.DataFrame, *, start_inclusive: bool = True, end_inclusive: bool = True) -> dict:
    start = _dates(frame)[R1]
    after = frame["date"] >= start if start_inclusive else frame["date"] > start
    before = frame["date"] <= PERIOD_END if end_inclusive else frame["date"] < PERIOD_END
    counts = frame.loc[after & before, "category"].value_counts()
    return {str(category): int(count) for category, count in counts.items()}


def category_counts() -> dict[str, int]:
    """Events per category from R1's day to :data:`PERIOD_END`, both days included."""
    frame = _dataset(R1)
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    return _period_counts(frame)


def _as_counts(answer: object) -> dict | Feedback:
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if isinstance(answer, numbers.Number):
        return Feedback(
            False, 'Give a count for each category, as a dictionary like {"release": 2, "statement": 5}.'
        )
    if not isinstance(answer, dict):
        return Feedback(
            False,
            'Give your counts as a dictionary like {"release": 2, "statement": 5} (or the Series that '
            "`value_counts()` returns).",
        )
    counts: dict[str, int] = {}
    for key, value in answer.items():
        if not isinstance(key, str):
            return Feedback(False, "Each key should be a category name, as text.")
        name = key.strip().lower()
        if name not in data.CATEGORIES:
            names = ", ".join(f'"{c}"' for c in data.CATEGORIES)
            return Feedback(False, f"{key!r} is not a category of the dataset; the categories are {names}.")
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            number_value = as_number(value)
            if number_value is None or number_value != math.floor(number_value):
                return Feedback(False, f"The count for {key!r} should be a whole number.")
            value = int(number_value)
        if value < 0:
            return Feedback(False, f"The count for {key!r} cannot be negative.")
        counts[name] = counts.get(name, 0) + int(value)
    return {name: count for name, count in counts.items() if count}


def check_category_counts(answer: object) -> Feedback:
    """Exercise ex-rc-counts: events per category from R1's release to the end of February 2025."""
    frame = _dataset(R1)
    if isinstance(frame, Feedback):
        return frame
    counts = _as_counts(answer)
    if isinstance(counts, Feedback):
        return counts
    expected = _period_counts(frame)
    start = _dates(frame)[R1]
    period = f"{start:%d %B %Y} to {PERIOD_END:%d %B %Y}"
    if counts == expected:
        top = max(expected, key=lambda c: expected[c]) if expected else None
        lead = f" The largest category is {top!r}." if top else ""
        return Feedback(
            True,
            f"{sum(expected.values())} events from {period}.{lead} These are counts of the events this "
            "book chose to record, not of everything that happened.",
        )
    if counts == _period_counts(frame, start_inclusive=False):
        return Feedback(
            False, f"You left out the events dated {start:%d %B}, R1's own day: the period includes it."
        )
    if counts == _period_counts(frame, end_inclusive=False):
        return Feedback(False, "You left out 28 February: the period includes its last day.")
    wrong = sorted(c for c in set(counts) | set(expected) if counts.get(c, 0) != expected.get(c, 0))
    return Feedback(
        False,
        f"Your counts differ for {', '.join(wrong)}. Keep the rows with "
        f"date between R1's date and {PERIOD_END:%Y-%m-%d} (both included), then use "
        "`value_counts()` on their category.",
    )


# --- Kinds of source ------------------------------------------------------------------------------


def check_source_kinds(answers: object) -> Feedback:
    """Exercise ex-rc-sources, part 1: what kind of source each of A–F is."""
    return check_labels(
        answers,
        SOURCE_KINDS,
        allowed=KINDS,
        aliases=_KIND_ALIASES,
        example='{"A": "government", "B": "...", "C": "...", "D": "...", "E": "...", "F": "..."}',
        hint=(
            "Ask who published each text and in what capacity: a ministry or minister speaks for a "
            "government; the Global Times is a Chinese state-owned outlet; a consulting firm sells "
            "analysis; a company reports on its own product; a journal article has passed peer review."
        ),
        explanation=(
            "A and C speak for governments (China, Australia); B is Chinese state media; D is a "
            "commercial industry analyst; E is peer-reviewed scholarship; F is the company's own "
            "account of its model. Each has its own interests and its own standard of evidence."
        ),
    )
