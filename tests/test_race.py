"""Racing to the precipice: closed forms, limits, the equilibria, and a Monte Carlo check.

The closed forms of :mod:`dilemma.race` are our derivation of the model of
Armstrong, Bostrom and Shulman (2016). Two independent checks stand behind them:
a simulation of the race (draw capabilities, apply the equilibrium strategies,
count disasters) and a search for profitable unilateral deviations.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dilemma import race
from dilemma.explorer import DeclarationError, Param

teams = st.integers(2, race.TEAMS_MAX)
enmity = st.floats(0.01, 1.0)
ratio = st.floats(0.0, race.RATIO_MAX)


# --- Exact values ------------------------------------------------------------------------


class TestClosedForms:
    def test_no_information(self):
        # s = μ/(e n) = 1.5/(1·2) = 0.75
        assert race.safety_none(2, 1.0, 1.5) == pytest.approx(0.75)
        assert race.disaster_none(2, 1.0, 1.5) == pytest.approx(0.25)
        assert race.disaster_none(5, 0.5, 2.0) == pytest.approx(1 - 2 / 2.5)
        assert race.disaster_none(2, 1.0, 2.0) == 0  # μ = e n: full safety

    def test_private_information(self):
        # k = 1 + e (n − 1) = 5 for n = 5, e = 1; μ = 2 < k: 1 − n μ / ((n + 1) k)
        assert race.safety_private(2.0, 5, 1.0) == pytest.approx(0.4)
        assert race.safety_private(7.0, 5, 1.0) == 1.0
        assert race.disaster_private(5, 1.0, 2.0) == pytest.approx(1 - 10 / 30)
        # μ = 4 > k = 2 (n = 2, e = 1): k^n / ((n + 1) μ^n) = 4 / (3 · 16)
        assert race.disaster_private(2, 1.0, 4.0) == pytest.approx(1 / 12)

    def test_public_information(self):
        assert race.safety_public(0.2, 0.5) == pytest.approx(0.4)
        assert race.safety_public(0.7, 0.5) == 1.0
        # μ ≤ e: 1 − μ / ((n + 1) e)
        assert race.disaster_public(2, 1.0, 0.6) == pytest.approx(1 - 0.6 / 3)
        # μ = 2, e = 1, n = 2: 1 − (2/3)(1 − (1/2)^3) = 5/12
        assert race.disaster_public(2, 1.0, 2.0) == pytest.approx(5 / 12)

    @pytest.mark.parametrize("regime", race.REGIMES)
    @pytest.mark.parametrize(("n", "e"), [(2, 1.0), (5, 0.5), (3, 0.2)])
    def test_branches_meet_at_their_thresholds(self, regime, n, e):
        threshold = {"none": e * n, "private": 1 + e * (n - 1), "public": e}[regime]
        below = race.disaster(regime, n, e, threshold * (1 - 1e-9))
        above = race.disaster(regime, n, e, threshold * (1 + 1e-9))
        assert below == pytest.approx(above, abs=1e-7)


class TestLimits:
    @pytest.mark.parametrize("regime", race.REGIMES)
    @given(n=teams, e=enmity)
    @settings(max_examples=30)
    def test_when_capability_is_irrelevant_nobody_takes_care(self, regime, n, e):
        """μ = 0: the race is won by risk alone, and in equilibrium nobody takes any care."""
        assert race.disaster(regime, n, e, 0.0) == 1.0

    def test_large_ratio(self):
        """No information: safe from μ = e n on. Private decays like μ^−n, public like 1/μ."""
        n, e = 3, 0.8
        assert race.disaster_none(n, e, 50) == 0
        k = 1 + e * (n - 1)
        assert race.disaster_private(n, e, 50) * 50**n == pytest.approx(k**n / (n + 1))
        # public: 1 − (μ/((n+1)e))(1 − (1 − e/μ)^(n+1)) ≈ n e / (2 μ)
        assert race.disaster_public(n, e, 100) * 100 == pytest.approx(n * e / 2, rel=0.02)

    def test_small_enmity(self):
        """As e → 0 no information and public information become safe; private information does not."""
        n, mu, e = 3, 0.5, 1e-6
        assert race.disaster_none(n, e, mu) == 0
        assert race.disaster_public(n, e, mu) == pytest.approx(0, abs=1e-5)
        assert race.disaster_private(n, e, mu) == pytest.approx(1 - n * mu / (n + 1), abs=1e-5)

    def test_maximal_enmity_makes_private_and_public_agree_below_one(self):
        for n in (2, 5, 9):
            for mu in (0.2, 0.7, 1.0):
                assert race.disaster_private(n, 1.0, mu) == pytest.approx(race.disaster_public(n, 1.0, mu))


# --- Properties across the whole slider range ----------------------------------------------


class TestProperties:
    @given(n=teams, e=enmity, mu=ratio)
    def test_probabilities_are_finite_and_in_range(self, n, e, mu):
        for value in race.disasters(n, e, mu).values():
            assert math.isfinite(value) and 0 <= value <= 1

    @given(n=teams, e=enmity, mu=ratio)
    def test_no_information_is_always_safest(self, n, e, mu):
        """The paper's "curse of too much information": knowing nothing is safest."""
        d = race.disasters(n, e, mu)
        assert d["none"] <= d["private"] + 1e-12
        assert d["none"] <= d["public"] + 1e-12

    @given(n=teams, e=enmity)
    def test_public_information_is_the_most_dangerous_in_the_long_run(self, n, e):
        """Public risk decays like 1/μ, private like μ^−n: at μ = 100 public is the riskiest regime."""
        d = race.disasters(n, e, race.RATIO_MAX)
        assert d["public"] >= d["private"]

    @given(n=teams, e=st.floats(0.5, 1.0), multiple=st.floats(2.0, 10.0))
    def test_with_strong_enmity_public_is_riskiest_beyond_twice_the_private_threshold(self, n, e, multiple):
        mu = min(race.RATIO_MAX, multiple * (1 + e * (n - 1)))
        d = race.disasters(n, e, mu)
        assert d["public"] >= d["private"] - 1e-12

    def test_private_can_be_riskier_than_public_when_capability_matters_little(self):
        """With e < 1 and small μ the ranking of private and public information flips."""
        assert race.disaster_private(2, 0.5, 1.0) > race.disaster_public(2, 0.5, 1.0)

    @pytest.mark.parametrize("regime", race.REGIMES)
    @given(n=teams, e=enmity, mu=st.floats(0.0, race.RATIO_MAX - 1), step=st.floats(0.01, 1.0))
    def test_more_capability_weight_never_raises_risk(self, regime, n, e, mu, step):
        assert race.disaster(regime, n, e, mu + step) <= race.disaster(regime, n, e, mu) + 1e-12

    @pytest.mark.parametrize("regime", race.REGIMES)
    @given(n=teams, e=st.floats(0.01, 0.99), mu=ratio, step=st.floats(0.001, 0.5))
    def test_more_enmity_never_lowers_risk(self, regime, n, e, mu, step):
        assert race.disaster(regime, n, min(1.0, e + step), mu) >= race.disaster(regime, n, e, mu) - 1e-12

    @pytest.mark.parametrize("regime", ["none", "public"])
    @given(n=st.integers(2, race.TEAMS_MAX - 1), e=enmity, mu=ratio)
    def test_more_teams_never_lower_risk_without_private_information(self, regime, n, e, mu):
        assert race.disaster(regime, n + 1, e, mu) >= race.disaster(regime, n, e, mu) - 1e-12

    @given(n=st.integers(2, race.TEAMS_MAX - 1), e=st.floats(0.15, 1.0), mu=st.floats(0.0, 1.0))
    def test_more_teams_raise_private_risk_when_capability_matters_little(self, n, e, mu):
        """μ ≤ 1 ≤ k and e ≥ 1/7: 1 − n μ/((n + 1) k) rises with n (it needs e (n² + n + 1) ≥ 1)."""
        assert race.disaster_private(n + 1, e, mu) >= race.disaster_private(n, e, mu) - 1e-12

    def test_but_more_teams_can_lower_private_risk(self):
        """The paper's "in most cases": with private information and large μ, five teams are safer than two.

        With more teams the strongest team is more likely to be strong enough to take full care.
        """
        assert race.disaster_private(5, 1.0, 10.0) < race.disaster_private(2, 1.0, 10.0)


