"""Figures and tables of chapter 7, "What 'open' means", drawn from the book's data.

Everything here is a pure function of the frames that :func:`dilemma.data.models`
and :func:`dilemma.data.indicators` return, so a corrected row in ``models.csv``
or ``indicators.csv`` changes every figure and number with it. The charts work on
the static site: their dropdowns are Vega-Lite parameters, every mark carries its
source in the tooltip, and clicking a mark opens that source.

* :func:`releases_chart`: every release on a date axis, one lane per country
  group, coloured and shaped by what was released (:data:`dilemma.data.OPENNESS`),
  with dropdowns for openness, the kind of licence and the developer;
* :func:`price_capability_chart`: launch price (log axis) against the MMLU score
  the developer reported, for the releases where both are public;
* :func:`gap_chart`: the capability gaps that named trackers report (open versus
  closed, United States versus China), one series at a time;
* :func:`models_table`, :func:`indicators_table` and :func:`openness_table`: the
  same data as tables, with source links;
* :func:`release_counts`, :func:`open_share`, :func:`price_ratio` and
  :func:`licence_summary`: the numbers the chapter and its exercises quote.

The openness scale separates what is *released* (weights, code, data) from the
*terms* of release (the licence): see the note on :data:`dilemma.data.OPENNESS`.
"""

from __future__ import annotations

import html
import json
import math
import textwrap
from collections.abc import Iterable, Sequence

import altair as alt
import pandas as pd
from IPython.display import HTML

from . import data
from .style import INK

GROUPS = ("United States", "China", "Europe and others")
"""Country groups, the lanes of :func:`releases_chart` (developer's headquarters)."""

OPENNESS_LABELS = {
    "closed-api": "closed (API or app only)",
    "open-weights": "open weights",
    "open-weights-code": "weights and training code",
    "open-source-data": "weights, code and data",
}
"""Short legend labels for the levels of :data:`dilemma.data.OPENNESS`."""

OPENNESS_COLOURS = {
    "closed-api": "#D55E00",
    "open-weights": "#0072B2",
    "open-weights-code": "#56B4E9",
    "open-source-data": "#009E73",
}
"""Okabe–Ito colours per openness level (shape carries the level too)."""

OPENNESS_SHAPES = {
    "closed-api": "square",
    "open-weights": "circle",
    "open-weights-code": "triangle-up",
    "open-source-data": "diamond",
}

GROUP_SHAPES = {"United States": "circle", "China": "square", "Europe and others": "triangle-up"}
"""Shapes per country group in :func:`price_capability_chart` (colour there is openness)."""

LICENCE_KINDS = ("OSI-approved", "custom terms", "proprietary")
"""How :func:`releases_chart` groups licences: an OSI-approved licence, a developer's own
licence with use restrictions, or proprietary terms (closed models)."""

GAP_TOPICS = ("gap-open-closed", "gap-us-china")
"""The topics of ``indicators.csv`` that :func:`gap_chart` draws by default."""

PRICE_BASES = {
    "output": "output tokens",
    "input": "input tokens",
    "blended": "blend, 3 input : 1 output",
}
"""The prices :func:`price_capability_chart` can show; the blend weights input three to one."""

ALL = "All"
"""The dropdown choice that applies no filter."""

WIDTH = 540
"""Plot width in pixels, so that a chart and its labels fit the page's text column."""

_MODEL_COLUMNS = (
    "id",
    "name",
    "date",
    "developer",
    "country",
    "openness",
    "licence",
    "osi_approved",
    "parameters_b",
    "active_parameters_b",
    "price_input",
    "price_output",
    "price_source_url",
    "price_source_title",
    "mmlu",
    "source_url",
    "source_title",
    "note",
)
_INDICATOR_COLUMNS = (
    "id",
    "topic",
    "series",
    "measure",
    "subject",
    "value",
    "unit",
    "as_of",
    "publisher",
    "source_kind",
    "seed",
    "seed_value",
    "source_url",
    "source_title",
    "note",
)


# --- Input checks ---------------------------------------------------------------------------------


