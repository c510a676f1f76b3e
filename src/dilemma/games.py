"""The security dilemma as a symmetric 2×2 game.

Two states each choose to *Restrain* (cooperate) or to *Arm* (defect). With the
conventional letters for the row state's payoffs:

=========  ===========  ===========
you \\ rival  Restrain     Arm
=========  ===========  ===========
Restrain   R (reward)    S (sucker)
Arm        T (temptation) P (punishment)
=========  ===========  ===========

The game is symmetric: the rival's payoff matrix is the transpose of yours.
The ordering of R, S, T and P decides which classic game is being played
:cite:p:`osborne2004,skyrms2004`, and so whether restraint can be sustained.

:func:`security_game` maps an *offence advantage* ω ∈ [0, 1] onto the payoffs,
following the argument of :cite:t:`jervis1978` that when the offence has the
advantage the gain from exploiting a trusting rival rises (T up) and the cost
of being caught unarmed rises (S down), while mutual restraint (R) and mutual
arming (P) are held fixed. The mapping is linear and ours; its breakpoints are
chosen so that the harmony, stag-hunt and prisoner's-dilemma regions each take
a third of the slider.
"""

from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass
from typing import Literal

import nashpy
import numpy as np
import pandas as pd

ACTIONS: tuple[str, str] = ("Restrain", "Arm")
"""The two moves, in matrix order (cooperate first)."""

GAME_TYPES: tuple[str, ...] = (
    "harmony",
    "stag hunt",
    "chicken",
    "prisoner's dilemma",
    "deadlock",
    "coordination",
    "borderline",
)
"""Every label :func:`classify` can return."""

PAYOFF_LIMIT = 1e6
"""Largest absolute payoff accepted (keeps the arithmetic well inside float range)."""

_ROUND = 12  # decimals kept in equilibrium probabilities (removes 1e-17 dust)


def _real(name: str, value: object, low: float | None = None, high: float | None = None) -> float:
    """Return ``value`` as a float, or raise naming the parameter and its allowed range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValueError(f"{name} must lie in [{low:g}, {high:g}], got {number:g}")
    return number


@dataclass(frozen=True)
class Game:
    """A symmetric 2×2 game, given by the row state's four payoffs.

    Parameters
    ----------
    R, S, T, P : float
        Reward (both restrain), sucker's payoff (you restrain, rival arms),
        temptation (you arm, rival restrains) and punishment (both arm).
        Each must be a finite real number with ``|x| <= 1e6``.
    """

    R: float
    S: float
    T: float
    P: float

    def __post_init__(self) -> None:
        for letter in "RSTP":
            value = _real(f"payoff {letter}", getattr(self, letter), -PAYOFF_LIMIT, PAYOFF_LIMIT)
            object.__setattr__(self, letter, value)

    @property
    def matrix(self) -> np.ndarray:
        """The row state's payoff matrix ``[[R, S], [T, P]]`` (rows: your move)."""
        return np.array([[self.R, self.S], [self.T, self.P]], dtype=float)


@dataclass(frozen=True)
class Threshold:
    """When restraint pays, as a function of the belief that the rival restrains.

    Attributes
    ----------
    p : float or None
        The critical probability p* that the rival restrains. ``0.0`` when
        restraint always pays, ``None`` when it never does.
    when : {"above", "below", "always", "never"}
        Restraint pays (weakly) for beliefs at or above p* ("above", the stag
        hunt), at or below p* ("below", chicken), for every belief ("always") or
        for none ("never").
    """

    p: float | None
    when: Literal["above", "below", "always", "never"]


def security_game(offence: float, reward: float = 3.0, punishment: float = 1.0) -> Game:
    """The security dilemma at a given offence advantage.

    Parameters
    ----------
    offence : float
        Offence advantage ω in [0, 1]: 0 means defence dominates, 1 that
        offence dominates.
    reward : float, default 3
        R, the payoff of mutual restraint.
    punishment : float, default 1
        P, the payoff of mutual arming; must be below ``reward`` (an arms race
        leaves both worse off than mutual restraint).

    Returns
    -------
    Game
        With T = R + 3ω − 2 and S = P + 1 − 3ω.

    Notes
    -----
    :cite:t:`jervis1978` argues that an offensive advantage raises the gains
    from exploiting a rival who cooperates and the cost of being exploited.
    We let ω raise T and lower S linearly at the same rate. Then

    * ω < 1/3: S > P and T < R, restraint is dominant (harmony);
    * 1/3 < ω < 2/3: T < R but S < P, a stag hunt;
    * ω > 2/3: T > R and S < P, a prisoner's dilemma.

    In the stag-hunt region the trust threshold is p* = 3ω − 1, whatever R and P.
    """
    omega = _real("offence", offence, 0.0, 1.0)
    r = _real("reward", reward, -PAYOFF_LIMIT / 2, PAYOFF_LIMIT / 2)
    p = _real("punishment", punishment, -PAYOFF_LIMIT / 2, PAYOFF_LIMIT / 2)
    if not r > p:
        raise ValueError(
            f"reward must exceed punishment (mutual restraint must beat an arms race), "
            f"got reward={r:g}, punishment={p:g}"
        )
    return Game(R=r, S=p + 1.0 - 3.0 * omega, T=r + 3.0 * omega - 2.0, P=p)


