"""Checks for the exercises of chapter 3, "Spirals, arms races and trust".

The right answers are computed from :mod:`dilemma.arms_race`, :mod:`dilemma.spiral`
and :mod:`dilemma.trust`, never typed in. The constants below are the exercises'
*inputs*. :mod:`dilemma.spiral` loads the ``axelrod`` library, which takes several
seconds, so it is imported only by the checks that need it, and their answers are
computed once.
"""

from __future__ import annotations

import math
import numbers
from functools import cache
from types import ModuleType

from .. import arms_race, trust
from . import NO_ANSWER, Feedback
from ._common import as_number, check_labels, near, number

RACE: dict[str, float] = {"a": 0.5, "b": 0.8, "m": 1.0, "n": 0.6, "g": 0.4, "h": 0.2}
"""Richardson's coefficients in exercise ex-sr-equilibrium."""

TIPPING: dict[str, float] = {"a": 0.3, "m": 0.5, "n": 0.8}
"""The fixed coefficients of exercise ex-sr-outcomes, part 1 (Y's reaction b varies)."""

RACES: dict[str, dict[str, float]] = {
    "A": {"a": 0.3, "b": 0.5, "m": 0.6, "n": 0.7, "g": 0.3, "h": 0.6, "x0": 1.0, "y0": 1.0},
    "B": {"a": 0.7, "b": 0.7, "m": 0.5, "n": 0.5, "g": 0.2, "h": 0.2, "x0": 1.0, "y0": 1.0},
    "C": {"a": 0.3, "b": 0.4, "m": 0.8, "n": 0.6, "g": -0.2, "h": -0.1, "x0": 1.0, "y0": 1.0},
    "D": {"a": 0.9, "b": 0.9, "m": 0.6, "n": 0.6, "g": -0.6, "h": -0.6, "x0": 1.0, "y0": 1.0},
}
"""The four races of exercise ex-sr-outcomes, part 2 (coefficients and starting levels)."""

NOISE = 0.05
"""Noise in exercise ex-sr-echo."""

GENEROSITY_PAYOFFS: dict[str, float] = {"R": 4.0, "S": 0.0, "T": 6.0, "P": 1.0}
"""The prisoner's dilemma of exercise ex-sr-echo, part 3."""

PRIOR = 0.5
"""Prior trust in exercise ex-sr-bayes, part 1."""

OBSERVED: tuple[str, ...] = ("restrain", "restrain", "arm")
"""The moves observed in exercise ex-sr-bayes, part 1."""

LOW_PRIOR = 0.2
"""Prior trust in exercise ex-sr-bayes, part 2."""

TARGET_TRUST = 0.9
"""The trust to reach in exercise ex-sr-bayes, part 2."""

SIGNAL_PRIOR = 0.3
"""Prior trust in exercise ex-sr-signal."""

SIGNAL_COSTS: dict[str, float] = {"A": 0.3, "B": 0.5, "C": 0.8, "D": 1.2}
"""The signal costs of exercise ex-sr-signal (the gains are the model's defaults)."""

_OUTCOME_ALIASES = {
    "stable": "stable race",
    "stable arms race": "stable race",
    "stable equilibrium": "stable race",
    "run away": "runaway",
    "runaway race": "runaway",
    "unstable": "runaway",
    "explosive": "runaway",
    "escalation": "runaway",
    "disarm": "disarmament",
    "disarming": "disarmament",
    "disarmament race": "disarmament",
}

_REGIME_ALIASES = {
    "pool": "pooling",
    "pooling equilibrium": "pooling",
    "both": "pooling",
    "separate": "separating",
    "separation": "separating",
    "separating equilibrium": "separating",
    "none": "no signal",
    "nobody": "no signal",
    "neither": "no signal",
    "no one": "no signal",
    "nothing": "no signal",
    "no signal sent": "no signal",
}


def _spiral() -> ModuleType:
    from .. import spiral  # imported here: axelrod takes several seconds to load

    return spiral


# --- Richardson -------------------------------------------------------------------------


