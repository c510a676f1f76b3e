"""Trust and reassurance: a Kydd-style model of types, beliefs and costly signals.

After :cite:t:`kydd1997` and :cite:t:`kydd2005`. A rival is either a
*security seeker*, which prefers mutual restraint, or *greedy*, which would
exploit a state that restrains. *Trust* is the probability you assign to the
rival being a security seeker. A security seeker restrains when its trust
reaches the trust threshold of the game it is playing (chapter 1's p*).

Trust changes in two ways, both by Bayes' rule:

* **observed moves**: security seekers restrain more often than greedy types
  (with probabilities ``restrain_if_seeker`` > ``restrain_if_greedy``; our
  stylised defaults are 0.8 and 0.3), so each observed restraint raises trust
  and each observed arming lowers it;
* **a costly signal**: a gesture of restraint that costs its sender ``cost``.
  A type sends it when being trusted is worth at least the cost to that type.
  If a security seeker gains more from being trusted (``gain_seeker``) than a
  greedy type does (``gain_greedy``), any cost between the two *separates* the
  types: only a security seeker sends it, and seeing it settles the question.
  A cheaper signal is sent by both (pooling: it says nothing); a dearer one by
  neither.

The numbers are teaching defaults, not estimates; the logic is Kydd's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .games import _real

RESTRAIN_IF_SEEKER = 0.8
"""Default probability that a security seeker restrains in a given round."""

RESTRAIN_IF_GREEDY = 0.3
"""Default probability that a greedy type restrains in a given round."""

GAIN_SEEKER = 1.0
"""Default value to a security seeker of being trusted (what it would pay at most)."""

GAIN_GREEDY = 0.5
"""Default value to a greedy type of being trusted."""

ROUNDS = 6
"""Rounds of observed moves the explorer follows."""

REGIMES: tuple[str, ...] = ("pooling", "separating", "no signal")
"""Every label :func:`signal` can return."""


@dataclass(frozen=True)
class Signal:
    """What a costly signal does to trust.

    Attributes
    ----------
    regime : {"pooling", "separating", "no signal"}
        Both types send it, only the security seeker does, or neither does.
    seeker_sends, greedy_sends : bool
        Whether each type sends it.
    trust_if_sent : float or None
        Trust after seeing the signal (None when nobody sends it).
    trust_if_not_sent : float or None
        Trust after seeing no signal (None when both types send it).
    """

    regime: str
    seeker_sends: bool
    greedy_sends: bool
    trust_if_sent: float | None
    trust_if_not_sent: float | None


def update(
    trust: float,
    observed: str,
    restrain_if_seeker: float = RESTRAIN_IF_SEEKER,
    restrain_if_greedy: float = RESTRAIN_IF_GREEDY,
) -> float:
    """Trust after observing one move, by Bayes' rule.

    Parameters
    ----------
    trust : float
        Prior probability in [0, 1] that the rival is a security seeker.
    observed : {"restrain", "arm"}
    restrain_if_seeker, restrain_if_greedy : float
        Probabilities in [0, 1] that each type restrains.

    Returns
    -------
    float
        P(seeker | move) = P(move | seeker) π / (P(move | seeker) π + P(move | greedy)(1 − π)).
        When neither type would make the observed move, trust is unchanged.
    """
    prior = _real("trust", trust, 0.0, 1.0)
    seeker = _real("restrain_if_seeker", restrain_if_seeker, 0.0, 1.0)
    greedy = _real("restrain_if_greedy", restrain_if_greedy, 0.0, 1.0)
    if observed == "restrain":
        like_seeker, like_greedy = seeker, greedy
    elif observed == "arm":
        like_seeker, like_greedy = 1 - seeker, 1 - greedy
    else:
        raise ValueError(f"observed must be 'restrain' or 'arm', got {observed!r}")
    evidence = like_seeker * prior + like_greedy * (1 - prior)
    if evidence == 0:
        return prior
    return like_seeker * prior / evidence


def posterior(
    prior: float,
    restraints: int,
    armings: int,
    restrain_if_seeker: float = RESTRAIN_IF_SEEKER,
    restrain_if_greedy: float = RESTRAIN_IF_GREEDY,
) -> float:
    """Trust after ``restraints`` observed restraints and ``armings`` observed armings (any order).

    The closed form of repeated :func:`update`: with likelihood ratio
    L = (s/g)^r ((1 − s)/(1 − g))^k, posterior = π L / (π L + 1 − π).
    """
    trust = _real("prior", prior, 0.0, 1.0)
    for name, count in (("restraints", restraints), ("armings", armings)):
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {count!r}")
    for _ in range(restraints):
        trust = update(trust, "restrain", restrain_if_seeker, restrain_if_greedy)
    for _ in range(armings):
        trust = update(trust, "arm", restrain_if_seeker, restrain_if_greedy)
    return trust


def signal(
    prior: float, cost: float, gain_seeker: float = GAIN_SEEKER, gain_greedy: float = GAIN_GREEDY
) -> Signal:
    """Which types send a costly signal of restraint, and what seeing it does to trust.

    Parameters
    ----------
    prior : float
        Trust in [0, 1] before the signal.
    cost : float
        What the signal costs its sender, in [0, 10].
    gain_seeker, gain_greedy : float
        Value to each type of being trusted, in [0, 10]. A type sends the
        signal when its gain is at least the cost.

    Returns
    -------
    Signal
    """
    trust = _real("prior", prior, 0.0, 1.0)
    price = _real("cost", cost, 0.0, 10.0)
    seeker_sends = _real("gain_seeker", gain_seeker, 0.0, 10.0) >= price
    greedy_sends = _real("gain_greedy", gain_greedy, 0.0, 10.0) >= price
    if seeker_sends and greedy_sends:
        return Signal("pooling", True, True, trust, None)
    if not seeker_sends and not greedy_sends:
        return Signal("no signal", False, False, None, trust)
    regime = "separating"
    if seeker_sends:
        return Signal(regime, True, False, 1.0 if trust > 0 else 0.0, 0.0 if trust < 1 else 1.0)
    # Only the greedy type would pay (it values trust more): the signal now marks greed.
    return Signal(regime, False, True, 0.0 if trust < 1 else 1.0, 1.0 if trust > 0 else 0.0)


def decision(trust: float, threshold: float) -> str:
    """A security seeker's move: "restrain" when trust reaches the threshold, else "arm"."""
    return "restrain" if _real("trust", trust, 0.0, 1.0) >= _real("threshold", threshold, 0.0, 1.0) else "arm"


def trust_frame(prior: float, cost: float) -> pd.DataFrame:
    """The chapter 3 explorer's model: trust through a signal and six observed moves.

    Round 0 is trust after the signal stage, as seen by a state facing a rival
    that behaves like a security seeker (it sends the signal if a security
    seeker would). Rounds 1–6 follow two histories from there: the rival
    restrains every round, or arms every round.

    Returns
    -------
    pandas.DataFrame
        Columns ``history`` ("restrains every round" or "arms every round"),
        ``round`` (0–6) and ``trust``, then ``regime`` (see :func:`signal`)
        repeated on every row.
    """
    result = signal(prior, cost)
    start = result.trust_if_sent if result.seeker_sends else result.trust_if_not_sent
    rows = []
    for history, move in (("restrains every round", "restrain"), ("arms every round", "arm")):
        trust = start
        rows.append((history, 0, trust))
        for number in range(1, ROUNDS + 1):
            trust = update(trust, move)
            rows.append((history, number, trust))
    return pd.DataFrame(rows, columns=["history", "round", "trust"]).assign(regime=result.regime)
