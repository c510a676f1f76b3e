"""Checks for the exercises of chapter 9, "Easing the dilemma".

Right answers are computed, never typed in:

* the costly-signal exercise classifies each proposed measure with chapter 3's trust
  model (:func:`dilemma.trust.signal`), from a stylised cost that is stated with the
  measure (:data:`MEASURES`), so the label follows Kydd's logic and the model's gains;
* the data exercise reads ``data/events.csv`` when the check runs (counts, dates and
  the rows' own statements of who signed, see :data:`SIGNED`);
* the levers exercise calls :mod:`dilemma.levers`.

Every check returns a :class:`~dilemma.checks.Feedback` and never raises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import data, trust
from . import NO_ANSWER, Feedback
from ._common import (
    as_number,
    boundary,
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

# --- Costly signals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A proposed reassurance measure of exercise ex-ed-signals.

    Attributes
    ----------
    text : str
        The measure, as the exercise states it.
    source : str
        Who proposes or exemplifies it (for the feedback).
    cost : float
        Our stylised judgment of what the measure costs a state that takes it, on the
        scale of chapter 3's trust model, where being trusted is worth
        :data:`dilemma.trust.GAIN_GREEDY` to a greedy state and
        :data:`dilemma.trust.GAIN_SEEKER` to a security seeker.
    why : str
        The reason for that cost, in one sentence.
    """

    text: str
    source: str
    cost: float
    why: str


MEASURES: dict[str, Measure] = {
    "A": Measure(
        "Both governments sign a declaration that AI should be safe, human-centric and trustworthy, "
        "with no monitoring.",
        "the Bletchley Declaration (2023)",
        0.1,
        "signing costs almost nothing, and a state with expansionist aims would sign the same words",
    ),
    "B": Measure(
        "The two leaders state that humans, not AI, will decide on any use of nuclear weapons, with no "
        "means of checking.",
        "the Biden–Xi statement in Lima (2024)",
        0.2,
        "neither side planned to hand that decision to a machine, so a greedy state gives up nothing by "
        "saying it",
    ),
    "C": Measure(
        "A government lets the rival's (or a neutral country's) AI safety institute test its frontier "
        "models before release, and the results are shared.",
        "collaborative red teaming and evaluation sharing (OpenAI–Berkeley workshop, 2023)",
        0.8,
        "it reveals capabilities and weaknesses that a state planning to exploit them would want to hide",
    ),
    "D": Measure(
        "A government accepts on-site or hardware-based verification that its largest training runs are "
        "not used for agreed prohibited purposes.",
        "proposals for AI verification (CSET, 2021)",
        0.9,
        "a state that meant to break the agreement would be caught, so only one that means to keep it "
        "accepts",
    ),
    "E": Measure(
        "A foreign-ministry spokesperson says that the country's AI programmes are purely defensive and "
        "threaten no one.",
        "routine official statements",
        0.0,
        "words cost nothing, and every type of state would say them",
    ),
    "F": Measure(
        "A government announces, and carries out under independent monitors, a halt to AI-generated "
        "influence content aimed at the rival's public during its election, inviting it to reciprocate.",
        "a first step in the spirit of Osgood's GRIT (our example)",
        0.7,
        "it forgoes an instrument a greedy state values and lets observers catch a breach, while staying "
        "small enough for a security seeker to risk",
    ),
    "G": Measure(
        "A government permanently stops all frontier AI research on its own, while the rival carries on.",
        "no government proposes this (our example of the upper limit)",
        3.0,
        "it costs more than being trusted is worth even to a security seeker, so nobody would send it",
    ),
}
"""The measures of exercise ex-ed-signals, each with its stylised cost (the exercise's inputs)."""

SIGNAL_PRIOR = 0.5
"""Prior trust used when classifying the measures (the regime does not depend on it)."""

SIGNAL_LABELS: dict[str, str] = {
    "pooling": "cheap talk",
    "separating": "costly signal",
    "no signal": "too costly",
}
"""What each regime of :func:`dilemma.trust.signal` is called in the exercise."""

