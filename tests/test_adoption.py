"""Who adopts whose models: the logit market, Bass diffusion and the presets from the data.

The logit tests check hand-computed shares, the Bradley–Terry reading of the capability
weight, independence from irrelevant alternatives (and the red-bus/blue-bus problem it
causes) and the monotonicity the theory predicts. The Bass tests check the closed form
against the differential equation it solves (scipy), the peak time and the inflection.
"""

from __future__ import annotations

import csv
import io
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.optimize import minimize_scalar

from dilemma import adoption, data, explorers
from dilemma.adoption import Offering

# The explorer's whole slider ranges (and a little beyond, where the model still applies).
price_ratio = st.floats(1.0, 64.0)
capability_gap = st.floats(-50.0, 150.0)
openness = st.floats(0.0, 3.0)
friction = st.floats(0.0, 3.0)
utility = st.floats(-50.0, 50.0)
bass_p = st.floats(1e-4, 0.5)
bass_q = st.floats(0.0, 2.0)


def assert_is_a_market(shares) -> None:
    """Shares of a logit market: finite, strictly between 0 and 1, summing to 1."""
    values = np.asarray(list(shares.values()) if isinstance(shares, dict) else shares, dtype=float)
    assert np.all(np.isfinite(values))
    assert np.all((values > 0) & (values < 1))
    assert values.sum() == pytest.approx(1.0, abs=1e-12)


def market(*offerings: Offering, a_open: float = 0.0) -> dict[str, float]:
    frame = adoption.market_shares(offerings, a_open=a_open)
    return dict(zip(frame["offering"], frame["share"], strict=True))


# --- The logit: exact values -------------------------------------------------------------------


class TestLogitShares:
    def test_equal_utilities_split_the_market_evenly(self):
        assert adoption.logit_shares([0.7, 0.7, 0.7, 0.7]) == pytest.approx([0.25] * 4)

    def test_shares_are_proportional_to_exp_utility(self):
        # e^0 : e^(ln 2) : e^(ln 3) = 1 : 2 : 3
        shares = adoption.logit_shares([0.0, math.log(2), math.log(3)])
        assert shares == pytest.approx([1 / 6, 2 / 6, 3 / 6], rel=1e-12)

    def test_two_options_give_the_binary_logit(self):
        assert adoption.logit_shares([1.5, 0.5])[0] == pytest.approx(1 / (1 + math.exp(-1.0)))

    def test_huge_utilities_do_not_overflow(self):
        """exp(1000) overflows a float; the log-sum-exp form does not."""
        shares = adoption.logit_shares([1000.0, 999.0, -1000.0])
        assert np.all(np.isfinite(shares)) and shares.sum() == pytest.approx(1.0)
        assert shares[0] / shares[1] == pytest.approx(math.e)

    @given(values=st.lists(utility, min_size=1, max_size=8), shift=st.floats(-100.0, 100.0))
    def test_only_differences_in_utility_matter(self, values, shift):
        moved = adoption.logit_shares([v + shift for v in values])
        assert moved == pytest.approx(adoption.logit_shares(values), abs=1e-12)

    def test_three_way_market_by_hand(self):
        """Closed 4× dearer (U = −0.5 ln 4 = −ln 2), openness worth ln 2 to both open offerings.

        e^U: closed 1/2, open US 2, open China 2, so the shares are 1/9, 4/9, 4/9.
        """
        shares = adoption.three_way_shares(4.0, 0.0, openness=math.log(2))
        assert shares == pytest.approx({"closed_us": 1 / 9, "open_us": 4 / 9, "open_china": 4 / 9})

    def test_a_friction_of_half_ln_4_is_a_quadrupled_price(self):
        """With a_price = 0.5, a friction of 0.5 ln 4 costs what a fourfold price does."""
        frictional = adoption.three_way_shares(1.0, 0.0, friction_china=0.5 * math.log(4))
        dearer = market(Offering("closed_us"), Offering("open_us"), Offering("open_china", price=4.0))
        assert frictional == pytest.approx(dearer)

    @pytest.mark.parametrize("gap", [0.0, 50.0, 100.0, 400.0, -120.0])
    def test_capability_is_weighed_as_arena_voters_weigh_it(self, gap):
        """Two offerings differing only by ``gap`` Arena points: the logit share of the better one
        is the Bradley–Terry probability that voters prefer it, 1 / (1 + 10^(−gap/400))."""
        shares = market(Offering("better", capability=gap), Offering("worse"))
        assert shares["better"] == pytest.approx(adoption.arena_preference(gap), rel=1e-12)
        assert adoption.arena_preference(400.0) == pytest.approx(10 / 11)
        assert adoption.arena_preference(0.0) == 0.5

    def test_market_shares_is_a_tidy_table(self):
        frame = adoption.market_shares(adoption.three_offerings(16.0, 50.0), a_open=1.0)
        assert list(frame.columns) == ["offering", "utility", "share"]
        assert list(frame["offering"]) == list(adoption.OFFERINGS)
        # closed: 50 ln(10)/400 − 0.5 ln 16; open: the value of openness, 1
        expected = [50 * math.log(10) / 400 - 0.5 * math.log(16), 1.0, 1.0]
        assert frame["utility"].to_numpy() == pytest.approx(expected)

    def test_the_explorer_model_is_the_three_way_market_at_a_price_in_doublings(self):
        row = adoption.explorer_shares(4.0, 50.0, 1.0, 1.5)
        assert list(row.columns) == list(adoption.OFFERINGS) and len(row) == 1
        assert row.iloc[0].to_dict() == pytest.approx(adoption.three_way_shares(16.0, 50.0, 1.0, 1.5))


