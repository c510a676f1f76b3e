"""Checks for the exercises of chapter 8, "Soft power and the global South".

Four kinds of answer are checked here.

* **Framing analysis** (exercise ex-sp-framing). The coding scheme (:data:`FRAMES`),
  the coding units (:data:`UNITS`: the book's one-line paraphrases of the claims in
  the *Global Times* column and in the news summary of the *Foreign Affairs*
  article, with paragraph numbers) and the book's reference coding
  (:data:`REFERENCE`) are the exercise's inputs. Agreement is Cohen's kappa
  :cite:p:`cohen1960`, computed by :func:`sklearn.metrics.cohen_kappa_score`; a
  coding with a wrong length, an unknown unit or an unknown frame gets a sentence
  naming the unit, never a traceback.
* **Kinds of source** (exercise ex-sp-sources): labels checked against
  :data:`SOURCE_KINDS`, the exercise's stated answers.
* **The adoption model** (exercise ex-sp-adoption): right answers computed from
  :mod:`dilemma.adoption`, never typed in.
* **A figure and its source** (exercise ex-sp-figures): right answers computed
  from :func:`dilemma.data.indicators` as it stands, so a corrected row changes the
  expected answer with it. A missing dataset or series is explained, not raised.

Every check returns a :class:`~dilemma.checks.Feedback` and never raises.
"""

from __future__ import annotations

import math
import numbers
import os
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from . import NO_ANSWER, Feedback
from ._common import as_number, check_labels, near, normalise, number

# --- Framing analysis: the scheme, the units and the reference coding ---------------------------


@dataclass(frozen=True)
class Frame:
    """One frame of the coding scheme: a label, a name and the rules for using it."""

    label: str
    name: str
    covers: str
    include: str
    exclude: str


FRAMES: tuple[Frame, ...] = (
    Frame(
        "security",
        "Security threat",
        "An actor, technology or policy presented as a danger to national security, to data or to "
        "military advantage, or a measure justified by such a danger.",
        "Data leaks and espionage; military use; investigations, bans and export controls presented "
        "as protection.",
        "A claim that security talk is a pretext for something else: code the motive the claim says "
        "is real. Competition with no danger named: market or rivalry.",
    ),
    Frame(
        "development",
        "Public good and development",
        "AI as a benefit to developing countries or to humanity: access, capacity building, "
        "inclusiveness, adapting AI to local needs at low cost.",
        "Health, education, farming and jobs; AI as a public good; help with infrastructure, skills "
        "and data.",
        "Benefits mentioned only as a way to win a state goodwill or standing (rivalry); lower prices "
        "as a firm's competitive move (market).",
    ),
    Frame(
        "market",
        "Market competition",
        "Firms, products, prices, adoption and market share; business strategy and monopoly.",
        "Users, downloads and derivatives as evidence of demand; price cuts; a company's platform or "
        "ecosystem strategy; absorption by large firms.",
        "A firm's move presented as serving a state's influence (rivalry) or safety (security).",
    ),
    Frame(
        "governance",
        "Values and governance models",
        "Contrasts of political values, development philosophies or governance models; who writes "
        "the rules, norms and standards.",
        "International initiatives, plans and institutions for AI governance; models said to carry a "
        "country's values.",
        "The contest for influence with no reference to values, rules or models of governance (rivalry).",
    ),
    Frame(
        "rivalry",
        "Geopolitical rivalry",
        "The contest between states for leadership, influence, goodwill or strategic advantage, "
        "including soft power used as a means of influence.",
        "Leading or falling behind; one state's gain read as the other's loss; anxiety about losing "
        "influence.",
        "Claims whose stake is safety from harm (security) or which rules and values prevail (governance).",
    ),
)
"""The coding scheme of exercise ex-sp-framing: five frames with inclusion and exclusion rules.

Decision rule: code one frame per unit, the one its main point serves. Ask what is at
stake in the claim as its author puts it: safety from harm (security), the welfare of
users and poorer countries (development), firms and sales (market), rules and values
(governance), standing and influence among states (rivalry). Code what the unit
claims, not what you suspect its author intends.
"""

FRAME_LABELS: tuple[str, ...] = tuple(frame.label for frame in FRAMES)
"""The five labels, in the scheme's order."""

_FRAME_ALIASES = {
    "security threat": "security",
    "threat": "security",
    "national security": "security",
    "public good": "development",
    "public good and development": "development",
    "public good/development": "development",
    "development/public good": "development",
    "market competition": "market",
    "competition": "market",
    "economic": "market",
    "values": "governance",
    "values and governance models": "governance",
    "governance model": "governance",
    "values/governance model": "governance",
    "geopolitical rivalry": "rivalry",
    "geopolitics": "rivalry",
    "geopolitical": "rivalry",
}


@dataclass(frozen=True)
class Unit:
    """One coding unit: our one-line paraphrase of a claim, with where to find it."""

    id: str
    source: str
    paragraphs: str
    claim: str


