"""Explorers: one declaration of a model, its parameters and a chart; two faces.

An :class:`Explorer` couples a model (a pure function returning a tidy
DataFrame) with its :class:`Param` declarations and a chart-building function.
From that single declaration it renders

* :meth:`Explorer.static`, an Altair chart whose sliders are Vega-Lite
  parameters. The model is precomputed on the slider grid and the sliders filter
  it, so the chart works on the static site with no kernel;
* :meth:`Explorer.live`, ipywidgets controls that call the Python model itself
  at any value (Jupyter, Binder, Live Code).

The chart function receives a base ``alt.Chart`` (whose data is the model
output, already filtered to the current slider values) and a mapping from
parameter name to ``alt.Parameter``; it returns any Altair chart. Parameters
declared with ``in_model=False`` are not passed to the model: they are view
parameters the chart uses in Vega expressions (a marker position, say), and
they are never gridded.

An explorer may also declare :class:`Preset` values: named situations that set
several sliders at once (on the static site, buttons above the chart; in the
live face, a row of toggle buttons). Each preset names the work that justifies
its placement.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import altair as alt
import numpy as np
import pandas as pd

INLINE_BUDGET_BYTES = 250_000
"""Largest inline data one static chart may carry (the book's page-weight budget)."""

_DECIMALS = 9  # floats in static data are rounded to this many decimals (smaller pages)

ChartBuilder = Callable[[alt.Chart, Mapping[str, alt.Parameter]], alt.TopLevelMixin]


class DeclarationError(ValueError):
    """An explorer or parameter declaration that cannot be rendered as declared."""


@dataclass(frozen=True)
class Param:
    """One slider of an explorer.

    Parameters
    ----------
    name : str
        Python identifier: the model's keyword argument and the Vega parameter name.
    label : str
        What the reader sees beside the slider.
    min, max, step : float
        The range and the slider step; ``step`` must divide ``max - min``.
    default : float
        Initial value; must lie in the range, on the step grid.
    unit : str, optional
        Unit or scale note shown after the label, e.g. "probability".
    in_model : bool, default True
        False for a view parameter that only the chart uses.
    integer : bool, default False
        True for a count (a number of teams, say): the live face then moves in
        the declared step instead of ten times finer. ``min``, ``max`` and
        ``step`` must be whole numbers.
    """

    name: str
    label: str
    min: float
    max: float
    step: float
    default: float
    unit: str = ""
    in_model: bool = True
    integer: bool = False

    def __post_init__(self) -> None:
        where = f"parameter {self.name!r}"
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise DeclarationError(f"{where}: name must be a Python identifier")
        if not isinstance(self.label, str) or not self.label.strip():
            raise DeclarationError(f"{where}: label must be a non-empty string")
        for attr in ("min", "max", "step", "default"):
            value = getattr(self, attr)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise DeclarationError(f"{where}: {attr} must be a number, got {value!r}")
            if not math.isfinite(value):
                raise DeclarationError(f"{where}: {attr} must be finite, got {value!r}")
        if self.integer and not all(float(getattr(self, a)).is_integer() for a in ("min", "max", "step")):
            raise DeclarationError(f"{where}: an integer parameter needs whole-number min, max and step")
        if not self.min < self.max:
            raise DeclarationError(f"{where}: min ({self.min}) must be below max ({self.max})")
        if not self.step > 0:
            raise DeclarationError(f"{where}: step must be positive, got {self.step}")
        span = (self.max - self.min) / self.step
        if abs(span - round(span)) > 1e-9 * max(1.0, span):
            raise DeclarationError(
                f"{where}: step {self.step} does not divide the range "
                f"[{self.min}, {self.max}] ({span:.4g} steps)"
            )
        if not self.min <= self.default <= self.max:
            raise DeclarationError(
                f"{where}: default {self.default} lies outside its range [{self.min}, {self.max}]"
            )
        offset = (self.default - self.min) / self.step
        if abs(offset - round(offset)) > 1e-9 * max(1.0, offset):
            raise DeclarationError(
                f"{where}: default {self.default} is not on the slider grid "
                f"{self.min}, {self.min + self.step:g}, … (step {self.step})"
            )

    @property
    def values(self) -> np.ndarray:
        """The slider's grid of values, min to max inclusive."""
        count = round((self.max - self.min) / self.step) + 1
        return np.round(self.min + self.step * np.arange(count), _DECIMALS)

    @property
    def text(self) -> str:
        """The label with its unit, as shown beside the slider."""
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Preset:
    """A named situation: values for some of an explorer's sliders, with its source.

    Parameters
    ----------
    label : str
        Button text, e.g. "Nuclear deterrence".
    values : mapping of str to float
        Slider values; each must be on that slider's grid.
    source : str, optional
        Bibliography key of the work that justifies the placement.
    note : str, optional
        One sentence on why the situation sits there (tooltip and live face).
    """

    label: str
    values: Mapping[str, float]
    source: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip():
            raise DeclarationError(f"preset {self.label!r}: label must be a non-empty string")
        if not self.values:
            raise DeclarationError(f"preset {self.label!r}: values must name at least one parameter")
        object.__setattr__(self, "values", dict(self.values))


@dataclass(frozen=True)
class Explorer:
    """A model, its parameters and a chart: declared once, rendered two ways.

    Parameters
    ----------
    name : str
        Identifier used in messages.
    title : str
        Chart title.
    description : str
        Text description of the chart (its accessible label on the page).
    model : callable
        Pure function taking the ``in_model`` parameters as keywords and returning
        a non-empty tidy ``pandas.DataFrame``.
    params : tuple of Param
    chart : callable
        ``chart(base, params) -> alt.Chart`` (see the module docstring).
    budget_bytes : int, default :data:`INLINE_BUDGET_BYTES`
        Largest inline data the static face may carry.
    presets : tuple of Preset, optional
        Named situations that set several sliders at once.
    digits : int, default 9
        Significant digits of the numbers in the static face's data (fewer
        digits, lighter pages; the live face is not rounded).

    Raises
    ------
    DeclarationError
        At declaration time, when names repeat or collide with the model's
        columns, when a preset names an unknown parameter or a value off its
        slider grid, or when the static grid would exceed the inline-data budget
        (the message names the parameter whose step to coarsen).
    """

    name: str
    title: str
    description: str
    model: Callable[..., pd.DataFrame]
    params: tuple[Param, ...]
    chart: ChartBuilder
    budget_bytes: int = INLINE_BUDGET_BYTES
    presets: tuple[Preset, ...] = ()
    digits: int = _DECIMALS

    def __post_init__(self) -> None:
        where = f"explorer {self.name!r}"
        object.__setattr__(self, "params", tuple(self.params))
        object.__setattr__(self, "presets", tuple(self.presets))
        if not self.params or not all(isinstance(p, Param) for p in self.params):
            raise DeclarationError(f"{where}: params must be a non-empty sequence of Param")
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise DeclarationError(f"{where}: parameter names repeat: {names}")
        if not self.model_params:
            raise DeclarationError(f"{where}: at least one parameter must have in_model=True")
        self._check_presets()
        sample = self.evaluate(**self.defaults)
        clash = {p.name for p in self.model_params} & set(sample.columns)
        if clash:
            raise DeclarationError(
                f"{where}: model output already has columns named like parameters: {sorted(clash)}"
            )
        estimate = self.grid_size * _inline_bytes(sample.assign(**self.defaults), self.digits, header=False)
        if estimate > self.budget_bytes:
            widest = max(self.model_params, key=lambda p: len(p.values))
            raise DeclarationError(
                f"{where}: the static grid has {self.grid_size} points "
                f"({' × '.join(f'{p.name}: {len(p.values)}' for p in self.model_params)}) "
                f"and would inline about {estimate / 1000:.0f} kB of data, over the "
                f"{self.budget_bytes / 1000:.0f} kB budget; coarsen the step of "
                f"parameter {widest.name!r} ({widest.step}) or declare fewer parameters"
            )

    def _check_presets(self) -> None:
        by_name = {p.name: p for p in self.params}
        for preset in self.presets:
            where = f"explorer {self.name!r}, preset {preset.label!r}"
            if not isinstance(preset, Preset):
                raise DeclarationError(f"explorer {self.name!r}: presets must be Preset, got {preset!r}")
            for name, value in preset.values.items():
                if name not in by_name:
                    raise DeclarationError(f"{where}: no parameter named {name!r} (have {sorted(by_name)})")
                param = by_name[name]
                if not any(abs(value - v) < param.step / 1000 for v in param.values):
                    raise DeclarationError(
                        f"{where}: {name} = {value} is not on the slider grid "
                        f"[{param.min}, {param.max}] in steps of {param.step}"
                    )

    # -- declaration helpers -------------------------------------------------
    @property
    def model_params(self) -> tuple[Param, ...]:
        """The parameters passed to the model (and gridded on the static face)."""
        return tuple(p for p in self.params if p.in_model)

    @property
    def defaults(self) -> dict[str, float]:
        """Default value of every model parameter."""
        return {p.name: p.default for p in self.model_params}

    @property
    def grid_size(self) -> int:
        """Number of model evaluations the static face needs."""
        return math.prod(len(p.values) for p in self.model_params)

    def evaluate(self, **values: float) -> pd.DataFrame:
        """Call the model with model-parameter values; check it returned a table."""
        result = self.model(**values)
        if not isinstance(result, pd.DataFrame) or result.empty:
            raise TypeError(
                f"explorer {self.name!r}: model must return a non-empty pandas DataFrame, "
                f"got {type(result).__name__}"
            )
        return result

    # -- static face ----------------------------------------------------------
    def grid_data(self) -> pd.DataFrame:
        """The model on every point of the slider grid, with the parameters as columns."""
        return self._grid.copy()

    @cached_property
    def _grid(self) -> pd.DataFrame:
        """The grid, computed once per explorer (the model is a pure function)."""
        names = [p.name for p in self.model_params]
        points = [
            dict(zip(names, point, strict=True))
            for point in itertools.product(*(p.values.tolist() for p in self.model_params))
        ]
        frames = [self.evaluate(**point) for point in points]
        data = pd.concat(frames, ignore_index=True)
        lengths = [len(frame) for frame in frames]
        for name in names:  # the parameters as columns (one concat, not one assign per point)
            data[name] = np.repeat([point[name] for point in points], lengths)
        floats = data.select_dtypes(include=["float", "Float64"]).columns
        data[floats] = data[floats].round(_DECIMALS)
        return data

    def static(self) -> alt.TopLevelMixin:
        """The Altair chart with Vega-Lite sliders, for the static site."""
        base = alt.Chart(inline_csv(self.grid_data(), self.digits))
        for p in self.model_params:
            base = base.transform_filter(f"abs(datum[{json.dumps(p.name)}] - {p.name}) < {p.step / 2!r}")
        params = {
            p.name: alt.param(
                name=p.name,
                value=p.default,
                bind=alt.binding_range(min=p.min, max=p.max, step=p.step, name=p.text + " "),
            )
            for p in self.params
        }
        return self._finish(self.chart(base, params), params)

    # -- live face --------------------------------------------------------------
    def live(self) -> LiveFace:
        """ipywidgets controls that call the Python model (Jupyter, Binder, Live Code)."""
        return LiveFace(self)

    def chart_at(self, **values: float) -> alt.TopLevelMixin:
        """The chart at one point, any values in range (what the live face shows)."""
        data = self.evaluate(**{p.name: values[p.name] for p in self.model_params})
        return self.chart_for(data, values)

    def chart_for(self, data: pd.DataFrame, values: Mapping[str, float]) -> alt.TopLevelMixin:
        """The chart of model output ``data`` computed at parameter ``values``."""
        model_values = {p.name: values[p.name] for p in self.model_params}
        base = alt.Chart(data.assign(**model_values))
        params = {p.name: alt.param(name=p.name, value=values[p.name]) for p in self.params}
        return self._finish(self.chart(base, params), params)

    def live_spec(self, data: pd.DataFrame, values: Mapping[str, float]) -> dict:
        """The Vega-Lite spec of :meth:`chart_for`, fast enough for a slider.

        Building an Altair chart costs a few hundred milliseconds, so the chart
        is built once (:attr:`_template`, with the model output as a named data
        source) and each call only swaps in the data and the slider values.
        """
        model_values = {p.name: values[p.name] for p in self.model_params}
        spec = copy.deepcopy(self._template)
        records = json.loads(data.assign(**model_values).to_json(orient="records", double_precision=15))
        spec.setdefault("datasets", {})[_LIVE_DATA] = records
        _set_param_values(spec, values)
        return spec

    @cached_property
    def _template(self) -> dict:
        base = alt.Chart(alt.NamedData(name=_LIVE_DATA))
        params = {p.name: alt.param(name=p.name, value=p.default) for p in self.params}
        return self._finish(self.chart(base, params), params).to_dict()

    def _finish(self, chart: alt.TopLevelMixin, params: Mapping[str, alt.Parameter]) -> alt.TopLevelMixin:
        chart = chart.add_params(*params.values()).properties(title=self.title, description=self.description)
        if self.presets:
            # Read by the site's chart script, which draws one button per preset.
            presets = [
                {"label": p.label, "values": dict(p.values), "note": p.note, "source": p.source}
                for p in self.presets
            ]
            chart = chart.properties(usermeta={"dilemma": {"presets": presets}})
        return chart


class LiveFace:
    """The live face of an explorer: one slider per parameter and the chart.

    Attributes
    ----------
    controls : dict of str to ipywidgets.FloatSlider
        Same labels, ranges and defaults as the declaration. Model parameters
        move in steps ten times finer, so the reader is not tied to the static
        grid; view parameters and integer parameters keep their declared step
        (view parameters read the model's own output, which may itself be a
        grid; a count has no values between its steps).
    presets : ipywidgets.ToggleButtons or None
        One button per declared preset; choosing one sets its sliders.
    data : pandas.DataFrame
        The model output for the current model-parameter values.
    spec : dict
        The Vega-Lite spec of the chart currently shown (see :meth:`Explorer.live_spec`).
    widget : ipywidgets.VBox
        What the notebook displays.
    """

    def __init__(self, explorer: Explorer) -> None:
        import ipywidgets as widgets

        self.explorer = explorer
        self.controls = {
            p.name: widgets.FloatSlider(
                value=p.default,
                min=p.min,
                max=p.max,
                step=p.step / 10 if p.in_model and not p.integer else p.step,
                description=p.text,
                continuous_update=False,
                readout_format=".3g",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="min(100%, 36rem)"),
            )
            for p in explorer.params
        }
        self.output = widgets.Output()
        self.presets = None
        rows: list = list(self.controls.values())
        if explorer.presets:
            self.presets = widgets.ToggleButtons(
                options=[p.label for p in explorer.presets],
                value=None,
                description="Presets",
                tooltips=[p.note for p in explorer.presets],
                style={"button_width": "auto"},
            )
            self.presets.observe(self.apply_preset, names="value")
            rows.insert(0, self.presets)
        self.widget = widgets.VBox([*rows, self.output])
        self._model_values: dict[str, float] | None = None  # forces the first refresh to run the model
        self.data: pd.DataFrame
        self.spec: dict
        for control in self.controls.values():
            control.observe(self.refresh, names="value")
        self.refresh()

    @property
    def values(self) -> dict[str, float]:
        """Current value of every control."""
        return {name: control.value for name, control in self.controls.items()}

    def apply_preset(self, change: Mapping[str, object]) -> None:
        """Set the sliders a preset names, then redraw once."""
        preset = next((p for p in self.explorer.presets if p.label == change["new"]), None)
        if preset is None:
            return
        for control in self.controls.values():
            control.unobserve(self.refresh, names="value")
        try:
            for name, value in preset.values.items():
                self.controls[name].value = value
        finally:
            for control in self.controls.values():
                control.observe(self.refresh, names="value")
        self.refresh()

    def refresh(self, *_: object) -> None:
        """Recompute the model if a model parameter moved, and redraw the chart."""
        values = self.values
        model_values = {p.name: values[p.name] for p in self.explorer.model_params}
        if model_values != self._model_values:
            self.data = self.explorer.evaluate(**model_values)
            self._model_values = model_values
        self.spec = self.explorer.live_spec(self.data, values)
        self.output.clear_output(wait=True)
        with self.output:
            from IPython.display import display

            from .render import renderer

            display(renderer(self.spec), raw=True)

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)


