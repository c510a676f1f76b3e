"""Checks for the exercises of chapter 4, "ChatGPT as a security threat".

Two kinds of answer are checked here.

* **Counting the reactive chain** (exercise ex-ct-chain): every right answer is
  computed from :func:`dilemma.data.events` (dates and ``responds_to`` links), never
  typed in, so a corrected row in ``data/events.csv`` changes the expected answer
  with it. If the dataset cannot be loaded, or an event the exercise needs is
  missing, the check says so in a sentence instead of raising.
* **Reading a biased answer as evidence** (exercise ex-ct-evidence): the right
  answers come from :func:`dilemma.trust.update` and :func:`dilemma.trust.posterior`
  with the likelihoods below, which are the exercise's stated assumptions, not
  estimates of anything.

The constants are the exercises' *inputs*.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import trust
from . import Feedback
from ._common import as_number, day_gap_hint, events_or_feedback, load_events, near, number, whole

DATA_DIRECTORY: Path | None = None
"""Folder holding ``datapackage.json`` and ``events.csv``; ``None`` means the book's ``data/``.

Tests point it at a copy; readers never need to change it.
"""

RELEASE = "chatgpt-release"
"""ChatGPT's release (exercise ex-ct-chain)."""

DRAFT = "cac-draft-measures"
"""China's draft measures for generative-AI services (exercise ex-ct-chain)."""

PUBLISHED = "interim-measures-published"
"""Publication of the final Interim Measures: a common wrong end point."""

EFFECTIVE = "interim-measures-effective"
"""The Interim Measures' entry into force: another common wrong end point."""

ERNIE = "ernie-bot-unveiled"
"""Baidu's unveiling of Ernie Bot: a common wrong end point."""

WINDOW: tuple[str, str] = ("2022-11-30", "2023-08-31")
"""The period of the chapter's timeline (both days included), for exercise ex-ct-chain."""

PRIOR_TRUST = 0.5
"""The analyst's trust, before the answer, that Washington is a security seeker (ex-ct-evidence)."""

BIAS_IF: dict[str, dict[str, float]] = {
    "artefact": {"seeker": 0.6, "greedy": 0.8},
    "design": {"seeker": 0.1, "greedy": 0.8},
}
"""P(a biased answer | the rival's type) for the two analysts of exercise ex-ct-evidence.

The *artefact* analyst thinks a chatbot trained mostly on English text gives such an
answer most of the time whatever Washington wants; the *design* analyst thinks it
would rarely do so unless someone meant it to.
"""

TRUST_FLOOR = 0.2
"""The trust below which the artefact analyst is asked to stop (ex-ct-evidence, part 3)."""

# --- Loading the dataset, never raising ---------------------------------------------------------


def events() -> pd.DataFrame:
    """The events dataset the checks compare answers with (see :data:`DATA_DIRECTORY`)."""
    return load_events(DATA_DIRECTORY)


def _dataset(*needed: str) -> pd.DataFrame | Feedback:
    """The dataset, or the Feedback explaining why the check cannot use it."""
    return events_or_feedback(DATA_DIRECTORY, *needed)


def _days(frame: pd.DataFrame, first: str, second: str) -> int:
    dates = dict(zip(frame["id"], frame["date"], strict=True))
    return int((dates[second] - dates[first]).days)


def _in_window(frame: pd.DataFrame) -> pd.DataFrame:
    start, end = (pd.Timestamp(day) for day in WINDOW)
    return frame[(frame["date"] >= start) & (frame["date"] <= end)]


def _forward(frame: pd.DataFrame, event: str) -> set[str]:
    """``event`` and every event that answers it, directly or through others (``responds_to``)."""
    answers: dict[str, list[str]] = {}
    for later, earlier in zip(frame["id"], frame["responds_to"], strict=True):
        for one in earlier:
            answers.setdefault(one, []).append(later)
    seen: set[str] = set()
    stack = [event]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(answers.get(node, ()))
    return seen


def _required(*needed: str) -> pd.DataFrame:
    frame = _dataset(*needed)
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    return frame


# --- Exercise ex-ct-chain: counting the reactive chain ---------------------------------------------


def days_to_draft() -> int:
    """Days from ChatGPT's release to China's draft measures for generative AI."""
    return _days(_required(RELEASE, DRAFT), RELEASE, DRAFT)


def responses_in_window() -> int:
    """Events in :data:`WINDOW` recorded as answering ChatGPT's release, directly or indirectly.

    The release itself is not counted.
    """
    frame = _required(RELEASE)
    reached = _forward(frame, RELEASE) - {RELEASE}
    return int(_in_window(frame)["id"].isin(reached).sum())


