"""Exercise checks of chapter 5, "The reactive chain".

The data checks are run against a small events file written here, so that the right
answers are known exactly and the tests do not depend on the book's dataset as it
grows; one further test runs every check against ``data/events.csv`` itself when it
exists. Right answers pass, typical wrong answers get the hint written for them, and
nothing a student types makes a check raise.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dilemma import data
from dilemma.checks import Feedback, ch5

ROOT = Path(__file__).resolve().parents[1]

# id, date, category, country, responds_to
EVENTS = [
    ("us-chip-controls-2022", "2022-10-07", "export-control", "United States", ""),
    ("chatgpt-release", "2022-11-30", "release", "International", ""),
    ("cac-draft-measures", "2023-04-11", "rule", "China", "chatgpt-release"),
    ("interim-measures-published", "2023-07-13", "rule", "China", "cac-draft-measures"),
    ("interim-measures-effective", "2023-08-15", "rule", "China", "interim-measures-published"),
    ("us-chip-controls-2023", "2023-10-17", "export-control", "United States", "us-chip-controls-2022"),
    ("us-chip-controls-2024", "2024-12-02", "export-control", "United States", "us-chip-controls-2023"),
    ("china-mineral-ban-us", "2024-12-03", "export-control", "China", "us-chip-controls-2024"),
    ("deepseek-v3", "2024-12-26", "release", "China", ""),
    ("deepseek-app-launch", "2025-01-10", "release", "China", ""),
    ("deepseek-r1", "2025-01-20", "release", "China", ""),
    ("eo-14148-revokes-14110", "2025-01-20", "rule", "United States", ""),
    ("nvidia-market-drop", "2025-01-27", "market", "United States", "deepseek-r1"),
    ("trump-wake-up-call", "2025-01-27", "statement", "United States", "deepseek-r1"),
    ("italy-deepseek-block", "2025-01-30", "restriction", "Italy", ""),
    ("australia-deepseek-ban", "2025-02-04", "restriction", "Australia", ""),
    ("mfa-deepseek-bans", "2025-02-06", "statement", "China", "australia-deepseek-ban"),
    ("paris-ai-action-summit", "2025-02-28", "governance", "International", ""),
    ("house-committee-deepseek-report", "2025-04-16", "statement", "United States", "trump-wake-up-call"),
]


def _write_dataset(directory: Path) -> Path:
    """A valid events file, following the book's own datapackage.json, in ``directory``."""
    shutil.copy(ROOT / "data" / "datapackage.json", directory / "datapackage.json")
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "events")
    fields = [field["name"] for field in resource["schema"]["fields"]]
    with open(directory / resource["path"], "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for event_id, date, category, country, answers in EVENTS:
            row = dict.fromkeys(fields, "")
            row.update(
                id=event_id,
                date=date,
                label=event_id[:48],
                actor="Test actor",
                country=country,
                category=category,
                event=f"Test event {event_id}.",
                source_url=f"https://example.org/{event_id}",
                source_title=f"Test source for {event_id}",
                responds_to=answers,
            )
            if answers:
                row.update(link_source_url="https://example.org/link", link_source_title="Test link")
            writer.writerow({key: value for key, value in row.items() if key in fields})
    return directory


@pytest.fixture(scope="module", autouse=True)
def test_dataset(tmp_path_factory):
    directory = _write_dataset(tmp_path_factory.mktemp("events"))
    previous = ch5.DATA_DIRECTORY
    ch5.DATA_DIRECTORY = directory
    yield directory
    ch5.DATA_DIRECTORY = previous


def passes(feedback: Feedback) -> bool:
    return isinstance(feedback, Feedback) and bool(feedback) and feedback.message.strip() != ""


def fails_with(feedback: Feedback, words: str) -> bool:
    return isinstance(feedback, Feedback) and not feedback and words in feedback.message


# --- The right answers follow the dataset --------------------------------------------------------


def test_the_answers_are_computed_from_the_dataset():
    assert ch5.days_draft_to_final() == 93  # 11 April to 13 July 2023
    assert ch5.days_final_to_effective() == 33
    assert ch5.days_r1_to_market() == 7
    assert ch5.chain_back() == ["us-chip-controls-2022", "us-chip-controls-2023", "us-chip-controls-2024"]
    assert ch5.reactions_to_r1() == [
        "deepseek-r1",
        "nvidia-market-drop",
        "trump-wake-up-call",
        "house-committee-deepseek-report",
    ]
    assert ch5.category_counts() == {
        "release": 1,
        "rule": 1,
        "market": 1,
        "statement": 2,
        "restriction": 2,
        "governance": 1,
    }
    assert ch5.training_cost() == pytest.approx(5.576)


def test_a_changed_row_changes_the_answer(tmp_path):
    """The checks read the file when they run: nothing is typed in."""
    directory = _write_dataset(tmp_path)
    path = directory / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2023-07-13", "2023-07-10"), encoding="utf-8")
    previous = ch5.DATA_DIRECTORY
    ch5.DATA_DIRECTORY = directory
    try:
        assert ch5.days_draft_to_final() == 90
        assert passes(ch5.check_draft_to_final(90))
        assert not ch5.check_draft_to_final(93)
    finally:
        ch5.DATA_DIRECTORY = previous


# --- Right answers pass, in the forms students give them -----------------------------------------


def _counts_series() -> pd.Series:
    frame = ch5.events()
    start = frame.loc[frame["id"] == "deepseek-r1", "date"].iloc[0]
    period = frame[(frame["date"] >= start) & (frame["date"] <= "2025-02-28")]
    return period["category"].value_counts()


RIGHT = [
    (ch5.check_draft_to_final, 93),
    (ch5.check_draft_to_final, 93.0),
    (ch5.check_draft_to_final, np.int64(93)),
    (ch5.check_final_to_effective, 33),
    (ch5.check_r1_to_market, 7),
    (ch5.check_training_cost, 5.576),
    (ch5.check_training_cost, 2.788 * 2),
    (ch5.check_chain_back, ["us-chip-controls-2022", "us-chip-controls-2023", "us-chip-controls-2024"]),
    (ch5.check_chain_back, ("us-chip-controls-2024", "us-chip-controls-2022", "us-chip-controls-2023")),
    (
        ch5.check_reactions_to_r1,
        ["deepseek-r1", "nvidia-market-drop", "trump-wake-up-call", "house-committee-deepseek-report"],
    ),
    (
        ch5.check_category_counts,
        {"release": 1, "rule": 1, "market": 1, "statement": 2, "restriction": 2, "governance": 1},
    ),
    (
        ch5.check_category_counts,
        {"release": 1, "rule": 1, "market": 1, "statement": 2, "restriction": 2, "governance": 1,
         "strategy": 0},
    ),
    (
        ch5.check_source_kinds,
        {"A": "government", "B": "state media", "C": "government", "D": "industry analyst",
         "E": "scholarship", "F": "company"},
    ),
    (
        ch5.check_source_kinds,
        {"A": "Government", "B": "state-owned media", "C": "official", "D": "analyst",
         "E": "peer-reviewed", "F": "Company"},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("check", "answer"), RIGHT)
def test_the_right_answer_passes(check, answer):
    feedback = check(answer)
    assert passes(feedback), feedback
    assert feedback._repr_markdown_().startswith("**Correct.**")


def test_a_value_counts_series_passes():
    assert passes(ch5.check_category_counts(_counts_series()))


def test_the_chain_from_data_chain_passes():
    frame = ch5.events()
    assert passes(ch5.check_chain_back(data.chain(frame, "us-chip-controls-2024", "back")))
    assert passes(ch5.check_reactions_to_r1(data.chain(frame, "deepseek-r1", "forward")))
    assert passes(ch5.check_r1_to_market(data.days_between(frame, "deepseek-r1", "nvidia-market-drop")))


# --- Typical wrong answers get the hint written for them -----------------------------------------

WRONG = [
    # draft (11 April) to published measures (13 July 2023): 93 days
    (ch5.check_draft_to_final, 94, "one day over"),
    (ch5.check_draft_to_final, 92, "one day short"),
    (ch5.check_draft_to_final, -93, "sign is reversed"),
    (ch5.check_draft_to_final, 126, "took effect"),
    (ch5.check_draft_to_final, 33, "between publication and entry into force"),
    (ch5.check_draft_to_final, 13, "weeks"),
    (ch5.check_draft_to_final, 50, "data.days_between"),
    (ch5.check_draft_to_final, 93.5, "whole number of days"),
    (ch5.check_draft_to_final, "93", "not the text"),
    (ch5.check_draft_to_final, pd.Timedelta(days=93), ".days"),
    (ch5.check_draft_to_final, [93], "a list"),
    (ch5.check_draft_to_final, math.inf, "not a finite number"),
    (ch5.check_draft_to_final, 10**400, "far too large"),
    (ch5.check_final_to_effective, 93, "starts from the draft"),
    # R1 (20 January) to Nvidia's fall (27 January 2025): 7 days
    (ch5.check_r1_to_market, 32, "DeepSeek-V3"),
    (ch5.check_r1_to_market, 17, "launch of DeepSeek's app"),
    (ch5.check_r1_to_market, 8, "one day over"),
    (ch5.check_r1_to_market, pd.Series([7]), "Series"),
    # the final training run of V3: 5.576 million dollars
    (ch5.check_training_cost, 5_576_000, "in millions of dollars"),
    (ch5.check_training_cost, 2.788, "number of GPU hours"),
    (ch5.check_training_cost, 1.394, "do not divide"),
    (ch5.check_training_cost, 6, "rounded figure"),
    (ch5.check_training_cost, 5.6, "three decimals"),
    (ch5.check_training_cost, 500, "rental price"),
    (ch5.check_training_cost, -5.576, "must lie between"),
    # the chain back from the December 2024 controls
    (ch5.check_chain_back, ["us-chip-controls-2022", "us-chip-controls-2023"], "itself"),
    (ch5.check_chain_back, ["us-chip-controls-2023", "us-chip-controls-2024"], "missing 1 event"),
    (
        ch5.check_chain_back,
        ["us-chip-controls-2022", "us-chip-controls-2023", "us-chip-controls-2024", "china-mineral-ban-us"],
        "wrong way",
    ),
    (
        ch5.check_chain_back,
        ["us-chip-controls-2022", "us-chip-controls-2023", "us-chip-controls-2024", "deepseek-v3"],
        "not linked",
    ),
    (ch5.check_chain_back, ["us-chip-controls-2024", "us-chips-2023"], "not the id of any event"),
    (ch5.check_chain_back, ["us-chip-controls-2024", "us-chip-controls-2024"], "twice"),
    (ch5.check_chain_back, 3, "not how many"),
    (ch5.check_chain_back, "us-chip-controls-2024", "list of strings"),
    (ch5.check_chain_back, [1, 2], "as text"),
    (ch5.check_chain_back, {"a": 1}, "not a dictionary"),
    # R1 and its reactions
    (ch5.check_reactions_to_r1, ["deepseek-r1", "nvidia-market-drop", "trump-wake-up-call"], "missing 1"),
    (
        ch5.check_reactions_to_r1,
        ["deepseek-r1", "nvidia-market-drop", "trump-wake-up-call", "house-committee-deepseek-report",
         "italy-deepseek-block"],
        "not linked",
    ),
    # counts by category, 20 January to 28 February 2025
    (
        ch5.check_category_counts,
        {"market": 1, "statement": 2, "restriction": 2, "governance": 1},
        "R1's own day",
    ),
    (
        ch5.check_category_counts,
        {"release": 1, "rule": 1, "market": 1, "statement": 2, "restriction": 2},
        "28 February",
    ),
    (
        ch5.check_category_counts,
        {"release": 2, "rule": 1, "market": 1, "statement": 2, "restriction": 2, "governance": 1},
        "differ for release",
    ),
    (ch5.check_category_counts, {"releases": 1}, "not a category"),
    (ch5.check_category_counts, {"release": 1.5}, "whole number"),
    (ch5.check_category_counts, {"release": -1}, "negative"),
    (ch5.check_category_counts, {1: 1}, "category name"),
    (ch5.check_category_counts, 8, "a count for each category"),
    (ch5.check_category_counts, [("release", 1)], "as a dictionary"),
    # kinds of source
    (
        ch5.check_source_kinds,
        {"A": "government", "B": "scholarship", "C": "government", "D": "industry analyst",
         "E": "scholarship", "F": "company"},
        "1 of 6 is wrong (B)",
    ),
    (ch5.check_source_kinds, {"A": "government"}, "no answer for B"),
    (
        ch5.check_source_kinds,
        {"A": "propaganda", "B": "state media", "C": "government", "D": "industry analyst",
         "E": "scholarship", "F": "company"},
        "Use one of the labels",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("check", "answer", "says"), WRONG)
def test_a_typical_wrong_answer_gets_its_hint(check, answer, says):
    feedback = check(answer)
    assert fails_with(feedback, says), feedback


ALL_CHECKS = [
    ch5.check_draft_to_final,
    ch5.check_final_to_effective,
    ch5.check_r1_to_market,
    ch5.check_training_cost,
    ch5.check_chain_back,
    ch5.check_reactions_to_r1,
    ch5.check_category_counts,
    ch5.check_source_kinds,
]
DATA_CHECKS = [
    check for check in ALL_CHECKS if check not in (ch5.check_training_cost, ch5.check_source_kinds)
]


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_no_answer_yet(check):
    assert fails_with(check(None), "No answer yet")


# --- A missing or broken dataset gets a sentence, not an error -----------------------------------


@pytest.mark.parametrize("check", DATA_CHECKS)
def test_a_missing_dataset_is_explained(check, tmp_path):
    previous = ch5.DATA_DIRECTORY
    ch5.DATA_DIRECTORY = tmp_path  # no datapackage.json, no events.csv
    try:
        assert fails_with(check(7), "could not be loaded")
    finally:
        ch5.DATA_DIRECTORY = previous


@pytest.mark.parametrize("check", DATA_CHECKS)
def test_a_missing_event_is_explained(check, tmp_path):
    directory = _write_dataset(tmp_path)
    rows = (directory / "events.csv").read_text(encoding="utf-8").splitlines()
    needed = {"cac-draft-measures", "interim-measures-published", "deepseek-r1", "us-chip-controls-2024"}
    kept = [rows[0]] + [row for row in rows[1:] if row.split(",")[0] not in needed]
    # drop the links that pointed at the removed rows, so the file stays valid
    kept = [row.replace(",deepseek-r1,https://example.org/link,Test link", ",,,") for row in kept]
    kept = [row.replace(",us-chip-controls-2024,https://example.org/link,Test link", ",,,") for row in kept]
    kept = [row.replace(",cac-draft-measures,https://example.org/link,Test link", ",,,") for row in kept]
    kept = [
        row.replace(",interim-measures-published,https://example.org/link,Test link", ",,,") for row in kept
    ]
    (directory / "events.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    data.events(directory)  # the reduced file is itself valid
    previous = ch5.DATA_DIRECTORY
    ch5.DATA_DIRECTORY = directory
    try:
        assert fails_with(check(7), "has no event")
    finally:
        ch5.DATA_DIRECTORY = previous


# --- Nothing makes a check raise ------------------------------------------------------------------

anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.lists(st.text(max_size=25), max_size=4),
    st.lists(st.sampled_from([e[0] for e in EVENTS]), max_size=6),
    st.lists(st.floats(), max_size=3), st.tuples(st.floats(), st.floats()),
    st.dictionaries(st.text(max_size=12), st.integers(), max_size=5),
    st.dictionaries(st.sampled_from(list(data.CATEGORIES)), st.one_of(st.integers(), st.floats()),
                    max_size=8),
    st.dictionaries(st.sampled_from(list("ABCDEF")), st.one_of(st.text(max_size=15), st.none()), max_size=6),
    st.complex_numbers(), st.fractions(), st.decimals(),
)  # fmt: skip


@settings(deadline=None, max_examples=150)
@given(anything)
def test_no_answer_makes_any_check_raise(answer):
    for check in ALL_CHECKS:
        feedback = check(answer)
        assert isinstance(feedback, Feedback)
        assert feedback.message.strip()


@settings(deadline=None)
@given(st.integers(min_value=-400, max_value=400))
def test_only_the_right_number_of_days_passes(days):
    assert bool(ch5.check_draft_to_final(days)) == (days == ch5.days_draft_to_final())
    assert bool(ch5.check_r1_to_market(days)) == (days == ch5.days_r1_to_market())


# --- The book's own dataset --------------------------------------------------------------------------


@pytest.mark.skipif(not (ROOT / "data" / "events.csv").is_file(), reason="data/events.csv not written yet")
def test_the_checks_work_on_the_books_dataset():
    previous = ch5.DATA_DIRECTORY
    ch5.DATA_DIRECTORY = None
    try:
        frame = ch5.events()
        ids = set(frame["id"])
        cases = [
            ({ch5.DRAFT, ch5.FINAL}, ch5.check_draft_to_final, ch5.days_draft_to_final),
            ({ch5.FINAL, ch5.EFFECTIVE}, ch5.check_final_to_effective, ch5.days_final_to_effective),
            ({ch5.R1, ch5.MARKET}, ch5.check_r1_to_market, ch5.days_r1_to_market),
            ({ch5.CHAIN_END}, ch5.check_chain_back, ch5.chain_back),
            ({ch5.R1}, ch5.check_reactions_to_r1, ch5.reactions_to_r1),
            ({ch5.R1}, ch5.check_category_counts, ch5.category_counts),
        ]
        missing = sorted(set().union(*(needed for needed, _, _ in cases)) - ids)
        assert not missing, f"events the chapter 5 exercises need are missing from data/events.csv: {missing}"
        for _, check, right in cases:
            assert passes(check(right())), check.__name__
    finally:
        ch5.DATA_DIRECTORY = previous
