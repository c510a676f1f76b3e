"""Models, explorers, data loading and exercise checks for the book
*The Security Dilemma and the AI Race*.

Importing the package enables the book's Altair renderer and theme
(see :mod:`dilemma.render`).
"""

from . import render as _render

__version__ = "0.1.0"

_render.enable()
