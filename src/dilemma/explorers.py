"""The book's explorers: each model declared once with its sliders and chart.

A chapter calls ``security_game_explorer().static()`` for the page and
``security_game_explorer().live()`` in Binder / Live Code. The declarations
live here so that chapters hold only prose and calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import altair as alt

from . import arms_race, games, trust, worlds
from .explorer import Explorer, Param, Preset
from .style import ACTION_COLOURS, BLUE, EQUILIBRIUM_FILL, INK, NEUTRAL_FILL, VERMILLION, YELLOW

OFFENCE = Param(
    name="offence",
    label="Offence advantage ω",
    min=0.0,
    max=1.0,
    step=0.05,
    default=0.4,
    unit="0 defence … 1 offence",
)
BELIEF = Param(
    name="belief",
    label="Belief that the rival restrains",
    min=0.0,
    max=1.0,
    step=0.05,
    default=0.7,
    unit="probability",
    in_model=False,
)


def _payoff_domain() -> list[float]:
    """Y-axis range covering every payoff the security game takes on [0, 1]."""
    low, high = games.security_game(0.0), games.security_game(1.0)
    values = [low.S, low.T, high.S, high.T, low.R, low.P]
    return [min(values) - 0.5, max(values) + 0.5]


def _security_game_chart(base: alt.Chart, params: Mapping[str, alt.Parameter]) -> alt.VConcatChart:
    belief = params["belief"].name
    actions = list(games.ACTIONS)
    # No legends: the lines are labelled at their ends, the markers sit on the lines.
    colour_scale = alt.Scale(domain=actions, range=[ACTION_COLOURS[a] for a in actions])
    colour = alt.Color("you:N", scale=colour_scale, legend=None)
    one_row = "datum.you == 'Restrain' && datum.rival == 'Restrain'"

    # Left: the payoff matrix, pure Nash equilibria highlighted.
    cells = base.encode(
        x=alt.X("rival:N", sort=actions, title="Rival's move", axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("you:N", sort=actions, title="Your move"),
    )
    is_nash = alt.when("datum.nash")
    rect = cells.mark_rect(stroke=INK).encode(
        color=is_nash.then(alt.value(EQUILIBRIUM_FILL)).otherwise(alt.value(NEUTRAL_FILL)),
        strokeWidth=is_nash.then(alt.value(3)).otherwise(alt.value(0.5)),
        tooltip=[
            alt.Tooltip("you:N", title="You"),
            alt.Tooltip("rival:N", title="Rival"),
            alt.Tooltip("letter:N", title="Cell"),
            alt.Tooltip("payoff_you:Q", title="Your payoff", format=".2f"),
            alt.Tooltip("payoff_rival:Q", title="Rival's payoff", format=".2f"),
            alt.Tooltip("nash:N", title="Nash equilibrium"),
        ],
    )
    labels = (
        cells.transform_calculate(
            label=(
                "datum.letter + ' = ' + format(datum.payoff_you, '.2~f') + ', ' + "
                "format(datum.payoff_rival, '.2~f')"
            )
        )
        .mark_text(fontSize=12, color=INK)
        .encode(text="label:N")
    )
    matrix = (rect + labels).properties(
        width=200, height=170, title=alt.Title("Payoffs (you, rival)", subtitle="yellow = Nash equilibrium")
    )

    # Right: expected payoff of each move against the belief that the rival restrains.
    x_belief = alt.X(
        "x:Q",
        title="Probability that the rival restrains",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    y_payoff = alt.Y("y:Q", title="Your expected payoff", scale=alt.Scale(domain=_payoff_domain()))
    lines = (
        base.transform_calculate(x="datum.rival == 'Restrain' ? 1 : 0", y="datum.payoff_you")
        .mark_line(strokeWidth=3)
        .encode(
            x=x_belief,
            y=y_payoff,
            color=colour,
            strokeDash=alt.StrokeDash(
                "you:N", scale=alt.Scale(domain=actions, range=[[1, 0], [8, 4]]), legend=None
            ),
        )
    )

    # Each line is labelled at a different end ("restrain" right, "arm" left), so the
    # labels never meet where the lines cross.
    def line_label(move: str, end: int, align: str) -> alt.Chart:
        return (
            base.transform_filter(f"datum.you == '{move}' && datum.rival == '{'Restrain' if end else 'Arm'}'")
            .transform_calculate(x=str(end), y="datum.payoff_you")
            .mark_text(align=align, dx=-4 if end else 4, dy=-10, fontSize=13, fontWeight="bold")
            .encode(x=x_belief, y=y_payoff, color=colour, text=alt.value(move.lower()))
        )

    line_labels = line_label("Restrain", 1, "right") + line_label("Arm", 0, "left")
    threshold = base.transform_filter(
        f"{one_row} && datum.threshold > 0 && datum.threshold < 1"
    ).transform_calculate(x="datum.threshold")
    threshold_rule = threshold.mark_rule(color=INK, strokeDash=[3, 3]).encode(x=x_belief)
    threshold_text = (
        threshold.transform_calculate(label="'trust threshold ' + format(datum.threshold, '.2f')")
        .mark_text(align="left", dx=4, dy=8, color=INK, fontSize=12)
        .encode(x=x_belief, y=alt.value(0), text="label:N")
    )
    at_belief = base.transform_pivot("rival", value="payoff_you", groupby=["you"]).transform_calculate(
        x=belief, y=f"{belief} * datum.Restrain + (1 - {belief}) * datum.Arm"
    )
    belief_rule = (
        at_belief.transform_filter("datum.you == 'Restrain'")
        .mark_rule(color=INK, opacity=0.5)
        .encode(x=x_belief)
    )
    points = at_belief.mark_point(size=160, filled=True, opacity=1, stroke="white").encode(
        x=x_belief,
        y=y_payoff,
        color=alt.Color("you:N", scale=colour_scale, legend=None),
        shape=alt.Shape("you:N", scale=alt.Scale(domain=actions, range=["circle", "square"]), legend=None),
        tooltip=[
            alt.Tooltip("you:N", title="Your move"),
            alt.Tooltip("y:Q", title="Expected payoff", format=".2f"),
        ],
    )
    payoff_panel = (lines + line_labels + threshold_rule + threshold_text + belief_rule + points).properties(
        width=210,
        height=170,
        title=alt.Title("Does restraint pay?", subtitle="expected payoff against your belief"),
    )

    # Top: what kind of game this is, and the best move at the reader's belief.
    caption = (
        base.transform_filter(one_row)
        .mark_text(align="left", baseline="top", fontSize=14, fontWeight="bold", color=INK)
        .encode(text="caption:N", x=alt.value(0), y=alt.value(0))
    )
    verdict = (
        at_belief.transform_pivot("you", value="y")
        .transform_calculate(
            label=(
                f"'At your belief (' + format({belief}, '.0%') + '), ' + "
                "(datum.Restrain >= datum.Arm ? 'restraint' : 'arming') + ' pays more (' + "
                "format(datum.Restrain, '.2f') + ' for restraint, ' + "
                "format(datum.Arm, '.2f') + ' for arming).'"
            )
        )
        .mark_text(align="left", baseline="top", fontSize=13, color=INK)
        .encode(text="label:N", x=alt.value(0), y=alt.value(0))
    )
    header = alt.vconcat(
        caption.properties(width=480, height=18), verdict.properties(width=480, height=16), spacing=4
    )
    return alt.vconcat(header, alt.hconcat(matrix, payoff_panel, spacing=24), spacing=12)


@cache
def security_game_explorer() -> Explorer:
    """Chapter 1: the security dilemma as a game, from harmony to prisoner's dilemma.

    Sliders: offence advantage (the model's ω, see :func:`dilemma.games.security_game`)
    and the reader's belief that the rival restrains (a view parameter that places
    the markers on the expected-payoff lines).
    """
    return Explorer(
        name="security_game",
        title="The security dilemma as a game",
        description=(
            "Left: the 2 by 2 payoff matrix of the security game for the chosen offence "
            "advantage, with its pure Nash equilibria highlighted. Right: your expected payoff "
            "from restraint and from arming as lines against the probability that the rival "
            "restrains, with the trust threshold where they cross and markers at your belief. "
            "Above: the type of game and which move pays more at your belief."
        ),
        model=games.security_game_frame,
        params=(OFFENCE, BELIEF),
        chart=_security_game_chart,
    )


# -- Chapter 2: the four worlds ---------------------------------------------------
MAP_OFFENCE = Param(
    name="offence",
    label="Offence advantage ω",
    min=0.0,
    max=1.0,
    step=worlds.MAP_STEP,
    default=0.7,
    unit="0 defence … 1 offence",
    in_model=False,
)
DISTINGUISHABILITY = Param(
    name="distinguishability",
    label="Distinguishability δ",
    min=0.0,
    max=1.0,
    step=worlds.MAP_STEP,
    default=0.2,
    unit="0 none … 1 full",
    in_model=False,
)
FEAR = Param(
    name="fear",
    label="Fear φ: chance the rival is greedy",
    min=0.0,
    max=1.0,
    step=0.1,
    default=0.3,
    unit="probability",
)


def _situation(label: str, offence: float, distinguishability: float, fear: float, source: str, note: str):
    values = {"offence": offence, "distinguishability": distinguishability, "fear": fear}
    return Preset(label=label, values=values, source=source, note=note)


FOUR_WORLDS_PRESETS: tuple[Preset, ...] = (
    _situation(
        "Nuclear deterrence",
        0.2,
        0.6,
        0.7,
        "jervis1989",
        "Secure second-strike forces: no first strike can disarm the rival, so even suspicious rivals can "
        "feel safe; forces built to destroy the other's arsenal are a separate, recognisable kind.",
    ),
    _situation(
        "Europe 1914",
        0.9,
        0.2,
        0.6,
        "vanevera1984",
        "The 'cult of the offensive': leaders believed attack would win quickly, war plans were offensive "
        "even where motives were defensive, and each feared the other would strike first.",
    ),
    _situation(
        "Cyber intrusions",
        0.7,
        0.1,
        0.5,
        "buchanan2017",
        "The offence is widely thought to have the edge, and an intrusion made to defend looks like "
        "preparation to attack.",
    ),
    _situation(
        "Generative AI (Zeng 2025)",
        0.8,
        0.2,
        0.6,
        "bjpir2025chatgpt",
        "Generative AI read as making influence and cyber operations fast, scalable and cheap, with the "
        "same models serving civilian and military ends, and fear mirrored on both sides.",
    ),
    _situation(
        "Generative AI (sceptics)",
        0.4,
        0.3,
        0.6,
        "simon2023misinformation",
        "The same fear and dual use, but only a modest offence advantage: effects of AI misinformation "
        "found small, and defenders use AI too.",
    ),
    _situation(
        "AI with red lines (hypothetical)",
        0.8,
        0.5,
        0.6,
        "bjpir2025chatgpt",
        "Zeng's proposals (a shared definition of cognitive warfare, red lines on foreign interference) "
        "read as raising distinguishability, all else as in Zeng's placement.",
    ),
)
"""Named situations on the four-worlds map: our teaching placements, each with the work behind it."""


def four_worlds_map(base: alt.Chart, size: int = 380) -> tuple[list[alt.Chart], alt.X, alt.Y]:
    """The four-worlds map drawn from map cells (:func:`dilemma.worlds.four_worlds` rows in ``base``).

    Shared by chapter 2's explorer and the capstone: the cells shaded by the trust restraint
    needs, × where a security seeker with the cells' fear arms, the dividers at 0.5, Jervis's
    labels outside the map and the book's placements (the presets, as diamonds). Returns the
    layers and the x/y encodings, so a caller can add its own point.
    """
    half = worlds.MAP_STEP / 2
    scale = alt.Scale(domain=[-half, 1 + half], nice=False)
    axis = alt.Axis(values=[0, 0.25, 0.5, 0.75, 1], format=".2~f", grid=False)
    x_title = "Offence advantage ω (0 = defence dominates, 1 = offence dominates)"
    y_title = "Distinguishability δ (0 = none, 1 = full)"
    x = alt.X("offence:Q", title=x_title, scale=scale, axis=axis)
    y = alt.Y("distinguishability:Q", title=y_title, scale=scale, axis=axis)
    cells = (
        base.transform_calculate(
            x0=f"datum.offence - {half}",
            x1=f"datum.offence + {half}",
            y0=f"datum.distinguishability - {half}",
            y1=f"datum.distinguishability + {half}",
        )
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("x0:Q", scale=scale, axis=axis, title=x_title),
            x2="x1:Q",
            y=alt.Y("y0:Q", scale=scale, axis=axis, title=y_title),
            y2="y1:Q",
            color=alt.Color(
                "intensity:Q",
                title="Trust restraint needs",
                scale=alt.Scale(scheme="blues", domain=[0, 1]),
                legend=alt.Legend(
                    format=".0%",
                    gradientLength=200,
                    orient="bottom",
                    direction="horizontal",
                    offset=34,
                    titleOrient="left",
                    titleAlign="right",
                ),
            ),
            tooltip=[
                alt.Tooltip("offence:Q", title="Offence advantage ω", format=".1f"),
                alt.Tooltip("distinguishability:Q", title="Distinguishability δ", format=".1f"),
                alt.Tooltip("effective_offence:Q", title="Effective offence ω(1−δ)", format=".2f"),
                alt.Tooltip("game:N", title="Game"),
                alt.Tooltip("intensity:Q", title="Trust needed", format=".0%"),
                alt.Tooltip("decision:N", title="A security seeker with this fear"),
            ],
        )
    )
    arms = (
        base.transform_filter("datum.decision == 'arm'")
        .mark_text(text="×", fontSize=15, fontWeight="bold")
        .encode(
            x=x,
            y=y,
            color=alt.condition("datum.intensity > 0.55", alt.value("white"), alt.value(INK)),
        )
    )
    middle = alt.Chart(alt.InlineData(values=[{"v": 0.5}]))
    rule = {"color": INK, "strokeWidth": 1.5, "strokeDash": [6, 3]}
    dividers = middle.mark_rule(**rule).encode(x=alt.X("v:Q", scale=scale)) + middle.mark_rule(**rule).encode(
        y=alt.Y("v:Q", scale=scale)
    )

    # Jervis's labels sit outside the map: the top row above it, the bottom row under the axis title.
    def quadrant_labels(left: str, right: str, pixel_y: float) -> alt.Chart:
        return (
            alt.Chart(alt.InlineData(values=[{"x": 0.25, "label": left}, {"x": 0.75, "label": right}]))
            .mark_text(fontSize=11.5, fontStyle="italic", color=INK)
            .encode(x=alt.X("x:Q", scale=scale), y=alt.value(pixel_y), text="label:N")
        )

    labels = quadrant_labels("doubly stable", "no dilemma, aggression possible", -10) + quadrant_labels(
        "dilemma, but compatible", "doubly dangerous", size + 52
    )
    layers = [cells, arms, dividers, labels]
    if FOUR_WORLDS_PRESETS:
        placements = alt.Chart(
            alt.InlineData(
                values=[
                    {
                        "label": p.label,
                        "offence": p.values["offence"],
                        "distinguishability": p.values["distinguishability"],
                    }
                    for p in FOUR_WORLDS_PRESETS
                ]
            )
        )
        layers.append(
            placements.mark_point(
                shape="diamond", size=90, filled=True, color="#E69F00", stroke=INK, strokeWidth=1
            ).encode(x=x, y=y, tooltip=alt.Tooltip("label:N", title="The book's placement"))
        )
    return layers, x, y


def _four_worlds_chart(base: alt.Chart, params: Mapping[str, alt.Parameter]) -> alt.VConcatChart:
    omega, delta = params["offence"].name, params["distinguishability"].name
    size = 380
    half = worlds.MAP_STEP / 2
    layers, x, y = four_worlds_map(base, size)
    here = (
        alt.Chart(alt.InlineData(values=[{}]))
        .transform_calculate(offence=omega, distinguishability=delta)
        .mark_point(shape="circle", size=520, filled=False, stroke=INK, strokeWidth=3)
        .encode(x=x, y=y)
    )
    layers.append(here)
    world_map = alt.layer(*layers).properties(width=size, height=size)

    at_point = base.transform_filter(
        f"abs(datum.offence - {omega}) < {half / 2} && abs(datum.distinguishability - {delta}) < {half / 2}"
    )

    def line(expression: str, **style: object) -> alt.Chart:
        return (
            at_point.transform_calculate(text=expression)
            .mark_text(align="left", baseline="top", color=INK, **style)
            .encode(text="text:N", x=alt.value(0), y=alt.value(0))
            .properties(width=size + 60, height=17)
        )

    readout = alt.vconcat(
        line(
            "'Jervis: ' + datum.world",
            fontSize=14,
            fontWeight="bold",
        ),
        line(
            "'ω = ' + format(datum.offence, '.1f') + ', δ = ' + format(datum.distinguishability, '.1f') + "
            "' → effective offence ω(1−δ) = ' + format(datum.effective_offence, '.2f') + "
            "': a ' + datum.game + '.'",
            fontSize=13,
        ),
        line(
            '(datum.intensity >= 1 && datum.game == "prisoner\'s dilemma" ? '
            "'No trust makes restraint pay. ' : "
            "'Restraint needs trust of ' + format(datum.intensity, '.0%') + '. ') + 'Your trust 1 − φ = ' + "
            "format(datum.trust, '.0%') + ', so a security seeker will ' + datum.decision + '.'",
            fontSize=13,
        ),
        line("'Nash equilibria: ' + datum.equilibria + '.'", fontSize=13),
        spacing=3,
    )
    return alt.vconcat(readout, world_map, spacing=14)


@cache
def four_worlds_explorer() -> Explorer:
    """Chapter 2: Jervis's four worlds, with fear as a prior on the rival's intent.

    The model is :func:`dilemma.worlds.four_worlds` (the whole map for one level
    of fear); the offence and distinguishability sliders pick the cell the
    readout describes and move the ring on the map. Presets place the named
    situations of :data:`FOUR_WORLDS_PRESETS`.
    """
    return Explorer(
        name="four_worlds",
        title="Jervis's four worlds",
        description=(
            "A map with offence advantage on the horizontal axis and distinguishability of "
            "offensive and defensive postures on the vertical axis, divided into Jervis's four "
            "worlds. Each cell is shaded by the trust that restraint needs in the chapter 1 game "
            "at the effective offence advantage, offence times one minus distinguishability; a "
            "cross marks cells where a security seeker with the chosen fear would arm. A ring "
            "marks the slider values, diamonds mark the presets, and the text above gives the "
            "world, the game, the decision and the Nash equilibria at the ring."
        ),
        model=worlds.four_worlds,
        params=(MAP_OFFENCE, DISTINGUISHABILITY, FEAR),
        chart=_four_worlds_chart,
        presets=FOUR_WORLDS_PRESETS,
    )


# -- Chapter 3: Richardson's arms race ------------------------------------------
REACTION = Param("reaction", "Reaction k (a = b)", 0.0, 1.0, 0.2, 0.4, "per year")
FATIGUE = Param("fatigue", "Fatigue α (m = n)", 0.2, 1.0, 0.2, 0.6, "per year")
GRIEVANCE = Param("grievance", "Grievance g (= h)", -0.5, 0.5, 0.5, 0.5, "negative = goodwill")


def _arms_race_chart(base: alt.Chart, params: Mapping[str, alt.Parameter]) -> alt.VConcatChart:
    level = alt.Scale(domain=[0, arms_race.CAP], nice=False, clamp=True)
    first = base.transform_filter("datum.start == 1")
    paths = first.transform_fold(["x", "y"], as_=["side", "level"])
    sides = ["x", "y"]
    side_colour = alt.Color("side:N", scale=alt.Scale(domain=sides, range=[BLUE, VERMILLION]), legend=None)
    time_chart = (
        paths.mark_line(strokeWidth=3, interpolate="monotone").encode(
            x=alt.X("t:Q", title="Time (years)", scale=alt.Scale(domain=[0, 12])),
            y=alt.Y("level:Q", title="Armament level", scale=level),
            color=side_colour,
            strokeDash=alt.StrokeDash(
                "side:N", scale=alt.Scale(domain=sides, range=[[1, 0], [7, 4]]), legend=None
            ),
        )
    ).properties(width=230, height=230, title=alt.Title("From the first start", subtitle="x solid, y dashed"))

    xy = {
        "x": alt.X("x:Q", title="x's armament level", scale=level),
        "y": alt.Y("y:Q", title="y's armament level", scale=level),
    }
    diagonal = (
        alt.Chart(alt.InlineData(values=[{"x": 0, "y": 0}, {"x": arms_race.CAP, "y": arms_race.CAP}]))
        .mark_line(color="#999999", strokeDash=[2, 3])
        .encode(**xy)
    )
    trajectories = base.mark_line(strokeWidth=2.5, color=INK, interpolate="monotone").encode(
        order="t:Q", detail="start:N", **xy
    )
    starts = (
        base.transform_filter("datum.t == 0")
        .mark_point(shape="circle", size=70, filled=True, color=INK, opacity=1)
        .encode(**xy, tooltip=[alt.Tooltip("x:Q", format=".1f"), alt.Tooltip("y:Q", format=".1f")])
    )
    ends = (
        base.transform_window(last="last_value(t)", frame=[None, None], groupby=["start"])
        .transform_filter("datum.t == datum.last")
        .mark_point(shape="triangle-up", size=80, filled=True, color=INK, opacity=1)
        .encode(**xy)
    )
    equilibrium = (
        base.transform_filter(
            f"datum.start == 1 && datum.t == 0 && isValid(datum.x_star) && datum.x_star >= 0 "
            f"&& datum.x_star <= {arms_race.CAP}"
        )
        .transform_calculate(x="datum.x_star", y="datum.x_star")
        .mark_point(
            shape="diamond", size=220, filled=True, color=YELLOW, stroke=INK, strokeWidth=1.5, opacity=1
        )
        .encode(**xy, tooltip=alt.Tooltip("x_star:Q", title="Equilibrium level", format=".2f"))
    )
    phase = (diagonal + trajectories + starts + ends + equilibrium).properties(
        width=230,
        height=230,
        title=alt.Title("Phase portrait", subtitle="three starts (●), ends (▲), equilibrium (◆)"),
    )

    reaction, fatigue = params["reaction"].name, params["fatigue"].name
    start = first.transform_filter("datum.t == 0")

    def line(expression: str, **style: object) -> alt.Chart:
        return (
            start.transform_calculate(text=expression)
            .mark_text(align="left", baseline="top", color=INK, **style)
            .encode(text="text:N", x=alt.value(0), y=alt.value(0))
            .properties(width=500, height=18)
        )

    header = alt.vconcat(
        line(
            f"(datum.stable ? 'Stable: fatigue ' + format({fatigue}, '.1f') + ' exceeds reaction ' + "
            f"format({reaction}, '.1f') : 'Unstable: reaction ' + format({reaction}, '.1f') + "
            f"' is at least fatigue ' + format({fatigue}, '.1f')) + '.'",
            fontSize=14,
            fontWeight="bold",
        ),
        line(
            "'In the long run, from the first start (x = ' + datum.x + ', y = ' + datum.y + '): ' + "
            "(datum.outcome == 'stable race' ? 'a stable race' : datum.outcome) + "
            "(datum.stable && datum.x_star > 0 ? ', levels settle at ' + format(datum.x_star, '.2f') + "
            "' each' : '') + '.'",
            fontSize=13,
        ),
        spacing=2,
    )
    return alt.vconcat(header, alt.hconcat(time_chart, phase, spacing=30), spacing=10)


@cache
def arms_race_explorer() -> Explorer:
    """Chapter 3: Richardson's arms race for two identical states.

    Sliders: the reaction coefficient k = a = b, the fatigue coefficient
    α = m = n and the grievance g = h (:func:`dilemma.arms_race.symmetric_race`).
    """
    return Explorer(
        name="arms_race",
        title="Richardson's arms race",
        description=(
            "Left: the armament levels of two identical states over twelve years, from a start "
            "where x is ahead. Right: the phase portrait, x's level against y's, with runs from "
            "three starting points and the equilibrium when it lies on the chart. Above: whether "
            "the race is stable (fatigue exceeds reaction) and the outcome from the first start: "
            "a stable race, a runaway race or disarmament."
        ),
        model=arms_race.symmetric_race,
        params=(REACTION, FATIGUE, GRIEVANCE),
        chart=_arms_race_chart,
        digits=4,
    )


# -- Chapter 3: spirals from misperception ----------------------------------------
NOISE = Param("noise", "Noise: chance a move is misread", 0.0, 0.2, 0.02, 0.04, "probability")
GENEROSITY = Param(
    "generosity", "Generosity of Generous TFT", 0.0, 0.5, 0.05, 0.3, "probability of forgiving"
)


def _spiral_chart(base: alt.Chart, params: Mapping[str, alt.Parameter]) -> alt.VConcatChart:
    from . import spiral  # imported on first use: axelrod takes seconds to import

    strategies = list(spiral.STRATEGIES)
    moves = (
        base.transform_calculate(
            move_list="split(datum.moves, '')", row="datum.strategy + ', state ' + datum.player"
        )
        .transform_flatten(["move_list"], as_=["move"])
        .transform_window(round="row_number()", groupby=["strategy", "player"])
    )
    rows = [f"{s}, state {p}" for s in strategies for p in (1, 2)]
    move_colour = alt.Scale(domain=["C", "D"], range=[BLUE, VERMILLION])
    tape_cells = moves.mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("round:O", title="Round", axis=alt.Axis(labelAngle=0, values=[1, 5, 10, 15, 20, 25, 30])),
        y=alt.Y("row:N", sort=rows, title=None),
        color=alt.Color("move:N", scale=move_colour, legend=None),
        tooltip=[
            alt.Tooltip("strategy:N", title="Strategy"),
            alt.Tooltip("player:Q", title="State"),
            alt.Tooltip("round:Q", title="Round"),
            alt.Tooltip("move:N", title="Move (C cooperate, D defect)"),
        ],
    )
    tape_letters = (
        moves.transform_filter("datum.move == 'D'")
        .mark_text(fontSize=10, fontWeight="bold", color="white")
        .encode(x=alt.X("round:O"), y=alt.Y("row:N", sort=rows), text="move:N")
    )
    tape = (tape_cells + tape_letters).properties(
        width=420,
        height=6 * 22,
        title=alt.Title("The first 30 rounds", subtitle="blue = cooperate (C), vermillion with D = defect"),
    )

    summary = base.transform_filter("datum.player == 1")
    y_strategy = alt.Y("strategy:N", sort=strategies, title=None)
    bars = summary.mark_bar(color=BLUE, height=18).encode(
        x=alt.X(
            "cooperation:Q",
            title="Long-run cooperation (share of moves)",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
        ),
        y=y_strategy,
        tooltip=[
            alt.Tooltip("strategy:N", title="Strategy"),
            alt.Tooltip("cooperation:Q", title="Cooperation", format=".1%"),
            alt.Tooltip("payoff:Q", title="Payoff per round", format=".2f"),
        ],
    )
    labels = (
        summary.transform_calculate(
            label="format(datum.cooperation, '.0%') + ' · payoff ' + format(datum.payoff, '.2f')"
        )
        .mark_text(align="left", dx=4, fontSize=12, color=INK)
        .encode(x="cooperation:Q", y=y_strategy, text="label:N")
    )
    half = (
        alt.Chart(alt.InlineData(values=[{"v": 0.5}])).mark_rule(color=INK, strokeDash=[4, 3]).encode(x="v:Q")
    )
    long_run = (bars + labels + half).properties(
        width=300,
        height=3 * 30,
        title=alt.Title(
            "Over 1,500 rounds",
            subtitle="payoff per round: 3 if both always cooperate, 1 if both always defect",
        ),
    )
    return alt.vconcat(tape, long_run, spacing=18)


@cache
def spiral_explorer() -> Explorer:
    """Chapter 3: Tit-for-Tat, Generous and Contrite Tit-for-Tat under noise (seeded matches)."""
    from . import spiral  # imported on first use: axelrod takes seconds to import

    return Explorer(
        name="spiral",
        title="Spirals from misperception",
        description=(
            "Top: the first 30 moves of each pairing (Tit-for-Tat, Generous Tit-for-Tat and Contrite "
            "Tit-for-Tat, each against a copy of itself) when each move is misread with the chosen "
            "probability; blue cells are cooperation, vermillion cells marked D are defection. "
            "Bottom: the share of cooperative moves and the payoff per round over a 1,500-round "
            "match, with a dashed line at one half."
        ),
        model=spiral.spiral_frame,
        params=(NOISE, GENEROSITY),
        chart=_spiral_chart,
        digits=4,
    )


# -- Chapter 3: trust and reassurance ---------------------------------------------
PRIOR_TRUST = Param(
    "prior", "Prior trust: chance the rival is a security seeker", 0.0, 1.0, 0.1, 0.5, "probability"
)
SIGNAL_COST = Param("cost", "Cost of the reassuring signal", 0.0, 1.5, 0.1, 0.3, "a seeker values trust at 1")
ROUNDS_SEEN = Param("rounds", "Rounds observed", 0, trust.ROUNDS, 1, 2, "after the signal", in_model=False)
THRESHOLD = Param("threshold", "Trust threshold p*", 0.0, 1.0, 0.05, 0.6, "from the game", in_model=False)


def _trust_chart(base: alt.Chart, params: Mapping[str, alt.Parameter]) -> alt.VConcatChart:
    rounds, threshold, cost = params["rounds"].name, params["threshold"].name, params["cost"].name
    histories = ["restrains every round", "arms every round"]
    colour = alt.Color("history:N", scale=alt.Scale(domain=histories, range=[BLUE, VERMILLION]), legend=None)
    x = alt.X(
        "round:Q",
        title="Rounds observed after the signal",
        scale=alt.Scale(domain=[0, trust.ROUNDS]),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    y = alt.Y(
        "trust:Q",
        title="Trust (probability the rival is a security seeker)",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    lines = base.mark_line(strokeWidth=3, point=True).encode(
        x=x,
        y=y,
        color=colour,
        strokeDash=alt.StrokeDash(
            "history:N", scale=alt.Scale(domain=histories, range=[[1, 0], [7, 4]]), legend=None
        ),
        tooltip=[
            alt.Tooltip("history:N", title="Rival"),
            alt.Tooltip("round:Q", title="Round"),
            alt.Tooltip("trust:Q", title="Trust", format=".1%"),
        ],
    )
    ends = (
        base.transform_filter(f"datum.round == {trust.ROUNDS}")
        .mark_text(align="right", dy=-12, fontSize=12, fontWeight="bold")
        .encode(x=x, y=y, color=colour, text="history:N")
    )
    threshold_rule = (
        alt.Chart(alt.InlineData(values=[{}]))
        .transform_calculate(trust=threshold)
        .mark_rule(color=INK, strokeDash=[3, 3])
        .encode(y=y)
    )
    threshold_text = (
        alt.Chart(alt.InlineData(values=[{}]))
        .transform_calculate(trust=threshold, label="'trust threshold ' + format(" + threshold + ", '.0%')")
        .mark_text(align="left", x=4, dy=-7, fontSize=12, color=INK)
        .encode(y=y, text="label:N")
    )
    now_rule = (
        alt.Chart(alt.InlineData(values=[{}]))
        .transform_calculate(round=rounds)
        .mark_rule(color=INK, opacity=0.45, strokeWidth=2)
        .encode(x=x)
    )
    at_now = base.transform_filter(f"datum.round == {rounds}")
    markers = at_now.mark_point(size=170, filled=True, opacity=1, stroke="white").encode(
        x=x, y=y, color=colour
    )
    path_chart = (lines + ends + threshold_rule + threshold_text + now_rule + markers).properties(
        width=440,
        height=250,
        title=alt.Title("Trust as the rival's moves come in", subtitle="Bayes' rule after each round"),
    )

    # The signal stage on its own axis: which types pay which cost (from the model's constants).
    regions = alt.Chart(
        alt.InlineData(
            values=[
                {"from": 0.0, "to": trust.GAIN_GREEDY, "regime": "pooling (both send)"},
                {"from": trust.GAIN_GREEDY, "to": trust.GAIN_SEEKER, "regime": "separating (seeker only)"},
                {"from": trust.GAIN_SEEKER, "to": SIGNAL_COST.max, "regime": "no signal"},
            ]
        )
    )
    cost_scale = alt.Scale(domain=[0, SIGNAL_COST.max], nice=False)
    strip = regions.mark_rect(stroke="white", strokeWidth=2).encode(
        x=alt.X(
            "from:Q", title="Cost of the signal", scale=cost_scale, axis=alt.Axis(values=[0, 0.5, 1, 1.5])
        ),
        x2="to:Q",
        color=alt.Color(
            "regime:N",
            scale=alt.Scale(
                domain=["pooling (both send)", "separating (seeker only)", "no signal"],
                range=[NEUTRAL_FILL, YELLOW, "#d9d9d9"],
            ),
            legend=None,
        ),
    )
    strip_text = (
        regions.transform_calculate(mid="(datum.from + datum.to) / 2")
        .mark_text(fontSize=11, color=INK)
        .encode(x=alt.X("mid:Q", scale=cost_scale), text="regime:N")
    )
    cost_mark = (
        alt.Chart(alt.InlineData(values=[{}]))
        .transform_calculate(c=cost)
        .mark_point(shape="triangle-down", size=220, filled=True, color=INK, opacity=1, yOffset=-14)
        .encode(x=alt.X("c:Q", scale=cost_scale))
    )
    signal_strip = (strip + strip_text + cost_mark).properties(
        width=440, height=30, title=alt.Title("The signal stage", subtitle="▼ marks the chosen cost")
    )

    def verdict(history: str, name: str) -> str:
        return (
            f"'If it {history}: trust ' + format(datum['{name}'], '.0%') + ' → a security seeker will ' + "
            f"(datum['{name}'] >= {threshold} ? 'restrain' : 'arm') + '.'"
        )

    summary = at_now.transform_pivot("history", value="trust", groupby=["regime"])
    header_lines = [
        summary.transform_calculate(
            text=(
                "'Signal: ' + datum.regime + "
                "(datum.regime == 'separating' ? ' (only a security seeker pays it)' : "
                "datum.regime == 'pooling' ? ' (both types send it, so it says nothing)' : "
                "' (neither type pays it)') + '. After ' + " + rounds + " + ' round(s):'"
            )
        ),
        summary.transform_calculate(text=verdict("restrained every round", "restrains every round")),
        summary.transform_calculate(text=verdict("armed every round", "arms every round")),
    ]
    header = alt.vconcat(
        *[
            line.mark_text(
                align="left",
                baseline="top",
                fontSize=13,
                color=INK,
                fontWeight="bold" if i == 0 else "normal",
            )
            .encode(text="text:N", x=alt.value(0), y=alt.value(0))
            .properties(width=440, height=17)
            for i, line in enumerate(header_lines)
        ],
        spacing=3,
    )
    return alt.vconcat(header, signal_strip, path_chart, spacing=16).resolve_scale(color="independent")


@cache
def trust_explorer() -> Explorer:
    """Chapter 3: trust through a costly signal and observed moves (:func:`dilemma.trust.trust_frame`)."""
    return Explorer(
        name="trust",
        title="Trust and reassurance",
        description=(
            "Top: which types send a reassuring signal at the chosen cost (pooling, separating or no "
            "signal) and, after the chosen number of rounds, the trust and the decision of a security "
            "seeker if the rival restrained every round or armed every round. Middle: the cost axis "
            "divided into the three signal regimes, with a marker at the chosen cost. Bottom: trust "
            "round by round for the two histories, with the trust threshold as a dashed line."
        ),
        model=trust.trust_frame,
        params=(PRIOR_TRUST, SIGNAL_COST, ROUNDS_SEEN, THRESHOLD),
        chart=_trust_chart,
        digits=4,
    )


# -- Chapter 6: racing to the precipice ---------------------------------------------
RACE_TEAMS = Param("teams", "Number of teams n", 2, 10, 1, 2, "racing to build the first AI", integer=True)
RACE_ENMITY = Param(
    "enmity", "Enmity e", 0.1, 1.0, 0.1, 0.5, "0 indifferent who wins … 1 a rival's win is a disaster"
)
RACE_RATIO = Param(
    "mu", "Capability–risk ratio μ", 0.0, 10.0, 0.25, 2.0, "marker on the curves", in_model=False
)

RACE_REGIME_STYLE: dict[str, tuple[str, list[int]]] = {
    "no information": (BLUE, [1, 0]),
    "private information": (INK, [7, 4]),
    "public information": (VERMILLION, [2, 2]),
}
"""Colour (Okabe–Ito blue, black, vermillion) and dash of each regime's line."""


