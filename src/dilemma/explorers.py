"""The book's explorers: each model declared once with its sliders and chart.

A chapter calls ``security_game_explorer().static()`` for the page and
``security_game_explorer().live()`` in Binder / Live Code. The declarations
live here so that chapters hold only prose and calls.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import altair as alt

from . import games
from .explorer import Explorer, Param
from .style import ACTION_COLOURS, EQUILIBRIUM_FILL, INK, NEUTRAL_FILL

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
