"""Exercise checks of chapter 6: right answers pass, typical wrong answers get the hint written
for them, and nothing a student types makes a check raise."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dilemma import race
from dilemma.checks import Feedback, ch6


def passes(feedback: Feedback) -> bool:
    return isinstance(feedback, Feedback) and bool(feedback) and feedback.message.strip() != ""


def fails_with(feedback: Feedback, words: str) -> bool:
    return isinstance(feedback, Feedback) and not feedback and words in feedback.message


def test_answers_are_the_model():
    assert ch6.safety_none() == pytest.approx(1.5 / (0.8 * 3))
    assert ch6.safe_ratio() == pytest.approx(0.8 * 3, abs=1e-8)
    d = ch6.regime_disasters()
    assert d["none"] == 0
    assert d["private"] == pytest.approx((1.5 / 3) ** 2 / 3)
    assert d["public"] == pytest.approx(1 - 3 * (1 - (1 - 0.5 / 3) ** 3) / (3 * 0.5))
    assert ch6.ranking() == ["none", "private", "public"]
    few, many = ch6.crowd_disasters()
    assert few == pytest.approx(2**2 / (3 * 10**2)) and many == pytest.approx(5**5 / (6 * 10**5))
    assert ch6.teams_effect() == "lower"
    assert ch6.simulated_disaster() == pytest.approx(5 / 12)


def test_a_students_simulation_passes():
    """The simulation the exercise asks for, done the way its solution does it."""
    rng = np.random.default_rng(6)
    capability = rng.uniform(0, 2.0, size=(100_000, 2))
    gap = np.abs(capability[:, 0] - capability[:, 1])
    safety = np.minimum(1.0, gap / 1.0)
    frequency = float((rng.random(100_000) >= safety).mean())
    assert passes(ch6.check_simulation(frequency))


RIGHT = [
    (ch6.check_safety_none, 0.625),
    (ch6.check_safety_none, np.float64(0.625)),
    (ch6.check_disaster_none, 0.375),
    (ch6.check_safe_ratio, 2.4),
    (ch6.check_regime_disasters, {"none": 0, "private": 0.0833, "public": 0.1574}),
    (ch6.check_regime_disasters, {"no information": 0.0, "Private": 1 / 12, "public information": 0.157}),
    (ch6.check_ranking, ["none", "private", "public"]),
    (ch6.check_ranking, ("no information", "private information", "Public")),
    (ch6.check_crowd_disaster, 0.0052),
    (ch6.check_teams_effect, "lower"),
    (ch6.check_teams_effect, "Decreases"),
    (ch6.check_simulation, 0.415),
]


@pytest.mark.parametrize(("check", "answer"), RIGHT)
def test_the_right_answer_passes(check, answer):
    feedback = check(answer)
    assert passes(feedback), feedback
    assert feedback._repr_markdown_().startswith("**Correct.**")


WRONG = [
    (ch6.check_safety_none, 0.375, "probability of disaster"),
    (ch6.check_safety_none, 0.5, "leaves out the enmity"),
    (ch6.check_safety_none, 1.6, "upside down"),
    (ch6.check_safety_none, 1.875, "μ / e"),
    (ch6.check_safety_none, 62.5, "looks like a percentage"),
    (ch6.check_safety_none, "0.625", "remove the quotation marks"),
    (ch6.check_safety_none, 0.7, "race.safety_none"),
    (ch6.check_disaster_none, 0.625, "That is the safety s"),
    (ch6.check_disaster_none, 0.5, "race.disaster_none"),
    (ch6.check_safe_ratio, 3, "leaves out the enmity"),
    (ch6.check_safe_ratio, 3.75, "do not divide"),
    (ch6.check_safe_ratio, 1.0, "must reach 1"),
    (ch6.check_safe_ratio, 5.0, "Solve μ / (e n) = 1"),
    (ch6.check_regime_disasters, {"none": 0, "private": -0.333, "public": -1.0}, "cannot be negative"),
    (
        ch6.check_regime_disasters,
        {"none": 0, "private": 0.0833, "public": 0.3},
        "1 of 3 is not right (public)",
    ),
    (ch6.check_regime_disasters, {"none": 0, "private": 0.0833}, "no answer for public"),
    (ch6.check_regime_disasters, {"none": 0, "secret": 0.1, "public": 0.2}, "There is no regime 'secret'"),
    (ch6.check_regime_disasters, {"none": "low", "private": 0.0833, "public": 0.157}, "check none"),
    (ch6.check_regime_disasters, [0, 0.08, 0.16], "as a dictionary"),
    (ch6.check_ranking, ["public", "private", "none"], "reversed"),
    (ch6.check_ranking, ["private", "none", "public"], "Not that order"),
    (ch6.check_ranking, ["none", "none", "public"], "exactly once"),
    (ch6.check_ranking, ["none", "private"], "your list has 2"),
    (ch6.check_ranking, "none, private, public", "in a list"),
    (ch6.check_crowd_disaster, 2**2 / (3 * 10**2), "value for 2 teams"),
    (ch6.check_crowd_disaster, -0.667, "cannot be negative"),
    (ch6.check_crowd_disaster, 0.02, "k^n / ((n + 1) μ^n)"),
    (ch6.check_teams_effect, "raise", "Compare the two probabilities"),
    (ch6.check_teams_effect, "maybe", 'Use one of "raise"'),
    (ch6.check_teams_effect, 1, "Answer in a word"),
    (ch6.check_simulation, 7 / 12, "safe* outcomes"),
    (ch6.check_simulation, 1 / 3, "small-μ branch"),
    (ch6.check_simulation, 0.9, "Draw both capabilities"),
]


@pytest.mark.parametrize(("check", "answer", "says"), WRONG)
def test_a_typical_wrong_answer_gets_its_hint(check, answer, says):
    feedback = check(answer)
    assert fails_with(feedback, says), feedback


ALL_CHECKS = [
    ch6.check_safety_none,
    ch6.check_disaster_none,
    ch6.check_safe_ratio,
    ch6.check_regime_disasters,
    ch6.check_ranking,
    ch6.check_crowd_disaster,
    ch6.check_teams_effect,
    ch6.check_simulation,
]


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_no_answer_yet(check):
    assert fails_with(check(None), "No answer yet")


anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.lists(st.one_of(st.text(max_size=12), st.floats()), max_size=4), st.tuples(st.floats(), st.floats()),
    st.dictionaries(st.text(max_size=8), st.one_of(st.floats(), st.text(max_size=5)), max_size=4),
    st.dictionaries(
        st.sampled_from(["none", "private", "public", "Public information", 3]),
        st.one_of(st.floats(), st.integers(), st.none(), st.text(max_size=4)),
        max_size=4,
    ),
    st.complex_numbers(), st.fractions(), st.decimals(),
)  # fmt: skip


@settings(deadline=None)
@given(anything)
def test_no_answer_makes_any_check_raise(answer):
    for check in ALL_CHECKS:
        feedback = check(answer)
        assert isinstance(feedback, Feedback) and feedback.message.strip()


@given(st.floats(min_value=-2, max_value=12, allow_nan=False))
def test_numbers_far_from_the_answer_never_pass(value):
    answers = {
        ch6.check_safety_none: (ch6.safety_none(), 0.005),
        ch6.check_disaster_none: (1 - ch6.safety_none(), 0.005),
        ch6.check_safe_ratio: (ch6.safe_ratio(), 0.01),
        ch6.check_crowd_disaster: (ch6.crowd_disasters()[1], 0.0005),
        ch6.check_simulation: (ch6.simulated_disaster(), 0.01),
    }
    for check, (expected, tolerance) in answers.items():
        if abs(value - expected) > tolerance:
            assert not check(value)


def test_checks_follow_the_model_if_its_inputs_change(monkeypatch):
    monkeypatch.setitem(ch6.NONE_RACE, "ratio", 0.6)
    assert passes(ch6.check_safety_none(race.safety_none(3, 0.8, 0.6)))
    assert passes(ch6.check_disaster_none(race.disaster_none(3, 0.8, 0.6)))


def test_messages_follow_the_model_if_its_inputs_change(monkeypatch):
    """At μ = 1 private information with more teams is riskier: the verdict and its sentence follow."""
    monkeypatch.setitem(ch6.CROWD, "ratio", 1.0)
    assert ch6.teams_effect() == "raise"
    assert passes(ch6.check_teams_effect("raise"))
    feedback = ch6.check_crowd_disaster(race.disaster_private(5, 1.0, 1.0))
    assert passes(feedback) and "riskier" in feedback.message


def test_simulation_message_gives_the_standard_error():
    feedback = ch6.check_simulation(5 / 12)
    assert passes(feedback) and "standard error is 0.0016" in feedback.message