def classify(game: Game) -> str:
    """Name the game by the best replies its payoffs imply.

    Parameters
    ----------
    game : Game

    Returns
    -------
    str
        One of :data:`GAME_TYPES`. The labels follow the best replies, so they are
        a little wider than the strict textbook orderings (a "stag hunt" here needs
        R > T, P > S and R > P, whichever of T and P is larger; "chicken" needs
        T > R and S > P, whichever of R and S is larger):

        * "harmony": restraint is the best reply to both moves (R > T, S > P);
        * "prisoner's dilemma": arming is dominant (T > R, P > S) and mutual
          restraint beats mutual arming (R > P);
        * "deadlock": arming dominant and R ≤ P, so there is no dilemma;
        * "stag hunt": each move is the best reply to itself (R > T, P > S)
          and mutual restraint is best (R > P);
        * "coordination": as the stag hunt but with R ≤ P;
        * "chicken": each move is the best reply to the other one (T > R, S > P);
        * "borderline": a tie (R = T or S = P) puts the game on a boundary.
    """
    _check_game(game)
    restrain_vs_restrain = game.R - game.T
    restrain_vs_arm = game.S - game.P
    if restrain_vs_restrain == 0 or restrain_vs_arm == 0:
        return "borderline"
    if restrain_vs_restrain > 0 and restrain_vs_arm > 0:
        return "harmony"
    if restrain_vs_restrain < 0 and restrain_vs_arm < 0:
        return "prisoner's dilemma" if game.R > game.P else "deadlock"
    if restrain_vs_restrain > 0:
        return "stag hunt" if game.R > game.P else "coordination"
    return "chicken"


def trust_threshold(game: Game) -> Threshold:
    """The belief about the rival above (or below) which restraint pays.

    With q the probability that the rival restrains, restraint pays at least as
    well as arming when q·R + (1 − q)·S ≥ q·T + (1 − q)·P, that is when

    .. math:: q\\,(R - T) \\ge (1 - q)\\,(P - S), \\qquad
              p^* = \\frac{P - S}{(R - T) + (P - S)}.

    Parameters
    ----------
    game : Game

    Returns
    -------
    Threshold
    """
    _check_game(game)
    gain_if_restrains = game.R - game.T  # restraint's edge when the rival restrains
    gain_if_arms = game.S - game.P  # restraint's edge when the rival arms
    if gain_if_restrains >= 0 and gain_if_arms >= 0:
        return Threshold(p=0.0, when="always")
    if gain_if_restrains == 0:  # and gain_if_arms < 0: restraint ties only against certain restraint
        return Threshold(p=1.0, when="above")
    if gain_if_arms == 0:  # and gain_if_restrains < 0: restraint ties only against certain arming
        return Threshold(p=0.0, when="below")
    if gain_if_restrains < 0 and gain_if_arms < 0:
        return Threshold(p=None, when="never")
    critical = -gain_if_arms / (gain_if_restrains - gain_if_arms)
    return Threshold(p=critical, when="above" if gain_if_restrains > 0 else "below")


def expected_payoffs(game: Game, belief: float) -> dict[str, float]:
    """Expected payoff of each move when the rival restrains with probability ``belief``.

    Parameters
    ----------
    game : Game
    belief : float
        Probability in [0, 1] that the rival restrains.

    Returns
    -------
    dict
        ``{"Restrain": q·R + (1−q)·S, "Arm": q·T + (1−q)·P}``.
    """
    _check_game(game)
    q = _real("belief", belief, 0.0, 1.0)
    return {
        "Restrain": q * game.R + (1 - q) * game.S,
        "Arm": q * game.T + (1 - q) * game.P,
    }


