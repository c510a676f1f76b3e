"""Who adopts whose models: a discrete-choice market and Bass diffusion.

Chapter 8 asks whether open-weight models win developers, and with them soft
power, in the global South. This module gives that argument a small model in
three parts.

1. **Which offering a developer picks** (a conditional logit,
   :cite:t:`mcfadden1974conditional`; :cite:t:`train2009discrete`, ch. 3).
   Offering j has a representative utility

   .. math::

      U_j = a_{cap}\\,\\text{capability}_j - a_{price}\\,\\ln(\\text{price}_j)
            + a_{open}\\,\\text{openness}_j - \\text{friction}_j

   and, when each developer's own taste adds an independent Gumbel
   (extreme-value type I) shock to every utility, the share of developers
   choosing j is

   .. math:: s_j = \\frac{e^{U_j}}{\\sum_k e^{U_k}}.

   Utilities are in *log-odds*: raising U_j by 1 multiplies the odds of
   choosing j over any other offering by e ≈ 2.72. *Frictions* are access
   costs that have nothing to do with the model itself: export controls, bans
   on government devices, data-security restrictions, no local hosting.

2. **How fast the whole market adopts** (:cite:t:`bass1969new`): the
   cumulative share of eventual adopters who have adopted by time t is

   .. math:: F(t) = \\frac{1 - e^{-(p+q)t}}{1 + (q/p)\\,e^{-(p+q)t}},

   the solution with F(0) = 0 of dF/dt = (p + qF)(1 − F): adopters arrive
   through outside influence (the coefficient of innovation p) and by
   imitating earlier adopters (the coefficient of imitation q). The default
   pace is the mean of 213 published fits, p ≈ 0.03 and q ≈ 0.38 per year
   :cite:p:`sultan1990meta`.

3. **Adoption over time by offering**: the Bass curve of the whole market,
   split by the logit shares. This is a simplification, and we say so
   wherever it is used: it assumes the shares are fixed from the start, that
   no adopter ever switches, and that word of mouth about one offering
   spreads adoption of all of them alike.

Units and teaching constants
----------------------------
*Capability* is measured in Arena points (the Elo-like scale of LMArena,
formerly Chatbot Arena). Arena scores are fitted with a Bradley–Terry model
on a scale where a lead of d points means the leading model is preferred in
1 / (1 + 10^(−d/400)) of head-to-head votes :cite:p:`chiang2024chatbot`.
That is itself a binary logit with coefficient ln(10)/400 per point, so
:data:`A_CAP` = ln(10)/400 makes a developer weigh capability exactly as
Arena voters do: choosing between two offerings that differ only in
capability, developers pick the better one as often as voters prefer it.

*Price* enters through its logarithm (only price ratios matter).
:data:`A_PRICE` = 0.5 is a teaching assumption, not an estimate: it says a
developer would pay twice as much for a model with a 60-point Arena lead
(one preferred in about 58.5% of votes). Every other utility term is read in
the same currency: a friction of 0.5 × ln 2 ≈ 0.35 is as off-putting as a
doubled price.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import softmax

from .games import _real

# -- Constants ---------------------------------------------------------------------------------

A_CAP: float = math.log(10) / 400
"""Utility per Arena point: the Bradley–Terry coefficient of the Arena scale (≈ 0.00576)."""

A_PRICE: float = 0.5
"""Utility lost per unit of ln(price): doubling a price costs 0.5 × ln 2 ≈ 0.35 log-odds."""

BASS_P: float = 0.03
"""Mean coefficient of innovation of 213 Bass-model fits, per year :cite:p:`sultan1990meta`."""

BASS_Q: float = 0.38
"""Mean coefficient of imitation of the same fits, per year :cite:p:`sultan1990meta`."""

OFFERINGS: tuple[str, ...] = ("closed_us", "open_us", "open_china")
"""The three offerings of the chapter's market, in the order of every frame and chart."""

OFFERING_LABELS: dict[str, str] = {
    "closed_us": "Closed, US",
    "open_us": "Open weights, US",
    "open_china": "Open weights, China",
}
"""How the book names each offering."""

CAPABILITY_LIMIT = 4000.0
"""Largest |capability| accepted, in Arena points (far beyond any gap between frontier models)."""

