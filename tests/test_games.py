"""The security dilemma as a 2×2 game: exact values from the textbook games and
properties that must hold across the whole parameter range."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dilemma import games
from dilemma.games import Game

# Textbook payoff sets (R, S, T, P), with the orderings that define each game
# (Osborne 2004; Skyrms 2004).
PRISONERS_DILEMMA = Game(R=3, S=0, T=5, P=1)  # T > R > P > S (Axelrod's tournament payoffs)
STAG_HUNT = Game(R=4, S=0, T=3, P=2)  # R > T > P > S
CHICKEN = Game(R=3, S=1, T=4, P=0)  # T > R > S > P
HARMONY = Game(R=4, S=2, T=3, P=1)  # R > T and S > P
DEADLOCK = Game(R=1, S=0, T=3, P=2)  # T > P > R > S


def equilibrium_cells(game: Game) -> set[tuple[float, float]]:
    table = games.equilibria(game)
    return set(zip(table["p_restrain_1"], table["p_restrain_2"], strict=True))


class TestTextbookGames:
    @pytest.mark.parametrize(
        ("game", "name"),
        [
            (PRISONERS_DILEMMA, "prisoner's dilemma"),
            (STAG_HUNT, "stag hunt"),
            (CHICKEN, "chicken"),
            (HARMONY, "harmony"),
            (DEADLOCK, "deadlock"),
            (Game(R=3, S=1, T=3, P=2), "borderline"),
        ],
    )
    def test_each_ordering_names_its_game(self, game, name):
        assert games.classify(game) == name

    def test_prisoners_dilemma_has_mutual_arming_as_its_only_equilibrium(self):
        table = games.equilibria(PRISONERS_DILEMMA)
        assert equilibrium_cells(PRISONERS_DILEMMA) == {(0.0, 0.0)}
        assert table.loc[0, ["payoff_1", "payoff_2"]].tolist() == [1.0, 1.0]

    def test_harmony_has_mutual_restraint_as_its_only_equilibrium(self):
        assert equilibrium_cells(HARMONY) == {(1.0, 1.0)}

    def test_stag_hunt_has_two_pure_equilibria_and_a_mixed_one_at_the_threshold(self):
        # p* = (P - S) / ((R - T) + (P - S)) = (2 - 0) / ((4 - 3) + (2 - 0)) = 2/3
        table = games.equilibria(STAG_HUNT)
        assert table["kind"].tolist() == ["pure", "pure", "mixed"]
        mixed = table.iloc[2]
        assert mixed["p_restrain_1"] == pytest.approx(2 / 3)
        assert mixed["p_restrain_2"] == pytest.approx(2 / 3)
        assert mixed["payoff_1"] == pytest.approx(2 / 3 * 4 + 1 / 3 * 0)

    def test_chicken_has_two_asymmetric_pure_equilibria_and_a_mixed_one(self):
        # Each does the opposite of the other; mixed p = (P - S) / ((R - T) + (P - S)) = 1/2.
        cells = equilibrium_cells(CHICKEN)
        assert {(1.0, 0.0), (0.0, 1.0)} <= cells
        assert (0.5, 0.5) in {(round(a, 9), round(b, 9)) for a, b in cells}

    def test_payoff_table_marks_pure_equilibria(self):
        table = games.payoff_table(STAG_HUNT).set_index(["you", "rival"])
        assert table.loc[("Restrain", "Restrain"), "nash"]
        assert table.loc[("Arm", "Arm"), "nash"]
        assert not table.loc[("Restrain", "Arm"), "nash"]
        assert table.loc[("Restrain", "Arm"), ["payoff_you", "payoff_rival"]].tolist() == [0.0, 3.0]


class TestTrustThreshold:
    def test_stag_hunt_threshold_is_the_textbook_formula(self):
        threshold = games.trust_threshold(STAG_HUNT)
        assert threshold.when == "above"
        assert threshold.p == pytest.approx(2 / 3)

    def test_chicken_pays_restraint_only_below_its_threshold(self):
        threshold = games.trust_threshold(CHICKEN)
        assert (threshold.when, threshold.p) == ("below", pytest.approx(0.5))

    def test_harmony_always_and_prisoners_dilemma_never(self):
        assert games.trust_threshold(HARMONY) == games.Threshold(p=0.0, when="always")
        assert games.trust_threshold(PRISONERS_DILEMMA) == games.Threshold(p=None, when="never")

    def test_at_the_threshold_both_moves_pay_the_same(self):
        payoffs = games.expected_payoffs(STAG_HUNT, games.trust_threshold(STAG_HUNT).p)
        assert payoffs["Restrain"] == pytest.approx(payoffs["Arm"])


class TestOffenceAdvantage:
    """The stylised mapping from Jervis (1978): offence raises T and lowers S."""

    @pytest.mark.parametrize(
        ("offence", "name"),
        [(0.0, "harmony"), (0.3, "harmony"), (0.35, "stag hunt"), (0.5, "stag hunt"),
         (0.65, "stag hunt"), (0.7, "prisoner's dilemma"), (1.0, "prisoner's dilemma")],
    )  # fmt: skip
    def test_defence_dominance_is_harmony_offence_dominance_a_prisoners_dilemma(self, offence, name):
        assert games.classify(games.security_game(offence)) == name

    @pytest.mark.parametrize(("offence", "threshold"), [(0.4, 0.2), (0.5, 0.5), (0.6, 0.8)])
    def test_threshold_is_three_omega_minus_one(self, offence, threshold):
        assert games.trust_threshold(games.security_game(offence)).p == pytest.approx(threshold)

    @pytest.mark.parametrize(("reward", "punishment"), [(3, 1), (10, -5), (0.5, 0.25)])
    def test_threshold_does_not_depend_on_reward_or_punishment(self, reward, punishment):
        game = games.security_game(0.5, reward=reward, punishment=punishment)
        assert games.trust_threshold(game).p == pytest.approx(0.5)

    def test_the_boundaries_are_ties(self):
        assert games.classify(games.security_game(2 / 3)) == "borderline"

    def test_at_the_pd_boundary_only_certain_restraint_makes_restraint_pay(self):
        # T = R: restraint ties with arming only if the rival surely restrains (p* = 1).
        game = Game(R=3, S=0, T=3, P=1)
        assert games.trust_threshold(game) == games.Threshold(p=1.0, when="above")
        assert games.trust_threshold(Game(R=3, S=1, T=4, P=1)) == games.Threshold(p=0.0, when="below")

    def test_explorer_frame_repeats_the_summary_on_every_cell(self):
        frame = games.security_game_frame(0.5)
        assert len(frame) == 4
        assert set(frame["game"]) == {"stag hunt"}
        assert frame["threshold"].tolist() == pytest.approx([0.5] * 4)
        assert frame["caption"].iloc[0] == "Stag hunt: restraint pays only if P(rival restrains) ≥ 0.50."

    def test_prisoners_dilemma_frame_has_no_threshold(self):
        frame = games.security_game_frame(0.9)
        assert frame["threshold"].isna().all()
        assert "arming pays whatever you believe" in frame["caption"].iloc[0]


class TestBadInput:
    @pytest.mark.parametrize("offence", [-0.01, 1.5, math.inf, math.nan])
    def test_offence_out_of_range_is_refused_by_name(self, offence):
        with pytest.raises(ValueError, match="offence"):
            games.security_game(offence)

    @pytest.mark.parametrize("offence", ["0.5", None, [0.5], True])
    def test_offence_of_the_wrong_type_is_refused_by_name(self, offence):
        with pytest.raises(TypeError, match="offence must be a real number"):
            games.security_game(offence)

    def test_an_arms_race_that_beats_restraint_is_refused(self):
        with pytest.raises(ValueError, match="reward must exceed punishment"):
            games.security_game(0.5, reward=1, punishment=2)

    @pytest.mark.parametrize("bad", [math.nan, math.inf, 1e7, "3"])
    def test_payoffs_must_be_finite_numbers(self, bad):
        with pytest.raises((TypeError, ValueError), match="payoff R"):
            Game(R=bad, S=0, T=1, P=2)

    def test_a_non_game_is_refused(self):
        with pytest.raises(TypeError, match=r"game must be a dilemma\.games\.Game"):
            games.classify((3, 0, 5, 1))

    def test_belief_outside_probability_range(self):
        with pytest.raises(ValueError, match=r"belief must lie in \[0, 1\]"):
            games.expected_payoffs(STAG_HUNT, 1.2)


# -- properties across the whole range ---------------------------------------------
payoff = st.floats(min_value=-100, max_value=100, allow_nan=False).map(lambda x: round(x, 3))
any_game = st.builds(Game, R=payoff, S=payoff, T=payoff, P=payoff)
offence = st.floats(min_value=0, max_value=1)


def is_best_reply(game: Game, mine: float, theirs: float, tolerance: float = 1e-7) -> bool:
    """No pure deviation beats the mixed strategy ``mine`` against ``theirs``."""
    expected = games.expected_payoffs(game, theirs)
    current = mine * expected["Restrain"] + (1 - mine) * expected["Arm"]
    return current >= max(expected.values()) - tolerance


@settings(max_examples=200, deadline=None)
@given(any_game)
def test_every_game_has_an_equilibrium_of_mutual_best_replies(game):
    table = games.equilibria(game)
    assert len(table) >= 1  # Nash's theorem
    assert np.isfinite(table[["p_restrain_1", "p_restrain_2", "payoff_1", "payoff_2"]].to_numpy()).all()
    for p1, p2 in zip(table["p_restrain_1"], table["p_restrain_2"], strict=True):
        assert 0 <= p1 <= 1 and 0 <= p2 <= 1
        assert is_best_reply(game, p1, p2) and is_best_reply(game, p2, p1)


@settings(max_examples=200, deadline=None)
@given(any_game, st.floats(min_value=0, max_value=1))
def test_threshold_says_exactly_when_restraint_pays(game, belief):
    threshold = games.trust_threshold(game)
    payoffs = games.expected_payoffs(game, belief)
    restraint_pays = payoffs["Restrain"] >= payoffs["Arm"] - 1e-9
    if threshold.when == "always":
        assert restraint_pays
    elif threshold.when == "never":
        assert not payoffs["Restrain"] > payoffs["Arm"] + 1e-9
    else:
        assert 0 <= threshold.p <= 1
        margin = abs(belief - threshold.p) > 1e-6
        if margin:
            on_side = belief > threshold.p if threshold.when == "above" else belief < threshold.p
            assert restraint_pays == on_side


@settings(max_examples=200, deadline=None)
@given(offence, offence)
def test_more_offence_advantage_never_lowers_the_trust_needed(a, b):
    low, high = sorted((a, b))

    def need(w: float) -> float:
        threshold = games.trust_threshold(games.security_game(w))
        return {"always": 0.0, "never": 1.0}.get(threshold.when, threshold.p)

    game_low, game_high = games.security_game(low), games.security_game(high)
    assert game_high.T >= game_low.T and game_high.S <= game_low.S
    assert need(high) >= need(low) - 1e-12


@settings(max_examples=100, deadline=None)
@given(offence)
def test_explorer_frame_is_finite_and_complete(w):
    frame = games.security_game_frame(w)
    assert isinstance(frame, pd.DataFrame) and len(frame) == 4
    assert np.isfinite(frame[["payoff_you", "payoff_rival"]].to_numpy()).all()
    assert frame["nash"].any()
    assert frame["game"].iloc[0] in games.GAME_TYPES