def equilibrium() -> tuple[float, float]:
    """Richardson's equilibrium for :data:`RACE`."""
    point = arms_race.equilibrium(**RACE)
    if point is None:  # pragma: no cover - RACE has m n ≠ a b
        raise ValueError("the exercise's race has no equilibrium")
    return point


def _pair(answer: object) -> tuple[float, float] | Feedback:
    """The answer as two finite numbers, or the Feedback that explains why it is not."""
    example = "like (1.5, 2.0)"
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if isinstance(answer, str):
        return Feedback(False, f"Give the two levels as numbers in a tuple, {example}, not as text.")
    if isinstance(answer, dict):
        return Feedback(False, f"Give the two levels as a tuple (x*, y*), {example}, not as a dictionary.")
    if isinstance(answer, numbers.Number):
        return Feedback(False, f"The equilibrium has two levels, x* and y*: give both as a pair, {example}.")
    try:
        items = list(answer)  # type: ignore[call-overload]
    except TypeError:
        return Feedback(
            False,
            f"Give the two levels as a tuple (x*, y*), {example}; your answer is a {type(answer).__name__}.",
        )
    if len(items) != 2:
        return Feedback(False, f"Give exactly two numbers, x* and then y*; your answer has {len(items)}.")
    values = [as_number(item) for item in items]
    if values[0] is None or values[1] is None:
        return Feedback(False, f"Both levels must be finite numbers, {example}.")
    return values[0], values[1]


def check_equilibrium(answer: object) -> Feedback:
    """Exercise ex-sr-equilibrium: the equilibrium (x*, y*) of the race :data:`RACE`."""
    pair = _pair(answer)
    if isinstance(pair, Feedback):
        return pair
    (x, y), (x_star, y_star) = pair, equilibrium()
    tolerance = 0.01
    x_ok, y_ok = near(x, x_star, tolerance), near(y, y_star, tolerance)
    if x_ok and y_ok:
        stable = arms_race.is_stable(RACE["a"], RACE["b"], RACE["m"], RACE["n"])
        return Feedback(
            True,
            f"x* = {x_star:.2f} and y* = {y_star:.2f}. Since m n = {RACE['m'] * RACE['n']:.2f} "
            f"{'>' if stable else '≤'} a b = {RACE['a'] * RACE['b']:.2f}, the race is "
            f"{'stable: both sides settle there' if stable else 'unstable: the levels move away from it'}.",
        )
    if near(x, y_star, tolerance) and near(y, x_star, tolerance):
        return Feedback(False, "You have the two levels the wrong way round: give x* first, then y*.")
    if near(x, -x_star, tolerance) and near(y, -y_star, tolerance):
        return Feedback(
            False, "The signs are reversed: the denominator is m n − a b (fatigue first), not a b − m n."
        )
    if x_ok:
        return Feedback(False, "x* is right but y* is not: y* = (b g + m h) / (m n − a b).")
    if y_ok:
        return Feedback(False, "y* is right but x* is not: x* = (a h + n g) / (m n − a b).")
    return Feedback(
        False,
        "Set both rates to zero, a y − m x + g = 0 and b x − n y + h = 0, and solve the pair; or call "
        "arms_race.equilibrium(a=0.5, b=0.8, m=1.0, n=0.6, g=0.4, h=0.2).",
    )


def tipping_reaction() -> float:
    """The reaction coefficient b at which the race of :data:`TIPPING` stops being stable.

    Found by bisection on :func:`dilemma.arms_race.is_stable`, so it follows the model.
    """
    a, m, n = TIPPING["a"], TIPPING["m"], TIPPING["n"]
    low, high = 0.0, arms_race.COEFFICIENT_MAX
    if arms_race.is_stable(a, high, m, n):  # pragma: no cover - not for these coefficients
        return high
    while high - low > 1e-9:
        middle = (low + high) / 2
        if arms_race.is_stable(a, middle, m, n):
            low = middle
        else:
            high = middle
    return low