# --- Monte Carlo: simulate the race with the equilibrium strategies --------------------------

DRAWS = 200_000
SETTINGS = [(2, 1.0, 0.5), (2, 1.0, 3.0), (5, 0.5, 2.0), (5, 0.5, 7.0), (3, 0.2, 0.1), (4, 1.0, 12.0)]


def simulate(regime: str, n: int, e: float, mu: float, rng: np.random.Generator) -> np.ndarray:
    """One indicator of disaster per simulated race (the winner's AI fails with probability 1 − s).

    The strategies are applied as arrays; spot checks tie them to the module's safety functions.
    """
    capability = rng.uniform(0.0, mu, size=(DRAWS, n))
    if regime == "none":
        safety = np.full((DRAWS, n), race.safety_none(n, e, mu))
    elif regime == "private":
        safety = np.minimum(1.0, capability / (1 + e * (n - 1)))
        for x in capability[:5, 0]:
            assert race.safety_private(float(x), n, e) == pytest.approx(min(1.0, x / (1 + e * (n - 1))))
    else:  # the leader takes min(1, Δ/e); the others take enough care not to overtake it
        order = np.sort(capability, axis=1)
        gap = order[:, -1] - order[:, -2]
        safety = np.zeros((DRAWS, n))
        leader = capability.argmax(axis=1)
        safety[np.arange(DRAWS), leader] = np.minimum(1.0, gap / e)
        assert race.safety_public(float(gap[0]), e) == pytest.approx(min(1.0, gap[0] / e))
        # The leader wins: every other team prefers losing to overtaking (see the deviation tests
        # below, and test_public_profile_lets_the_leader_win), so scores are not compared here.
        return rng.random(DRAWS) >= safety[np.arange(DRAWS), leader]
    winner = (capability - safety).argmax(axis=1)
    return rng.random(DRAWS) >= safety[np.arange(DRAWS), winner]


