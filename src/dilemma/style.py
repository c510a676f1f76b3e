"""The book's chart style: a colour-blind-safe palette and an Altair theme.

Colours are from the Okabe–Ito palette, which stays distinguishable under the
common forms of colour-vision deficiency; every colour contrast is backed up by
a second channel (dash, shape or label) in the charts.
"""

from __future__ import annotations

import altair as alt

BLUE = "#0072B2"
VERMILLION = "#D55E00"
YELLOW = "#F0E442"
INK = "#1a1a1a"

ACTION_COLOURS = {"Restrain": BLUE, "Arm": VERMILLION}
EQUILIBRIUM_FILL = YELLOW
NEUTRAL_FILL = "#f0f0f0"


@alt.theme.register("dilemma", enable=False)
def theme() -> alt.theme.ThemeConfig:
    """White background (readable in the site's dark mode too), larger type."""
    return {
        "config": {
            "background": "white",
            "padding": 8,
            "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
            "title": {
                "fontSize": 16,
                "anchor": "start",
                "color": INK,
                "subtitleFont": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                "subtitleColor": INK,
            },
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": INK, "titleColor": INK},
            "legend": {"labelFontSize": 12, "titleFontSize": 13},
            "view": {"stroke": None},
        }
    }