_SIGNAL_ALIASES = {
    "cheap": "cheap talk",
    "cheaptalk": "cheap talk",
    "talk": "cheap talk",
    "pooling": "cheap talk",
    "costly": "costly signal",
    "costly signal": "costly signal",
    "signal": "costly signal",
    "separating": "costly signal",
    "credible": "costly signal",
    "too expensive": "too costly",
    "prohibitive": "too costly",
    "no signal": "too costly",
    "too costly to send": "too costly",
}


def measure_label(key: str) -> str:
    """The label chapter 3's trust model gives measure ``key`` of :data:`MEASURES`."""
    regime = trust.signal(SIGNAL_PRIOR, MEASURES[key].cost).regime
    return SIGNAL_LABELS[regime]


def measure_labels() -> dict[str, str]:
    """The label of every measure of :data:`MEASURES`."""
    return {key: measure_label(key) for key in MEASURES}


def check_signals(answers: object) -> Feedback:
    """Exercise ex-ed-signals, part 1: classify each measure as cheap talk, costly signal or too costly."""
    expected = measure_labels()
    feedback = check_labels(
        answers,
        expected,
        allowed=tuple(SIGNAL_LABELS.values()),
        aliases=_SIGNAL_ALIASES,
        example='{"A": "cheap talk", "B": "...", "C": "costly signal", ...}',
        hint=(
            "For each measure ask Kydd's question: would a state that meant to exploit you take it too? "
            "If yes, it is cheap talk; if only a state that wants cooperation would pay for it, it is a "
            "costly signal; if not even that state would pay, it is too costly to be sent."
        ),
        explanation="",
    )
    if not feedback:
        return feedback
    reasons = "; ".join(f"{key}: {expected[key]}, because {MEASURES[key].why}" for key in MEASURES)
    return Feedback(
        True,
        f"All {len(expected)} right. {reasons}. The costs behind these labels are our stylised "
        "judgments on chapter 3's scale; argue with them in part 2.",
    )


# --- The governance rows of events.csv -------------------------------------------------------------

WOODSIDE = "biden-xi-woodside"
"""The Biden–Xi meeting at which the leaders agreed to open talks on AI (exercise ex-ed-summits)."""

GENEVA = "us-china-ai-dialogue-geneva"
"""The first US–China intergovernmental dialogue on AI (exercise ex-ed-summits)."""

LIMA = "biden-xi-lima"
"""The Lima statement on human control over nuclear-use decisions: a common wrong end point."""

SIGNED: dict[str, tuple[str, str]] = {
    "bletchley-declaration": ("both", "both the United States and China"),
    "un-resolution-safe-ai": ("both", "China was among the co-sponsors"),
    "seoul-ai-summit": ("US only", "including the US, not China"),
    "un-resolution-capacity-building": ("both", "the US joined as a late co-sponsor"),
    "paris-ai-action-summit": ("China only", "the US and UK did not sign"),
}
"""Who of the two signed (or co-sponsored) each multilateral text, with the words of the row's
``event`` column that say so. The check confirms that the row still says it before using it."""

SIGNED_LABELS: tuple[str, ...] = ("both", "US only", "China only", "neither")
"""The labels a student may use in exercise ex-ed-summits, part 2."""

_SIGNED_ALIASES = {
    "both signed": "both",
    "us and china": "both",
    "china and us": "both",
    "united states only": "us only",
    "usa only": "us only",
    "us": "us only",
    "united states": "us only",
    "only us": "us only",
    "only the us": "us only",
    "china": "china only",
    "only china": "china only",
    "prc only": "china only",
    "none": "neither",
    "neither signed": "neither",
}


def events() -> pd.DataFrame:
    """The events dataset the checks compare answers with (see :data:`DATA_DIRECTORY`)."""
    return load_events(DATA_DIRECTORY)


def _dataset(*needed: str) -> pd.DataFrame | Feedback:
    return events_or_feedback(DATA_DIRECTORY, *needed)