# --- IIA and the red bus / blue bus ----------------------------------------------------------


class TestIndependenceFromIrrelevantAlternatives:
    BASE = (
        Offering("closed_us", capability=60.0, price=12.0),
        Offering("open_us", openness=1.0),
        Offering("open_china", openness=1.0, friction=0.8),
    )

    def test_a_copy_splits_its_twins_share_and_leaves_other_ratios_alone(self):
        """The blue bus: add an offering identical to open China (another Chinese open model)."""
        before = market(*self.BASE, a_open=1.2)
        twin = Offering("open_china_copy", openness=1.0, friction=0.8)
        after = market(*self.BASE, twin, a_open=1.2)
        assert after["open_china"] == pytest.approx(after["open_china_copy"])
        assert after["closed_us"] / after["open_us"] == pytest.approx(before["closed_us"] / before["open_us"])
        assert after["closed_us"] / after["open_china"] == pytest.approx(
            before["closed_us"] / before["open_china"]
        )

    def test_the_logit_lets_the_twins_gain_at_everyone_elses_expense(self):
        """The limit of the logit: the pair's combined share rises from s to 2s / (1 + s), taken from
        every other offering in proportion, where real choosers would treat the twins as one."""
        before = market(*self.BASE, a_open=1.2)
        after = market(*self.BASE, Offering("open_china_copy", openness=1.0, friction=0.8), a_open=1.2)
        s = before["open_china"]
        assert after["open_china"] + after["open_china_copy"] == pytest.approx(2 * s / (1 + s))
        assert after["closed_us"] == pytest.approx(before["closed_us"] / (1 + s))

    @given(
        utilities=st.lists(utility, min_size=2, max_size=6),
        copied=st.integers(0, 5),
        dropped=st.integers(0, 5),
    )
    @settings(max_examples=60)
    def test_ratios_never_depend_on_the_other_options(self, utilities, copied, dropped):
        """s_i / s_j = exp(U_i − U_j), whatever else is on offer (added or removed)."""
        copied %= len(utilities)
        dropped %= len(utilities)
        full = adoption.logit_shares(utilities)
        bigger = adoption.logit_shares([*utilities, utilities[copied]])
        keep = [i for i in range(len(utilities)) if i != dropped]
        smaller = adoption.logit_shares([utilities[i] for i in keep])
        for i in range(len(utilities)):
            for j in range(len(utilities)):
                ratio = math.exp(utilities[i] - utilities[j])
                assert full[i] / full[j] == pytest.approx(ratio, rel=1e-9)
                assert bigger[i] / bigger[j] == pytest.approx(ratio, rel=1e-9)
        for a, i in enumerate(keep):
            for b, j in enumerate(keep):
                assert smaller[a] / smaller[b] == pytest.approx(
                    math.exp(utilities[i] - utilities[j]), rel=1e-9
                )


# --- Properties across the whole slider range ---------------------------------------------------