@pytest.mark.parametrize("regime", race.REGIMES)
@pytest.mark.parametrize(("n", "e", "mu"), SETTINGS)
def test_simulated_disaster_frequency_matches_the_closed_form(regime, n, e, mu):
    rng = np.random.default_rng(20160601 + 7 * n + round(100 * mu))
    outcomes = simulate(regime, n, e, mu, rng)
    expected = race.disaster(regime, n, e, mu)
    error = math.sqrt(max(expected * (1 - expected), 1e-12) / DRAWS)
    assert abs(outcomes.mean() - expected) <= 4.5 * error + 1e-9


# --- Nash equilibrium: no profitable unilateral deviation (two teams) --------------------------


def win_probability_two_none(shift: np.ndarray, mu: float) -> np.ndarray:
    """P(c₁ + shift > c₂) for c₁, c₂ uniform on [0, μ]: the deviator gives up ``shift`` less safety."""
    d = np.clip(shift / mu, -1.0, 1.0)
    return np.where(d >= 0, 1 - (1 - d) ** 2 / 2, (1 + d) ** 2 / 2)


@pytest.mark.parametrize(("e", "mu"), [(1.0, 0.5), (1.0, 1.5), (0.5, 0.4), (0.3, 0.2), (0.8, 3.0)])
def test_no_information_equilibrium_has_no_profitable_deviation(e, mu):
    star = race.safety_none(2, e, mu)
    own = np.linspace(0.0, 1.0, 2001)
    p = win_probability_two_none(star - own, mu)
    utility = p * own + (1 - p) * (1 - e) * star
    at_star = 0.5 * star + 0.5 * (1 - e) * star
    assert utility.max() <= at_star + 1e-9


