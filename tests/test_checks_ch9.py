"""Exercise checks of chapter 9, "Easing the dilemma".

The data checks run against a small events file written here, so that their right
answers are known exactly; one further test runs them against ``data/events.csv``
itself. The signal checks follow chapter 3's trust model and the lever checks follow
``dilemma.levers``: the tests recompute their answers by an independent route. Right
answers pass, typical wrong answers get the hint written for them, and nothing a
student types makes a check raise.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dilemma import levers, race, trust
from dilemma.checks import Feedback, ch9

ROOT = Path(__file__).resolve().parents[1]

# id, date, category, country, actor, event, figure, unit
EVENTS = [
    ("white-house-voluntary-commitments", "2023-07-21", "governance", "United States", "White House",
     "Seven companies signed voluntary commitments.", "7", "companies signing"),
    ("bletchley-declaration", "2023-11-01", "governance", "International", "Summit participants",
     "28 countries and the EU, including both the United States and China, endorsed the declaration.",
     "28", "countries signing (plus the European Union)"),
    ("biden-xi-woodside", "2023-11-15", "governance", "International", "US–China bilateral",
     "The leaders agreed to open government talks on AI.", "", ""),
    ("test-model-release", "2024-01-10", "release", "International", "Test lab",
     "A release with a figure, which is not a governance text.", "3", "models"),
    ("un-resolution-safe-ai", "2024-03-21", "governance", "International", "United Nations General Assembly",
     "A US-drafted resolution adopted without a vote; China was among the co-sponsors.",
     "123", "co-sponsoring states"),
    ("us-china-ai-dialogue-geneva", "2024-05-14", "governance", "International", "US–China bilateral",
     "First intergovernmental dialogue on AI.", "", ""),
    ("seoul-ai-summit", "2024-05-21", "governance", "International", "Summit participants",
     "Ten countries and the EU (including the US, not China) adopted the Seoul Declaration.",
     "11", "signatories (10 countries plus the EU)"),
    ("un-resolution-capacity-building", "2024-07-01", "governance", "International",
     "United Nations General Assembly",
     "A China-drafted resolution adopted by consensus; the US joined as a late co-sponsor.",
     "140", "co-sponsoring states (more than)"),
    ("biden-xi-lima", "2024-11-16", "governance", "International", "US–China bilateral",
     "Humans, not AI, must control decisions to use nuclear weapons.", "", ""),
    ("paris-ai-action-summit", "2025-02-11", "governance", "International", "Summit participants",
     "About 60 countries including China signed; the US and UK did not sign.", "58", "signatory countries"),
]  # fmt: skip


def _write_dataset(directory: Path, rows: list[tuple[str, ...]] = EVENTS) -> Path:
    """A valid events file, following the book's own datapackage.json, in ``directory``."""
    shutil.copy(ROOT / "data" / "datapackage.json", directory / "datapackage.json")
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "events")
    fields = [field["name"] for field in resource["schema"]["fields"]]
    with open(directory / resource["path"], "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for event_id, date, category, country, actor, event, figure, unit in rows:
            row = dict.fromkeys(fields, "")
            row.update(
                id=event_id,
                date=date,
                label=event_id[:48],
                actor=actor,
                country=country,
                category=category,
                event=event,
                figure=figure,
                unit=unit,
                source_url=f"https://example.org/{event_id}",
                source_title=f"Test source for {event_id}",
            )
            writer.writerow({key: value for key, value in row.items() if key in fields})
    return directory


@pytest.fixture(scope="module", autouse=True)
def test_dataset(tmp_path_factory):
    directory = _write_dataset(tmp_path_factory.mktemp("events"))
    previous = ch9.DATA_DIRECTORY
    ch9.DATA_DIRECTORY = directory
    yield directory
    ch9.DATA_DIRECTORY = previous


def passes(feedback: Feedback) -> bool:
    return isinstance(feedback, Feedback) and bool(feedback) and feedback.message.strip() != ""


def fails_with(feedback: Feedback, words: str) -> bool:
    return isinstance(feedback, Feedback) and not feedback and words in feedback.message


# --- The right answers are computed --------------------------------------------------------------


def test_the_measures_follow_the_trust_model():
    """Cheap talk below what a greedy state would pay, costly up to what a seeker would, else too costly."""
    for key, measure in ch9.MEASURES.items():
        if measure.cost <= trust.GAIN_GREEDY:
            expected = "cheap talk"
        elif measure.cost <= trust.GAIN_SEEKER:
            expected = "costly signal"
        else:
            expected = "too costly"
        assert ch9.measure_label(key) == expected, key
    assert ch9.measure_labels() == {
        "A": "cheap talk",
        "B": "cheap talk",
        "C": "costly signal",
        "D": "costly signal",
        "E": "cheap talk",
        "F": "costly signal",
        "G": "too costly",
    }


def test_a_changed_cost_changes_the_label(monkeypatch):
    dearer = ch9.Measure(ch9.MEASURES["B"].text, "test", 0.75, "test")
    monkeypatch.setitem(ch9.MEASURES, "B", dearer)
    assert ch9.measure_label("B") == "costly signal"
    answers = {**ch9.measure_labels()}
    assert passes(ch9.check_signals(answers))


def test_the_data_answers_are_computed_from_the_dataset():
    assert ch9.fewest_signatories() == "seoul-ai-summit"  # 11; the 7 companies and the release are not texts
    assert ch9.talks_gap() == 181  # 15 November 2023 to 14 May 2024
    assert ch9.who_signed() == {
        "bletchley-declaration": "both",
        "un-resolution-safe-ai": "both",
        "seoul-ai-summit": "US only",
        "un-resolution-capacity-building": "both",
        "paris-ai-action-summit": "China only",
    }
    texts = ch9.multilateral_texts(ch9.events())
    assert list(texts["id"]) == [
        "bletchley-declaration",
        "un-resolution-safe-ai",
        "seoul-ai-summit",
        "un-resolution-capacity-building",
        "paris-ai-action-summit",
    ]


def test_a_changed_row_changes_the_answer(tmp_path):
    rows = [row if row[0] != "seoul-ai-summit" else (*row[:6], "40", row[7]) for row in EVENTS]
    rows = [
        row if row[0] != "us-china-ai-dialogue-geneva" else (row[0], "2024-05-15", *row[2:]) for row in rows
    ]
    directory = _write_dataset(tmp_path, rows)
    previous = ch9.DATA_DIRECTORY
    ch9.DATA_DIRECTORY = directory
    try:
        assert ch9.fewest_signatories() == "bletchley-declaration"
        assert passes(ch9.check_fewest_signatories("bletchley-declaration"))
        assert not ch9.check_fewest_signatories("seoul-ai-summit")
        assert ch9.talks_gap() == 182
        assert passes(ch9.check_talks_gap(182))
    finally:
        ch9.DATA_DIRECTORY = previous


def test_a_rewritten_row_is_explained(tmp_path):
    rows = [
        row if row[0] != "paris-ai-action-summit" else (*row[:5], "Sixty countries signed.", *row[6:])
        for row in EVENTS
    ]
    directory = _write_dataset(tmp_path, rows)
    previous = ch9.DATA_DIRECTORY
    ch9.DATA_DIRECTORY = directory
    try:
        assert fails_with(ch9.check_who_signed(dict.fromkeys(ch9.SIGNED, "both")), "rewritten")
        with pytest.raises(ValueError, match="paris-ai-action-summit"):
            ch9.who_signed()
    finally:
        ch9.DATA_DIRECTORY = previous


def _race_headline(**setting: float) -> float:
    """The race's probability of disaster, recomputed from the levers' parameters and chapter 6's model."""
    values = levers.parameters(**setting)
    teams, enmity = int(values[("race", "teams")]), values[("race", "enmity")]
    ratio, information = values[("race", "ratio")], values[("race", "information")]
    lower = min(math.floor(information), len(race.REGIMES) - 2)
    weight = information - lower
    low = race.disaster(race.REGIMES[lower], teams, enmity, ratio)
    high = race.disaster(race.REGIMES[lower + 1], teams, enmity, ratio)
    return (1 - weight) * low + weight * high


def test_the_lever_answers_follow_the_levers_model():
    singles = ch9.single_lever_disasters()
    for lever, value in singles.items():
        assert value == pytest.approx(_race_headline(**{lever: 1.0}), abs=1e-12)
    assert ch9.best_levers() == [min(singles, key=singles.get)]
    assert ch9.package_disaster() == pytest.approx(_race_headline(**ch9.PACKAGE), abs=1e-12)
    assert ch9.article_levers() == ["dialogue", "cognitive", "red_lines"]


def test_transparency_shows_the_curse_of_information():
    """Distinguishability up (p* down), information towards public (risk up), as chapters 2 and 6 predict."""
    assert ch9.transparency_effects() == {"p_star": "lower", "disaster": "raise"}
    assert _race_headline(transparency=1.0) > _race_headline()


def test_the_signal_threshold_is_where_a_greedy_state_stops_paying():
    cost = next(
        e for lever in levers.LEVERS for e in lever.effects if (e.model, e.parameter) == ("trust", "cost")
    )
    baseline = levers.parameters()[("trust", "cost")]
    assert ch9.signal_threshold() == pytest.approx((trust.GAIN_GREEDY - baseline) / cost.per_unit, abs=1e-6)


def test_the_lever_checks_follow_the_package_if_it_changes(monkeypatch):
    monkeypatch.setattr(ch9, "PACKAGE", {"dialogue": 1.0})
    value = _race_headline(dialogue=1.0)
    assert ch9.package_disaster() == pytest.approx(value, abs=1e-12)
    assert passes(ch9.check_package_disaster(value))


# --- Right answers pass ----------------------------------------------------------------------------

RIGHT = [
    (ch9.check_signals, ch9.measure_labels()),
    (ch9.check_signals, {"A": "Cheap talk", "B": "cheap", "C": "costly", "D": "Costly signal",
                         "E": "pooling", "F": "separating", "G": "prohibitive"}),
    (ch9.check_fewest_signatories, "seoul-ai-summit"),
    (ch9.check_fewest_signatories, " Seoul-AI-Summit "),
    (ch9.check_who_signed, {"bletchley-declaration": "both", "un-resolution-safe-ai": "Both",
                            "seoul-ai-summit": "US only", "un-resolution-capacity-building": "both signed",
                            "paris-ai-action-summit": "China"}),
    (ch9.check_talks_gap, 181),
    (ch9.check_talks_gap, np.int64(181)),
    (ch9.check_talks_gap, 181.0),
    (ch9.check_best_lever, "red_lines"),
    (ch9.check_best_lever, "Red lines"),
    (ch9.check_best_lever, "Agreed red lines"),
    (ch9.check_transparency_effects, {"p_star": "lower", "disaster": "raise"}),
    (ch9.check_transparency_effects, {"p_star": "decreases", "disaster": "Increases"}),
    (ch9.check_signal_threshold, 0.5),
    (ch9.check_signal_threshold, 0.505),
    (ch9.check_package_disaster, 0.1204),
    (ch9.check_article_levers, ["dialogue", "cognitive", "red_lines"]),
    (ch9.check_article_levers, ("red_lines", "Dialogue", "cognitive")),
    (ch9.check_article_levers, {"red lines", "dialogue", "cognitive"}),
]  # fmt: skip


@pytest.mark.parametrize(("check", "answer"), RIGHT)
def test_the_right_answer_passes(check, answer):
    feedback = check(answer)
    assert passes(feedback), feedback
    assert feedback._repr_markdown_().startswith("**Correct.**")


# --- Typical wrong answers get their hint -----------------------------------------------------------

SIGNED = {
    "bletchley-declaration": "both",
    "un-resolution-safe-ai": "both",
    "seoul-ai-summit": "US only",
    "un-resolution-capacity-building": "both",
    "paris-ai-action-summit": "China only",
}

WRONG = [
    (ch9.check_signals, {**ch9.measure_labels(), "B": "costly signal"}, "1 of 7 is wrong (B)"),
    (ch9.check_signals, {**ch9.measure_labels(), "G": "costly signal", "E": "costly"}, "2 of 7 are wrong"),
    (ch9.check_signals, {**ch9.measure_labels(), "A": "maybe"}, "Use one of the labels"),
    (ch9.check_signals, {"A": "cheap talk"}, "no answer for B"),
    (ch9.check_signals, ["cheap talk"] * 7, "as a dictionary"),
    (ch9.check_fewest_signatories, "un-resolution-capacity-building", "*most*"),
    (ch9.check_fewest_signatories, "paris-ai-action-summit", "another text has fewer"),
    (ch9.check_fewest_signatories, "white-house-voluntary-commitments", "not a multilateral text"),
    (ch9.check_fewest_signatories, "biden-xi-lima", "not a multilateral text"),
    (ch9.check_fewest_signatories, "atlantis-summit", "not the id of a governance event"),
    (ch9.check_fewest_signatories, 11, "as text"),
    (ch9.check_who_signed, {**dict.fromkeys(ch9.SIGNED, "both")}, "2 of 5 are wrong"),
    (ch9.check_who_signed, {**SIGNED, "un-resolution-safe-ai": "US only"}, "1 of 5 is wrong"),
    (ch9.check_who_signed, {**SIGNED, "seoul-ai-summit": "Korea"}, "Use one of the labels"),
    (ch9.check_who_signed, {"seoul-ai-summit": "US only"}, "no answer for"),
    (ch9.check_talks_gap, 182, "one day over"),
    (ch9.check_talks_gap, 180, "one day short"),
    (ch9.check_talks_gap, -181, "sign is reversed"),
    (ch9.check_talks_gap, 26, "looks like weeks"),
    (ch9.check_talks_gap, 367, "runs to the Lima meeting"),
    (ch9.check_talks_gap, 100, "data.days_between"),
    (ch9.check_talks_gap, "181", "not the text"),
    (ch9.check_best_lever, "transparency", "*raises* the risk"),
    (ch9.check_best_lever, "signals", "does not touch the race model"),
    (ch9.check_best_lever, "dialogue", "another lever lowers it further"),
    (ch9.check_best_lever, "sanctions", "There is no lever"),
    (ch9.check_best_lever, 3, "Name one lever"),
    (ch9.check_transparency_effects, {"p_star": "raise", "disaster": "lower"}, "2 of 2 are wrong"),
    (ch9.check_transparency_effects, {"p_star": "lower", "disaster": "lower"}, "1 of 2 is wrong"),
    (ch9.check_transparency_effects, {"p_star": "lower"}, "no answer for disaster"),
    (ch9.check_signal_threshold, 1.0, "*starts* to separate"),
    (ch9.check_signal_threshold, 0.25, "trust.GAIN_GREEDY"),
    (ch9.check_signal_threshold, 50, "looks like a percentage"),
    (ch9.check_signal_threshold, 1.5, "must lie between 0 and 1"),
    (ch9.check_package_disaster, 0.2019, "baseline"),
    (ch9.check_package_disaster, 0.1574, "includes transparency"),
    (ch9.check_package_disaster, 0.8796, "ends safely"),
    (ch9.check_package_disaster, 0.3, "levers.effects(dialogue=1, cognitive=1, red_lines=1)"),
    (ch9.check_article_levers, ["dialogue", "cognitive", "red_lines", "transparency"], "does not come from"),
    (ch9.check_article_levers, ["dialogue"], "missing 2"),
    (ch9.check_article_levers, ["dialogue", "sanctions"], "is not a lever"),
    (ch9.check_article_levers, "dialogue", "in a list"),
    (ch9.check_article_levers, [1, 2], "as text"),
]  # fmt: skip


@pytest.mark.parametrize(("check", "answer", "says"), WRONG)
def test_a_typical_wrong_answer_gets_its_hint(check, answer, says):
    feedback = check(answer)
    assert fails_with(feedback, says), feedback


DATA_CHECKS = [ch9.check_fewest_signatories, ch9.check_who_signed, ch9.check_talks_gap]
LEVER_CHECKS = [
    ch9.check_best_lever,
    ch9.check_transparency_effects,
    ch9.check_signal_threshold,
    ch9.check_package_disaster,
    ch9.check_article_levers,
]
ALL_CHECKS = [ch9.check_signals, *DATA_CHECKS, *LEVER_CHECKS]


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_no_answer_yet(check):
    assert fails_with(check(None), "No answer yet")


# --- A missing or broken dataset, or a broken levers model, gets a sentence -------------------------


@pytest.mark.parametrize("check", DATA_CHECKS)
def test_a_missing_dataset_is_explained(check, tmp_path):
    previous = ch9.DATA_DIRECTORY
    ch9.DATA_DIRECTORY = tmp_path  # no datapackage.json, no events.csv
    try:
        assert fails_with(check(7), "could not be loaded")
    finally:
        ch9.DATA_DIRECTORY = previous


@pytest.mark.parametrize("check", [ch9.check_who_signed, ch9.check_talks_gap])
def test_a_missing_event_is_explained(check, tmp_path):
    needed = {"biden-xi-woodside", "seoul-ai-summit"}
    directory = _write_dataset(tmp_path, [row for row in EVENTS if row[0] not in needed])
    previous = ch9.DATA_DIRECTORY
    ch9.DATA_DIRECTORY = directory
    try:
        assert fails_with(check(7), "has no event")
    finally:
        ch9.DATA_DIRECTORY = previous


def test_an_empty_record_is_explained(tmp_path):
    directory = _write_dataset(tmp_path, [row for row in EVENTS if not row[6] or row[3] != "International"])
    previous = ch9.DATA_DIRECTORY
    ch9.DATA_DIRECTORY = directory
    try:
        assert fails_with(ch9.check_fewest_signatories("seoul-ai-summit"), "no multilateral text")
    finally:
        ch9.DATA_DIRECTORY = previous


@pytest.mark.parametrize("check", LEVER_CHECKS[:-1])
def test_a_broken_levers_model_is_explained(check, monkeypatch):
    def broken(**_: float):
        raise RuntimeError("model unavailable")

    monkeypatch.setattr(levers, "effects", broken)
    monkeypatch.setattr(levers, "parameters", broken)
    answers = {
        ch9.check_best_lever: "red_lines",
        ch9.check_transparency_effects: {"p_star": "lower", "disaster": "raise"},
        ch9.check_signal_threshold: 0.5,
        ch9.check_package_disaster: 0.12,
    }
    assert fails_with(check(answers[check]), "could not be run")


# --- Nothing makes a check raise -------------------------------------------------------------------

anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.lists(st.one_of(st.text(max_size=12), st.floats(), st.none()), max_size=5),
    st.lists(st.sampled_from([*levers.LEVER_IDS, "Red lines", "x"]), max_size=6),
    st.tuples(st.floats(), st.floats()), st.sets(st.text(max_size=8), max_size=3),
    st.dictionaries(st.text(max_size=8), st.one_of(st.floats(), st.text(max_size=8)), max_size=5),
    st.dictionaries(st.sampled_from([*ch9.MEASURES, "p_star", "disaster", *ch9.SIGNED, 3]),
                    st.one_of(st.text(max_size=14), st.none(), st.floats(),
                              st.sampled_from(["cheap talk", "costly signal", "both", "raise", "US only"])),
                    max_size=8),
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
    assert bool(ch9.check_talks_gap(days)) == (days == ch9.talks_gap())


@settings(deadline=None)
@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_numbers_far_from_the_answer_never_pass(value):
    if abs(value - ch9.signal_threshold()) > 0.01:
        assert not ch9.check_signal_threshold(value)
    if abs(value - ch9.package_disaster()) > 0.0005:
        assert not ch9.check_package_disaster(value)


# --- The book's own dataset --------------------------------------------------------------------------


@pytest.mark.skipif(not (ROOT / "data" / "events.csv").is_file(), reason="data/events.csv not written yet")
def test_the_checks_work_on_the_books_dataset():
    previous = ch9.DATA_DIRECTORY
    ch9.DATA_DIRECTORY = None
    try:
        frame = ch9.events()
        needed = {ch9.WOODSIDE, ch9.GENEVA, *ch9.SIGNED}
        missing = sorted(needed - set(frame["id"]))
        assert not missing, f"events the chapter 9 exercises need are missing from data/events.csv: {missing}"
        assert passes(ch9.check_fewest_signatories(ch9.fewest_signatories()))
        assert passes(ch9.check_who_signed(ch9.who_signed()))
        assert passes(ch9.check_talks_gap(ch9.talks_gap()))
    finally:
        ch9.DATA_DIRECTORY = previous


def test_the_exercise_page_states_the_measures_the_check_classifies():
    """The table in exercise ex-ed-signals and ch9.MEASURES must not drift apart."""
    page = (ROOT / "exercises" / "09-easing-the-dilemma.md").read_text(encoding="utf-8")
    for key, measure in ch9.MEASURES.items():
        assert f"| {key} | {measure.text} |" in page, key