class TestMarketProperties:
    @given(r=price_ratio, g=capability_gap, o=openness, fc=friction, fu=friction)
    def test_shares_are_a_market(self, r, g, o, fc, fu):
        assert_is_a_market(adoption.three_way_shares(r, g, o, fc, fu))

    @given(r=price_ratio, g=capability_gap, o=openness, fc=friction, fu=friction, more=st.floats(0.01, 2.0))
    def test_more_friction_on_china_lowers_its_share_and_raises_the_others(self, r, g, o, fc, fu, more):
        before = adoption.three_way_shares(r, g, o, fc, fu)
        after = adoption.three_way_shares(r, g, o, fc + more, fu)
        assert after["open_china"] < before["open_china"]
        assert after["closed_us"] > before["closed_us"] and after["open_us"] > before["open_us"]

    @given(r=price_ratio, g=capability_gap, o=openness, fc=friction, fu=friction, more=st.floats(0.01, 2.0))
    def test_more_friction_on_the_us_lowers_both_us_shares(self, r, g, o, fc, fu, more):
        before = adoption.three_way_shares(r, g, o, fc, fu)
        after = adoption.three_way_shares(r, g, o, fc, fu + more)
        assert after["closed_us"] < before["closed_us"] and after["open_us"] < before["open_us"]
        assert after["open_china"] > before["open_china"]

    @given(r=price_ratio, g=capability_gap, o=openness, fc=friction, cut=st.floats(1.01, 10.0))
    def test_a_lower_closed_price_raises_the_closed_share(self, r, g, o, fc, cut):
        assert (
            adoption.three_way_shares(r / cut, g, o, fc)["closed_us"]
            > adoption.three_way_shares(r, g, o, fc)["closed_us"]
        )

    @given(r=price_ratio, g=capability_gap, o=openness, fc=friction, more=st.floats(1.0, 100.0))
    def test_more_capability_raises_the_closed_share(self, r, g, o, fc, more):
        assert (
            adoption.three_way_shares(r, g + more, o, fc)["closed_us"]
            > adoption.three_way_shares(r, g, o, fc)["closed_us"]
        )

    @given(r=price_ratio, g=capability_gap, o=openness, fc=friction, more=st.floats(0.01, 2.0))
    def test_valuing_openness_more_raises_both_open_shares(self, r, g, o, fc, more):
        before = adoption.three_way_shares(r, g, o, fc)
        after = adoption.three_way_shares(r, g, o + more, fc)
        assert after["open_us"] > before["open_us"] and after["open_china"] > before["open_china"]

    @given(
        frictions=st.lists(friction, min_size=2, max_size=5),
        prices=st.lists(st.floats(0.1, 100.0), min_size=5, max_size=5),
        which=st.integers(0, 4),
        more=st.floats(0.01, 3.0),
    )
    def test_in_any_market_friction_lowers_a_share_and_a_lower_price_raises_it(
        self, frictions, prices, which, more
    ):
        which %= len(frictions)
        offerings = [Offering(f"o{i}", price=prices[i], friction=f) for i, f in enumerate(frictions)]
        base = market(*offerings)
        rubbed = list(offerings)
        rubbed[which] = Offering(f"o{which}", price=prices[which], friction=frictions[which] + more)
        assert market(*rubbed)[f"o{which}"] < base[f"o{which}"]
        cheaper = list(offerings)
        cheaper[which] = Offering(f"o{which}", price=prices[which] / 2, friction=frictions[which])
        assert market(*cheaper)[f"o{which}"] > base[f"o{which}"]

    def test_identical_open_offerings_share_equally_without_frictions(self):
        shares = adoption.three_way_shares(8.0, 75.0, openness=1.5)
        assert shares["open_us"] == pytest.approx(shares["open_china"])


# --- Bass diffusion ----------------------------------------------------------------------------


