"""Checks for the exercises of chapter 6, "Racing to the precipice".

The right answers are computed from :mod:`dilemma.race`, never typed in. The
constants below are the exercises' *inputs*. Every check returns a
:class:`~dilemma.checks.Feedback` and never raises.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from .. import race
from . import NO_ANSWER, Feedback
from ._common import as_number, near, normalise, number

NONE_RACE: dict[str, float] = {"teams": 3, "enmity": 0.8, "ratio": 1.5}
"""The race of exercise ex-rp-none (no information)."""

REGIME_RACE: dict[str, float] = {"teams": 2, "enmity": 0.5, "ratio": 3.0}
"""The race of exercise ex-rp-regimes (all three regimes)."""

CROWD: dict[str, float] = {"enmity": 1.0, "ratio": 10.0, "few": 2, "many": 5}
"""Exercise ex-rp-teams: private information at enmity 1 and μ = 10, with 2 and then 5 teams."""

SIMULATED: dict[str, float] = {"teams": 2, "enmity": 1.0, "ratio": 2.0}
"""The race simulated in exercise ex-rp-simulate (public information)."""

DRAWS = 100_000
"""Number of races the exercise ex-rp-simulate asks for."""

_REGIME_ALIASES = {
    "no information": "none",
    "no info": "none",
    "unknown": "none",
    "nothing": "none",
    "private information": "private",
    "private info": "private",
    "own": "private",
    "public information": "public",
    "public info": "public",
    "full information": "public",
    "full": "public",
    "complete information": "public",
}

_EFFECT_ALIASES = {
    "lowers": "lower",
    "lowered": "lower",
    "decrease": "lower",
    "decreases": "lower",
    "falls": "lower",
    "fall": "lower",
    "down": "lower",
    "reduce": "lower",
    "reduces": "lower",
    "safer": "lower",
    "less": "lower",
    "raises": "raise",
    "raised": "raise",
    "increase": "raise",
    "increases": "raise",
    "rise": "raise",
    "rises": "raise",
    "up": "raise",
    "higher": "raise",
    "riskier": "raise",
    "more": "raise",
    "same": "no change",
    "unchanged": "no change",
    "nothing": "no change",
    "neither": "no change",
}


# --- No information ---------------------------------------------------------------------


def safety_none() -> float:
    """Equilibrium safety of :data:`NONE_RACE` with no information."""
    return race.safety_none(NONE_RACE["teams"], NONE_RACE["enmity"], NONE_RACE["ratio"])


def check_safety_none(answer: object) -> Feedback:
    """Exercise ex-rp-none, part 1: the equilibrium safety s = min(1, μ / (e n))."""
    n, e, mu = NONE_RACE["teams"], NONE_RACE["enmity"], NONE_RACE["ratio"]
    expected = safety_none()
    value = as_number(answer)
    mistakes = [
        (1 - expected, "That is the probability of disaster, 1 − s; the question asks for the safety s."),
        (mu / n, "That leaves out the enmity: divide μ by e n, not by n alone."),
        (e * n / mu, "That is upside down: s = μ / (e n)."),
        (mu / (e * (n - 1)), "Divide by e n, the enmity times the number of teams (all of them)."),
    ]
    for wrong, message in mistakes:
        if near(value, wrong, 0.002) and not near(value, expected, 0.005):
            return Feedback(False, message)
    if value is not None and near(value, mu / e, 0.002):
        return Feedback(False, "That is μ / e: you left out the number of teams n (and safety is at most 1).")
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="the safety",
        low=0,
        high=1,
        hint=(
            "Use the first-order condition 1/n = s e / μ, or call "
            "race.safety_none(teams=3, enmity=0.8, ratio=1.5)."
        ),
        explanation=(
            f"s = μ / (e n) = {mu:g} / ({e:g} × {n:g}) = {expected:.3f}, so an AI disaster happens with "
            f"probability {1 - expected:.3f}. Every team takes the same care, so the most capable team wins."
        ),
    )


def check_disaster_none(answer: object) -> Feedback:
    """Exercise ex-rp-none, part 2: the probability of disaster, 1 − s."""
    expected = race.disaster_none(NONE_RACE["teams"], NONE_RACE["enmity"], NONE_RACE["ratio"])
    value = as_number(answer)
    if near(value, 1 - expected, 0.002) and not near(value, expected, 0.005):
        return Feedback(False, "That is the safety s; the probability of disaster is 1 − s.")
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="the probability",
        low=0,
        high=1,
        hint="The winner's AI fails with probability 1 − s; or call race.disaster_none(3, 0.8, 1.5).",
        explanation=(
            f"1 − s = {expected:.3f}: whoever wins took the same care as everyone else, so the risk is "
            "the same whichever team wins."
        ),
    )


def safe_ratio() -> float:
    """The smallest capability–risk ratio at which :data:`NONE_RACE`'s teams take full care."""
    return race.RATIO_MAX if race.safety_none(**_none_args(race.RATIO_MAX)) < 1 else _bisect_safe()