PRICE_MAX = 1e6
"""Largest price accepted (any currency per million tokens; only ratios matter)."""

UTILITY_LIMIT = 50.0
"""Largest |utility term| accepted for openness values and frictions, in log-odds."""

WEIGHT_MAX = 10.0
"""Largest a_cap or a_price accepted."""

BASS_P_RANGE = (1e-6, 1.0)
"""Accepted coefficient of innovation p, per unit of time."""

BASS_Q_RANGE = (0.0, 5.0)
"""Accepted coefficient of imitation q, per unit of time."""

TIME_MAX = 1000.0
"""Latest time accepted by the Bass functions."""

HORIZON = 15.0
"""End of the default time grid, in years (past the peak at the default pace, about 6.2 years)."""

TIME_STEP = 0.5
"""Spacing of the default time grid, in years."""

BLEND_INPUT_WEIGHT = 3
"""Input tokens per output token in a blended price (Artificial Analysis's 3:1 convention)."""


# -- Validation helpers ---------------------------------------------------------------------


def _bounded(name: str, value: object, low: float, high: float, *, open_low: bool = False) -> float:
    """``value`` as a float in [low, high] (or (low, high] when ``open_low``), else raise naming it."""
    number = _real(name, value)
    below = number <= low if open_low else number < low
    if below or number > high:
        left = "(" if open_low else "["
        raise ValueError(f"{name} must lie in {left}{low:g}, {high:g}], got {number:g}")
    return number


def _bass(p: object, q: object) -> tuple[float, float]:
    return (
        _bounded("p", p, BASS_P_RANGE[0], BASS_P_RANGE[1]),
        _bounded("q", q, BASS_Q_RANGE[0], BASS_Q_RANGE[1]),
    )