class TestBass:
    def test_the_meta_analytic_pace(self):
        """Sultan, Farley and Lehmann's means: adoption fastest at ln(0.38/0.03)/0.41 ≈ 6.2 years."""
        assert (adoption.BASS_P, adoption.BASS_Q) == (0.03, 0.38)
        assert adoption.bass_peak_time() == pytest.approx(math.log(0.38 / 0.03) / 0.41)
        assert adoption.bass_peak_time() == pytest.approx(6.19, abs=0.01)
        assert adoption.bass_peak_share() == pytest.approx(0.35 / 0.76)

    def test_nobody_has_adopted_at_launch_and_everyone_eventually(self):
        assert adoption.bass_cumulative(0.0) == 0.0
        assert adoption.bass_cumulative(200.0) == pytest.approx(1.0, abs=1e-12)
        assert adoption.bass_rate(0.0) == pytest.approx(adoption.BASS_P)  # only innovators at first

    def test_without_imitation_adoption_is_exponential(self):
        t = np.linspace(0, 30, 61)
        assert adoption.bass_cumulative(t, p=0.1, q=0.0) == pytest.approx(1 - np.exp(-0.1 * t))

    @pytest.mark.parametrize(("p", "q"), [(0.03, 0.38), (0.01, 0.9), (0.2, 0.05), (0.5, 0.5)])
    def test_the_closed_form_solves_the_bass_equation(self, p, q):
        """dF/dt = (p + q F)(1 − F), F(0) = 0, integrated numerically with scipy."""
        times = np.linspace(0, 40, 81)
        solution = solve_ivp(
            lambda t, f: (p + q * f) * (1 - f), (0, 40), [0.0], t_eval=times, rtol=1e-10, atol=1e-12
        )
        assert solution.success
        assert adoption.bass_cumulative(times, p, q) == pytest.approx(solution.y[0], abs=1e-8)

    @given(p=bass_p, q=bass_q, t=st.floats(0.0, 100.0))
    def test_the_rate_is_the_derivative_of_the_cumulative_curve(self, p, q, t):
        f = adoption.bass_cumulative(t, p, q)
        assert adoption.bass_rate(t, p, q) == pytest.approx((p + q * f) * (1 - f), rel=1e-9, abs=1e-15)

    @pytest.mark.parametrize(("p", "q"), [(0.03, 0.38), (0.01, 0.9), (0.05, 0.2), (0.002, 1.5)])
    def test_adoption_peaks_at_ln_q_over_p_over_p_plus_q(self, p, q):
        grid = np.linspace(0, 60, 600_001)
        numerical = grid[np.argmax(adoption.bass_rate(grid, p, q))]
        assert adoption.bass_peak_time(p, q) == pytest.approx(numerical, abs=1e-4)
        best = minimize_scalar(lambda t: -adoption.bass_rate(t, p, q), bounds=(0, 60), method="bounded")
        assert adoption.bass_peak_time(p, q) == pytest.approx(best.x, abs=1e-4)

    @pytest.mark.parametrize(("p", "q"), [(0.03, 0.38), (0.01, 0.9), (0.1, 0.3)])
    def test_the_s_curve_bends_where_a_share_q_minus_p_over_2q_has_adopted(self, p, q):
        """F's inflection: its second derivative changes sign at the peak, where F = (q − p) / 2q."""
        peak = adoption.bass_peak_time(p, q)
        assert adoption.bass_cumulative(peak, p, q) == pytest.approx((q - p) / (2 * q), rel=1e-12)
        h = 1e-3
        slope = [
            adoption.bass_rate(peak + d, p, q) - adoption.bass_rate(peak + d - h, p, q) for d in (-0.5, 0.5)
        ]
        assert slope[0] > 0 > slope[1]

    @pytest.mark.parametrize(("p", "q"), [(0.3, 0.3), (0.4, 0.1), (0.05, 0.0)])
    def test_when_imitation_is_weak_adoption_is_fastest_at_launch(self, p, q):
        assert adoption.bass_peak_time(p, q) == 0.0 and adoption.bass_peak_share(p, q) == 0.0
        rates = adoption.bass_rate(np.linspace(0, 50, 501), p, q)
        assert np.all(np.diff(rates) <= 1e-15)

    @given(p=bass_p, q=bass_q, t=st.lists(st.floats(0.0, adoption.TIME_MAX), min_size=2, max_size=20))
    def test_finite_increasing_and_in_the_unit_interval(self, p, q, t):
        times = np.sort(np.array(t))
        cumulative = adoption.bass_cumulative(times, p, q)
        rate = adoption.bass_rate(times, p, q)
        assert np.all(np.isfinite(cumulative)) and np.all(np.isfinite(rate))
        assert np.all((cumulative >= 0) & (cumulative <= 1)) and np.all(rate >= 0)
        assert np.all(np.diff(cumulative) >= -1e-15)

    def test_bass_frame_runs_over_fifteen_years(self):
        frame = adoption.bass_frame()
        assert list(frame.columns) == ["time", "cumulative", "rate"]
        assert frame["time"].iloc[0] == 0 and frame["time"].iloc[-1] == adoption.HORIZON
        assert len(frame) == 31
        assert frame["cumulative"].to_numpy() == pytest.approx(adoption.bass_cumulative(frame["time"]))


# --- Adoption over time by offering ------------------------------------------------------------


