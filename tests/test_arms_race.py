"""Richardson's arms race: closed forms, the stability condition and the three outcomes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import expm

from dilemma import arms_race

coefficient = st.floats(0, 1)
grievance = st.floats(-1, 1)
level = st.floats(0, 5)


def closed_form(a, b, m, n, g, h, x0, y0, t):
    """z(t) = z* + exp(A t)(z0 − z*), the textbook solution of a linear system."""
    A = np.array([[-m, a], [b, -n]])
    star = np.array(arms_race.equilibrium(a, b, m, n, g, h))
    return star + expm(A * t) @ (np.array([x0, y0]) - star)


class TestEquilibrium:
    def test_symmetric_equilibrium_is_grievance_over_fatigue_minus_reaction(self):
        x, y = arms_race.equilibrium(a=0.4, b=0.4, m=0.6, n=0.6, g=0.5, h=0.5)
        assert x == pytest.approx(0.5 / (0.6 - 0.4))
        assert y == pytest.approx(x)

    def test_asymmetric_equilibrium_matches_the_formula(self):
        a, b, m, n, g, h = 0.3, 0.5, 0.8, 0.6, 0.2, 0.4
        x, y = arms_race.equilibrium(a, b, m, n, g, h)
        assert (x, y) == pytest.approx(((a * h + n * g) / (m * n - a * b), (b * g + m * h) / (m * n - a * b)))
        assert arms_race.Coefficients(a, b, m, n, g, h).rates(x, y) == pytest.approx((0, 0), abs=1e-12)

    def test_parallel_nullclines_have_no_equilibrium(self):
        assert arms_race.equilibrium(0.5, 0.5, 0.5, 0.5, 1, 1) is None


class TestStability:
    @pytest.mark.parametrize(
        ("a", "b", "m", "n", "stable"),
        [
            (0.4, 0.4, 0.6, 0.6, True),
            (0.8, 0.8, 0.4, 0.4, False),
            (0.2, 0.9, 0.5, 0.5, True),
            (0.9, 0.9, 0.9, 0.9, False),
        ],
    )
    def test_stable_exactly_when_fatigue_product_exceeds_reaction_product(self, a, b, m, n, stable):
        assert arms_race.is_stable(a, b, m, n) is stable

    @given(a=coefficient, b=coefficient, m=coefficient, n=coefficient)
    def test_condition_agrees_with_the_eigenvalues(self, a, b, m, n):
        eigen = np.linalg.eigvals(np.array([[-m, a], [b, -n]])).real
        if abs(m * n - a * b) > 1e-9:
            assert arms_race.is_stable(a, b, m, n) == bool((eigen < 0).all())


class TestTrajectories:
    def test_solver_matches_the_closed_form_of_a_stable_race(self):
        args = (0.3, 0.5, 0.8, 0.6, 0.2, 0.4)
        run = arms_race.richardson(*args, x0=2.0, y0=0.5, t_max=10, points=11, cap=100)
        for row in run.itertuples():
            assert (row.x, row.y) == pytest.approx(closed_form(*args, 2.0, 0.5, row.t), abs=1e-7)

    def test_identical_rivals_sum_equation(self):
        """Two identical rivals: the sum s = x + y obeys ds/dt = (k − α)s + 2g (Richardson's additive form).

        So s moves away from 2g/(α − k) exponentially at rate k − α: an unstable race
        with goodwill runs away from any start above that level.
        """
        k, alpha, g = 0.9, 0.2, -35.0  # s* = 2g/(α − k) = 100
        run = arms_race.richardson(k, k, alpha, alpha, g, g, x0=60, y0=50, t_max=3, points=4, cap=1000)
        s, star = run["x"] + run["y"], 2 * g / (alpha - k)
        assert star == pytest.approx(100)
        expected = star + (110 - star) * np.exp((k - alpha) * run["t"].to_numpy())
        assert s.to_numpy() == pytest.approx(expected, rel=1e-7)

    def test_levels_stop_at_zero_and_stay_there_under_goodwill(self):
        run = arms_race.richardson(0.1, 0.1, 0.5, 0.5, -1, -1, x0=1, y0=1, t_max=20, points=41)
        assert (run[["x", "y"]] >= 0).all().all()
        assert run.iloc[-1][["x", "y"]].tolist() == [0.0, 0.0]

    def test_a_held_level_rises_again_when_the_rival_pushes_it(self):
        # x has goodwill but reacts strongly to y, whose grievance keeps it arming.
        run = arms_race.richardson(
            a=1.0, b=0.0, m=0.5, n=0.5, g=-1.0, h=2.0, x0=0.1, y0=0.0, t_max=30, points=121
        )
        assert run["x"].min() == 0.0  # held at zero while y is still low …
        assert run["y"].iloc[-1] == pytest.approx(4.0, abs=1e-3)  # y* = h/n
        assert run["x"].iloc[-1] == pytest.approx(6.0, abs=1e-3)  # … then x* = (a·y* + g)/m

    @pytest.mark.parametrize(
        ("a", "g", "x0", "y0"), [(0.0, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0, 0.0), (0.5, 0.0, 0.0, 1.0)]
    )
    def test_a_level_resting_at_zero_with_nothing_pushing_it_stays_there(self, a, g, x0, y0):
        run = arms_race.richardson(a, 0.0, 1.0, 1.0, g, 0.0, x0=x0, y0=y0, t_max=10, points=11)
        assert len(run) == 11
        assert run["y"].iloc[-1] == pytest.approx(y0 * np.exp(-10), abs=1e-9)

    def test_runaway_run_stops_at_the_cap(self):
        run = arms_race.richardson(0.8, 0.8, 0.4, 0.4, 0.5, 0.5, cap=10)
        assert run["t"].iloc[-1] < 20
        assert max(run.iloc[-1]["x"], run.iloc[-1]["y"]) == pytest.approx(10)


class TestOutcomes:
    def test_stable_with_grievances_is_a_stable_race(self):
        assert arms_race.outcome(0.4, 0.4, 0.6, 0.6, 0.5, 0.5) == "stable race"

    def test_unstable_with_grievances_runs_away(self):
        assert arms_race.outcome(0.8, 0.8, 0.4, 0.4, 0.5, 0.5) == "runaway"

    def test_stable_with_goodwill_disarms(self):
        assert arms_race.outcome(0.4, 0.4, 0.6, 0.6, -0.5, -0.5) == "disarmament"

    def test_unstable_with_goodwill_depends_on_where_the_race_starts(self):
        """Richardson's saddle: above the threshold sum it runs away, below it disarms."""
        args = (0.8, 0.8, 0.4, 0.4, -0.5, -0.5)  # threshold: x* = y* = 1.25
        assert arms_race.outcome(*args, x0=2, y0=2) == "runaway"
        assert arms_race.outcome(*args, x0=1, y0=1) == "disarmament"

    @pytest.mark.parametrize(
        ("g", "expected"), [(0.5, "runaway"), (-0.5, "disarmament"), (0.0, "stable race")]
    )
    def test_knife_edge_fatigue_equal_to_reaction(self, g, expected):
        assert arms_race.outcome(0.6, 0.6, 0.6, 0.6, g, g, x0=4, y0=1) == expected

    @settings(max_examples=40, deadline=None)
    @given(
        a=coefficient,
        b=coefficient,
        m=st.floats(0.05, 1),
        n=st.floats(0.05, 1),
        g=grievance,
        h=grievance,
        x0=level,
        y0=level,
    )
    def test_outcome_is_one_of_three_and_levels_stay_non_negative(self, a, b, m, n, g, h, x0, y0):
        assert arms_race.outcome(a, b, m, n, g, h, x0, y0) in arms_race.OUTCOMES
        run = arms_race.richardson(a, b, m, n, g, h, x0, y0, t_max=10, points=11)
        assert np.isfinite(run.to_numpy()).all()
        assert (run[["x", "y"]] >= 0).all().all()

    @settings(max_examples=40, deadline=None)
    @given(k=coefficient, alpha=st.floats(0.05, 1), g=st.floats(0.01, 1))
    def test_stable_races_with_grievances_settle_at_the_equilibrium(self, k, alpha, g):
        if alpha > k + 0.05:
            run = arms_race.richardson(k, k, alpha, alpha, g, g, 1, 1, t_max=400, points=3, cap=1000)
            assert run["x"].iloc[-1] == pytest.approx(g / (alpha - k), rel=1e-4)


class TestExplorerModel:
    def test_verdict_on_every_grid_point_matches_a_long_run(self):
        """The explorer's header (the outcome) agrees with where the first run ends up in the long run."""
        from dilemma.explorers import FATIGUE, GRIEVANCE, REACTION

        for k in REACTION.values:
            for alpha in FATIGUE.values:
                for g in GRIEVANCE.values:
                    said = arms_race.symmetric_race(k, alpha, g)["outcome"].iloc[0]
                    run = arms_race.richardson(
                        k, k, alpha, alpha, g, g, *arms_race.STARTS[0], t_max=500, cap=100
                    )
                    end = max(run["x"].iloc[-1], run["y"].iloc[-1])
                    seen = "runaway" if end >= 100 - 1e-6 else "disarmament" if end < 1e-6 else "stable race"
                    assert said == seen, (k, alpha, g)

    def test_three_runs_and_the_verdict_columns(self):
        frame = arms_race.symmetric_race(0.4, 0.6, 0.5)
        assert sorted(frame["start"].unique()) == [1, 2, 3]
        assert frame["outcome"].unique().tolist() == ["stable race"]
        assert frame["x_star"].iloc[0] == pytest.approx(2.5)

    def test_verdict_sentence(self):
        assert arms_race.verdict(0.4, 0.4, 0.6, 0.6, 0.5, 0.5) == (
            "Stable (m·n = 0.36, a·b = 0.16), equilibrium at x = 2.5, y = 2.5: stable race from (1, 1)."
        )

    def test_knife_edge_verdict_is_neutral_not_unstable(self):
        text = arms_race.verdict(0.5, 0.5, 0.5, 0.5, 0, 0)
        assert text.startswith("Neutral (m·n = 0.25, a·b = 0.25)")
        assert arms_race.is_stable(0.3, 4 / 3, 0.5, 0.8) is False  # 0.3 × 4/3 = 0.4 = 0.5 × 0.8


class TestBadInput:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"a": -0.1}, r"a \(reaction of x to y\) must lie in \[0, 10\], got -0.1"),
            ({"n": 11}, r"n \(fatigue of y\) must lie in \[0, 10\]"),
            ({"g": float("nan")}, r"g \(grievance of x\) must be finite"),
        ],
    )
    def test_coefficients_are_named_with_their_range(self, kwargs, message):
        args = {"a": 0.4, "b": 0.4, "m": 0.6, "n": 0.6, "g": 0.5, "h": 0.5} | kwargs
        with pytest.raises(ValueError, match=message):
            arms_race.richardson(**args)

    def test_bad_points(self):
        with pytest.raises(ValueError, match=r"points must be an integer in \[2, 10001\]"):
            arms_race.richardson(0.4, 0.4, 0.6, 0.6, 0.5, 0.5, points=1)

    def test_negative_start(self):
        with pytest.raises(ValueError, match=r"x0 must lie in \[0, 1000\]"):
            arms_race.richardson(0.4, 0.4, 0.6, 0.6, 0.5, 0.5, x0=-1)