def _none_args(mu: float) -> dict[str, float]:
    return {"teams": NONE_RACE["teams"], "enmity": NONE_RACE["enmity"], "ratio": mu}


def _bisect_safe() -> float:
    low, high = 0.0, race.RATIO_MAX
    while high - low > 1e-10:
        middle = (low + high) / 2
        if race.safety_none(**_none_args(middle)) >= 1:
            high = middle
        else:
            low = middle
    return high


def check_safe_ratio(answer: object) -> Feedback:
    """Exercise ex-rp-none, part 2: the smallest μ at which no-information teams take full care."""
    n, e = NONE_RACE["teams"], NONE_RACE["enmity"]
    expected = safe_ratio()
    value = as_number(answer)
    mistakes = [
        (n, "That leaves out the enmity: full care needs μ / (e n) ≥ 1."),
        (e, "That leaves out the number of teams: full care needs μ / (e n) ≥ 1."),
        (n / e, "Multiply the enmity by the number of teams; do not divide."),
        (1.0, "μ = 1 is not enough: safety μ / (e n) must reach 1."),
    ]
    for wrong, message in mistakes:
        if near(value, wrong, 0.002) and not near(value, expected, 0.01):
            return Feedback(False, message)
    return number(
        answer,
        expected,
        tolerance=0.01,
        what="the capability–risk ratio",
        low=0,
        high=race.RATIO_MAX,
        hint="Solve μ / (e n) = 1 for μ, or try values with race.disaster_none(3, 0.8, ratio).",
        explanation=(
            f"μ = e n = {expected:.2f}: once capability is spread that widely, cutting safety buys too "
            "little chance of winning to be worth the risk, and every team takes full care."
        ),
    )


# --- Three regimes -------------------------------------------------------------------------


def regime_disasters() -> dict[str, float]:
    """The probability of disaster of :data:`REGIME_RACE` in each regime."""
    return race.disasters(REGIME_RACE["teams"], REGIME_RACE["enmity"], REGIME_RACE["ratio"])


def check_regime_disasters(answers: object) -> Feedback:
    """Exercise ex-rp-regimes, part 1: the probability of disaster in each regime."""
    expected = regime_disasters()
    example = '{"none": 0.1, "private": 0.2, "public": 0.3}'
    if answers is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(answers, Mapping):
        return Feedback(False, f"Give your answers as a dictionary, like {example}.")
    keyed: dict[str, object] = {}
    for key, value in answers.items():
        name = normalise(key, _REGIME_ALIASES) if isinstance(key, str) else key
        if name not in expected:
            return Feedback(
                False, f"There is no regime {key!r}: use the keys 'none', 'private' and 'public'."
            )
        keyed[name] = value
    missing = [key for key in expected if key not in keyed]
    if missing:
        return Feedback(False, f"Your dictionary has no answer for {', '.join(missing)}.")
    values = {key: as_number(keyed[key]) for key in expected}
    not_numbers = [key for key, value in values.items() if value is None]
    if not_numbers:
        return Feedback(False, f"Give each probability as a number; check {', '.join(not_numbers)}.")
    negative = [key for key, value in values.items() if value is not None and value < 0]
    if negative:
        return Feedback(
            False,
            f"A probability cannot be negative ({', '.join(negative)}). Here μ = {REGIME_RACE['ratio']:g} "
            "is above the regime's threshold, so use the formula for large μ.",
        )
    wrong = [key for key in expected if not near(values[key], expected[key], 0.005)]
    if wrong:
        return Feedback(
            False,
            f"{len(wrong)} of 3 {'is' if len(wrong) == 1 else 'are'} not right ({', '.join(wrong)}). "
            "Check which branch of each formula applies (compare μ with e n, 1 + e (n − 1) and e), or "
            "call race.disasters(2, 0.5, 3.0).",
        )
    return Feedback(
        True,
        "; ".join(f"{race.REGIME_LABELS[key]}: {value:.3f}" for key, value in expected.items())
        + ". The more the teams know, the more the leader's care depends on how close the others are.",
    )


def ranking() -> list[str]:
    """The regimes of :data:`REGIME_RACE` from safest to most dangerous."""
    values = regime_disasters()
    return sorted(values, key=lambda key: (values[key], race.REGIMES.index(key)))


def check_ranking(answer: object) -> Feedback:
    """Exercise ex-rp-regimes, part 2: the regimes ordered from safest to most dangerous."""
    expected = ranking()
    example = '["none", "private", "public"]'
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if isinstance(answer, str) or not isinstance(answer, list | tuple):
        return Feedback(False, f"Give the three regimes in a list, safest first, like {example}.")
    if len(answer) != 3:
        return Feedback(False, f"Give exactly three regimes; your list has {len(answer)}.")
    if not all(isinstance(item, str) for item in answer):
        return Feedback(False, f"Name each regime in words, like {example}.")
    names = [normalise(item, _REGIME_ALIASES) for item in answer]
    if sorted(names) != sorted(race.REGIMES):
        return Feedback(False, "Use each of 'none', 'private' and 'public' exactly once.")
    if names == expected:
        safest, riskiest = race.REGIME_LABELS[expected[0]], race.REGIME_LABELS[expected[-1]]
        return Feedback(
            True,
            f"Safest with {safest}, riskiest with {riskiest}"
            + (": the curse of information." if expected == list(race.REGIMES) else "."),
        )
    if names == expected[::-1]:
        return Feedback(False, "That is the right order reversed: put the safest regime first.")
    return Feedback(False, "Not that order: compare the three probabilities you computed in part 1.")


