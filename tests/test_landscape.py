"""Chapter 7's figures and tables (dilemma.landscape).

The builders are tested on a small copy of ``data/`` written here, so the right counts
are known exactly and the tests do not wait for the book's datasets; the last tests run
the builders on ``data/models.csv`` and ``data/indicators.csv`` once they have rows.
Each chart must be a valid Vega-Lite spec (vl-convert compiles it), carry every mark's
source, filter only on fields its data has, and stay inside the page's data budget.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from dilemma import data, landscape
from dilemma.explorer import INLINE_BUDGET_BYTES

ROOT = Path(__file__).resolve().parents[1]

# id, name, date, developer, country, openness, licence, osi, params, active, price in, price out, mmlu
MODELS = [
    ("gpt-4", "GPT-4", "2023-03-14", "OpenAI", "United States", "closed-api", "Proprietary", "false",
     "", "", "30", "60", "86.4"),
    ("ernie-bot", "ERNIE Bot", "2023-03-16", "Baidu", "China", "closed-api", "Proprietary", "false",
     "", "", "", "", ""),
    ("mistral-7b", "Mistral 7B", "2023-09-27", "Mistral AI", "France", "open-weights", "Apache-2.0", "true",
     "7.3", "", "", "", "60.1"),
    ("gpt-4o", "GPT-4o", "2024-05-13", "OpenAI", "United States", "closed-api", "Proprietary", "false",
     "", "", "5", "15", "88.7"),
    ("claude-3-5-sonnet", "Claude 3.5 Sonnet", "2024-06-20", "Anthropic", "United States", "closed-api",
     "Proprietary", "false", "", "", "3", "15", "88.7"),
    ("llama-3-1-405b", "Llama 3.1 405B", "2024-07-23", "Meta", "United States", "open-weights",
     "Llama 3.1 Community License", "false", "405", "", "", "", "88.6"),
    ("mistral-large-2", "Mistral Large 2", "2024-07-24", "Mistral AI", "France", "open-weights",
     "Mistral Research License", "false", "123", "", "3", "9", "84.0"),
    ("qwen2-5-72b", "Qwen2.5-72B", "2024-09-19", "Alibaba", "China", "open-weights", "Qwen License", "false",
     "72.7", "", "", "", "86.1"),
    ("olmo-2-13b", "OLMo 2 13B", "2024-11-26", "Ai2", "United States", "open-source-data", "Apache-2.0",
     "true", "13", "", "", "", "67.5"),
    ("deepseek-r1", "DeepSeek-R1", "2025-01-20", "DeepSeek", "China", "open-weights", "MIT", "true",
     "671", "37", "0.55", "2.19", "90.8"),
    ("kimi-k2", "Kimi K2", "2025-07-11", "Moonshot AI", "China", "open-weights", "Modified MIT", "false",
     "1000", "32", "0.6", "2.5", "89.5"),
]  # fmt: skip

# id, topic, series, value, unit, as_of, publisher, kind, seed, seed value
INDICATORS = [
    ("gap-oc-2024", "gap-open-closed", "arena-gap-open-closed", "8.04", "percent", "2024-01-01",
     "Stanford HAI", "research", "", ""),
    ("gap-oc-2025", "gap-open-closed", "arena-gap-open-closed", "1.70", "percent", "2025-02-01",
     "Stanford HAI", "research", "", ""),
    ("gap-uc-2024", "gap-us-china", "arena-gap-us-china", "9.26", "percent", "2024-01-01",
     "Stanford HAI", "research", "", ""),
    ("gap-uc-2025", "gap-us-china", "arena-gap-us-china", "1.70", "percent", "2025-02-01",
     "Stanford HAI", "research", "", ""),
    ("gap-mmlu-2023", "gap-us-china", "mmlu-gap-us-china", "17.5", "percentage points", "2023-12-31",
     "Stanford HAI", "research", "", ""),
    ("r1-derivatives-2025", "derivatives", "r1-derivatives", "500", "models", "2025-04-01",
     "Hugging Face", "tracker", "foreign-affairs", "500"),
]  # fmt: skip


def write_data(directory: Path, models=MODELS, indicators=INDICATORS) -> Path:
    """A valid copy of the book's data package with the rows above, in ``directory``."""
    shutil.copy(ROOT / "data" / "datapackage.json", directory / "datapackage.json")
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    model_rows = [
        {
            "id": m[0], "name": m[1], "date": m[2], "developer": m[3], "country": m[4], "openness": m[5],
            "licence": m[6], "osi_approved": m[7], "parameters_b": m[8], "active_parameters_b": m[9],
            "price_input": m[10], "price_output": m[11],
            "price_source_url": f"https://example.org/price/{m[0]}" if m[10] else "",
            "price_source_title": f"Price list for {m[1]}" if m[10] else "",
            "mmlu": m[12], "source_url": f"https://example.org/{m[0]}", "source_title": f"Release of {m[1]}",
        }
        for m in models
    ]  # fmt: skip
    indicator_rows = [
        {
            "id": i[0], "topic": i[1], "series": i[2], "measure": f"Test measure of {i[2]}", "value": i[3],
            "unit": i[4], "as_of": i[5], "publisher": i[6], "source_kind": i[7], "seed": i[8],
            "seed_value": i[9], "source_url": f"https://example.org/{i[0]}", "source_title": f"Report {i[0]}",
        }
        for i in indicators
    ]  # fmt: skip
    for name, rows in (("models", model_rows), ("indicators", indicator_rows)):
        fields = [field["name"] for field in resources[name]["schema"]["fields"]]
        with open(directory / resources[name]["path"], "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            for row in rows:
                writer.writerow({field: row.get(field, "") for field in fields})
    return directory


@pytest.fixture(scope="module")
def directory(tmp_path_factory) -> Path:
    return write_data(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def models(directory) -> pd.DataFrame:
    return data.models(directory)


@pytest.fixture(scope="module")
def indicators(directory) -> pd.DataFrame:
    return data.indicators(directory)


def rows_of(spec: dict, node: dict) -> list[dict]:
    """The inline rows behind one view of a chart spec (Altair may move them to ``datasets``)."""
    source = node["data"]
    return source["values"] if "values" in source else spec["datasets"][source["name"]]


def fields_in(expression: str) -> set[str]:
    return set(re.findall(r"datum\.([A-Za-z_]\w*)", expression))


def compiles(chart: alt.TopLevelMixin) -> str:
    """The chart compiled to SVG by vl-convert: raises if the spec is not valid Vega-Lite."""
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return vlc.vegalite_to_svg(chart.to_dict(), vl_version=f"{major}.{minor}")


def params(spec: dict) -> dict[str, dict]:
    return {p["name"]: p for p in spec.get("params", [])}


def tooltip_fields(encoding: dict) -> set[str]:
    return {t["field"] for t in encoding["tooltip"]}


# --- Figure 1 ---------------------------------------------------------------------------------------


def test_the_release_timeline_draws_every_release_with_its_source(models):
    chart = landscape.releases_chart(models)
    spec = chart.to_dict()
    values = rows_of(spec, spec)
    assert [v["id"] for v in values] == list(models["id"])
    assert all(v["url"].startswith("https://") and v["source"] for v in values)
    assert spec["mark"]["type"] == "point"
    assert spec["encoding"]["href"]["field"] == "url"
    assert {"source", "licence", "openness_label", "developer"} <= tooltip_fields(spec["encoding"])
    assert tooltip_fields(spec["encoding"]) <= set(values[0])
    dropdowns = params(spec)
    for name in ("release_openness", "release_licence", "release_developer"):
        assert dropdowns[name]["bind"]["input"] == "select"
        assert dropdowns[name]["value"] == landscape.ALL
    assert dropdowns["release_openness"]["bind"]["options"][1:] == [
        o for o in data.OPENNESS if o in set(models["openness"])
    ]
    assert set(dropdowns["release_developer"]["bind"]["options"][1:]) == set(models["developer"])
    filters = " ".join(t["filter"] for t in spec["transform"])
    assert fields_in(filters) == {"openness", "licence_kind", "developer"} and fields_in(filters) <= set(
        values[0]
    )
    assert spec["width"] <= 540
    assert "11 model releases" in spec["description"]
    assert "China, 4 releases of which 1 closed" in spec["description"]
    assert compiles(chart).startswith("<svg")


def test_the_release_lanes_group_countries(models):
    values = rows_of(*([landscape.releases_chart(models).to_dict()] * 2))
    groups = {v["id"]: v["group"] for v in values}
    assert groups["mistral-7b"] == "Europe and others"
    assert groups["deepseek-r1"] == "China" and groups["gpt-4"] == "United States"
    kinds = {v["id"]: v["licence_kind"] for v in values}
    assert kinds == {
        **{i: "proprietary" for i in ("gpt-4", "ernie-bot", "gpt-4o", "claude-3-5-sonnet")},
        **{i: "OSI-approved" for i in ("mistral-7b", "olmo-2-13b", "deepseek-r1")},
        **{i: "custom terms" for i in ("llama-3-1-405b", "mistral-large-2", "qwen2-5-72b", "kimi-k2")},
    }


# --- Figure 2 ---------------------------------------------------------------------------------------


def test_the_price_chart_shows_only_releases_with_a_price_and_a_score(models):
    chart = landscape.price_capability_chart(models)
    spec = chart.to_dict()
    points, labels = spec["layer"]
    values = rows_of(spec, spec)
    assert {v["id"] for v in values} == {
        "gpt-4", "gpt-4o", "claude-3-5-sonnet", "mistral-large-2", "deepseek-r1", "kimi-k2"
    }  # fmt: skip
    assert all(v["price_url"].startswith("https://") and v["price_source"] and v["source"] for v in values)
    assert points["mark"]["type"] == "point" and {la["mark"]["type"] for la in labels["layer"]} == {"text"}
    # labels go below a mark when another sits just above it: Claude 3.5 Sonnet (a tie), DeepSeek-R1
    assert {v["id"] for v in values if v["label_below"]} == {"gpt-4o", "kimi-k2"}
    assert points["encoding"]["x"]["scale"]["type"] == "log"
    assert points["encoding"]["href"]["field"] == "price_url"
    assert {"price_source", "source", "mmlu", "price_text"} <= tooltip_fields(points["encoding"])
    basis = params(spec)["price_basis"]
    assert basis["bind"]["input"] == "select" and basis["bind"]["options"] == ["output", "input", "blended"]
    calculate = points["transform"][0]["calculate"]
    assert fields_in(calculate) == {"price_input", "price_output"} and "price_basis" in calculate
    assert "5 other releases" in spec["description"]
    assert spec["width"] <= 540
    assert compiles(chart).startswith("<svg")


def test_the_price_chart_refuses_data_without_prices(models):
    unpriced = models.assign(price_input=pd.NA, price_output=pd.NA)
    with pytest.raises(ValueError, match="no release in models has both"):
        landscape.price_capability_chart(unpriced)


# --- Figure 3 ---------------------------------------------------------------------------------------


def test_the_gap_chart_offers_each_series_and_sources_every_point(indicators):
    chart = landscape.gap_chart(indicators)
    spec = chart.to_dict()
    header, plot = spec["vconcat"]
    _zero, line, points, values_layer = plot["layer"]
    rows = rows_of(spec, line)
    assert {r["series"] for r in rows} == {"arena-gap-open-closed", "arena-gap-us-china", "mmlu-gap-us-china"}
    assert all(r["publisher"] and r["kind"] and r["as_of"] and r["url"].startswith("https://") for r in rows)
    assert {"publisher", "kind", "source", "day"} <= tooltip_fields(points["encoding"])
    assert tooltip_fields(points["encoding"]) <= set(rows[0])
    assert points["encoding"]["href"]["field"] == "url"
    pick = params(spec)["gap_series"]
    assert pick["bind"]["input"] == "select"
    assert pick["bind"]["options"] == ["arena-gap-open-closed", "arena-gap-us-china", "mmlu-gap-us-china"]
    assert pick["value"] == "arena-gap-open-closed"
    headings = {h["series"]: h["heading"] for h in rows_of(spec, header)}
    assert "(percentage points)" in headings["mmlu-gap-us-china"]
    assert headings["arena-gap-us-china"].endswith("Published by Stanford HAI")
    for layer in (header, line, points, values_layer):
        assert fields_in(layer["transform"][0]["filter"]) == {"series"}
        assert "gap_series" in layer["transform"][0]["filter"]
    assert plot["width"] <= 540 and header["width"] <= 540
    assert "3 series" in spec["description"] and "Stanford HAI" in spec["description"]
    assert compiles(chart).startswith("<svg")


def test_the_gap_chart_options_and_errors(indicators):
    spec = landscape.gap_chart(indicators, topics=["derivatives"], series="r1-derivatives").to_dict()
    assert params(spec)["gap_series"]["value"] == "r1-derivatives"
    assert landscape.gap_chart(indicators, title="Fixed").to_dict()["title"]["text"] == "Fixed"
    with pytest.raises(ValueError, match="not in the vocabulary"):
        landscape.gap_chart(indicators, topics=["gaps"])
    with pytest.raises(TypeError, match="list of topic names"):
        landscape.gap_chart(indicators, topics="gap-us-china")
    with pytest.raises(ValueError, match="series 'nope'"):
        landscape.gap_chart(indicators, series="nope")
    with pytest.raises(ValueError, match="no row with topic"):
        landscape.gap_chart(indicators, topics=["cost"])


# --- Every control moves its chart (no dead widget on the static page) ---------------------------------


def with_value(spec: dict, name: str, value: object) -> dict:
    """A copy of ``spec`` whose parameter ``name`` starts at ``value``, as if the reader had picked it."""
    copy = json.loads(json.dumps(spec))
    (param,) = [p for p in copy["params"] if p["name"] == name]
    param["value"] = value
    return copy


def svg(spec: dict) -> str:
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return vlc.vegalite_to_svg(spec, vl_version=f"{major}.{minor}")


@pytest.mark.parametrize(
    ("build", "name", "value"),
    [
        (lambda m, i: landscape.releases_chart(m), "release_openness", "closed-api"),
        (lambda m, i: landscape.releases_chart(m), "release_licence", "custom terms"),
        (lambda m, i: landscape.releases_chart(m), "release_developer", "Meta"),
        (lambda m, i: landscape.price_capability_chart(m), "price_basis", "input"),
        (lambda m, i: landscape.price_capability_chart(m), "price_basis", "blended"),
        (lambda m, i: landscape.gap_chart(i), "gap_series", "mmlu-gap-us-china"),
    ],
)
def test_every_control_changes_its_chart(build, name, value, models, indicators):
    spec = build(models, indicators).to_dict()
    assert svg(with_value(spec, name, value)) != svg(spec)


# --- Tables and numbers -----------------------------------------------------------------------------


def test_the_models_table_links_every_release(models):
    table = landscape.models_table(models).data
    assert table.count("<tr>") == 1 + len(models)
    assert all(f'href="https://example.org/{i}"' in table for i in models["id"])
    assert 'href="https://example.org/price/deepseek-r1"' in table
    chinese = landscape.models_table(models, groups=["China"]).data
    assert chinese.count("<tr>") == 1 + 4
    assert landscape.models_table(models, openness=["open-source-data"]).data.count("<tr>") == 2
    with pytest.raises(ValueError, match="openness"):
        landscape.models_table(models, openness=["open"])
    with pytest.raises(TypeError, match="single string"):
        landscape.models_table(models, groups="China")


def test_the_indicators_table_links_every_source(indicators):
    table = landscape.indicators_table(indicators).data
    assert table.count("<tr>") == 1 + 5
    assert 'href="https://example.org/gap-mmlu-2023"' in table
    seeded = landscape.indicators_table(indicators, topics=["derivatives"]).data
    assert "foreign-affairs gives 500" in seeded


def test_the_openness_table_is_the_packages_scale(models):
    table = landscape.openness_table()
    assert list(table["openness"]) == list(data.OPENNESS)
    assert list(table.index) == [0, 1, 2, 3]
    counted = landscape.openness_table(models)
    assert list(counted["releases in models.csv"]) == [4, 6, 0, 1]


def test_the_numbers_the_chapter_quotes(models):
    share = landscape.open_share(models)
    assert share.to_dict() == pytest.approx(
        {"United States": 2 / 5, "China": 3 / 4, "Europe and others": 1.0}
    )
    by_year = landscape.open_share(models, by=["group", "year"])
    assert by_year.loc[("China", 2025)] == 1.0 and by_year.loc[("United States", 2023)] == 0.0
    assert landscape.price_ratio(models) == pytest.approx(15 / 2.5)
    assert landscape.price_ratio(models, basis="input") == pytest.approx(5 / 0.6)
    counts = landscape.release_counts(models)
    assert counts.loc["China", "total"] == 4 and counts.loc["United States", "closed-api"] == 3
    assert landscape.release_counts(models, by="year")["total"].to_dict() == {2023: 3, 2024: 6, 2025: 2}
    licences = landscape.licence_summary(models)
    assert set(licences.loc[licences["osi_approved"], "licence"]) == {"Apache-2.0", "MIT"}
    assert licences.loc[licences["licence"] == "Apache-2.0", "releases"].item() == 2


def test_the_licence_counts_and_the_series_summary(models, indicators):
    kinds = landscape.licence_counts(models)
    assert kinds.loc["China"].to_dict() == {
        "OSI-approved": 1,
        "custom terms": 2,
        "proprietary": 1,
        "total": 4,
    }
    assert kinds.loc["United States", "OSI-approved"] == 1 and kinds.loc["Europe and others", "total"] == 2
    summary = landscape.series_summary(indicators)
    assert list(summary.index) == ["arena-gap-open-closed", "arena-gap-us-china", "mmlu-gap-us-china"]
    row = summary.loc["arena-gap-open-closed"]
    assert (row["first"], row["latest"], row["figures"]) == (8.04, 1.70, 2)
    assert (row["first_as_of"], row["latest_as_of"], row["unit"]) == ("2024-01-01", "2025-02-01", "percent")
    assert summary.loc["mmlu-gap-us-china", "first"] == summary.loc["mmlu-gap-us-china", "latest"] == 17.5


def test_the_numbers_refuse_bad_options(models):
    with pytest.raises(ValueError, match="by must be"):
        landscape.open_share(models, by="country")
    with pytest.raises(ValueError, match="by must be"):
        landscape.release_counts(models, by="month")
    with pytest.raises(ValueError, match="basis must be"):
        landscape.price_ratio(models, basis="blended")
    closed_only = models[models["openness"] == "closed-api"]
    with pytest.raises(ValueError, match="at least one closed and one open"):
        landscape.price_ratio(closed_only)


# --- Bad input frames get clear errors ----------------------------------------------------------------

BUILDERS = [
    landscape.licence_counts,
    landscape.releases_chart,
    landscape.price_capability_chart,
    landscape.models_table,
    landscape.open_share,
    landscape.price_ratio,
    landscape.licence_summary,
]


@pytest.mark.parametrize("builder", BUILDERS)
def test_a_wrong_object_is_refused_by_name(builder):
    with pytest.raises(
        TypeError, match=r"models must be the DataFrame returned by dilemma\.data\.models\(\)"
    ):
        builder([{"id": "gpt-4"}])


@pytest.mark.parametrize("builder", BUILDERS)
def test_a_frame_missing_columns_is_refused(builder, models):
    with pytest.raises(ValueError, match=r"lacks the column.*'openness'"):
        builder(models.drop(columns=["openness"]))


@pytest.mark.parametrize("builder", BUILDERS)
def test_an_empty_frame_is_refused(builder, models):
    with pytest.raises(ValueError, match="has no rows"):
        builder(models.iloc[0:0])


def test_an_openness_outside_the_scale_is_refused(models):
    with pytest.raises(ValueError, match="outside the scale"):
        landscape.releases_chart(models.assign(openness="open"))


@pytest.mark.parametrize("builder", [landscape.gap_chart, landscape.indicators_table])
def test_a_wrong_indicators_frame_is_refused(builder, models, indicators):
    with pytest.raises(TypeError, match="indicators must be the DataFrame"):
        builder("indicators.csv")
    with pytest.raises(ValueError, match=r"lacks the column.*'publisher'"):
        builder(indicators.drop(columns=["publisher"]))
    with pytest.raises(ValueError, match="has no rows"):
        builder(indicators.iloc[0:0])


def test_country_group_and_licence_kind():
    assert landscape.country_group("United Arab Emirates") == "Europe and others"
    assert landscape.country_group("China") == "China"
    with pytest.raises(TypeError, match="country"):
        landscape.country_group(None)
    assert landscape.licence_kind("Proprietary", False) == "proprietary"
    assert landscape.licence_kind("MIT", True) == "OSI-approved"
    assert landscape.licence_kind("Gemma Terms of Use", False) == "custom terms"


# --- The book's own data ---------------------------------------------------------------------------------


def _has_rows(name: str) -> bool:
    path = ROOT / "data" / f"{name}.csv"
    return path.is_file() and len(path.read_text(encoding="utf-8").strip().splitlines()) > 1


@pytest.mark.skipif(not _has_rows("models"), reason="data/models.csv has no rows yet")
def test_the_figures_work_on_the_books_models():
    models = data.models()
    for chart in (landscape.releases_chart(models), landscape.price_capability_chart(models)):
        spec = chart.to_dict()
        assert (
            len(json.dumps(spec.get("datasets", {})) + json.dumps(spec.get("data", {}))) < INLINE_BUDGET_BYTES
        )
        assert spec["description"]
        assert compiles(chart).startswith("<svg")
    assert landscape.models_table(models).data.count("<tr>") == 1 + len(models)
    assert landscape.price_ratio(models) > 0


@pytest.mark.skipif(not _has_rows("indicators"), reason="data/indicators.csv has no rows yet")
def test_the_gap_chart_works_on_the_books_indicators():
    indicators = data.indicators()
    chart = landscape.gap_chart(indicators)
    spec = chart.to_dict()
    offered = params(spec)["gap_series"]["bind"]["options"]
    assert {"arena-gap-open-closed", "arena-gap-us-china"} <= set(offered)
    assert compiles(chart).startswith("<svg")