class TestAdoptionPaths:
    def test_each_offering_gets_its_share_of_the_market_curve(self):
        shares = adoption.three_way_shares(16.0, 50.0, 1.0, 1.0)
        paths = adoption.adoption_paths(shares, times=[0.0, 2.0, 6.0, 12.0])
        assert list(paths.columns) == ["time", "offering", "adopters", "share"]
        assert len(paths) == 4 * 3
        for name, part in paths.groupby("offering"):
            assert part["share"].nunique() == 1 and part["share"].iloc[0] == shares[name]
            assert part["adopters"].to_numpy() == pytest.approx(
                shares[name] * adoption.bass_cumulative(part["time"].to_numpy())
            )

    @given(r=price_ratio, g=capability_gap, o=openness, fc=friction)
    @settings(max_examples=30)
    def test_the_offerings_add_up_to_the_whole_market(self, r, g, o, fc):
        paths = adoption.adoption_paths(adoption.three_way_shares(r, g, o, fc))
        total = paths.groupby("time")["adopters"].sum()
        assert total.to_numpy() == pytest.approx(adoption.bass_cumulative(total.index.to_numpy()), abs=1e-12)
        assert paths["adopters"].between(0, 1).all()


# --- Bad inputs --------------------------------------------------------------------------------


class TestValidation:
    @pytest.mark.parametrize(
        ("fields", "error", "message"),
        [
            ({"price": 0.0}, ValueError, r"price must lie in \(0, 1e\+06\], got 0"),
            ({"price": -2.0}, ValueError, r"price must lie in \(0, 1e\+06\], got -2"),
            ({"friction": -1.0}, ValueError, r"friction must lie in \[0, 50\], got -1"),
            ({"openness": 1.5}, ValueError, r"openness must lie in \[0, 1\], got 1.5"),
            ({"capability": 5000.0}, ValueError, r"capability must lie in \[-4000, 4000\], got 5000"),
            ({"capability": float("nan")}, ValueError, "capability must be finite"),
            ({"capability": "high"}, TypeError, "capability must be a real number, got 'high'"),
            ({"friction": True}, TypeError, "friction must be a real number, got True"),
        ],
    )
    def test_an_offering_names_the_bad_field_its_value_and_range(self, fields, error, message):
        with pytest.raises(error, match=message):
            Offering("x", **fields)

    def test_an_offering_needs_a_name(self):
        with pytest.raises(TypeError, match="name must be a non-empty string"):
            Offering("  ")

    @pytest.mark.parametrize(
        ("weights", "message"),
        [
            ({"a_cap": -0.1}, r"a_cap must lie in \[0, 10\], got -0.1"),
            ({"a_price": 11.0}, r"a_price must lie in \[0, 10\], got 11"),
            ({"a_open": 60.0}, r"a_open must lie in \[-50, 50\], got 60"),
        ],
    )
    def test_weights_out_of_range(self, weights, message):
        with pytest.raises(ValueError, match=message):
            adoption.market_shares([Offering("a"), Offering("b")], **weights)

    def test_markets_need_distinct_offerings(self):
        with pytest.raises(ValueError, match="offerings must contain at least one Offering"):
            adoption.market_shares([])
        with pytest.raises(ValueError, match="offerings must have distinct names"):
            adoption.market_shares([Offering("a"), Offering("a")])
        with pytest.raises(TypeError, match="offerings must contain only Offering"):
            adoption.market_shares([Offering("a"), "b"])
        with pytest.raises(TypeError, match="offerings must be a sequence of Offering"):
            adoption.market_shares(Offering("a"))

    def test_logit_shares_refuses_what_is_not_a_list_of_finite_utilities(self):
        with pytest.raises(ValueError, match="utility must contain at least one value"):
            adoption.logit_shares([])
        with pytest.raises(ValueError, match=r"utility\[1\] must be finite"):
            adoption.logit_shares([0.0, float("inf")])
        with pytest.raises(TypeError, match="utility must be a sequence of real numbers"):
            adoption.logit_shares("abc")
        with pytest.raises(TypeError, match=r"utility\[0\] must be a real number"):
            adoption.logit_shares([None])

    @pytest.mark.parametrize(
        ("call", "error", "message"),
        [
            (lambda: adoption.bass_cumulative(1.0, p=0.0), ValueError, r"p must lie in \[1e-06, 1\], got 0"),
            (lambda: adoption.bass_rate(1.0, q=6.0), ValueError, r"q must lie in \[0, 5\], got 6"),
            (lambda: adoption.bass_peak_time(p=-0.1), ValueError, r"p must lie in \[1e-06, 1\], got -0.1"),
            (lambda: adoption.bass_cumulative(-1.0), ValueError, r"t must lie in \[0, 1000\], got -1"),
            (lambda: adoption.bass_cumulative([1.0, float("nan")]), ValueError, "t must be finite"),
            (lambda: adoption.bass_cumulative("soon"), TypeError, "t must be a real number or an array"),
            (lambda: adoption.bass_frame(times=[]), ValueError, "times must contain at least one time"),
            (lambda: adoption.time_grid(step=0.0), ValueError, r"step must lie in \(0, 15\], got 0"),
            (lambda: adoption.explorer_shares(-1.0, 0, 0, 0), ValueError, r"price_gap must lie in \[0, 20\]"),
            (lambda: adoption.three_way_shares(0.0, 0.0), ValueError, r"price must lie in \(0, 1e\+06\]"),
            (lambda: adoption.arena_preference(None), TypeError, "gap must be a real number, got None"),
        ],
    )
    def test_bad_model_inputs_name_the_parameter(self, call, error, message):
        with pytest.raises(error, match=message):
            call()

    @pytest.mark.parametrize(
        ("shares", "error", "message"),
        [
            ({"a": 0.5, "b": 0.4}, ValueError, "shares must sum to 1, got 0.9"),
            ({"a": 1.2, "b": -0.2}, ValueError, r"shares\['a'\] must lie in \[0, 1\], got 1.2"),
            ({}, TypeError, "shares must be a non-empty mapping"),
            ([0.5, 0.5], TypeError, "shares must be a non-empty mapping"),
        ],
    )
    def test_adoption_paths_needs_shares_that_make_a_market(self, shares, error, message):
        with pytest.raises(error, match=message):
            adoption.adoption_paths(shares)

    def test_blended_price_needs_a_price(self):
        assert adoption.blended_price(15.0, 60.0) == pytest.approx(26.25)
        with pytest.raises(ValueError, match="must not both be 0"):
            adoption.blended_price(0.0, 0.0)
        with pytest.raises(ValueError, match=r"price_output must lie in \[0, 1e\+06\], got -1"):
            adoption.blended_price(1.0, -1.0)


