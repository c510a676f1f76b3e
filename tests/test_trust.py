"""Trust and reassurance: Bayes' rule on observed moves, and when a costly signal separates the types."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dilemma import trust

probability = st.floats(0, 1)
interior = st.floats(0.01, 0.99)


class TestBayes:
    def test_one_restraint_by_hand(self):
        # π = 0.5, P(restrain | seeker) = 0.8, P(restrain | greedy) = 0.3: 0.4 / (0.4 + 0.15)
        assert trust.update(0.5, "restrain") == pytest.approx(0.4 / 0.55)

    def test_one_arming_by_hand(self):
        assert trust.update(0.5, "arm") == pytest.approx(0.1 / (0.1 + 0.35))

    def test_closed_form_likelihood_ratio(self):
        prior, r, k = 0.3, 4, 2
        ratio = (0.8 / 0.3) ** r * (0.2 / 0.7) ** k
        assert trust.posterior(prior, r, k) == pytest.approx(prior * ratio / (prior * ratio + 1 - prior))

    @given(prior=probability, restraints=st.integers(0, 6), armings=st.integers(0, 6))
    def test_order_of_observations_does_not_matter(self, prior, restraints, armings):
        forward = trust.posterior(prior, restraints, armings)
        backward = prior
        for _ in range(armings):
            backward = trust.update(backward, "arm")
        for _ in range(restraints):
            backward = trust.update(backward, "restrain")
        assert forward == pytest.approx(backward, abs=1e-12)

    @given(prior=probability, seeker=probability, greedy=probability)
    def test_trust_is_a_martingale(self, prior, seeker, greedy):
        """Expected posterior equals the prior: you cannot expect to learn in a given direction."""
        p_restrain = prior * seeker + (1 - prior) * greedy
        expected = p_restrain * trust.update(prior, "restrain", seeker, greedy) + (
            1 - p_restrain
        ) * trust.update(prior, "arm", seeker, greedy)
        assert expected == pytest.approx(prior, abs=1e-9)

    @given(prior=interior)
    def test_restraint_raises_trust_and_arming_lowers_it(self, prior):
        assert trust.update(prior, "arm") < prior < trust.update(prior, "restrain")

    @given(prior=probability)
    def test_uninformative_moves_leave_trust_alone(self, prior):
        assert trust.update(prior, "restrain", 0.6, 0.6) == pytest.approx(prior)

    @pytest.mark.parametrize("prior", [0.0, 1.0])
    def test_certainty_is_never_revised(self, prior):
        assert trust.posterior(prior, 3, 3) == prior


class TestCostlySignals:
    @pytest.mark.parametrize(
        ("cost", "regime", "trust_if_sent"),
        [
            (0.0, "pooling", 0.4),
            (0.5, "pooling", 0.4),
            (0.7, "separating", 1.0),
            (1.0, "separating", 1.0),
            (1.2, "no signal", None),
        ],
    )
    def test_regime_by_cost(self, cost, regime, trust_if_sent):
        result = trust.signal(prior=0.4, cost=cost)
        assert result.regime == regime
        assert result.trust_if_sent == trust_if_sent

    def test_separation_needs_a_cost_between_the_two_gains(self):
        """Kydd: only a type that values being trusted more than the cost sends the signal."""
        assert trust.signal(0.5, 0.8, gain_seeker=1.0, gain_greedy=0.5).regime == "separating"
        assert trust.signal(0.5, 0.8, gain_seeker=1.0, gain_greedy=0.9).regime == "pooling"

    def test_no_signal_after_separation_reveals_greed(self):
        assert trust.signal(0.5, 0.8).trust_if_not_sent == 0.0

    def test_if_greed_values_trust_more_the_signal_marks_greed(self):
        result = trust.signal(0.5, 0.8, gain_seeker=0.5, gain_greedy=1.0)
        assert (result.regime, result.seeker_sends, result.trust_if_sent) == ("separating", False, 0.0)

    def test_decision_compares_trust_with_the_threshold(self):
        assert trust.decision(0.7, 0.68) == "restrain"
        assert trust.decision(0.6, 0.68) == "arm"


class TestExplorerModel:
    def test_separating_signal_settles_trust(self):
        frame = trust.trust_frame(prior=0.2, cost=0.7)
        assert (frame["trust"] == 1.0).all()
        assert frame["regime"].unique().tolist() == ["separating"]

    def test_pooling_signal_leaves_the_prior_and_moves_do_the_work(self):
        frame = trust.trust_frame(prior=0.5, cost=0.3).set_index(["history", "round"])["trust"]
        assert frame[("restrains every round", 0)] == 0.5
        assert frame[("restrains every round", 3)] == pytest.approx(trust.posterior(0.5, 3, 0))
        assert frame[("arms every round", 6)] == pytest.approx(trust.posterior(0.5, 0, 6))

    @given(prior=probability, cost=st.floats(0, 1.5))
    def test_trust_stays_a_probability(self, prior, cost):
        assert trust.trust_frame(prior, cost)["trust"].between(0, 1).all()


class TestBadInput:
    @pytest.mark.parametrize(
        ("call", "message"),
        [
            (lambda: trust.update(1.2, "restrain"), r"trust must lie in \[0, 1\], got 1.2"),
            (
                lambda: trust.update(0.5, "restrain", restrain_if_seeker=-0.1),
                r"restrain_if_seeker must lie in \[0, 1\]",
            ),
            (lambda: trust.update(0.5, "cheat"), r"observed must be 'restrain' or 'arm'"),
            (lambda: trust.posterior(0.5, -1, 0), r"restraints must be a non-negative integer"),
            (lambda: trust.signal(0.5, -0.2), r"cost must lie in \[0, 10\]"),
            (lambda: trust.decision(0.5, 1.5), r"threshold must lie in \[0, 1\]"),
        ],
    )
    def test_invalid_parameters_name_themselves_and_their_range(self, call, message):
        with pytest.raises(ValueError, match=message):
            call()