def multilateral_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """Governance rows that record a multilateral text with a count of signatories or co-sponsors.

    These are the rows of category ``governance``, with country ``International`` and a
    ``figure``, in the order of their dates.
    """
    chosen = frame[
        (frame["category"] == "governance") & (frame["country"] == "International") & frame["figure"].notna()
    ]
    return chosen.sort_values("date")


def fewest_signatories() -> str:
    """Id of the multilateral text in the dataset with the fewest signatories or co-sponsors."""
    frame = _dataset()
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    texts = multilateral_texts(frame)
    if texts.empty:
        raise ValueError("the events dataset records no multilateral text with a count of signatories")
    return str(texts.loc[texts["figure"].astype(float).idxmin(), "id"])


def check_fewest_signatories(answer: object) -> Feedback:
    """Exercise ex-ed-summits, part 1: the multilateral text with the fewest signatories."""
    frame = _dataset()
    if isinstance(frame, Feedback):
        return frame
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(answer, str):
        return Feedback(False, 'Give the event\'s id as text, like "bletchley-declaration".')
    texts = multilateral_texts(frame)
    if texts.empty:
        return Feedback(False, "The dataset records no multilateral text with a count; tell your instructor.")
    expected = fewest_signatories()
    given = answer.strip().lower()
    labels = {
        str(label).strip().lower(): str(key) for key, label in zip(texts["id"], texts["label"], strict=True)
    }
    given = labels.get(given, given)
    figures = dict(zip(texts["id"], texts["figure"].astype(float), strict=True))
    units = dict(zip(texts["id"], texts["unit"], strict=True))
    if given == expected:
        return Feedback(
            True,
            f"{expected}: {figures[expected]:g} ({units[expected]}). Read the `unit` column before "
            "comparing: some counts include the European Union and some do not, and the UN figures count "
            "co-sponsors of a text adopted by every member without a vote.",
        )
    if given in figures:
        largest = str(max(figures, key=figures.__getitem__))
        if given == largest:
            return Feedback(
                False, "That text has the *most* signatories or co-sponsors; look for the fewest."
            )
        return Feedback(
            False,
            f"{given} has {figures[given]:g}; another text has fewer. Sort the rows with a `figure` by it.",
        )
    if given in set(frame["id"]):
        return Feedback(
            False,
            f"{given} is not a multilateral text with a count of signatories: keep the governance rows "
            "with country 'International' and a value in `figure`.",
        )
    return Feedback(
        False,
        "That is not the id of a governance event. Filter `events` to category 'governance', country "
        "'International' and a non-missing `figure`, then find the smallest `figure`.",
    )


def who_signed() -> dict[str, str]:
    """Who of the US and China signed each text of :data:`SIGNED`, as the dataset's rows say it."""
    frame = _dataset(*SIGNED)
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    changed = _changed_rows(frame)
    if changed:
        raise ValueError(f"the rows {changed} no longer say who signed in the words the check expects")
    return {event: label for event, (label, _) in SIGNED.items()}


def _changed_rows(frame: pd.DataFrame) -> list[str]:
    text = dict(zip(frame["id"], frame["event"], strict=True))
    return [event for event, (_, words) in SIGNED.items() if words.lower() not in str(text[event]).lower()]


def check_who_signed(answers: object) -> Feedback:
    """Exercise ex-ed-summits, part 2: for each text, did both, only one or neither sign?"""
    frame = _dataset(*SIGNED)
    if isinstance(frame, Feedback):
        return frame
    changed = _changed_rows(frame)
    if changed:
        return Feedback(
            False,
            f"The dataset's rows for {', '.join(changed)} have been rewritten since this exercise was set, "
            "so the check cannot confirm who signed: read the rows' `event` and `note` columns, and tell "
            "your instructor.",
        )
    expected = {event: label.lower() for event, (label, _) in SIGNED.items()}
    feedback = check_labels(
        answers,
        expected,
        allowed=tuple(label.lower() for label in SIGNED_LABELS),
        aliases=_SIGNED_ALIASES,
        example='{"bletchley-declaration": "both", "seoul-ai-summit": "...", ...}',
        hint="Read each row's `event` text (and its `note`): it names who signed or co-sponsored.",
        explanation="",
    )
    if not feedback:
        return feedback
    return Feedback(
        True,
        "Both signed at Bletchley and both backed the two UN resolutions; only the US signed at Seoul and "
        "only China at Paris. What the two joined were broad, non-binding texts; each stayed out of one "
        "text that the other signed.",
    )


