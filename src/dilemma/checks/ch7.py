"""Checks for the exercises of chapter 7, "What 'open' means".

The data exercises are checked against ``data/models.csv`` and
``data/indicators.csv`` as they stand when the check runs: every right answer is
computed from :func:`dilemma.data.models` or :func:`dilemma.data.indicators` with the
functions of :mod:`dilemma.landscape` (country groups, open shares, price ratios), never
typed in, so a corrected row changes the expected answer with it.

The licence exercise is different: its right answers are readings of licence texts,
not computations. :data:`LICENCE_SCENARIOS` and :data:`LICENCE_VERDICTS` are therefore
the exercise's inputs, like the source kinds of chapter 5, and each verdict names the
clause it rests on (:data:`LICENCE_REASONS`).

If a dataset cannot be loaded, or a row an exercise needs is missing, the check says
so in a sentence instead of raising.
"""

from __future__ import annotations

import contextlib
import numbers
import os
from functools import cache
from pathlib import Path

import pandas as pd

from .. import data, landscape
from . import NO_ANSWER, Feedback
from ._common import as_number, check_labels, near, number

DATA_DIRECTORY: Path | None = None
"""Folder holding ``datapackage.json``, ``models.csv`` and ``indicators.csv``; ``None`` means the
book's ``data/``. Tests point it at a copy; readers never need to change it."""

GAP_SERIES = "arena-gap-open-closed"
"""The series of ``indicators.csv`` exercise ex-op-gap asks about (open versus closed on the Arena)."""

OTHER_GAP_SERIES = "arena-gap-us-china"
"""The US–China series students sometimes read by mistake in exercise ex-op-gap."""

LICENCE_SCENARIOS: dict[str, str] = {
    "A": "Fine-tune DeepSeek-R1 (MIT) on Swahili customer-service chats and sell access through a paid API",
    "B": "Fine-tune Llama 3.1 8B on Swahili and publish the weights on Hugging Face as 'Jua-Swahili-8B'",
    "C": "Fine-tune Llama 3.1 to help a Kenyan defence contractor plan military operations",
    "D": "Ship a farming-advice app whose fine-tuned Gemma 3 model runs on the farmer's phone",
    "E": "Serve Kimi K2 in a chat app with 2 million monthly users and US$50,000 a month in revenue",
    "F": "Use Llama 2's answers as training data to fine-tune Mistral 7B",
    "G": "Run Tencent's Hunyuan-MT-7B (2025 Hunyuan community licence) in a new subsidiary in Berlin",
}
"""What Jua Labs, a hypothetical start-up in Nairobi, wants to do (exercise ex-op-licences)."""

VERDICTS: tuple[str, ...] = ("allowed", "allowed with conditions", "not allowed")
"""The labels of exercise ex-op-licences: ``allowed`` means only the usual notice duties apply;
``allowed with conditions`` means the licence adds duties beyond a notice (naming, attribution,
passing on use restrictions); ``not allowed`` means the licence forbids it without further permission."""

LICENCE_VERDICTS: dict[str, str] = {
    "A": "allowed",
    "B": "allowed with conditions",
    "C": "not allowed",
    "D": "allowed with conditions",
    "E": "allowed",
    "F": "not allowed",
    "G": "not allowed",
}
"""The reading of each licence that the chapter gives (with its sources)."""

LICENCE_REASONS: dict[str, str] = {
    "A": "MIT lets anyone use, modify and sell the software if the copyright and permission notice is kept",
    "B": "Llama 3.1's licence requires 'Llama' at the start of a derived model's name, 'Built with Llama' "
    "and a copy of the licence",
    "C": "Llama 3.1's acceptable use policy forbids military and warfare uses (Meta has made exceptions "
    "only for the United States and its Five Eyes allies)",
    "D": "the Gemma terms must be passed on to users as enforceable restrictions, with a copy of the terms, "
    "and Google may restrict use it believes breaks them",
    "E": "Kimi K2's one extra clause applies only above 100 million monthly users or US$20 million a month "
    "in revenue",
    "F": "Llama 2's licence forbids using its output to improve any other large language model",
    "G": "the 2025 Hunyuan licences exclude the European Union, the United Kingdom and South Korea",
}