_LIVE_DATA = "model"
"""Name of the live face's data source (the model output at the sliders' values)."""


def _set_param_values(spec: object, values: Mapping[str, float]) -> None:
    """Set the ``value`` of every parameter named in ``values``, wherever it sits in the spec."""
    if isinstance(spec, dict):
        for param in spec.get("params", []) if isinstance(spec.get("params"), list) else []:
            if isinstance(param, dict) and param.get("name") in values:
                param["value"] = values[param["name"]]
        for child in spec.values():
            _set_param_values(child, values)
    elif isinstance(spec, list):
        for child in spec:
            _set_param_values(child, values)


def inline_csv(frame: pd.DataFrame, digits: int = _DECIMALS) -> alt.InlineData:
    """A frame as Vega-Lite inline CSV with declared column types.

    CSV carries each column name once, so the static grid is two to three times
    smaller than JSON records. Booleans are written as ``true``/``false`` (what
    Vega parses) and missing values as empty fields (which Vega reads as null).
    """
    parse: dict[str, str] = {}
    out = frame.copy()
    for column in frame.columns:
        dtype = frame[column].dtype
        if pd.api.types.is_bool_dtype(dtype):
            parse[column] = "boolean"
            out[column] = frame[column].map({True: "true", False: "false"})
        elif pd.api.types.is_numeric_dtype(dtype):
            parse[column] = "number"
    text = out.to_csv(index=False, float_format=f"%.{digits}g", lineterminator="\n")
    return alt.InlineData(values=text, format=alt.DataFormat(type="csv", parse=parse))


def _inline_bytes(frame: pd.DataFrame, digits: int = _DECIMALS, header: bool = True) -> int:
    """Size of a frame as the static face inlines it (see :func:`inline_csv`)."""
    text = inline_csv(frame, digits).values
    return len(text) - (0 if header else len(text.split("\n", 1)[0]) + 1)
