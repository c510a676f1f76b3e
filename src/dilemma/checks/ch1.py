"""Checks for the exercises of chapter 1, "The security dilemma".

The right answers are computed from :mod:`dilemma.games`, never typed in.
"""

from __future__ import annotations

from .. import games
from . import NO_ANSWER, Feedback, check_number

TEXTBOOK_GAMES: dict[str, games.Game] = {
    "A": games.Game(R=3, S=0, T=5, P=1),
    "B": games.Game(R=4, S=0, T=3, P=2),
    "C": games.Game(R=3, S=1, T=4, P=0),
    "D": games.Game(R=4, S=2, T=3, P=1),
}
"""The four payoff sets of the classification exercise."""

_ALIASES = {
    "pd": "prisoner's dilemma",
    "prisoners dilemma": "prisoner's dilemma",
    "prisoners' dilemma": "prisoner's dilemma",
    "prisoner dilemma": "prisoner's dilemma",
    "staghunt": "stag hunt",
    "assurance": "stag hunt",
    "assurance game": "stag hunt",
    "hawk-dove": "chicken",
    "hawk dove": "chicken",
    "harmony game": "harmony",
}


def check_threshold(answer: object) -> Feedback:
    """Exercise ex-sd-threshold: the trust threshold of the security game at ω = 0.5."""
    expected = games.trust_threshold(games.security_game(0.5)).p
    return check_number(
        answer,
        expected,
        tolerance=0.005,
        what="the trust threshold",
        low=0,
        high=1,
        hint=(
            "Compute the game with games.security_game(offence=0.5), then read R, S, T and P "
            "and use p* = (P − S) / ((R − T) + (P − S)), or call games.trust_threshold(game).p."
        ),
        explanation=(
            f"At ω = 0.5 a state must think restraint by its rival at least {expected:.2f} likely "
            "before restraining pays."
        ),
    )


def pd_onset(tolerance: float = 1e-9) -> float:
    """The smallest offence advantage at which the security game is a prisoner's dilemma.

    Found by bisection on :func:`dilemma.games.classify`, so it follows the model.
    """
    low, high = 0.0, 1.0
    while high - low > tolerance:
        middle = (low + high) / 2
        if games.classify(games.security_game(middle)) == "prisoner's dilemma":
            high = middle
        else:
            low = middle
    return high


def check_pd_onset(answer: object) -> Feedback:
    """Exercise ex-sd-pd-onset: where the stag hunt turns into a prisoner's dilemma."""
    expected = pd_onset()
    if (
        isinstance(answer, int | float)
        and not isinstance(answer, bool)
        and expected - 0.01 <= answer < expected - 0.002
    ):
        kind = games.classify(games.security_game(answer))
        return Feedback(
            False,
            f"Close, but at ω = {answer:g} the game is still a {kind}: the temptation T is "
            "still below the reward R. Find where T overtakes R.",
        )
    return check_number(
        answer,
        expected,
        tolerance=0.01,
        what="the offence advantage",
        low=0,
        high=1,
        hint=(
            "Loop over offence values (for example numpy.linspace(0, 1, 301)) and find the first "
            'at which games.classify(games.security_game(offence)) is "prisoner\'s dilemma". '
            "Then check it against the payoffs: the game turns when the temptation T overtakes R."
        ),
        explanation=(
            f"At ω ≈ {expected:.3f} the temptation T = R + 3ω − 2 overtakes the reward R, so arming "
            "becomes the best reply even to a rival who restrains."
        ),
    )


def check_mixed_restraint(answer: object) -> Feedback:
    """Exercise ex-sd-mixed: the probability of restraint in the mixed equilibrium at ω = 0.5."""
    table = games.equilibria(games.security_game(0.5))
    expected = float(table.loc[table["kind"] == "mixed", "p_restrain_1"].iloc[0])
    return check_number(
        answer,
        expected,
        tolerance=0.005,
        what="the probability of restraint",
        low=0,
        high=1,
        hint=(
            "Run games.equilibria(games.security_game(0.5)) and read p_restrain_1 in the row "
            "whose kind is 'mixed'."
        ),
        explanation=(
            f"In the mixed equilibrium each state restrains with probability {expected:.2f}: exactly "
            "the probability that makes the other indifferent between restraining and arming."
        ),
    )


def _normalise(label: str) -> str:
    text = " ".join(label.strip().lower().replace("’", "'").split())
    return _ALIASES.get(text, text)


def check_classification(answers: object) -> Feedback:
    """Exercise ex-sd-classify: name the games A–D of :data:`TEXTBOOK_GAMES`."""
    if answers is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(answers, dict):
        return Feedback(
            False,
            'Give your answers as a dictionary, like {"A": "stag hunt", "B": "...", "C": "...", "D": "..."}.',
        )
    missing = [key for key in TEXTBOOK_GAMES if key not in answers]
    if missing:
        return Feedback(False, f"Your dictionary has no answer for {', '.join(missing)}.")
    unknown = [key for key in answers if key not in TEXTBOOK_GAMES]
    if unknown:
        return Feedback(
            False, f"There is no game {', '.join(map(str, unknown))}: use the keys A, B, C and D."
        )
    not_text = [key for key, value in answers.items() if not isinstance(value, str)]
    if not_text:
        return Feedback(False, f"Name each game in words (a piece of text); check {', '.join(not_text)}.")
    allowed = ("harmony", "stag hunt", "chicken", "prisoner's dilemma")
    unrecognised = [k for k, v in answers.items() if _normalise(v) not in allowed]
    if unrecognised:
        names = ", ".join(f'"{name}"' for name in allowed)
        return Feedback(
            False, f"Use one of the four labels {names}; check the name given for {', '.join(unrecognised)}."
        )
    wrong = [k for k, v in answers.items() if _normalise(v) != games.classify(TEXTBOOK_GAMES[k])]
    if wrong:
        return Feedback(
            False,
            f"{len(wrong)} of 4 are wrong ({', '.join(wrong)}). For each, ask: is R bigger than T "
            "(does restraint answer restraint best)? Is S bigger than P (does restraint answer arming best)?",
        )
    return Feedback(
        True,
        "A is a prisoner's dilemma (T > R > P > S), B a stag hunt (R > T > P > S), "
        "C chicken (T > R > S > P) and D harmony (R > T and S > P).",
    )