def check_days_to_draft(answer: object) -> Feedback:
    """Exercise ex-ct-chain, part 1: days from ChatGPT's release to China's draft measures."""
    frame = _dataset(RELEASE, DRAFT)
    if isinstance(frame, Feedback):
        return frame
    days = whole(answer, "days", "12")
    if isinstance(days, Feedback):
        return days
    expected = _days(frame, RELEASE, DRAFT)
    dates = dict(zip(frame["id"], frame["date"], strict=True))
    if days == expected:
        return Feedback(
            True,
            f"{expected} days, from {dates[RELEASE]:%d %B %Y} to {dates[DRAFT]:%d %B %Y}: about "
            f"{expected / 7:.0f} weeks, or a little over four months, for a government to publish "
            "draft rules for a new kind of technology.",
        )
    ids = set(frame["id"])
    wrong_end = {
        PUBLISHED: "That is the time to the final Interim Measures' publication; the question asks for "
        "the draft, published for comment earlier.",
        EFFECTIVE: "That is the time to the Interim Measures' entry into force; the question asks for the "
        "draft.",
        ERNIE: "That is the time to Baidu's unveiling of Ernie Bot, a company's move; the question asks "
        "for the regulator's draft.",
    }
    for end, message in wrong_end.items():
        if end in ids and days == _days(frame, RELEASE, end) and days != expected:
            return Feedback(False, message)
    return day_gap_hint(days, expected, RELEASE, DRAFT)


def check_responses(answer: object) -> Feedback:
    """Exercise ex-ct-chain, part 2: events of the window that answer ChatGPT's release."""
    frame = _dataset(RELEASE)
    if isinstance(frame, Feedback):
        return frame
    count = whole(answer, "events", "3")
    if isinstance(count, Feedback):
        return count
    reached = _forward(frame, RELEASE) - {RELEASE}
    window = _in_window(frame)
    expected = int(window["id"].isin(reached).sum())
    if count == expected:
        names = ", ".join(window.loc[window["id"].isin(reached), "id"])
        return Feedback(
            True,
            f"{expected} events in the window are recorded as answering ChatGPT's release, directly or "
            f"through another event: {names}. Remember that a link is recorded only where a source "
            "makes it.",
        )
    if count < 0:
        return Feedback(False, "A number of events cannot be negative.")
    direct = int(
        window["responds_to"].apply(lambda earlier: RELEASE in earlier).sum()  # type: ignore[arg-type]
    )
    whole_dataset = len(reached)
    if count == expected + 1:
        return Feedback(
            False,
            "One too many: `data.chain` includes the event you start from, and the release does not "
            "answer itself. Leave it out.",
        )
    if count == direct and direct != expected:
        return Feedback(
            False,
            "That counts only the direct answers. Follow the links on: an event that answers one of "
            'them also belongs to the chain (use `direction="forward"`).',
        )
    if count == whole_dataset and whole_dataset != expected:
        return Feedback(
            False,
            f"That counts the chain over the whole dataset; keep only events from {WINDOW[0]} to "
            f"{WINDOW[1]}, both days included.",
        )
    if count == len(window) or count == len(window) - 1:
        return Feedback(
            False,
            "That counts every event in the window. Only those linked to the release through "
            "`responds_to` belong to its chain.",
        )
    return Feedback(
        False,
        f'Call `data.chain(events, {RELEASE!r}, direction="forward")`, keep the ids whose dates fall in '
        "the window, and leave out the release itself.",
    )


# --- Exercise ex-ct-evidence: a biased answer as evidence about intentions --------------------


def _restrain_probabilities(view: str) -> tuple[float, float]:
    """The model's P(restrain | type) for an analyst who reads a biased answer as an "arm" move."""
    bias = BIAS_IF[view]
    return 1 - bias["seeker"], 1 - bias["greedy"]


def trust_after_one(view: str) -> float:
    """An analyst's trust after one biased answer, by :func:`dilemma.trust.update`."""
    seeker, greedy = _restrain_probabilities(view)
    return trust.update(PRIOR_TRUST, "arm", restrain_if_seeker=seeker, restrain_if_greedy=greedy)


