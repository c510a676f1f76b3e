"""How the book's Altair charts leave a notebook.

Importing :mod:`dilemma` enables the ``"dilemma"`` Altair renderer and theme.
The renderer emits two representations of every chart:

* the Vega-Lite JSON mime bundle, which the book's myst-nb plugin
  (:mod:`dilemma.sphinxext`) turns into a chart drawn by Vega files served from
  the site itself, so no page asks a third-party host for anything;
* Altair's usual HTML, which JupyterLab, Binder and Live Code display.
"""

from __future__ import annotations

import uuid
from typing import Any

import altair as alt
import pandas as pd

from . import style  # noqa: F401  (registers the "dilemma" theme)

VEGALITE_MAJOR = alt.SCHEMA_VERSION.lstrip("v").split(".")[0]
VEGALITE_MIME = f"application/vnd.vegalite.v{VEGALITE_MAJOR}+json"
"""The mime type carrying a chart's Vega-Lite spec in notebook outputs."""


def renderer(spec: dict[str, Any], **embed_options: Any) -> dict[str, Any]:
    """Altair renderer: the Vega-Lite spec plus Altair's own HTML."""
    html = alt.utils.html.spec_to_html(
        spec,
        mode="vega-lite",
        vega_version=alt.VEGA_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        vegalite_version=alt.VEGALITE_VERSION,
        output_div=f"altair-viz-{uuid.uuid4().hex}",
        embed_options=embed_options or None,
        fullhtml=False,
        template="universal",
    )
    title = spec.get("title", "")
    title = title.get("text", "") if isinstance(title, dict) else title
    return {
        VEGALITE_MIME: spec,
        "text/html": html,
        "text/plain": f"<interactive chart: {title or 'untitled'}>",
    }


def enable() -> None:
    """Make the book's renderer and theme Altair's defaults in this process.

    Also shows table cells in full: the book's tables carry sentences (rationales,
    coding units, notes) that pandas would otherwise cut at 50 characters.
    """
    pd.set_option("display.max_colwidth", None)
    alt.renderers.register("dilemma", renderer)
    alt.renderers.enable("dilemma")
    alt.theme.enable("dilemma")