def check_tipping_reaction(answer: object) -> Feedback:
    """Exercise ex-sr-outcomes, part 1: how reactive Y can be before the race is unstable."""
    expected = tipping_reaction()
    a, m, n = TIPPING["a"], TIPPING["m"], TIPPING["n"]
    value = as_number(answer)
    share = "the condition is on the products, a b < m n."
    mistakes = [
        (m * n, f"{m * n:g} is m n, the product of the fatigue coefficients. Now divide by a."),
        (a / (m * n), "That is a / (m n), upside down: solve a b = m n for b."),
        (m * n - a, "That is m n − a. The condition multiplies the reactions: a b < m n."),
        (m, f"That compares Y's reaction with X's fatigue alone; {share}"),
        (n, f"That compares Y's reaction with its own fatigue alone; {share}"),
    ]
    for wrong, message in mistakes:
        if near(value, wrong, 0.002) and not near(value, expected, 0.01):
            return Feedback(False, message)
    return number(
        answer,
        expected,
        tolerance=0.01,
        what="the reaction coefficient",
        low=0,
        high=arms_race.COEFFICIENT_MAX,
        hint=(
            "Richardson's race is stable exactly when m n > a b. Solve for the b at which the two "
            "products are equal, or test values with arms_race.is_stable(a=0.3, b=..., m=0.5, n=0.8)."
        ),
        explanation=(
            f"The race is stable while b < m n / a = {m * n:g} / {a:g} ≈ {expected:.3f}; "
            "beyond that Y's reaction outweighs the two sides' fatigue and the race runs away."
        ),
    )


def race_outcomes() -> dict[str, str]:
    """The outcome of each race of :data:`RACES`, from :func:`dilemma.arms_race.outcome`."""
    return {name: arms_race.outcome(**race) for name, race in RACES.items()}


def check_outcomes(answers: object) -> Feedback:
    """Exercise ex-sr-outcomes, part 2: name the outcome of the races A–D."""
    expected = race_outcomes()
    return check_labels(
        answers,
        expected,
        allowed=arms_race.OUTCOMES,
        aliases=_OUTCOME_ALIASES,
        example='{"A": "stable race", "B": "...", "C": "...", "D": "..."}',
        hint=(
            "For each race compare m n with a b (stable or not), then look at the sign of the "
            "equilibrium. In an unstable race, ask where the race starts relative to its equilibrium."
        ),
        explanation=(
            "; ".join(
                f"{name} is a {label}" if label != "disarmament" else f"{name} disarms"
                for name, label in expected.items()
            )
            + ". D shows that an unstable race need not run away: with goodwill and a low start it "
            "falls to zero, while from above its equilibrium it would explode."
        ),
    )


# --- Noise and reciprocity ---------------------------------------------------------------


@cache
def cooperation_rates() -> dict[str, float]:
    """Long-run cooperation of each strategy against itself at :data:`NOISE` (model defaults)."""
    spiral = _spiral()
    return {name: spiral.long_run(name, NOISE)["cooperation"] for name in spiral.STRATEGIES}


@cache
def tft_payoff() -> float:
    """Tit-for-Tat's mean payoff per round against itself at :data:`NOISE`."""
    return _spiral().long_run("Tit-for-Tat", NOISE)["payoff"]