# --- Presets from the data (a small fixture copy of data/) ---------------------------------------

MODEL_FIELDS = [f["name"] for f in data._resource("models", data.DATA_DIR)["schema"]["fields"]]
INDICATOR_FIELDS = [f["name"] for f in data._resource("indicators", data.DATA_DIR)["schema"]["fields"]]


def model_row(model_id: str, name: str, date: str, country: str, openness: str, price=None, **extra) -> dict:
    closed = openness == "closed-api"
    row = dict.fromkeys(MODEL_FIELDS, "")
    row.update(
        id=model_id,
        name=name,
        date=date,
        developer="Fixture Labs",
        country=country,
        openness=openness,
        licence="Proprietary" if closed else "MIT",
        osi_approved="false" if closed else "true",
        source_url=f"https://example.org/{model_id}",
        source_title=f"{name} release note",
    )
    if price is not None:
        row.update(
            price_input=str(price[0]),
            price_output=str(price[1]),
            price_source_url=f"https://example.org/{model_id}/pricing",
            price_source_title=f"{name} pricing page",
        )
    row.update(extra)
    return row


def gap_row(row_id: str, as_of: str, value: float, unit: str = "Arena points") -> dict:
    row = dict.fromkeys(INDICATOR_FIELDS, "")
    row.update(
        id=row_id,
        topic="gap-open-closed",
        series=adoption.GAP_SERIES,
        measure="Arena score of the best closed model minus that of the best open-weight model",
        value=str(value),
        unit=unit,
        as_of=as_of,
        publisher="Fixture tracker",
        source_kind="tracker",
        source_url="https://example.org/arena",
        source_title="Fixture leaderboard",
    )
    return row


FIXTURE_MODELS = [
    model_row("deepseek-v2", "DeepSeek-V2", "2024-05-06", "China", "open-weights", (0.14, 0.28)),
    model_row("gpt-4o", "GPT-4o", "2024-05-13", "United States", "closed-api", (5.0, 15.0)),
    model_row("o1", "o1", "2024-12-05", "United States", "closed-api", (15.0, 60.0)),
    model_row("deepseek-r1", "DeepSeek-R1", "2025-01-20", "China", "open-weights", (0.55, 2.19)),
    model_row("gpt-5", "GPT-5", "2025-08-07", "United States", "closed-api", (1.25, 10.0)),
    model_row("kimi-k2", "Kimi K2", "2025-07-11", "China", "open-weights", (0.6, 2.5)),
    # no llama-3-1-405b row at all
]
FIXTURE_GAPS = [
    gap_row("arena-gap-2024-01", "2024-01-01", 100.0),
    gap_row("arena-gap-2024-12", "2024-12-01", 40.0),
    gap_row("arena-gap-2025-01", "2025-01-01", 20.0),
]


