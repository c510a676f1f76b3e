"""Exercise checks of chapter 7, "What 'open' means".

The data checks run against the small copy of ``data/`` that ``test_landscape`` writes, so
the right answers are known exactly (they are worked out by hand in the comments); one
further test runs every check against the book's own ``models.csv`` and ``indicators.csv``
once they have rows. Right answers pass, typical wrong answers get the hint written for
them, and nothing a student types makes a check raise.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dilemma import data, landscape
from dilemma.checks import Feedback, ch7
from test_landscape import INDICATORS, MODELS, write_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", autouse=True)
def test_dataset(tmp_path_factory):
    directory = write_data(tmp_path_factory.mktemp("data"))
    previous = ch7.DATA_DIRECTORY
    ch7.DATA_DIRECTORY = directory
    yield directory
    ch7.DATA_DIRECTORY = previous


def passes(feedback: Feedback) -> bool:
    return isinstance(feedback, Feedback) and bool(feedback) and feedback.message.strip() != ""


def fails_with(feedback: Feedback, words: str) -> bool:
    return isinstance(feedback, Feedback) and not feedback and words in feedback.message


# --- The right answers follow the dataset --------------------------------------------------------

# United States: GPT-4, GPT-4o and Claude 3.5 Sonnet closed; Llama 3.1 405B and OLMo 2 open -> 2/5.
# China: ERNIE Bot closed; Qwen2.5-72B, DeepSeek-R1 and Kimi K2 open -> 3/4. Europe: both open.
SHARES = {"United States": 0.4, "China": 0.75, "Europe and others": 1.0}
# Output prices: closed 60, 15, 15 (median 15); open 9, 2.19, 2.5 (median 2.5) -> 6.
RATIO = 15 / 2.5


def test_the_answers_are_computed_from_the_dataset():
    assert ch7.osaid_candidates() == ["olmo-2-13b"]
    assert ch7.open_shares() == pytest.approx(SHARES)
    assert ch7.osi_licences() == ["Apache-2.0", "MIT"]
    assert ch7.price_ratio() == pytest.approx(RATIO)
    assert ch7.gap_narrowing() == pytest.approx(8.04 - 1.70)


def test_a_changed_row_changes_the_answer(tmp_path):
    """The checks read the files when they run: nothing is typed in."""
    changed = [row if row[0] != "gap-oc-2025" else (*row[:3], "2.70", *row[4:]) for row in INDICATORS]
    directory = write_data(tmp_path, indicators=changed)
    previous = ch7.DATA_DIRECTORY
    ch7.DATA_DIRECTORY = directory
    try:
        assert ch7.gap_narrowing() == pytest.approx(5.34)
        assert passes(ch7.check_gap_narrowing(5.34))
        assert not ch7.check_gap_narrowing(6.34)
    finally:
        ch7.DATA_DIRECTORY = previous


# --- Right answers pass, in the forms students give them -----------------------------------------

VERDICTS = dict(ch7.LICENCE_VERDICTS)

RIGHT = [
    (ch7.check_osaid_candidates, ["olmo-2-13b"]),
    (ch7.check_osaid_candidates, ("olmo-2-13b",)),
    (ch7.check_osaid_candidates, pd.Series(["olmo-2-13b"])),
    (ch7.check_open_shares, SHARES),
    (ch7.check_open_shares, {"US": 0.4, "china": 0.75, "Europe": 1}),
    (ch7.check_open_shares, {"United States": 0.401, "China": 0.749, "Europe and others": 1.0}),
    (ch7.check_open_shares, pd.Series(SHARES)),
    (ch7.check_osi_licences, ["MIT", "Apache-2.0"]),
    (ch7.check_osi_licences, {"mit", "apache-2.0"}),
    (ch7.check_price_ratio, RATIO),
    (ch7.check_price_ratio, 6),
    (ch7.check_price_ratio, np.float64(6.02)),
    (ch7.check_gap_narrowing, 6.34),
    (ch7.check_gap_narrowing, np.float64(8.04 - 1.7)),
    (ch7.check_licence_scenarios, VERDICTS),
    (ch7.check_licence_scenarios, {**VERDICTS, "A": "Allowed", "C": "forbidden", "B": "conditional"}),
]


@pytest.mark.parametrize(("check", "answer"), RIGHT)
def test_the_right_answer_passes(check, answer):
    feedback = check(answer)
    assert passes(feedback), feedback
    assert feedback._repr_markdown_().startswith("**Correct.**")


def test_the_solutions_code_passes():
    """The computations the exercise solutions show, done on the loaded frames."""
    models = ch7.load("models")
    share = landscape.open_share(models)
    assert passes(ch7.check_open_shares(share))
    assert passes(ch7.check_open_shares(share.to_dict()))
    osi = sorted(models.loc[models["osi_approved"].astype(bool), "licence"].unique())
    assert passes(ch7.check_osi_licences(osi))
    candidates = models.loc[
        (models["openness"] == "open-source-data") & models["osi_approved"].astype(bool), "id"
    ]
    assert passes(ch7.check_osaid_candidates(list(candidates)))
    priced = models[models["price_output"].notna()]
    closed = priced.loc[priced["openness"] == "closed-api", "price_output"].median()
    opened = priced.loc[priced["openness"] != "closed-api", "price_output"].median()
    assert passes(ch7.check_price_ratio(float(closed / opened)))
    gaps = ch7.load("indicators")
    series = gaps[gaps["series"] == ch7.GAP_SERIES].sort_values("as_of")["value"]
    assert passes(ch7.check_gap_narrowing(float(series.iloc[0] - series.iloc[-1])))


# --- Typical wrong answers get the hint written for them -----------------------------------------

WRONG = [
    (ch7.check_osaid_candidates, ["olmo-2-13b", "deepseek-r1"], "not the data"),
    (ch7.check_osaid_candidates, ["gpt-4"], "closed model"),
    (ch7.check_osaid_candidates, [], "missing 1 release"),
    (ch7.check_osaid_candidates, ["olmo-2"], "not the id of a release"),
    (ch7.check_osaid_candidates, "olmo-2-13b", "list of strings"),
    (ch7.check_osaid_candidates, ["olmo-2-13b", "olmo-2-13b"], "twice"),
    (ch7.check_osaid_candidates, 1, "not how many"),
    (ch7.check_osaid_candidates, {"olmo-2-13b": 1}, "not a dictionary"),
    (ch7.check_osaid_candidates, [1], "as text"),
    (ch7.check_open_shares, {"United States": 40, "China": 75, "Europe and others": 100}, "percentages"),
    (ch7.check_open_shares, {"United States": 0.6, "China": 0.25, "Europe and others": 0.0}, "closed"),
    (ch7.check_open_shares, {"United States": 2, "China": 3, "Europe and others": 2}, "counts"),
    (ch7.check_open_shares, {"United States": 0.4, "China": 0.75}, "no share for Europe and others"),
    (ch7.check_open_shares, {"United States": 0.4, "China": 0.7, "Europe and others": 1}, "for China is off"),
    (ch7.check_open_shares, {"US": 0.4, "USA": 0.4, "China": 0.75, "Europe": 1}, "Two of your keys"),
    (ch7.check_open_shares, {"India": 0.4}, "not a country group"),
    (ch7.check_open_shares, {"United States": "0.4", "China": 0.75, "Europe": 1}, "should be a number"),
    (ch7.check_open_shares, 0.6, "one share per country group"),
    (ch7.check_open_shares, [0.4, 0.75, 1.0], "as a dictionary"),
    (ch7.check_osi_licences, ["MIT"], "missing 1 licence"),
    (ch7.check_osi_licences, ["MIT", "Apache-2.0", "Llama 3.1 Community License"], "developer's own licence"),
    (ch7.check_osi_licences, ["MIT", "Proprietary"], "closed models"),
    (ch7.check_osi_licences, ["GPL-3.0"], "No release in the dataset"),
    (ch7.check_osi_licences, "MIT", "list of strings"),
    (ch7.check_price_ratio, 1 / RATIO, "closed over open"),
    (ch7.check_price_ratio, (90 / 3) / (13.69 / 3), "means"),
    (ch7.check_price_ratio, 5 / 0.6, "input prices"),
    (ch7.check_price_ratio, 3, "divide closed by open"),
    (ch7.check_price_ratio, "6", "remove the quotation marks"),
    (ch7.check_price_ratio, pd.Series([6.0]), "Series"),
    (ch7.check_price_ratio, -6, "must lie between"),
    (ch7.check_gap_narrowing, -6.34, "sign is reversed"),
    (ch7.check_gap_narrowing, 6.34 / 8.04, "fraction of the first figure"),
    (ch7.check_gap_narrowing, 100 * 6.34 / 8.04, "percentage of the first figure"),
    (ch7.check_gap_narrowing, 9.26 - 1.70, "US–China series"),
    (ch7.check_gap_narrowing, 1.7, "subtract the last value"),
    (ch7.check_gap_narrowing, math.nan, "not a finite number"),
    (ch7.check_licence_scenarios, {**VERDICTS, "C": "allowed"}, "1 of 7 is wrong (C)"),
    (
        ch7.check_licence_scenarios,
        {**VERDICTS, "E": "allowed with conditions", "G": "allowed"},
        "2 of 7 are wrong",
    ),
    (ch7.check_licence_scenarios, {"A": "allowed"}, "no answer for B"),
    (ch7.check_licence_scenarios, {**VERDICTS, "A": "maybe"}, "Use one of the labels"),
    (ch7.check_licence_scenarios, ["allowed"], "as a dictionary"),
]


@pytest.mark.parametrize(("check", "answer", "says"), WRONG)
def test_a_typical_wrong_answer_gets_its_hint(check, answer, says):
    feedback = check(answer)
    assert fails_with(feedback, says), feedback


ALL_CHECKS = [
    ch7.check_osaid_candidates,
    ch7.check_open_shares,
    ch7.check_osi_licences,
    ch7.check_price_ratio,
    ch7.check_gap_narrowing,
    ch7.check_licence_scenarios,
]
DATA_CHECKS = [check for check in ALL_CHECKS if check is not ch7.check_licence_scenarios]


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_no_answer_yet(check):
    assert fails_with(check(None), "No answer yet")


# --- A missing, empty or incomplete dataset gets a sentence, not an error --------------------------


@pytest.mark.parametrize("check", DATA_CHECKS)
def test_a_missing_dataset_is_explained(check, tmp_path):
    previous = ch7.DATA_DIRECTORY
    ch7.DATA_DIRECTORY = tmp_path  # no datapackage.json, no CSV files
    try:
        assert fails_with(check(1), "could not be loaded")
    finally:
        ch7.DATA_DIRECTORY = previous


@pytest.mark.parametrize("check", DATA_CHECKS)
def test_an_empty_dataset_is_explained(check, tmp_path):
    previous = ch7.DATA_DIRECTORY
    ch7.DATA_DIRECTORY = write_data(tmp_path, models=[], indicators=[])
    try:
        assert fails_with(check(1), "has no rows yet")
    finally:
        ch7.DATA_DIRECTORY = previous


def test_a_missing_series_or_price_is_explained(tmp_path):
    directory = write_data(
        tmp_path,
        models=[m for m in MODELS if m[5] == "closed-api"],
        indicators=[i for i in INDICATORS if i[2] != ch7.GAP_SERIES],
    )
    previous = ch7.DATA_DIRECTORY
    ch7.DATA_DIRECTORY = directory
    try:
        assert fails_with(ch7.check_gap_narrowing(6.34), "fewer than two figures")
        assert fails_with(ch7.check_price_ratio(6), "cannot be computed")
        with pytest.raises(ValueError, match="fewer than two figures"):
            ch7.gap_narrowing()
    finally:
        ch7.DATA_DIRECTORY = previous


def test_load_refuses_an_unknown_dataset():
    with pytest.raises(ValueError, match="'models' or 'indicators'"):
        ch7.load("events")


# --- Nothing makes a check raise ------------------------------------------------------------------

anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.lists(st.text(max_size=25), max_size=4),
    st.lists(st.sampled_from([m[0] for m in MODELS] + ["MIT", "Apache-2.0", "Proprietary"]), max_size=6),
    st.lists(st.floats(), max_size=3), st.tuples(st.floats(), st.floats()),
    st.dictionaries(st.text(max_size=12), st.integers(), max_size=5),
    st.dictionaries(st.sampled_from([*landscape.GROUPS, "US", "Europe"]),
                    st.one_of(st.integers(), st.floats()), max_size=4),
    st.dictionaries(st.sampled_from(list("ABCDEFGH")),
                    st.one_of(st.sampled_from(ch7.VERDICTS), st.text(max_size=10), st.none()), max_size=8),
    st.complex_numbers(), st.fractions(), st.decimals(),
)  # fmt: skip


@settings(deadline=None, max_examples=150)
@given(anything)
def test_no_answer_makes_any_check_raise(answer):
    for check in ALL_CHECKS:
        feedback = check(answer)
        assert isinstance(feedback, Feedback)
        assert feedback.message.strip()


@settings(deadline=None)
@given(st.floats(min_value=-50, max_value=50, allow_nan=False))
def test_only_numbers_near_the_right_one_pass(value):
    assert bool(ch7.check_gap_narrowing(value)) == (abs(value - ch7.gap_narrowing()) <= 0.005)
    assert bool(ch7.check_price_ratio(value)) == (abs(value - ch7.price_ratio()) <= 0.01 * ch7.price_ratio())


# --- The book's own data --------------------------------------------------------------------------


def _has_rows(name: str) -> bool:
    path = ROOT / "data" / f"{name}.csv"
    return path.is_file() and len(path.read_text(encoding="utf-8").strip().splitlines()) > 1


@pytest.mark.skipif(
    not (_has_rows("models") and _has_rows("indicators")), reason="the book's data files have no rows yet"
)
def test_the_checks_work_on_the_books_dataset():
    previous = ch7.DATA_DIRECTORY
    ch7.DATA_DIRECTORY = None
    try:
        models = data.models()
        assert passes(ch7.check_open_shares(landscape.open_share(models)))
        assert passes(ch7.check_osi_licences(ch7.osi_licences()))
        assert passes(ch7.check_osaid_candidates(ch7.osaid_candidates()))
        assert passes(ch7.check_price_ratio(landscape.price_ratio(models)))
        assert passes(ch7.check_gap_narrowing(ch7.gap_narrowing()))
        for check in ALL_CHECKS:
            assert isinstance(check(None), Feedback)
    finally:
        ch7.DATA_DIRECTORY = previous