def _checked(frame: object, columns: Sequence[str], name: str, loader: str) -> pd.DataFrame:
    """``frame`` if it is a DataFrame with ``columns`` and at least one row; else a clear error."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            f"{name} must be the DataFrame returned by dilemma.data.{loader}(), got {type(frame).__name__}"
        )
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} lacks the column(s) {', '.join(repr(c) for c in missing)}: "
            f"pass the DataFrame returned by dilemma.data.{loader}()"
        )
    if frame.empty:
        raise ValueError(f"{name} has no rows: data/{loader}.csv holds only its header so far")
    return frame


def _models(models: object) -> pd.DataFrame:
    frame = _checked(models, _MODEL_COLUMNS, "models", "models")
    unknown = sorted(set(frame["openness"].astype(str)) - set(data.OPENNESS))
    if unknown:
        raise ValueError(f"models has openness value(s) {unknown} outside the scale {list(data.OPENNESS)}")
    return frame


def _indicators(indicators: object) -> pd.DataFrame:
    return _checked(indicators, _INDICATOR_COLUMNS, "indicators", "indicators")


def country_group(country: str) -> str:
    """The country group (a lane of :func:`releases_chart`) of a developer's home country."""
    if not isinstance(country, str):
        raise TypeError(f"country must be a country name (str), got {country!r}")
    return country if country in GROUPS[:2] else GROUPS[2]


def licence_kind(licence: str, osi_approved: bool) -> str:
    """One of :data:`LICENCE_KINDS` for a licence and its ``osi_approved`` flag."""
    if licence == "Proprietary":
        return "proprietary"
    return "OSI-approved" if bool(osi_approved) else "custom terms"


# --- Plain values for the charts ------------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _size(total: object, active: object) -> str:
    if _number(total) is None:
        return "not disclosed"
    size = f"{float(total):g} billion"
    if _number(active) is not None:
        size += f" ({float(active):g} billion active per token)"
    return size


def _price_text(price_in: object, price_out: object) -> str:
    if _number(price_in) is None:
        return "no API price at launch"
    return f"${float(price_in):g} in / ${float(price_out):g} out per million tokens"


def _model_records(models: pd.DataFrame) -> list[dict]:
    """One plain dict per release: the fields the charts show (small inline data)."""
    records = []
    for row in models.itertuples(index=False):
        records.append(
            {
                "id": str(row.id),
                "name": str(row.name),
                "date": f"{row.date:%Y-%m-%d}",
                "day": f"{row.date:%d %b %Y}",
                "year": int(row.date.year),
                "developer": str(row.developer),
                "country": str(row.country),
                "group": country_group(str(row.country)),
                "openness": str(row.openness),
                "openness_label": OPENNESS_LABELS[str(row.openness)],
                "licence": str(row.licence),
                "licence_kind": licence_kind(str(row.licence), bool(row.osi_approved)),
                "osi": "yes" if bool(row.osi_approved) else "no",
                "size": _size(row.parameters_b, row.active_parameters_b),
                "price_input": _number(row.price_input),
                "price_output": _number(row.price_output),
                "price_text": _price_text(row.price_input, row.price_output),
                "price_source": _text(row.price_source_title),
                "price_url": _text(row.price_source_url),
                "mmlu": _number(row.mmlu),
                "source": str(row.source_title),
                "url": str(row.source_url),
                "note": _text(row.note),
            }
        )
    return records


def _dropdown(name: str, label: str, options: Iterable[str], labels: Iterable[str] | None = None):
    """A select bound to a parameter whose value "All" applies no filter."""
    options = [ALL, *options]
    if labels is None:
        binding = alt.binding_select(options=options, name=label + " ")
    else:
        binding = alt.binding_select(options=options, labels=[ALL, *labels], name=label + " ")
    return alt.param(name=name, value=ALL, bind=binding)


def _filter(params_and_fields: Sequence[tuple[alt.Parameter, str]]) -> str:
    """A Vega test: each dropdown is either "All" or equal to its field."""
    return " && ".join(
        f"({p.name} == {json.dumps(ALL)} || datum.{field} == {p.name})" for p, field in params_and_fields
    )


def _datetime(day: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day)


