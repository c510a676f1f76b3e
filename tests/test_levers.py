"""Policy levers: each lever moves what its declaration says, and the models answer as the theory says.

The tests read like chapter 9's argument. Zero levers leave the US–China baseline exactly where the
earlier chapters put it; each lever moves only the parameters it names, in the declared direction and
by the declared amount; the models' verdicts move the way their theories predict; and transparency,
which eases Jervis's dilemma, worsens Armstrong, Bostrom and Shulman's race (the curse of information).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dilemma import arms_race, explorers, levers, race, trust, worlds

ROOT = Path(__file__).resolve().parents[1]
STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)

# The slider range: mostly the static page's grid (cheap: the spiral matches are cached), sometimes
# any value in [0, 1] (what the live face allows).
intensity = st.one_of(st.sampled_from(STEPS), st.floats(0.0, 1.0))
setting = st.fixed_dictionaries({lever: intensity for lever in levers.LEVER_IDS})
grid_setting = st.fixed_dictionaries({lever: st.sampled_from(STEPS) for lever in levers.LEVER_IDS})


def headline(frame: pd.DataFrame, model: str, column: str = "with_levers") -> float:
    return float(frame.query("kind == 'headline' and model == @model")[column].iloc[0])


def parameter(frame: pd.DataFrame, model: str, name: str, column: str = "with_levers") -> float:
    return float(frame.query("kind == 'parameter' and model == @model and name == @name")[column].iloc[0])


def assessment(frame: pd.DataFrame, model: str) -> str:
    return frame.query("kind == 'headline' and model == @model")["assessment"].iloc[0]


def pulled(lever: str, amount: float = 1.0, **others: float) -> pd.DataFrame:
    return levers.effects(**{lever: amount, **others})


def bib_keys() -> set[str]:
    texts = [(ROOT / "references.bib").read_text(encoding="utf-8")]
    scratch = Path("/work/scratch/part3")
    texts += [p.read_text(encoding="utf-8") for p in scratch.glob("bib_*.bib")] if scratch.is_dir() else []
    return {key for text in texts for key in re.findall(r"@\w+\{([^,\s]+),", text)}


# -- The declaration ----------------------------------------------------------------------------------


class TestDeclaration:
    def test_the_five_levers_of_the_contract_in_order(self):
        assert levers.LEVER_IDS == ("dialogue", "cognitive", "red_lines", "transparency", "signals")
        assert tuple(lever.id for lever in levers.LEVERS) == levers.LEVER_IDS

    def test_every_effect_names_a_model_parameter_with_a_baseline(self):
        known = {(b.model, b.parameter) for b in levers.BASELINES}
        for lever in levers.LEVERS:
            assert lever.effects, f"{lever.id} moves nothing"
            for effect in lever.effects:
                assert effect.model in levers.MODELS
                assert (effect.model, effect.parameter) in known
                assert (effect.model, effect.parameter) not in levers.LINKS  # links are set by models
                assert effect.per_unit != 0

    def test_each_effect_has_a_one_line_rationale_and_a_source(self):
        for lever in levers.LEVERS:
            assert lever.label and lever.short and lever.description.endswith(".")
            for effect in lever.effects:
                assert "\n" not in effect.rationale and effect.rationale.endswith(".")
                assert effect.direction == ("raises" if effect.per_unit > 0 else "lowers")

    def test_every_source_is_in_the_bibliography(self):
        keys = bib_keys()
        cited = {key for lever in levers.LEVERS for key in lever.sources}
        cited |= {effect.source for lever in levers.LEVERS for effect in lever.effects}
        cited |= {b.source for b in levers.BASELINES}
        cited |= {p.source for p in explorers.levers_presets()}
        assert cited <= keys, f"not in references.bib: {sorted(cited - keys)}"

    def test_the_first_three_levers_are_zengs_recommendations(self):
        by_id = {lever.id: lever for lever in levers.LEVERS}
        for lever_id in ("dialogue", "cognitive", "red_lines"):
            assert "bjpir2025chatgpt" in by_id[lever_id].sources
        assert {"kydd2005", "osgood1962", "glaser1997"} <= set(by_id["signals"].sources)

    def test_baselines_lie_in_their_ranges_and_say_what_kind_of_claim_they_are(self):
        for b in levers.BASELINES:
            assert b.low <= b.value <= b.high
            assert b.basis in {"earlier chapter", "teaching assumption"}
            assert b.justification.endswith(".") and b.source

    def test_no_lever_changes_technology_budgets_or_beliefs_directly(self):
        """Diplomacy does not move the offence–defence balance or Richardson's fatigue, and cheap
        statements leave the prior where it was (chapter 3): only a costly signal moves trust."""
        moved = {(e.model, e.parameter) for lever in levers.LEVERS for e in lever.effects}
        for fixed in [("worlds", "offence"), ("arms_race", "fatigue"), ("race", "teams"), ("race", "ratio")]:
            assert fixed not in moved
        assert ("trust", "prior") not in moved

    def test_the_simplifications_are_stated_plainly(self):
        text = levers.SIMPLIFICATIONS
        for phrase in ("illustrative, not estimated", "independently and additively", "judgement"):
            assert phrase in text


class TestTables:
    def test_levers_table_has_one_row_per_effect_and_the_link(self):
        table = levers.levers_table()
        effects = sum(len(lever.effects) for lever in levers.LEVERS)
        assert len(table) == effects + 1
        assert set(table["lever"]) == set(levers.LEVER_IDS)
        link = table.query("model == 'worlds' and parameter == 'fear'")
        assert list(link["lever"]) == ["signals"]
        direct = table.drop(link.index)
        assert ((direct["per_unit"] > 0) == (direct["direction"] == "raises")).all()
        assert (table["rationale"].str.len() > 20).all() and (table["source"] != "").all()

    def test_baselines_table_lists_every_baseline_with_its_basis(self):
        table = levers.baselines_table()
        assert len(table) == len(levers.BASELINES)
        assert set(table["basis"]) == {"earlier chapter", "teaching assumption"}


# -- The baseline -------------------------------------------------------------------------------------


class TestBaseline:
    def test_zero_levers_give_the_baseline_exactly(self):
        frame = levers.effects()
        assert (frame["with_levers"] == frame["baseline"]).all()
        assert (frame["change"] == 0).all()
        assert set(frame.query("kind == 'headline'")["assessment"]) == {"no change"}
        assert (frame["verdict"] == frame["verdict_baseline"]).all()

    def test_worlds_baseline_is_chapter_twos_placement_of_generative_ai(self):
        preset = next(p for p in explorers.FOUR_WORLDS_PRESETS if p.label == "Generative AI (Zeng 2025)")
        frame = levers.effects()
        for name, value in preset.values.items():
            assert parameter(frame, "worlds", name, "baseline") == value

    def test_prior_trust_and_fear_are_one_belief(self):
        frame = levers.effects()
        assert parameter(frame, "trust", "prior") == pytest.approx(1 - parameter(frame, "worlds", "fear"))

    def test_headlines_come_from_the_models_themselves(self):
        frame = levers.effects()
        assert headline(frame, "worlds") == worlds.assess(0.8, 0.2, 0.6).intensity == pytest.approx(0.92)
        halfway = (race.disaster("private", 2, 0.9, 3.0) + race.disaster("public", 2, 0.9, 3.0)) / 2
        assert headline(frame, "race") == pytest.approx(halfway)
        from dilemma import spiral

        coop = spiral.long_run("Generous Tit-for-Tat", noise=0.1, generosity=0.1)["cooperation"]
        assert headline(frame, "spiral") == coop
        first_round = trust.trust_frame(0.4, 0.0).query("round == 0")["trust"].iloc[0]
        assert headline(frame, "trust") == first_round == 0.4
        assert headline(frame, "arms_race") == pytest.approx(
            arms_race.equilibrium(0.5, 0.5, 0.6, 0.6, 0.5, 0.5)[0]
        )

    def test_the_baseline_is_a_dangerous_place(self):
        """Jervis's worst world, a security seeker arming, a race with a one-in-five chance of disaster."""
        frame = levers.effects()
        verdict = frame.query("model == 'worlds' and kind == 'headline'")["verdict"].iloc[0]
        assert verdict.startswith("doubly dangerous; stag hunt") and verdict.endswith("will arm")
        assert 0.15 < headline(frame, "race") < 0.25


