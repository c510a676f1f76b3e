"""Measure the book's budgets and print a table.

    python benchmarks/run.py            # everything (builds the book twice and the PDF: ~3 minutes)
    python benchmarks/run.py --no-build # skip the build timings; measure _build/html
    python benchmarks/run.py --record   # also write the table to benchmarks/results.json,
                                        # which the book's status page shows

Budgets (foundation issue): clean build <= 60 s; cached rebuild <= 10 s; first load of
any page <= 1.5 MB gzip; inline data of any chart <= 250 KB; slider move to re-rendered
chart <= 100 ms; one model call at default parameters <= 20 ms (chapter 1); a live-face
call (model plus chart) at default parameters <= 100 ms (theory issue). These are
measurements to report, not tests: the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dilemma import data, editions, explorers, games, printed, timeline  # noqa: E402
from dilemma.explorers import security_game_explorer  # noqa: E402
from dilemma.render import renderer  # noqa: E402
from dilemma.testing import CHART_READY, browser, serve, toc_pages  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"
rows: list[tuple[str, str, str, str]] = []


def record(what: str, value: float, unit: str, budget: float | None) -> None:
    """One row of the table; ``budget`` None for a measure that has none (reported only)."""
    if budget is None:
        rows.append((what, f"{value:,.2f} {unit}", "none set", "reported"))
        return
    verdict = "ok" if value <= budget else "OVER"
    rows.append((what, f"{value:,.2f} {unit}", f"{budget:g} {unit}", verdict))


def build_times() -> Path:
    output = Path(tempfile.mkdtemp(prefix="dilemma-bench-"))
    start = time.perf_counter()
    html = editions.build("student", root=ROOT, output=output, extra=["--all", "-q"])
    record("clean build, whole book (student edition)", time.perf_counter() - start, "s", 60)
    start = time.perf_counter()
    editions.build("student", root=ROOT, output=output, extra=["-q"])
    record("cached rebuild, nothing changed", time.perf_counter() - start, "s", 10)
    start = time.perf_counter()
    cache = output / "_build" / ".jupyter_cache"
    editions.build("instructor", root=ROOT, output=output / "instructor", cache=cache, extra=["-q"])
    record("instructor edition, with the student build's cache", time.perf_counter() - start, "s", None)
    start = time.perf_counter()
    pdf = printed.build(ROOT, output / "pdf" / "book.pdf", cache=cache)
    record("print edition (PDF), with the student build's cache", time.perf_counter() - start, "s", None)
    record("print edition (PDF), file size", pdf.stat().st_size / 1e6, "MB", None)
    return html


def model_times() -> None:
    default = {p.name: p.default for p in security_game_explorer().model_params}
    runs = timeit.repeat(lambda: games.security_game_frame(**default), number=20, repeat=5)
    record("model call at defaults (games.security_game_frame)", min(runs) / 20 * 1000, "ms", 20)
    runs = timeit.repeat(lambda: games.equilibria(games.security_game(0.5)), number=20, repeat=5)
    record("nashpy equilibria of one game", min(runs) / 20 * 1000, "ms", 20)
    for make in (
        explorers.security_game_explorer,
        explorers.four_worlds_explorer,
        explorers.arms_race_explorer,
        explorers.spiral_explorer,
        explorers.trust_explorer,
        explorers.race_explorer,
        explorers.adoption_explorer,
        explorers.levers_explorer,
    ):
        explorer = make()
        values = {p.name: p.default for p in explorer.params}
        explorer.live_spec(explorer.evaluate(**explorer.defaults), values)  # build the template once

        def live_call(explorer=explorer, values=values):
            # What a slider move in the live face does: run the model, fill the chart, render.
            return renderer(explorer.live_spec(explorer.evaluate(**explorer.defaults), values))

        runs = timeit.repeat(live_call, number=3, repeat=5)
        record(
            f"live-face call at defaults, {explorer.name} (model + chart + render)",
            min(runs) / 3 * 1000,
            "ms",
            100,
        )
        start = time.perf_counter()
        make.__wrapped__().grid_data()
        record(f"static grid precompute, {explorer.name}", time.perf_counter() - start, "s", 30)


def data_times() -> None:
    start = time.perf_counter()
    events = data.events()
    record(
        "load and validate data/events.csv (frictionless + cross-row rules)",
        time.perf_counter() - start,
        "s",
        2,
    )
    for name, build in (
        ("timeline chart", lambda: timeline.timeline_chart(events).to_dict()),
        ("action-reaction chain chart", lambda: timeline.chain_chart(events).to_dict()),
    ):
        runs = timeit.repeat(build, number=1, repeat=3)
        record(f"build the {name} from events.csv ({len(events)} events)", min(runs) * 1000, "ms", 1000)


SLIDER_LATENCY = """
async ([index, values]) => {
  const figure = document.querySelectorAll('figure.dilemma-chart')[index];
  const svg = figure.querySelector('svg');
  const results = {};
  for (const slider of figure.querySelectorAll('.vega-bindings input[type=range], .vega-bindings select')) {
    const name = slider.parentElement.querySelector('.vega-bind-name').textContent.trim();
    const isSelect = slider.tagName === 'SELECT';
    const times = [];
    for (const fraction of values) {
      const previous = slider.value;
      if (isSelect) {
        slider.selectedIndex = Math.round(fraction * (slider.options.length - 1));
      } else {
        slider.value = Number(slider.min) + fraction * (Number(slider.max) - Number(slider.min));
      }
      if (slider.value === previous) continue;  // snapped to the step it was already on
      const start = performance.now();
      const changed = await new Promise(resolve => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          requestAnimationFrame(() => resolve(true));
        });
        observer.observe(svg, {subtree: true, childList: true, attributes: true, characterData: true});
        setTimeout(() => { observer.disconnect(); resolve(false); }, 2000);
        slider.dispatchEvent(new Event(isSelect ? 'change' : 'input', {bubbles: true}));
      });
      if (changed) times.push(performance.now() - start);
    }
    results[name] = times;
  }
  return results;
}
"""


def site_measurements(site: Path) -> None:
    pages = toc_pages(ROOT)
    with serve(site, compress=True) as base, browser() as chromium:
        heaviest = ("", 0)
        for path in pages:
            context = chromium.new_context()  # empty cache: a first visit
            page = context.new_page()
            sizes: list[int] = []
            page.on(
                "requestfinished",
                lambda request, sizes=sizes: sizes.append(request.sizes()["responseBodySize"]),
            )
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_function(CHART_READY, timeout=30_000)
            total = sum(sizes) / 1e6
            heaviest = max(heaviest, (path, total), key=lambda item: item[1])
            for figure in page.query_selector_all("figure.dilemma-chart script[type='application/json']"):
                spec = json.loads(figure.text_content())
                inline = sum(len(json.dumps(values)) for values in spec.get("datasets", {}).values()) / 1000
                record(f"inline data of the chart on {path}", inline, "kB", 250)
            context.close()
            record(f"first load, gzip, {path}", total, "MB", 1.5)
        chart_pages = [p for p in pages if p.startswith("chapters/")]
        for path in chart_pages:
            page = chromium.new_page()
            page.goto(base + path)
            page.wait_for_function(CHART_READY, timeout=30_000)
            count = page.locator("figure.dilemma-chart").count()
            for index in range(count):
                fractions = [0.0, 1.0, 0.25, 0.75, 0.5, 0.1, 0.9, 0.35, 0.65, 0.45] * 2
                latencies = page.evaluate(SLIDER_LATENCY, [index, fractions])
                for name, times in latencies.items():
                    if not times:
                        continue
                    median = statistics.median(times)
                    worst = max(times)
                    record(f"control '{name}' on {path}: median (max {worst:.0f} ms)", median, "ms", 100)
            page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="measure the existing _build/html")
    parser.add_argument("--record", action="store_true", help=f"also write the table to {RESULTS.name}")
    args = parser.parse_args()
    site = ROOT / "_build" / "html" if args.no_build else build_times()
    model_times()
    data_times()
    site_measurements(site)
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'value':>12}  {'budget':>10}  verdict")
    print("-" * (width + 36))
    for what, value, budget, verdict in rows:
        print(f"{what:<{width}}  {value:>12}  {budget:>10}  {verdict}")
    if args.record:
        write_results(complete=not args.no_build)
    return 0


def write_results(complete: bool) -> None:
    """The table and where it was measured, for the book's status page."""
    import datetime
    import os
    import platform
    import subprocess

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    results = {
        "measured": datetime.datetime.now().astimezone().isoformat(timespec="minutes"),
        "commit": commit.stdout.strip() or None,
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}",
        "command": "python benchmarks/run.py --record" + ("" if complete else " --no-build"),
        "rows": [dict(zip(("measure", "value", "budget", "verdict"), row, strict=True)) for row in rows],
    }
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