def equilibria(game: Game) -> pd.DataFrame:
    """All Nash equilibria of the symmetric game, found by support enumeration.

    Uses :cite:t:`knight2018nashpy`. In degenerate games (ties between payoffs)
    the set of equilibria can be a continuum; then the extreme points that
    support enumeration finds are reported.

    Parameters
    ----------
    game : Game

    Returns
    -------
    pandas.DataFrame
        One row per equilibrium, pure ones first, with columns ``kind``
        ("pure" or "mixed"), ``p_restrain_1`` and ``p_restrain_2`` (each state's
        probability of restraint) and ``payoff_1``, ``payoff_2``.
    """
    _check_game(game)
    a = game.matrix
    nash_game = nashpy.Game(a, a.T)
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # nashpy flags degenerate games
        found = list(nash_game.support_enumeration())
    for sigma_1, sigma_2 in found:
        p1, p2 = (round(float(s[0]), _ROUND) + 0.0 for s in (sigma_1, sigma_2))
        u1, u2 = nash_game[sigma_1, sigma_2]
        pure = p1 in (0.0, 1.0) and p2 in (0.0, 1.0)
        rows.append(("pure" if pure else "mixed", p1, p2, float(u1), float(u2)))
    frame = pd.DataFrame(
        rows, columns=["kind", "p_restrain_1", "p_restrain_2", "payoff_1", "payoff_2"]
    ).drop_duplicates(subset=["p_restrain_1", "p_restrain_2"])
    order = frame["kind"].map({"pure": 0, "mixed": 1})
    frame = frame.assign(_o=order).sort_values(["_o", "p_restrain_1"], ascending=[True, False])
    return frame.drop(columns="_o").reset_index(drop=True)


def equilibria_text(game: Game) -> str:
    """The game's Nash equilibria in words, e.g. "both restrain; both arm; mixed: each restrains 50%".

    Parameters
    ----------
    game : Game

    Returns
    -------
    str
        One phrase per equilibrium of :func:`equilibria`, separated by semicolons.
    """
    phrases = []
    for row in equilibria(game).itertuples():
        p1, p2 = row.p_restrain_1, row.p_restrain_2
        if row.kind == "pure":
            moves = ("restrain" if p1 == 1 else "arm", "restrain" if p2 == 1 else "arm")
            phrases.append(
                f"both {moves[0]}" if moves[0] == moves[1] else f"one {moves[0]}s, one {moves[1]}s"
            )
        elif p1 == p2:
            phrases.append(f"mixed: each restrains {p1:.0%}")
        else:
            phrases.append(f"mixed: restrain {p1:.0%} and {p2:.0%}")
    return "; ".join(phrases)


def payoff_table(game: Game) -> pd.DataFrame:
    """The game as a tidy table: one row per cell of the 2×2 matrix.

    Parameters
    ----------
    game : Game

    Returns
    -------
    pandas.DataFrame
        Columns ``you`` and ``rival`` (the moves), ``letter`` (R, S, T or P from
        your side), ``payoff_you``, ``payoff_rival`` and ``nash`` (True where the
        cell is a pure-strategy Nash equilibrium).
    """
    _check_game(game)
    a = game.matrix
    pure = equilibria(game).query("kind == 'pure'")
    nash_cells = {
        (ACTIONS[0] if p1 == 1 else ACTIONS[1], ACTIONS[0] if p2 == 1 else ACTIONS[1])
        for p1, p2 in zip(pure["p_restrain_1"], pure["p_restrain_2"], strict=True)
    }
    letters = (("R", "S"), ("T", "P"))
    rows = [
        {
            "you": you,
            "rival": rival,
            "letter": letters[i][j],
            "payoff_you": float(a[i, j]),
            "payoff_rival": float(a[j, i]),
            "nash": (you, rival) in nash_cells,
        }
        for i, you in enumerate(ACTIONS)
        for j, rival in enumerate(ACTIONS)
    ]
    return pd.DataFrame(rows)


def describe(game: Game) -> str:
    """One sentence naming the game and saying when restraint pays."""
    kind = classify(game)
    threshold = trust_threshold(game)
    name = kind[0].upper() + kind[1:]
    if threshold.when == "always":
        return f"{name}: restraint pays whatever you believe."
    if threshold.when == "never":
        return f"{name}: arming pays whatever you believe."
    relation = "≥" if threshold.when == "above" else "≤"
    return f"{name}: restraint pays only if P(rival restrains) {relation} {threshold.p:.2f}."


def security_game_frame(offence: float) -> pd.DataFrame:
    """The security game at offence advantage ``offence``, as one tidy table.

    This is the model behind the chapter 1 explorer: :func:`payoff_table` of
    :func:`security_game` with the game's class, trust threshold and a caption
    repeated on every row.

    Parameters
    ----------
    offence : float
        Offence advantage ω in [0, 1].

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`payoff_table` plus ``game`` (see :func:`classify`),
        ``threshold`` (p*, or missing when restraint never pays) and ``caption``.
    """
    game = security_game(offence)
    table = payoff_table(game)
    threshold = pd.array([trust_threshold(game).p] * len(table), dtype="Float64")  # <NA> when never
    return table.assign(game=classify(game), threshold=threshold, caption=describe(game))


def _check_game(game: object) -> None:
    if not isinstance(game, Game):
        raise TypeError(
            f"game must be a dilemma.games.Game, got {type(game).__name__}; "
            "build one with Game(R=..., S=..., T=..., P=...) or security_game(offence)"
        )
