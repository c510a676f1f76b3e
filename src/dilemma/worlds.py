"""Jervis's four worlds: the offence–defence balance, distinguishability and fear.

:cite:t:`jervis1978` crosses two variables. The *offence–defence balance*
says whether attacking or defending is easier; *distinguishability* says
whether defensive weapons and postures can be told apart from offensive ones.
When postures are distinguishable, a state content with the status quo can
make itself safer with forces that threaten no one, so the offence advantage
stops feeding the dilemma.

This module turns that argument into a stylised rule that feeds chapter 1's
game (:func:`dilemma.games.security_game`). Only the part of the offence
advantage that cannot be neutralised by choosing recognisably defensive forces
enters the game:

.. math:: \\omega_{\\text{eff}} = \\omega\\,(1 - \\delta),

with ω the offence advantage and δ the distinguishability, both in [0, 1].
:cite:t:`tang2009`'s *fear* enters as a prior: the probability φ that the rival
is greedy and will arm whatever you do, so that your trust that it restrains is
1 − φ. A security seeker restrains when that trust reaches the game's trust
threshold.

The functional form is our teaching device, not an estimate; the directions
(more offence, less distinguishability and more fear each make restraint
harder) are Jervis's and Tang's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from . import games
from .games import _real

WORLDS: dict[tuple[bool, bool], str] = {
    (True, False): "doubly dangerous",
    (False, False): "security dilemma, but security requirements may be compatible",
    (True, True): "no security dilemma, but aggression possible",
    (False, True): "doubly stable",
}
"""Jervis's (1978) label for each world, keyed by (offence has the advantage, postures distinguishable)."""

MAP_STEP = 0.1
"""Spacing of the map's cells on both axes (the explorer's slider step)."""


@dataclass(frozen=True)
class Assessment:
    """The security dilemma at one point of the four-worlds map.

    Attributes
    ----------
    offence, distinguishability, fear : float
        The inputs ω, δ and φ.
    effective_offence : float
        ω (1 − δ), the offence advantage that reaches the game.
    world : str
        Jervis's label for the quadrant (see :data:`WORLDS`).
    game : str
        The chapter 1 game at the effective offence (:func:`dilemma.games.classify`).
    intensity : float
        The trust restraint needs, p* in [0, 1]; 1 also where no trust suffices
        (a prisoner's dilemma). 0 means no dilemma.
    trust : float
        Your trust that the rival restrains, 1 − φ.
    decision : {"restrain", "arm"}
        What a security seeker with this trust does.
    equilibria : str
        The game's Nash equilibria in words (:func:`dilemma.games.equilibria_text`),
        computed when first read (it needs nashpy; the rest is arithmetic).
    """

    offence: float
    distinguishability: float
    fear: float
    effective_offence: float
    world: str
    game: str
    intensity: float
    trust: float
    decision: str

    @property
    def equilibria(self) -> str:
        return _equilibria_at(self.effective_offence)


def effective_offence(offence: float, distinguishability: float) -> float:
    """The offence advantage that reaches the game: ω (1 − δ).

    Parameters
    ----------
    offence : float
        Offence advantage ω in [0, 1] (0: defence dominates; 1: offence dominates).
    distinguishability : float
        δ in [0, 1] (0: postures cannot be told apart; 1: perfectly distinguishable).

    Returns
    -------
    float
        In [0, ω]; equal to ω when postures are indistinguishable and 0 when
        they are perfectly distinguishable (:cite:t:`jervis1978`'s "no security
        dilemma" row).
    """
    omega = _real("offence", offence, 0.0, 1.0)
    delta = _real("distinguishability", distinguishability, 0.0, 1.0)
    return round(omega * (1.0 - delta), 12) + 0.0