def talks_gap() -> int:
    """Days from the Woodside agreement to open talks on AI to the first dialogue in Geneva."""
    frame = _dataset(WOODSIDE, GENEVA)
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    return data.days_between(frame, WOODSIDE, GENEVA)


def check_talks_gap(answer: object) -> Feedback:
    """Exercise ex-ed-summits, part 3: days from the Woodside meeting to the Geneva dialogue."""
    frame = _dataset(WOODSIDE, GENEVA)
    if isinstance(frame, Feedback):
        return frame
    days = whole(answer, "days", "120")
    if isinstance(days, Feedback):
        return days
    expected = data.days_between(frame, WOODSIDE, GENEVA)
    if days == expected:
        dates = dict(zip(frame["id"], frame["date"], strict=True))
        return Feedback(
            True,
            f"{expected} days, from {dates[WOODSIDE]:%d %B %Y} to {dates[GENEVA]:%d %B %Y}: about six months "
            "from the leaders' agreement to the first meeting of officials.",
        )
    if LIMA in set(frame["id"]) and days == data.days_between(frame, WOODSIDE, LIMA):
        return Feedback(
            False, "That runs to the Lima meeting; the question ends at the first dialogue in Geneva."
        )
    return day_gap_hint(days, expected, WOODSIDE, GENEVA)


# --- The levers model ------------------------------------------------------------------------------

ARTICLE = "bjpir2025chatgpt"
"""Bibtex key of Zeng's article: the levers whose sources include it are its recommendations."""

PACKAGE: dict[str, float] = {"dialogue": 1.0, "cognitive": 1.0, "red_lines": 1.0}
"""The article's package of exercise ex-ed-levers: its three recommendations, each pulled fully."""

_EFFECT_WORDS = {
    "raises": "raise",
    "raised": "raise",
    "increase": "raise",
    "increases": "raise",
    "higher": "raise",
    "up": "raise",
    "worse": "raise",
    "lowers": "lower",
    "lowered": "lower",
    "decrease": "lower",
    "decreases": "lower",
    "reduce": "lower",
    "reduces": "lower",
    "down": "lower",
    "falls": "lower",
    "same": "no change",
    "unchanged": "no change",
    "none": "no change",
    "nothing": "no change",
}


def _levers():  # imported on first use: the module is only needed by the levers exercises
    from .. import levers

    return levers


def _headline(model: str, setting: dict[str, float]) -> float:
    frame = _levers().effects(**setting)
    row = frame[(frame["kind"] == "headline") & (frame["model"] == model)]
    return float(row["with_levers"].iloc[0])


def _lever_id(answer: str) -> str:
    """A lever id from an id or a label, in any case; unchanged if it is neither."""
    text = " ".join(answer.strip().lower().replace("-", " ").replace("_", " ").split())
    for lever in _levers().LEVERS:
        if text in {lever.id.replace("_", " "), lever.label.lower()}:
            return lever.id
    return answer.strip()


def single_lever_disasters() -> dict[str, float]:
    """Probability of an AI disaster with each lever pulled fully on its own (the others at 0)."""
    return {lever: _headline("race", {lever: 1.0}) for lever in _levers().LEVER_IDS}


def best_levers() -> list[str]:
    """The lever(s) that, pulled fully on their own, leave the lowest probability of disaster."""
    values = single_lever_disasters()
    lowest = min(values.values())
    return [lever for lever, value in values.items() if math.isclose(value, lowest, abs_tol=1e-12)]