def _race_scales() -> tuple[alt.Scale, alt.Scale]:
    labels = list(RACE_REGIME_STYLE)
    colour = alt.Scale(domain=labels, range=[style[0] for style in RACE_REGIME_STYLE.values()])
    dash = alt.Scale(domain=labels, range=[style[1] for style in RACE_REGIME_STYLE.values()])
    return colour, dash


def _race_axes(short: bool = False) -> tuple[alt.X, alt.Y]:
    from . import race

    x = alt.X(
        "ratio:Q",
        title="Capability–risk ratio μ" + ("" if short else " (range of capability ÷ range of safety)"),
        scale=alt.Scale(domain=[0, race.RATIO_CHART_MAX], nice=False),
    )
    y = alt.Y(
        "disaster:Q",
        title="Probability of an AI disaster",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    return x, y


def _race_long(base: alt.Chart) -> alt.Chart:
    """The explorer's wide rows (one column per regime) folded into one row per regime."""
    from . import race

    labels = [f"datum.regime == '{key}' ? '{label}'" for key, label in race.REGIME_LABELS.items()]
    return base.transform_fold(list(race.REGIMES), as_=["regime", "disaster"]).transform_calculate(
        label=" : ".join(labels) + " : datum.regime"
    )


def _race_chart(base: alt.Chart, params: Mapping[str, alt.Parameter]) -> alt.VConcatChart:
    from . import race

    mu = params["mu"].name
    colour_scale, dash_scale = _race_scales()
    # Colour, dash and shape share one legend (same title and settings), so the
    # regimes stay distinct without colour.
    legend = alt.Legend(orient="top")
    colour = alt.Color("label:N", scale=colour_scale, title="Information", legend=legend)
    dash = alt.StrokeDash("label:N", scale=dash_scale, title="Information", legend=legend)
    x, y = _race_axes()
    long = _race_long(base)
    lines = long.mark_line(strokeWidth=3).encode(
        x=x,
        y=y,
        color=colour,
        strokeDash=dash,
        tooltip=[
            alt.Tooltip("label:N", title="Information"),
            alt.Tooltip("ratio:Q", title="Capability–risk ratio μ", format=".2f"),
            alt.Tooltip("disaster:Q", title="Probability of disaster", format=".1%"),
        ],
    )
    at_mu = long.transform_filter(f"abs(datum.ratio - {mu}) < {race.RATIO_STEP / 2!r}")
    marker_rule = (
        alt.Chart(alt.InlineData(values=[{}]))
        .transform_calculate(ratio=mu)
        .mark_rule(color=INK, opacity=0.45, strokeWidth=2)
        .encode(x=x)
    )
    points = at_mu.mark_point(size=150, filled=True, opacity=1, stroke="white").encode(
        x=x,
        y=y,
        color=colour,
        shape=alt.Shape(
            "label:N",
            scale=alt.Scale(domain=list(RACE_REGIME_STYLE), range=["circle", "square", "triangle-up"]),
            title="Information",
            legend=legend,
        ),
        tooltip=[
            alt.Tooltip("label:N", title="Information"),
            alt.Tooltip("disaster:Q", title="Probability of disaster", format=".1%"),
        ],
    )
    curves = (lines + marker_rule + points).properties(
        width=460,
        height=280,
        title=alt.Title("Probability of disaster in equilibrium", subtitle="three information regimes"),
    )
    teams, enmity = params["teams"].name, params["enmity"].name
    summary = base.transform_filter(f"abs(datum.ratio - {mu}) < {race.RATIO_STEP / 2!r}")

    def line(expression: str, **style: object) -> alt.Chart:
        return (
            summary.transform_calculate(text=expression)
            .mark_text(align="left", baseline="top", color=INK, **style)
            .encode(text="text:N", x=alt.value(0), y=alt.value(0))
            .properties(width=460, height=18)
        )

    header = alt.vconcat(
        line(
            f"format({teams}, 'd') + ' teams, enmity ' + format({enmity}, '.1f') + ', μ = ' + "
            f"format({mu}, '.2f') + ': chance of an AI disaster'",
            fontSize=14,
            fontWeight="bold",
        ),
        line(
            "format(datum.none, '.0%') + ' with no information, ' + format(datum.private, '.0%') + "
            "' with private information, ' + format(datum.public, '.0%') + ' with public information.'",
            fontSize=13,
        ),
        spacing=2,
    )
    return alt.vconcat(header, curves, spacing=10)


def _race_preset(teams: int, enmity: float) -> Preset:
    return Preset(
        label=f"Paper: {teams} teams, enmity {enmity:g}",
        values={"teams": teams, "enmity": enmity},
        source="armstrong2016racing",
        note=(
            f"One of the settings of Armstrong, Bostrom and Shulman's figures: {teams} teams at enmity "
            f"{enmity:g}, μ from 0 to 10."
        ),
    )


@cache
def race_explorer() -> Explorer:
    """Chapter 6: the probability of an AI disaster in the race of :cite:t:`armstrong2016racing`.

    Sliders: the number of teams and the enmity (the model, :func:`dilemma.race.race_curves`)
    and the capability–risk ratio μ (a view parameter that places the markers).
    """
    from . import race

    return Explorer(
        name="race",
        title="Racing to the precipice",
        description=(
            "Line chart of the probability of an AI disaster in equilibrium against the "
            "capability–risk ratio μ from 0 to 10, with one line for each information regime: no "
            "information (blue, solid), private information (black, long dashes) and public "
            "information (vermillion, short dashes), for the chosen number of teams and enmity. A "
            "vertical rule and markers show the values at the chosen μ, which the text above the "
            "chart also states."
        ),
        model=race.race_curves,
        params=(RACE_TEAMS, RACE_ENMITY, RACE_RATIO),
        chart=_race_chart,
        presets=tuple(_race_preset(n, e) for e in race.PAPER_ENMITIES for n in race.PAPER_TEAMS),
        digits=4,
    )


def race_figure() -> alt.FacetChart:
    """The settings of the paper's figures redrawn from our closed forms: 2 and 5 teams, enmity 1 and 0.5.

    Data from :func:`dilemma.race.figure_frame` :cite:p:`armstrong2016racing`.
    """
    from . import race
    from .explorer import inline_csv

    data = race.figure_frame().assign(label=lambda f: f["regime"].map(race.REGIME_LABELS))
    data["panel"] = data["teams"].astype(str) + " teams, enmity " + data["enmity"].map("{:g}".format)
    colour_scale, dash_scale = _race_scales()
    x, y = _race_axes(short=True)
    panels = [f"{n} teams, enmity {e:g}" for e in race.PAPER_ENMITIES for n in race.PAPER_TEAMS]
    chart = (
        alt.Chart(inline_csv(data, 4))
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "label:N", scale=colour_scale, title="Information", legend=alt.Legend(orient="top")
            ),
            strokeDash=alt.StrokeDash(
                "label:N", scale=dash_scale, title="Information", legend=alt.Legend(orient="top")
            ),
            tooltip=[
                alt.Tooltip("panel:N", title="Setting"),
                alt.Tooltip("label:N", title="Information"),
                alt.Tooltip("ratio:Q", title="Capability–risk ratio μ", format=".2f"),
                alt.Tooltip("disaster:Q", title="Probability of disaster", format=".1%"),
            ],
        )
        .properties(width=230, height=170)
    )
    return chart.facet(facet=alt.Facet("panel:N", sort=panels, title=None), columns=2).properties(
        title=alt.Title(
            "The paper's settings, redrawn from the closed forms",
            subtitle="probability of an AI disaster against the capability–risk ratio μ",
        ),
        description=(
            "Four line charts, for 2 and 5 teams at enmity 1 and at enmity 0.5, each showing the "
            "probability of an AI disaster against the capability–risk ratio μ from 0 to 10 under "
            "no information (blue, solid), private information (black, long dashes) and public "
            "information (vermillion, short dashes)."
        ),
    )