_VERDICT_ALIASES = {
    "yes": "allowed",
    "permitted": "allowed",
    "allow": "allowed",
    "ok": "allowed",
    "free": "allowed",
    "no": "not allowed",
    "forbidden": "not allowed",
    "prohibited": "not allowed",
    "not permitted": "not allowed",
    "disallowed": "not allowed",
    "conditional": "allowed with conditions",
    "with conditions": "allowed with conditions",
    "conditions": "allowed with conditions",
    "allowed with condition": "allowed with conditions",
    "allowed, with conditions": "allowed with conditions",
    "allowed but with conditions": "allowed with conditions",
    "permitted with conditions": "allowed with conditions",
}

_GROUP_ALIASES = {
    "us": "United States",
    "usa": "United States",
    "u.s.": "United States",
    "united states": "United States",
    "america": "United States",
    "china": "China",
    "prc": "China",
    "europe and others": "Europe and others",
    "europe & others": "Europe and others",
    "europe": "Europe and others",
    "others": "Europe and others",
    "other": "Europe and others",
    "rest of the world": "Europe and others",
}

_LOAD_HINT = (
    "Run `from dilemma import data; data.{name}()` to see the error; if the file is missing or malformed, "
    "tell your instructor."
)


# --- Loading the datasets, never raising ----------------------------------------------------------


@cache
def _load(directory: str, name: str, stamp: float) -> pd.DataFrame:
    del stamp  # part of the cache key only: a changed file is read again
    loader = data.models if name == "models" else data.indicators
    return loader(directory)


def _folder() -> Path:
    return Path(DATA_DIRECTORY) if DATA_DIRECTORY is not None else data.DATA_DIR


def load(name: str) -> pd.DataFrame:
    """The dataset ``name`` ("models" or "indicators") the checks compare answers with."""
    if name not in {"models", "indicators"}:
        raise ValueError(f"name must be 'models' or 'indicators', got {name!r}")
    folder = _folder()
    try:
        stamp = os.stat(folder / f"{name}.csv").st_mtime
    except OSError:
        stamp = -1.0
    return _load(str(folder), name, stamp)


def _dataset(name: str) -> pd.DataFrame | Feedback:
    """The dataset, or the Feedback explaining why a check cannot use it."""
    try:
        frame = load(name)
    except Exception as error:  # a check must never raise
        return Feedback(
            False, f"The {name} dataset could not be loaded ({error}). " + _LOAD_HINT.format(name=name)
        )
    if frame.empty:
        return Feedback(False, f"The {name} dataset has no rows yet, so this exercise cannot be checked.")
    return frame


def _or_raise(value: object) -> object:
    if isinstance(value, Feedback):
        raise ValueError(value.message)
    return value


# --- Exercise ex-op-scale: which releases could meet the OSI definition ----------------------------


def osaid_candidates() -> list[str]:
    """Ids of releases with weights, code and data out under an OSI-approved licence, in date order."""
    frame = _or_raise(_dataset("models"))
    keep = (frame["openness"] == "open-source-data") & frame["osi_approved"].astype(bool)
    return list(frame.loc[keep, "id"])


def _id_list(answer: object, what: str, example: str) -> list[str] | Feedback:
    """The answer as a list of distinct strings, or the Feedback saying why it is not one."""
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if isinstance(answer, str):
        return Feedback(False, f"Give the {what} as a list of strings, like {example}, even if there is one.")
    if isinstance(answer, numbers.Number):
        return Feedback(False, f"Give the list of {what}, not how many there are.")
    if isinstance(answer, dict):
        return Feedback(False, f"Give a list of {what}, not a dictionary.")
    if isinstance(answer, pd.DataFrame):
        return Feedback(False, "Your answer is a table: give a list, for example `list(table['id'])`.")
    try:
        items = list(answer)  # type: ignore[call-overload]
    except TypeError:
        return Feedback(False, f"Give a list of {what}; your answer is a {type(answer).__name__}.")
    if not all(isinstance(item, str) for item in items):
        return Feedback(False, f"Every item of the list should be one of the {what}, as text.")
    cleaned = [item.strip() for item in items]
    if len(set(cleaned)) != len(cleaned):
        return Feedback(False, "An item appears twice in your list: list each once.")
    return cleaned


