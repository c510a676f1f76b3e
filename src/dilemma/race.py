"""Racing to the precipice: the AI-race model of Armstrong, Bostrom and Shulman.

After :cite:t:`armstrong2016racing`. ``n`` teams race to build the first
powerful AI. Each team has a *capability* c, drawn independently and uniformly
from [0, μ], and chooses a *safety* level s in [0, 1]. Its score is c − s:
every unit of safety it gives up counts as much as a unit of capability. The
team with the highest score wins; its AI is safe with probability s and causes
a disaster with probability 1 − s. A team values its own safe win at 1,
another team's safe win at 1 − e (``e`` is the *enmity* between teams, from 0,
indifferent who wins, to 1, a rival's win as bad as disaster), and a disaster
at 0.

μ, the *capability–risk ratio*, sets how much capability matters against risk
taking: when μ is large, skimping on safety buys little chance of winning;
when μ is near zero, the race is decided by who cuts most corners.

What each team knows about capabilities defines three information regimes:

* **no information** (``"none"``): no team knows any capability, not even its
  own. The symmetric Nash equilibrium is s = min(1, μ / (e n)), so a disaster
  happens with probability max(0, 1 − μ / (e n)).
* **private information** (``"private"``): each team knows its own capability
  x only. The symmetric equilibrium is s(x) = min(1, x / k) with
  k = 1 + e (n − 1); the fastest team (the one with the highest capability)
  wins, and the probability of disaster is 1 − n μ / ((n + 1) k) when μ ≤ k
  and k^n / ((n + 1) μ^n) when μ ≥ k.
* **public information** (``"public"``): every team knows every capability.
  Only the leader and the runner-up matter: with Δ the gap between their
  capabilities, the leader takes safety s = min(1, Δ / e), the most care it
  can take before the runner-up would rather overtake it (at safety s − Δ)
  than lose. The other teams take enough care not to overtake, and ties go
  to the leader. This is the leader's favourite equilibrium of the
  public-information game; there are others, in which the leader takes any
  care between Δ and Δ/e, and we follow the one reported for the paper. Δ/μ
  follows a Beta(1, n) distribution, so the probability of disaster is
  1 − μ / ((n + 1) e) when μ ≤ e and
  1 − μ (1 − (1 − e/μ)^(n+1)) / ((n + 1) e) when μ ≥ e.

Sources and derivation. We could not consult the paper's full text while
writing this module, only its abstract and secondary discussions of it. The
setup above is the model as described there; we derived every equilibrium and
every probability of disaster from it ourselves (first-order conditions of each
team's expected utility, then integration over the capabilities), and check
every formula in ``tests/test_race.py`` against a Monte Carlo simulation and a
search for profitable unilateral deviations (for 2, 3 and 5 teams). Where the
paper's own formulas differ, the paper is the authority.

At zero enmity no team cares who wins and full safety is an equilibrium in
every regime; the private-information equilibrium above does not tend to it
(its disaster probability stays near 1 − n μ / (n + 1) as e → 0), so the
model is discontinuous there. The functions therefore require e > 0.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .games import _real

REGIMES: tuple[str, ...] = ("none", "private", "public")
"""The three information regimes, from least to most information."""

REGIME_LABELS: dict[str, str] = {
    "none": "no information",
    "private": "private information",
    "public": "public information",
}
"""How the book names each regime."""

TEAMS_MAX = 20
"""Largest number of teams accepted."""

RATIO_MAX = 100.0
"""Largest capability–risk ratio μ accepted."""

RATIO_STEP = 0.25
"""Spacing of the default ratio grid of :func:`disaster_frame` and :func:`race_curves`."""

RATIO_CHART_MAX = 10.0
"""Right end of the default ratio grid (the paper's figures run from 0 to 10)."""

PAPER_TEAMS: tuple[int, ...] = (2, 5)
"""Numbers of teams in the paper's figures."""

PAPER_ENMITIES: tuple[float, ...] = (1.0, 0.5)
"""Enmities in the paper's figures."""


def _teams(teams: object) -> int:
    """``teams`` as an int in [2, TEAMS_MAX], or raise naming the parameter, value and range."""
    if isinstance(teams, bool) or not isinstance(teams, numbers.Real):
        raise TypeError(
            f"teams must be a whole number in [2, {TEAMS_MAX}], got {teams!r} ({type(teams).__name__})"
        )
    value = float(teams)
    if not math.isfinite(value) or value != math.floor(value):
        raise ValueError(f"teams must be a whole number in [2, {TEAMS_MAX}], got {teams!r}")
    if not 2 <= value <= TEAMS_MAX:
        raise ValueError(f"teams must lie in [2, {TEAMS_MAX}], got {value:g}")
    return int(value)


def _enmity(enmity: object) -> float:
    """``enmity`` as a float in (0, 1], or raise naming the parameter, value and range."""
    value = _real("enmity", enmity)
    if not 0 <= value <= 1:
        raise ValueError(f"enmity must lie in (0, 1], got {value:g}")
    if value == 0:
        raise ValueError(
            "enmity must lie in (0, 1], got 0: with no enmity full safety is an equilibrium in every "
            "regime, but the private-information equilibrium does not tend to it"
        )
    return value


def _ratio(ratio: object, name: str = "ratio") -> float:
    """``ratio`` (μ) as a float in [0, RATIO_MAX], or raise naming the parameter, value and range."""
    return _real(name, ratio, 0.0, RATIO_MAX)


def _shrinkage(teams: int, enmity: float) -> float:
    """k = 1 + e (n − 1): the private-information safety is capability / k."""
    return 1.0 + enmity * (teams - 1)


# -- Equilibrium safety ---------------------------------------------------------------------


def safety_none(teams: int, enmity: float, ratio: float) -> float:
    """Equilibrium safety with no information: s = min(1, μ / (e n)).

    Every team uses the same safety, so the most capable team wins. Raising
    one's own safety by a little lowers the chance of winning by (1/μ) per unit
    and gains safety on one's own win (worth 1) against a rival's (worth 1 − e);
    the first-order condition 1/n = s e / μ gives the formula
    :cite:p:`armstrong2016racing`.

    Parameters
    ----------
    teams : int
        Number of teams n, 2 to :data:`TEAMS_MAX`.
    enmity : float
        e in (0, 1].
    ratio : float
        Capability–risk ratio μ in [0, :data:`RATIO_MAX`].

    Returns
    -------
    float
        The safety every team takes, in [0, 1].

    Raises
    ------
    TypeError, ValueError
        If a parameter has the wrong type or lies outside its range; the
        message names the parameter, the value and the range.
    """
    n, e, mu = _teams(teams), _enmity(enmity), _ratio(ratio)
    return min(1.0, mu / (e * n))


def safety_private(capability: float, teams: int, enmity: float) -> float:
    """Equilibrium safety with private information: s(x) = min(1, x / (1 + e (n − 1))).

    A team that knows its capability x takes more care the more capable it is.
    The formula solves the first-order condition s′(x) + e (n − 1) s(x) / x = 1
    with s(0) = 0 :cite:p:`armstrong2016racing`; it does not depend on μ.

    Parameters
    ----------
    capability : float
        The team's own capability x, in [0, :data:`RATIO_MAX`].
    teams, enmity
        As in :func:`safety_none`.

    Returns
    -------
    float
        The team's safety, in [0, 1].
    """
    x = _ratio(capability, "capability")
    return min(1.0, x / _shrinkage(_teams(teams), _enmity(enmity)))


def safety_public(gap: float, enmity: float) -> float:
    """The leader's equilibrium safety with public information: min(1, Δ / e).

    Δ is the leader's lead in capability over the runner-up. The runner-up, at
    zero safety, could overtake a leader whose safety exceeds Δ, but it would
    win with safety s − Δ, which it values above the leader's safe win,
    (1 − e) s, only when s > Δ/e. So the leader takes s = Δ/e, capped at 1
    :cite:p:`armstrong2016racing`. (Any leader safety between Δ and Δ/e is
    also an equilibrium, with the runner-up's safety s − Δ; this is the
    leader's favourite and the safest of them.)

    Parameters
    ----------
    gap : float
        Δ ≥ 0, in [0, :data:`RATIO_MAX`].
    enmity : float
        e in (0, 1].

    Returns
    -------
    float
        The leader's safety, in [0, 1].
    """
    return min(1.0, _ratio(gap, "gap") / _enmity(enmity))


# -- Probability of disaster ------------------------------------------------------------------


def disaster_none(teams: int, enmity: float, ratio: float) -> float:
    """Probability of an AI disaster with no information: max(0, 1 − μ / (e n)).

    The first formula is the one reported for :cite:t:`armstrong2016racing`.
    Parameters as in :func:`safety_none`; returns a probability in [0, 1].
    """
    return 1.0 - safety_none(teams, enmity, ratio)


def disaster_private(teams: int, enmity: float, ratio: float) -> float:
    """Probability of an AI disaster with private information.

    The winner is the most capable team, whose capability M has density
    n m^(n−1) / μ^n on [0, μ]; the disaster probability is E[1 − s(M)] with
    s(x) = min(1, x/k), k = 1 + e (n − 1):

    * μ ≤ k: 1 − E[M]/k = 1 − n μ / ((n + 1) k);
    * μ ≥ k: only a winner below k takes risks, and
      ∫₀ᵏ (1 − m/k) n m^(n−1) / μ^n dm = k^n / ((n + 1) μ^n).

    The first branch is the one reported for :cite:t:`armstrong2016racing`
    (with n μ in the numerator; see the module notes); the second is our
    integration. Parameters as in :func:`safety_none`; returns a probability
    in [0, 1].
    """
    n, e, mu = _teams(teams), _enmity(enmity), _ratio(ratio)
    k = _shrinkage(n, e)
    if mu <= k:
        return 1.0 - n * mu / ((n + 1) * k)
    return (k / mu) ** n / (n + 1)


def disaster_public(teams: int, enmity: float, ratio: float) -> float:
    """Probability of an AI disaster with public information.

    The leader's lead Δ over the runner-up satisfies P(Δ > d) = (1 − d/μ)^n
    (the gaps between uniform order statistics are exchangeable), and the
    disaster probability is E[max(0, 1 − Δ/e)] = (1/e) ∫₀^e P(Δ ≤ d) dd:

    * μ ≤ e: 1 − E[Δ]/e = 1 − μ / ((n + 1) e);
    * μ ≥ e: 1 − μ (1 − (1 − e/μ)^(n+1)) / ((n + 1) e).

    The first branch is the one reported for :cite:t:`armstrong2016racing`;
    the second is our integration. Parameters as in :func:`safety_none`;
    returns a probability in [0, 1].
    """
    n, e, mu = _teams(teams), _enmity(enmity), _ratio(ratio)
    if mu <= e:
        return 1.0 - mu / ((n + 1) * e)
    return 1.0 - mu * (1.0 - (1.0 - e / mu) ** (n + 1)) / ((n + 1) * e)


_DISASTER = {"none": disaster_none, "private": disaster_private, "public": disaster_public}


def disaster(regime: str, teams: int, enmity: float, ratio: float) -> float:
    """Probability of an AI disaster in one information regime.

    Parameters
    ----------
    regime : {"none", "private", "public"}
    teams, enmity, ratio
        As in :func:`safety_none`.

    Returns
    -------
    float
        The probability of disaster, in [0, 1] :cite:p:`armstrong2016racing`.

    Raises
    ------
    ValueError
        If ``regime`` is not one of :data:`REGIMES`, or a parameter is out of range.
    """
    if regime not in _DISASTER:
        raise ValueError(f"regime must be one of {', '.join(map(repr, REGIMES))}, got {regime!r}")
    return min(1.0, max(0.0, _DISASTER[regime](teams, enmity, ratio)))


def disasters(teams: int, enmity: float, ratio: float) -> dict[str, float]:
    """The probability of disaster in each regime, keyed by :data:`REGIMES`."""
    return {regime: disaster(regime, teams, enmity, ratio) for regime in REGIMES}


# -- Frames for charts ---------------------------------------------------------------------------


def ratio_grid(top: float = RATIO_CHART_MAX, step: float = RATIO_STEP) -> np.ndarray:
    """Equally spaced ratios 0, step, …, top (the default grid of the frames below)."""
    high = _ratio(top, "top")
    width = _real("step", step, 0.0, RATIO_MAX)
    if width == 0 or high == 0:
        raise ValueError(f"step and top must be positive, got step={width:g}, top={high:g}")
    count = round(high / width) + 1
    return np.round(np.linspace(0.0, width * (count - 1), count), 9)


def _ratios(ratios: Iterable[float] | None) -> list[float]:
    values = ratio_grid() if ratios is None else list(ratios)
    checked = [_ratio(value) for value in values]
    if not checked:
        raise ValueError("ratios must contain at least one value")
    return checked


def disaster_frame(teams: int, enmity: float, ratios: Iterable[float] | None = None) -> pd.DataFrame:
    """Probability of disaster against the capability–risk ratio, for each regime.

    Parameters
    ----------
    teams, enmity
        As in :func:`safety_none`.
    ratios : iterable of float, optional
        The ratios μ to evaluate, each in [0, :data:`RATIO_MAX`]; by default
        0 to 10 in steps of 0.25.

    Returns
    -------
    pandas.DataFrame
        Tidy: columns ``ratio``, ``regime`` (one of :data:`REGIMES`) and
        ``disaster``, one row per ratio and regime.
    """
    n, e = _teams(teams), _enmity(enmity)
    rows = [(mu, regime, disaster(regime, n, e, mu)) for regime in REGIMES for mu in _ratios(ratios)]
    return pd.DataFrame(rows, columns=["ratio", "regime", "disaster"])


def race_curves(teams: int, enmity: float) -> pd.DataFrame:
    """The chapter 6 explorer's model: the three curves side by side.

    The same numbers as :func:`disaster_frame` on its default grid, one row
    per ratio with one column per regime (a third of the size on the static
    page, where every slider position is precomputed).

    Returns
    -------
    pandas.DataFrame
        Columns ``ratio``, ``none``, ``private`` and ``public``.
    """
    long = disaster_frame(teams, enmity)
    wide = long.pivot(index="ratio", columns="regime", values="disaster").reset_index()
    wide.columns.name = None
    return wide[["ratio", *REGIMES]]


def figure_frame(
    teams: Iterable[int] = PAPER_TEAMS,
    enmities: Iterable[float] = PAPER_ENMITIES,
    ratios: Iterable[float] | None = None,
) -> pd.DataFrame:
    """The paper's figures as one tidy frame: every (teams, enmity) panel, each regime.

    By default 2 and 5 teams at enmities 1 and 0.5, μ from 0 to 10
    :cite:p:`armstrong2016racing`.

    Returns
    -------
    pandas.DataFrame
        Columns ``teams``, ``enmity``, ``ratio``, ``regime`` and ``disaster``.
    """
    grid = _ratios(ratios)
    frames = [
        disaster_frame(n, e, grid).assign(teams=_teams(n), enmity=_enmity(e)) for n in teams for e in enmities
    ]
    if not frames:
        raise ValueError("teams and enmities must each contain at least one value")
    return pd.concat(frames, ignore_index=True)[["teams", "enmity", "ratio", "regime", "disaster"]]
