"""One declaration, two faces: the explorer mechanism and the chapter 1 explorer."""

from __future__ import annotations

import json
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest

from dilemma import explorers, games
from dilemma.explorer import DeclarationError, Explorer, Param, Preset, inline_csv
from dilemma.explorers import BELIEF, OFFENCE, security_game_explorer
from dilemma.render import VEGALITE_MIME

BOOK_EXPLORERS = [
    explorers.security_game_explorer,
    explorers.four_worlds_explorer,
    explorers.arms_race_explorer,
    explorers.spiral_explorer,
    explorers.trust_explorer,
    explorers.race_explorer,
    explorers.adoption_explorer,
    explorers.levers_explorer,
]


def line_model(slope: float, intercept: float = 0.0) -> pd.DataFrame:
    x = np.linspace(0, 1, 5)
    return pd.DataFrame({"x": x, "y": slope * x + intercept})


def line_chart(base: alt.Chart, params) -> alt.Chart:
    return base.mark_line().encode(x="x:Q", y="y:Q")


def declare(**overrides) -> Explorer:
    spec = {
        "name": "line",
        "title": "A line",
        "description": "y against x",
        "model": line_model,
        "params": (Param("slope", "Slope", 0, 2, 0.5, 1), Param("intercept", "Intercept", -1, 1, 0.5, 0)),
        "chart": line_chart,
    }
    spec.update(overrides)
    return Explorer(**spec)


class TestDeclarationsAreRefused:
    def test_default_outside_its_range(self):
        with pytest.raises(DeclarationError, match=r"parameter 'slope': default 3 lies outside its range"):
            Param("slope", "Slope", 0, 2, 0.5, 3)

    def test_step_that_does_not_divide_the_range(self):
        with pytest.raises(DeclarationError, match=r"parameter 'slope': step 0.3 does not divide the range"):
            Param("slope", "Slope", 0, 1, 0.3, 0.3)

    def test_default_off_the_slider_grid(self):
        with pytest.raises(
            DeclarationError, match=r"parameter 'slope': default 0.3 is not on the slider grid"
        ):
            Param("slope", "Slope", 0, 1, 0.25, 0.3)

    @pytest.mark.parametrize(("low", "high", "step"), [(1, 1, 0.1), (0, 1, 0), (0, 1, -0.1)])
    def test_empty_range_or_non_positive_step(self, low, high, step):
        with pytest.raises(DeclarationError, match="parameter 'slope'"):
            Param("slope", "Slope", low, high, step, low)

    def test_name_must_be_an_identifier(self):
        with pytest.raises(DeclarationError, match="must be a Python identifier"):
            Param("the slope", "Slope", 0, 1, 0.5, 0)

    def test_grid_over_the_inline_budget_names_the_parameter_to_coarsen(self):
        fine = Param("slope", "Slope", 0, 2, 0.001, 1)
        with pytest.raises(
            DeclarationError, match=r"over the 250 kB budget; coarsen the step of parameter 'slope'"
        ):
            declare(params=(fine, Param("intercept", "Intercept", -1, 1, 0.5, 0)))

    def test_repeated_parameter_names(self):
        with pytest.raises(DeclarationError, match="parameter names repeat"):
            declare(params=(Param("slope", "Slope", 0, 2, 0.5, 1), Param("slope", "Again", 0, 2, 0.5, 1)))

    def test_model_output_must_not_shadow_a_parameter(self):
        with pytest.raises(DeclarationError, match=r"columns named like parameters: \['slope'\]"):
            declare(model=lambda slope, intercept: pd.DataFrame({"slope": [slope]}))


class TestPresets:
    def test_preset_naming_an_unknown_parameter_is_refused(self):
        with pytest.raises(DeclarationError, match=r"preset 'Steep': no parameter named 'gradient'"):
            declare(presets=(Preset("Steep", {"gradient": 2}),))

    def test_preset_off_the_slider_grid_is_refused(self):
        with pytest.raises(DeclarationError, match=r"preset 'Steep': slope = 1.3 is not on the slider grid"):
            declare(presets=(Preset("Steep", {"slope": 1.3}),))

    def test_static_face_carries_presets_for_the_site_script(self):
        spec = (
            declare(presets=(Preset("Steep", {"slope": 2}, source="jervis1978", note="why"),))
            .static()
            .to_dict()
        )
        assert spec["usermeta"]["dilemma"]["presets"] == [
            {"label": "Steep", "values": {"slope": 2}, "note": "why", "source": "jervis1978"}
        ]

    def test_choosing_a_preset_in_the_live_face_sets_its_sliders_and_reruns_once(self):
        calls = []

        def model(slope, intercept):
            calls.append((slope, intercept))
            return line_model(slope, intercept)

        face = declare(model=model, presets=(Preset("Steep", {"slope": 2, "intercept": 1}),)).live()
        calls.clear()
        face.presets.value = "Steep"
        assert face.values == {"slope": 2, "intercept": 1}
        assert calls == [(2, 1)]


class TestInlineCsv:
    def test_booleans_and_missing_values_are_written_as_vega_reads_them(self):
        frame = pd.DataFrame(
            {"n": [1.5, 2.0], "flag": [True, False], "p": pd.array([0.25, None], dtype="Float64")}
        )
        data = inline_csv(frame)
        assert data.values.splitlines() == ["n,flag,p", "1.5,true,0.25", "2,false,"]
        assert data.format.to_dict() == {
            "type": "csv",
            "parse": {"n": "number", "flag": "boolean", "p": "number"},
        }

    def test_digits_round_the_static_data(self):
        assert inline_csv(pd.DataFrame({"x": [1 / 3]}), digits=4).values.splitlines()[1] == "0.3333"