def check_tft_cooperation(answer: object) -> Feedback:
    """Exercise ex-sr-echo, part 1: how often two Tit-for-Tat players cooperate at noise 0.05."""
    if answer is None:
        return Feedback(False, NO_ANSWER)
    rates = cooperation_rates()
    expected = rates["Tit-for-Tat"]
    value = as_number(answer)
    if near(value, 1 - NOISE, 0.005) and not near(value, expected, 0.01):
        return Feedback(
            False,
            f"{1 - NOISE:g} would be right if each slip were a one-off. Under Tit-for-Tat a slip is "
            "answered, the answer is answered, and the echo lasts until the next slip: run the match.",
        )
    for name, rate in rates.items():
        if name != "Tit-for-Tat" and near(value, rate, 0.005) and not near(value, expected, 0.01):
            return Feedback(
                False, f"That is the cooperation rate of {name}; the question asks about Tit-for-Tat."
            )
    if near(value, tft_payoff(), 0.01):
        return Feedback(
            False, "That is the payoff per round. The cooperation rate is the share of moves that were C."
        )
    return number(
        answer,
        expected,
        tolerance=0.01,
        what="the cooperation rate",
        low=0,
        high=1,
        hint=(
            f'Run spiral.long_run("Tit-for-Tat", noise={NOISE:g}) with its default turns and seed, '
            'and read its "cooperation" entry.'
        ),
        explanation=(
            f"Two Tit-for-Tat players cooperate only {expected:.0%} of the time at noise {NOISE:g}: "
            "each slip starts an echo of retaliation that lasts until the next slip, so the long-run "
            "share is close to one half however small the noise."
        ),
    )


def default_generosity() -> float:
    """The default generosity for :data:`GENEROSITY_PAYOFFS`."""
    return _spiral().default_generosity(**GENEROSITY_PAYOFFS)


def check_generosity(answer: object) -> Feedback:
    """Exercise ex-sr-echo, part 3: default generosity of Generous TFT for (R, S, T, P) = (4, 0, 6, 1)."""
    if answer is None:
        return Feedback(False, NO_ANSWER)
    expected = default_generosity()
    r, s, t, p = (GENEROSITY_PAYOFFS[k] for k in "RSTP")
    first, second = 1 - (t - r) / (r - s), (r - p) / (t - p)
    value = as_number(answer)
    if near(value, max(first, second), 0.002) and not near(value, expected, 0.002):
        return Feedback(
            False, f"{value:g} is the larger of the two terms; the default generosity is the smaller one."
        )
    if near(value, (t - r) / (r - s), 0.002) and not near(value, expected, 0.002):
        return Feedback(False, "That is (T − R)/(R − S); the first term is 1 minus it.")
    if near(value, _spiral().default_generosity(), 0.002) and not near(value, expected, 0.002):
        return Feedback(
            False, "That is the value for axelrod's default payoffs (3, 0, 5, 1); use the exercise's payoffs."
        )
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="the generosity",
        low=0,
        high=1,
        hint="Compute min(1 − (T − R)/(R − S), (R − P)/(T − P)) with R = 4, S = 0, T = 6, P = 1.",
        explanation=(
            f"min(1 − 2/4, 3/5) = {expected:g}: a generous player should forgive about one defection in "
            f"{1 / expected:.0f}. Forgiving more often would start to reward a rival that exploits it."
        ),
    )


# --- Trust --------------------------------------------------------------------------------


def posterior_trust() -> float:
    """Trust after the moves :data:`OBSERVED`, starting from :data:`PRIOR` (model defaults)."""
    value = PRIOR
    for move in OBSERVED:
        value = trust.update(value, move)
    return value


def check_posterior(answer: object) -> Feedback:
    """Exercise ex-sr-bayes, part 1: trust after restrain, restrain, arm from a prior of 0.5."""
    expected = posterior_trust()
    restraints, armings = OBSERVED.count("restrain"), OBSERVED.count("arm")
    value = as_number(answer)
    mistakes = {
        trust.posterior(PRIOR, restraints, 0): "You left out the observed arming: it is evidence too.",
        trust.posterior(PRIOR, 1, 0): "That is trust after the first restraint only; update once per move.",
        trust.posterior(PRIOR, restraints - 1, armings): (
            "That counts one restraint too few: update once for each observed move."
        ),
        1 - expected: (
            "That is the probability that the rival is greedy; trust is the probability that it is a "
            "security seeker."
        ),
        PRIOR: "Trust has moved: two restraints and one arming are not equal evidence.",
    }
    for wrong, message in mistakes.items():
        if near(value, wrong, 0.002) and not near(value, expected, 0.002):
            return Feedback(False, message)
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="the trust",
        low=0,
        high=1,
        hint=(
            "Apply Bayes' rule once per move, with P(restrain | seeker) = 0.8 and "
            "P(restrain | greedy) = 0.3; or call trust.update three times, or "
            "trust.posterior(0.5, restraints=2, armings=1)."
        ),
        explanation=(
            f"Trust rises to {expected:.3f}: each restraint multiplies the odds by 0.8/0.3 and the "
            "arming by 0.2/0.7. The order of the moves does not matter."
        ),
    )


