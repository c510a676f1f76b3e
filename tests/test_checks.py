"""Exercise checks: right answers pass, wrong values and wrong types get a sentence,
and nothing a student types makes a check raise."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dilemma import games
from dilemma.checks import Feedback, ch1

NUMERIC_CHECKS = {
    ch1.check_threshold: 0.5,
    ch1.check_pd_onset: 2 / 3,
    ch1.check_mixed_restraint: 0.5,
}


@pytest.mark.parametrize(("check", "right"), NUMERIC_CHECKS.items())
def test_the_right_number_passes(check, right):
    feedback = check(right)
    assert isinstance(feedback, Feedback) and feedback
    assert feedback._repr_markdown_().startswith("**Correct.**")


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (None, "No answer yet"),
        ("0.5", "remove the quotation marks"),
        ("half", "should be a number, but your answer is the text 'half'"),
        ([0.5], "should be a single number (like 0.25), but your answer is a list"),
        (True, "is True/False"),
        (math.nan, "not a finite number"),
        (50, "looks like a percentage"),
        (1.7, "must lie between 0 and 1"),
        (0.9, "games.trust_threshold"),
    ],
)
def test_wrong_answers_get_a_helpful_sentence(answer, says):
    feedback = ch1.check_threshold(answer)
    assert not feedback
    assert says in feedback.message


@pytest.mark.parametrize("close_but_below", [0.66, 2 / 3 - 0.005])
def test_an_onset_still_inside_the_stag_hunt_is_not_accepted(close_but_below):
    feedback = ch1.check_pd_onset(close_but_below)
    assert not feedback
    assert "still a stag hunt" in feedback.message


def test_the_pd_onset_is_where_temptation_overtakes_reward():
    onset = ch1.pd_onset()
    assert onset == pytest.approx(2 / 3, abs=1e-8)
    game = games.security_game(onset)
    assert pytest.approx(game.R, abs=1e-7) == game.T


@pytest.mark.parametrize(
    ("answers", "says", "right"),
    [
        (
            {"A": "PD", "B": "stag hunt", "C": "Chicken", "D": "harmony game"},
            "A is a prisoner's dilemma",
            True,
        ),
        ({"A": "stag hunt", "B": "stag hunt", "C": "chicken", "D": "harmony"}, "1 of 4 are wrong (A)", False),
        ({"A": "PD", "B": "stag hunt", "C": "chicken"}, "no answer for D", False),
        (
            {"A": "PD", "B": "stag hunt", "C": "chicken", "D": "harmony", "E": "x"},
            "There is no game E",
            False,
        ),
        ({"A": 1, "B": "stag hunt", "C": "chicken", "D": "harmony"}, "check A", False),
        (
            {"A": "snowdrift?", "B": "stag hunt", "C": "chicken", "D": "harmony"},
            "Use one of the four labels",
            False,
        ),
        (
            {"A": "deadlock", "B": "stag hunt", "C": "chicken", "D": "harmony"},
            "check the name given for A",
            False,
        ),
        (["PD"], "Give your answers as a dictionary", False),
        (None, "No answer yet", False),
    ],
)
def test_classification_check(answers, says, right):
    feedback = ch1.check_classification(answers)
    assert bool(feedback) is right
    assert says in feedback.message


anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.lists(st.floats(), max_size=3), st.dictionaries(st.text(max_size=3), st.text(max_size=10), max_size=5),
)  # fmt: skip


@given(anything)
def test_no_answer_makes_any_check_raise(answer):
    for check in [*NUMERIC_CHECKS, ch1.check_classification]:
        feedback = check(answer)
        assert isinstance(feedback, Feedback)
        assert feedback.message.strip()
