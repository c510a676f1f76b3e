"""Checks for the exercises of chapter 2, "Offence, defence and dual-use AI".

The right answers are computed from :mod:`dilemma.worlds` and :mod:`dilemma.games`,
never typed in. The constants below are the exercises' *inputs*.
"""

from __future__ import annotations

from .. import games, worlds
from . import Feedback
from ._common import as_number, boundary, check_labels, near, number

OFFENCE = 0.8
"""Offence advantage ω in exercises ex-od-effective and ex-od-fear."""

DISTINGUISHABILITY = 0.4
"""Distinguishability δ in exercises ex-od-effective and ex-od-fear."""

RESCUE_OFFENCE = 0.9
"""Offence advantage ω in exercise ex-od-rescue."""

ASYMMETRIC: dict[str, tuple[float, float]] = {"stronger": (0.5, 0.3), "weaker": (0.8, 0.3)}
"""(offence, distinguishability) as each state sees them in exercise ex-od-asymmetry."""

ASYMMETRIC_FEAR = 0.4
"""The fear both states hold in exercise ex-od-asymmetry."""

_DECISION_ALIASES = {
    "restraint": "restrain",
    "restrains": "restrain",
    "cooperate": "restrain",
    "hold back": "restrain",
    "arms": "arm",
    "arming": "arm",
    "defect": "arm",
    "build up": "arm",
}


def effective_offence() -> float:
    """ω(1 − δ) at the exercise's ω and δ."""
    return worlds.effective_offence(OFFENCE, DISTINGUISHABILITY)


def check_effective_offence(answer: object) -> Feedback:
    """Exercise ex-od-effective: the effective offence advantage at ω = 0.8, δ = 0.4."""
    expected = effective_offence()
    value = as_number(answer)
    omega, delta = OFFENCE, DISTINGUISHABILITY
    mistakes = {
        omega * delta: (
            f"That is ω·δ = {omega * delta:g}, the part of the offence advantage that distinguishability "
            "neutralises. The effective offence is the part that is left: ω(1 − δ)."
        ),
        omega - delta: (
            f"That is ω − δ = {omega - delta:g}. In the model distinguishability removes a *share* of the "
            "offence advantage, so multiply: ω(1 − δ)."
        ),
        omega: (
            "That is the raw offence advantage ω. Distinguishability δ lets a security seeker neutralise "
            "part of it; only ω(1 − δ) reaches the game."
        ),
    }
    for wrong, message in mistakes.items():
        if near(value, wrong, 0.002) and not near(value, expected, 0.002):
            return Feedback(False, message)
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="the effective offence advantage",
        low=0,
        high=1,
        hint="Compute ω(1 − δ), or call worlds.effective_offence(offence=0.8, distinguishability=0.4).",
        explanation=(
            f"ω(1 − δ) = {OFFENCE:g} × {1 - DISTINGUISHABILITY:g} = {expected:.2f}: distinguishability takes "
            f"the offence advantage that reaches the game from {OFFENCE:g} down to {expected:.2f}, "
            f"which is a {games.classify(games.security_game(expected))}."
        ),
    )


def threshold() -> float:
    """The trust threshold p* of the security game at the exercise's effective offence."""
    game = games.security_game(effective_offence())
    result = games.trust_threshold(game)
    return 1.0 if result.p is None else result.p


def check_threshold(answer: object) -> Feedback:
    """Exercise ex-od-effective: the trust threshold once distinguishability is taken into account."""
    expected = threshold()
    value = as_number(answer)
    if near(value, 1 - expected, 0.002) and not near(value, expected, 0.002):
        return Feedback(
            False,
            f"That is 1 − p* = {1 - expected:.2f}, the most fear a security seeker can hold and still "
            "restrain (the next exercise). The threshold is the trust it needs.",
        )
    if near(value, 3 * OFFENCE - 1, 0.002):
        return Feedback(
            False,
            f"You used the raw offence advantage: 3 × {OFFENCE:g} − 1 = {3 * OFFENCE - 1:g} is no "
            "probability. Put the effective offence ω(1 − δ) into the game instead.",
        )
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="the trust threshold",
        low=0,
        high=1,
        hint=(
            "Build the game at the effective offence, games.security_game(offence=ω_eff), and take "
            "games.trust_threshold(game).p; in the stag-hunt band it equals 3ω_eff − 1."
        ),
        explanation=(
            f"At ω_eff = {effective_offence():.2f} the game is a stag hunt and restraint pays once the "
            f"rival is at least {expected:.2f} likely to restrain. Without distinguishability "
            f"(ω = {OFFENCE:g}) it would be a prisoner's dilemma, where no trust is enough."
        ),
    )


def max_fear(offence: float = OFFENCE, distinguishability: float = DISTINGUISHABILITY) -> float:
    """The largest fear at which a security seeker still restrains, found by bisection on
    :func:`dilemma.worlds.assess`, so it follows the model's own decision rule."""

    def arms(fear: float) -> bool:
        return worlds.assess(offence, distinguishability, fear).decision == "arm"

    if not arms(1.0):
        return 1.0
    return boundary(arms, 0.0, 1.0)