@pytest.mark.parametrize(("e", "mu"), [(1.0, 1.0), (1.0, 3.0), (0.5, 1.2), (0.5, 4.0), (0.2, 0.8)])
def test_private_information_equilibrium_has_no_profitable_deviation(e, mu):
    """Team 1 knows its capability x; team 2 follows s(y) = min(1, y/k). Team 1 tries every safety."""
    k = 1 + e * (2 - 1)
    y = (np.arange(4000) + 0.5) * mu / 4000  # the rival's capability, midpoint rule
    rival_safety = np.minimum(1.0, y / k)
    rival_score = y - rival_safety
    own = np.linspace(0.0, 1.0, 801)
    for x in np.linspace(0.0, mu, 13):
        wins = (x - own)[:, None] > rival_score[None, :]
        utility = (wins * own[:, None] + ~wins * (1 - e) * rival_safety[None, :]).mean(axis=1)
        star = race.safety_private(float(x), 2, e)
        star_wins = (x - star) > rival_score
        at_star = (star_wins * star + ~star_wins * (1 - e) * rival_safety).mean()
        assert utility.max() <= at_star + 2e-3  # grid error of the midpoint rule


@pytest.mark.parametrize("e", [0.3, 0.5, 1.0])
@pytest.mark.parametrize("gap", [0.05, 0.3, 0.8, 1.5])
def test_public_information_equilibrium_has_no_profitable_deviation(e, gap):
    """Leader at min(1, Δ/e), runner-up at the safety that ties it; ties go to the leader."""
    s1 = race.safety_public(gap, e)
    s2 = max(0.0, s1 - gap)
    grid = np.linspace(0.0, 1.0, 4001)

    def leader_utility(own, rival):
        wins = own <= gap + rival + 1e-12
        return np.where(wins, own, (1 - e) * rival)

    def runner_up_utility(own, leader):
        wins = own < leader - gap - 1e-12
        return np.where(wins, own, (1 - e) * leader)

    assert leader_utility(grid, s2).max() <= leader_utility(np.array(s1), s2) + 1e-9
    assert runner_up_utility(grid, s1).max() <= runner_up_utility(np.array(s2), s1) + 1e-9


# --- Nash equilibrium with more than two teams --------------------------------------------------
#
# With n teams a deviating team faces the strongest of its n − 1 rivals; the tests below integrate
# over that rival's capability (midpoint rule) and try every safety on a grid.

GRID = np.linspace(0.0, 1.0, 1001)


@pytest.mark.parametrize("n", [3, 5])
@pytest.mark.parametrize(("e", "mu"), [(1.0, 0.3), (1.0, 2.0), (0.5, 1.0), (0.2, 0.4), (0.7, 6.0)])
def test_no_information_equilibrium_has_no_profitable_deviation_for_n_teams(n, e, mu):
    """Rivals at s; the deviator at t wins when its capability beats theirs by t − s."""
    star = race.safety_none(n, e, mu)
    own_capability = (np.arange(4000) + 0.5) * mu / 4000
    shift = GRID - star
    wins = (np.clip((own_capability[None, :] - shift[:, None]) / mu, 0.0, 1.0) ** (n - 1)).mean(axis=1)
    utility = wins * GRID + (1 - wins) * (1 - e) * star
    at_star = star / n + (1 - 1 / n) * (1 - e) * star
    assert utility.max() <= at_star + 1e-6


