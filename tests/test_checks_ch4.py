"""Exercise checks of chapter 4: right answers pass, typical wrong answers get the hint
written for them, the data answers follow the dataset, and nothing a student types makes
a check raise."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dilemma import data, trust
from dilemma.checks import Feedback, ch4


def passes(feedback: Feedback) -> bool:
    return isinstance(feedback, Feedback) and bool(feedback) and feedback.message.strip() != ""


def fails_with(feedback: Feedback, words: str) -> bool:
    return isinstance(feedback, Feedback) and not feedback and words in feedback.message


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the book's data folder that the checks read instead of the original."""
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder)
    monkeypatch.setattr(ch4, "DATA_DIRECTORY", folder)
    return folder


# --- The right answers follow the data and the models -------------------------------------------


def test_days_to_draft_is_the_datasets_interval():
    events = data.events()
    assert ch4.days_to_draft() == data.days_between(events, ch4.RELEASE, ch4.DRAFT)
    # the dates as verified for the chapter: 30 November 2022 and 11 April 2023
    assert ch4.days_to_draft() == (pd.Timestamp("2023-04-11") - pd.Timestamp("2022-11-30")).days == 132


def test_responses_are_the_forward_chain_in_the_window():
    events = data.events()
    dates = dict(zip(events["id"], events["date"], strict=True))
    start, end = (pd.Timestamp(day) for day in ch4.WINDOW)
    chain = data.chain(events, ch4.RELEASE, direction="forward")
    expected = [i for i in chain if i != ch4.RELEASE and start <= dates[i] <= end]
    assert ch4.responses_in_window() == len(expected)
    assert ch4.DRAFT in expected  # the draft is recorded as answering ChatGPT


def test_trust_answers_are_bayes_rule():
    for view, likelihood in ch4.BIAS_IF.items():
        prior = ch4.PRIOR_TRUST
        closed = (
            prior * likelihood["seeker"] / (prior * likelihood["seeker"] + (1 - prior) * likelihood["greedy"])
        )
        assert ch4.trust_after_one(view) == pytest.approx(closed)
    assert ch4.trust_after_one("artefact") == pytest.approx(3 / 7)
    assert ch4.trust_after_one("design") == pytest.approx(1 / 9)
    # odds fall by 0.75 an answer: 0.75**4 > 0.25 > 0.75**5
    assert ch4.answers_to_floor() == 5
    after = [trust.posterior(0.5, 0, k, 0.4, 0.2) for k in (4, 5)]
    assert after[0] >= ch4.TRUST_FLOOR > after[1]


def test_the_checks_follow_a_corrected_dataset(data_copy):
    table = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    table.loc[table["id"] == ch4.DRAFT, "date"] = "2023-04-12"
    table.to_csv(data_copy / "events.csv", index=False)
    assert ch4.days_to_draft() == 133
    assert passes(ch4.check_days_to_draft(133))
    assert not ch4.check_days_to_draft(132)


# --- Right answers pass, in the forms students give them ----------------------------------------

RIGHT = [
    (ch4.check_days_to_draft, lambda: ch4.days_to_draft()),
    (ch4.check_days_to_draft, lambda: np.int64(ch4.days_to_draft())),
    (ch4.check_days_to_draft, lambda: float(ch4.days_to_draft())),
    (ch4.check_responses, lambda: ch4.responses_in_window()),
    (ch4.check_artefact_trust, lambda: 3 / 7),
    (ch4.check_artefact_trust, lambda: 0.43),
    (ch4.check_design_trust, lambda: np.float64(1 / 9)),
    (ch4.check_answers_to_floor, lambda: 5),
    (ch4.check_answers_to_floor, lambda: 5.0),
]


@pytest.mark.parametrize(("check", "answer"), RIGHT)
def test_the_right_answer_passes(check, answer):
    feedback = check(answer())
    assert passes(feedback), feedback
    assert feedback._repr_markdown_().startswith("**Correct.**")


def test_a_time_difference_is_explained():
    events = data.events()
    dates = dict(zip(events["id"], events["date"], strict=True))
    assert fails_with(ch4.check_days_to_draft(dates[ch4.DRAFT] - dates[ch4.RELEASE]), ".days")


# --- Typical wrong answers get the hint written for them ----------------------------------------


def _days(first: str, second: str) -> int:
    return data.days_between(data.events(), first, second)