def check_osaid_candidates(answer: object) -> Feedback:
    """Exercise ex-op-scale, part 2: candidates for the OSI's definition, on the dataset's columns."""
    frame = _dataset("models")
    if isinstance(frame, Feedback):
        return frame
    ids = _id_list(answer, "model ids", '["olmo-2-13b"]')
    if isinstance(ids, Feedback):
        return ids
    expected = set(osaid_candidates())
    given = set(ids)
    known = set(frame["id"])
    unknown = sorted(given - known)
    if unknown:
        return Feedback(
            False,
            f"{', '.join(repr(i) for i in unknown)} is not the id of a release: "
            "copy ids from `models['id']`.",
        )
    rows = frame.set_index("id")
    weights_only = sorted(
        i for i in given - expected if rows.loc[i, "openness"] in {"open-weights", "open-weights-code"}
    )
    if weights_only:
        return Feedback(
            False,
            f"{', '.join(weights_only)}: the weights (and perhaps code) are out, but not the data or a full "
            "description of it, which the definition requires whatever the licence.",
        )
    not_osi = sorted(i for i in given - expected if rows.loc[i, "openness"] == "open-source-data")
    if not_osi:
        return Feedback(
            False, f"{', '.join(not_osi)}: everything is released, but not under an OSI-approved licence."
        )
    closed = sorted(given - expected)
    if closed:
        return Feedback(False, f"{', '.join(closed)} is a closed model: nothing is released at all.")
    if given == expected:
        listed = ", ".join(sorted(expected)) or "none"
        return Feedback(
            True,
            f"{len(expected)} release{'s' if len(expected) != 1 else ''} ({listed}). These are candidates "
            "only: the dataset records what was released and under which licence, not whether the data "
            "information is detailed enough, which the definition also requires.",
        )
    missing = len(expected - given)
    return Feedback(
        False,
        f"You are missing {missing} release{'s' if missing != 1 else ''}. Keep the rows whose openness is "
        "'open-source-data' and whose licence is OSI-approved (`osi_approved`).",
    )


# --- Exercise ex-op-releases: shares and licences --------------------------------------------------


def open_shares() -> dict[str, float]:
    """Share of releases with downloadable weights, per country group (:data:`dilemma.landscape.GROUPS`)."""
    frame = _or_raise(_dataset("models"))
    return {str(group): float(share) for group, share in landscape.open_share(frame).items()}


def _group(key: object) -> str | None:
    if not isinstance(key, str):
        return None
    text = " ".join(key.strip().lower().split())
    return _GROUP_ALIASES.get(text)


def _shares(answer: object) -> dict[str, float] | Feedback:
    if answer is None:
        return Feedback(False, NO_ANSWER)
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if isinstance(answer, (numbers.Number, str)):
        return Feedback(
            False, 'Give one share per country group, as a dictionary like {"United States": 0.5, ...}.'
        )
    if not isinstance(answer, dict):
        return Feedback(
            False,
            'Give your shares as a dictionary like {"United States": 0.5, "China": 0.5, '
            '"Europe and others": 0.5} (or the Series that `groupby(...).mean()` returns).',
        )
    shares: dict[str, float] = {}
    for key, value in answer.items():
        group = _group(key)
        if group is None:
            names = ", ".join(f'"{g}"' for g in landscape.GROUPS)
            return Feedback(False, f"{key!r} is not a country group; use {names}.")
        if group in shares:
            return Feedback(False, f"Two of your keys both mean {group!r}: give each group once.")
        share = as_number(value)
        if share is None:
            return Feedback(False, f"The share for {key!r} should be a number between 0 and 1.")
        shares[group] = share
    return shares


def check_open_shares(answer: object) -> Feedback:
    """Exercise ex-op-releases, part 1: the share of releases with downloadable weights, per country group."""
    frame = _dataset("models")
    if isinstance(frame, Feedback):
        return frame
    shares = _shares(answer)
    if isinstance(shares, Feedback):
        return shares
    expected = open_shares()
    missing = [g for g in expected if g not in shares]
    if missing:
        return Feedback(False, f"Your dictionary has no share for {', '.join(missing)}.")
    extra = [g for g in shares if g not in expected]
    if extra:
        return Feedback(False, f"The dataset has no release from {', '.join(extra)}.")
    if all(near(shares[g], expected[g], 0.005) for g in expected):
        best = max(expected, key=lambda g: expected[g])
        return Feedback(
            True,
            "Right: " + ", ".join(f"{g} {expected[g]:.0%}" for g in expected) + f". {best} releases the "
            "largest share of models with downloadable weights in this selection, which is the book's choice "
            "of notable releases, not a census.",
        )
    if all(near(shares[g], 100 * expected[g], 0.5) for g in expected):
        return Feedback(False, "Those look like percentages: give each share as a fraction between 0 and 1.")
    if all(near(shares[g], 1 - expected[g], 0.005) for g in expected):
        return Feedback(
            False, "Those are the shares of closed releases; the question asks for the open ones."
        )
    groups = frame["country"].astype(str).map(landscape.country_group)
    counts = (
        frame.assign(group=groups)
        .groupby("group")["openness"]
        .apply(lambda o: int((o != "closed-api").sum()))
    )
    if all(near(shares[g], float(counts.get(g, 0)), 1e-9) for g in expected):
        return Feedback(
            False, "Those are counts of open releases: divide each by the group's number of releases."
        )
    if any(not 0 <= shares[g] <= 1 for g in expected):
        return Feedback(False, "A share lies between 0 and 1.")
    wrong = [g for g in expected if not near(shares[g], expected[g], 0.005)]
    return Feedback(
        False,
        f"Your share for {', '.join(wrong)} is off. Put each release in its group with "
        "`landscape.country_group(country)`, count as open every release whose openness is not 'closed-api', "
        "and divide by the group's number of releases.",
    )