@pytest.mark.parametrize("n", [3, 5])
@pytest.mark.parametrize(("e", "mu"), [(1.0, 1.0), (1.0, 6.0), (0.5, 2.5), (0.2, 0.8)])
def test_private_information_equilibrium_has_no_profitable_deviation_for_n_teams(n, e, mu):
    """Rivals follow s(y) = min(1, y/k); only the strongest rival can beat the deviator."""
    k = 1 + e * (n - 1)
    cells = 4000
    y = (np.arange(cells) + 0.5) * mu / cells
    weight = (n - 1) * y ** (n - 2) / mu ** (n - 1) * (mu / cells)  # density of the strongest rival
    rival_safety = np.minimum(1.0, y / k)
    rival_score = y - rival_safety
    for x in np.linspace(0.0, mu, 11):
        wins = (x - GRID)[:, None] > rival_score[None, :]
        utility = (wins * GRID[:, None] * weight + ~wins * (1 - e) * rival_safety * weight).sum(axis=1)
        star = race.safety_private(float(x), n, e)
        star_wins = (x - star) > rival_score
        at_star = (star_wins * star * weight + ~star_wins * (1 - e) * rival_safety * weight).sum()
        assert utility.max() <= at_star + 2e-3  # grid error of the midpoint rule


@pytest.mark.parametrize(("n", "e", "mu"), [(3, 0.5, 2.0), (5, 0.3, 1.0), (5, 1.0, 4.0)])
def test_public_profile_lets_the_leader_win(n, e, mu):
    """Leader at min(1, Δ/e), team j at min(1, max(0, s − Δⱼ)): no team j gains by overtaking.

    Overtaking needs safety below s − Δⱼ, worth at most s − Δⱼ to team j, against (1 − e) s if it
    lets the leader win; Δⱼ ≥ Δ ≥ e s makes losing at least as good.
    """
    rng = np.random.default_rng(2013)
    capability = np.sort(rng.uniform(0.0, mu, size=(20_000, n)), axis=1)
    lead = capability[:, -1:] - capability  # Δⱼ for every team (0 for the leader)
    gap = lead[:, -2]
    leader = np.minimum(1.0, gap / e)
    others = np.clip(leader[:, None] - lead[:, :-1], 0.0, 1.0)
    assert np.all(capability[:, -1] - leader >= (capability[:, :-1] - others).max(axis=1) - 1e-12)
    best_overtake = leader[:, None] - lead[:, :-1]  # the supremum of team j's utility from winning
    assert np.all(best_overtake <= (1 - e) * leader[:, None] + 1e-12)


# --- Frames and validation -------------------------------------------------------------------


class TestFrames:
    def test_disaster_frame_is_tidy(self):
        frame = race.disaster_frame(3, 0.7, ratios=[0.0, 1.0, 2.5])
        assert list(frame.columns) == ["ratio", "regime", "disaster"]
        assert len(frame) == 9 and set(frame["regime"]) == set(race.REGIMES)
        row = frame.query("regime == 'public' and ratio == 2.5")["disaster"].item()
        assert row == pytest.approx(race.disaster_public(3, 0.7, 2.5))

    def test_default_grid_runs_from_zero_to_ten(self):
        frame = race.disaster_frame(2, 1.0)
        assert frame["ratio"].min() == 0 and frame["ratio"].max() == 10
        assert frame["ratio"].nunique() == 41

    def test_race_curves_is_the_same_numbers_side_by_side(self):
        wide = race.race_curves(4, 0.6)
        long = race.disaster_frame(4, 0.6)
        assert list(wide.columns) == ["ratio", "none", "private", "public"]
        back = wide.melt(id_vars="ratio", var_name="regime", value_name="disaster")
        merged = back.merge(long, on=["ratio", "regime"], suffixes=("", "_long"))
        assert len(merged) == len(long)
        assert np.allclose(merged["disaster"], merged["disaster_long"])

    def test_figure_frame_has_the_papers_four_panels(self):
        frame = race.figure_frame()
        assert set(zip(frame["teams"], frame["enmity"], strict=True)) == {
            (2, 1.0),
            (2, 0.5),
            (5, 1.0),
            (5, 0.5),
        }
        assert len(frame) == 4 * 3 * 41
        assert frame["disaster"].between(0, 1).all()