def _date_axis(dates: pd.Series, field: str, title: str) -> alt.X:
    """A date axis over ``dates`` plus a margin, with at most about six labels."""
    start, end = dates.min(), dates.max()
    margin = pd.Timedelta(days=max(10, (end - start).days // 30))
    months = max(1, (end - start).days // 30)
    step = next((s for s in (1, 2, 3, 6, 12, 24) if months / s <= 6), 24)
    return alt.X(
        f"{field}:T",
        title=title,
        scale=alt.Scale(domain=[_datetime(start - margin), _datetime(end + margin)]),
        axis=alt.Axis(
            format="%b %Y", labelAngle=0, tickCount={"interval": "month", "step": step}, labelOverlap=True
        ),
    )


def _openness_encodings(levels: list[str], *, shape: bool = True, legend_columns: int = 2) -> dict:
    legend = alt.Legend(orient="bottom", columns=legend_columns, symbolStrokeWidth=2, labelLimit=220)
    encodings = {
        "color": alt.Color(
            "openness_label:N",
            title="What was released",
            scale=alt.Scale(
                domain=[OPENNESS_LABELS[level] for level in levels],
                range=[OPENNESS_COLOURS[level] for level in levels],
            ),
            legend=legend,
        )
    }
    if shape:
        encodings["shape"] = alt.Shape(
            "openness_label:N",
            title="What was released",
            scale=alt.Scale(
                domain=[OPENNESS_LABELS[level] for level in levels],
                range=[OPENNESS_SHAPES[level] for level in levels],
            ),
            legend=legend,
        )
    return encodings


# --- Figure 1: releases over time -----------------------------------------------------------------


def _release_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("name:N", title="Model"),
        alt.Tooltip("day:N", title="Released"),
        alt.Tooltip("developer:N", title="Developer"),
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("openness_label:N", title="What was released"),
        alt.Tooltip("licence:N", title="Licence"),
        alt.Tooltip("osi:N", title="OSI-approved licence"),
        alt.Tooltip("size:N", title="Parameters"),
        alt.Tooltip("source:N", title="Source (click the mark to open)"),
        alt.Tooltip("note:N", title="Note"),
    ]


def releases_chart(models: pd.DataFrame, *, title: str | None = None) -> alt.Chart:
    """Every release on a date axis, one lane per country group, by openness.

    Parameters
    ----------
    models : DataFrame
        As returned by :func:`dilemma.data.models`.
    title : str, optional
        Chart title; by default one naming the period.

    Returns
    -------
    altair.Chart
        Points coloured and shaped by openness, with dropdown filters for openness,
        licence kind and developer; hovering shows the release and its source, and
        clicking a point opens the source.
    """
    frame = _models(models)
    records = _model_records(frame)
    present = {r["openness"] for r in records}
    levels = [level for level in data.OPENNESS if level in present]
    groups = [g for g in GROUPS if any(r["group"] == g for r in records)]
    kinds = [k for k in LICENCE_KINDS if any(r["licence_kind"] == k for r in records)]
    openness_filter = _dropdown(
        "release_openness", "What was released", levels, [OPENNESS_LABELS[level] for level in levels]
    )
    licence_filter = _dropdown("release_licence", "Licence", kinds)
    developer_filter = _dropdown("release_developer", "Developer", sorted({r["developer"] for r in records}))
    test = _filter(
        [(openness_filter, "openness"), (licence_filter, "licence_kind"), (developer_filter, "developer")]
    )
    first, last = frame["date"].min(), frame["date"].max()
    counts = pd.Series([r["group"] for r in records]).value_counts()
    closed = pd.Series([r["group"] for r in records if r["openness"] == "closed-api"]).value_counts()
    description = (
        f"Timeline of {len(records)} model releases from {first:%B %Y} to {last:%B %Y} in lanes by the "
        "developer's country group: "
        + "; ".join(
            f"{g}, {counts.get(g, 0)} releases of which {closed.get(g, 0)} closed and "
            f"{counts.get(g, 0) - closed.get(g, 0)} with downloadable weights"
            for g in groups
        )
        + ". Colour and shape give what was released. Dropdowns filter by openness, licence kind and "
        "developer; hovering shows the model and its source, clicking opens the source."
    )
    return (
        alt.Chart(alt.InlineData(values=records))
        .transform_filter(test)
        .mark_point(size=110, filled=True, opacity=0.85, strokeWidth=2)
        .encode(
            x=_date_axis(frame["date"], "date", "Release date"),
            y=alt.Y(
                "group:N",
                title=None,
                scale=alt.Scale(domain=groups),
                axis=alt.Axis(labelLimit=150, labelFontWeight="bold"),
            ),
            yOffset=alt.YOffset("openness:N", scale=alt.Scale(domain=levels)),
            href="url:N",
            tooltip=_release_tooltip(),
            **_openness_encodings(levels),
        )
        .add_params(
            openness_filter,
            licence_filter,
            developer_filter,
            alt.selection_interval(name="release_zoom", bind="scales", encodings=["x"]),
        )
        .properties(
            width=WIDTH,
            height=110 * len(groups),
            title=alt.Title(
                title or f"Notable model releases, {first:%b %Y} to {last:%b %Y}, by what was released",
                subtitle="Hover for the model, its licence and source; click a mark to open the source. "
                "Scroll to zoom, drag to pan.",
            ),
            description=description,
        )
    )


# --- Figure 2: price against capability -----------------------------------------------------------


def _priced(frame: pd.DataFrame) -> pd.DataFrame:
    """Releases with a positive launch price and a reported MMLU score (a log axis needs price > 0)."""
    keep = frame["price_output"].notna() & frame["price_input"].notna() & frame["mmlu"].notna()
    keep &= (frame["price_output"] > 0) & (frame["price_input"] > 0)
    return frame[keep.astype(bool)]


def _crowded_above(record: dict, records: list[dict]) -> bool:
    """Whether another release sits just above this one (its label then goes below the mark)."""
    here = math.log10(record["price_output"])
    return any(
        other is not record
        and -0.25 < math.log10(other["price_output"]) - here < 0.45  # near, or where the label runs
        and 0 <= other["mmlu"] - record["mmlu"] < 1.5
        and (other["mmlu"] > record["mmlu"] or other["id"] < record["id"])
        for other in records
    )


def price_capability_chart(models: pd.DataFrame, *, title: str | None = None) -> alt.LayerChart:
    """Launch price (log axis) against the MMLU score the developer reported at launch.

    Only releases with both a public launch price on the developer's own API and a
    reported MMLU score are drawn (a price of zero cannot be placed on a log axis and
    is left out too). A dropdown chooses the price: output tokens, input tokens, or a
    blend weighting input three to one.

    Parameters
    ----------
    models : DataFrame
        As returned by :func:`dilemma.data.models`.
    title : str, optional
        Chart title.

    Raises
    ------
    ValueError
        If no release has both a price and an MMLU score.
    """
    frame = _models(models)
    priced = _priced(frame)
    if priced.empty:
        raise ValueError("no release in models has both a positive launch price and a reported MMLU score")
    records = _model_records(priced)
    for record in records:
        record["label_below"] = _crowded_above(record, records)
    levels = [level for level in data.OPENNESS if level in {r["openness"] for r in records}]
    groups = [g for g in GROUPS if any(r["group"] == g for r in records)]
    basis = alt.param(
        name="price_basis",
        value="output",
        bind=alt.binding_select(
            options=list(PRICE_BASES), labels=list(PRICE_BASES.values()), name="Price of "
        ),
    )
    price = (
        "price_basis == 'input' ? datum.price_input : "
        "price_basis == 'blended' ? (3 * datum.price_input + datum.price_output) / 4 : datum.price_output"
    )
    low = min(min(r["price_input"], r["price_output"]) for r in records)
    high = max(max(r["price_input"], r["price_output"]) for r in records)
    mmlu_low = min(r["mmlu"] for r in records)
    base = alt.Chart(alt.InlineData(values=records)).transform_calculate(price=price)
    x = alt.X(
        "price:Q",
        title="Launch price on the developer's API, US$ per million tokens (log scale)",
        scale=alt.Scale(type="log", domain=[low / 1.5, high * 1.5], nice=False),
        axis=alt.Axis(format="$~g", grid=True),
    )
    y = alt.Y(
        "mmlu:Q",
        title="MMLU score reported at launch (%)",
        scale=alt.Scale(domain=[max(0.0, 5 * (mmlu_low // 5) - 5), 100]),
    )
    tooltip = [
        alt.Tooltip("name:N", title="Model"),
        alt.Tooltip("developer:N", title="Developer"),
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("day:N", title="Released"),
        alt.Tooltip("openness_label:N", title="What was released"),
        alt.Tooltip("licence:N", title="Licence"),
        alt.Tooltip("price_text:N", title="Launch price"),
        alt.Tooltip("price:Q", title="Price shown (US$ per million tokens)", format=",.3~f"),
        alt.Tooltip("mmlu:Q", title="MMLU reported at launch (%)", format=".1f"),
        alt.Tooltip("price_source:N", title="Price source (click the mark to open)"),
        alt.Tooltip("source:N", title="Source of the MMLU score"),
        alt.Tooltip("note:N", title="Note"),
    ]
    points = base.mark_point(size=120, filled=True, opacity=0.9, strokeWidth=2).encode(
        x=x,
        y=y,
        href="price_url:N",
        tooltip=tooltip,
        color=_openness_encodings(levels, shape=False)["color"],
        shape=alt.Shape(
            "group:N",
            title="Developer's country",
            scale=alt.Scale(domain=groups, range=[GROUP_SHAPES[g] for g in groups]),
            legend=alt.Legend(orient="bottom", symbolStrokeWidth=2),
        ),
    )
    labels = alt.layer(
        *(
            base.transform_filter(f"datum.label_below == {json.dumps(below)}")
            .mark_text(align="left", dx=7, dy=9 if below else -6, fontSize=10, color=INK)
            .encode(x=x, y=y, text="name:N")
            for below in (False, True)
        )
    )
    described = ", ".join(
        f"{r['name']} ({r['openness_label']}, ${r['price_output']:g} per million output tokens, "
        f"MMLU {r['mmlu']:g})"
        for r in sorted(records, key=lambda r: r["price_output"])
    )
    left_out = len(frame) - len(priced)
    description = (
        f"Scatter plot of {len(records)} model releases with a public launch price and a reported MMLU "
        f"score ({left_out} other releases have no price, no score or a zero price and are not drawn). "
        "Horizontal axis: launch price in US dollars per million tokens, on a log scale; a dropdown "
        "switches between output, input and blended prices. Vertical axis: the MMLU score the developer "
        "reported. Colour gives what was released, shape the developer's country group. In order of "
        f"output price: {described}."
    )
    return (
        (points + labels)
        .add_params(basis)
        .properties(
            width=WIDTH,
            height=340,
            title=alt.Title(
                title or "Price against reported capability at launch",
                subtitle=[
                    "MMLU scores are the developers' own, reported at launch; near the top the",
                    "benchmark no longer separates models well. Hover for sources; click a mark",
                    "to open the price source.",
                ],
            ),
            description=description,
        )
    )


# --- Figure 3: the gaps ---------------------------------------------------------------------------


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _gap_rows(indicators: pd.DataFrame, topics: Sequence[str]) -> pd.DataFrame:
    frame = _indicators(indicators)
    if isinstance(topics, str) or not all(isinstance(t, str) for t in topics):
        raise TypeError(f"topics must be a list of topic names, got {topics!r}")
    unknown = sorted(set(topics) - set(data.TOPICS))
    if unknown:
        raise ValueError(f"topics {unknown} are not in the vocabulary {list(data.TOPICS)}")
    chosen = frame[frame["topic"].isin(list(topics))]
    if chosen.empty:
        raise ValueError(f"indicators has no row with topic in {list(topics)}")
    return chosen.sort_values(["topic", "series", "as_of"], kind="stable")


def gap_chart(
    indicators: pd.DataFrame,
    *,
    topics: Sequence[str] = GAP_TOPICS,
    series: str | None = None,
    title: str | None = None,
) -> alt.LayerChart:
    """The capability gaps reported by named trackers, one series at a time.

    A dropdown picks the series (each measures one thing, in one unit, by one
    publisher); the title names its measure and unit. Every point's tooltip gives the
    publisher, the kind of source, the date the figure refers to and the source's
    title, and clicking a point opens the source. A rule marks a gap of zero.

    Parameters
    ----------
    indicators : DataFrame
        As returned by :func:`dilemma.data.indicators`.
    topics : sequence of str, default :data:`GAP_TOPICS`
        Topics of ``indicators.csv`` to offer.
    series : str, optional
        The series shown when the page opens; by default the first one.
    title : str, optional
        A fixed title instead of the measure of the series picked.
    """
    rows = _gap_rows(indicators, topics)
    order = list(dict.fromkeys(rows["series"]))
    if series is not None and series not in order:
        raise ValueError(
            f"series {series!r} is not a series of the topics {list(topics)}; pick one of {order}"
        )
    first = rows.drop_duplicates("series").set_index("series")
    records = [
        {
            "series": str(r.series),
            "topic": str(r.topic),
            "measure": str(r.measure),
            "subject": _text(r.subject),
            "value": float(r.value),
            "unit": str(r.unit),
            "as_of": f"{r.as_of:%Y-%m-%d}",
            "day": f"{r.as_of:%d %b %Y}",
            "publisher": str(r.publisher),
            "kind": str(r.source_kind),
            "figure": f"{float(r.value):,.6g} {r.unit}",
            "seed": "" if pd.isna(r.seed) else f"{r.seed}: {float(r.seed_value):,.6g} {r.unit}",
            "source": str(r.source_title),
            "url": str(r.source_url),
            "note": _text(r.note),
        }
        for r in rows.itertuples(index=False)
    ]
    pick = alt.param(
        name="gap_series",
        value=series or order[0],
        bind=alt.binding_select(
            options=order,
            labels=[_short(f"{first.loc[s, 'publisher']}: {first.loc[s, 'measure']}") for s in order],
            name="Series ",
        ),
    )
    headings = [
        {
            "series": s,
            "heading": "\n".join(
                [
                    *textwrap.wrap(f"{first.loc[s, 'measure']} ({first.loc[s, 'unit']})", 80),
                    f"Published by {first.loc[s, 'publisher']}",
                ]
            ),
        }
        for s in order
    ]
    lines = max(h["heading"].count("\n") + 1 for h in headings)
    header = (
        alt.Chart(alt.InlineData(values=headings))
        .transform_filter("datum.series == gap_series")
        .mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n", lineHeight=17, color=INK)
        .encode(x=alt.value(0), y=alt.value(0), text="heading:N")
        .properties(width=WIDTH, height=17 * lines)
    )
    base = alt.Chart(alt.InlineData(values=records)).transform_filter("datum.series == gap_series")
    x = _date_axis(rows["as_of"], "as_of", "Date the figure refers to")
    y = alt.Y("value:Q", title="Gap, in the unit named above", scale=alt.Scale(zero=True, padding=14))
    tooltip = [
        alt.Tooltip("day:N", title="As of"),
        alt.Tooltip("figure:N", title="Gap"),
        alt.Tooltip("subject:N", title="Between"),
        alt.Tooltip("publisher:N", title="Publisher"),
        alt.Tooltip("kind:N", title="Kind of source"),
        alt.Tooltip("source:N", title="Source (click the mark to open)"),
        alt.Tooltip("seed:N", title="Figure as a seed text gives it"),
        alt.Tooltip("note:N", title="Note"),
    ]
    line = base.mark_line(color=INK, strokeWidth=1, strokeDash=[2, 3], opacity=0.7).encode(x=x, y=y)
    points = base.mark_point(size=110, filled=True, color="#0072B2", strokeWidth=2).encode(
        x=x, y=y, href="url:N", tooltip=tooltip
    )
    values = base.mark_text(align="left", dx=8, dy=-8, fontSize=11, color=INK).encode(
        x=x, y=y, text=alt.Text("value:Q", format=",.3~g")
    )
    zero = (
        alt.Chart(alt.InlineData(values=[{"zero": 0}]))
        .mark_rule(color="#999999", strokeDash=[4, 3])
        .encode(y="zero:Q")
    )
    publishers = sorted({r["publisher"] for r in records})
    description = (
        f"Chart of {len(order)} series of reported capability gaps ({len(records)} figures in all), "
        "one series at a time, chosen with a dropdown: "
        + "; ".join(
            f"{s}: {first.loc[s, 'measure']}, in {first.loc[s, 'unit']}, published by "
            f"{first.loc[s, 'publisher']}, {int((rows['series'] == s).sum())} figures"
            for s in order
        )
        + f". Publishers: {', '.join(publishers)}. Hovering over a point shows its date, value, publisher "
        "and source; clicking opens the source. A dotted line joins the figures of a series and a dashed "
        "line marks a gap of zero."
    )
    plot = (zero + line + points + values).properties(width=WIDTH, height=240)
    return (
        alt.vconcat(header, plot, spacing=6)
        .add_params(pick)
        .properties(
            title=alt.Title(
                title or "How far behind? Capability gaps as trackers report them",
                subtitle=[
                    "Pick a series below. Hover for publisher, source and date; click a point to open it.",
                    "The dotted line only joins reported figures, not what happened between them.",
                ],
            ),
            description=description,
        )
    )


# --- Tables ---------------------------------------------------------------------------------------


def openness_table(models: pd.DataFrame | None = None) -> pd.DataFrame:
    """The book's openness scale (:data:`dilemma.data.OPENNESS`), least to most open.

    With ``models``, a column counts the releases at each level.
    """
    table = pd.DataFrame(
        {
            "level": range(len(data.OPENNESS)),
            "openness": list(data.OPENNESS),
            "what is released": list(data.OPENNESS.values()),
        }
    )
    if models is not None:
        frame = _models(models)
        counts = frame["openness"].value_counts()
        table["releases in models.csv"] = [int(counts.get(level, 0)) for level in data.OPENNESS]
    return table.set_index("level")


def _link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'


def models_table(
    models: pd.DataFrame, *, openness: Sequence[str] | None = None, groups: Sequence[str] | None = None
) -> HTML:
    """The releases as an HTML table with source links (date, model, who, openness, licence, price, MMLU).

    Parameters
    ----------
    models : DataFrame
        As returned by :func:`dilemma.data.models`.
    openness : sequence of str, optional
        Keep only these levels of :data:`dilemma.data.OPENNESS`.
    groups : sequence of str, optional
        Keep only these country groups (:data:`GROUPS`).
    """
    frame = _models(models)
    for name, chosen, allowed in (
        ("openness", openness, list(data.OPENNESS)),
        ("groups", groups, list(GROUPS)),
    ):
        if chosen is None:
            continue
        if isinstance(chosen, str):
            raise TypeError(f"{name} must be a list of values, got the single string {chosen!r}")
        unknown = sorted(set(chosen) - set(allowed))
        if unknown:
            raise ValueError(f"{name} {unknown} are not among {allowed}")
    records = _model_records(frame)
    if openness is not None:
        records = [r for r in records if r["openness"] in set(openness)]
    if groups is not None:
        records = [r for r in records if r["group"] in set(groups)]
    rows = []
    for r in records:
        price = html.escape(r["price_text"])
        if r["price_url"]:
            price = _link(r["price_url"], r["price_text"])
        mmlu = "" if r["mmlu"] is None else f"{r['mmlu']:g}"
        licence = html.escape(r["licence"]) + (" (OSI)" if r["osi"] == "yes" else "")
        rows.append(
            "<tr>"
            f"<td>{r['date']}</td><td>{_link(r['url'], r['name'])}</td>"
            f"<td>{html.escape(r['developer'])}<br><small>{html.escape(r['country'])}</small></td>"
            f"<td>{html.escape(r['openness_label'])}</td><td>{licence}</td>"
            f"<td>{html.escape(r['size'])}</td><td>{price}</td><td>{mmlu}</td>"
            "</tr>"
        )
    head = (
        "<tr><th>Date</th><th>Model (source)</th><th>Developer</th><th>Released</th><th>Licence</th>"
        "<th>Parameters</th><th>Launch price</th><th>MMLU</th></tr>"
    )
    return HTML(
        '<div class="dilemma-table-wrap"><table class="dilemma-events">'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def indicators_table(indicators: pd.DataFrame, *, topics: Sequence[str] = GAP_TOPICS) -> HTML:
    """The figures of some topics of ``indicators.csv`` as an HTML table with source links."""
    rows = _gap_rows(indicators, topics)
    body = []
    for r in rows.itertuples(index=False):
        seed = (
            ""
            if pd.isna(r.seed)
            else f"<br><small>{html.escape(str(r.seed))} gives {float(r.seed_value):,.6g}</small>"
        )
        body.append(
            "<tr>"
            f"<td>{r.as_of:%Y-%m-%d}</td><td>{html.escape(str(r.series))}<br>"
            f"<small>{html.escape(str(r.measure))}</small></td>"
            f"<td>{float(r.value):,.6g} {html.escape(str(r.unit))}{seed}</td>"
            f"<td>{html.escape(str(r.publisher))}<br><small>{html.escape(str(r.source_kind))}</small></td>"
            f"<td>{_link(str(r.source_url), str(r.source_title))}</td>"
            "</tr>"
        )
    head = "<tr><th>As of</th><th>Series</th><th>Figure</th><th>Publisher</th><th>Source</th></tr>"
    return HTML(
        '<div class="dilemma-table-wrap"><table class="dilemma-events">'
        f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table></div>"
    )


# --- The numbers the chapter quotes ---------------------------------------------------------------


def _with_groups(models: object) -> pd.DataFrame:
    frame = _models(models).copy()
    frame["group"] = frame["country"].astype(str).map(country_group)
    frame["year"] = frame["date"].dt.year
    frame["open"] = frame["openness"] != "closed-api"
    return frame


def release_counts(models: pd.DataFrame, *, by: str = "group") -> pd.DataFrame:
    """Releases per ``by`` (``"group"`` or ``"year"``) and openness level, with a total column."""
    if by not in {"group", "year"}:
        raise ValueError(f"by must be 'group' or 'year', got {by!r}")
    frame = _with_groups(models)
    table = pd.crosstab(frame[by], frame["openness"])
    table = table.reindex(columns=[level for level in data.OPENNESS if level in table.columns])
    if by == "group":
        table = table.reindex([g for g in GROUPS if g in table.index])
    table["total"] = table.sum(axis=1)
    return table


def open_share(models: pd.DataFrame, *, by: str | Sequence[str] = "group") -> pd.Series:
    """Share of releases whose weights can be downloaded (any level above ``closed-api``).

    Parameters
    ----------
    models : DataFrame
        As returned by :func:`dilemma.data.models`.
    by : {"group", "year"} or a list of both
        Group the releases by country group, by year, or by both.

    Returns
    -------
    pandas.Series
        A share between 0 and 1 for each group.
    """
    keys = [by] if isinstance(by, str) else list(by)
    if not keys or not set(keys) <= {"group", "year"}:
        raise ValueError(f"by must be 'group', 'year' or a list of them, got {by!r}")
    frame = _with_groups(models)
    share = frame.groupby(keys)["open"].mean().rename("open share")
    if keys == ["group"]:
        share = share.reindex([g for g in GROUPS if g in share.index])
    return share


def price_ratio(models: pd.DataFrame, *, basis: str = "output") -> float:
    """Median launch price of closed releases divided by that of open-weight releases.

    Only releases with a public launch price on the developer's own API count.

    Parameters
    ----------
    models : DataFrame
        As returned by :func:`dilemma.data.models`.
    basis : {"output", "input"}
        Which price per million tokens to compare.

    Raises
    ------
    ValueError
        If ``basis`` is unknown, or if closed or open releases have no public price.
    """
    if basis not in {"output", "input"}:
        raise ValueError(f"basis must be 'output' or 'input', got {basis!r}")
    frame = _with_groups(models)
    column = f"price_{basis}"
    priced = frame[frame[column].notna()]
    closed = priced.loc[~priced["open"], column]
    opened = priced.loc[priced["open"], column]
    if closed.empty or opened.empty:
        raise ValueError("price_ratio needs at least one closed and one open release with a public price")
    median_open = float(opened.median())
    if median_open == 0:
        raise ValueError("the median open-weight price is zero, so the ratio is undefined")
    return float(closed.median()) / median_open


def licence_summary(models: pd.DataFrame) -> pd.DataFrame:
    """Each licence in ``models`` with its OSI status, number of releases and developers."""
    frame = _with_groups(models)
    table = (
        frame.groupby(["licence", "osi_approved"])
        .agg(releases=("id", "size"), developers=("developer", lambda d: ", ".join(sorted(set(d)))))
        .reset_index()
        .sort_values(["osi_approved", "releases"], ascending=[False, False], kind="stable")
        .reset_index(drop=True)
    )
    table["osi_approved"] = table["osi_approved"].astype(bool)
    return table


def licence_counts(models: pd.DataFrame) -> pd.DataFrame:
    """Releases per country group and kind of licence (:data:`LICENCE_KINDS`), with a total column."""
    frame = _with_groups(models)
    kinds = [
        licence_kind(str(lic), bool(osi))
        for lic, osi in zip(frame["licence"], frame["osi_approved"], strict=True)
    ]
    table = pd.crosstab(frame["group"], pd.Series(kinds, index=frame.index, name="licence kind"))
    table = table.reindex(
        index=[g for g in GROUPS if g in table.index],
        columns=[k for k in LICENCE_KINDS if k in table.columns],
    )
    table["total"] = table.sum(axis=1)
    return table


def series_summary(indicators: pd.DataFrame, *, topics: Sequence[str] = GAP_TOPICS) -> pd.DataFrame:
    """First and latest figure of each series in ``topics``, with its unit and publisher.

    Returns
    -------
    pandas.DataFrame
        One row per series: ``measure``, ``unit``, ``publisher``, ``figures`` (how many),
        ``first`` and ``first_as_of``, ``latest`` and ``latest_as_of``.
    """
    rows = _gap_rows(indicators, topics)
    grouped = rows.groupby("series", sort=False)
    table = pd.DataFrame(
        {
            "topic": grouped["topic"].first(),
            "measure": grouped["measure"].first(),
            "unit": grouped["unit"].first(),
            "publisher": grouped["publisher"].first(),
            "figures": grouped.size(),
            "first": grouped["value"].first().astype(float),
            "first_as_of": grouped["as_of"].first().dt.strftime("%Y-%m-%d"),
            "latest": grouped["value"].last().astype(float),
            "latest_as_of": grouped["as_of"].last().dt.strftime("%Y-%m-%d"),
        }
    )
    return table
