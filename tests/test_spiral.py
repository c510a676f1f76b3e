"""Spirals from misperception: noisy reciprocity, checked against the theory of memory-one strategies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dilemma import spiral


def stationary_cooperation(four_vector: tuple[float, float, float, float], noise: float) -> float:
    """Long-run cooperation of a memory-one strategy against itself (Nowak and Sigmund's Markov chain).

    ``four_vector`` gives the probability of cooperating after CC, CD, DC and DD (own move first);
    noise flips each intended move with probability ``noise``.
    """
    p = np.array(four_vector) * (1 - noise) + (1 - np.array(four_vector)) * noise
    q = p[[0, 2, 1, 3]]  # the co-player sees CD as DC
    transition = np.array(
        [[a * b, a * (1 - b), (1 - a) * b, (1 - a) * (1 - b)] for a, b in zip(p, q, strict=True)]
    )
    values, vectors = np.linalg.eig(transition.T)
    pi = np.real(vectors[:, np.argmin(np.abs(values - 1))])
    pi = pi / pi.sum()
    return float(pi[0] + (pi[1] + pi[2]) / 2)


class TestPublishedValues:
    def test_default_generosity_is_one_third_for_the_standard_payoffs(self):
        assert spiral.default_generosity(R=3, S=0, T=5, P=1) == pytest.approx(1 / 3)

    def test_axelrods_generous_tit_for_tat_uses_this_value_by_default(self):
        player = spiral.axl.GTFT()
        spiral.axl.Match((player, spiral.axl.GTFT()), turns=1).play()
        assert player.p == pytest.approx(spiral.default_generosity())

    def test_without_noise_reciprocators_cooperate_for_ever(self):
        for strategy in spiral.STRATEGIES:
            assert spiral.long_run(strategy, noise=0.0, turns=300) == {"cooperation": 1.0, "payoff": 3.0}

    @pytest.mark.parametrize("noise", [0.01, 0.05, 0.1])
    def test_tit_for_tat_falls_to_half_cooperation_at_any_noise(self, noise):
        """With noise, TFT against TFT visits CC, CD, DC and DD equally often in the long run."""
        assert stationary_cooperation((1, 0, 1, 0), noise) == pytest.approx(0.5)
        simulated = spiral.long_run("Tit-for-Tat", noise, turns=20_000)["cooperation"]
        assert simulated == pytest.approx(0.5, abs=0.04)

    @pytest.mark.parametrize(("noise", "generosity"), [(0.05, 1 / 3), (0.1, 0.2), (0.02, 0.5)])
    def test_generous_tit_for_tat_matches_its_markov_chain(self, noise, generosity):
        exact = stationary_cooperation((1, generosity, 1, generosity), noise)
        simulated = spiral.long_run("Generous Tit-for-Tat", noise, generosity, turns=20_000)["cooperation"]
        assert simulated == pytest.approx(exact, abs=0.03)


class TestTheLesson:
    def test_an_echo_one_misread_move_is_answered_by_alternating_defections(self):
        rounds = spiral.play("Tit-for-Tat", noise=0.04, turns=30).pivot(
            index="round", columns="player", values="move"
        )
        first = next(r for r in rounds.index if "D" in rounds.loc[r].tolist())
        following = rounds.loc[first : first + 5]
        assert (following[1] != following[2]).all()  # one defects while the other cooperates, turn about

    def test_generosity_and_contrition_restore_cooperation(self):
        tft = spiral.long_run("Tit-for-Tat", 0.05, turns=5000)["cooperation"]
        assert spiral.long_run("Generous Tit-for-Tat", 0.05, 1 / 3, turns=5000)["cooperation"] > tft + 0.25
        assert spiral.long_run("Contrite Tit-for-Tat", 0.05, turns=5000)["cooperation"] > tft + 0.25

    def test_generosity_zero_is_tit_for_tat(self):
        assert stationary_cooperation((1, 0, 1, 0), 0.05) == pytest.approx(0.5)
        assert spiral.long_run("Generous Tit-for-Tat", 0.05, 0.0, turns=5000) == spiral.long_run(
            "Tit-for-Tat", 0.05, turns=5000
        )


class TestProperties:
    @settings(max_examples=25, deadline=None)
    @given(
        strategy=st.sampled_from(spiral.STRATEGIES),
        noise=st.floats(0, 0.2),
        generosity=st.floats(0, 0.5),
        seed=st.integers(0, 2**32 - 1),
    )
    def test_rates_are_probabilities_and_payoffs_lie_between_mutual_defection_and_cooperation(
        self, strategy, noise, generosity, seed
    ):
        result = spiral.long_run(strategy, noise, generosity, turns=200, seed=seed)
        assert 0.0 <= result["cooperation"] <= 1.0
        assert 1.0 <= result["payoff"] <= 3.0

    def test_same_seed_same_match(self):
        a = spiral.play("Generous Tit-for-Tat", 0.1, 0.3, turns=100, seed=7)
        b = spiral.play("Generous Tit-for-Tat", 0.1, 0.3, turns=100, seed=7)
        assert a.equals(b)

    def test_explorer_frame_has_each_strategy_and_thirty_moves(self):
        frame = spiral.spiral_frame(0.04, 0.3)
        assert frame["strategy"].tolist() == [s for s in spiral.STRATEGIES for _ in (1, 2)]
        assert frame["moves"].str.len().eq(30).all()
        assert set("".join(frame["moves"])) <= {"C", "D"}


class TestBadInput:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"noise": 1.2}, r"noise must lie in \[0, 0.5\], got 1.2"),
            ({"noise": -0.1}, r"noise must lie in \[0, 0.5\]"),
            ({"generosity": 1.5}, r"generosity must lie in \[0, 1\], got 1.5"),
            ({"strategy": "Pavlov"}, r"strategy must be one of Tit-for-Tat, Generous Tit-for-Tat"),
            ({"turns": 0}, r"turns must be an integer in \[1, 100000\]"),
        ],
    )
    def test_invalid_parameters_name_themselves_and_their_range(self, kwargs, message):
        args = {"strategy": "Tit-for-Tat", "noise": 0.05, "generosity": 0.3, "turns": 10} | kwargs
        with pytest.raises(ValueError, match=message):
            spiral.play(**args)