def write_data(directory: Path, models: list[dict], indicators: list[dict]) -> Path:
    shutil.copy(data.DATA_DIR / data.PACKAGE, directory / data.PACKAGE)
    for file, fields, rows in (
        ("models.csv", MODEL_FIELDS, models),
        ("indicators.csv", INDICATOR_FIELDS, indicators),
    ):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        (directory / file).write_text(buffer.getvalue(), encoding="utf-8")
    return directory


@pytest.fixture
def fixture_data(tmp_path: Path) -> Path:
    return write_data(tmp_path, FIXTURE_MODELS, FIXTURE_GAPS)


class TestPresetsFromData:
    def test_r1_against_o1_from_launch_prices_and_the_nearest_gap(self, fixture_data):
        table = adoption.matchup_table(fixture_data).set_index("label")
        r1 = table.loc["Jan 2025: R1 against o1"]
        assert r1["status"] == "ok" and r1["gap_status"] == "ok"
        # blended 3:1: o1 (3·15 + 60)/4 = 26.25, R1 (3·0.55 + 2.19)/4 = 0.96
        assert r1["closed_price"] == pytest.approx(26.25) and r1["open_price"] == pytest.approx(0.96)
        assert r1["price_ratio"] == pytest.approx(26.25 / 0.96)
        assert r1["price_doublings"] == pytest.approx(math.log2(26.25 / 0.96))
        # R1's release (20 Jan 2025) is nearer the January row than the December one
        assert r1["gap_points"] == 20.0 and r1["gap_id"] == "arena-gap-2025-01"
        assert "deepseek-r1" in r1["sources"] and "models.csv o1" in r1["sources"]
        assert "https://example.org/deepseek-r1/pricing" in r1["sources"]
        assert "arena-gap-2025-01" in r1["sources"]

    def test_the_matchup_date_is_the_later_release(self, fixture_data):
        table = adoption.matchup_table(fixture_data).set_index("label")
        v2 = table.loc["May 2024: DeepSeek-V2 against GPT-4o"]
        assert v2["date"] == pd.Timestamp("2024-05-13")
        assert v2["gap_id"] == "arena-gap-2024-01"  # 133 days before, against 202 after

    def test_missing_rows_and_stale_gaps_are_reported_not_invented(self, fixture_data):
        table = adoption.matchup_table(fixture_data).set_index("label")
        llama = table.loc["Jul 2024: Llama 3.1 405B against GPT-4o"]
        assert llama["status"] == "no row 'llama-3-1-405b' in models.csv"
        assert math.isnan(llama["price_ratio"])
        kimi = table.loc["Aug 2025: Kimi K2 against GPT-5"]
        assert kimi["status"] == "ok" and math.isnan(kimi["gap_points"])
        assert kimi["gap_status"] == (
            "no row of series 'arena-gap-open-closed' within 183 days of 2025-08-07 (nearest: 2025-01-01)"
        )

    def test_a_missing_price_is_named(self, tmp_path):
        models = [dict(row) for row in FIXTURE_MODELS]
        kimi = next(row for row in models if row["id"] == "kimi-k2")
        for column in ("price_input", "price_output", "price_source_url", "price_source_title"):
            kimi[column] = ""
        table = adoption.matchup_table(write_data(tmp_path, models, FIXTURE_GAPS)).set_index("label")
        assert table.loc["Aug 2025: Kimi K2 against GPT-5", "status"] == "row 'kimi-k2' has no launch price"

    def test_presets_are_snapped_to_the_slider_grid(self, fixture_data):
        presets = {p.label: p for p in explorers.adoption_presets(fixture_data)}
        assert set(presets) == {
            "May 2024: DeepSeek-V2 against GPT-4o",
            "Jan 2025: R1 against o1",
            "Aug 2025: Kimi K2 against GPT-5",
        }
        # log2(27.3) = 4.77 → 5 doublings (32×); 20 points → 25
        r1 = presets["Jan 2025: R1 against o1"]
        assert r1.values == {"price_gap": 5.0, "capability_gap": 25.0}
        assert "deepseek-r1" in r1.source and "27.3×" in r1.note
        # GPT-4o 7.5 against V2 0.175: 42.9× → log2 5.42 → 5.5; 100 points
        assert presets["May 2024: DeepSeek-V2 against GPT-4o"].values == {
            "price_gap": 5.5,
            "capability_gap": 100.0,
        }
        # GPT-5 3.4375 against Kimi K2 1.075: 3.2× → log2 1.68 → 1.5; no gap near August 2025
        kimi = presets["Aug 2025: Kimi K2 against GPT-5"]
        assert kimi.values == {"price_gap": 1.5}
        assert "capability slider stays where it is" in kimi.note

    def test_a_gap_in_percent_of_the_arena_score_is_converted_to_points(self, tmp_path):
        """As the AI Index reports it: 1.7% of about 1,300 points is 22 points; 8.04% is 105."""
        gaps = [
            gap_row("arena-gap-pct-2024-01", "2024-01-01", 8.04, "percent"),
            gap_row("arena-gap-pct-2025-02", "2025-02-01", 1.7, "percent"),
        ]
        directory = write_data(tmp_path, FIXTURE_MODELS, gaps)
        table = adoption.matchup_table(directory).set_index("label")
        assert table.loc["Jan 2025: R1 against o1", "gap_points"] == pytest.approx(0.017 * 1300)
        presets = {p.label: p.values for p in explorers.adoption_presets(directory)}
        assert presets["Jan 2025: R1 against o1"]["capability_gap"] == 25.0
        assert presets["May 2024: DeepSeek-V2 against GPT-4o"]["capability_gap"] == 100.0

    @pytest.mark.parametrize("level", [1090.0, 1200.0, 1362.0, 1399.0])
    def test_the_reference_score_does_not_move_the_ai_index_gaps_off_their_steps(self, level):
        steps = [
            adoption.snap(pct / 100 * level, -50.0, 150.0, 25.0)
            for pct in (8.04, 1.7)  # the AI Index's two figures
        ]
        assert steps == [100.0, 25.0]

    def test_a_gap_in_another_unit_is_refused_with_its_unit(self, tmp_path):
        gaps = [gap_row("mmlu-like-gap", "2025-01-01", 0.3, "percentage points")]
        table = adoption.matchup_table(write_data(tmp_path, FIXTURE_MODELS, gaps)).set_index("label")
        assert (
            "unit 'percentage points' is neither Arena points nor percent"
            in (table.loc["Jan 2025: R1 against o1", "gap_status"])
        )
        with pytest.raises(ValueError, match="unit 'months'"):
            adoption.gap_in_points(3.5, "months")

    def test_no_rows_no_presets(self, tmp_path):
        directory = write_data(tmp_path, [], [])
        assert explorers.adoption_presets(directory) == ()
        assert (adoption.matchup_table(directory)["status"] != "ok").all()

    def test_snap(self):
        assert adoption.snap(4.77, 0.0, 6.0, 0.5) == 5.0
        assert adoption.snap(-80.0, -50.0, 150.0, 25.0) == -50.0
        assert adoption.snap(12.4, -50.0, 150.0, 25.0) == 0.0