UNITS: tuple[Unit, ...] = (
    Unit("gt-01", "column", "1",
         "The two countries' diverging AI paths are read as a sign of different philosophies of governance."),
    Unit("gt-02", "column", "2",
         "Washington's recent push on AI policy and diplomacy is put down to anxiety that Chinese "
         "products are eroding its lead."),
    Unit("gt-03", "column", "2",
         "Economies still building their AI systems are said to give the United States a window to "
         "capture their markets."),
    Unit("gt-04", "column", "3",
         "Calling Chinese open models a security threat is said to mask a fear of losing technological "
         "influence."),
    Unit("gt-05", "column", "3",
         "Seven Republican senators asked the Commerce Department to look into data-security weaknesses "
         "of Chinese open models."),
    Unit("gt-06", "column", "4",
         "Huawei has released the source of its Ascend chip software (CANN) and launched a joint "
         "development initiative."),
    Unit("gt-07", "column", "5",
         "The Shanghai AI conference launched an international open-source cooperation initiative and a "
         "centre for global AI innovation governance."),
    Unit("gt-08", "column", "7",
         "American openness is described as other countries taking up US tools, which ends with big "
         "American firms swallowing them or with new monopolies."),
    Unit("gt-09", "column", "8",
         "Chinese openness is described as inclusive, treating AI as a public good to be spread through "
         "capacity building and shared ecosystems."),
    Unit("gt-10", "column", "9",
         "The divergence is cast as a contest between a hierarchical American model and a networked "
         "Chinese one, two philosophies of development and governance."),
    Unit("fa-01", "foreign-affairs", "2",
         "DeepSeek's open model is said to threaten American leadership in AI despite US chip controls."),
    Unit("fa-02", "foreign-affairs", "6-7",
         "The growth of R1's app users and the downloads of its derivatives are cited as evidence of "
         "strong demand."),
    Unit("fa-03", "foreign-affairs", "10",
         "Open models let countries adapt AI to local needs such as health and education at lower cost "
         "than American models."),
    Unit("fa-04", "foreign-affairs", "11-12",
         "Sharing open models could earn China goodwill and cast it as a benefactor across the "
         "developing world."),
    Unit("fa-05", "foreign-affairs", "13",
         "US policy limits technology sharing because rivals could adapt it for military or economic ends."),
    Unit("fa-06", "foreign-affairs", "27",
         "American models that helped treat disease or improve farming in poorer countries would raise "
         "Washington's diplomatic standing."),
    Unit("fa-07", "foreign-affairs", "31",
         "Closed models, though stronger, appeal less to developers worldwide than flexible open ones "
         "because of their restrictions."),
    Unit("fa-08", "foreign-affairs", "36-37",
         "Beijing is said to be shaping the global story about AI and placing itself to guide global "
         "policy through its governance initiative."),
    Unit("fa-09", "foreign-affairs", "42",
         "OpenAI has cut its prices to compete with Chinese offerings."),
    Unit("fa-10", "foreign-affairs", "46",
         "The US AI Action Plan is cited as wanting the best open models to be American and to carry "
         "American values."),
    Unit("fa-11", "foreign-affairs", "49-50",
         "Export controls should be redrawn to focus on the chips needed to run models (inference)."),
    Unit("fa-12", "foreign-affairs", "53",
         "Unless Washington acts quickly, China's growing AI soft power could leave it at a strategic "
         "disadvantage."),
)  # fmt: skip
"""The 22 coding units of exercise ex-sp-framing, in order.

``source`` is ``column`` (the *Global Times* column of 7 August 2025, paragraphs counted
from the first after the headline) or ``foreign-affairs`` (the news summary of Owen
Daniels's *Foreign Affairs* article that the book works from, one paragraph per line of
the summary; Daniels's original is paragraphed differently). The claims are our
paraphrases, not the authors' sentences.
"""

UNIT_IDS: tuple[str, ...] = tuple(unit.id for unit in UNITS)

REFERENCE: dict[str, str] = {
    "gt-01": "governance",
    "gt-02": "rivalry",
    "gt-03": "market",
    "gt-04": "rivalry",
    "gt-05": "security",
    "gt-06": "market",
    "gt-07": "governance",
    "gt-08": "market",
    "gt-09": "development",
    "gt-10": "governance",
    "fa-01": "rivalry",
    "fa-02": "market",
    "fa-03": "development",
    "fa-04": "rivalry",
    "fa-05": "security",
    "fa-06": "rivalry",
    "fa-07": "market",
    "fa-08": "governance",
    "fa-09": "market",
    "fa-10": "governance",
    "fa-11": "security",
    "fa-12": "rivalry",
}
"""The book's reference coding of :data:`UNITS` (one defensible coding, not the only one)."""

SECOND_CODER: dict[str, str] = {
    **REFERENCE,
    "gt-04": "security",
    "gt-06": "development",
    "fa-04": "development",
    "fa-06": "development",
    "fa-11": "rivalry",
}
"""A second coder's coding of the same units, for the hand calculation in ex-sp-framing.

It differs from :data:`REFERENCE` on five units, each one a judgement the scheme's
rules settle only if they are applied strictly.
"""

LANDIS_KOCH: tuple[tuple[float, str], ...] = (
    (0.0, "poor"),
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.00, "almost perfect"),
)
"""Landis and Koch's benchmarks :cite:p:`landis1977`: upper bound of each band and its name.

Below 0 poor; 0 to 0.20 slight; 0.21 to 0.40 fair; 0.41 to 0.60 moderate; 0.61 to 0.80
substantial; 0.81 to 1 almost perfect. They are conventions for discussion, not
thresholds derived from any property of kappa.
"""


