"""Policy levers: what easing the dilemma would do to each of the book's models.

Chapter 9 asks what the proposals for easing the US–China security dilemma in
generative AI would change. Five *levers* (:data:`LEVER_IDS`) come from three
places: the three recommendations of Zeng's peer-reviewed article
:cite:p:`bjpir2025chatgpt` (dialogue on rules for state use of generative AI,
defining and managing cognitive-warfare risks, agreed red lines), the summits'
transparency agenda :cite:p:`bletchley2023` read through Jervis's
distinguishability :cite:p:`jervis1978`, and reassurance theory's costly
signals :cite:p:`kydd2005,osgood1962,glaser1997`.

Each lever has an *intensity* from 0 (not pulled) to 1 (pulled as far as the
chapter imagines). :data:`LEVERS` declares, for every lever, which parameters
of which model it moves, in which direction, by how much per unit of
intensity, and why. :func:`effects` applies a setting of the five levers to
the baselines of :data:`BASELINES` (the US–China case as the book reads it) and
computes each model's headline outcome by calling the model itself:

* ``worlds`` — :func:`dilemma.worlds.assess`: Jervis's world, the chapter 1
  game and the trust that restraint needs;
* ``race`` — :func:`dilemma.race.disaster`: the probability of an AI disaster
  in Armstrong, Bostrom and Shulman's race :cite:p:`armstrong2016racing`;
* ``spiral`` — :func:`dilemma.spiral.long_run`: long-run cooperation of two
  Generous Tit-for-Tat players under noise (a seeded ``axelrod`` match);
* ``trust`` — :func:`dilemma.trust.signal`: trust after a reassuring signal;
* ``arms_race`` — :func:`dilemma.arms_race.outcome` and
  :func:`dilemma.arms_race.equilibrium`: where Richardson's race settles.

Nothing here re-implements a model. What is ours is the mapping from levers to
parameters, and it is a teaching device, not an estimate: see
:data:`SIMPLIFICATIONS`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd

from . import arms_race, race, trust, worlds

LEVER_IDS: tuple[str, ...] = ("dialogue", "cognitive", "red_lines", "transparency", "signals")
"""The five levers, in the order chapter 9 introduces them (ids fixed by the Part III contract)."""

MODELS: dict[str, str] = {
    "worlds": "Jervis's four worlds (chapter 2)",
    "race": "Racing to the precipice (chapter 6)",
    "spiral": "Spirals under noise (chapter 3)",
    "trust": "Trust and costly signals (chapter 3)",
    "arms_race": "Richardson's arms race (chapter 3)",
}
"""The models the levers act on (keys as used in :data:`LEVERS`), each with the chapter that builds it."""

SPIRAL_STRATEGY = "Generous Tit-for-Tat"
"""The strategy both sides play in the spiral model (the generosity lever needs a forgiving strategy)."""

SPIRAL_TURNS = 2000
"""Rounds of each seeded spiral match (:func:`dilemma.spiral.long_run`'s default)."""

ARMS_START: tuple[float, float] = arms_race.STARTS[1]
"""Where the Richardson race starts: both sides low and equal, chapter 3's second start."""


# -- Declarations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """One parameter a lever moves.

    Attributes
    ----------
    model : str
        A key of :data:`MODELS`.
    parameter : str
        The model parameter moved (a name in :data:`BASELINES` for that model).
    per_unit : float
        Change of the parameter per unit of lever intensity (signed). The
        magnitude is illustrative, chosen so that the lever's effect is visible
        on the parameter's scale; it is not estimated from data.
    rationale : str
        Why the lever moves this parameter, in one line, with the theory behind it.
    source : str
        Bibtex key of the work the rationale draws on.
    """

    model: str
    parameter: str
    per_unit: float
    rationale: str
    source: str

    @property
    def direction(self) -> str:
        """ "raises" or "lowers"."""
        return "raises" if self.per_unit > 0 else "lowers"


@dataclass(frozen=True)
class Lever:
    """A policy lever: what it is, where the idea comes from, and what it moves.

    Attributes
    ----------
    id : str
        One of :data:`LEVER_IDS`; the keyword of :func:`effects`.
    label : str
        Chapter 9's name for the lever.
    short : str
        A name short enough for a slider.
    description : str
        One sentence: what pulling the lever means.
    sources : tuple of str
        Bibtex keys of the works the lever comes from.
    effects : tuple of Effect
        The parameters it moves (and only these).
    """

    id: str
    label: str
    short: str
    description: str
    sources: tuple[str, ...]
    effects: tuple[Effect, ...]


@dataclass(frozen=True)
class Baseline:
    """One model parameter as the book reads the US–China case before any lever is pulled.

    Attributes
    ----------
    model, parameter : str
        Where the parameter lives.
    label, unit : str
        How the book names it and its scale.
    value : float
        The baseline value.
    low, high : float
        The range the model accepts; lever effects are clipped to it.
    basis : {"earlier chapter", "teaching assumption"}
        "earlier chapter" when the value is one the book already used for the
        case (a chapter 2 preset, chapter 6's worked example); "teaching
        assumption" when it is a placement made here for illustration.
    justification : str
        One line: why this value.
    source : str
        Bibtex key of the work the justification rests on.
    """

    model: str
    parameter: str
    label: str
    unit: str
    value: float
    low: float
    high: float
    basis: str
    justification: str
    source: str


@dataclass(frozen=True)
class Headline:
    """The one outcome of a model that the explorer compares, baseline against levers."""

    name: str
    label: str
    unit: str
    low: float
    high: float
    better: str  # "lower" or "higher"


LEVERS: tuple[Lever, ...] = (
    Lever(
        id="dialogue",
        label="Dialogue on rules for state use of generative AI",
        short="Dialogue on rules",
        description=(
            "Wider US–China channels to agree rules and norms for how states may use generative AI, "
            "especially for interference abroad."
        ),
        sources=("bjpir2025chatgpt",),
        effects=(
            Effect(
                "worlds",
                "distinguishability",
                0.10,
                "Agreed rules say which state uses count as hostile, so a use inside them is easier to read "
                "as non-threatening: Jervis's distinguishability.",
                "jervis1978",
            ),
            Effect(
                "race",
                "enmity",
                -0.10,
                "Rules binding how a winner may use AI against the loser make a rival's win less costly to "
                "the loser: lower enmity in Armstrong, Bostrom and Shulman's sense.",
                "armstrong2016racing",
            ),
            Effect(
                "spiral",
                "noise",
                -0.02,
                "A standing channel lets each side ask what a move meant before answering it, so fewer moves "
                "are misread (Wu and Axelrod's noise).",
                "wu1995noise",
            ),
            Effect(
                "arms_race",
                "grievance",
                -0.25,
                "Talks on standing disputes shrink the grievance that drives armament whatever the rival "
                "does (Richardson's g).",
                "richardson1960arms",
            ),
        ),
    ),
    Lever(
        id="cognitive",
        label="Defining and managing cognitive-warfare risks",
        short="Cognitive-warfare risks managed",
        description=(
            "A shared definition of 'cognitive warfare' and channels to report and manage incidents of "
            "AI-driven influence operations."
        ),
        sources=("bjpir2025chatgpt",),
        effects=(
            Effect(
                "worlds",
                "distinguishability",
                0.15,
                "A shared definition separates hostile influence operations from ordinary public "
                "diplomacy, the line that dual-use generative AI blurs (Jervis; Zeng).",
                "jervis1978",
            ),
            Effect(
                "race",
                "enmity",
                -0.10,
                "Managing the use each side fears most, manipulation of its public by the other's AI, limits "
                "what a rival's win would cost.",
                "bjpir2025chatgpt",
            ),
            Effect(
                "spiral",
                "noise",
                -0.04,
                "Incident channels let a state say that a move was not aimed at the other side, the "
                "political analogue of contrition, so fewer moves start an echo.",
                "wu1995noise",
            ),
        ),
    ),
    Lever(
        id="red_lines",
        label="Agreed red lines",
        short="Agreed red lines",
        description=(
            "Jointly declared limits on unacceptable state behaviour with AI, such as the Biden–Xi "
            "affirmation of human control over decisions to use nuclear weapons (Lima, November 2024)."
        ),
        sources=("bjpir2025chatgpt", "whitehouse2024lima"),
        effects=(
            Effect(
                "worlds",
                "distinguishability",
                0.15,
                "Crossing a clear line is an unmistakable sign of hostile intent and staying behind it a "
                "recognisable sign of restraint: Jervis's distinguishability.",
                "jervis1978",
            ),
            Effect(
                "race",
                "enmity",
                -0.20,
                "A winner bound not to use AI for the feared ends (nuclear-use decisions, interference) "
                "makes losing the race less catastrophic: lower enmity.",
                "armstrong2016racing",
            ),
            Effect(
                "spiral",
                "noise",
                -0.01,
                "Fewer moves fall in the grey zone where intent must be guessed, so a few fewer are misread.",
                "wu1995noise",
            ),
        ),
    ),
    Lever(
        id="transparency",
        label="Transparency and verification",
        short="Transparency and verification",
        description=(
            "Shared safety evaluations and exchange of information about models and programmes, the "
            "agenda of the AI safety summits, with some means of checking it."
        ),
        sources=("bletchley2023", "jervis1978"),
        effects=(
            Effect(
                "worlds",
                "distinguishability",
                0.40,
                "Seeing what the other's models and programmes are for is distinguishability itself: "
                "Jervis's second variable.",
                "jervis1978",
            ),
            Effect(
                "race",
                "information",
                0.50,
                "Shared evaluations also reveal capabilities, moving the race from private towards public "
                "information, which in this model raises the risk (the curse of information).",
                "armstrong2016racing",
            ),
            Effect(
                "spiral",
                "noise",
                -0.03,
                "Verified information leaves less to guess, so fewer moves are misread.",
                "wu1995noise",
            ),
            Effect(
                "arms_race",
                "reaction",
                -0.20,
                "Seeing what the rival really builds replaces worst-case estimates, so each side reacts "
                "less to the other's arms (Glaser on distinguishable postures).",
                "glaser1997",
            ),
        ),
    ),
    Lever(
        id="signals",
        label="Costly reassurance signals",
        short="Costly reassurance signals",
        description=(
            "Unilateral restraint that a state with hostile aims would not choose, announced in advance and "
            "open to the other side's inspection."
        ),
        sources=("kydd2005", "osgood1962", "glaser1997"),
        effects=(
            Effect(
                "trust",
                "cost",
                1.00,
                "The intensity is the signal's cost, in units of what being trusted is worth to a security "
                "seeker: only a dear enough signal separates the types (Kydd).",
                "kydd2005",
            ),
            Effect(
                "spiral",
                "generosity",
                0.20,
                "Leaving a provocation unanswered is forgiveness, which ends echoes (Osgood's GRIT; Wu and "
                "Axelrod's generosity).",
                "osgood1962",
            ),
            Effect(
                "arms_race",
                "grievance",
                -0.50,
                "Osgood's 'arms race in reverse': announced unilateral steps are goodwill, a negative "
                "grievance in Richardson's terms.",
                "osgood1962",
            ),
        ),
    ),
)
"""The five levers and the parameters each moves (magnitudes illustrative: see :data:`SIMPLIFICATIONS`)."""


BASELINES: tuple[Baseline, ...] = (
    Baseline(
        model="worlds",
        parameter="offence",
        label="Offence advantage ω",
        unit="0 defence … 1 offence",
        value=0.8,
        low=0.0,
        high=1.0,
        basis="earlier chapter",
        justification=(
            "Chapter 2's 'Generative AI (Zeng 2025)' placement: AI read as making influence and cyber "
            "operations fast, scalable and cheap. No lever moves it: diplomacy does not change technology."
        ),
        source="bjpir2025chatgpt",
    ),
    Baseline(
        model="worlds",
        parameter="distinguishability",
        label="Distinguishability δ",
        unit="0 none … 1 full",
        value=0.2,
        low=0.0,
        high=1.0,
        basis="earlier chapter",
        justification=(
            "Chapter 2's placement: one model serves civilian and military ends, so investment says little "
            "about intent."
        ),
        source="bjpir2025chatgpt",
    ),
    Baseline(
        model="worlds",
        parameter="fear",
        label="Fear φ: chance the rival is greedy",
        unit="probability",
        value=0.6,
        low=0.0,
        high=1.0,
        basis="earlier chapter",
        justification=(
            "Chapter 2's placement of Zeng's mirrored fear. With levers it is not moved directly: it is "
            "1 − trust after the signal stage of the trust model."
        ),
        source="bjpir2025chatgpt",
    ),
    Baseline(
        model="race",
        parameter="teams",
        label="Number of teams n",
        unit="teams",
        value=2.0,
        low=2.0,
        high=2.0,
        basis="earlier chapter",
        justification=(
            "The United States and China as two racing teams, as in chapter 6's worked example (in fact each "
            "country has several labs)."
        ),
        source="armstrong2016racing",
    ),
    Baseline(
        model="race",
        parameter="enmity",
        label="Enmity e",
        unit="0 indifferent … 1 a rival's win is a disaster",
        value=0.9,
        low=0.05,
        high=1.0,
        basis="teaching assumption",
        justification=(
            "Chapter 6 reads enmity as high: each side treats the other's success as a serious loss (Zeng's "
            "mirrored insecurity)."
        ),
        source="bjpir2025chatgpt",
    ),
    Baseline(
        model="race",
        parameter="ratio",
        label="Capability–risk ratio μ",
        unit="capability range ÷ safety range",
        value=3.0,
        low=0.0,
        high=100.0,
        basis="teaching assumption",
        justification=(
            "Skill matters more than daring, yet a close race stays likely; at μ = 3 the private and public "
            "curves of chapter 6 are clearly apart."
        ),
        source="armstrong2016racing",
    ),
    Baseline(
        model="race",
        parameter="information",
        label="Information ι",
        unit="0 none, 1 private, 2 public",
        value=1.5,
        low=0.0,
        high=2.0,
        basis="teaching assumption",
        justification=(
            "Halfway from private to public: chapter 6 reads DeepSeek's open weights and reports as a step "
            "towards public information."
        ),
        source="deepseek2025r1",
    ),
    Baseline(
        model="spiral",
        parameter="noise",
        label="Noise: chance a move is misread",
        unit="probability",
        value=0.1,
        low=0.0,
        high=0.5,
        basis="teaching assumption",
        justification=(
            "One move in ten misread: chapter 3 finds a consumer product read as a military move, "
            "regulation as strategy and openness as a weapon."
        ),
        source="bjpir2025chatgpt",
    ),
    Baseline(
        model="spiral",
        parameter="generosity",
        label="Generosity: chance a defection is forgiven",
        unit="probability",
        value=0.1,
        low=0.0,
        high=1.0,
        basis="teaching assumption",
        justification=(
            "Near-strict reciprocity: a British trade body saw 'escalating tit-for-tat technology controls "
            "on both sides'."
        ),
        source="ioe2023bletchley",
    ),
    Baseline(
        model="trust",
        parameter="prior",
        label="Prior trust: chance the rival is a security seeker",
        unit="probability",
        value=0.4,
        low=0.0,
        high=1.0,
        basis="earlier chapter",
        justification=(
            "1 − fear, the same belief as the worlds model's. No lever moves it: cheap agreements pool and "
            "leave beliefs where they were (chapter 3)."
        ),
        source="kydd2005",
    ),
    Baseline(
        model="trust",
        parameter="cost",
        label="Cost of the reassuring signal",
        unit="a seeker values trust at 1",
        value=0.0,
        low=0.0,
        high=10.0,
        basis="earlier chapter",
        justification=(
            "Chapter 3 reads the joint declarations so far (Bletchley, Lima) as cheap: a greedy state would "
            "sign them too."
        ),
        source="kydd2005",
    ),
    Baseline(
        model="arms_race",
        parameter="reaction",
        label="Reaction k (a = b)",
        unit="per year",
        value=0.5,
        low=0.0,
        high=10.0,
        basis="teaching assumption",
        justification=(
            "Each side's effort raises the other's (Zeng's feedback loop, 'tit-for-tat' controls): reaction "
            "close to fatigue."
        ),
        source="ioe2023bletchley",
    ),
    Baseline(
        model="arms_race",
        parameter="fatigue",
        label="Fatigue α (m = n)",
        unit="per year",
        value=0.6,
        low=0.0,
        high=10.0,
        basis="teaching assumption",
        justification=(
            "Weak restraint from cost, since AI spending also pays commercially; chapter 3 calls what plays "
            "fatigue for compute an open question. No lever moves it."
        ),
        source="richardson1960arms",
    ),
    Baseline(
        model="arms_race",
        parameter="grievance",
        label="Grievance g (= h)",
        unit="negative = goodwill",
        value=0.5,
        low=-1000.0,
        high=1000.0,
        basis="teaching assumption",
        justification=(
            "Standing grievances on both sides (containment, 'right to development' red lines): with k and α "
            "a stable race close to the edge, settling at g / (α − k) = 5."
        ),
        source="xinhua2024lima",
    ),
)
"""The US–China case before any lever is pulled, one row per model parameter, each with its justification."""

HEADLINES: dict[str, Headline] = {
    "worlds": Headline("p_star", "Trust restraint needs, p*", "probability", 0.0, 1.0, "lower"),
    "race": Headline("disaster", "Probability of an AI disaster", "probability", 0.0, 1.0, "lower"),
    "spiral": Headline(
        "cooperation",
        "Long-run cooperation (Generous Tit-for-Tat pair)",
        "share of moves",
        0.0,
        1.0,
        "higher",
    ),
    "trust": Headline(
        "trust",
        "Trust after the signal stage",
        "probability the rival is a security seeker",
        0.0,
        1.0,
        "higher",
    ),
    "arms_race": Headline(
        "level",
        "Long-run armament level of each side",
        "Richardson units (8 = runaway)",
        0.0,
        arms_race.CAP,
        "lower",
    ),
}
"""Each model's headline outcome: what the explorer compares, its scale, and which way is better.

For the worlds model a change of decision (arm to restrain) also counts as better, even at the same p*."""

NO_CHANGE = 0.001
"""Headline changes smaller than this share of the headline's scale count as "no change".

A tenth of a percentage point on a probability scale: finer than the charts show, and coarser than
the rounding of the static page's data (three significant digits), so both faces agree."""

LINKS: dict[tuple[str, str], str] = {
    ("worlds", "fear"): "1 − trust after the signal stage of the trust model",
}
"""Parameters set from another model's outcome rather than by a lever directly."""

SIMPLIFICATIONS = """\
What in this mapping is a teaching simplification, not a finding:

1. The magnitudes are illustrative, not estimated. Each per-unit effect was chosen so that a lever pulled
   all the way makes a visible difference on its parameter's scale. The directions follow the theory cited
   for each effect; the sizes follow nothing but legibility. Change them and the verdicts change.
2. Levers act independently and additively: a parameter after the levers is its baseline plus the sum of
   intensity × per-unit effect over the levers that move it, clipped to the parameter's range. Real policies
   interact (verification makes red lines credible; dialogue is where red lines are agreed).
3. Lever intensity (0 to 1) is a judgement, not a measure. The presets score real episodes (a one-line
   summit statement is a quarter of a lever, say); those scores are ours.
4. The baselines are one reading of the US–China case, most of them teaching assumptions (see BASELINES):
   other readings, Chinese or American, would place them elsewhere.
5. The models are run side by side, not joined, except for one link: the worlds model's fear is
   1 − the trust model's trust after the signal stage, so that both use the same belief about the rival.
6. The trust model's outcome assumes the rival really is a security seeker (it sends the signal when a
   security seeker would). If it is greedy, a separating signal is not sent and trust falls to zero: which
   type China or the United States is, is the question chapter 1 leaves open.
7. Information in the race model is a number from 0 (none) through 1 (private) to 2 (public); between two
   regimes the probability of disaster is interpolated linearly, as if that share of the race were run
   under the better-informed regime. Armstrong, Bostrom and Shulman have only the three regimes.
8. No lever moves the offence advantage, Richardson's fatigue, the number of teams, the capability–risk
   ratio or the prior trust: diplomacy does not change technology or budgets, and cheap statements leave
   beliefs where they were (chapter 3).
"""
"""The mapping's simplifications, in words chapter 9 can show as they are."""

_WORLD_SHORT = {
    "doubly dangerous": "doubly dangerous",
    "security dilemma, but security requirements may be compatible": "dilemma, but compatible",
    "no security dilemma, but aggression possible": "no dilemma, aggression possible",
    "doubly stable": "doubly stable",
}

WORLD_CODES: tuple[str, ...] = tuple(worlds.WORLDS.values())
"""Jervis's worlds in the order of :func:`headlines`' ``world`` code."""

WORLD_SHORT: tuple[str, ...] = tuple(_WORLD_SHORT[w] for w in WORLD_CODES)
"""Short names of the worlds, as chapter 2's map labels them, in code order."""

GAME_CODES: tuple[str, ...] = ("harmony", "stag hunt", "prisoner's dilemma", "borderline")
"""The games the security game can be at, in the order of :func:`headlines`' ``game`` code."""

OUTCOME_CODES: tuple[str, ...] = arms_race.OUTCOMES
"""Richardson outcomes in the order of :func:`headlines`' ``outcome`` code."""

REGIME_CODES: tuple[str, ...] = trust.REGIMES
"""Signal regimes in the order of :func:`headlines`' ``regime`` code."""


# -- Parameters after the levers --------------------------------------------------------------------


def _intensity(name: str, value: object) -> float:
    """A lever intensity as a float in [0, 1], or raise naming the lever, the value and the range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"lever {name!r} must be a real number in [0, 1], got {value!r} ({type(value).__name__})"
        )
    number = float(value)
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise ValueError(f"lever {name!r} must lie in [0, 1] (0 not pulled … 1 fully), got {value!r}")
    return number


def _settings(values: Mapping[str, object]) -> dict[str, float]:
    unknown = sorted(set(values) - set(LEVER_IDS))
    if unknown:
        raise ValueError(
            f"unknown lever(s) {', '.join(map(repr, unknown))}; the levers are {', '.join(LEVER_IDS)}"
        )
    return {name: _intensity(name, values.get(name, 0.0)) for name in LEVER_IDS}


_BASELINE_BY_KEY: dict[tuple[str, str], Baseline] = {(b.model, b.parameter): b for b in BASELINES}


def parameters(**levers: float) -> dict[tuple[str, str], float]:
    """Every model parameter after the levers, keyed by (model, parameter).

    Parameters
    ----------
    **levers : float
        Intensities in [0, 1] for any of :data:`LEVER_IDS` (missing ones are 0).

    Returns
    -------
    dict
        Baseline + Σ intensity × per-unit effect, clipped to the parameter's
        range and rounded to 12 decimals. Linked parameters (:data:`LINKS`) are
        returned at their baseline here; :func:`effects` sets them.

    Raises
    ------
    TypeError, ValueError
        For an unknown lever, or an intensity that is not a real number in [0, 1];
        the message names the lever.
    """
    setting = _settings(levers)
    values = {key: b.value for key, b in _BASELINE_BY_KEY.items()}
    for lever in LEVERS:
        intensity = setting[lever.id]
        if intensity == 0:
            continue
        for effect in lever.effects:
            values[(effect.model, effect.parameter)] += intensity * effect.per_unit
    for key, value in values.items():
        b = _BASELINE_BY_KEY[key]
        values[key] = b.value if value == b.value else round(min(b.high, max(b.low, value)), 12) + 0.0
    return values


# -- The models, called (and cached: the explorer's grid repeats parameter values) ------------------


@cache
def _worlds(offence: float, distinguishability: float, fear: float) -> worlds.Assessment:
    return worlds.assess(offence=offence, distinguishability=distinguishability, fear=fear)


@cache
def _trust(prior: float, cost: float) -> tuple[float, str]:
    """Trust after the signal stage, facing a rival that behaves like a security seeker.

    The same choice as round 0 of :func:`dilemma.trust.trust_frame`: the
    posterior after seeing the signal if a security seeker sends it, else after
    seeing none.
    """
    result = trust.signal(prior=prior, cost=cost)
    value = result.trust_if_sent if result.seeker_sends else result.trust_if_not_sent
    return float(value), result.regime


@cache
def _race(teams: int, enmity: float, ratio: float, information: float) -> float:
    """Probability of disaster at information ι, interpolated between the two regimes either side."""
    lower = min(math.floor(information), len(race.REGIMES) - 2)
    weight = information - lower
    low = race.disaster(race.REGIMES[lower], teams, enmity, ratio)
    if weight == 0:
        return low
    high = race.disaster(race.REGIMES[lower + 1], teams, enmity, ratio)
    if weight == 1:
        return high
    return min(1.0, max(0.0, (1 - weight) * low + weight * high))


@cache
def _spiral(noise: float, generosity: float) -> float:
    from . import spiral  # imported on first use: axelrod takes seconds to import

    result = spiral.long_run(SPIRAL_STRATEGY, noise=noise, generosity=generosity, turns=SPIRAL_TURNS)
    return result["cooperation"]


@cache
def _arms(reaction: float, fatigue: float, grievance: float) -> tuple[float, str]:
    """Long-run level of each side (symmetric race from :data:`ARMS_START`) and Richardson's outcome."""
    coefficients = (reaction, reaction, fatigue, fatigue, grievance, grievance)
    outcome = arms_race.outcome(*coefficients, *ARMS_START)
    if outcome == "runaway":
        return float(arms_race.CAP), outcome
    if outcome == "disarmament":
        return 0.0, outcome
    point = arms_race.equilibrium(*coefficients)
    if arms_race.is_stable(*coefficients[:4]) and point is not None and point[0] > 0:
        return float(point[0]), outcome
    # A neutral race at rest where it started (no lever setting reaches this; kept for completeness).
    path = arms_race.richardson(*coefficients, *ARMS_START, t_max=1000.0, points=2, cap=arms_race.CAP)
    return float(path["x"].iloc[-1]), outcome


# -- Outcomes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcomes:
    values: dict[tuple[str, str], float]
    assessment: worlds.Assessment
    trust: float
    regime: str
    disaster: float
    cooperation: float
    level: float
    outcome: str

    def headline(self, model: str) -> float:
        return {
            "worlds": self.assessment.intensity,
            "race": self.disaster,
            "spiral": self.cooperation,
            "trust": self.trust,
            "arms_race": self.level,
        }[model]


def _outcomes(setting: Mapping[str, float]) -> _Outcomes:
    v = parameters(**setting)
    trust_after, regime = _trust(v[("trust", "prior")], v[("trust", "cost")])
    v[("worlds", "fear")] = round(1.0 - trust_after, 12) + 0.0  # the one link (see LINKS)
    assessment = _worlds(v[("worlds", "offence")], v[("worlds", "distinguishability")], v[("worlds", "fear")])
    disaster = _race(
        int(v[("race", "teams")]), v[("race", "enmity")], v[("race", "ratio")], v[("race", "information")]
    )
    cooperation = _spiral(v[("spiral", "noise")], v[("spiral", "generosity")])
    level, outcome = _arms(
        v[("arms_race", "reaction")], v[("arms_race", "fatigue")], v[("arms_race", "grievance")]
    )
    return _Outcomes(v, assessment, trust_after, regime, disaster, cooperation, level, outcome)


def _verdict(model: str, o: _Outcomes) -> str:
    """The headline in words, with the model's qualitative result."""
    a = o.assessment
    if model == "worlds":
        return (
            f"{_WORLD_SHORT[a.world]}; {a.game}; at trust {a.trust:.0%} a security seeker will {a.decision}"
        )
    if model == "race":
        return f"{o.disaster:.1%} chance of an AI disaster"
    if model == "spiral":
        return f"{o.cooperation:.0%} of moves cooperative"
    if model == "trust":
        return f"{o.regime} signal; trust {o.trust:.0%}"
    if o.outcome == "stable race":
        return f"a stable race settling at {o.level:.2f}"
    return "a runaway race" if o.outcome == "runaway" else "disarmament: both run down to zero"


def _assessment(model: str, base: _Outcomes, now: _Outcomes) -> str:
    """Whether a model's headline is "better", "worse" or shows "no change" with the levers.

    For the worlds model a security seeker's decision counts first: restraint
    where there was arming is better whatever p* does (a costly signal changes
    the decision through fear, not p*).
    """
    if model == "worlds":
        before, after = base.assessment.decision, now.assessment.decision
        if before != after:
            return "better" if after == "restrain" else "worse"
    baseline, value = base.headline(model), now.headline(model)
    scale = HEADLINES[model].high - HEADLINES[model].low
    if abs(value - baseline) < NO_CHANGE * scale:
        return "no change"
    lower_is_better = HEADLINES[model].better == "lower"
    return "better" if (value < baseline) == lower_is_better else "worse"


@cache
def _baseline() -> _Outcomes:
    return _outcomes(dict.fromkeys(LEVER_IDS, 0.0))


def effects(
    *,
    dialogue: float = 0.0,
    cognitive: float = 0.0,
    red_lines: float = 0.0,
    transparency: float = 0.0,
    signals: float = 0.0,
) -> pd.DataFrame:
    """What a setting of the five levers does to every model.

    Parameters
    ----------
    dialogue, cognitive, red_lines, transparency, signals : float, default 0
        Lever intensities in [0, 1] (0 not pulled … 1 fully pulled); see :data:`LEVERS`.

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per model parameter (``kind`` "parameter") and one per
        model headline (``kind`` "headline"), models in :data:`MODELS` order.
        Columns: ``model``, ``model_label``, ``kind``, ``name``, ``label``,
        ``unit``, ``baseline``, ``with_levers``, ``change`` (with_levers −
        baseline), ``moved_by`` (for parameters: the levers pulled that move
        it, or the link that sets it; else empty), ``assessment`` (for
        headlines: "better", "worse" or "no change"; else empty),
        ``verdict_baseline`` and ``verdict`` (for headlines: the model's result
        in words; else empty).

    Raises
    ------
    TypeError, ValueError
        For an intensity that is not a real number in [0, 1] (the message names
        the lever); Python itself refuses an unknown lever keyword.

    Notes
    -----
    Headlines come from the book's models (see the module docstring): the
    worlds model :cite:p:`jervis1978`, the race :cite:p:`armstrong2016racing`,
    the noisy iterated prisoner's dilemma :cite:p:`wu1995noise`, the trust model
    :cite:p:`kydd2005` and Richardson's equations :cite:p:`richardson1960arms`.
    With every lever at 0 the ``with_levers`` column equals ``baseline`` exactly.
    """
    setting = _settings(
        {
            "dialogue": dialogue,
            "cognitive": cognitive,
            "red_lines": red_lines,
            "transparency": transparency,
            "signals": signals,
        }
    )
    base, now = _baseline(), _outcomes(setting)
    movers: dict[tuple[str, str], list[str]] = {}
    for lever in LEVERS:
        if setting[lever.id] > 0:
            for effect in lever.effects:
                movers.setdefault((effect.model, effect.parameter), []).append(lever.id)
    rows = []
    for model, model_label in MODELS.items():
        for b in (b for b in BASELINES if b.model == model):
            key = (model, b.parameter)
            moved = LINKS[key] if key in LINKS else ", ".join(movers.get(key, []))
            rows.append(
                {
                    "model": model,
                    "model_label": model_label,
                    "kind": "parameter",
                    "name": b.parameter,
                    "label": b.label,
                    "unit": b.unit,
                    "baseline": base.values[key],
                    "with_levers": now.values[key],
                    "moved_by": moved,
                    "assessment": "",
                    "verdict_baseline": "",
                    "verdict": "",
                }
            )
        h = HEADLINES[model]
        before, after = base.headline(model), now.headline(model)
        rows.append(
            {
                "model": model,
                "model_label": model_label,
                "kind": "headline",
                "name": h.name,
                "label": h.label,
                "unit": h.unit,
                "baseline": before,
                "with_levers": after,
                "moved_by": "",
                "assessment": _assessment(model, base, now),
                "verdict_baseline": _verdict(model, base),
                "verdict": _verdict(model, now),
            }
        )
    frame = pd.DataFrame(rows)
    frame.insert(frame.columns.get_loc("with_levers") + 1, "change", frame["with_levers"] - frame["baseline"])
    return frame


def headlines(
    *,
    dialogue: float = 0.0,
    cognitive: float = 0.0,
    red_lines: float = 0.0,
    transparency: float = 0.0,
    signals: float = 0.0,
) -> pd.DataFrame:
    """The explorer's model: every headline of :func:`effects` in one compact row.

    Parameters are those of :func:`effects`.

    Returns
    -------
    pandas.DataFrame
        One row. Numbers: ``p_star`` (worlds: trust restraint needs), ``trust``
        (trust after the signal stage; the worlds model's trust is the same),
        ``disaster``, ``cooperation``, ``level``. Codes (indices into the
        tuples named): ``world`` (:data:`WORLD_CODES`), ``game``
        (:data:`GAME_CODES`), ``decision`` (1 restrain, 0 arm), ``outcome``
        (:data:`OUTCOME_CODES`), ``regime`` (:data:`REGIME_CODES`). Codes keep
        the static page's grid of 3,125 settings within its inline-data budget.
    """
    setting = _settings(
        {
            "dialogue": dialogue,
            "cognitive": cognitive,
            "red_lines": red_lines,
            "transparency": transparency,
            "signals": signals,
        }
    )
    o = _outcomes(setting)
    a = o.assessment
    return pd.DataFrame(
        {
            "p_star": [a.intensity],
            "trust": [o.trust],
            "world": [WORLD_CODES.index(a.world)],
            "game": [GAME_CODES.index(a.game)],
            "decision": [int(a.decision == "restrain")],
            "disaster": [o.disaster],
            "cooperation": [o.cooperation],
            "level": [o.level],
            "outcome": [OUTCOME_CODES.index(o.outcome)],
            "regime": [REGIME_CODES.index(o.regime)],
        }
    )


def baseline_headlines() -> dict[str, float]:
    """Each model's headline with no lever pulled, keyed by :data:`MODELS`."""
    return {model: _baseline().headline(model) for model in MODELS}


def baseline_verdicts() -> dict[str, str]:
    """Each model's result in words with no lever pulled, keyed by :data:`MODELS`."""
    return {model: _verdict(model, _baseline()) for model in MODELS}


# -- Tables for chapter 9 ---------------------------------------------------------------------------


def levers_table() -> pd.DataFrame:
    """Lever × parameter: what each lever moves, which way, how far, why, and on whose authority.

    Returns
    -------
    pandas.DataFrame
        One row per declared effect (see :data:`LEVERS`), plus one row for the
        link through which signals reach the worlds model's fear. Columns:
        ``lever``, ``lever_label``, ``model``, ``parameter``, ``direction``
        ("raises"/"lowers"), ``per_unit`` (signed change per unit of intensity;
        0 for the link, whose size depends on the trust model), ``rationale``,
        ``source`` (bibtex key), ``lever_sources``.
    """
    rows = []
    for lever in LEVERS:
        for effect in lever.effects:
            rows.append(
                {
                    "lever": lever.id,
                    "lever_label": lever.label,
                    "model": effect.model,
                    "parameter": effect.parameter,
                    "direction": effect.direction,
                    "per_unit": effect.per_unit,
                    "rationale": effect.rationale,
                    "source": effect.source,
                    "lever_sources": ", ".join(lever.sources),
                }
            )
        if lever.id == "signals":
            rows.append(
                {
                    "lever": lever.id,
                    "lever_label": lever.label,
                    "model": "worlds",
                    "parameter": "fear",
                    "direction": "lowers (through the trust model)",
                    "per_unit": 0.0,
                    "rationale": (
                        "Fear is 1 − trust after the signal stage: it falls to zero once the signal is dear "
                        "enough to separate the types, and not at all before (Kydd)."
                    ),
                    "source": "kydd2005",
                    "lever_sources": ", ".join(lever.sources),
                }
            )
    return pd.DataFrame(rows)


def baselines_table() -> pd.DataFrame:
    """The baselines with their justifications: one row per model parameter of :data:`BASELINES`."""
    return pd.DataFrame(
        [
            {
                "model": b.model,
                "parameter": b.parameter,
                "label": b.label,
                "value": b.value,
                "unit": b.unit,
                "basis": b.basis,
                "justification": b.justification,
                "source": b.source,
            }
            for b in BASELINES
        ]
    )