def check_best_lever(answer: object) -> Feedback:
    """Exercise ex-ed-levers, part 1: which single lever lowers the race's risk the most?"""
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(answer, str):
        return Feedback(False, 'Name one lever by its id, as text, like "dialogue".')
    try:
        values = single_lever_disasters()
        baseline = _levers().baseline_headlines()["race"]
        chosen = _lever_id(answer)
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The levers model could not be run ({error}); tell your instructor.")
    if chosen not in values:
        return Feedback(False, f"There is no lever {answer!r}: use one of {', '.join(values)}.")
    best = best_levers()
    if chosen in best:
        return Feedback(
            True,
            f"{chosen}: the probability of disaster falls from {baseline:.1%} to {values[chosen]:.1%}. "
            "The levers reach the race only through enmity and information; this one lowers enmity most "
            "and leaves information alone.",
        )
    value = values[chosen]
    if value > baseline:
        return Feedback(
            False,
            f"{chosen} *raises* the risk (to {value:.1%}): it moves the race towards public information, "
            "the curse of information of chapter 6.",
        )
    if math.isclose(value, baseline, abs_tol=1e-12):
        return Feedback(
            False,
            f"{chosen} does not touch the race model at all (look at the `moved_by` column of "
            "`levers.effects`): it works on other models.",
        )
    return Feedback(
        False,
        f"{chosen} lowers the risk (to {value:.1%}), but another lever lowers it further. Compare "
        "`levers.effects(<lever>=1)` for each lever, reading the race model's headline row.",
    )


def transparency_effects() -> dict[str, str]:
    """Direction in which transparency, pulled fully, moves p* (worlds) and the risk of disaster (race)."""
    result = {}
    for key, model in (("p_star", "worlds"), ("disaster", "race")):
        before = _levers().baseline_headlines()[model]
        after = _headline(model, {"transparency": 1.0})
        result[key] = (
            "no change"
            if math.isclose(before, after, abs_tol=1e-12)
            else ("raise" if after > before else "lower")
        )
    return result


def check_transparency_effects(answers: object) -> Feedback:
    """Exercise ex-ed-levers, part 2: what transparency does to p* and to the risk of disaster."""
    try:
        expected = transparency_effects()
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The levers model could not be run ({error}); tell your instructor.")
    feedback = check_labels(
        answers,
        expected,
        allowed=("raise", "lower", "no change"),
        aliases=_EFFECT_WORDS,
        example='{"p_star": "raise", "disaster": "lower"}',
        hint=(
            "Run `levers.effects(transparency=1)` and compare `with_levers` with `baseline` in the headline "
            "rows of the worlds model (p_star) and the race (disaster)."
        ),
        explanation="",
    )
    if not feedback:
        return feedback
    return Feedback(
        True,
        f"Transparency would {expected['p_star']} the trust that restraint needs and {expected['disaster']} "
        "the risk of an AI disaster: seeing intentions eases the dilemma, but seeing capabilities sharpens "
        "the race (the curse of information).",
    )


def signal_threshold() -> float:
    """The smallest intensity of the signals lever at which the signal separates the types.

    Computed with the levers' own parameter mapping (:func:`dilemma.levers.parameters`)
    and chapter 3's trust model (:func:`dilemma.trust.signal`).
    """
    levers = _levers()
    prior = levers.parameters()[("trust", "prior")]

    def separates(intensity: float) -> bool:
        cost = levers.parameters(signals=intensity)[("trust", "cost")]
        return trust.signal(prior, cost).regime == "separating"

    if not separates(1.0):
        return math.inf
    return boundary(separates, 0.0, 1.0)