def landis_koch(kappa: float) -> str:
    """The name of the Landis–Koch band that ``kappa`` falls in."""
    if not isinstance(kappa, numbers.Real) or isinstance(kappa, bool) or not math.isfinite(kappa):
        raise ValueError(f"kappa must be a finite number, got {kappa!r}")
    if kappa < 0:
        return "poor"
    for upper, name in LANDIS_KOCH[1:]:
        if kappa <= upper + 1e-12:
            return name
    return LANDIS_KOCH[-1][1]


def frames_table() -> pd.DataFrame:
    """The coding scheme as a table (label, name, what it covers, include, exclude)."""
    return pd.DataFrame(
        [(f.label, f.name, f.covers, f.include, f.exclude) for f in FRAMES],
        columns=["label", "frame", "covers", "include", "exclude"],
    ).set_index("label")


def units_table() -> pd.DataFrame:
    """The coding units as a table, one row per unit, indexed by unit id."""
    names = {"column": "Global Times column", "foreign-affairs": "Foreign Affairs (summary)"}
    return pd.DataFrame(
        [(u.id, names[u.source], u.paragraphs, u.claim) for u in UNITS],
        columns=["unit", "source", "paragraph", "claim"],
    ).set_index("unit")


# --- Reading a coding, never raising -------------------------------------------------------------

_UNIT_PATTERN = re.compile(r"^(gt|fa)[-_ ]?0*(\d{1,2})$")
_SEQUENCES = (list, tuple)


def _unit_id(key: object) -> str | None:
    """A unit id such as ``"gt-04"`` from ``key`` (also ``"GT4"``, ``"gt_04"``), else ``None``."""
    if not isinstance(key, str):
        return None
    match = _UNIT_PATTERN.match(key.strip().lower())
    if not match:
        return None
    candidate = f"{match.group(1)}-{int(match.group(2)):02d}"
    return candidate if candidate in UNIT_IDS else None


def _as_items(coding: object, who: str) -> list[tuple[str, object]] | Feedback:
    """(unit id, label) pairs in unit order, or the Feedback saying what is wrong with the shape."""
    example = '{"gt-01": "governance", "gt-02": "rivalry", ...}'
    if type(coding).__name__ == "Series":
        index = list(coding.index)  # type: ignore[attr-defined]
        if index and all(isinstance(key, str) for key in index):
            coding = dict(zip(index, list(coding), strict=True))  # type: ignore[call-overload]
        else:
            coding = list(coding)  # type: ignore[call-overload]
    elif type(coding).__name__ in {"ndarray", "Index"}:
        coding = list(coding)  # type: ignore[call-overload]
    if isinstance(coding, Mapping):
        pairs: dict[str, object] = {}
        for key, label in coding.items():
            unit = _unit_id(key)
            if unit is None:
                ids = f"{UNIT_IDS[0]} to {UNIT_IDS[9]} and {UNIT_IDS[10]} to {UNIT_IDS[-1]}"
                return Feedback(
                    False, f"{who} has a key {key!r} that is not a coding unit: use the ids {ids}."
                )
            if unit in pairs:
                return Feedback(False, f"{who} codes unit {unit} twice (as {key!r} and an earlier key).")
            pairs[unit] = label
        missing = [unit for unit in UNIT_IDS if unit not in pairs]
        if missing:
            shown = ", ".join(missing[:6]) + (", ..." if len(missing) > 6 else "")
            return Feedback(
                False, f"{who} has no frame for {len(missing)} of the {len(UNIT_IDS)} units ({shown})."
            )
        return [(unit, pairs[unit]) for unit in UNIT_IDS]
    if isinstance(coding, _SEQUENCES):
        if len(coding) != len(UNIT_IDS):
            return Feedback(
                False,
                f"{who} has {len(coding)} labels, but there are {len(UNIT_IDS)} units: give one frame per "
                f"unit, in the order of the table ({UNIT_IDS[0]} first, {UNIT_IDS[-1]} last), or a "
                f"dictionary like {example}.",
            )
        return list(zip(UNIT_IDS, coding, strict=True))
    if coding is None:
        return Feedback(False, NO_ANSWER)
    return Feedback(
        False,
        f"{who} should be a dictionary from unit id to frame, like {example}, or a list of "
        f"{len(UNIT_IDS)} frames in the table's order; it is a {type(coding).__name__}.",
    )


def read_coding(coding: object, who: str = "Your coding") -> dict[str, str] | Feedback:
    """A coding as ``{unit id: frame label}`` in unit order, or the Feedback naming what is wrong.

    Accepts a dictionary (or pandas Series) keyed by unit id, or a list of
    :data:`UNIT_IDS`-many labels in unit order. Labels may be the frame labels or
    the frames' names ("Security threat"), in any case.
    """
    items = _as_items(coding, who)
    if isinstance(items, Feedback):
        return items
    if all(label is None for _, label in items):
        return Feedback(
            False, f"No answer yet: {who.lower()} has no frames in it. Give each unit one of the five frames."
        )
    names = ", ".join(f'"{label}"' for label in FRAME_LABELS)
    result: dict[str, str] = {}
    for unit, label in items:
        if not isinstance(label, str):
            return Feedback(
                False,
                f"{who} gives unit {unit} the value {label!r}: give each frame as text, one of {names}.",
            )
        frame = normalise(label, _FRAME_ALIASES)
        if frame not in FRAME_LABELS:
            return Feedback(
                False, f"{who} gives unit {unit} the frame {label!r}, which is not one of {names}."
            )
        result[unit] = frame
    return result