# -- Chapter 8: soft power and the global South ---------------------------------------
ADOPTION_PRICE = Param(
    "price_gap", "Price gap: closed ÷ open, in doublings", 0.0, 6.0, 0.5, 4.0, "0 = same price, 4 = 16×"
)
ADOPTION_CAPABILITY = Param(
    "capability_gap", "Capability gap: closed − open", -50.0, 150.0, 25.0, 50.0, "Arena points"
)
ADOPTION_OPENNESS = Param(
    "openness", "Value of openness (customise, host locally)", 0.0, 3.0, 0.5, 1.0, "log-odds"
)
ADOPTION_FRICTION = Param(
    "friction_china",
    "Frictions on the Chinese offering (bans, data rules)",
    0.0,
    3.0,
    0.5,
    1.0,
    "log-odds",
)

ADOPTION_STYLE: dict[str, tuple[str, list[int]]] = {
    "closed_us": (BLUE, [1, 0]),
    "open_us": (INK, [7, 4]),
    "open_china": (VERMILLION, [2, 2]),
}
"""Colour (Okabe–Ito blue, black, vermillion) and dash of each offering's line and bar."""


def _adoption_chart(base: alt.Chart, params: Mapping[str, alt.Parameter]) -> alt.VConcatChart:
    from . import adoption
    from .explorer import inline_csv

    labels = [adoption.OFFERING_LABELS[key] for key in adoption.OFFERINGS]
    colour_scale = alt.Scale(domain=labels, range=[ADOPTION_STYLE[k][0] for k in adoption.OFFERINGS])
    dash_scale = alt.Scale(domain=labels, range=[ADOPTION_STYLE[k][1] for k in adoption.OFFERINGS])
    naming = " : ".join(
        f"datum.offering == '{key}' ? '{label}'" for key, label in adoption.OFFERING_LABELS.items()
    )
    long = base.transform_fold(list(adoption.OFFERINGS), as_=["offering", "share"]).transform_calculate(
        label=naming + " : datum.offering"
    )
    width = 420

    # The shares of developers (one bar per offering).
    y_offering = alt.Y("label:N", sort=labels, title=None, axis=alt.Axis(labelLimit=160))
    x_share = alt.X(
        "share:Q",
        title="Share of developers choosing it",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    bars = long.mark_bar(height=20).encode(
        x=x_share,
        y=y_offering,
        color=alt.Color("label:N", scale=colour_scale, legend=None),
        tooltip=[
            alt.Tooltip("label:N", title="Offering"),
            alt.Tooltip("share:Q", title="Share of developers", format=".1%"),
        ],
    )
    bar_text = long.mark_text(align="left", dx=4, fontSize=12, color=INK).encode(
        x=x_share, y=y_offering, text=alt.Text("share:Q", format=".0%")
    )
    share_panel = (bars + bar_text).properties(
        width=width,
        height=3 * 30,
        title=alt.Title("Who chooses which offering", subtitle="multinomial logit shares"),
    )

    # Adoption over time: the market's Bass curve (from the Python model) times each share.
    market = adoption.bass_frame()
    step = adoption.TIME_STEP
    lookup = alt.LookupData(
        data=inline_csv(market[["time", "cumulative"]], 6), key="time", fields=["cumulative"]
    )
    x_time = alt.X(
        "time:Q",
        title=f"Years since launch (typical pace: p = {adoption.BASS_P:g}, q = {adoption.BASS_Q:g})",
        scale=alt.Scale(domain=[0, adoption.HORIZON], nice=False),
    )
    y_adopters = alt.Y(
        "adopters:Q",
        title="Adopters (% of all eventual adopters)",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%"),
    )
    paths = (
        long.transform_calculate(time=f"sequence(0, {adoption.HORIZON + step / 2!r}, {step!r})")
        .transform_flatten(["time"])
        .transform_lookup(lookup="time", from_=lookup)
        .transform_calculate(adopters="datum.share * datum.cumulative")
    )
    legend = alt.Legend(orient="top", symbolStrokeWidth=3, symbolSize=400, labelFontSize=12)
    lines = paths.mark_line(strokeWidth=3).encode(
        x=x_time,
        y=y_adopters,
        # Colour and dash share one legend (same title), so the offerings stay distinct without colour.
        color=alt.Color("label:N", scale=colour_scale, title=None, legend=legend),
        strokeDash=alt.StrokeDash("label:N", scale=dash_scale, title=None, legend=legend),
        tooltip=[
            alt.Tooltip("label:N", title="Offering"),
            alt.Tooltip("time:Q", title="Years since launch", format=".1f"),
            alt.Tooltip("adopters:Q", title="Adopters (% of eventual)", format=".1%"),
        ],
    )
    total = (
        alt.Chart(inline_csv(market[["time", "cumulative"]], 4))
        .mark_line(color="#8c8c8c", strokeWidth=1.5, strokeDash=[4, 3])
        .encode(
            x=x_time,
            y=alt.Y("cumulative:Q", scale=alt.Scale(domain=[0, 1])),
            tooltip=[
                alt.Tooltip("time:Q", title="Years since launch", format=".1f"),
                alt.Tooltip("cumulative:Q", title="All offerings", format=".1%"),
            ],
        )
    )
    total_label = (
        alt.Chart(inline_csv(market[["time", "cumulative"]].tail(1), 4))
        .mark_text(align="right", dx=-2, dy=-9, fontSize=12, color="#6e6e6e")
        .encode(
            x=x_time, y=alt.Y("cumulative:Q", scale=alt.Scale(domain=[0, 1])), text=alt.value("all offerings")
        )
    )
    peak = adoption.bass_peak_time()
    peak_data = alt.Chart(
        alt.InlineData(values=[{"time": peak, "label": f"adoption fastest (year {peak:.1f})"}])
    )
    peak_rule = peak_data.mark_rule(color=INK, opacity=0.45, strokeDash=[2, 2]).encode(x=x_time)
    peak_text = peak_data.mark_text(align="left", dx=4, baseline="top", fontSize=11, color=INK).encode(
        x=x_time, y=alt.value(4), text="label:N"
    )
    time_panel = (total + total_label + peak_rule + peak_text + lines).properties(
        width=width,
        height=230,
        title=alt.Title(
            "Adoption over time by offering",
            subtitle="the whole market's Bass curve split by the shares (a simplification)",
        ),
    )

    price, gap = params["price_gap"].name, params["capability_gap"].name

    def line(expression: str, **style: object) -> alt.Chart:
        return (
            base.transform_calculate(text=expression)
            .mark_text(align="left", baseline="top", color=INK, **style)
            .encode(text="text:N", x=alt.value(0), y=alt.value(0))
            .properties(width=width, height=18)
        )

    header = alt.vconcat(
        line(
            "'Closed US ' + format(datum.closed_us, '.0%') + ' · open US ' + "
            "format(datum.open_us, '.0%') + ' · open China ' + format(datum.open_china, '.0%')",
            fontSize=14,
            fontWeight="bold",
        ),
        line(
            f"'Price: the closed model costs ' + ({price} == 0 ? 'the same as' : "
            f"format(pow(2, {price}), '.3~r') + '×') + ' the open ones.'",
            fontSize=13,
        ),
        line(
            f"'Capability: the ' + ({gap} >= 0 ? 'closed model' : 'open models') + ' win' + "
            f"({gap} >= 0 ? 's ' : ' ') + format(1 / (1 + pow(10, -abs({gap}) / 400)), '.0%') + "
            "' of head-to-head Arena votes.'",
            fontSize=13,
        ),
        spacing=2,
    )
    return alt.vconcat(header, share_panel, time_panel, spacing=12).resolve_legend(
        color="independent", strokeDash="independent"
    )


def adoption_presets(directory: Path | str | None = None) -> tuple[Preset, ...]:
    """The adoption explorer's presets, computed from ``data/models.csv`` and ``data/indicators.csv``.

    Each :data:`dilemma.adoption.MATCHUPS` pair whose two launch prices are in the data sets the
    price gap (prices blended 3:1, as doublings); where a row of the Arena-gap series lies near the
    later release it also sets the capability gap. Both are snapped to the slider grid. Matchups
    without both prices are left out; :func:`dilemma.adoption.matchup_table` says what is missing.
    """
    from . import adoption

    table = adoption.matchup_table(directory)
    presets = []
    for row in table[table["status"] == "ok"].itertuples():
        price = adoption.snap(
            row.price_doublings, ADOPTION_PRICE.min, ADOPTION_PRICE.max, ADOPTION_PRICE.step
        )
        values = {"price_gap": price}
        note = (
            f"Launch prices blended 3:1 (USD per million tokens): {row.closed} {row.closed_price:.3g}, "
            f"{row.open} {row.open_price:.3g}, so {row.price_ratio:.3g}× (slider: {2**price:.3g}×). "
        )
        if row.gap_status == "ok":
            gap = adoption.snap(
                row.gap_points, ADOPTION_CAPABILITY.min, ADOPTION_CAPABILITY.max, ADOPTION_CAPABILITY.step
            )
            values["capability_gap"] = gap
            note += (
                f"Arena gap, best closed over best open model, {row.gap_value:g} {row.gap_unit} as of "
                f"{row.gap_as_of:%b %Y} ≈ {row.gap_points:.0f} points (slider: {gap:g}). "
            )
        else:
            note += "No Arena gap in the data near this date: the capability slider stays where it is. "
        note += "Openness and frictions are yours to set."
        presets.append(Preset(label=row.label, values=values, source=row.sources, note=note))
    return tuple(presets)


@cache
def adoption_explorer() -> Explorer:
    """Chapter 8: shares of developers and adoption over time (:mod:`dilemma.adoption`).

    Sliders: the closed offering's price premium (in doublings), its capability lead in Arena
    points, the value developers put on open weights and the frictions on the Chinese open
    offering (:func:`dilemma.adoption.explorer_shares`). Presets come from the data at call time
    (:func:`adoption_presets`).
    """
    from . import adoption

    return Explorer(
        name="adoption",
        title="Who adopts whose models",
        description=(
            "Top: the share of developers choosing each of three offerings (a closed US model, "
            "open-weight US models and open-weight Chinese models) in a multinomial logit, for the "
            "chosen price gap, capability gap, value of openness and frictions on the Chinese "
            "offering, as horizontal bars and in the text above. Bottom: adopters of each offering "
            "over 15 years as a share of all eventual adopters: the whole market's Bass diffusion "
            "curve (grey, dashed) split by the shares, closed US in blue (solid), open US in black "
            "(long dashes) and open China in vermillion (short dashes), with a dotted rule where "
            f"adoption is fastest (year {adoption.bass_peak_time():.1f})."
        ),
        model=adoption.explorer_shares,
        params=(ADOPTION_PRICE, ADOPTION_CAPABILITY, ADOPTION_OPENNESS, ADOPTION_FRICTION),
        chart=_adoption_chart,
        presets=adoption_presets(),
        digits=3,
    )


# -- Chapter 9: policy levers across every model ------------------------------------
LEVERS_WIDTH = 300
"""Width of each model's bars in the levers explorer (row labels and value labels take the rest)."""

_LEVER_FIELDS: dict[str, str] = {
    "worlds": "p_star",
    "race": "disaster",
    "spiral": "cooperation",
    "trust": "trust",
    "arms_race": "level",
}
"""Each model's headline column in :func:`dilemma.levers.headlines`."""


def _lever_params() -> tuple[Param, ...]:
    from . import levers

    return tuple(
        Param(lever.id, lever.short, 0.0, 1.0, 0.25, 0.0, "0 not pulled … 1 fully") for lever in levers.LEVERS
    )


def _lever_expression(model: str, parameter: str, names: Mapping[str, str]) -> str:
    """A Vega expression for one model parameter after the levers, built from :data:`dilemma.levers.LEVERS`.

    The arithmetic of :func:`dilemma.levers.parameters` (baseline plus intensity times effect, clipped
    to the parameter's range), so the readouts follow the sliders in both faces, off the grid too.
    """
    from . import levers

    if (model, parameter) in levers.LINKS:  # the one link: fear is 1 − trust after the signal stage
        return "(1 - datum.trust)"
    baseline = next(b for b in levers.BASELINES if (b.model, b.parameter) == (model, parameter))
    terms = [
        f"{effect.per_unit!r} * {names[lever.id]}"
        for lever in levers.LEVERS
        for effect in lever.effects
        if (effect.model, effect.parameter) == (model, parameter)
    ]
    if not terms:
        return repr(baseline.value)
    return f"clamp({baseline.value!r} + {' + '.join(terms)}, {baseline.low!r}, {baseline.high!r})"


def _levers_chart(base: alt.Chart, params: Mapping[str, alt.Parameter]) -> alt.VConcatChart:
    import json

    from . import levers

    names = {lever_id: params[lever_id].name for lever_id in levers.LEVER_IDS}
    before, verdicts = levers.baseline_headlines(), levers.baseline_verdicts()
    base_decision = int(levers.headlines()["decision"].iloc[0])
    baseline_of = {(b.model, b.parameter): b.value for b in levers.BASELINES}
    rows = ["Baseline", "Levers"]
    statuses = ["baseline", "better", "worse", "no change"]
    status_colour = alt.Scale(domain=statuses, range=["#bdbdbd", BLUE, VERMILLION, "#7a7a7a"])

    def vega_list(values: tuple[str, ...]) -> str:
        return "[" + ", ".join(json.dumps(v) for v in values) + "]"

    def fmt(expression: str, spec: str) -> str:
        return f"format({expression}, '{spec}')"

    def change(model: str) -> str:
        """'better', 'worse' or 'no change' for the current row (as :func:`dilemma.levers.effects`)."""
        field, b = _LEVER_FIELDS[model], before[model]
        improves = f"datum.{field} {'<' if levers.HEADLINES[model].better == 'lower' else '>'} {b!r}"
        tolerance = levers.NO_CHANGE * (levers.HEADLINES[model].high - levers.HEADLINES[model].low)
        numeric = (
            f"(abs(datum.{field} - {b!r}) < {tolerance!r} ? 'no change' : {improves} ? 'better' : 'worse')"
        )
        if model == "worlds":  # a change of decision counts first
            d = base_decision
            return f"(datum.decision != {d} ? (datum.decision > {d} ? 'better' : 'worse') : {numeric})"
        return numeric

    def moved(model: str, parameter: str, symbol: str, spec: str = ".2f") -> str:
        """'symbol baseline → now' for one parameter."""
        now = _lever_expression(model, parameter, names)
        return f"'{symbol} ' + {fmt(repr(baseline_of[(model, parameter)]), spec)} + ' → ' + {fmt(now, spec)}"

    def both_rows(chart: alt.Chart, baseline_value: float, now: str) -> alt.Chart:
        return (
            chart.transform_calculate(baseline_row=repr(baseline_value), levers_row=now)
            .transform_fold(["baseline_row", "levers_row"], as_=["row_key", "value"])
            .transform_calculate(row=f"datum.row_key == 'baseline_row' ? '{rows[0]}' : '{rows[1]}'")
        )

    def text_line(expression: str, **style: object) -> alt.Chart:
        return (
            base.transform_calculate(text=expression)
            .mark_text(align="left", baseline="top", color=INK, **style)
            .encode(text="text:N", x=alt.value(0), y=alt.value(0))
            .properties(width=LEVERS_WIDTH + 120, height=15)
        )

    def panel(model: str, axis_title: str, top: float, spec: str, lines: list[str]) -> alt.VConcatChart:
        headline = levers.HEADLINES[model]
        field = _LEVER_FIELDS[model]
        folded = both_rows(base, before[model], f"datum.{field}").transform_calculate(
            status=f"datum.row_key == 'baseline_row' ? 'baseline' : {change(model)}"
        )
        number = fmt("datum.value", spec)
        if model == "arms_race":
            runaway = levers.OUTCOME_CODES.index("runaway")
            number = f"(datum.row_key == 'levers_row' && datum.outcome == {runaway} ? 'runaway' : {number})"
        folded = folded.transform_calculate(
            text=f"{number} + (datum.status == 'baseline' ? '' : ' (' + datum.status + ')')"
        )
        scale = alt.Scale(domain=[0, top], nice=False, clamp=True)
        x = alt.X(
            "value:Q",
            title=axis_title,
            scale=scale,
            axis=alt.Axis(format=".0%" if "%" in spec else "d", tickCount=5, titleFontSize=12),
        )
        y = alt.Y("row:N", sort=rows, title=None, axis=alt.Axis(labelFontSize=12))
        bars = folded.mark_bar(height=16).encode(
            x=x,
            y=y,
            color=alt.Color("status:N", scale=status_colour, legend=None),
            tooltip=[
                alt.Tooltip("row:N", title="Row"),
                alt.Tooltip("value:Q", title=headline.label, format=spec),
                alt.Tooltip("status:N", title="Against the baseline"),
            ],
        )
        trust_held = 1 - baseline_of[("worlds", "fear")]
        if model == "worlds":  # the label starts after the bar or the trust tick, whichever is further right
            folded = folded.transform_calculate(
                at=f"max(datum.value, datum.row_key == 'baseline_row' ? {trust_held!r} : datum.trust)"
            )
        else:
            folded = folded.transform_calculate(at="datum.value")
        labels = folded.mark_text(align="left", dx=5, fontSize=12, color=INK).encode(
            x=alt.X("at:Q", scale=scale), y=y, text="text:N"
        )
        layers: list[alt.Chart] = [bars, labels]
        if model == "worlds":  # the trust a security seeker holds, against the trust restraint needs
            held = both_rows(base, trust_held, "datum.trust")
            layers.append(
                held.mark_tick(color=INK, thickness=3, size=24).encode(
                    x=x, y=y, tooltip=alt.Tooltip("value:Q", title="Trust held, 1 − fear", format=".0%")
                )
            )
        bars_chart = alt.layer(*layers).properties(width=LEVERS_WIDTH, height=44)
        title = alt.Title(
            levers.MODELS[model], subtitle=f"Baseline: {verdicts[model]}.", fontSize=14, subtitleFontSize=12
        )
        return alt.vconcat(
            bars_chart, *(text_line(line, fontSize=12) for line in lines), spacing=4
        ).properties(title=title)

    worlds_verdict = [
        f"'With the levers: ' + {vega_list(levers.WORLD_SHORT)}[datum.world] + ' world, ' + "
        f"{vega_list(levers.GAME_CODES)}[datum.game] + '.'",
        "'At trust ' + format(datum.trust, '.0%') + ' (tick) a security seeker will ' + "
        "(datum.decision == 1 ? 'restrain' : 'arm') + '.'",
    ]
    panels = [
        panel(
            "worlds",
            "Trust restraint needs, p* (bar); trust held, 1 − φ (tick)",
            1.0,
            ".0%",
            [
                *worlds_verdict,
                f"{moved('worlds', 'distinguishability', 'δ')} + ' · ' + "
                f"{moved('worlds', 'fear', 'fear φ')} + "
                f"' · ω {baseline_of[('worlds', 'offence')]:g} (no lever moves it)'",
            ],
        ),
        panel(
            "race",
            f"Probability of an AI disaster ({baseline_of[('race', 'teams')]:g} teams, "
            f"μ = {baseline_of[('race', 'ratio')]:g})",
            1.0,
            ".1%",
            [
                f"{moved('race', 'enmity', 'Enmity e')} + ' · ' + "
                f"{moved('race', 'information', 'information ι')} + ' (2 = public)'"
            ],
        ),
        panel(
            "spiral",
            "Share of moves cooperative, Generous Tit-for-Tat pair",
            1.0,
            ".0%",
            [
                f"{moved('spiral', 'noise', 'Noise', '.3f')} + ' · ' + "
                f"{moved('spiral', 'generosity', 'generosity')}"
            ],
        ),
        panel(
            "trust",
            "Trust: probability the rival is a security seeker",
            1.0,
            ".0%",
            [
                f"{moved('trust', 'cost', 'Signal cost')} + ': ' + "
                f"{vega_list(levers.REGIME_CODES)}[datum.regime] + "
                f"' (a greedy state pays up to {trust.GAIN_GREEDY:g})'"
            ],
        ),
        panel(
            "arms_race",
            "Long-run armament level, each side (8 = runaway)",
            float(arms_race.CAP),
            ".2f",
            [
                f"{moved('arms_race', 'reaction', 'Reaction k')} + ' · ' + "
                f"{moved('arms_race', 'grievance', 'grievance g')} + "
                f"' · fatigue α {baseline_of[('arms_race', 'fatigue')]:g}'",
                f"'Outcome with the levers: ' + {vega_list(levers.OUTCOME_CODES)}[datum.outcome] + '.'",
            ],
        ),
    ]
    count = " + ".join(f"({change(model)} == '{{}}' ? 1 : 0)" for model in _LEVER_FIELDS)
    header = base.transform_calculate(
        better=count.format(*["better"] * 5), worse=count.format(*["worse"] * 5)
    )
    summary = (
        header.transform_calculate(
            text="'Better than the baseline on ' + datum.better + ' of 5 models, worse on ' + datum.worse + "
            "(datum.better > 0 && datum.worse > 0 ? ': a trade-off.' : '.')"
        )
        .mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold", color=INK)
        .encode(text="text:N", x=alt.value(0), y=alt.value(0))
        .properties(width=LEVERS_WIDTH + 120, height=16)
    )
    key = text_line(
        "'Grey: baseline (no levers). Blue: better; vermillion: worse (also in words).'",
        fontSize=12,
    )
    return alt.vconcat(alt.vconcat(summary, key, spacing=3), *panels, spacing=18)


def levers_presets() -> tuple[Preset, ...]:
    """Named policy packages for the levers explorer; the intensities are our scores.

    See :data:`dilemma.levers.SIMPLIFICATIONS`: a preset says how far a real episode pulled each
    lever, which is a judgement, not a measurement.
    """
    from . import levers

    def package(label: str, source: str, note: str, **values: float) -> Preset:
        return Preset(
            label=label,
            values={k: float(values.get(k, 0.0)) for k in levers.LEVER_IDS},
            source=source,
            note=note,
        )

    return (
        package(
            "Nothing",
            "bjpir2025chatgpt",
            "No lever pulled: the race as the book reads it, from Zeng's account of mirrored fear and a "
            "reactive chain.",
        ),
        package(
            "Lima: one red line",
            "whitehouse2024lima",
            "Biden and Xi affirmed human control over decisions to use nuclear weapons (Lima, 16 November "
            "2024): one red line, declared by leaders, not verified. We score it a quarter of the red-lines "
            "lever.",
            red_lines=0.25,
        ),
        package(
            "Bletchley-style: transparency",
            "bletchley2023",
            "The Bletchley Declaration (1 November 2023), signed by both, encourages transparency on plans "
            "to measure, monitor and mitigate harmful capabilities and calls for evaluation metrics and "
            "safety-testing tools. We score it as half the transparency lever and a quarter of dialogue.",
            transparency=0.5,
            dialogue=0.25,
        ),
        package(
            "Zeng's three recommendations",
            "bjpir2025chatgpt",
            "The article's proposals in full: dialogue on rules for state use of generative AI, a shared "
            "definition and management of cognitive warfare, agreed red lines. No transparency, no costly "
            "signal.",
            dialogue=1.0,
            cognitive=1.0,
            red_lines=1.0,
        ),
        package(
            "GRIT: costly signals",
            "osgood1962",
            "Osgood's graduated unilateral initiatives, dear enough that a greedy state would not copy them "
            "(Kydd's separating signal), and nothing else.",
            signals=0.75,
        ),
        package(
            "Full package",
            "kydd2005",
            "Every lever pulled all the way: Zeng's three recommendations, transparency and costly "
            "reassurance.",
            dialogue=1.0,
            cognitive=1.0,
            red_lines=1.0,
            transparency=1.0,
            signals=1.0,
        ),
    )


@cache
def levers_explorer() -> Explorer:
    """Chapter 9: five policy levers and their effect on every model of the book at once.

    Sliders: the intensity of each lever of :data:`dilemma.levers.LEVERS`, 0 to 1 in quarters. The
    model is :func:`dilemma.levers.headlines`, which calls the worlds, race, spiral, trust and
    arms-race models; each panel compares a model's headline with and without the levers.
    """
    from . import levers

    return Explorer(
        name="levers",
        title="Easing the dilemma: five levers, five models",
        description=(
            "Five panels, one per model of the book, each with two horizontal bars: the model's headline "
            "outcome for the US–China baseline (grey) and with the chosen policy levers (blue if better, "
            "vermillion if worse, and the word written beside the bar). Jervis's four worlds: the trust "
            "restraint needs, with a tick for the trust held. The AI race: the probability of a disaster. "
            "Spirals: the long-run share of cooperative moves under noise. Trust: trust after a reassuring "
            "signal. Richardson's arms race: the long-run armament level. Text under each panel gives the "
            "model parameters before and after the levers, and a line at the top counts the models made "
            "better and worse."
        ),
        model=levers.headlines,
        params=_lever_params(),
        chart=_levers_chart,
        presets=levers_presets(),
        digits=3,
    )
