"""Jervis's four worlds: the map agrees with Jervis's table and with chapter 1's game."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dilemma import games, worlds

unit = st.floats(0, 1)


class TestJervisTable:
    @pytest.mark.parametrize(
        ("offence", "distinguishability", "label"),
        [
            (0.9, 0.1, "doubly dangerous"),
            (0.1, 0.1, "security dilemma, but security requirements may be compatible"),
            (0.9, 0.9, "no security dilemma, but aggression possible"),
            (0.1, 0.9, "doubly stable"),
        ],
    )
    def test_each_quadrant_has_jervis_label(self, offence, distinguishability, label):
        assert worlds.jervis_world(offence, distinguishability) == label

    def test_offence_dominant_and_indistinguishable_is_a_prisoners_dilemma(self):
        assert worlds.assess(1.0, 0.0, fear=0.0).game == "prisoner's dilemma"

    def test_defence_dominant_and_distinguishable_is_harmony(self):
        assert worlds.assess(0.0, 1.0, fear=1.0).game == "harmony"

    def test_full_distinguishability_removes_the_dilemma_whatever_the_offence(self):
        """Jervis's lower row: with distinguishable postures there is no security dilemma."""
        for offence in (0.0, 0.5, 1.0):
            a = worlds.assess(offence, 1.0, fear=0.9)
            assert (a.intensity, a.decision) == (0.0, "restrain")


class TestTheModelIsChapterOnesGame:
    def test_effective_offence_is_offence_times_indistinguishability(self):
        assert worlds.effective_offence(0.8, 0.25) == pytest.approx(0.6)

    def test_indistinguishable_postures_give_chapter_one_exactly(self):
        for offence in (0.4, 0.5, 0.6):
            a = worlds.assess(offence, 0.0, fear=0.0)
            assert a.intensity == pytest.approx(games.trust_threshold(games.security_game(offence)).p)

    def test_stag_hunt_threshold_is_three_omega_eff_minus_one(self):
        a = worlds.assess(0.7, 0.2, fear=0.3)  # ω_eff = 0.56
        assert a.game == "stag hunt"
        assert a.intensity == pytest.approx(3 * 0.56 - 1)
        assert a.decision == "restrain"  # trust 0.7 ≥ 0.68

    def test_a_little_more_fear_tips_the_same_state_into_arming(self):
        assert worlds.assess(0.7, 0.2, fear=0.4).decision == "arm"  # trust 0.6 < 0.68

    def test_equilibria_are_reported_in_words(self):
        assert worlds.assess(0.5, 0.0, 0.0).equilibria == "both restrain; both arm; mixed: each restrains 50%"


class TestTheMap:
    def test_map_has_every_cell_once(self):
        cells = worlds.four_worlds(0.3)
        assert len(cells) == 121
        assert not cells.duplicated(["offence", "distinguishability"]).any()

    def test_map_agrees_with_assess_cell_by_cell(self):
        cells = worlds.four_worlds(0.5)
        for row in cells.sample(20, random_state=1).itertuples():
            a = worlds.assess(row.offence, row.distinguishability, 0.5)
            assert (row.game, row.decision) == (a.game, a.decision)
            assert row.intensity == pytest.approx(a.intensity)

    @given(fear=unit)
    def test_more_fear_never_makes_restraint_more_common(self, fear):
        more = min(1.0, fear + 0.1)
        restrain = (worlds.four_worlds(fear)["decision"] == "restrain").sum()
        assert (worlds.four_worlds(more)["decision"] == "restrain").sum() <= restrain


class TestProperties:
    @given(offence=unit, distinguishability=unit, fear=unit)
    def test_intensity_is_a_probability_and_decision_follows_it(self, offence, distinguishability, fear):
        a = worlds.assess(offence, distinguishability, fear)
        assert 0.0 <= a.intensity <= 1.0
        if a.game == "harmony":
            assert a.decision == "restrain"
        if a.game == "prisoner's dilemma":
            assert a.decision == "arm"

    @given(offence=unit, low=unit, high=unit)
    def test_distinguishability_never_raises_the_trust_needed(self, offence, low, high):
        low, high = sorted((low, high))
        assert (
            worlds.assess(offence, high, 0.0).intensity <= worlds.assess(offence, low, 0.0).intensity + 1e-12
        )

    @given(low=unit, high=unit, distinguishability=unit)
    def test_offence_never_lowers_the_trust_needed(self, low, high, distinguishability):
        low, high = sorted((low, high))
        assert (
            worlds.assess(low, distinguishability, 0.0).intensity
            <= worlds.assess(high, distinguishability, 0.0).intensity + 1e-12
        )


class TestBadInput:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            (
                {"offence": 1.5, "distinguishability": 0.5, "fear": 0.2},
                r"offence must lie in \[0, 1\], got 1.5",
            ),
            (
                {"offence": 0.5, "distinguishability": -0.1, "fear": 0.2},
                r"distinguishability must lie in \[0, 1\]",
            ),
            ({"offence": 0.5, "distinguishability": 0.5, "fear": 2}, r"fear must lie in \[0, 1\], got 2"),
        ],
    )
    def test_out_of_range_names_the_parameter_and_its_range(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            worlds.assess(**kwargs)

    def test_wrong_type_names_the_parameter(self):
        with pytest.raises(TypeError, match="fear must be a real number"):
            worlds.four_worlds("high")