class TestValidation:
    @pytest.mark.parametrize(
        ("args", "error", "message"),
        [
            ((1, 0.5, 1.0), ValueError, r"teams must lie in \[2, 20\], got 1"),
            ((21, 0.5, 1.0), ValueError, r"teams must lie in \[2, 20\], got 21"),
            ((2.5, 0.5, 1.0), ValueError, r"teams must be a whole number in \[2, 20\], got 2.5"),
            (("2", 0.5, 1.0), TypeError, r"teams must be a whole number in \[2, 20\], got '2'"),
            ((True, 0.5, 1.0), TypeError, "teams must be a whole number"),
            ((2, 0.0, 1.0), ValueError, r"enmity must lie in \(0, 1\], got 0"),
            ((2, 1.5, 1.0), ValueError, r"enmity must lie in \(0, 1\], got 1.5"),
            ((2, -0.2, 1.0), ValueError, r"enmity must lie in \(0, 1\], got -0.2"),
            ((2, float("nan"), 1.0), ValueError, "enmity must be finite"),
            ((2, 0.5, -1.0), ValueError, r"ratio must lie in \[0, 100\], got -1"),
            ((2, 0.5, 101.0), ValueError, r"ratio must lie in \[0, 100\], got 101"),
            ((2, 0.5, None), TypeError, "ratio must be a real number, got None"),
        ],
    )
    @pytest.mark.parametrize("regime", race.REGIMES)
    def test_bad_input_names_parameter_value_and_range(self, regime, args, error, message):
        with pytest.raises(error, match=message):
            race.disaster(regime, *args)

    def test_unknown_regime(self):
        with pytest.raises(
            ValueError, match="regime must be one of 'none', 'private', 'public', got 'secret'"
        ):
            race.disaster("secret", 2, 0.5, 1.0)

    def test_teams_given_as_a_whole_float_is_accepted(self):
        assert race.disaster_none(3.0, 0.5, 1.0) == race.disaster_none(3, 0.5, 1.0)

    def test_bad_ratios_in_a_frame(self):
        with pytest.raises(ValueError, match=r"ratio must lie in \[0, 100\], got 200"):
            race.disaster_frame(2, 0.5, ratios=[1.0, 200.0])
        with pytest.raises(ValueError, match="ratios must contain at least one value"):
            race.disaster_frame(2, 0.5, ratios=[])

    def test_safety_functions_validate_too(self):
        with pytest.raises(ValueError, match=r"capability must lie in \[0, 100\], got -0.5"):
            race.safety_private(-0.5, 2, 0.5)
        with pytest.raises(ValueError, match=r"gap must lie in \[0, 100\], got -1"):
            race.safety_public(-1, 0.5)


# --- The explorer and the figure -----------------------------------------------------------


class TestExplorer:
    def test_teams_slider_moves_in_whole_teams_in_the_live_face(self):
        from dilemma.explorers import race_explorer

        face = race_explorer().live()
        assert face.controls["teams"].step == 1
        assert face.controls["enmity"].step == pytest.approx(0.01)
        face.controls["teams"].value = 5
        pd.testing.assert_frame_equal(face.data, race.race_curves(5, race_explorer().defaults["enmity"]))

    def test_integer_parameter_needs_whole_numbers(self):
        with pytest.raises(DeclarationError, match="an integer parameter needs whole-number"):
            Param("teams", "Teams", 2, 10, 0.5, 2, integer=True)

    def test_presets_are_the_papers_settings(self):
        from dilemma.explorers import race_explorer

        presets = {tuple(sorted(p.values.items())) for p in race_explorer().presets}
        assert presets == {
            (("enmity", e), ("teams", n)) for n in race.PAPER_TEAMS for e in race.PAPER_ENMITIES
        }

    def test_figure_renders_four_panels(self):
        import vl_convert

        from dilemma.explorers import race_figure

        spec = race_figure().to_dict()
        assert spec["description"].startswith("Four line charts")
        svg = vl_convert.vegalite_to_svg(spec)
        for panel in ("2 teams, enmity 1", "5 teams, enmity 0.5"):
            assert panel in svg