# -- Each lever moves what it declares ------------------------------------------------------------------


@pytest.mark.parametrize("lever", levers.LEVERS, ids=lambda lever: lever.id)
class TestEachLever:
    @pytest.mark.parametrize("amount", [0.25, 1.0])
    def test_moves_exactly_the_declared_parameters_by_the_declared_amount(self, lever, amount):
        frame = pulled(lever.id, amount).query("kind == 'parameter'")
        declared = {(e.model, e.parameter): e.per_unit for e in lever.effects}
        for row in frame.itertuples():
            key = (row.model, row.name)
            if key in levers.LINKS:
                continue
            if key in declared:
                assert row.change == pytest.approx(declared[key] * amount), key
                assert lever.id in row.moved_by.split(", ")
            else:
                assert row.change == 0, f"{lever.id} moved {key}, which it does not declare"

    def test_no_model_gets_worse_except_the_race_under_transparency(self, lever):
        frame = pulled(lever.id)
        for model in levers.MODELS:
            expected = {"worse"} if (lever.id, model) == ("transparency", "race") else {"better", "no change"}
            assert assessment(frame, model) in expected, (lever.id, model)


class TestTheLink:
    @given(setting)
    @settings(max_examples=25, deadline=None)
    def test_fear_in_the_worlds_model_is_one_minus_trust_after_the_signal(self, values):
        frame = levers.effects(**values)
        assert parameter(frame, "worlds", "fear") == pytest.approx(1 - headline(frame, "trust"))

    def test_a_cheap_signal_changes_no_belief_a_dear_one_settles_it(self):
        """Kydd: below what a greedy state would pay, both types send the signal and it says nothing."""
        cheap, dear = pulled("signals", 0.5), pulled("signals", 0.75)
        assert headline(cheap, "trust") == 0.4 and parameter(cheap, "worlds", "fear") == 0.6
        assert headline(dear, "trust") == 1.0 and parameter(dear, "worlds", "fear") == 0.0
        assert dear.query("model == 'worlds' and kind == 'headline'")["verdict"].iloc[0].endswith("restrain")


