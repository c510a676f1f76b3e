"""The status page: each page's execution time and status, and the last benchmark table."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from dilemma import editions
from dilemma.sphinxext import BENCHMARKS, benchmark_markdown

ROOT = Path(__file__).resolve().parents[1]


def pages_with_code() -> list[str]:
    return [
        str(page.relative_to(ROOT).with_suffix(""))
        for page in editions.toc_files(ROOT)
        if "```{code-cell}" in page.read_text(encoding="utf-8")
    ]


def table_rows(page: str) -> list[list[str]]:
    """The body rows of every table on a built page, as cell texts (Sphinx's curly quotes made straight)."""
    rows = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", page, flags=re.S):
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
            texts = (html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells)
            rows.append([text.translate(str.maketrans("‘’“”", "''\"\"")) for text in texts])
    return rows


@pytest.fixture(scope="module")
def status(student_site: Path) -> str:
    return (student_site / "status.html").read_text(encoding="utf-8")


def test_every_page_that_runs_code_is_listed_as_run_successfully(status: str):
    listed = {row[0]: row for row in table_rows(status) if len(row) == 5}
    for page in pages_with_code():
        assert page in listed, f"{page} is missing from the execution table"
        _, modified, method, seconds, verdict = listed[page]
        assert verdict == "ran", f"{page}: status {verdict!r}"  # in words, not myst-nb's emoji
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", modified), f"{page}: modified {modified!r}"
        assert method == "cache" and float(seconds) > 0, f"{page}: {method}, {seconds} s"


def test_the_benchmark_table_is_the_recorded_one(status: str):
    recorded = json.loads((ROOT / BENCHMARKS).read_text(encoding="utf-8"))
    shown = [row for row in table_rows(status) if len(row) == 4]
    nbsp = lambda text: text.replace(" ", "\u00a0")  # noqa: E731  (numbers and units kept together)
    assert shown == [
        [r["measure"], nbsp(r["value"]), nbsp(r["budget"]), r["verdict"]] for r in recorded["rows"]
    ]
    assert f'<code class="docutils literal notranslate"><span class="pre">{recorded["commit"]}' in status
    names = " ".join(row[0] for row in shown)
    for measure in ("clean build", "cached rebuild", "print edition (PDF)", "first load", "model call"):
        assert measure in names, f"the recorded table has no {measure!r} row"


# -- the table from its file --------------------------------------------------------------
def write(root: Path, payload: object) -> Path:
    path = root / BENCHMARKS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return root


def test_without_a_recording_the_page_says_how_to_make_one(tmp_path: Path):
    assert "python benchmarks/run.py --record" in benchmark_markdown(tmp_path)


def test_a_recording_becomes_a_table_that_says_where_it_was_measured(tmp_path: Path):
    root = write(tmp_path, {
        "measured": "2026-11-23T12:00+00:00", "commit": "abc1234", "machine": "2 cores",
        "command": "python benchmarks/run.py --record",
        "rows": [{"measure": "a | b", "value": "1.00 s", "budget": "60 s", "verdict": "ok"}],
    })  # fmt: skip
    text = benchmark_markdown(root)
    assert text.startswith("Measured 2026-11-23 on 2 cores, at commit `abc1234`")
    assert "| a \\| b | 1.00\u00a0s | 60\u00a0s | ok |" in text


@pytest.mark.parametrize("payload", ["not json", {"rows": []}, {"measured": "x", "rows": [{"measure": 1}]}])
def test_a_damaged_recording_is_named(tmp_path: Path, payload: object):
    with pytest.raises(ValueError, match=r"benchmarks/results\.json: not a table written by"):
        benchmark_markdown(write(tmp_path, payload))
