"""Exercise checks of chapters 2 and 3: right answers pass, typical wrong answers get
the hint written for them, and nothing a student types makes a check raise."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dilemma import arms_race, games, trust, worlds
from dilemma.checks import Feedback, ch2, ch3


def passes(feedback: Feedback) -> bool:
    return isinstance(feedback, Feedback) and bool(feedback) and feedback.message.strip() != ""


def fails_with(feedback: Feedback, words: str) -> bool:
    return isinstance(feedback, Feedback) and not feedback and words in feedback.message


# --- The right answers follow the models ------------------------------------------------


def test_chapter_2_answers_are_the_models():
    assert ch2.effective_offence() == pytest.approx(0.8 * 0.6)
    assert ch2.threshold() == pytest.approx(3 * 0.48 - 1)
    assert ch2.max_fear() == pytest.approx(1 - ch2.threshold(), abs=1e-8)
    assert worlds.assess(0.8, 0.4, ch2.max_fear() - 1e-6).decision == "restrain"
    assert worlds.assess(0.8, 0.4, ch2.max_fear() + 1e-6).decision == "arm"
    # 0.9 (1 − δ) crosses 2/3 and 1/3, the prisoner's-dilemma and harmony boundaries
    assert ch2.rescue_distinguishability() == pytest.approx(1 - (2 / 3) / 0.9, abs=1e-8)
    assert ch2.harmony_distinguishability() == pytest.approx(1 - (1 / 3) / 0.9, abs=1e-8)
    assert ch2.asymmetric_decisions() == {"stronger": "restrain", "weaker": "arm"}


def test_chapter_3_answers_are_the_models():
    assert ch3.equilibrium() == pytest.approx((1.7, 2.6))
    assert ch3.tipping_reaction() == pytest.approx(0.5 * 0.8 / 0.3, abs=1e-8)
    assert ch3.race_outcomes() == {
        "A": "stable race",
        "B": "runaway",
        "C": "disarmament",
        "D": "disarmament",
    }
    race_d = {key: value for key, value in ch3.RACES["D"].items() if key not in ("x0", "y0")}
    assert arms_race.outcome(**race_d, x0=4, y0=4) == "runaway"  # the start matters in D
    odds = 1.0 * (0.8 / 0.3) ** 2 * (0.2 / 0.7)
    assert ch3.posterior_trust() == pytest.approx(odds / (1 + odds))
    assert ch3.rounds_needed() == 4
    assert ch3.signal_regimes() == {"A": "pooling", "B": "pooling", "C": "separating", "D": "no signal"}


def test_chapter_3_noise_answers_are_the_models():
    rates = ch3.cooperation_rates()
    assert 0.45 < rates["Tit-for-Tat"] < 0.56  # about one half: the echo
    assert rates["Generous Tit-for-Tat"] > rates["Tit-for-Tat"] + 0.2
    assert rates["Contrite Tit-for-Tat"] > rates["Tit-for-Tat"] + 0.2
    assert ch3.default_generosity() == pytest.approx(min(1 - 2 / 4, 3 / 5))


# --- Right answers pass, in the forms students give them --------------------------------

RIGHT = [
    (ch2.check_effective_offence, 0.48),
    (ch2.check_effective_offence, np.float64(0.48)),
    (ch2.check_threshold, 0.44),
    (ch2.check_max_fear, 0.56),
    (ch2.check_rescue, 7 / 27),
    (ch2.check_rescue, 0.26),
    (ch2.check_harmony, 17 / 27),
    (ch2.check_asymmetry, {"stronger": "restrain", "weaker": "arm"}),
    (ch2.check_asymmetry, {"stronger": "Restraint", "weaker": "arms"}),
    (ch3.check_equilibrium, (1.7, 2.6)),
    (ch3.check_equilibrium, [1.7, 2.6]),
    (ch3.check_equilibrium, np.array([1.7, 2.6])),
    (ch3.check_tipping_reaction, 4 / 3),
    (ch3.check_outcomes, {"A": "stable", "B": "Runaway", "C": "disarmament", "D": "disarm"}),
    (ch3.check_posterior, 0.67),
    (ch3.check_rounds_needed, 4),
    (ch3.check_rounds_needed, 4.0),
    (ch3.check_regimes, {"A": "pooling", "B": "Pooling", "C": "separating", "D": "no signal"}),
    (ch3.check_regimes, {"A": "pool", "B": "pooling", "C": "separating equilibrium", "D": "neither"}),
]


@pytest.mark.parametrize(("check", "answer"), RIGHT)
def test_the_right_answer_passes(check, answer):
    feedback = check(answer)
    assert passes(feedback), feedback
    assert feedback._repr_markdown_().startswith("**Correct.**")


def test_the_right_noise_answers_pass():
    assert passes(ch3.check_tft_cooperation(ch3.cooperation_rates()["Tit-for-Tat"]))
    assert passes(ch3.check_generosity(0.5))


# --- Typical wrong answers get the hint written for them --------------------------------

WRONG = [
    # chapter 2: effective offence ω(1 − δ) at ω = 0.8, δ = 0.4
    (ch2.check_effective_offence, 0.32, "ω·δ"),
    (ch2.check_effective_offence, 0.4, "ω − δ"),
    (ch2.check_effective_offence, 0.8, "raw offence advantage"),
    (ch2.check_effective_offence, 48, "looks like a percentage"),
    (ch2.check_effective_offence, 0.6, "worlds.effective_offence"),
    # trust threshold at ω_eff = 0.48
    (ch2.check_threshold, 0.56, "1 − p*"),
    (ch2.check_threshold, 1.4, "raw offence advantage"),
    (ch2.check_threshold, 44, "looks like a percentage"),
    (ch2.check_threshold, 0.5, "games.trust_threshold"),
    # the largest fear that still allows restraint
    (ch2.check_max_fear, 0.44, "trust threshold p*"),
    (ch2.check_max_fear, 0.565, "a security seeker arms"),
    (ch2.check_max_fear, 1.5, "must lie between 0 and 1"),
    (ch2.check_max_fear, 0.3, "worlds.assess"),
    # distinguishability that rescues ω = 0.9
    (ch2.check_rescue, 1 - 7 / 27, "1 − δ"),
    (ch2.check_rescue, 0.25, "still a prisoner's dilemma"),
    (ch2.check_rescue, 17 / 27, "becomes a harmony game"),
    (ch2.check_harmony, 0.62, "still a stag hunt"),
    (ch2.check_harmony, 7 / 27, "becomes a stag hunt"),
    (ch2.check_harmony, 0.1, "numpy.linspace"),
    (ch2.check_asymmetry, {"stronger": "arm", "weaker": "arm"}, "1 of 2 is wrong (stronger)"),
    (ch2.check_asymmetry, {"stronger": "restrain"}, "no answer for weaker"),
    (
        ch2.check_asymmetry,
        {"stronger": "restrain", "weaker": "wait"},
        'Use one of the labels "restrain", "arm"',
    ),
    (ch2.check_asymmetry, {"stronger": "restrain", "weaker": 0}, "check weaker"),
    (
        ch2.check_asymmetry,
        {"stronger": "restrain", "weaker": "arm", "third": "arm"},
        "There is no case third",
    ),
    (ch2.check_asymmetry, ["restrain", "arm"], "Give your answers as a dictionary"),
    # chapter 3: Richardson's equilibrium (1.7, 2.6)
    (ch3.check_equilibrium, (2.6, 1.7), "wrong way round"),
    (ch3.check_equilibrium, (-1.7, -2.6), "signs are reversed"),
    (ch3.check_equilibrium, (1.7, 3.0), "x* is right but y* is not"),
    (ch3.check_equilibrium, (2.0, 2.6), "y* is right but x* is not"),
    (ch3.check_equilibrium, (1.0, 1.0), "Set both rates to zero"),
    (ch3.check_equilibrium, 1.7, "give both as a pair"),
    (ch3.check_equilibrium, (1.7, 2.6, 0), "your answer has 3"),
    (ch3.check_equilibrium, "1.7, 2.6", "not as text"),
    (ch3.check_equilibrium, {"x": 1.7, "y": 2.6}, "not as a dictionary"),
    (ch3.check_equilibrium, (math.nan, 2.6), "finite numbers"),
    (ch3.check_equilibrium, ("1.7", "2.6"), "finite numbers"),
    # the reaction at which the race tips
    (ch3.check_tipping_reaction, 0.4, "is m n"),
    (ch3.check_tipping_reaction, 0.75, "upside down"),
    (ch3.check_tipping_reaction, 12, "must lie between 0 and 10"),
    (ch3.check_tipping_reaction, 1.0, "arms_race.is_stable"),
    (ch3.check_outcomes, {"A": "stable", "B": "runaway", "C": "disarmament", "D": "runaway"}, "(D)"),
    (
        ch3.check_outcomes,
        {"A": "stable", "B": "runaway", "C": "peace", "D": "runaway"},
        "check the answer given for C",
    ),
    # trust after restrain, restrain, arm
    (ch3.check_posterior, trust.posterior(0.5, 2, 0), "left out the observed arming"),
    (ch3.check_posterior, 1 - ch3.posterior_trust(), "probability that the rival is greedy"),
    (ch3.check_posterior, 0.5, "Trust has moved"),
    (ch3.check_posterior, 67, "looks like a percentage"),
    (ch3.check_posterior, 0.9, "trust.posterior"),
    # rounds of restraint from 0.2 to 0.9
    (ch3.check_rounds_needed, 3, "still below 0.9"),
    (ch3.check_rounds_needed, 6, "already above 0.9"),
    (ch3.check_rounds_needed, 3.65, "count whole rounds"),
    (ch3.check_rounds_needed, -2, "cannot be negative"),
    (ch3.check_rounds_needed, "4", "not the text '4'"),
    (ch3.check_rounds_needed, [4], "a list"),
    (ch3.check_rounds_needed, math.inf, "not a finite number"),
    (ch3.check_rounds_needed, 10**400, "far too large"),
    (ch3.check_regimes, {"A": "pooling", "B": "separating", "C": "separating", "D": "no signal"}, "tie"),
]


@pytest.mark.parametrize(("check", "answer", "says"), WRONG)
def test_a_typical_wrong_answer_gets_its_hint(check, answer, says):
    feedback = check(answer)
    assert fails_with(feedback, says), feedback


NOISE_WRONG = [
    (0.95, "one-off"),
    (2.265, "payoff per round"),
    (51.1, "looks like a percentage"),
    (0.7, "spiral.long_run"),
]


@pytest.mark.parametrize(("answer", "says"), NOISE_WRONG)
def test_a_wrong_cooperation_rate_gets_its_hint(answer, says):
    assert fails_with(ch3.check_tft_cooperation(answer), says)


def test_another_strategys_rate_is_named():
    generous = ch3.cooperation_rates()["Generous Tit-for-Tat"]
    assert fails_with(ch3.check_tft_cooperation(generous), "Generous Tit-for-Tat")


@pytest.mark.parametrize(
    ("answer", "says"),
    [(0.6, "larger of the two terms"), (1 / 3, "default payoffs"), (0.2, "min(1 − (T − R)/(R − S)")],
)
def test_a_wrong_generosity_gets_its_hint(answer, says):
    assert fails_with(ch3.check_generosity(answer), says)


NUMERIC_CHECKS = [
    ch2.check_effective_offence,
    ch2.check_threshold,
    ch2.check_max_fear,
    ch2.check_rescue,
    ch2.check_harmony,
    ch3.check_tipping_reaction,
    ch3.check_posterior,
    ch3.check_tft_cooperation,
    ch3.check_generosity,
]
LABEL_CHECKS = [ch2.check_asymmetry, ch3.check_outcomes, ch3.check_regimes]
OTHER_CHECKS = [ch3.check_equilibrium, ch3.check_rounds_needed]
ALL_CHECKS = NUMERIC_CHECKS + LABEL_CHECKS + OTHER_CHECKS


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (None, "No answer yet"),
        ("half", "should be a number"),
        ("0.5", "remove the quotation marks"),
        ([0.5], "your answer is a list"),
        (True, "True/False"),
        (math.nan, "not a finite number"),
        (pd.Series([0.5]), "float(...)"),
        (10**400, "far too large"),
    ],
)
@pytest.mark.parametrize("check", NUMERIC_CHECKS)
def test_a_number_check_explains_a_wrong_type(check, answer, says):
    assert fails_with(check(answer), says)


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_no_answer_yet(check):
    assert fails_with(check(None), "No answer yet")


# --- Nothing makes a check raise ---------------------------------------------------------

anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.lists(st.floats(), max_size=3), st.tuples(st.floats(), st.floats()),
    st.tuples(st.integers(), st.text(max_size=3)),
    st.dictionaries(st.text(max_size=8), st.text(max_size=12), max_size=5),
    st.dictionaries(st.sampled_from(["A", "B", "C", "D", "stronger", "weaker"]),
                    st.one_of(st.text(max_size=12), st.floats(), st.none()), max_size=6),
    st.complex_numbers(), st.fractions(), st.decimals(),
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
def test_near_misses_never_raise_and_never_pass_far_from_the_answer(value):
    for check, right in [
        (ch2.check_max_fear, ch2.max_fear()),
        (ch2.check_rescue, ch2.rescue_distinguishability()),
        (ch2.check_harmony, ch2.harmony_distinguishability()),
        (ch3.check_posterior, ch3.posterior_trust()),
    ]:
        feedback = check(value)
        assert isinstance(feedback, Feedback)
        if abs(value - right) > 0.006:
            assert not feedback


def test_the_checks_module_of_chapter_3_loads_without_axelrod():
    """`from dilemma.checks import ch3` must stay quick: spiral (and axelrod) load on demand."""
    import subprocess
    import sys

    code = "import sys; from dilemma.checks import ch3; print('dilemma.spiral' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_threshold_check_agrees_with_games():
    game = games.security_game(worlds.effective_offence(ch2.OFFENCE, ch2.DISTINGUISHABILITY))
    assert ch2.threshold() == games.trust_threshold(game).p
