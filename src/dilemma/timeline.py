"""Figures of the reactive chain drawn from ``data/events.csv``.

Two interactive charts and a table, all working on the static site (the filters
are Vega-Lite parameters; no kernel):

* :func:`timeline_chart`: every event on a date axis, one lane per side (China,
  the United States, other countries and international bodies), coloured and
  shaped by category, with dropdown filters for the side, the actor and the
  category, and the source in the tooltip (a click opens it);
* :func:`chain_chart`: the action–reaction network of ``responds_to``: a line
  from each event to each later event that a source says answered it, with a
  dropdown that picks one event and lights up its whole chain, backwards and
  forwards;
* :func:`events_table`: the same events as an HTML table with source links, for
  readers who want the data rather than the picture.
"""

from __future__ import annotations

import html
import json

import altair as alt
import pandas as pd
from IPython.display import HTML

from . import data
from .style import INK

SIDES = ("China", "United States", "Third parties")
"""The timeline's lanes, top to bottom; third parties are other states and international bodies."""

CATEGORY_COLOURS = {
    "release": "#0072B2",
    "rule": "#D55E00",
    "export-control": "#CC79A7",
    "restriction": "#000000",
    "governance": "#009E73",
    "market": "#E69F00",
    "strategy": "#56B4E9",
    "statement": "#999999",
}
"""Okabe–Ito colours per category (shape carries the category too)."""

CATEGORY_SHAPES = {
    "release": "circle",
    "rule": "square",
    "export-control": "triangle-up",
    "restriction": "cross",
    "governance": "diamond",
    "market": "triangle-down",
    "strategy": "triangle-right",
    "statement": "triangle-left",
}

ALL = "All"
"""The dropdown choice that applies no filter."""

WIDTH = 540
"""Plot width in pixels: with the lane labels, a chart stays inside the page's text column."""


def side(country: str) -> str:
    """The timeline lane of a country or bloc."""
    return country if country in SIDES[:2] else SIDES[2]


def _period(events: pd.DataFrame, start: str | None, end: str | None) -> pd.DataFrame:
    if not isinstance(events, pd.DataFrame) or not {"id", "date", "responds_to"} <= set(events.columns):
        raise TypeError("events must be the DataFrame returned by dilemma.data.events()")
    bounds = {}
    for name, value in (("start", start), ("end", end)):
        if value is None:
            continue
        try:
            bounds[name] = pd.Timestamp(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a date such as '2023-04-11', got {value!r}") from None
    if "start" in bounds and "end" in bounds and bounds["start"] > bounds["end"]:
        raise ValueError(f"start ({start}) must not be after end ({end})")
    keep = pd.Series(True, index=events.index)
    if "start" in bounds:
        keep &= events["date"] >= bounds["start"]
    if "end" in bounds:
        keep &= events["date"] <= bounds["end"]
    chosen = events[keep]
    if chosen.empty:
        raise ValueError(f"no event lies between start={start!r} and end={end!r}")
    return chosen


def _figure_text(figure: object, unit: object) -> str:
    if pd.isna(figure):
        return ""
    return f"{float(figure):,.6g} {unit}"


def _records(events: pd.DataFrame) -> pd.DataFrame:
    """The columns the charts show, as plain text (small inline data)."""
    return pd.DataFrame(
        {
            "id": events["id"].astype(str),
            "date": events["date"].dt.strftime("%Y-%m-%d"),
            "day": events["date"].dt.strftime("%d %b %Y"),
            "label": events["label"].astype(str),
            "side": events["country"].map(side),
            "country": events["country"].astype(str),
            "actor": events["actor"].astype(str),
            "category": events["category"].astype(str),
            "event": events["event"].astype(str),
            "figure": [_figure_text(f, u) for f, u in zip(events["figure"], events["unit"], strict=True)],
            "source": events["source_title"].astype(str),
            "url": events["source_url"].astype(str),
            "note": events["note"].fillna("").astype(str),
        }
    )


def _dropdown(name: str, label: str, options: list[str]) -> alt.Parameter:
    return alt.param(name=name, value=ALL, bind=alt.binding_select(options=[ALL, *options], name=label + " "))


def _zoom(name: str) -> alt.Parameter:
    """Scroll to zoom and drag to pan along the date axis (double-click resets)."""
    return alt.selection_interval(name=name, bind="scales", encodings=["x"])


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("category:N", title="Category"),
        alt.Tooltip("event:N", title="Event"),
        alt.Tooltip("figure:N", title="Figure"),
        alt.Tooltip("source:N", title="Source (click the mark to open)"),
        alt.Tooltip("note:N", title="Note"),
    ]