WRONG = [
    # days from ChatGPT's release to the draft measures
    (ch4.check_days_to_draft, lambda: ch4.days_to_draft() + 1, "one day over"),
    (ch4.check_days_to_draft, lambda: ch4.days_to_draft() - 1, "one day short"),
    (ch4.check_days_to_draft, lambda: -ch4.days_to_draft(), "sign is reversed"),
    (ch4.check_days_to_draft, lambda: round(ch4.days_to_draft() / 7), "looks like weeks"),
    (ch4.check_days_to_draft, lambda: math.floor(ch4.days_to_draft() / 30.44), "looks like months"),
    (ch4.check_days_to_draft, lambda: _days(ch4.RELEASE, ch4.PUBLISHED), "final Interim Measures"),
    (ch4.check_days_to_draft, lambda: _days(ch4.RELEASE, ch4.EFFECTIVE), "entry into force"),
    (ch4.check_days_to_draft, lambda: _days(ch4.RELEASE, ch4.ERNIE), "Ernie Bot"),
    (ch4.check_days_to_draft, lambda: 1000, "data.days_between"),
    (ch4.check_days_to_draft, lambda: "132", "not the text"),
    (ch4.check_days_to_draft, lambda: 132.5, "whole"),
    # the release's chain within the window
    (ch4.check_responses, lambda: ch4.responses_in_window() + 1, "One too many"),
    (ch4.check_responses, lambda: -1, "cannot be negative"),
    (ch4.check_responses, lambda: 40, "data.chain"),
    # one biased answer, two analysts
    (ch4.check_artefact_trust, lambda: 1 - 3 / 7, "1 − trust"),
    (ch4.check_artefact_trust, lambda: 2 / 3, "as a restraint"),
    (ch4.check_artefact_trust, lambda: 0.5, "Trust has moved"),
    (ch4.check_artefact_trust, lambda: 0.6, "one of the two likelihoods"),
    (ch4.check_artefact_trust, lambda: 1 / 9, "design analyst's trust"),
    (ch4.check_artefact_trust, lambda: 43, "looks like a percentage"),
    (ch4.check_artefact_trust, lambda: 0.3, "Bayes' rule"),
    (ch4.check_design_trust, lambda: 8 / 9, "1 − trust"),
    (ch4.check_design_trust, lambda: 3 / 7, "artefact analyst's trust"),
    (ch4.check_design_trust, lambda: 1.5, "must lie between 0 and 1"),
    # biased answers before trust falls below 0.2
    (ch4.check_answers_to_floor, lambda: 4, "still"),
    (ch4.check_answers_to_floor, lambda: 6, "already fallen"),
    (ch4.check_answers_to_floor, lambda: 4.8, "whole"),
    (ch4.check_answers_to_floor, lambda: -2, "cannot be negative"),
    (ch4.check_answers_to_floor, lambda: 10**400, "far too large"),
    (ch4.check_answers_to_floor, lambda: [5], "a list"),
]


@pytest.mark.parametrize(("check", "answer", "says"), WRONG)
def test_a_typical_wrong_answer_gets_its_hint(check, answer, says):
    feedback = check(answer())
    assert fails_with(feedback, says), feedback


def test_counting_only_direct_answers_gets_its_hint():
    events = data.events()
    start, end = (pd.Timestamp(day) for day in ch4.WINDOW)
    window = events[(events["date"] >= start) & (events["date"] <= end)]
    direct = int(window["responds_to"].apply(lambda earlier: ch4.RELEASE in earlier).sum())
    if direct == ch4.responses_in_window():
        pytest.skip("every link in the window is direct, so the two counts agree")
    assert fails_with(ch4.check_responses(direct), "only the direct answers")


def test_counting_the_whole_window_gets_its_hint():
    events = data.events()
    start, end = (pd.Timestamp(day) for day in ch4.WINDOW)
    size = int(((events["date"] >= start) & (events["date"] <= end)).sum())
    assert fails_with(ch4.check_responses(size), "every event in the window")


# --- A missing or broken dataset is explained, not raised ----------------------------------------


def test_a_missing_dataset_is_explained(tmp_path, monkeypatch):
    monkeypatch.setattr(ch4, "DATA_DIRECTORY", tmp_path / "nowhere")
    for check in (ch4.check_days_to_draft, ch4.check_responses):
        assert fails_with(check(132), "could not be loaded")


def test_a_missing_event_is_explained(data_copy):
    table = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    table.loc[table["id"] == ch4.RELEASE, "id"] = "chatgpt-launch"
    table["responds_to"] = table["responds_to"].str.replace(ch4.RELEASE, "chatgpt-launch")
    table.to_csv(data_copy / "events.csv", index=False)
    feedback = ch4.check_days_to_draft(132)
    assert not feedback
    assert "chatgpt-release" in feedback.message or "could not be loaded" in feedback.message


# --- Nothing makes a check raise -----------------------------------------------------------------

ALL_CHECKS = [
    ch4.check_days_to_draft,
    ch4.check_responses,
    ch4.check_artefact_trust,
    ch4.check_design_trust,
    ch4.check_answers_to_floor,
]


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_no_answer_yet(check):
    assert fails_with(check(None), "No answer yet")


LONG = pd.Timedelta(days=10**5).to_pytimedelta()
anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.lists(st.floats(), max_size=3), st.tuples(st.floats(), st.floats()),
    st.dictionaries(st.text(max_size=8), st.text(max_size=12), max_size=5),
    st.complex_numbers(), st.fractions(), st.decimals(),
    st.timedeltas(min_value=-LONG, max_value=LONG).map(pd.Timedelta),
)  # fmt: skip


@settings(deadline=None)
@given(anything)
def test_no_answer_makes_any_check_raise(answer):
    for check in ALL_CHECKS:
        feedback = check(answer)
        assert isinstance(feedback, Feedback)
        assert feedback.message.strip()


@settings(deadline=None)
@given(st.floats(min_value=-2, max_value=2, allow_nan=False))
def test_near_misses_never_pass_far_from_the_answer(value):
    for check, right in [
        (ch4.check_artefact_trust, ch4.trust_after_one("artefact")),
        (ch4.check_design_trust, ch4.trust_after_one("design")),
    ]:
        feedback = check(value)
        assert isinstance(feedback, Feedback)
        if abs(value - right) > 0.006:
            assert not feedback


@settings(deadline=None)
@given(st.integers(min_value=-400, max_value=400))
def test_only_the_right_whole_numbers_pass(value):
    assert bool(ch4.check_days_to_draft(value)) == (value == ch4.days_to_draft())
    assert bool(ch4.check_responses(value)) == (value == ch4.responses_in_window())
    assert bool(ch4.check_answers_to_floor(value)) == (value == ch4.answers_to_floor())


def test_the_checks_module_loads_without_the_dataset():
    """`from dilemma.checks import ch4` must stay quick: the dataset loads on first use."""
    import subprocess
    import sys

    code = "import sys; from dilemma.checks import ch4; print('dilemma.data' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