# -- What the theory predicts ---------------------------------------------------------------------------


class TestTheCurseOfInformation:
    def test_transparency_eases_jervis_dilemma_but_worsens_the_race(self):
        frame = pulled("transparency")
        assert parameter(frame, "worlds", "distinguishability") > parameter(
            frame, "worlds", "distinguishability", "baseline"
        )
        assert headline(frame, "worlds") < headline(frame, "worlds", "baseline")
        assert assessment(frame, "worlds") == "better"
        assert parameter(frame, "race", "information") == 2.0  # public information
        assert headline(frame, "race") > headline(frame, "race", "baseline")
        assert assessment(frame, "race") == "worse"

    def test_transparency_raises_the_risk_even_on_top_of_zengs_three_recommendations(self):
        zeng = {"dialogue": 1.0, "cognitive": 1.0, "red_lines": 1.0}
        without, with_it = levers.effects(**zeng), levers.effects(**zeng, transparency=1.0)
        assert headline(with_it, "race") > headline(without, "race")
        assert headline(with_it, "worlds") <= headline(without, "worlds")

    def test_the_curse_is_the_models_own(self):
        """At the baseline, knowing nothing is safest and public information most dangerous."""
        risks = race.disasters(2, 0.9, 3.0)
        assert risks["none"] < risks["private"] < risks["public"]