def rounds_needed() -> int:
    """Consecutive restraints that take trust from :data:`LOW_PRIOR` to :data:`TARGET_TRUST`."""
    rounds = 0
    while trust.posterior(LOW_PRIOR, rounds, 0) < TARGET_TRUST:
        rounds += 1
        if rounds > 10_000:  # pragma: no cover - only if restraint carried no information
            raise ValueError("trust never reaches the target")
    return rounds


def check_rounds_needed(answer: object) -> Feedback:
    """Exercise ex-sr-bayes, part 2: restraints needed to raise trust from 0.2 to 0.9."""
    expected = rounds_needed()
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if isinstance(answer, str):
        return Feedback(False, f"Give a whole number of rounds, like 3, not the text {answer!r}.")
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return Feedback(
            False, f"Give a whole number of rounds, like 3; your answer is a {type(answer).__name__}."
        )
    value = as_number(answer)
    if value is None:
        if isinstance(answer, numbers.Integral):
            return Feedback(False, "Your answer is a whole number far too large to be right.")
        return Feedback(False, f"Your answer is {answer}, which is not a finite number.")
    if value < 0:
        return Feedback(False, "A number of rounds cannot be negative.")
    if value != math.floor(value):
        return Feedback(
            False,
            f"Trust changes only when a move is observed, so count whole rounds: {value:g} is between "
            f"{math.floor(value)} and {math.ceil(value)}. Which is the first that reaches {TARGET_TRUST:g}?",
        )
    rounds = int(value)
    if rounds == expected:
        return Feedback(
            True,
            f"After {expected} restraints trust is {trust.posterior(LOW_PRIOR, expected, 0):.3f}; after "
            f"{expected - 1} it was only {trust.posterior(LOW_PRIOR, expected - 1, 0):.3f}. Ordinary "
            "restraint is weak evidence when greedy states also restrain some of the time.",
        )
    if rounds > 10_000:
        return Feedback(False, "Far fewer rounds are needed: each restraint multiplies the odds by 8/3.")
    reached = trust.posterior(LOW_PRIOR, rounds, 0)
    if rounds < expected:
        return Feedback(
            False, f"After {rounds} restraints trust is only {reached:.3f}, still below {TARGET_TRUST:g}."
        )
    return Feedback(
        False,
        f"After {rounds} restraints trust is {reached:.3f}, but it was already above {TARGET_TRUST:g} "
        "earlier: find the first round at which it gets there.",
    )


def signal_regimes() -> dict[str, str]:
    """The regime of each signal cost of :data:`SIGNAL_COSTS`, from :func:`dilemma.trust.signal`."""
    return {name: trust.signal(SIGNAL_PRIOR, cost).regime for name, cost in SIGNAL_COSTS.items()}


def check_regimes(answers: object) -> Feedback:
    """Exercise ex-sr-signal: pooling, separating or no signal for the costs A–D."""
    expected = signal_regimes()
    return check_labels(
        answers,
        expected,
        allowed=trust.REGIMES,
        aliases=_REGIME_ALIASES,
        example='{"A": "pooling", "B": "...", "C": "...", "D": "..."}',
        hint=(
            f"A type sends the signal when being trusted is worth at least the cost to it: "
            f"{trust.GAIN_SEEKER:g} to a security seeker, {trust.GAIN_GREEDY:g} to a greedy type. "
            "Watch the tie: 'at least' includes equality."
        ),
        explanation=(
            "; ".join(f"{name} (cost {SIGNAL_COSTS[name]:g}): {label}" for name, label in expected.items())
            + ". Only a cost above what a greedy type would pay and within what a security seeker "
            "would pay tells the types apart."
        ),
    )