def _required(coding: object, who: str) -> dict[str, str]:
    read = read_coding(coding, who)
    if isinstance(read, Feedback):
        raise ValueError(read.message)
    return read


def observed_agreement(first: object, second: object) -> float:
    """Share of units on which two codings give the same frame (:math:`p_o`).

    Raises
    ------
    ValueError
        If either coding is malformed; the message names the unit.
    """
    a, b = _required(first, "The first coding"), _required(second, "The second coding")
    return sum(a[unit] == b[unit] for unit in UNIT_IDS) / len(UNIT_IDS)


def chance_agreement(first: object, second: object) -> float:
    """Agreement expected by chance from each coder's own frequencies (:math:`p_e`) :cite:p:`cohen1960`."""
    a, b = _required(first, "The first coding"), _required(second, "The second coding")
    n = len(UNIT_IDS)
    counts_a = {label: sum(v == label for v in a.values()) for label in FRAME_LABELS}
    counts_b = {label: sum(v == label for v in b.values()) for label in FRAME_LABELS}
    return sum(counts_a[label] * counts_b[label] for label in FRAME_LABELS) / n**2


def kappa(first: object, second: object) -> float:
    """Cohen's kappa between two codings, by :func:`sklearn.metrics.cohen_kappa_score`.

    :math:`\\kappa = (p_o - p_e) / (1 - p_e)` :cite:p:`cohen1960`.

    Raises
    ------
    ValueError
        If a coding is malformed (the message names the unit), or if kappa is undefined
        because both codings put every unit in the same one frame.
    """
    from sklearn.metrics import cohen_kappa_score  # loaded on first use: importing the checks stays quick

    a, b = _required(first, "The first coding"), _required(second, "The second coding")
    if math.isclose(chance_agreement(a, b), 1.0):
        raise ValueError(
            "kappa is undefined here: both codings put every unit in the same frame, so chance "
            "agreement is 1 and kappa divides by zero"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = cohen_kappa_score(
            [a[u] for u in UNIT_IDS], [b[u] for u in UNIT_IDS], labels=list(FRAME_LABELS)
        )
    return float(value)


def disagreements(first: object, second: object) -> list[tuple[str, str, str]]:
    """``(unit, first frame, second frame)`` for every unit the two codings code differently."""
    a, b = _required(first, "The first coding"), _required(second, "The second coding")
    return [(unit, a[unit], b[unit]) for unit in UNIT_IDS if a[unit] != b[unit]]


# --- Exercise ex-sp-framing: the checks ---------------------------------------------------------


def check_observed(answer: object) -> Feedback:
    """Part 1: observed agreement between :data:`REFERENCE` and :data:`SECOND_CODER`."""
    expected = observed_agreement(REFERENCE, SECOND_CODER)
    same = round(expected * len(UNIT_IDS))
    value = as_number(answer)
    if value is not None and near(value, same, 0):
        return Feedback(
            False,
            f"That is the number of units the coders agree on; p_o is a share: divide by the "
            f"{len(UNIT_IDS)} units.",
        )
    if value is not None and near(value, 1 - expected, 0.005):
        return Feedback(
            False, "That is the share of units on which they *disagree*; p_o is the share they agree on."
        )
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="the observed agreement",
        hint="Count the units on which the two codings give the same frame; divide by the number of units.",
        explanation=(
            f"They agree on {same} of {len(UNIT_IDS)} units, p_o = {expected:.3f}. Raw agreement overstates "
            "reliability, because two coders choosing at random would also agree sometimes."
        ),
        low=0,
        high=1,
    )


def check_chance(answer: object) -> Feedback:
    """Part 1: chance agreement p_e between :data:`REFERENCE` and :data:`SECOND_CODER`."""
    expected = chance_agreement(REFERENCE, SECOND_CODER)
    return number(
        answer,
        expected,
        tolerance=0.002,
        what="the chance agreement",
        hint=(
            "For each frame, multiply the share of units the first coder puts in it by the share the second "
            "coder puts in it, then add the five products."
        ),
        explanation=(
            f"p_e = {expected:.3f}: the agreement two coders with these frequencies would reach by luck. "
            "It is high when one frame dominates both codings."
        ),
        low=0,
        high=1,
    )


def check_kappa(answer: object) -> Feedback:
    """Part 1: Cohen's kappa between :data:`REFERENCE` and :data:`SECOND_CODER` (scikit-learn's value)."""
    expected = kappa(REFERENCE, SECOND_CODER)
    p_o = observed_agreement(REFERENCE, SECOND_CODER)
    p_e = chance_agreement(REFERENCE, SECOND_CODER)
    value = as_number(answer)
    if value is not None and near(value, p_o, 0.005):
        return Feedback(
            False, "That is the observed agreement p_o; kappa corrects it for chance: (p_o − p_e)/(1 − p_e)."
        )
    if value is not None and near(value, p_o - p_e, 0.005):
        return Feedback(
            False, "You have p_o − p_e; divide by 1 − p_e, the most agreement beyond chance possible."
        )
    if value is not None and near(value, p_e, 0.005):
        return Feedback(False, "That is the chance agreement p_e; kappa is (p_o − p_e)/(1 − p_e).")
    return number(
        answer,
        expected,
        tolerance=0.005,
        what="kappa",
        hint="Compute (p_o − p_e)/(1 − p_e), or call sklearn.metrics.cohen_kappa_score on the two lists.",
        explanation=(
            f"κ = {expected:.3f}, '{landis_koch(expected)}' agreement on Landis and Koch's benchmarks: the "
            "coders achieve about that share of the agreement that was possible beyond chance."
        ),
        low=-1,
        high=1,
    )