def _datetime(day: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day)


def _date_axis(events: pd.DataFrame) -> alt.X:
    start, end = events["date"].min(), events["date"].max()
    margin = pd.Timedelta(days=max(5, (end - start).days // 40))
    months = max(1, (end - start).days // 30)
    step = next(s for s in (1, 2, 3, 6, 12, 24) if months / s <= 6)  # at most about six labels
    return alt.X(
        "date:T",
        title="Date",
        scale=alt.Scale(domain=[_datetime(start - margin), _datetime(end + margin)]),
        axis=alt.Axis(
            format="%b %Y", labelAngle=0, tickCount={"interval": "month", "step": step}, labelOverlap=True
        ),
    )


def _category_encodings(categories: list[str]) -> dict:
    # Colour and shape share one legend (same title and legend settings), so a
    # reader who cannot tell the colours apart still has the shapes.
    legend = alt.Legend(orient="bottom", columns=4, symbolStrokeWidth=2)
    return {
        "color": alt.Color(
            "category:N",
            title="Category",
            scale=alt.Scale(domain=categories, range=[CATEGORY_COLOURS[c] for c in categories]),
            legend=legend,
        ),
        "shape": alt.Shape(
            "category:N",
            title="Category",
            scale=alt.Scale(domain=categories, range=[CATEGORY_SHAPES[c] for c in categories]),
            legend=legend,
        ),
    }


def timeline_chart(
    events: pd.DataFrame, *, start: str | None = None, end: str | None = None, title: str | None = None
) -> alt.Chart:
    """The events on a date axis with filters by side, actor and category.

    Parameters
    ----------
    events : DataFrame
        As returned by :func:`dilemma.data.events`.
    start, end : str, optional
        Show only events on or between these dates (``"YYYY-MM-DD"``).
    title : str, optional
        Chart title; by default one naming the period.
    """
    chosen = _period(events, start, end)
    records = _records(chosen)
    categories = [c for c in data.CATEGORIES if c in set(records["category"])]
    sides = [s for s in SIDES if s in set(records["side"])]
    first, last = chosen["date"].min(), chosen["date"].max()
    title = title or f"Events of the US–China AI race, {first:%b %Y} to {last:%b %Y}"
    side_filter = _dropdown("side_filter", "Side", sides)
    actor_filter = _dropdown("actor_filter", "Actor", sorted(set(records["actor"])))
    category_filter = _dropdown("category_filter", "Category", categories)
    test = " && ".join(
        f"({p.name} == {json.dumps(ALL)} || datum.{field} == {p.name})"
        for p, field in ((side_filter, "side"), (actor_filter, "actor"), (category_filter, "category"))
    )
    counts = records.groupby("side").size()
    description = (
        f"Timeline of {len(records)} events from {first:%d %B %Y} to {last:%d %B %Y} in three lanes: "
        + "; ".join(f"{s}, {counts.get(s, 0)} events" for s in sides)
        + ". Each mark's colour and shape give its category; hovering shows the event and its source, "
        "clicking opens the source. Dropdowns filter by side, actor and category."
    )
    return (
        alt.Chart(alt.InlineData(values=records.to_dict(orient="records")))
        .transform_filter(test)
        .mark_point(size=110, filled=True, opacity=0.85, strokeWidth=2)
        .encode(
            x=_date_axis(chosen),
            y=alt.Y(
                "side:N",
                title=None,
                scale=alt.Scale(domain=sides),
                axis=alt.Axis(labelLimit=150, labelFontWeight="bold"),
            ),
            yOffset=alt.YOffset("category:N", scale=alt.Scale(domain=categories)),
            href="url:N",
            tooltip=_tooltip(),
            **_category_encodings(categories),
        )
        .add_params(side_filter, actor_filter, category_filter, _zoom("timeline_zoom"))
        .properties(
            width=WIDTH,
            height=110 * len(sides),
            title=alt.Title(
                title,
                subtitle="Hover for the event and its source; click a mark to open it. "
                "Scroll to zoom, drag to pan.",
            ),
            description=description,
        )
    )


def _closures(events: pd.DataFrame) -> dict[str, set[str]]:
    """Each event's chain: every event it answers or that answers it, transitively."""
    return {event_id: set(data.chain(events, event_id, "both")) for event_id in events["id"]}


_ROWS_PER_LANE = 4
"""Sub-rows a lane of the chain chart staggers its events over (plus one row of gap)."""
_LANE = _ROWS_PER_LANE + 1
"""Height of one lane in y units; its label sits at the centre of its rows."""


def _lanes(
    records: pd.DataFrame, sides: list[str], gap_days: int = 40, rows: int = _ROWS_PER_LANE
) -> list[float]:
    """A y position per event: its side's lane, staggered so close dates do not overlap."""
    positions = []
    last: dict[tuple[str, int], pd.Timestamp] = {}
    for lane_side, date in zip(records["side"], pd.to_datetime(records["date"]), strict=True):
        lane = len(sides) - 1 - sides.index(lane_side)
        free = [
            r
            for r in range(rows)
            if (lane_side, r) not in last or (date - last[lane_side, r]).days >= gap_days
        ]
        row = free[0] if free else min(range(rows), key=lambda r: last[lane_side, r])
        last[lane_side, row] = date
        positions.append(lane * _LANE + row)
    return positions


def chain_chart(
    events: pd.DataFrame, *, focus: str | None = None, title: str | None = None
) -> alt.VConcatChart:
    """The action–reaction network drawn from ``responds_to``.

    Only events that answer, or are answered by, another event are drawn. Time runs
    left to right, so every line runs from an event to a later reaction. A dropdown
    picks one event; its whole chain (what it answered, what answered it, and so on)
    is lit up and listed in date order below the network.

    Parameters
    ----------
    events : DataFrame
        As returned by :func:`dilemma.data.events`.
    focus : str, optional
        The id of the event whose chain is lit up when the page opens.
    title : str, optional
        Chart title.
    """
    _period(events, None, None)
    linked_ids = {e for answers in events["responds_to"] for e in answers}
    linked = events[events["id"].isin(linked_ids) | events["responds_to"].map(bool)].reset_index(drop=True)
    if linked.empty:
        raise ValueError("no event has a responds_to link: there is no chain to draw")
    if focus is not None and focus not in set(linked["id"]):
        raise ValueError(f"focus {focus!r} is not the id of a linked event")
    records = _records(linked)
    sides = [s for s in SIDES if s in set(records["side"])]
    number = {event_id: n for n, event_id in enumerate(records["id"])}
    closures = _closures(linked)
    records["n"] = range(len(records))
    records["y"] = _lanes(records, sides)
    records["chain"] = [
        "|" + "|".join(str(number[i]) for i in sorted(closures[e], key=number.get)) + "|"
        for e in records["id"]
    ]
    position = dict(
        zip(records["id"], zip(records["date"], records["y"], records["chain"], strict=True), strict=True)
    )
    links = pd.DataFrame(
        [
            {
                "date": position[earlier][0],
                "date2": position[later][0],
                "y": position[earlier][1],
                "y2": position[later][1],
                "chain": position[earlier][2],
                "chain2": position[later][2],
            }
            for later, answers in zip(linked["id"], linked["responds_to"], strict=True)
            for earlier in answers
        ]
    )
    options = [-1, *records["n"]]
    labels = ["(none)", *(f"{d}: {lab}" for d, lab in zip(records["day"], records["label"], strict=True))]
    start = number[focus] if focus is not None else -1
    pick = alt.param(
        name="chain_focus",
        value=start,
        bind=alt.binding_select(options=options, labels=labels, name="Trace the chain of "),
    )
    member = "indexof(datum.chain, '|' + chain_focus + '|') >= 0"
    lit = f"chain_focus < 0 || {member}"
    link_member = f"{member} && indexof(datum.chain2, '|' + chain_focus + '|') >= 0"
    centre = (_ROWS_PER_LANE - 1) / 2
    centres = {len(sides) - 1 - k: s for k, s in enumerate(sides)}
    label_expr = (
        " : ".join(f"datum.value == {lane * _LANE + centre} ? {json.dumps(s)}" for lane, s in centres.items())
        + " : ''"
    )
    x = _date_axis(linked)
    y = alt.Y(
        "y:Q",
        title=None,
        scale=alt.Scale(domain=[-0.8, len(sides) * _LANE - 1.2]),
        axis=alt.Axis(
            values=[lane * _LANE + centre for lane in centres],
            labelExpr=label_expr,
            grid=False,
            ticks=False,
            domain=False,
            labelFontWeight="bold",
            labelLimit=150,
        ),
    )
    categories = [c for c in data.CATEGORIES if c in set(records["category"])]
    lines = (
        alt.Chart(alt.InlineData(values=links.to_dict(orient="records")))
        .mark_rule(color=INK)
        .encode(
            x=alt.X("date:T"),  # the points layer sets the shared date scale's domain
            x2="date2:T",
            y=y,
            y2="y2:Q",
            opacity=alt.when(f"chain_focus < 0 || ({link_member})")
            .then(alt.value(0.7))
            .otherwise(alt.value(0.08)),
            strokeWidth=alt.when(f"chain_focus >= 0 && {link_member}")
            .then(alt.value(2.5))
            .otherwise(alt.value(1)),
        )
    )
    points = (
        alt.Chart(alt.InlineData(values=records.to_dict(orient="records")))
        .add_params(_zoom("chain_zoom"))
        .mark_point(size=120, filled=True, strokeWidth=2)
        .encode(
            x=x,
            y=y,
            href="url:N",
            tooltip=_tooltip(),
            opacity=alt.when(lit).then(alt.value(1)).otherwise(alt.value(0.15)),
            **_category_encodings(categories),
        )
    )
    network = (lines + points).properties(
        width=WIDTH,
        height=70 * len(sides) + 40,
        title=alt.Title(
            title or "The action–reaction chain: which move answered which",
            subtitle=[
                "Each line joins an event to a later one that a source says answered it.",
                "Pick an event below to light up its chain; scroll to zoom into a crowded month.",
            ],
        ),
    )
    listing = (
        alt.Chart(alt.InlineData(values=records.to_dict(orient="records")))
        .transform_filter(f"chain_focus >= 0 && {member}")
        .transform_window(rank="row_number()", sort=[alt.SortField("date"), alt.SortField("n")])
        .transform_calculate(line="datum.day + '   ' + datum.label + '  (' + datum.actor + ')'")
        .mark_text(align="left", baseline="middle", fontSize=12, color=INK)
        .encode(
            x=alt.value(0),
            y=alt.Y("rank:O", axis=None),
            text="line:N",
        )
        .properties(width=WIDTH, height=alt.Step(17), title="The chain you picked, in date order")
    )
    prompt = (
        alt.Chart(
            alt.InlineData(values=[{"text": "Pick an event in the dropdown below to list its chain here."}])
        )
        .transform_filter("chain_focus < 0")
        .mark_text(align="left", fontSize=12, color=INK, fontStyle="italic")
        .encode(x=alt.value(0), y=alt.value(8), text="text:N")
        .properties(width=WIDTH, height=20)
    )
    sizes = records.groupby("side").size()
    description = (
        f"Network of {len(records)} linked events and {len(links)} links between them, "
        "on a date axis with one lane per side ("
        + ", ".join(f"{s}: {sizes.get(s, 0)}" for s in sides)
        + "). A dropdown picks an event; its chain of earlier and later linked events is highlighted and "
        "listed in date order under the network."
    )
    return (
        alt.vconcat(network, prompt, listing, spacing=8).add_params(pick).properties(description=description)
    )


def events_table(
    events: pd.DataFrame,
    *,
    start: str | None = None,
    end: str | None = None,
    categories: list[str] | None = None,
) -> HTML:
    """The events as an HTML table (date, actor, event, figure, source link)."""
    chosen = _period(events, start, end)
    if categories is not None:
        unknown = sorted(set(categories) - set(data.CATEGORIES))
        if unknown:
            raise ValueError(f"categories {unknown} are not in the vocabulary {list(data.CATEGORIES)}")
        chosen = chosen[chosen["category"].isin(categories)]
    rows = []
    for record in _records(chosen).itertuples():
        figure = f"<br><small>{html.escape(record.figure)}</small>" if record.figure else ""
        rows.append(
            "<tr>"
            f"<td>{record.date}</td><td>{html.escape(record.actor)}</td>"
            f"<td>{html.escape(record.event)}{figure}</td>"
            f'<td><a href="{html.escape(record.url)}">{html.escape(record.source)}</a></td>'
            "</tr>"
        )
    head = "<tr><th>Date</th><th>Actor</th><th>Event</th><th>Source</th></tr>"
    return HTML(
        '<div class="dilemma-table-wrap"><table class="dilemma-events">'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