# --- Teams --------------------------------------------------------------------------------------


def crowd_disasters() -> tuple[float, float]:
    """Private-information disaster probabilities of :data:`CROWD` with few and with many teams."""
    e, mu = CROWD["enmity"], CROWD["ratio"]
    return race.disaster_private(CROWD["few"], e, mu), race.disaster_private(CROWD["many"], e, mu)


def check_crowd_disaster(answer: object) -> Feedback:
    """Exercise ex-rp-teams, part 1: the private-information disaster probability with five teams."""
    few, many = crowd_disasters()
    k = 1 + CROWD["enmity"] * (CROWD["many"] - 1)
    value = as_number(answer)
    if near(value, few, 0.0005) and not near(value, many, 0.0005):
        return Feedback(
            False,
            f"That is the value for {CROWD['few']:g} teams; the question asks about {CROWD['many']:g}.",
        )
    if value is not None and value < 0:
        return Feedback(
            False,
            "A probability cannot be negative: μ = 10 is above k = 1 + e (n − 1), "
            "so use k^n / ((n + 1) μ^n).",
        )
    return number(
        answer,
        many,
        tolerance=0.0005,
        what="the probability",
        low=0,
        high=1,
        hint=(
            "With k = 1 + e (n − 1) and μ ≥ k the formula is k^n / ((n + 1) μ^n); "
            "or call race.disaster_private."
        ),
        explanation=(
            f"k = {k:g}, and the formula gives {many:.4f}, against {few:.4f} for {CROWD['few']:g} teams. "
            + (
                "With more teams the strongest is more likely to be strong enough to take full care."
                if many < few
                else "Here more teams make the race riskier."
            )
        ),
    )


def teams_effect() -> str:
    """Whether going from few to many teams raises or lowers the risk in :data:`CROWD`."""
    few, many = crowd_disasters()
    if math.isclose(few, many, rel_tol=1e-9, abs_tol=1e-12):
        return "no change"
    return "raise" if many > few else "lower"


def check_teams_effect(answer: object) -> Feedback:
    """Exercise ex-rp-teams, part 2: do more teams raise or lower the risk here?"""
    expected = teams_effect()
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(answer, str):
        return Feedback(False, 'Answer in a word: "raise", "lower" or "no change".')
    said = normalise(answer, _EFFECT_ALIASES)
    if said not in ("raise", "lower", "no change"):
        return Feedback(False, 'Use one of "raise", "lower" or "no change".')
    if said == expected:
        if expected == "lower":
            return Feedback(
                True,
                "More teams lower the risk here. The rule that more teams mean more danger holds in most "
                "cases, not all: with private information and large μ it can fail.",
            )
        return Feedback(
            True, f"Right: more teams {'raise the risk' if expected == 'raise' else 'change nothing'}."
        )
    return Feedback(False, "Compare the two probabilities: race.disaster_private(2, 1, 10) and (5, 1, 10).")


# --- Simulation ---------------------------------------------------------------------------------


def simulated_disaster() -> float:
    """The closed form the simulation of exercise ex-rp-simulate should approach."""
    return race.disaster_public(SIMULATED["teams"], SIMULATED["enmity"], SIMULATED["ratio"])


def check_simulation(answer: object) -> Feedback:
    """Exercise ex-rp-simulate: the simulated frequency of disaster with public information."""
    expected = simulated_disaster()
    n, e, mu = SIMULATED["teams"], SIMULATED["enmity"], SIMULATED["ratio"]
    value = as_number(answer)
    mistakes = [
        (1 - expected, "That is the frequency of *safe* outcomes; count the disasters instead."),
        (
            1 - mu / ((n + 1) * e),
            "That is the small-μ branch, 1 − μ/((n + 1) e), which holds only for μ ≤ e.",
        ),
        (
            race.disaster_private(n, e, mu),
            "That is the private-information value; here every team knows all.",
        ),
    ]
    for wrong, message in mistakes:
        if near(value, wrong, 0.004) and not near(value, expected, 0.01):
            return Feedback(False, message)
    return number(
        answer,
        expected,
        tolerance=0.01,
        what="the frequency of disaster",
        low=0,
        high=1,
        hint=(
            "Draw both capabilities, take the gap Δ between them, give the leader safety min(1, Δ/e), "
            "and count how often a uniform draw falls at or above that safety."
        ),
        explanation=(
            f"The closed form is {expected:.4f}; with {DRAWS:,} draws the standard error is "
            f"{math.sqrt(expected * (1 - expected) / DRAWS):.4f}, so a simulation usually lands within "
            f"{2 * math.sqrt(expected * (1 - expected) / DRAWS):.3f} of it (two standard errors)."
        ),
    )