def _agreement_message(mine: dict[str, str], other: dict[str, str], other_name: str) -> Feedback:
    p_e = chance_agreement(mine, other)
    same = sum(mine[u] == other[u] for u in UNIT_IDS)
    if math.isclose(p_e, 1.0):
        return Feedback(
            False,
            "Kappa is undefined: both codings put every unit in the same frame, so agreement by chance is "
            "certain. Use the whole scheme.",
        )
    value = kappa(mine, other)
    differ = disagreements(mine, other)
    listed = "; ".join(f"{unit} ({a} vs {b})" for unit, a, b in differ[:8]) + (
        "; ..." if len(differ) > 8 else ""
    )
    tail = f" You differ on {listed}." if differ else ""
    return Feedback(
        True,
        f"You and {other_name} agree on {same} of {len(UNIT_IDS)} units; κ = {value:.2f}, "
        f"'{landis_koch(value)}' on Landis and Koch's benchmarks.{tail}",
    )


def compare_with_reference(coding: object) -> Feedback:
    """Part 2: your coding against the book's :data:`REFERENCE`: kappa, its band, and where you differ.

    A coding is not right or wrong as such; the Feedback is truthy once the coding is
    complete and uses the scheme's frames.
    """
    try:
        mine = read_coding(coding)
        if isinstance(mine, Feedback):
            return mine
        return _agreement_message(mine, REFERENCE, "the book's reference coding")
    except Exception as error:  # a check must never raise
        return Feedback(False, f"Your coding could not be compared ({error}).")


def agreement(mine: object, partners: object) -> Feedback:
    """Part 3: kappa between your coding and a partner's, with the units you disagree on."""
    try:
        a = read_coding(mine, "Your coding")
        if isinstance(a, Feedback):
            return a
        b = read_coding(partners, "Your partner's coding")
        if isinstance(b, Feedback):
            return b
        return _agreement_message(a, b, "your partner")
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The two codings could not be compared ({error}).")


# --- Exercise ex-sp-sources: who says it, and what kind of source is it? --------------------------

SOURCE_LABELS: tuple[str, ...] = (
    "state media",
    "government",
    "legislator",
    "policy magazine",
    "company",
    "think tank",
    "university research",
    "scholarship",
)
"""The kinds of source a student may name in exercise ex-sp-sources."""

SOURCE_KINDS: dict[str, str] = {
    "a": "state media",
    "b": "government",
    "c": "policy magazine",
    "d": "government",
    "e": "legislator",
    "f": "company",
    "g": "university research",
    "h": "scholarship",
    "i": "government",
    "j": "think tank",
}
"""The kind of source behind each statement of exercise ex-sp-sources (the exercise's answers).

a: *Global Times* column; b: Global AI Governance Action Plan; c: Daniels in *Foreign
Affairs*; d: America's AI Action Plan; e: seven senators' letter; f: Microsoft's report
on AI adoption; g: Stanford HAI and DigiChina's brief; h: Bially Mattern in
*Millennium*; i: the African Union's Continental AI Strategy; j: CSIS's Reconnecting
Asia project.
"""

_SOURCE_ALIASES = {
    "state owned media": "state media",
    "state run media": "state media",
    "state media opinion": "state media",
    "official media": "state media",
    "party media": "state media",
    "newspaper": "state media",
    "government document": "government",
    "intergovernmental": "government",
    "intergovernmental body": "government",
    "international organisation": "government",
    "international organization": "government",
    "executive": "government",
    "ministry": "government",
    "congress": "legislator",
    "legislature": "legislator",
    "legislators": "legislator",
    "senators": "legislator",
    "parliament": "legislator",
    "magazine": "policy magazine",
    "us policy argument": "policy magazine",
    "policy argument": "policy magazine",
    "firm": "company",
    "corporate": "company",
    "business": "company",
    "thinktank": "think tank",
    "university": "university research",
    "university report": "university research",
    "university research report": "university research",
    "research institute": "university research",
    "peer reviewed": "scholarship",
    "peer reviewed scholarship": "scholarship",
    "peer reviewed article": "scholarship",
    "journal article": "scholarship",
    "academic journal": "scholarship",
}


def check_source_kinds(answers: object) -> Feedback:
    """Exercise ex-sp-sources: the kind of source behind each of the ten statements."""
    if isinstance(answers, dict) and any(
        isinstance(v, str) and normalise(v, {}) in {"opinion", "academic", "media", "research"}
        for v in answers.values()
    ):
        return Feedback(
            False,
            "'Opinion', 'media', 'academic' and 'research' are too broad: say which kind (state media or a "
            "policy magazine; a university research report or peer-reviewed scholarship).",
        )
    try:
        return check_labels(
            answers,
            SOURCE_KINDS,
            allowed=SOURCE_LABELS,
            aliases=_SOURCE_ALIASES,
            example='{"a": "state media", "b": "government", ...}',
            hint=(
                "Ask who published the words and who answers for them: a state-owned outlet, a government "
                "or intergovernmental body, a legislator, a company, a think tank, a university centre, "
                "a peer-reviewed journal or a policy magazine."
            ),
            explanation=(
                "All ten are right. Note the two kinds of government text (a Chinese conference plan and the "
                "African Union's strategy) and that a university institute's brief is not peer-reviewed."
            ),
        )
    except Exception as error:  # a check must never raise
        return Feedback(False, f"Your answers could not be checked ({error}).")