class TestMonotonicity:
    @given(grid_setting, st.sampled_from(levers.LEVER_IDS), st.sampled_from(STEPS[1:]))
    @settings(max_examples=60, deadline=None)
    def test_pulling_a_lever_harder_moves_each_deterministic_model_one_way(self, values, lever, extra):
        low = dict(values)
        high = {**values, lever: min(1.0, values[lever] + extra)}
        a, b = levers.effects(**low), levers.effects(**high)
        # Jervis: more distinguishability never raises the trust restraint needs ...
        assert headline(b, "worlds") <= headline(a, "worlds")
        # ... and a security seeker who restrained still restrains.
        restrains = [
            f.query("model == 'worlds' and kind == 'headline'")["verdict"].iloc[0].endswith("restrain")
            for f in (a, b)
        ]
        assert restrains[1] or not restrains[0]
        # Kydd: a dearer signal never lowers trust (within the lever's range the cost stays ≤ 1).
        assert headline(b, "trust") >= headline(a, "trust")
        # Richardson: less reaction and less grievance never raise the long-run level.
        assert headline(b, "arms_race") <= headline(a, "arms_race") + 1e-12
        # Armstrong, Bostrom and Shulman: lower enmity lowers the risk; more information raises it.
        if lever == "transparency":
            assert headline(b, "race") >= headline(a, "race")
        else:
            assert headline(b, "race") <= headline(a, "race")

    @given(grid_setting, st.sampled_from(levers.LEVER_IDS))
    @settings(max_examples=40, deadline=None)
    def test_the_spiral_gets_less_noise_and_more_forgiveness(self, values, lever):
        """Noise never rises and generosity never falls; cooperation, a seeded simulation, follows
        within its sampling error (a few points for a 2,000-round match)."""
        high = {**values, lever: 1.0}
        a, b = levers.effects(**values), levers.effects(**high)
        assert parameter(b, "spiral", "noise") <= parameter(a, "spiral", "noise")
        assert parameter(b, "spiral", "generosity") >= parameter(a, "spiral", "generosity")
        assert headline(b, "spiral") >= headline(a, "spiral") - 0.03

    def test_the_full_package_ends_the_spiral_and_the_arms_race(self):
        frame = levers.effects(**dict.fromkeys(levers.LEVER_IDS, 1.0))
        assert parameter(frame, "spiral", "noise") == 0 and headline(frame, "spiral") == 1.0
        assert (
            frame.query("model == 'arms_race' and kind == 'headline'")["verdict"]
            .iloc[0]
            .startswith("disarmament")
        )
        assert {assessment(frame, model) for model in levers.MODELS} == {"better"}


# -- Properties over the whole slider range ---------------------------------------------------------------


class TestProperties:
    @given(setting)
    @settings(max_examples=40, deadline=None)
    def test_outcomes_are_finite_and_on_their_scales(self, values):
        frame = levers.effects(**values)
        assert frame[["baseline", "with_levers", "change"]].map(math.isfinite).all().all()
        for model, h in levers.HEADLINES.items():
            assert h.low <= headline(frame, model) <= h.high
        for model in ("worlds", "race", "spiral", "trust"):
            assert 0.0 <= headline(frame, model) <= 1.0  # probabilities and shares
        assert set(frame.query("kind == 'headline'")["assessment"]) <= {"better", "worse", "no change"}
        for b in levers.BASELINES:
            assert b.low <= parameter(frame, b.model, b.parameter) <= b.high

    @given(setting)
    @settings(max_examples=25, deadline=None)
    def test_the_compact_row_agrees_with_the_tidy_frame(self, values):
        row = levers.headlines(**values).iloc[0]
        frame = levers.effects(**values)
        for model, field in (
            ("worlds", "p_star"),
            ("race", "disaster"),
            ("spiral", "cooperation"),
            ("trust", "trust"),
            ("arms_race", "level"),
        ):
            assert row[field] == headline(frame, model)
        verdict = frame.query("model == 'worlds' and kind == 'headline'")["verdict"].iloc[0]
        assert verdict.startswith(
            levers.WORLD_SHORT[int(row["world"])] + "; " + levers.GAME_CODES[int(row["game"])]
        )
        assert verdict.endswith("restrain" if row["decision"] == 1 else "arm")
        assert (
            levers.REGIME_CODES[int(row["regime"])]
            in frame.query("model == 'trust' and kind == 'headline'")["verdict"].iloc[0]
        )

    def test_parameters_are_the_baseline_plus_the_declared_sum(self):
        values = {"dialogue": 0.5, "cognitive": 0.25, "red_lines": 0.75, "transparency": 0.5, "signals": 0.25}
        after = levers.parameters(**values)
        assert after[("worlds", "distinguishability")] == pytest.approx(0.2 + 0.05 + 0.0375 + 0.1125 + 0.2)
        assert after[("race", "enmity")] == pytest.approx(0.9 - 0.05 - 0.025 - 0.15)
        assert after[("spiral", "noise")] == pytest.approx(0.1 - 0.01 - 0.01 - 0.0075 - 0.015)
        assert after[("arms_race", "grievance")] == pytest.approx(0.5 - 0.125 - 0.125)


# -- Bad lever values ---------------------------------------------------------------------------------------


