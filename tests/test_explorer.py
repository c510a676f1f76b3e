"""One declaration, two faces: the explorer mechanism and the chapter 1 explorer."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd
import pytest

from dilemma import games
from dilemma.explorer import DeclarationError, Explorer, Param
from dilemma.explorers import BELIEF, OFFENCE, security_game_explorer
from dilemma.render import VEGALITE_MIME


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
            assert control.step == pytest.approx(param.step / 10)  # free of the static grid

    def test_moving_a_model_slider_recomputes_the_model(self):
        face = security_game_explorer().live()
        face.controls["offence"].value = 0.57  # off the static grid
        pd.testing.assert_frame_equal(face.data, games.security_game_frame(0.57))
        chart = face.chart.to_dict()
        assert {p["name"]: p["value"] for p in chart["params"]}["offence"] == 0.57

    def test_moving_a_view_slider_redraws_without_rerunning_the_model(self):
        face = security_game_explorer().live()
        data_before = face.data
        face.controls["belief"].value = 0.25
        assert face.data is data_before
        assert {p["name"]: p["value"] for p in face.chart.to_dict()["params"]}["belief"] == 0.25
