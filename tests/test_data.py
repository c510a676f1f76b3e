"""The book's data package: valid, sourced, and loaded with errors a reader can act on."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from frictionless import validate as frictionless_validate

from dilemma import data, timeline

HEADER = [
    field["name"]
    for field in json.loads((data.DATA_DIR / data.PACKAGE).read_text())["resources"][0]["schema"]["fields"]
]


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return data.events()


def event(frame: pd.DataFrame, event_id: str) -> pd.Series:
    rows = frame[frame["id"] == event_id]
    assert len(rows) == 1, f"expected exactly one event {event_id!r}"
    return rows.iloc[0]


# -- the package as Frictionless sees it --------------------------------------------------
def test_the_data_package_is_valid_frictionless():
    report = frictionless_validate(str(data.DATA_DIR / data.PACKAGE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_every_csv_in_data_is_described_and_every_description_has_its_csv():
    described = {r["path"] for r in json.loads((data.DATA_DIR / data.PACKAGE).read_text())["resources"]}
    present = {p.name for p in data.DATA_DIR.glob("*.csv")}
    assert described == present


def test_the_package_declares_a_licence_and_sources():
    package = json.loads((data.DATA_DIR / data.PACKAGE).read_text())
    assert package["licenses"] and package["licenses"][0]["name"]
    for resource in package["resources"]:
        assert resource.get("sources"), resource["name"]
        assert resource["schema"]["fields"], resource["name"]


def test_the_category_vocabulary_is_declared_once():
    fields = {
        f["name"]: f
        for f in json.loads((data.DATA_DIR / data.PACKAGE).read_text())["resources"][0]["schema"]["fields"]
    }
    assert fields["category"]["constraints"]["enum"] == list(data.CATEGORIES)


# -- the events: coverage, sources, causal order -------------------------------------------
def test_the_chain_has_at_least_forty_events_from_chatgpt_to_late_2025(events):
    assert len(events) >= 40
    assert event(events, "chatgpt-release")["date"] == pd.Timestamp("2022-11-30")
    assert events["date"].max() >= pd.Timestamp("2025-10-01")


def test_every_category_of_the_issue_is_represented(events):
    assert set(events["category"]) == set(data.CATEGORIES)


def test_every_event_carries_its_own_source(events):
    assert events["source_url"].str.match(r"https?://").all()
    assert (events["source_title"].str.len() > 3).all()


def test_every_reaction_answers_an_earlier_event_and_names_who_says_so(events):
    dates = dict(zip(events["id"], events["date"], strict=True))
    linked = events[events["responds_to"].map(bool)]
    assert len(linked) >= 15, "the chain figure needs links to draw"
    for row in linked.itertuples():
        assert all(dates[earlier] <= row.date for earlier in row.responds_to), row.id
        assert row.link_source_url.startswith("http") and row.link_source_title, row.id


def test_figures_come_with_units(events):
    with_figure = events[events["figure"].notna()]
    assert len(with_figure) >= 5
    assert with_figure["unit"].notna().all()


def test_labels_are_unique_so_the_dropdown_is_unambiguous(events):
    assert events["label"].is_unique


# -- facts the tests can check: anchor dates from the primary sources ---------------------
@pytest.mark.parametrize(
    ("event_id", "date"),
    [
        ("chatgpt-release", "2022-11-30"),  # OpenAI, "Introducing ChatGPT"
        ("cac-draft-measures", "2023-04-11"),  # CAC notice seeking comments
        ("interim-measures-effective", "2023-08-15"),  # Interim Measures, art. 24
        ("us-eo-14110", "2023-10-30"),  # Federal Register 88 FR 75191
        ("deepseek-r1", "2025-01-20"),  # DeepSeek release note
        ("eo-14148-revokes-14110", "2025-01-20"),  # Federal Register 90 FR 8237
        ("eo-14179", "2025-01-23"),  # Federal Register 90 FR 8741
    ],
)
def test_anchor_dates(events, event_id, date):
    assert event(events, event_id)["date"] == pd.Timestamp(date)


def test_the_interim_measures_were_published_before_they_took_effect(events):
    published = event(events, "interim-measures-published")["date"]
    assert published < event(events, "interim-measures-effective")["date"]
    assert published > event(events, "cac-draft-measures")["date"]


def test_the_deepseek_app_launch_is_not_the_r1_release(events):
    assert event(events, "deepseek-app-launch")["category"] != "" and (
        event(events, "deepseek-app-launch")["date"] != event(events, "deepseek-r1")["date"]
    )


# -- the chain helpers ---------------------------------------------------------------------
def test_chain_back_and_forward_from_a_reaction(events):
    back = data.chain(events, "eo-14148-revokes-14110", "back")
    assert back[-1] == "eo-14148-revokes-14110" and "us-eo-14110" in back
    forward = data.chain(events, "us-eo-14110", "forward")
    assert forward[0] == "us-eo-14110" and "eo-14148-revokes-14110" in forward
    both = data.chain(events, "us-eo-14110", "both")
    assert set(back) | set(forward) <= set(both)


def test_chain_refuses_unknown_ids_and_directions(events):
    with pytest.raises(ValueError, match="event_id 'no-such-event'"):
        data.chain(events, "no-such-event")
    with pytest.raises(ValueError, match="direction must be"):
        data.chain(events, "chatgpt-release", "sideways")


def test_days_between(events):
    assert data.days_between(events, "chatgpt-release", "cac-draft-measures") == 132
    with pytest.raises(ValueError, match="second 'nope'"):
        data.days_between(events, "chatgpt-release", "nope")


# -- malformed files fail with file, row and column ----------------------------------------
VALID_ROWS = [
    {
        "id": "first",
        "date": "2023-01-01",
        "label": "First",
        "actor": "OpenAI",
        "country": "United States",
        "category": "release",
        "event": "Something happened.",
        "figure": "",
        "unit": "",
        "source_url": "https://example.org/a",
        "source_title": "A source",
        "responds_to": "",
        "link_source_url": "",
        "link_source_title": "",
        "note": "",
    },
    {
        "id": "second",
        "date": "2023-02-01",
        "label": "Second",
        "actor": "Cyberspace Administration of China",
        "country": "China",
        "category": "rule",
        "event": "A reaction.",
        "figure": "3",
        "unit": "rules",
        "source_url": "https://example.org/b",
        "source_title": "Another source",
        "responds_to": "first",
        "link_source_url": "https://example.org/c",
        "link_source_title": "Who links them",
        "note": "",
    },
]


def write_package(tmp_path: Path, rows: list[dict]) -> Path:
    shutil.copy(data.DATA_DIR / data.PACKAGE, tmp_path / data.PACKAGE)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "events.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return tmp_path


def with_change(row: int, **changes: str) -> list[dict]:
    rows = [dict(r) for r in VALID_ROWS]
    rows[row].update(changes)
    return rows


def test_a_small_valid_file_loads_typed(tmp_path):
    frame = data.events(write_package(tmp_path, VALID_ROWS))
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame["figure"].dtype == "Float64" and pd.isna(frame["figure"][0]) and frame["figure"][1] == 3
    assert frame["responds_to"].tolist() == [(), ("first",)]
    assert pd.isna(frame["note"][0])


@pytest.mark.parametrize(
    ("row", "changes", "message"),
    [
        (0, {"date": "2023-13-01"}, r"data/events.csv, row 2, column 'date'"),
        (1, {"date": "1 Feb 2023"}, r"data/events.csv, row 3, column 'date'"),
        (1, {"category": "invasion"}, r"data/events.csv, row 3, column 'category'"),
        (0, {"country": "Atlantis"}, r"data/events.csv, row 2, column 'country'"),
        (0, {"source_url": ""}, r"data/events.csv, row 2, column 'source_url'"),
        (1, {"id": "first"}, r"data/events.csv, row 3, column 'id'"),
        (1, {"id": "Second Event"}, r"data/events.csv, row 3, column 'id'"),
        (1, {"figure": "lots"}, r"data/events.csv, row 3, column 'figure'"),
        (1, {"unit": ""}, r"data/events.csv, row 3, column 'unit': required because 'figure' is given"),
        (1, {"responds_to": "missing"}, r"row 3, column 'responds_to': 'missing' is not the id of any event"),
        (
            1,
            {"responds_to": "second"},
            r"row 3, column 'responds_to': event 'second' cannot respond to itself",
        ),
        (
            0,
            {"responds_to": "second", "link_source_url": "https://x.org", "link_source_title": "X"},
            r"row 2, column 'responds_to': 'first' \(2023-01-01\) cannot respond to 'second', which is later",
        ),
        (1, {"link_source_url": ""}, r"row 3, column 'link_source_url': required because 'responds_to'"),
        (0, {"event": "x" * 301}, r"data/events.csv, row 2, column 'event'"),
    ],
)
def test_a_malformed_row_is_named_by_file_row_and_column(tmp_path, row, changes, message):
    directory = write_package(tmp_path, with_change(row, **changes))
    with pytest.raises(data.DataError, match=message):
        data.events(directory)


def test_a_missing_column_and_a_short_row_are_named(tmp_path):
    write_package(tmp_path, VALID_ROWS)
    path = tmp_path / "events.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n")
    with pytest.raises(
        data.DataError, match=r"data/events.csv, column 'note': the header has no such column"
    ):
        data.events(tmp_path)
    lines[2] = lines[2].rsplit(",", 3)[0]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        data.DataError, match=r"row 3, column 'link_source_url': the row ends before this column"
    ):
        data.events(tmp_path)


def test_a_same_day_cycle_is_refused(tmp_path):
    rows = with_change(
        0, date="2023-02-01", responds_to="second", link_source_url="https://x.org", link_source_title="X"
    )
    with pytest.raises(data.DataError, match="cycle"):
        data.events(write_package(tmp_path, rows))


def test_a_missing_file_or_dataset_is_named(tmp_path):
    write_package(tmp_path, VALID_ROWS)
    with pytest.raises(data.DataError, match="no dataset named 'evnts'"):
        data.load("evnts", tmp_path)
    (tmp_path / "events.csv").unlink()
    with pytest.raises(data.DataError, match=r"data/events.csv: file not found"):
        data.events(tmp_path)
    with pytest.raises(data.DataError, match=r"data/datapackage.json: file not found"):
        data.events(tmp_path / "nowhere")


# -- the figures drawn from the data ----------------------------------------------------------
def rows_of(spec: dict, node: dict) -> list[dict]:
    """The inline rows behind one view of a chart spec (Altair moves them to ``datasets``)."""
    source = node["data"]
    return source["values"] if "values" in source else spec["datasets"][source["name"]]


def test_the_timeline_carries_every_event_with_its_source(events):
    spec = timeline.timeline_chart(events).to_dict()
    values = rows_of(spec, spec)
    assert len(values) == len(events)
    assert all(v["url"].startswith("http") and v["source"] for v in values)
    names = {p["name"] for p in spec["params"]}
    assert {"side_filter", "actor_filter", "category_filter"} <= names
    assert str(len(events)) in spec["description"]


def test_the_timeline_window_and_its_errors(events):
    spec = timeline.timeline_chart(events, start="2022-11-30", end="2023-08-31").to_dict()
    assert all("2022-11-30" <= v["date"] <= "2023-08-31" for v in rows_of(spec, spec))
    with pytest.raises(ValueError, match="start must be a date"):
        timeline.timeline_chart(events, start="spring")
    with pytest.raises(ValueError, match="no event lies between"):
        timeline.timeline_chart(events, start="1990-01-01", end="1990-02-01")
    with pytest.raises(TypeError, match="events must be the DataFrame"):
        timeline.timeline_chart([1, 2])


def test_the_chain_chart_draws_every_link_once(events):
    spec = timeline.chain_chart(events).to_dict()
    links = sum(len(answers) for answers in events["responds_to"])
    layer = spec["vconcat"][0]["layer"]
    assert len(rows_of(spec, layer[0])) == links
    pick = next(p for p in spec["params"] if p["name"] == "chain_focus")
    assert pick["bind"]["input"] == "select"
    with pytest.raises(ValueError, match="focus 'nope'"):
        timeline.chain_chart(events, focus="nope")


def test_the_events_table_links_every_source(events):
    table = timeline.events_table(events, categories=["export-control"]).data
    assert table.count("<tr>") == 1 + (events["category"] == "export-control").sum()
    with pytest.raises(ValueError, match="categories"):
        timeline.events_table(events, categories=["war"])