# --- Exercise ex-sp-adoption: the adoption model --------------------------------------------------

MARKET: dict[str, float] = {
    "price_ratio": 8.0,
    "capability_gap": 100.0,
    "openness": 1.5,
    "friction_china": 2.0,
}
"""The market of exercise ex-sp-adoption, part 1 (all on the explorer's slider grid).

The closed US model costs 8 times as much as the open ones (3 doublings) and leads them by
100 Arena points; developers value open weights at 1.5 log-odds; access to the Chinese
open model carries frictions of 2 log-odds.
"""

PACE: dict[str, float] = {"p": 0.05, "q": 0.5}
"""The Bass coefficients of exercise ex-sp-adoption, part 2 (per year)."""

TWIN_LEAD = 100.0
"""Exercise ex-sp-adoption, part 3: the closed model's Arena lead over an open model (same price)."""


def market_share(offering: str = "open_china") -> float:
    """Share of ``offering`` in :data:`MARKET`, from :func:`dilemma.adoption.three_way_shares`."""
    from .. import adoption

    return adoption.three_way_shares(**MARKET)[offering]


def peak_time() -> float:
    """Bass peak time at :data:`PACE`, from :func:`dilemma.adoption.bass_peak_time`."""
    from .. import adoption

    return adoption.bass_peak_time(**PACE)


def twin_shares() -> tuple[float, float]:
    """The closed model's share against one open model, then after an identical open twin is added.

    Both from :func:`dilemma.adoption.market_shares` (the conditional logit).
    """
    from .. import adoption

    closed = adoption.Offering("closed_us", capability=TWIN_LEAD)
    open_china = adoption.Offering("open_china")
    twin = adoption.Offering("open_us")
    before = adoption.market_shares([closed, open_china])
    after = adoption.market_shares([closed, open_china, twin])
    return float(before["share"].iloc[0]), float(after["share"].iloc[0])


def check_open_china_share(answer: object) -> Feedback:
    """Part 1: the Chinese open model's share of developers in :data:`MARKET`."""
    try:
        from .. import adoption

        shares = adoption.three_way_shares(**MARKET)
        plain = adoption.three_way_shares(**{**MARKET, "friction_china": 0.0})
        expected = shares["open_china"]
        value = as_number(answer)
        for name, label in (("open_us", "US open model"), ("closed_us", "closed US model")):
            if value is not None and near(value, shares[name], 0.002) and not near(value, expected, 0.002):
                return Feedback(
                    False, f"That is the {label}'s share; the question asks for the Chinese open model's."
                )
        if value is not None and near(value, plain["open_china"], 0.002):
            return Feedback(
                False, "That share ignores the frictions on the Chinese model: subtract 2 from its utility."
            )
        return number(
            answer,
            expected,
            tolerance=0.002,
            what="the Chinese open model's share",
            hint=(
                "Work out each offering's utility (capability × ln 10/400, minus 0.5 × ln price, plus 1.5 "
                "for "
                "open weights, minus frictions), then apply the logit formula, or call "
                "adoption.three_way_shares."
            ),
            explanation=(
                f"{expected:.3f}: the US open model takes {shares['open_us']:.3f} and the closed model "
                f"{shares['closed_us']:.3f}. The two open models are identical except for the frictions, "
                f"so their odds differ by exactly e^2 ≈ {math.exp(2):.2f}."
            ),
            low=0,
            high=1,
        )
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The answer could not be checked ({error}).")


def check_peak_time(answer: object) -> Feedback:
    """Part 2: the year in which adoption is fastest at :data:`PACE`."""
    try:
        expected = peak_time()
        p, q = PACE["p"], PACE["q"]
        value = as_number(answer)
        slips = {
            math.log10(q / p) / (p + q): "You used log base 10; the formula needs the natural logarithm ln.",
            math.log(q / p) / (q - p): "Divide by p + q, not q − p.",
            math.log(p / q) / (p + q): "The sign is reversed: it is ln(q/p), not ln(p/q).",
            (q - p)
            / (2 * q): "That is the share adopted at the peak, F(t*); the question asks for the time.",
        }
        for slip, message in slips.items():
            if value is not None and near(value, slip, 0.01) and not near(value, expected, 0.01):
                return Feedback(False, message)
        return number(
            answer,
            expected,
            tolerance=0.01,
            what="the peak time",
            hint="Use t* = ln(q/p) / (p + q), or call adoption.bass_peak_time(p=0.05, q=0.5).",
            explanation=(
                f"t* = ln({q:g}/{p:g}) / ({p:g} + {q:g}) ≈ {expected:.2f} years. By then "
                f"{(q - p) / (2 * q):.0%} of eventual adopters have adopted, the curve's inflection point."
            ),
            low=0,
        )
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The answer could not be checked ({error}).")