@pytest.mark.parametrize("make", BOOK_EXPLORERS, ids=lambda f: f.__name__)
class TestBookExplorers:
    def test_static_face_is_within_the_inline_budget(self, make):
        spec = make().static().to_dict()
        inline = sum(len(json.dumps(values)) for values in spec["datasets"].values())
        assert inline <= 250_000

    def test_every_parameter_is_a_slider_and_every_preset_is_on_its_grid(self, make):
        explorer = make()
        spec = explorer.static().to_dict()
        assert {p["name"] for p in spec["params"]} == {p.name for p in explorer.params}
        for preset in explorer.presets:
            assert preset.source, f"preset {preset.label!r} has no source"

    def test_live_face_at_defaults_shows_the_model_output(self, make):
        explorer = make()
        face = explorer.live()
        pd.testing.assert_frame_equal(face.data, explorer.evaluate(**explorer.defaults))
        assert len(face.spec["datasets"]["model"]) == len(face.data)

    def test_live_spec_draws_the_same_chart_as_a_freshly_built_one(self, make):
        """The fast path (template + swapped data) renders what chart_for would."""
        import vl_convert

        explorer = make()
        values = {p.name: p.default for p in explorer.params}
        fast = vl_convert.vegalite_to_svg(explorer.live_spec(explorer.evaluate(**explorer.defaults), values))
        slow = vl_convert.vegalite_to_svg(explorer.chart_at(**values).to_dict())

        def marks(svg: str) -> list[str]:
            """Every mark's accessible label and every text, numbers rounded (the fast path's JSON
            may differ in the 15th digit; ids such as gradient counters are ignored)."""
            found = re.findall(r'aria-label="([^"]*)"|>([^<>]+)</text>', svg)
            return [re.sub(r"\d+\.\d+", lambda m: f"{float(m.group()):.6f}", a or b) for a, b in found]

        assert marks(fast) == marks(slow)
        assert len(marks(fast)) > 10


class TestStaticFace:
    def test_data_is_the_model_on_every_grid_point(self):
        explorer = declare()
        data = explorer.grid_data()
        assert len(data) == 5 * 5 * 5  # slope: 5 values × intercept: 5 values × 5 rows
        for (slope, intercept), part in data.groupby(["slope", "intercept"]):
            expected = line_model(slope, intercept)
            np.testing.assert_allclose(part[["x", "y"]].to_numpy(), expected.to_numpy(), atol=1e-9)

    def test_sliders_are_vega_lite_parameters_with_the_declared_range(self):
        spec = declare().static().to_dict()
        bound = {p["name"]: p for p in spec["params"]}
        assert bound["slope"]["value"] == 1
        assert bound["slope"]["bind"] == {"input": "range", "min": 0, "max": 2, "step": 0.5, "name": "Slope "}
        assert spec["title"] == "A line" and spec["description"] == "y against x"

    def test_security_game_static_data_equals_the_model(self):
        explorer = security_game_explorer()
        data = explorer.grid_data()
        assert sorted(data["offence"].unique()) == pytest.approx(OFFENCE.values.tolist())
        for offence, part in data.groupby("offence"):
            expected = games.security_game_frame(offence)
            pd.testing.assert_frame_equal(
                part.drop(columns="offence").reset_index(drop=True), expected, check_exact=False, atol=1e-9
            )

    def test_security_game_chart_is_within_the_inline_budget(self):
        spec = security_game_explorer().static().to_dict()
        inline = sum(len(json.dumps(values)) for values in spec["datasets"].values())
        assert inline <= 250_000
        assert {p["name"] for p in spec["params"]} == {"offence", "belief"}

    def test_book_renderer_emits_the_vega_lite_spec_for_the_site(self):
        bundle = security_game_explorer().static()._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        assert VEGALITE_MIME in bundle
        assert bundle[VEGALITE_MIME]["description"].startswith("Left: the 2 by 2 payoff matrix")


class TestLiveFace:
    def test_widgets_carry_the_declared_labels_ranges_and_defaults(self):
        face = security_game_explorer().live()
        for param in (OFFENCE, BELIEF):
            control = face.controls[param.name]
            assert control.description == param.text
            assert (control.min, control.max, control.value) == (param.min, param.max, param.default)
        assert face.controls["offence"].step == pytest.approx(OFFENCE.step / 10)  # free of the static grid
        assert face.controls["belief"].step == pytest.approx(BELIEF.step)  # a view keeps its step

    def test_moving_a_model_slider_recomputes_the_model(self):
        face = security_game_explorer().live()
        face.controls["offence"].value = 0.57  # off the static grid
        pd.testing.assert_frame_equal(face.data, games.security_game_frame(0.57))
        chart = face.spec
        assert {p["name"]: p["value"] for p in chart["params"]}["offence"] == 0.57

    def test_moving_a_view_slider_redraws_without_rerunning_the_model(self):
        face = security_game_explorer().live()
        data_before = face.data
        face.controls["belief"].value = 0.25
        assert face.data is data_before
        assert {p["name"]: p["value"] for p in face.spec["params"]}["belief"] == 0.25
