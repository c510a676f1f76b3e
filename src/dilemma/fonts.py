"""The site's own Chinese font: a subset of Noto Sans SC holding only the characters
the book uses, so that Chinese terms display on any reader's machine without a
request to a font host.

Regenerate it after adding Chinese text (the tests say when)::

    python -m dilemma.fonts          # needs Debian's fonts-noto-cjk and fonttools

It writes ``_static/fonts/dilemma-cjk.woff2``; ``_static/dilemma.css`` declares it
with a ``unicode-range``, so a page without Chinese never downloads it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUBSET = ROOT / "_static" / "fonts" / "dilemma-cjk.woff2"
SOURCE_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SOURCE_INDEX = 2  # the Simplified Chinese face in the collection (Noto Sans CJK SC)
PAGES = ("*.md", "chapters/*.md", "exercises/*.md")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def characters(root: Path = ROOT) -> set[str]:
    """Every CJK character (and CJK punctuation) in the book's pages."""
    found: set[str] = set()
    for pattern in PAGES:
        for page in root.glob(pattern):
            found.update(CJK.findall(page.read_text(encoding="utf-8")))
    return found


def covered(font: Path = SUBSET) -> set[str]:
    """The characters the shipped subset can draw."""
    from fontTools.ttLib import TTFont

    return {chr(code) for code in TTFont(font).getBestCmap()}


def build(source: Path = SOURCE_FONT, output: Path = SUBSET) -> Path:
    """Subset ``source`` to the book's characters and write WOFF2 to ``output``."""
    from fontTools import subset

    if not source.exists():
        raise FileNotFoundError(f"{source} not found: install Debian's fonts-noto-cjk")
    text = "".join(sorted(characters()))
    options = subset.Options()
    options.flavor = "woff2"
    options.font_number = SOURCE_INDEX
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the copyright and licence names (SIL OFL 1.1)
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(output), options)
    return output


if __name__ == "__main__":
    path = build()
    print(f"wrote {path} ({path.stat().st_size / 1000:.1f} kB, {len(characters())} characters)")
    sys.exit(0)