def check_signal_threshold(answer: object) -> Feedback:
    """Exercise ex-ed-levers, part 3: the smallest signals intensity that separates the types."""
    try:
        expected = signal_threshold()
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The levers model could not be run ({error}); tell your instructor.")
    if not math.isfinite(expected):
        return Feedback(
            False, "In the current mapping no intensity separates the types; tell your instructor."
        )
    value = as_number(answer)
    if near(value, trust.GAIN_SEEKER, 1e-9) and not near(value, expected, 0.01):
        return Feedback(
            False,
            "At that cost a security seeker only just pays; the question asks where the signal *starts* to "
            "separate, which is where a greedy state stops paying.",
        )
    return number(
        answer,
        expected,
        tolerance=0.01,
        what="the intensity",
        low=0,
        high=1,
        hint=(
            "The lever sets the signal's cost. A greedy state sends the signal while the cost is at most "
            "what being trusted is worth to it (`trust.GAIN_GREEDY`); find the intensity at which the cost "
            "passes that, or move the slider and watch the trust panel."
        ),
        explanation=(
            f"About {expected:.2f}: below it the signal is cheap enough for a greedy state to send too, "
            "so it pools and trust stays put; just above it only a security seeker pays, and trust jumps."
        ),
    )


def package_disaster() -> float:
    """Probability of an AI disaster with the article's package (:data:`PACKAGE`)."""
    return _headline("race", dict(PACKAGE))


def check_package_disaster(answer: object) -> Feedback:
    """Exercise ex-ed-levers, part 4: the race's risk of disaster with the article's three levers pulled."""
    try:
        expected = package_disaster()
        baseline = _levers().baseline_headlines()["race"]
        with_transparency = _headline("race", {**PACKAGE, "transparency": 1.0})
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The levers model could not be run ({error}); tell your instructor.")
    value = as_number(answer)
    mistakes = [
        (baseline, "That is the baseline, with no lever pulled: pull the three levers of the package."),
        (with_transparency, "That includes transparency; the package has only the article's three levers."),
        (
            1 - expected,
            "That is the probability that the race ends safely; give the probability of disaster.",
        ),
    ]
    for wrong, message in mistakes:
        if near(value, wrong, 0.0005) and not near(value, expected, 0.0005):
            return Feedback(False, message)
    return number(
        answer,
        expected,
        tolerance=0.0005,
        what="the probability",
        low=0,
        high=1,
        hint=(
            "Call `levers.effects(dialogue=1, cognitive=1, red_lines=1)` and read `with_levers` in the race "
            "model's headline row."
        ),
        explanation=(
            f"{expected:.4f}, against {baseline:.4f} with no lever pulled: the three proposals all lower "
            "enmity, and their effects add up in the model. Adding transparency would take it to "
            f"{with_transparency:.4f}."
        ),
    )


def article_levers() -> list[str]:
    """The levers that come from Zeng's article, in :data:`dilemma.levers.LEVER_IDS` order."""
    return [lever.id for lever in _levers().LEVERS if ARTICLE in lever.sources]


def check_article_levers(answer: object) -> Feedback:
    """Exercise ex-ed-recommendations, part 1: which levers are the article's own recommendations?"""
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if isinstance(answer, str) or not isinstance(answer, list | tuple | set | frozenset):
        return Feedback(False, 'Give the lever ids in a list, like ["dialogue", "signals"].')
    if not all(isinstance(item, str) for item in answer):
        return Feedback(False, "Name each lever by its id, as text.")
    try:
        expected = set(article_levers())
        known = set(_levers().LEVER_IDS)
        given = {_lever_id(item) for item in answer}
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The levers model could not be run ({error}); tell your instructor.")
    unknown = sorted(given - known)
    if unknown:
        return Feedback(
            False, f"{', '.join(map(repr, unknown))} is not a lever: use {', '.join(sorted(known))}."
        )
    if given == expected:
        return Feedback(
            True,
            f"{', '.join(sorted(expected))}: the article's three recommendations. Transparency comes "
            "from the summits' agenda and Jervis, costly signals from reassurance theory (see each "
            "lever's `sources`).",
        )
    extra, missing = sorted(given - expected), sorted(expected - given)
    if extra and not missing:
        return Feedback(
            False,
            f"{', '.join(extra)} does not come from the article: read `levers.LEVERS` and each lever's "
            "`sources`.",
        )
    return Feedback(
        False,
        f"You are missing {len(missing)} of the article's recommendations. Its conclusion proposes three "
        "things; match each to a lever.",
    )