def osi_licences() -> list[str]:
    """The OSI-approved licences that occur in ``models.csv``, sorted."""
    frame = _or_raise(_dataset("models"))
    return sorted(set(frame.loc[frame["osi_approved"].astype(bool), "licence"].astype(str)))


def check_osi_licences(answer: object) -> Feedback:
    """Exercise ex-op-releases, part 2: which OSI-approved licences occur in the dataset."""
    frame = _dataset("models")
    if isinstance(frame, Feedback):
        return frame
    names = _id_list(answer, "licence names", '["MIT"]')
    if isinstance(names, Feedback):
        return names
    licences = frame[["licence", "osi_approved"]].astype({"licence": str}).drop_duplicates()
    by_name = {
        name.lower(): (name, bool(osi))
        for name, osi in zip(licences["licence"], licences["osi_approved"], strict=True)
    }
    expected = {name for name, osi in by_name.values() if osi}
    given: set[str] = set()
    for name in names:
        if name.lower() == "proprietary":
            return Feedback(False, "'Proprietary' is not a licence the OSI approves: it marks closed models.")
        if name.lower() not in by_name:
            return Feedback(
                False,
                f"No release in the dataset has the licence {name!r}: copy names from `models['licence']`.",
            )
        canonical, osi = by_name[name.lower()]
        if not osi:
            return Feedback(
                False,
                f"{canonical!r} is the developer's own licence, with restrictions that the OSI's definition "
                "does not allow; the dataset marks it osi_approved = False.",
            )
        given.add(canonical)
    if given == expected:
        return Feedback(
            True,
            f"{len(expected)} OSI-approved licences: {', '.join(sorted(expected))}. Each lets anyone use, "
            "change and share the weights for any purpose, keeping the notices; none adds use restrictions.",
        )
    missing = sorted(expected - given)
    return Feedback(
        False,
        f"You are missing {len(missing)} licence{'s' if len(missing) != 1 else ''}: look again "
        "at the rows where `osi_approved` is True.",
    )


# --- Exercise ex-op-prices: the price ratio --------------------------------------------------------


def price_ratio() -> float:
    """Median launch output price of closed releases over that of open-weight releases, with public prices."""
    frame = _or_raise(_dataset("models"))
    return landscape.price_ratio(frame)


def _mean_ratio(frame: pd.DataFrame) -> float | None:
    priced = frame[frame["price_output"].notna()]
    closed = priced.loc[priced["openness"] == "closed-api", "price_output"]
    opened = priced.loc[priced["openness"] != "closed-api", "price_output"]
    if closed.empty or opened.empty or float(opened.mean()) == 0:
        return None
    return float(closed.mean()) / float(opened.mean())


def check_price_ratio(answer: object) -> Feedback:
    """Exercise ex-op-prices, part 1: median closed price over median open price (output tokens)."""
    frame = _dataset("models")
    if isinstance(frame, Feedback):
        return frame
    try:
        expected = landscape.price_ratio(frame)
    except ValueError as error:
        return Feedback(False, f"The ratio cannot be computed from the dataset as it stands ({error}).")
    value = as_number(answer)
    tolerance = 0.01 * expected
    mistakes = [
        (1 / expected, "That is the open price over the closed price: the question asks closed over open.")
    ]
    mean = _mean_ratio(frame)
    if mean is not None:
        mistakes.append(
            (
                mean,
                "That ratio uses means; the question asks for medians, which a few very "
                "expensive models move less.",
            )
        )
    with contextlib.suppress(ValueError):
        mistakes.append(
            (landscape.price_ratio(frame, basis="input"), "That uses input prices; use output prices.")
        )
    for wrong, message in mistakes:
        if near(value, wrong, 0.01 * abs(wrong)) and not near(value, expected, tolerance):
            return Feedback(False, message)
    return number(
        answer,
        expected,
        tolerance=tolerance,
        what="the ratio of median prices",
        low=0,
        high=1e6,
        hint=(
            "Keep the releases with a launch price (`price_output` not empty), split them into closed-api "
            "and the rest, take the median output price of each, and divide closed by open."
        ),
        explanation=(
            f"About {expected:.1f}: the median closed release cost about {expected:.1f} times as much per "
            "million output tokens at launch as the median open-weight release sold by its own developer. "
            "Look at which developers those open prices come from before generalising."
        ),
    )


