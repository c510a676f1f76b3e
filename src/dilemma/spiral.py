"""Spirals from misperception: the iterated prisoner's dilemma with noise.

Two states play the prisoner's dilemma round after round, and each move is
misread (flipped) with probability ``noise``. The matches are played by the
``axelrod`` library (:cite:t:`knight2016axelrod`) with its standard payoffs
R = 3, S = 0, T = 5, P = 1.

Three reciprocating strategies meet a copy of themselves:

* **Tit-for-Tat** cooperates first and then copies the other's last move
  (:cite:t:`axelrod1984`). One misread defection is answered, the answer is
  answered, and the pair falls into an echo of alternating retaliation.
* **Generous Tit-for-Tat** also forgives a defection with probability
  ``generosity`` (:cite:t:`wu1995noise`), which ends
  echoes at a small cost in exploitability.
* **Contrite Tit-for-Tat** remembers when its own move was garbled and then
  accepts the other's retaliation without retaliating back
  (:cite:t:`wu1995noise`; :cite:t:`boyd1989mistakes`).

Randomness comes only from ``seed``: the same arguments give the same match.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable

import pandas as pd

from .games import _real


def _import_axelrod():
    """Import axelrod about three times faster than a plain import.

    On import, axelrod classifies its ~240 strategies by reading their source code
    with :func:`inspect.getsource` some 12,000 times, mostly for the same few hundred
    functions (often through fresh bound methods). Memoising those reads for the
    duration of the import cuts it from about 12 s to about 4 s; nothing else changes.
    """
    original = inspect.getsource
    cached = functools.cache(original)
    inspect.getsource = lambda obj: cached(getattr(obj, "__func__", obj))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # axelrod's optional plotting back ends warn on import
            import axelrod
    finally:
        inspect.getsource = original
    return axelrod


axl = _import_axelrod()

STRATEGIES: tuple[str, ...] = ("Tit-for-Tat", "Generous Tit-for-Tat", "Contrite Tit-for-Tat")
"""The strategies the chapter compares, in the order the charts show them."""

PAYOFFS = {"R": 3.0, "S": 0.0, "T": 5.0, "P": 1.0}
"""The prisoner's dilemma payoffs of the matches (axelrod's defaults)."""

SEED = 1978
"""Default seed (the year of Jervis's article), so the book's pages are reproducible."""

NOISE_MAX = 0.5
"""Largest noise accepted: beyond one half a misread is likelier than a correct reading."""


def default_generosity(R: float = 3.0, S: float = 0.0, T: float = 5.0, P: float = 1.0) -> float:
    """Generous Tit-for-Tat's default generosity in axelrod: min(1 − (T − R)/(R − S), (R − P)/(T − P)).

    For the standard payoffs (3, 0, 5, 1) this is 1/3. The library's documentation
    credits the formula to the literature on forgiveness under noise (it cites Nowak's
    *Evolutionary Dynamics*); we use it as the library does (:cite:t:`knight2016axelrod`).
    """
    r, s, t, p = (_real(name, value) for name, value in zip("RSTP", (R, S, T, P), strict=True))
    if not (t > r > p > s and 2 * r > t + s):
        raise ValueError(
            f"payoffs must form an iterated prisoner's dilemma (T > R > P > S and 2R > T + S), "
            f"got R={r:g}, S={s:g}, T={t:g}, P={p:g}"
        )
    return min(1 - (t - r) / (r - s), (r - p) / (t - p))


def play(
    strategy: str,
    noise: float,
    generosity: float = 1 / 3,
    turns: int = 200,
    seed: int = SEED,
) -> pd.DataFrame:
    """One noisy match of ``strategy`` against a copy of itself.

    Parameters
    ----------
    strategy : {"Tit-for-Tat", "Generous Tit-for-Tat", "Contrite Tit-for-Tat"}
    noise : float
        Probability in [0, 0.5] that each move is flipped.
    generosity : float, default 1/3
        Probability in [0, 1] that Generous Tit-for-Tat forgives a defection
        (ignored by the other strategies).
    turns : int, default 200
        Number of rounds, 1 to 100,000.
    seed : int, default :data:`SEED`
        Seed of the match's random numbers (noise and generosity).

    Returns
    -------
    pandas.DataFrame
        One row per round and player: ``round`` (1, 2, …), ``player`` (1 or 2),
        ``move`` ("C" or "D", after noise) and ``payoff``.
    """
    match = _match(strategy, noise, generosity, turns, seed)
    rows = []
    for number, (moves, scores) in enumerate(zip(match.result, match.scores(), strict=True), start=1):
        for player in (0, 1):
            rows.append((number, player + 1, str(moves[player]), float(scores[player])))
    return pd.DataFrame(rows, columns=["round", "player", "move", "payoff"])


def long_run(
    strategy: str,
    noise: float,
    generosity: float = 1 / 3,
    turns: int = 2000,
    seed: int = SEED,
) -> dict[str, float]:
    """Cooperation rate and payoff per round over a long match (see :func:`play`).

    Returns
    -------
    dict
        ``cooperation``: share of all moves (both players) that were C;
        ``payoff``: mean payoff per player per round.
    """
    match = _match(strategy, noise, generosity, turns, seed)
    return _summary(match)


def spiral_frame(noise: float, generosity: float) -> pd.DataFrame:
    """The chapter 3 explorer's model: each strategy against itself at one noise level.

    Plays a 1,500-round match per strategy (seeded with :data:`SEED`).

    Returns
    -------
    pandas.DataFrame
        One row per strategy and player: ``strategy``, ``player``, ``moves``
        (the first 30 moves as a string of C and D), then the match's
        ``cooperation`` rate and ``payoff`` per round (repeated for both players).
    """
    _real("noise", noise, 0.0, NOISE_MAX)
    _real("generosity", generosity, 0.0, 1.0)
    rows = []
    for strategy in STRATEGIES:
        # Only GTFT reads the generosity: the other strategies' matches are the same at
        # every generosity, so a slider grid plays each of them once per noise level.
        rows += _strategy_rows(strategy, float(noise), float(generosity) if strategy in _GENEROUS else None)
    return pd.DataFrame(rows)


_GENEROUS = {"Generous Tit-for-Tat"}
"""The strategies whose play depends on ``generosity``."""


@functools.lru_cache(maxsize=512)
def _strategy_rows(strategy: str, noise: float, generosity: float | None) -> tuple[dict, ...]:
    """The two rows of :func:`spiral_frame` for one strategy (memoised: matches are seeded)."""
    match = _match(strategy, noise, 1 / 3 if generosity is None else generosity, 1500, SEED)
    summary = _summary(match)
    return tuple(
        {
            "strategy": strategy,
            "player": player + 1,
            "moves": "".join(str(pair[player]) for pair in match.result[:30]),
            **summary,
        }
        for player in (0, 1)
    )


def _match(strategy: str, noise: float, generosity: float, turns: int, seed: int) -> axl.Match:
    make = _factory(strategy, _real("generosity", generosity, 0.0, 1.0))
    flip = _real("noise", noise, 0.0, NOISE_MAX)
    if isinstance(turns, bool) or not isinstance(turns, int) or not 1 <= turns <= 100_000:
        raise ValueError(f"turns must be an integer in [1, 100000], got {turns!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an integer in [0, 2**32), got {seed!r}")
    match = axl.Match((make(), make()), turns=turns, noise=flip, seed=seed)
    match.play()
    return match


def _factory(strategy: str, generosity: float) -> Callable[[], axl.Player]:
    factories = {
        "Tit-for-Tat": axl.TitForTat,
        "Generous Tit-for-Tat": lambda: axl.GTFT(p=generosity),
        "Contrite Tit-for-Tat": axl.ContriteTitForTat,
    }
    if strategy not in factories:
        raise ValueError(f"strategy must be one of {', '.join(STRATEGIES)}; got {strategy!r}")
    return factories[strategy]


def _summary(match: axl.Match) -> dict[str, float]:
    turns = len(match.result)
    cooperation = sum(match.cooperation()) / (2 * turns)
    payoff = sum(match.final_score()) / (2 * turns)
    return {"cooperation": float(cooperation), "payoff": float(payoff)}