def _times(times: object, name: str = "t") -> np.ndarray:
    """Times as a float array in [0, TIME_MAX]; a scalar gives a 0-d array."""
    if isinstance(times, bool | str | bytes) or times is None:
        raise TypeError(f"{name} must be a real number or an array of them, got {times!r}")
    try:
        array = np.asarray(times, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a real number or an array of them, got {times!r}") from None
    if array.size == 0:
        raise ValueError(f"{name} must contain at least one time")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {times!r}")
    if np.any(array < 0) or np.any(array > TIME_MAX):
        bad = array[(array < 0) | (array > TIME_MAX)].flat[0]
        raise ValueError(f"{name} must lie in [0, {TIME_MAX:g}], got {bad:g}")
    return array


def _out(array: np.ndarray) -> float | np.ndarray:
    return float(array) if array.ndim == 0 else array


# -- 1. The conditional logit ---------------------------------------------------------------


@dataclass(frozen=True)
class Offering:
    """One option a developer can choose: a model (or family) as it is offered.

    Parameters
    ----------
    name : str
        Non-empty label, unique within a market.
    capability : float, default 0
        Arena points, on any common origin (only differences matter); |capability|
        at most :data:`CAPABILITY_LIMIT`.
    price : float, default 1
        Price per million tokens, in (0, :data:`PRICE_MAX`], any common currency
        (only ratios matter).
    openness : float, default 0
        0 for an offering used only through its developer's API, 1 for downloadable
        weights; values between give part of the value of openness.
    friction : float, default 0
        Access costs in log-odds, in [0, :data:`UTILITY_LIMIT`]: export controls, bans on
        government devices, data-security restrictions, no local hosting.

    Raises
    ------
    TypeError, ValueError
        If a field has the wrong type or lies outside its range; the message names
        the field, the value and the range.
    """

    name: str
    capability: float = 0.0
    price: float = 1.0
    openness: float = 0.0
    friction: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise TypeError(f"name must be a non-empty string, got {self.name!r}")
        checks = {
            "capability": _bounded("capability", self.capability, -CAPABILITY_LIMIT, CAPABILITY_LIMIT),
            "price": _bounded("price", self.price, 0.0, PRICE_MAX, open_low=True),
            "openness": _bounded("openness", self.openness, 0.0, 1.0),
            "friction": _bounded("friction", self.friction, 0.0, UTILITY_LIMIT),
        }
        for field, value in checks.items():
            object.__setattr__(self, field, value)


def arena_preference(gap: float) -> float:
    """Share of head-to-head Arena votes won by a model ``gap`` points ahead: 1 / (1 + 10^(−gap/400)).

    The Bradley–Terry model behind the Arena scale :cite:p:`chiang2024chatbot`; with
    :data:`A_CAP` it is also the logit share of the better of two offerings that differ
    only in capability. ``gap`` in [−:data:`CAPABILITY_LIMIT`, :data:`CAPABILITY_LIMIT`].
    """
    points = _bounded("gap", gap, -CAPABILITY_LIMIT, CAPABILITY_LIMIT)
    return 1.0 / (1.0 + 10.0 ** (-points / 400.0))


def _weights(a_cap: object, a_price: object, a_open: object) -> tuple[float, float, float]:
    return (
        _bounded("a_cap", a_cap, 0.0, WEIGHT_MAX),
        _bounded("a_price", a_price, 0.0, WEIGHT_MAX),
        _bounded("a_open", a_open, -UTILITY_LIMIT, UTILITY_LIMIT),
    )


def _offerings(offerings: Iterable[Offering]) -> list[Offering]:
    if isinstance(offerings, Offering | str | bytes | Mapping):
        raise TypeError(f"offerings must be a sequence of Offering, got {offerings!r}")
    listed = list(offerings)
    if not listed:
        raise ValueError("offerings must contain at least one Offering")
    for item in listed:
        if not isinstance(item, Offering):
            raise TypeError(f"offerings must contain only Offering, got {item!r}")
    names = [item.name for item in listed]
    if len(set(names)) != len(names):
        raise ValueError(f"offerings must have distinct names, got {names}")
    return listed


def utilities(
    offerings: Iterable[Offering], *, a_cap: float = A_CAP, a_price: float = A_PRICE, a_open: float = 0.0
) -> np.ndarray:
    """Representative utility of each offering, U_j (log-odds).

    U_j = a_cap · capability_j − a_price · ln(price_j) + a_open · openness_j − friction_j,
    the linear-in-attributes utility of the conditional logit
    :cite:p:`mcfadden1974conditional,train2009discrete`.

    Parameters
    ----------
    offerings : sequence of Offering
        At least one, with distinct names.
    a_cap : float, default :data:`A_CAP`
        Utility per Arena point, in [0, :data:`WEIGHT_MAX`].
    a_price : float, default :data:`A_PRICE`
        Utility lost per unit of ln(price), in [0, :data:`WEIGHT_MAX`].
    a_open : float, default 0
        The value of openness: utility of fully open weights (customising, fine-tuning,
        hosting locally), in [−:data:`UTILITY_LIMIT`, :data:`UTILITY_LIMIT`].

    Returns
    -------
    numpy.ndarray
        One finite utility per offering, in the given order.
    """
    listed = _offerings(offerings)
    cap, price, open_ = _weights(a_cap, a_price, a_open)
    return np.array(
        [cap * o.capability - price * math.log(o.price) + open_ * o.openness - o.friction for o in listed]
    )


def logit_shares(utility: Sequence[float] | np.ndarray) -> np.ndarray:
    """Choice probabilities of the multinomial logit: s_j = exp(U_j) / Σ_k exp(U_k).

    Computed with the log-sum-exp shift, exp(U_j − max U) / Σ_k exp(U_k − max U)
    (``scipy.special.softmax``), so that no utility, however large, overflows
    :cite:p:`mcfadden1974conditional`; :cite:t:`train2009discrete` (ch. 3) derives the
    formula from independent Gumbel taste shocks.

    Parameters
    ----------
    utility : sequence of float
        At least one finite utility.

    Returns
    -------
    numpy.ndarray
        Shares in [0, 1] summing to 1 (each in (0, 1) unless utilities differ by
        more than about 700, where the smaller shares underflow to 0).

    Raises
    ------
    TypeError
        If ``utility`` is not a sequence of real numbers.
    ValueError
        If it is empty or holds a non-finite value.
    """
    if isinstance(utility, str | bytes) or utility is None or isinstance(utility, numbers.Number):
        raise TypeError(f"utility must be a sequence of real numbers, got {utility!r}")
    values = []
    for position, value in enumerate(utility):
        values.append(_real(f"utility[{position}]", value))
    if not values:
        raise ValueError("utility must contain at least one value")
    return softmax(np.array(values))


def market_shares(
    offerings: Iterable[Offering], *, a_cap: float = A_CAP, a_price: float = A_PRICE, a_open: float = 0.0
) -> pd.DataFrame:
    """The logit market: each offering's utility and share of developers.

    Parameters
    ----------
    offerings, a_cap, a_price, a_open
        As in :func:`utilities`.

    Returns
    -------
    pandas.DataFrame
        Columns ``offering`` (the names, in order), ``utility`` and ``share``
        (summing to 1) :cite:p:`mcfadden1974conditional`.

    Notes
    -----
    The logit has the property of *independence from irrelevant alternatives*
    (IIA): the ratio of any two shares, s_i / s_j = exp(U_i − U_j), does not
    depend on what else is on offer :cite:p:`train2009discrete`. That is its
    great convenience and its best-known limit. Add a second offering
    identical to an existing one (a blue bus beside the red bus, in the
    classic example) and the logit splits the old offering's share in two
    *and* takes the new one's share from every other offering in proportion
    to its size, as if the copy were a genuinely new alternative. Real
    choosers would treat the two as one: the copy should take its share
    almost entirely from its twin. Here, two open-weight models that differ
    only in who made them are such near-twins, so the logit overstates how
    much a second open model takes from the closed one. A nested logit (open
    and closed as nests) would relax this; we keep the plain logit because
    its assumptions can be seen at a glance.
    """
    listed = _offerings(offerings)
    utility = utilities(listed, a_cap=a_cap, a_price=a_price, a_open=a_open)
    return pd.DataFrame(
        {"offering": [o.name for o in listed], "utility": utility, "share": logit_shares(utility)}
    )


def three_offerings(
    price_ratio: float,
    capability_gap: float,
    friction_china: float = 0.0,
    friction_us: float = 0.0,
) -> tuple[Offering, Offering, Offering]:
    """The chapter's market: a closed US offering and open-weight US and Chinese ones.

    The two open offerings are the reference: capability 0, price 1, openness 1.
    They differ only in the frictions their origin brings.

    Parameters
    ----------
    price_ratio : float
        How many times dearer the closed offering is than the open ones, in
        (0, :data:`PRICE_MAX`].
    capability_gap : float
        Closed minus open capability, in Arena points (negative if the open models
        lead), |gap| at most :data:`CAPABILITY_LIMIT`.
    friction_china : float, default 0
        Access costs on the Chinese offering (log-odds), in [0, :data:`UTILITY_LIMIT`].
    friction_us : float, default 0
        Access costs on both US offerings (log-odds), in [0, :data:`UTILITY_LIMIT`].

    Returns
    -------
    tuple of Offering
        Named as in :data:`OFFERINGS`.
    """
    return (
        Offering(
            "closed_us", capability=capability_gap, price=price_ratio, openness=0.0, friction=friction_us
        ),
        Offering("open_us", capability=0.0, price=1.0, openness=1.0, friction=friction_us),
        Offering("open_china", capability=0.0, price=1.0, openness=1.0, friction=friction_china),
    )


def three_way_shares(
    price_ratio: float,
    capability_gap: float,
    openness: float = 0.0,
    friction_china: float = 0.0,
    friction_us: float = 0.0,
    *,
    a_cap: float = A_CAP,
    a_price: float = A_PRICE,
) -> dict[str, float]:
    """Shares of the closed US, open US and open Chinese offerings.

    Parameters
    ----------
    price_ratio, capability_gap, friction_china, friction_us
        As in :func:`three_offerings`.
    openness : float, default 0
        The value of openness a_open (log-odds), as in :func:`utilities`.
    a_cap, a_price
        As in :func:`utilities`.

    Returns
    -------
    dict of str to float
        Keyed by :data:`OFFERINGS`; the shares sum to 1
        :cite:p:`mcfadden1974conditional`.

    Examples
    --------
    Equal prices, no gap, no frictions and no value on openness: a third each.

    >>> {k: round(v, 4) for k, v in three_way_shares(1.0, 0.0).items()}
    {'closed_us': 0.3333, 'open_us': 0.3333, 'open_china': 0.3333}
    """
    offerings = three_offerings(price_ratio, capability_gap, friction_china, friction_us)
    shares = logit_shares(utilities(offerings, a_cap=a_cap, a_price=a_price, a_open=openness))
    return {o.name: float(share) for o, share in zip(offerings, shares, strict=True)}


def explorer_shares(
    price_gap: float, capability_gap: float, openness: float, friction_china: float
) -> pd.DataFrame:
    """The chapter 8 explorer's model: one row with the three shares side by side.

    Parameters
    ----------
    price_gap : float
        The closed offering's price premium in *doublings*, in [0, 20]: 0 = the same
        price as the open offerings, 4 = 16 times dearer. Sliders move in doublings
        because utility depends on ln(price).
    capability_gap : float
        Closed minus open capability, in Arena points.
    openness : float
        The value of openness (log-odds).
    friction_china : float
        Access costs on the Chinese open offering (log-odds).

    Returns
    -------
    pandas.DataFrame
        One row, columns :data:`OFFERINGS`: the shares, summing to 1.
    """
    doublings = _bounded("price_gap", price_gap, 0.0, 20.0)
    shares = three_way_shares(2.0**doublings, capability_gap, openness, friction_china)
    return pd.DataFrame(np.array([[shares[name] for name in OFFERINGS]]), columns=list(OFFERINGS))


# -- 2. Bass diffusion ------------------------------------------------------------------------


def bass_cumulative(t: float | Sequence[float] | np.ndarray, p: float = BASS_P, q: float = BASS_Q):
    """Share of eventual adopters who have adopted by time t (Bass's F).

    F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}) :cite:p:`bass1969new`.

    Parameters
    ----------
    t : float or array of float
        Times in [0, :data:`TIME_MAX`], in the unit of p and q (years for the defaults).
    p : float, default :data:`BASS_P`
        Coefficient of innovation, in [1e-6, 1].
    q : float, default :data:`BASS_Q`
        Coefficient of imitation, in [0, 5].

    Returns
    -------
    float or numpy.ndarray
        F(t) in [0, 1), rising from F(0) = 0 towards 1.
    """
    times = _times(t)
    p_, q_ = _bass(p, q)
    decay = np.exp(-(p_ + q_) * times)
    return _out((1.0 - decay) / (1.0 + (q_ / p_) * decay))


def bass_rate(t: float | Sequence[float] | np.ndarray, p: float = BASS_P, q: float = BASS_Q):
    """Adoption rate f(t) = dF/dt: the share of eventual adopters adopting per unit of time.

    f(t) = ((p + q)² / p) e^{−(p+q)t} / (1 + (q/p) e^{−(p+q)t})², which equals
    (p + q F)(1 − F) :cite:p:`bass1969new`. Parameters as in :func:`bass_cumulative`.

    Returns
    -------
    float or numpy.ndarray
        f(t) > 0.
    """
    times = _times(t)
    p_, q_ = _bass(p, q)
    decay = np.exp(-(p_ + q_) * times)
    return _out(((p_ + q_) ** 2 / p_) * decay / (1.0 + (q_ / p_) * decay) ** 2)


def bass_peak_time(p: float = BASS_P, q: float = BASS_Q) -> float:
    """When adoption is fastest: t* = ln(q/p) / (p + q) if q > p, else 0.

    When imitation is no stronger than innovation (q ≤ p) the rate is highest at
    launch and only falls :cite:p:`bass1969new`.

    Parameters
    ----------
    p, q
        As in :func:`bass_cumulative`.

    Returns
    -------
    float
        t* ≥ 0, in the unit of p and q.
    """
    p_, q_ = _bass(p, q)
    return math.log(q_ / p_) / (p_ + q_) if q_ > p_ else 0.0


def bass_peak_share(p: float = BASS_P, q: float = BASS_Q) -> float:
    """Share of eventual adopters who have adopted at the peak: F(t*) = (q − p) / (2q) if q > p, else 0.

    The cumulative curve's inflection point: before it adoption accelerates,
    after it slows :cite:p:`bass1969new`. Parameters as in :func:`bass_cumulative`.
    """
    p_, q_ = _bass(p, q)
    return (q_ - p_) / (2.0 * q_) if q_ > p_ else 0.0


def time_grid(horizon: float = HORIZON, step: float = TIME_STEP) -> np.ndarray:
    """Equally spaced times 0, step, …, horizon (the default grid of the frames below)."""
    end = _bounded("horizon", horizon, 0.0, TIME_MAX, open_low=True)
    width = _bounded("step", step, 0.0, end, open_low=True)
    count = math.floor(end / width + 1e-9) + 1
    return np.round(width * np.arange(count), 9)


def bass_frame(p: float = BASS_P, q: float = BASS_Q, times: Iterable[float] | None = None) -> pd.DataFrame:
    """The Bass curve of the whole market on a time grid.

    Parameters
    ----------
    p, q
        As in :func:`bass_cumulative`.
    times : iterable of float, optional
        Times in [0, :data:`TIME_MAX`]; by default 0 to 15 years in steps of 0.5.

    Returns
    -------
    pandas.DataFrame
        Columns ``time``, ``cumulative`` (F) and ``rate`` (f) :cite:p:`bass1969new`.
    """
    grid = time_grid() if times is None else _times(list(times), "times")
    return pd.DataFrame(
        {"time": grid, "cumulative": bass_cumulative(grid, p, q), "rate": bass_rate(grid, p, q)}
    )


# -- 3. Adoption over time by offering ------------------------------------------------------


def adoption_paths(
    shares: Mapping[str, float],
    p: float = BASS_P,
    q: float = BASS_Q,
    times: Iterable[float] | None = None,
) -> pd.DataFrame:
    """Adopters of each offering over time: the market's Bass curve split by the shares.

    adopters_j(t) = s_j · F(t), as a fraction of all eventual adopters.

    This is a deliberate simplification, not a model of competition over
    time: the shares are fixed from launch, nobody switches offering, and
    word of mouth about any offering speeds adoption of all of them alike
    (the Bass curve of the whole market, :cite:t:`bass1969new`, times the logit
    shares, :cite:t:`mcfadden1974conditional`). Models in which imitation
    works within each offering's own user base would let an early lead
    compound.

    Parameters
    ----------
    shares : mapping of str to float
        Each offering's share, in [0, 1], summing to 1 (within 1e-9), e.g. the
        output of :func:`three_way_shares`.
    p, q, times
        As in :func:`bass_frame`.

    Returns
    -------
    pandas.DataFrame
        Tidy: columns ``time``, ``offering``, ``adopters`` and ``share``, one row per
        time and offering.
    """
    if not isinstance(shares, Mapping) or not shares:
        raise TypeError(f"shares must be a non-empty mapping of offering to share, got {shares!r}")
    checked = {}
    for name, value in shares.items():
        if not isinstance(name, str) or not name:
            raise TypeError(f"shares must be keyed by offering names (str), got {name!r}")
        checked[name] = _bounded(f"shares[{name!r}]", value, 0.0, 1.0)
    total = sum(checked.values())
    if abs(total - 1.0) > 1e-9:
        raise ValueError(f"shares must sum to 1, got {total:.12g}")
    market = bass_frame(p, q, times)
    frames = [
        pd.DataFrame(
            {
                "time": market["time"],
                "offering": name,
                "adopters": share * market["cumulative"],
                "share": share,
            }
        )
        for name, share in checked.items()
    ]
    return pd.concat(frames, ignore_index=True)


# -- Presets from the data ------------------------------------------------------------------


@dataclass(frozen=True)
class Matchup:
    """A moment of the race: a closed US model against an open-weight rival, by ``models.csv`` id."""

    label: str
    closed: str
    open: str
    note: str


MATCHUPS: tuple[Matchup, ...] = (
    Matchup(
        "May 2024: DeepSeek-V2 against GPT-4o",
        "gpt-4o",
        "deepseek-v2",
        "DeepSeek's open-weight V2, which set off a price war in China, against GPT-4o a week later.",
    ),
    Matchup(
        "Jul 2024: Llama 3.1 405B against GPT-4o",
        "gpt-4o",
        "llama-3-1-405b",
        "Meta's largest open-weight model against OpenAI's flagship.",
    ),
    Matchup(
        "Jan 2025: R1 against o1",
        "o1",
        "deepseek-r1",
        "DeepSeek's open-weight reasoning model against the closed reasoning model it matched.",
    ),
    Matchup(
        "Aug 2025: Kimi K2 against GPT-5",
        "gpt-5",
        "kimi-k2",
        "Moonshot's open-weight Kimi K2, which the Foreign Affairs article names, against GPT-5.",
    ),
)
"""The explorer's presets: pairs of ``models.csv`` rows whose launch prices are compared."""

GAP_SERIES = "arena-gap-open-closed"
"""The ``indicators.csv`` series giving the Arena gap between the best closed and best open model."""

GAP_WINDOW_DAYS = 183
"""A gap row is used for a matchup only if its ``as_of`` lies within this many days of the matchup."""

ARENA_REFERENCE_SCORE = 1300.0
"""Arena score used to turn a relative gap (percent) into points.

The AI Index reports the open–closed gap as a relative difference in Arena
score; ``indicators.csv`` records that its February 2025 figure of 1.7% is
1,385 against 1,362 points, 23 points or 1.7% of the open model's score.
Converting a percentage back to points needs that score level, which rose
from about 1,200 (Llama 3 70B, May 2024) to 1,362 (DeepSeek-R1, February 2025)
for the best open model on snapshots of the leaderboard. Any level from 1,090
to 1,399 puts the AI Index's gaps (8.04% and 1.7%) on the same slider steps
(100 and 25 points) as 1,300 does.
"""


def blended_price(price_input: float, price_output: float) -> float:
    """Price per million tokens of a 3 input : 1 output mix (the Artificial Analysis convention).

    ``(3 × input + output) / 4`` :cite:p:`epoch2025inferenceprices`. Both prices must
    lie in [0, :data:`PRICE_MAX`] and not both be 0.
    """
    inp = _bounded("price_input", price_input, 0.0, PRICE_MAX)
    out = _bounded("price_output", price_output, 0.0, PRICE_MAX)
    if inp == 0 and out == 0:
        raise ValueError("price_input and price_output must not both be 0")
    return (BLEND_INPUT_WEIGHT * inp + out) / (BLEND_INPUT_WEIGHT + 1)


def gap_in_points(value: float, unit: str) -> float:
    """An Arena gap in points, from a row given in Arena points or in percent of the score.

    Percent is read as a relative difference in Arena score and converted with
    :data:`ARENA_REFERENCE_SCORE`; any other unit (e.g. percentage points of a
    benchmark) raises ``ValueError`` naming it.
    """
    number = _real("value", value)
    lowered = str(unit).strip().lower()
    if lowered in {"percent", "%", "per cent"}:
        return number / 100.0 * ARENA_REFERENCE_SCORE
    if "percentage" not in lowered and any(word in lowered for word in ("arena point", "elo", "arena score")):
        return number
    raise ValueError(f"unit {unit!r} is neither Arena points nor percent of the Arena score")


def matchup_table(
    directory: Path | str | None = None,
    matchups: Sequence[Matchup] = MATCHUPS,
    *,
    models: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each matchup's numbers, read from ``data/models.csv`` and ``data/indicators.csv``.

    For each matchup: the launch prices of the two rows, blended 3:1
    (:func:`blended_price`); their ratio and its log₂ (the explorer's price gap);
    the date of the later release; and the Arena gap from the row of series
    :data:`GAP_SERIES` nearest that date, if one lies within
    :data:`GAP_WINDOW_DAYS` (converted by :func:`gap_in_points`). What is
    missing is reported, never filled with an invented number.

    Parameters
    ----------
    directory : path, optional
        The data folder (tests use a copy); by default the book's ``data/``.
    matchups : sequence of Matchup, default :data:`MATCHUPS`
    models, indicators : DataFrame, optional
        Already loaded tables (then ``directory`` is not read).

    Returns
    -------
    pandas.DataFrame
        Columns ``label``, ``closed``, ``open``, ``date``, ``closed_price``,
        ``open_price``, ``price_ratio``, ``price_doublings``, ``gap_value``,
        ``gap_unit``, ``gap_points``, ``gap_as_of``, ``gap_id``, ``sources``,
        ``status`` (``"ok"`` when both prices are known, else what is missing) and
        ``gap_status`` (``"ok"`` or why there is no gap).
    """
    from . import data

    folder = data.DATA_DIR if directory is None else Path(directory)
    models = data.models(folder) if models is None else models
    indicators = data.indicators(folder) if indicators is None else indicators
    by_id = {model["id"]: model for _, model in models.iterrows()}
    gaps = indicators[indicators["series"] == GAP_SERIES]
    rows = []
    for matchup in matchups:
        row: dict[str, object] = {
            "label": matchup.label,
            "closed": matchup.closed,
            "open": matchup.open,
            "date": pd.NaT,
            "closed_price": math.nan,
            "open_price": math.nan,
            "price_ratio": math.nan,
            "price_doublings": math.nan,
            "gap_value": math.nan,
            "gap_unit": "",
            "gap_points": math.nan,
            "gap_as_of": pd.NaT,
            "gap_id": "",
            "sources": "",
            "status": "ok",
            "gap_status": "ok",
        }
        problems, sources, prices = [], [], {}
        for role, model_id in (("closed", matchup.closed), ("open", matchup.open)):
            model = by_id.get(model_id)
            if model is None:
                problems.append(f"no row {model_id!r} in models.csv")
                continue
            if pd.isna(model["price_input"]):
                problems.append(f"row {model_id!r} has no launch price")
                continue
            prices[role] = blended_price(float(model["price_input"]), float(model["price_output"]))
            sources.append(
                f"models.csv {model_id} ({model['name']}, released {model['date']:%Y-%m-%d}): "
                f"USD {float(model['price_input']):g} in / {float(model['price_output']):g} out per million "
                f"tokens, {model['price_source_title']} <{model['price_source_url']}>"
            )
        dates = [by_id[i]["date"] for i in (matchup.closed, matchup.open) if i in by_id]
        if dates:
            row["date"] = max(dates)
        if len(prices) == 2:
            ratio = prices["closed"] / prices["open"]
            row.update(
                closed_price=prices["closed"],
                open_price=prices["open"],
                price_ratio=ratio,
                price_doublings=math.log2(ratio),
            )
        if problems:
            row["status"] = "; ".join(problems)
        if gaps.empty:
            row["gap_status"] = f"no rows of series {GAP_SERIES!r} in indicators.csv"
        elif not dates:
            row["gap_status"] = "no release date to match a gap to"
        else:
            distance = (gaps["as_of"] - row["date"]).abs()
            nearest = gaps.loc[distance.idxmin()]
            days = int(distance.min().days)
            if days > GAP_WINDOW_DAYS:
                row["gap_status"] = (
                    f"no row of series {GAP_SERIES!r} within {GAP_WINDOW_DAYS} days of "
                    f"{row['date']:%Y-%m-%d} (nearest: {nearest['as_of']:%Y-%m-%d})"
                )
            else:
                try:
                    points = gap_in_points(float(nearest["value"]), str(nearest["unit"]))
                except ValueError as error:
                    row["gap_status"] = f"indicators.csv {nearest['id']}: {error}"
                else:
                    row.update(
                        gap_value=float(nearest["value"]),
                        gap_unit=str(nearest["unit"]),
                        gap_points=points,
                        gap_as_of=nearest["as_of"],
                        gap_id=nearest["id"],
                    )
                    sources.append(
                        f"indicators.csv {nearest['id']}: closed − open gap {float(nearest['value']):g} "
                        f"{nearest['unit']} as of {nearest['as_of']:%Y-%m-%d} ({nearest['publisher']}), "
                        f"{nearest['source_title']} <{nearest['source_url']}>"
                    )
        row["sources"] = "; ".join(sources)
        rows.append(row)
    return pd.DataFrame(rows)


def snap(value: float, low: float, high: float, step: float) -> float:
    """``value`` rounded to the nearest point of the grid low, low + step, …, high (clipped)."""
    number = _real("value", value)
    clipped = min(high, max(low, number))
    return round(low + step * round((clipped - low) / step), 9)