def check_max_fear(answer: object) -> Feedback:
    """Exercise ex-od-fear: the most fear a security seeker can hold and still restrain."""
    expected = max_fear()
    value = as_number(answer)
    if near(value, threshold(), 0.002) and not near(value, expected, 0.002):
        return Feedback(
            False,
            f"{value:g} is the trust threshold p*, the *trust* restraint needs. Fear is the probability "
            "that the rival is greedy, so trust = 1 − fear: how much fear leaves trust at p*?",
        )
    if (
        value is not None
        and expected < value <= min(1.0, expected + 0.01)
        and worlds.assess(OFFENCE, DISTINGUISHABILITY, value).decision == "arm"
    ):
        return Feedback(
            False,
            f"Close, but with fear {value:g} a security seeker arms: its trust, {1 - value:.3f}, is "
            f"below the threshold. Find the largest fear at which worlds.assess still says restrain.",
        )
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="the fear",
        low=0,
        high=1,
        hint=(
            "A security seeker restrains when its trust 1 − φ reaches the threshold p*. Solve for φ, or "
            "try fears with worlds.assess(0.8, 0.4, fear).decision and find where the answer changes."
        ),
        explanation=(
            f"With ω = {OFFENCE:g} and δ = {DISTINGUISHABILITY:g} a security seeker restrains as long as "
            f"its fear is at most {expected:.2f} (trust 1 − φ at least p* = {threshold():.2f})."
        ),
    )


def _first(game_is: str | tuple[str, ...], offence: float = RESCUE_OFFENCE) -> float:
    labels = (game_is,) if isinstance(game_is, str) else game_is
    return boundary(lambda d: worlds.assess(offence, d, 0.0).game in labels, 0.0, 1.0)


def rescue_distinguishability() -> float:
    """The smallest δ at which the game at ω = 0.9 stops being a prisoner's dilemma."""
    return _first(("borderline", "stag hunt", "harmony"))


def harmony_distinguishability() -> float:
    """The smallest δ at which the game at ω = 0.9 becomes a harmony game."""
    return _first("harmony")


def _check_distinguishability(answer: object, expected: float, other: float, target: str) -> Feedback:
    value = as_number(answer)
    if near(value, 1 - expected, 0.003) and not near(value, expected, 0.003):
        return Feedback(
            False, f"{value:g} is 1 − δ, the share of the offence advantage that survives; give δ itself."
        )
    if near(value, other, 0.005):
        return Feedback(
            False,
            f"At δ = {other:.3f} the game becomes a {'harmony game' if other > expected else 'stag hunt'}; "
            f"this part asks where it becomes {target}.",
        )
    if value is not None and expected - 0.01 <= value < expected - 0.001:
        kind = worlds.assess(RESCUE_OFFENCE, value, 0.0).game
        return Feedback(
            False,
            f"Close, but at δ = {value:g} the game is still a {kind}: ω(1 − δ) = "
            f"{worlds.effective_offence(RESCUE_OFFENCE, value):.3f}. Find the boundary itself.",
        )
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="the distinguishability",
        low=0,
        high=1,
        hint=(
            "Loop over δ (for example numpy.linspace(0, 1, 1001)) and call "
            "worlds.assess(0.9, delta, 0).game, or solve 0.9(1 − δ) = boundary, where the boundaries "
            "of the security game are ω_eff = 1/3 and ω_eff = 2/3."
        ),
        explanation=(
            f"Above δ ≈ {expected:.3f} the effective offence 0.9(1 − δ) falls below the boundary, and "
            f"the game becomes {target}."
        ),
    )


def check_rescue(answer: object) -> Feedback:
    """Exercise ex-od-rescue: the distinguishability that takes ω = 0.9 out of the prisoner's dilemma."""
    return _check_distinguishability(
        answer, rescue_distinguishability(), harmony_distinguishability(), "a stag hunt"
    )


def check_harmony(answer: object) -> Feedback:
    """Exercise ex-od-rescue: the distinguishability that makes ω = 0.9 a harmony game."""
    return _check_distinguishability(
        answer, harmony_distinguishability(), rescue_distinguishability(), "a harmony game"
    )


def asymmetric_decisions() -> dict[str, str]:
    """What each state of exercise ex-od-asymmetry does, from :func:`dilemma.worlds.assess`."""
    return {
        state: worlds.assess(omega, delta, ASYMMETRIC_FEAR).decision
        for state, (omega, delta) in ASYMMETRIC.items()
    }


def check_asymmetry(answers: object) -> Feedback:
    """Exercise ex-od-asymmetry: the decisions of a stronger and a weaker state with the same fear."""
    expected = asymmetric_decisions()
    sentences = []
    for state, (omega, delta) in ASYMMETRIC.items():
        a = worlds.assess(omega, delta, ASYMMETRIC_FEAR)
        sentences.append(
            f"the {state} state (ω_eff = {a.effective_offence:.2f}, p* = {a.intensity:.2f}) {a.decision}s"
        )
    return check_labels(
        answers,
        expected,
        allowed=("restrain", "arm"),
        aliases=_DECISION_ALIASES,
        example='{"stronger": "restrain", "weaker": "arm"}',
        hint=(
            "For each state compute ω(1 − δ) with its own ω and δ, the trust threshold of that game, "
            f"and compare it with the trust 1 − {ASYMMETRIC_FEAR:g}."
        ),
        explanation=(
            f"With the same fear ({ASYMMETRIC_FEAR:g}, so trust {1 - ASYMMETRIC_FEAR:g}), "
            + " and ".join(sentences)
            + "."
        ),
    )