# --- The explorer ---------------------------------------------------------------------------------


class TestExplorer:
    def test_static_data_is_the_model_on_every_grid_point(self):
        explorer = explorers.adoption_explorer()
        grid = explorer.grid_data()
        assert len(grid) == explorer.grid_size == 13 * 9 * 7 * 7
        sample = grid.sample(25, random_state=8)
        for _, row in sample.iterrows():
            expected = adoption.explorer_shares(
                row["price_gap"], row["capability_gap"], row["openness"], row["friction_china"]
            )
            assert row[list(adoption.OFFERINGS)].to_numpy(dtype=float) == pytest.approx(
                expected.iloc[0].to_numpy(dtype=float), abs=1e-9
            )

    def test_live_face_runs_the_model_off_the_grid(self):
        face = explorers.adoption_explorer().live()
        face.controls["price_gap"].value = 3.7
        face.controls["friction_china"].value = 0.35
        expected = adoption.explorer_shares(3.7, 50.0, 1.0, 0.35)
        pd.testing.assert_frame_equal(face.data, expected)

    def test_presets_from_the_book_data_are_on_the_grid_and_sourced(self):
        """Whatever rows the data holds, the presets the explorer declares are on its grid (the
        declaration checks that) and name the rows they come from."""
        explorer = explorers.adoption_explorer()
        for preset in explorer.presets:
            assert set(preset.values) <= {"price_gap", "capability_gap"} and "price_gap" in preset.values
            assert "models.csv" in preset.source