def jervis_world(offence: float, distinguishability: float) -> str:
    """Jervis's label for the quadrant a point falls in.

    The offence has the advantage when ω > 0.5 and postures are distinguishable
    when δ > 0.5; points on a dividing line count as the defence-advantaged or
    the indistinguishable side.
    """
    omega = _real("offence", offence, 0.0, 1.0)
    delta = _real("distinguishability", distinguishability, 0.0, 1.0)
    return WORLDS[(omega > 0.5, delta > 0.5)]


def assess(offence: float, distinguishability: float, fear: float) -> Assessment:
    """The game, the dilemma's intensity and a security seeker's decision at one point.

    Parameters
    ----------
    offence : float
        Offence advantage ω in [0, 1].
    distinguishability : float
        Distinguishability δ in [0, 1].
    fear : float
        φ in [0, 1], the prior probability that the rival is greedy (arms
        whatever you do).

    Returns
    -------
    Assessment

    Examples
    --------
    Offence dominant and postures indistinguishable, Jervis's worst world:

    >>> a = assess(offence=0.8, distinguishability=0.1, fear=0.3)
    >>> a.game, round(a.intensity, 2), a.decision
    ('prisoner\\'s dilemma', 1.0, 'arm')
    """
    phi = _real("fear", fear, 0.0, 1.0)
    omega_eff = effective_offence(offence, distinguishability)
    game, intensity, when = _game_at(omega_eff)
    trust = round(1.0 - phi, 12)
    restrains = when == "always" or (when == "above" and trust >= intensity)
    return Assessment(
        offence=float(offence),
        distinguishability=float(distinguishability),
        fear=phi,
        effective_offence=omega_eff,
        world=jervis_world(offence, distinguishability),
        game=game,
        intensity=intensity,
        trust=trust,
        decision="restrain" if restrains else "arm",
    )


def four_worlds(fear: float) -> pd.DataFrame:
    """The four-worlds map for a given fear: one row per cell of an 11 × 11 grid.

    Parameters
    ----------
    fear : float
        φ in [0, 1], as in :func:`assess`.

    Returns
    -------
    pandas.DataFrame
        Columns ``offence`` and ``distinguishability`` (0, 0.1, …, 1), then the
        fields of :class:`Assessment` except the inputs: ``effective_offence``,
        ``world``, ``game``, ``intensity``, ``trust``, ``decision``, ``equilibria``.
    """
    phi = _real("fear", fear, 0.0, 1.0)
    cells = _map_cells()
    trust = round(1.0 - phi, 12)
    restrains = (cells["when"] == "always") | ((cells["when"] == "above") & (trust >= cells["intensity"]))
    return cells.drop(columns="when").assign(trust=trust, decision=np.where(restrains, "restrain", "arm"))


@cache
def _game_at(omega_eff: float) -> tuple[str, float, str]:
    """Class, intensity and threshold kind of the game at one effective offence."""
    game = games.security_game(omega_eff)
    threshold = games.trust_threshold(game)
    intensity = 1.0 if threshold.p is None else threshold.p
    return games.classify(game), round(intensity, 12) + 0.0, threshold.when


@cache
def _equilibria_at(omega_eff: float) -> str:
    """The Nash equilibria, in words, of the game at one effective offence."""
    return games.equilibria_text(games.security_game(omega_eff))


@cache
def _map_cells() -> pd.DataFrame:
    """The fear-independent part of the map (the games and their equilibria), computed once."""
    axis = np.round(np.arange(0, 1 + MAP_STEP / 2, MAP_STEP), 10)
    rows = []
    for omega in axis:
        for delta in axis:
            omega_eff = effective_offence(omega, delta)
            game, intensity, when = _game_at(omega_eff)
            rows.append(
                {
                    "offence": float(omega),
                    "distinguishability": float(delta),
                    "effective_offence": omega_eff,
                    "world": jervis_world(omega, delta),
                    "game": game,
                    "intensity": intensity,
                    "when": when,
                    "equilibria": _equilibria_at(omega_eff),
                }
            )
    return pd.DataFrame(rows)
