"""Part III's datasets: notable model releases (models.csv) and the debate's figures (indicators.csv).

The loader is the same as for the events (``dilemma.data.load``); these tests check the
facts the data must hold for chapters 7-9, and that a malformed row is named by file,
row and column.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dilemma import data

PACKAGE = json.loads((data.DATA_DIR / data.PACKAGE).read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in PACKAGE["resources"]}


def header(name: str) -> list[str]:
    return [field["name"] for field in RESOURCES[name]["schema"]["fields"]]


def enum(name: str, column: str) -> list[str]:
    fields = {field["name"]: field for field in RESOURCES[name]["schema"]["fields"]}
    return fields[column]["constraints"]["enum"]


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return data.models()


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return data.indicators()


# -- vocabularies are declared once -----------------------------------------------------
def test_the_openness_scale_is_declared_once_in_order():
    assert enum("models", "openness") == list(data.OPENNESS)
    assert next(iter(data.OPENNESS)) == "closed-api"


def test_the_topic_vocabulary_is_declared_once():
    assert enum("indicators", "topic") == list(data.TOPICS)


# -- models.csv: what chapters 7 and 8 need ---------------------------------------------
REQUIRED_MODELS = [
    "gpt-3-5-turbo", "gpt-4", "gpt-4o", "gpt-4o-mini", "o1", "o3-mini", "gpt-5", "gpt-oss-120b",
    "claude-3-5-sonnet", "gemini-1-5-pro", "llama-2-70b", "llama-3-1-405b", "llama-4-maverick",
    "gemma-3-27b", "olmo-2-13b", "mistral-7b", "mixtral-8x7b", "mistral-large-2", "ernie-bot",
    "qwen2-5-72b", "qwen3-235b", "deepseek-v3", "deepseek-r1", "kimi-k2", "glm-4-5",
]  # fmt: skip


def test_at_least_thirty_releases_from_us_chinese_and_european_developers(models):
    assert len(models) >= 30
    countries = set(models["country"])
    assert {"United States", "China"} <= countries
    assert countries & {"France", "Germany", "United Kingdom"}, "no European developer"
    assert models["date"].between("2022-01-01", "2025-12-31").all()


def test_the_models_the_chapters_and_presets_name_are_there(models):
    missing = sorted(set(REQUIRED_MODELS) - set(models["id"]))
    assert not missing, f"models.csv lacks {missing}"


def test_every_release_carries_its_own_source(models):
    assert models["source_url"].str.match(r"https?://").all()
    assert models["source_title"].str.len().gt(0).all()
    priced = models["price_input"].notna()
    assert models.loc[priced, "price_source_url"].str.match(r"https?://").all()


def test_both_sides_have_closed_and_open_releases(models):
    for country in ("United States", "China"):
        levels = set(models.loc[models["country"] == country, "openness"])
        assert "closed-api" in levels and "open-weights" in levels, country


def test_licences_show_both_osi_approved_and_custom_terms(models):
    open_models = models[models["openness"] != "closed-api"]
    assert open_models["osi_approved"].any()
    assert (~open_models["osi_approved"]).any(), "no open-weights model under a custom licence"
    assert not models.loc[models["openness"] == "closed-api", "osi_approved"].any()


def test_prices_are_given_in_pairs_and_closed_models_tend_to_cost_more(models):
    priced = models.dropna(subset=["price_input"])
    assert (priced["price_output"] >= priced["price_input"]).all(), "output tokens cost at least input"
    closed = priced.loc[priced["openness"] == "closed-api", "price_output"].median()
    open_ = priced.loc[priced["openness"] != "closed-api", "price_output"].median()
    assert closed > open_


def test_openness_level_follows_the_scale(models):
    for level, name in enumerate(data.OPENNESS):
        assert (models.loc[models["openness"] == name, "openness_level"] == level).all()


def test_deepseek_r1_is_mit_licensed_open_weights_released_20_january_2025(models):
    r1 = models.set_index("id").loc["deepseek-r1"]
    assert r1["date"] == pd.Timestamp("2025-01-20")
    assert (r1["openness"], r1["licence"], bool(r1["osi_approved"])) == ("open-weights", "MIT", True)


# -- indicators.csv: the figures the debate rests on ------------------------------------
REQUIRED_SERIES = [
    "arena-gap-open-closed", "arena-gap-us-china", "mmlu-gap-us-china", "deepseek-users",
    "r1-derivatives", "qwen-derivatives", "price-gpt4-level", "training-cost",
]  # fmt: skip


def test_the_series_the_chapters_need_are_there(indicators):
    missing = sorted(set(REQUIRED_SERIES) - set(indicators["series"]))
    assert not missing, f"indicators.csv lacks {missing}"
    assert len(indicators) >= 30


def test_every_topic_is_covered(indicators):
    assert set(indicators["topic"]) == set(data.TOPICS)


def test_every_figure_has_a_publisher_a_date_and_a_source(indicators):
    assert indicators["publisher"].str.len().gt(0).all()
    assert indicators["as_of"].notna().all()
    assert indicators["source_url"].str.match(r"https?://").all()


def test_the_gaps_narrow_over_time(indicators):
    for series in ("arena-gap-open-closed", "arena-gap-us-china"):
        points = indicators[indicators["series"] == series].sort_values("as_of")
        assert len(points) >= 2, series
        assert points["value"].iloc[-1] < points["value"].iloc[0], series


def test_the_foreign_affairs_figures_are_recorded_beside_the_primary_ones(indicators):
    quoted = indicators[indicators["seed"] == "foreign-affairs"]
    assert len(quoted) >= 3
    assert quoted["seed_value"].notna().all()
    differs = quoted[quoted["seed_value"] != quoted["value"]]
    assert differs["note"].notna().all(), "a seed figure that differs from the source must be explained"


# -- malformed files are named by file, row and column ----------------------------------
MODEL_ROWS = [
    {"id": "a-closed", "name": "A", "date": "2024-01-10", "developer": "Lab A", "country": "United States",
     "openness": "closed-api", "licence": "Proprietary", "osi_approved": "false", "price_input": "2",
     "price_output": "8", "price_source_url": "https://example.org/a", "price_source_title": "A prices",
     "mmlu": "80", "source_url": "https://example.org/a", "source_title": "A"},
    {"id": "b-open", "name": "B", "date": "2024-06-01", "developer": "Lab B", "country": "China",
     "openness": "open-weights", "licence": "MIT", "osi_approved": "true", "parameters_b": "671",
     "active_parameters_b": "37", "source_url": "https://example.org/b", "source_title": "B"},
]  # fmt: skip
INDICATOR_ROWS = [
    {"id": "gap-1", "topic": "gap-open-closed", "series": "gap", "measure": "Gap", "value": "8",
     "unit": "percent", "as_of": "2024-01-01", "publisher": "Tracker", "source_kind": "tracker",
     "source_url": "https://example.org/g", "source_title": "G"},
    {"id": "gap-2", "topic": "gap-open-closed", "series": "gap", "measure": "Gap", "value": "2",
     "unit": "percent", "as_of": "2025-02-01", "publisher": "Tracker", "source_kind": "tracker",
     "seed": "foreign-affairs", "seed_value": "2", "source_url": "https://example.org/g",
     "source_title": "G"},
]  # fmt: skip


def write(tmp_path: Path, name: str, rows: list[dict]) -> Path:
    shutil.copy(data.DATA_DIR / data.PACKAGE, tmp_path / data.PACKAGE)
    for resource in PACKAGE["resources"]:
        if resource["name"] != name:
            shutil.copy(data.DATA_DIR / resource["path"], tmp_path / resource["path"])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header(name), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / RESOURCES[name]["path"]).write_text(buffer.getvalue(), encoding="utf-8")
    return tmp_path


def changed(rows: list[dict], row: int, **changes: str) -> list[dict]:
    """``rows`` with spreadsheet row ``row`` (header = 1) changed."""
    out = [dict(r) for r in rows]
    out[row - 2].update(changes)
    return out


def test_small_valid_files_load_typed(tmp_path):
    frame = data.models(write(tmp_path, "models", MODEL_ROWS))
    assert frame["osi_approved"].tolist() == [False, True]
    assert frame["openness_level"].tolist() == [0, 1]
    assert pd.isna(frame.loc[1, "price_input"]) and frame.loc[0, "price_output"] == 8
    figures = data.indicators(write(tmp_path, "indicators", INDICATOR_ROWS))
    assert figures["as_of"].dtype.kind == "M" and figures["value"].tolist() == [8, 2]


@pytest.mark.parametrize(
    ("row", "changes", "message"),
    [
        (2, {"osi_approved": "yes"}, "row 2, column 'osi_approved': 'yes' is not true or false"),
        (3, {"openness": "open"}, "row 3, column 'openness': 'open' is not one of the allowed values"),
        (2, {"licence": "MIT"}, "row 2, column 'licence': a closed-api model's licence is 'Proprietary'"),
        (3, {"licence": "Proprietary", "osi_approved": "false"}, "row 3, column 'licence'"),
        (3, {"licence": "Llama 3 Community License"}, "row 3, column 'osi_approved': 'Llama 3 Community"),
        (3, {"osi_approved": "false"}, "row 3, column 'osi_approved': 'MIT' is OSI-approved"),
        (2, {"price_output": ""}, "row 2, column 'price_output': required because 'price_input' is given"),
        (2, {"price_source_url": ""}, "row 2, column 'price_source_url': required because 'price_input'"),
        (3, {"active_parameters_b": "700"}, "row 3, column 'active_parameters_b': 700 active parameters"),
        (2, {"mmlu": "101"}, "row 2, column 'mmlu': '101' is above the largest allowed value 100"),
        (2, {"price_input": "-1"}, "row 2, column 'price_input': '-1' is below the smallest allowed value 0"),
        (3, {"date": "2024-06-31"}, "row 3, column 'date': '2024-06-31' is not a date written YYYY-MM-DD"),
    ],
)
def test_a_malformed_model_row_is_named(tmp_path, row, changes, message):
    directory = write(tmp_path, "models", changed(MODEL_ROWS, row, **changes))
    with pytest.raises(data.DataError, match=rf"^data/models\.csv, {message}".replace("(", r"\(")):
        data.models(directory)


@pytest.mark.parametrize(
    ("row", "changes", "message"),
    [
        (3, {"unit": "points"}, "row 3, column 'unit': series 'gap' has unit 'percent' in row 2"),
        (3, {"measure": "Another gap"}, "row 3, column 'measure': series 'gap' has measure 'Gap'"),
        (3, {"seed_value": ""}, "row 3, column 'seed_value': required because 'seed' is given"),
        (2, {"seed_value": "9"}, "row 2, column 'seed_value': given, but 'seed' is empty"),
        (2, {"topic": "hype"}, "row 2, column 'topic': 'hype' is not one of the allowed values"),
        (2, {"source_kind": "blog"}, "row 2, column 'source_kind': 'blog' is not one of the allowed values"),
        (2, {"value": "8%"}, "row 2, column 'value': '8%' is not a number"),
        (3, {"id": "gap-1"}, "row 3, column 'id': 'gap-1' repeats a value that must be unique"),
    ],
)
def test_a_malformed_indicator_row_is_named(tmp_path, row, changes, message):
    directory = write(tmp_path, "indicators", changed(INDICATOR_ROWS, row, **changes))
    with pytest.raises(data.DataError, match=rf"^data/indicators\.csv, {message}".replace("(", r"\(")):
        data.indicators(directory)