def _twin_check(answer: object, which: int) -> Feedback:
    try:
        before, after = twin_shares()
        expected = (before, after)[which]
        other = (before, after)[1 - which]
        value = as_number(answer)
        if value is not None and near(value, other, 0.002) and not near(value, expected, 0.002):
            stage = "before" if which == 1 else "after"
            return Feedback(False, f"That is the closed model's share {stage} the twin arrives.")
        if value is not None and near(value, 1 - expected, 0.002):
            return Feedback(False, "That is the open models' combined share; give the closed model's.")
        if which == 1:
            explanation = (
                f"{after:.3f}, down from {before:.3f}. The twin took share from the closed model too, "
                "although it offers nothing new: the logit's independence from irrelevant alternatives. "
                "Developers who saw the twins as one model would have left the closed model "
                f"its {before:.3f}."
            )
        else:
            explanation = (
                f"{before:.3f}: a 100-point lead wins that share of head-to-head Arena votes, and the logit "
                "reproduces it exactly."
            )
        return number(
            answer,
            expected,
            tolerance=0.002,
            what="the closed model's share",
            hint=(
                "Utilities: the closed model 100 × ln 10/400, each open model 0. Share = e^U_closed divided "
                "by "
                "the sum of e^U over every offering on the market."
            ),
            explanation=explanation,
            low=0,
            high=1,
        )
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The answer could not be checked ({error}).")


def check_closed_before_twin(answer: object) -> Feedback:
    """Part 3: the closed model's share against one open model."""
    return _twin_check(answer, 0)


def check_closed_after_twin(answer: object) -> Feedback:
    """Part 3: the closed model's share once an identical second open model is on offer."""
    return _twin_check(answer, 1)


# --- Exercise ex-sp-figures: a figure in the seeds and in its primary source ----------------------

DATA_DIRECTORY: Path | None = None
"""Folder holding ``datapackage.json`` and ``indicators.csv``; ``None`` means the book's ``data/``.

Tests point it at a copy; readers never need to change it.
"""

USERS_SERIES = "deepseek-users"
"""The indicator series of DeepSeek's app users (exercise ex-sp-figures)."""

SEED = "foreign-affairs"
"""The seed whose figures the exercise follows (the ``seed`` value in ``indicators.csv``)."""

_LOAD_HINT = (
    "Run `from dilemma import data; data.indicators()` to see the error; if the file is missing or "
    "malformed, tell your instructor."
)


@cache
def _load_indicators(directory: str, stamp: float) -> pd.DataFrame:
    from .. import data  # loaded on first use, so that importing the checks stays quick

    del stamp  # part of the cache key only: a changed file is read again
    return data.indicators(directory)


def indicators() -> pd.DataFrame:
    """The indicators dataset the checks compare answers with (see :data:`DATA_DIRECTORY`)."""
    from .. import data

    folder = Path(DATA_DIRECTORY) if DATA_DIRECTORY is not None else data.DATA_DIR
    try:
        stamp = os.stat(folder / "indicators.csv").st_mtime
    except OSError:
        stamp = -1.0
    return _load_indicators(str(folder), stamp)