class TestBadLeverValues:
    @pytest.mark.parametrize("value", [-0.1, 1.01, math.nan, math.inf, -math.inf])
    @pytest.mark.parametrize("lever", levers.LEVER_IDS)
    def test_out_of_range_raises_value_error_naming_the_lever(self, lever, value):
        with pytest.raises(ValueError, match=rf"lever '{lever}' must lie in \[0, 1\]"):
            levers.effects(**{lever: value})

    @pytest.mark.parametrize("value", [True, "0.5", None, [0.5]])
    def test_wrong_type_raises_type_error_naming_the_lever(self, value):
        with pytest.raises(TypeError, match=r"lever 'signals' must be a real number in \[0, 1\]"):
            levers.effects(signals=value)

    def test_an_unknown_lever_is_refused_by_name(self):
        with pytest.raises(TypeError, match="sanctions"):
            levers.effects(sanctions=1.0)
        with pytest.raises(ValueError, match=r"unknown lever\(s\) 'sanctions'; the levers are dialogue"):
            levers.parameters(sanctions=1.0)

    def test_the_compact_row_validates_too(self):
        with pytest.raises(ValueError, match="lever 'dialogue'"):
            levers.headlines(dialogue=2)


# -- The explorer -------------------------------------------------------------------------------------


class TestLeversExplorer:
    def test_five_sliders_in_quarters_and_the_grid_within_budget(self):
        explorer = explorers.levers_explorer()
        assert [p.name for p in explorer.params] == list(levers.LEVER_IDS)
        assert all(p.step == 0.25 and (p.min, p.max, p.default) == (0, 1, 0) for p in explorer.params)
        assert explorer.grid_size == 5**5
        spec = explorer.static().to_dict()
        assert sum(len(json.dumps(v)) for v in spec["datasets"].values()) <= 250_000

    def test_static_data_is_the_model_on_the_grid(self):
        data = explorers.levers_explorer().grid_data()
        row = data.query(
            "dialogue == 0.5 and cognitive == 0 and red_lines == 0.25 and transparency == 1 "
            "and signals == 0.75"
        )
        expected = levers.headlines(dialogue=0.5, red_lines=0.25, transparency=1.0, signals=0.75)
        pd.testing.assert_frame_equal(
            row[expected.columns].reset_index(drop=True), expected, check_exact=False, atol=1e-9
        )

    def test_presets_set_every_lever_and_name_their_source(self):
        presets = explorers.levers_presets()
        labels = [p.label for p in presets]
        assert {"Nothing", "Full package"} <= set(labels)
        for preset in presets:
            assert set(preset.values) == set(levers.LEVER_IDS) and preset.source and preset.note
        nothing = next(p for p in presets if p.label == "Nothing")
        assert set(nothing.values.values()) == {0.0}

    @staticmethod
    def texts(**values: float) -> list[str]:
        import vl_convert

        svg = vl_convert.vegalite_to_svg(explorers.levers_explorer().chart_at(**values).to_dict())
        return re.findall(r">([^<>]+)</text>", svg)

    def test_chart_readouts_follow_the_declared_arithmetic(self):
        """The parameter lines are Vega expressions built from LEVERS: render one and compare."""
        values = {"dialogue": 0.5, "cognitive": 0.5, "red_lines": 0.5, "transparency": 0.5, "signals": 0.25}
        texts = self.texts(**values)
        after = levers.parameters(**values)
        for line in (
            f"δ 0.20 → {after[('worlds', 'distinguishability')]:.2f}",
            f"Enmity e 0.90 → {after[('race', 'enmity')]:.2f}",
            f"Noise 0.100 → {after[('spiral', 'noise')]:.3f}",
            f"Reaction k 0.50 → {after[('arms_race', 'reaction')]:.2f}",
        ):
            assert any(line in t for t in texts), line
        counts = levers.effects(**values).query("kind == 'headline'")["assessment"].value_counts()
        better, worse = counts.get("better", 0), counts.get("worse", 0)
        summary = f"Better than the baseline on {better} of 5 models, worse on {worse}"
        assert any(t.startswith(summary) for t in texts), summary

    def test_the_chart_says_when_a_lever_helps_one_model_and_hurts_another(self):
        texts = self.texts(dialogue=0, cognitive=0, red_lines=0, transparency=1, signals=0)
        assert any("worse on 1: a trade-off" in t for t in texts)
        assert any(t.startswith("27.0% (worse)") for t in texts)