# --- Exercise ex-op-gap: how much the gap narrowed -------------------------------------------------


def _series(frame: pd.DataFrame, series: str) -> pd.DataFrame | Feedback:
    rows = frame[frame["series"] == series].sort_values("as_of")
    if len(rows) < 2:
        return Feedback(
            False,
            f"The indicators dataset has fewer than two figures in the series {series!r}, which this "
            "exercise needs; the series may have been renamed. Look it up in `data.indicators()` and tell "
            "your instructor.",
        )
    return rows


def gap_narrowing(series: str = GAP_SERIES) -> float:
    """First figure minus last figure of a gap series (positive when the gap narrowed)."""
    rows = _or_raise(_series(_or_raise(_dataset("indicators")), series))
    return float(rows["value"].iloc[0] - rows["value"].iloc[-1])


def check_gap_narrowing(answer: object) -> Feedback:
    """Exercise ex-op-gap, part 1: by how much the open–closed Arena gap narrowed, first to last figure."""
    frame = _dataset("indicators")
    if isinstance(frame, Feedback):
        return frame
    rows = _series(frame, GAP_SERIES)
    if isinstance(rows, Feedback):
        return rows
    first, last = float(rows["value"].iloc[0]), float(rows["value"].iloc[-1])
    expected = first - last
    unit = str(rows["unit"].iloc[0])
    points = "percentage points" if unit == "percent" else unit
    value = as_number(answer)
    mistakes = [
        (
            -expected,
            "The sign is reversed: give the narrowing as a positive number (first figure minus last).",
        ),
    ]
    if first:
        mistakes += [
            (
                expected / first,
                "That is the fall as a fraction of the first figure; give the difference itself.",
            ),
            (
                100 * expected / first,
                "That is the fall as a percentage of the first figure; give the difference.",
            ),
        ]
    other = frame[frame["series"] == OTHER_GAP_SERIES].sort_values("as_of")
    if len(other) >= 2:
        mistakes.append(
            (float(other["value"].iloc[0] - other["value"].iloc[-1]),
             "That is the US–China series; the question is about open versus closed models.")
        )  # fmt: skip
    for wrong, message in mistakes:
        if near(value, wrong, 0.005) and not near(value, expected, 0.005):
            return Feedback(False, message)
    return number(
        answer,
        expected,
        tolerance=0.005,
        what=f"the narrowing in {points}",
        low=-1e6,
        high=1e6,
        hint=(
            f"Select the rows of series {GAP_SERIES!r}, sort them by `as_of`, and subtract the last value "
            "from the first."
        ),
        explanation=(
            f"{expected:.2f} {points}: from {first:g} {unit} ({rows['as_of'].iloc[0]:%B %Y}) to {last:g} "
            f"{unit} ({rows['as_of'].iloc[-1]:%B %Y}), as {rows['publisher'].iloc[0]} reports it. Two "
            "figures say nothing about the path between them."
        ),
    )


# --- Exercise ex-op-licences: reading the licences -------------------------------------------------


def check_licence_scenarios(answers: object) -> Feedback:
    """Exercise ex-op-licences, part 1: what each licence lets Jua Labs do."""
    return check_labels(
        answers,
        LICENCE_VERDICTS,
        allowed=VERDICTS,
        aliases=_VERDICT_ALIASES,
        example='{"A": "allowed", "B": "allowed with conditions", "C": "not allowed", ...}',
        hint=(
            "For each case, find the clause that decides it: a permissive licence asks only for the notice; "
            "Meta's, Google's and Moonshot's add duties or bans of their own; Tencent's adds a territory."
        ),
        explanation=(
            "Each verdict rests on one clause: "
            + "; ".join(f"{key}, {LICENCE_REASONS[key]}" for key in LICENCE_VERDICTS)
            + ". None of this is legal advice: a developer would read the current text of each licence."
        ),
    )