def answers_to_floor() -> int:
    """Biased answers in a row that take the artefact analyst's trust below :data:`TRUST_FLOOR`."""
    seeker, greedy = _restrain_probabilities("artefact")
    answers = 0
    while trust.posterior(PRIOR_TRUST, 0, answers, seeker, greedy) >= TRUST_FLOOR:
        answers += 1
        if answers > 10_000:  # pragma: no cover - only if the answer carried no information
            raise ValueError("trust never falls below the floor")
    return answers


def _check_trust_after_one(answer: object, view: str) -> Feedback:
    expected = trust_after_one(view)
    seeker, greedy = _restrain_probabilities(view)
    bias = BIAS_IF[view]
    value = as_number(answer)
    swapped = trust.update(PRIOR_TRUST, "arm", restrain_if_seeker=greedy, restrain_if_greedy=seeker)
    mistakes = [
        (
            1 - expected,
            "That is 1 − trust, the probability that Washington is greedy (or you swapped the two "
            "likelihoods). Trust is the probability that it is a security seeker.",
        ),
        (
            swapped,
            "The likelihoods are the wrong way round: the biased answer is *more* likely if Washington "
            "is greedy.",
        ),
        (
            trust.update(PRIOR_TRUST, "restrain", restrain_if_seeker=seeker, restrain_if_greedy=greedy),
            "That treats the biased answer as a restraint. In the model it counts as an 'arm' move: "
            "the thing the analyst fears.",
        ),
        (
            PRIOR_TRUST,
            "Trust has moved: the answer is likelier from a greedy rival, so it is some evidence.",
        ),
        (
            bias["seeker"],
            "That is P(biased answer | security seeker), one of the two likelihoods, not the updated "
            "trust. Combine both with the prior by Bayes' rule.",
        ),
    ]
    other = "design" if view == "artefact" else "artefact"
    mistakes.append(
        (
            trust_after_one(other),
            f"That is the {other} analyst's trust; this part asks about the {view} analyst, with "
            f"P(bias | seeker) = {bias['seeker']:g}.",
        )
    )
    for wrong, message in mistakes:
        if near(value, wrong, 0.002) and not near(value, expected, 0.002):
            return Feedback(False, message)
    odds = bias["seeker"] / bias["greedy"]
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="the trust",
        low=0,
        high=1,
        hint=(
            f"Bayes' rule: trust × P(bias | seeker) / [trust × P(bias | seeker) + (1 − trust) × "
            f"P(bias | greedy)], with P(bias | seeker) = {bias['seeker']:g} and P(bias | greedy) = "
            f"{bias['greedy']:g}. Or call trust.update({PRIOR_TRUST:g}, 'arm', "
            f"restrain_if_seeker={seeker:g}, restrain_if_greedy={greedy:g})."
        ),
        explanation=(
            f"Trust falls from {PRIOR_TRUST:g} to {expected:.3f}: the answer multiplies the odds that "
            f"Washington is a security seeker by {bias['seeker']:g}/{bias['greedy']:g} = {odds:.3f}."
        ),
    )


def check_artefact_trust(answer: object) -> Feedback:
    """Exercise ex-ct-evidence, part 1: the artefact analyst's trust after one biased answer."""
    return _check_trust_after_one(answer, "artefact")


def check_design_trust(answer: object) -> Feedback:
    """Exercise ex-ct-evidence, part 2: the design analyst's trust after one biased answer."""
    return _check_trust_after_one(answer, "design")


def check_answers_to_floor(answer: object) -> Feedback:
    """Exercise ex-ct-evidence, part 3: biased answers that take the artefact analyst below the floor."""
    expected = answers_to_floor()
    seeker, greedy = _restrain_probabilities("artefact")
    count = whole(answer, "answers", "3")
    if isinstance(count, Feedback):
        return count
    if count < 0:
        return Feedback(False, "A number of answers cannot be negative.")

    def after(k: int) -> float:
        return trust.posterior(PRIOR_TRUST, 0, k, seeker, greedy)

    if count == expected:
        return Feedback(
            True,
            f"After {expected} biased answers trust is {after(expected):.3f}; after {expected - 1} it "
            f"was still {after(expected - 1):.3f}. Weak evidence adds up, if each answer really is new "
            "evidence.",
        )
    if count > 10_000:
        return Feedback(False, "Far fewer answers are needed: each multiplies the odds by 0.75.")
    if count < expected:
        return Feedback(
            False,
            f"After {count} biased answers trust is still {after(count):.3f}, not below {TRUST_FLOOR:g}.",
        )
    return Feedback(
        False,
        f"After {count} answers trust is {after(count):.3f}, but it had already fallen below "
        f"{TRUST_FLOOR:g} earlier: find the first answer after which it is below.",
    )