def seed_rows(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows a seed text quotes, with ``gap``: the seed's figure relative to ``value``, minus 1.

    ``gap`` is ``seed_value / value - 1`` (0.1 means the seed's figure is 10 per cent
    higher); rows whose ``value`` is 0 are left out.
    """
    frame = indicators() if frame is None else frame
    rows = frame[frame["seed"].notna() & frame["seed_value"].notna() & (frame["value"] != 0)].copy()
    rows["gap"] = (rows["seed_value"].astype(float) / rows["value"].astype(float) - 1).astype(float)
    return rows


def _seed_users(frame: pd.DataFrame) -> pd.DataFrame:
    """The :data:`USERS_SERIES` rows that :data:`SEED` quotes, earliest first."""
    rows = seed_rows(frame)
    rows = rows[(rows["series"] == USERS_SERIES) & (rows["seed"] == SEED)]
    return rows.sort_values(["as_of", "id"], kind="stable")


def _dataset_for(part: str) -> pd.DataFrame | Feedback:
    """The dataset, or the Feedback explaining why ``part`` of the exercise cannot use it."""
    try:
        frame = indicators()
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The indicators dataset could not be loaded ({error}). {_LOAD_HINT}")
    if part == "users" and len(_seed_users(frame)) < 2:
        return Feedback(
            False,
            f"The indicators dataset has fewer than two rows of the series {USERS_SERIES!r} quoted by the "
            f"{SEED!r} seed, which this part needs. Look at `data.indicators()` and tell your instructor.",
        )
    if part == "gap" and seed_rows(frame).empty:
        return Feedback(
            False, f"The indicators dataset has no row a seed quotes, which this part needs. {_LOAD_HINT}"
        )
    return frame


def seed_growth() -> float:
    """How many times larger the seed's latest DeepSeek user figure is than its earliest one."""
    frame = _dataset_for("users")
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    rows = _seed_users(frame)
    return float(rows["seed_value"].iloc[-1] / rows["seed_value"].iloc[0])


def value_growth() -> float:
    """The same ratio from the ``value`` column of the same rows (the figures the dataset records)."""
    frame = _dataset_for("users")
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    rows = _seed_users(frame)
    return float(rows["value"].iloc[-1] / rows["value"].iloc[0])


def largest_gap() -> tuple[str, float]:
    """The id of the seed-quoted row whose seed figure differs most from the recorded ``value``, and the gap.

    The gap is ``seed_value / value - 1``; rows are compared by its absolute size
    (ties go to the first id in alphabetical order).
    """
    frame = _dataset_for("gap")
    if isinstance(frame, Feedback):
        raise ValueError(frame.message)
    rows = (
        seed_rows(frame)
        .assign(size=lambda r: r["gap"].abs())
        .sort_values(["size", "id"], ascending=[False, True])
    )
    return str(rows["id"].iloc[0]), float(rows["gap"].iloc[0])


def _publishers() -> str:
    """Who publishes the first and last seed-quoted user rows, as a sentence (for the feedback)."""
    rows = _seed_users(indicators())
    first, last = rows.iloc[0], rows.iloc[-1]
    return (
        f"Now look at who stands behind each row: {first['id']} is published by {first['publisher']} "
        f"(source kind: {first['source_kind']}), {last['id']} by {last['publisher']} "
        f"(source kind: {last['source_kind']})."
    )


def _ratio_check(answer: object, expected: float, other: float, what: str, column: str) -> Feedback:
    value = as_number(answer)
    if value is not None and expected and near(value, 1 / expected, 0.01 * (1 / expected) + 1e-9):
        return Feedback(False, "You have the ratio upside down: divide the later figure by the earlier one.")
    if value is not None and near(value, other, 0.01 * other) and not near(value, expected, 0.01 * expected):
        other_column = "value" if column == "seed_value" else "seed_value"
        return Feedback(False, f"That ratio uses the {other_column!r} column; this part asks for {column!r}.")
    if value is not None and near(value, (expected - 1) * 100, 0.5):
        return Feedback(
            False, "That looks like a percentage increase: give how many times larger, as a ratio."
        )
    return number(
        answer,
        expected,
        tolerance=max(0.01 * abs(expected), 0.005),
        what=what,
        hint=(
            f"Take the rows of series {USERS_SERIES!r} whose seed is {SEED!r}, sort them by as_of, divide "
            f"the last row's {column!r} by the first row's."
        ),
        explanation=f"{expected:.2f} times. {_publishers()}",
        low=0,
    )


def check_seed_growth(answer: object) -> Feedback:
    """Part 1: the growth in DeepSeek's users as the *Foreign Affairs* seed gives it."""
    frame = _dataset_for("users")
    if isinstance(frame, Feedback):
        return frame
    try:
        return _ratio_check(answer, seed_growth(), value_growth(), "the seed's growth factor", "seed_value")
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The answer could not be checked ({error}). {_LOAD_HINT}")


def check_value_growth(answer: object) -> Feedback:
    """Part 1: the same growth from the ``value`` column, the figures the dataset records."""
    frame = _dataset_for("users")
    if isinstance(frame, Feedback):
        return frame
    try:
        return _ratio_check(
            answer, value_growth(), seed_growth(), "the growth factor in the value column", "value"
        )
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The answer could not be checked ({error}). {_LOAD_HINT}")


def check_largest_gap_id(answer: object) -> Feedback:
    """Part 2: the id of the seed-quoted row whose seed figure strays furthest from the recorded value."""
    frame = _dataset_for("gap")
    if isinstance(frame, Feedback):
        return frame
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if not isinstance(answer, str):
        return Feedback(
            False,
            f"Give the row's id as text, like 'some-series-2025-01'; yours is {type(answer).__name__}.",
        )
    try:
        expected, gap = largest_gap()
        rows = seed_rows(frame)
        given = answer.strip()
        if given == expected:
            return Feedback(
                True,
                f"Row {expected!r}: the seed's figure is {gap:+.0%} relative to the value the dataset "
                "records. Read its "
                "note for why.",
            )
        if given in set(rows["series"]):
            return Feedback(False, f"{given!r} is a series; give the id of one row (the `id` column).")
        if given in set(rows["id"]):
            mine = float(rows.loc[rows["id"] == given, "gap"].iloc[0])
            return Feedback(
                False,
                f"Row {given!r} is quoted by a seed, but its gap is {mine:+.0%}; another row's is larger.",
            )
        if given in set(frame["id"]):
            return Feedback(
                False, f"Row {given!r} is not quoted by any seed: look only at rows whose `seed` is filled."
            )
        return Feedback(
            False,
            f"There is no row {given!r} in the indicators dataset; copy the id from `data.indicators()`.",
        )
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The answer could not be checked ({error}). {_LOAD_HINT}")


def check_largest_gap(answer: object) -> Feedback:
    """Part 2: that row's gap, ``seed_value / value - 1``."""
    frame = _dataset_for("gap")
    if isinstance(frame, Feedback):
        return frame
    try:
        _, expected = largest_gap()
        value = as_number(answer)
        if value is not None and near(value, expected * 100, 0.5) and abs(expected) > 0.02:
            return Feedback(
                False, "That looks like a percentage: give the gap as a fraction (0.25 for 25 per cent)."
            )
        if value is not None and near(value, expected + 1, 0.01 * abs(expected + 1) + 0.005):
            return Feedback(False, "That is the ratio seed_value / value; subtract 1 to get the gap.")
        if value is not None and expected and near(value, -expected / (1 + expected), 0.005):
            return Feedback(
                False, "You divided by the seed's figure; the gap is measured against the recorded value."
            )
        return number(
            answer,
            expected,
            tolerance=max(0.005, 0.01 * abs(expected)),
            what="the gap",
            hint="Compute seed_value / value − 1 for every row with a seed; take the one largest in size.",
            explanation=f"The gap is {expected:+.3f}.",
        )
    except Exception as error:  # a check must never raise
        return Feedback(False, f"The answer could not be checked ({error}). {_LOAD_HINT}")
