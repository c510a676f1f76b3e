"""Checks of the capstone exercise, "Capstone: your own scenario".

A valid scenario passes each of the four steps; each typical mistake gets the
sentence written for it (a pre-2025 event its date, an unknown id the nearest ids,
an out-of-range value its parameter and range, a justification its missing
citation, a memo what it lacks); the models' ranges are the explorers' own
declarations and the results the models' own outputs; and nothing a student types
makes a check raise.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dilemma import adoption, explorers, race, worlds
from dilemma.checks import Feedback, capstone

ROOT = Path(__file__).resolve().parents[1]

CITED = "as the source explains in detail {cite:p}`bjpir2025chatgpt`."
"""The end of a justification that cites a key the book's bibliography holds."""

PLACEMENT = {
    "offence": 0.8,
    "distinguishability": 0.2,
    "fear": 0.6,
    "justification": (
        "Generative AI is read as making influence and cyber operations fast and cheap, one model serves "
        "civilian and military ends so that releases say little about intent, and fear is mirrored on both "
        "sides, " + CITED
    ),
}

MODELS = {
    "race": {
        "teams": (2, "The United States and China as the two racing teams, " + CITED),
        "enmity": (0.9, "Each side treats the other's success as a serious loss, " + CITED),
        "mu": (3, "A teaching assumption: skill matters more than daring {cite:p}`armstrong2016racing`."),
    },
    "adoption": {
        "price_gap": (4.77, "Launch prices blended three to one, https://platform.openai.com/docs/pricing"),
        "capability_gap": (22, "The Arena gap of February 2025 in points {cite:p}`hai2025aiindex`."),
        "openness": (1.0, "The MIT licence lets developers host the weights deepseek2025r1 themselves."),
        "friction_china": (1.5, "Regulators restricted the app in several countries, " + CITED),
    },
}


def passes(feedback: Feedback) -> bool:
    return isinstance(feedback, Feedback) and bool(feedback) and feedback.message.strip() != ""


def fails_with(feedback: Feedback, *words: str) -> bool:
    return isinstance(feedback, Feedback) and not feedback and all(w in feedback.message for w in words)


def memo(words: int = 700, **replace: str) -> str:
    """A memo of about ``words`` words naming the event, world and both models, with two citations."""
    parts = {
        "to": "To: Ministry of Foreign Affairs, Federative Republic of Brazil\n",
        "event": "The release of DeepSeek-R1 (deepseek-r1) changed the race. ",
        "world": "On Jervis's map the rivalry sits in the doubly dangerous world. ",
        "race": "The race model of Armstrong, Bostrom and Shulman shows the curse of information. ",
        "adoption": "The adoption model gives most developers to open weights. ",
        "sides": "China and the United States read the event differently. ",
        "cites": "See {cite:p}`bjpir2025chatgpt` and https://example.org/report for the evidence. ",
    }
    parts.update(replace)
    text = "".join(parts.values())
    filler = max(0, words - capstone.word_count(text))
    return text + " ".join(["analysis"] * filler)


# --- Step 1: the event ----------------------------------------------------------------------------


def test_an_event_of_2025_passes_with_its_date_actor_label_and_source():
    feedback = capstone.check_event("deepseek-r1")
    assert passes(feedback), feedback
    row = capstone.events().set_index("id").loc["deepseek-r1"]
    for text in ("20 January 2025", row["actor"], row["label"], row["source_title"], row["source_url"]):
        assert text in feedback.message


def test_case_and_spaces_around_an_id_do_not_matter():
    assert passes(capstone.check_event("  DeepSeek-R1 "))


def test_an_event_before_2025_is_refused_with_its_date():
    assert fails_with(capstone.check_event("chatgpt-release"), "30 November 2022", "before 1 January 2025")


def test_an_unknown_id_gets_the_nearest_ids():
    feedback = capstone.check_event("deepseek-r2")
    assert fails_with(feedback, "no event with the id", '"deepseek-r1"')


def test_a_label_is_answered_with_its_id():
    assert fails_with(capstone.check_event("DeepSeek-R1 released"), 'give its id, "deepseek-r1"')


def test_the_events_offered_are_those_of_2025_and_later():
    recent = capstone.recent_events()
    everything = capstone.events()
    assert (recent["date"] >= capstone.EARLIEST).all()
    assert len(recent) == int((everything["date"] >= capstone.EARLIEST).sum()) > 0
    for event in recent["id"]:
        assert passes(capstone.check_event(event)), event


def _dataset_with(directory: Path, *rows: dict[str, str]) -> Path:
    """A copy of the book's events file with ``rows`` added, as an instructor would add them."""
    shutil.copy(ROOT / "data" / "datapackage.json", directory / "datapackage.json")
    shutil.copy(ROOT / "data" / "events.csv", directory / "events.csv")
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in descriptor["resources"] if r["name"] == "events")["schema"]["fields"]
    with open(directory / "events.csv", "a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[field["name"] for field in fields])
        for row in rows:
            writer.writerow({**dict.fromkeys(writer.fieldnames, ""), **row})
    return directory


def _row(event: str, date: str) -> dict[str, str]:
    return {
        "id": event,
        "date": date,
        "label": f"Test event {event}",
        "actor": "Test ministry",
        "country": "International",
        "category": "governance",
        "event": "An event added for the test.",
        "source_url": f"https://example.org/{event}",
        "source_title": f"Test source for {event}",
    }


def test_a_row_added_for_2026_is_accepted_at_once(tmp_path, monkeypatch):
    directory = _dataset_with(
        tmp_path, _row("test-summit-2026", "2026-02-20"), _row("test-eve", "2024-12-31")
    )
    monkeypatch.setattr(capstone, "DATA_DIRECTORY", directory)
    assert passes(capstone.check_event("test-summit-2026"))
    assert "test-summit-2026" in set(capstone.recent_events()["id"])
    assert fails_with(capstone.check_event("test-eve"), "31 December 2024")


def test_a_missing_dataset_is_explained(tmp_path, monkeypatch):
    monkeypatch.setattr(capstone, "DATA_DIRECTORY", tmp_path)
    assert fails_with(capstone.check_event("deepseek-r1"), "could not be loaded")


# --- Step 2: the placement ------------------------------------------------------------------------


def test_a_valid_placement_reports_the_world_the_game_and_the_decision():
    feedback = capstone.check_placement(PLACEMENT)
    assert passes(feedback), feedback
    a = worlds.assess(0.8, 0.2, 0.6)
    for text in (a.world, a.game, f"{a.intensity:.0%}", f"would {a.decision}", "not rational"):
        assert text in feedback.message


def test_restraint_is_reported_as_rational_where_it_is():
    feedback = capstone.check_placement({**PLACEMENT, "offence": 0.3, "distinguishability": 0.8, "fear": 0.2})
    assert passes(feedback)
    assert "restraint is rational" in feedback.message


def test_greek_names_numpy_numbers_and_american_spelling_are_accepted():
    answer = {"omega": np.float64(0.8), "δ": 0.2, "phi": np.float32(0.6), "why": PLACEMENT["justification"]}
    assert passes(capstone.check_placement(answer))
    assert passes(capstone.check_placement({**PLACEMENT, "offense": PLACEMENT["offence"]} | {"offence": 0.8}))


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("fear", 1.5, "Fear φ (`fear`) = 1.5 is outside the allowed range 0 to 1"),
        ("offence", -0.1, "Offence advantage ω (`offence`) = -0.1 is outside"),
        ("distinguishability", 40, "looks like a percentage"),
        ("fear", "0.6", "remove the quotation marks"),
        ("fear", "high", "not the text 'high'"),
        ("offence", [0.8], "should be a number"),
        ("offence", float("nan"), "not a finite number"),
        ("fear", None, "Fear φ (`fear`) is still `None`"),
    ],
)
def test_a_bad_value_is_named(key, value, says):
    assert fails_with(capstone.check_placement({**PLACEMENT, key: value}), says)


def test_a_justification_without_a_citation_is_flagged_but_the_point_is_still_assessed():
    words = "Generative AI makes influence operations cheap and one model serves every end " * 3
    feedback = capstone.check_placement({**PLACEMENT, "justification": words})
    assert fails_with(feedback, "cites nothing", "doubly dangerous")


def test_a_citation_to_a_key_not_in_the_bibliography_is_flagged():
    text = PLACEMENT["justification"].replace("bjpir2025chatgpt", "zeng2099unknown")
    assert fails_with(capstone.check_placement({**PLACEMENT, "justification": text}), "`zeng2099unknown`")


def test_a_one_line_justification_is_too_short():
    short = {**PLACEMENT, "justification": "Zeng says so {cite:p}`bjpir2025chatgpt`."}
    assert fails_with(capstone.check_placement(short), "at least 30 words")


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (None, "No answer yet"),
        (dict.fromkeys(capstone.PLACEMENT_KEYS), "No answer yet"),
        ((0.8, 0.2, 0.6), "as a dictionary"),
        ({"offence": 0.8, "distinguishability": 0.2, "fear": 0.6}, "has no justification"),
        ({**PLACEMENT, "distinguish": 0.2}, "did you mean `distinguishability`"),
        ({**PLACEMENT, "justification": 42}, "as text"),
    ],
)
def test_a_malformed_placement_gets_a_sentence(answer, says):
    assert fails_with(capstone.check_placement(answer), says)


def test_citations_are_keys_in_roles_bare_keys_and_web_addresses():
    found = capstone.citations(
        "Jervis (jervis1978) and {cite:p}`bjpir2025chatgpt,nobody2000` and https://example.org/a."
    )
    assert found.keys == ("bjpir2025chatgpt", "jervis1978")
    assert found.urls == ("https://example.org/a",)
    assert found.unknown == ("nobody2000",)
    assert found.count == 3
    assert capstone.citations("no sources here").count == 0


def test_the_map_shows_the_point_with_a_title_axes_a_description_and_little_data():
    spec = capstone.map_chart(PLACEMENT, "deepseek-r1").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert spec["title"]["text"] == "Your scenario on Jervis's four worlds"
    assert "DeepSeek-R1 released" in text and "doubly dangerous" in spec["description"]
    assert "Offence advantage ω" in text and "Distinguishability δ" in text
    assert len(text) < 30_000
    empty = capstone.map_chart(None, None).to_dict()
    assert "No placement yet" in json.dumps(empty["title"])
    assert "DeepSeek" not in json.dumps(empty)


def test_the_map_is_shaded_by_the_four_worlds_model_at_the_students_fear():
    spec = capstone.map_chart({**PLACEMENT, "fear": 0.1}).to_dict()
    cells = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "rect")
    table = spec["datasets"][cells["data"]["name"]]
    expected = worlds.four_worlds(0.1)
    assert table.count("\n") == len(expected) + 1
    assert table.count(",arm\n") == int((expected["decision"] == "arm").sum())


# --- Step 3: two models ---------------------------------------------------------------------------


def test_the_parameters_and_ranges_are_the_explorers_own():
    table = capstone.model_parameters()
    for name, model in capstone.MODELS.items():
        explorer = getattr(explorers, model.factory)()
        rows = table[table["model"] == name]
        assert list(rows["parameter"]) == [p.name for p in explorer.params]
        assert list(rows["min"]) == [p.min for p in explorer.params]
        assert list(rows["max"]) == [p.max for p in explorer.params]
        assert list(rows["default"]) == [p.default for p in explorer.params]
        assert list(rows["required"]) == [p.in_model for p in explorer.params]


def test_a_valid_choice_passes_and_reports_what_the_models_compute():
    feedback = capstone.check_models(MODELS)
    assert passes(feedback), feedback
    assert "Racing to the precipice" in feedback.message and "Who adopts whose models" in feedback.message


def test_the_results_are_the_models_own_outputs():
    table = capstone.results(MODELS).set_index(["model", "quantity"])["value"]
    for regime, risk in race.disasters(teams=2, enmity=0.9, ratio=3.0).items():
        label = race.REGIME_LABELS[regime]
        assert table[("race", f"Probability of an AI disaster, {label}")] == pytest.approx(risk)
    shares = adoption.explorer_shares(4.77, 22, 1.0, 1.5)
    for key, label in adoption.OFFERING_LABELS.items():
        assert table[("adoption", f"Share of developers, {label}")] == pytest.approx(shares[key].iloc[0])


def test_a_view_parameter_left_out_keeps_the_explorers_default():
    without_mu = {**MODELS, "race": {k: v for k, v in MODELS["race"].items() if k != "mu"}}
    feedback = capstone.check_models(without_mu)
    assert passes(feedback)
    assert f"`mu` = {explorers.RACE_RATIO.default:g}" in feedback.message


TEAMS = "`teams` (Number of teams n) = 12 is outside the allowed range 2 to 10"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"teams": (12, "Many labs " + CITED)}, TEAMS),
        ({"enmity": (0.05, "Little enmity " + CITED)}, "= 0.05 is outside the allowed range 0.1 to 1"),
        ({"teams": (2.5, "Two and a half " + CITED)}, "2.5 is not a whole number"),
        ({"enmity": ("high", "Much enmity " + CITED)}, "not the text 'high'"),
    ],
)
def test_an_out_of_range_parameter_is_named_with_its_value_and_range(change, says):
    answer = {**MODELS, "race": {**MODELS["race"], **change}}
    assert fails_with(capstone.check_models(answer), says)


@pytest.mark.parametrize(("wrong", "right"), [("enmty", "enmity"), ("ratio", "mu"), ("team", "teams")])
def test_an_unknown_parameter_gets_the_closest_name(wrong, right):
    race_params = {**MODELS["race"], wrong: (1.0, "A value " + CITED)}
    assert fails_with(capstone.check_models({**MODELS, "race": race_params}), f"did you mean `{right}`")


def test_a_missing_parameter_is_named_with_its_range_and_default():
    answer = {**MODELS, "adoption": {k: v for k, v in MODELS["adoption"].items() if k != "openness"}}
    assert fails_with(capstone.check_models(answer), "adoption: set `openness`", "0 to 3", "default is 1")


def test_a_parameter_justification_without_a_citation_is_flagged():
    answer = {**MODELS, "race": {**MODELS["race"], "enmity": (0.9, "Each side fears the other very much.")}}
    assert fails_with(capstone.check_models(answer), "The justification of race `enmity` cites nothing")


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (None, "No answer yet"),
        ([("race", {})], "as a dictionary"),
        ({"race": MODELS["race"]}, "exactly two models; your dictionary has 1"),
        ({**MODELS, "spiral": {}}, "exactly two models; your dictionary has 3"),
        ({"race": MODELS["race"], "Race": MODELS["race"]}, "choose two different models"),
        ({"four_worlds": {}, "race": MODELS["race"]}, "step 2's model"),
        ({"adoptin": {}, "race": MODELS["race"]}, "did you mean `adoption`"),
        ({**MODELS, "race": 0.9}, "as a dictionary of (value, justification) pairs"),
        ({**MODELS, "race": {**MODELS["race"], "enmity": 0.9}}, "give a pair (value, justification)"),
        ({**MODELS, "race": {**MODELS["race"], "enmity": (0.9, "")}}, "has no justification"),
        ({**MODELS, "race": {**MODELS["race"], "enmity": (0.9, "jervis1978")}}, "too short"),
    ],
)
def test_a_malformed_choice_gets_a_sentence(answer, says):
    assert fails_with(capstone.check_models(answer), says)


def test_a_model_may_be_named_by_its_title_and_a_parameter_given_as_a_dictionary():
    answer = {
        "Racing to the precipice": MODELS["race"],
        "adoption": {k: {"value": v, "justification": why} for k, (v, why) in MODELS["adoption"].items()},
    }
    assert passes(capstone.check_models(answer))


def _in_range(draw, p) -> float:
    if capstone._is_whole(p):
        return float(draw(st.integers(int(p.min), int(p.max))))
    return draw(st.floats(float(p.min), float(p.max), allow_nan=False))


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([name for name in capstone.MODELS if name != "race"]), st.data())
def test_every_model_runs_anywhere_in_its_declared_range(name, data):
    values = {p.name: (_in_range(data.draw, p), "A value " + CITED) for p in capstone.MODELS[name].params}
    answer = {name: values, "race": MODELS["race"]}
    feedback = capstone.check_models(answer)
    assert passes(feedback), feedback
    table = capstone.results(answer)
    assert np.isfinite(table["value"]).all()


# --- Step 4: the memo -----------------------------------------------------------------------------


def test_the_word_count_leaves_out_citations_and_web_addresses():
    text = "To: the minister. Dual-use AI, 0.8 and the state's view {cite:p}`jervis1978` https://x.org/a"
    assert capstone.word_count(text) == 10  # To the minister Dual-use AI 0.8 and the state's view


def test_a_memo_with_everything_passes_and_says_what_it_cannot_judge():
    feedback = capstone.check_memo(memo(700), "deepseek-r1", PLACEMENT, MODELS)
    assert passes(feedback), feedback
    assert "cannot judge" in feedback.message and "700 words" in feedback.message


def test_the_event_may_be_named_by_its_label():
    text = memo(700, event="The release (DeepSeek-R1 released, as the data label it) changed the race. ")
    text = text.replace("deepseek-r1", "")
    assert passes(capstone.check_memo(text, "deepseek-r1", PLACEMENT, MODELS))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (memo(400), "fewer than 600"),
        (memo(1000), "more than 900"),
        (memo(700, to="Dear Minister,\n"), '"To:" line'),
        (memo(700, event="An event changed things. "), 'does not name the event ("deepseek-r1"'),
        (memo(700, world="The rivalry is tense. "), "does not name the world of your placement"),
        (memo(700, race="A formal model shows the curse of information. "), "does not name the race model"),
        (memo(700, adoption="Developers like open weights. "), "does not name the adoption model"),
        (memo(700, cites="See {cite:p}`bjpir2025chatgpt`. "), "cites 1 source; cite at least 2"),
        (memo(700, cites="See {cite:p}`jervis1978,made2099up` now. "), "`made2099up`, not in references.bib"),
    ],
)
def test_a_memo_gets_feedback_on_what_is_missing(text, says):
    assert fails_with(capstone.check_memo(text, "deepseek-r1", PLACEMENT, MODELS), says)


def test_a_memo_before_the_earlier_steps_are_done_says_so():
    feedback = capstone.check_memo(memo(700), None, PLACEMENT, None)
    assert fails_with(feedback, "Steps 1 and 3 are not finished yet")


def test_a_memo_that_leaves_out_one_side_passes_with_a_reminder():
    text = memo(700, sides="Third countries read it their own way. ").replace("China", "")
    feedback = capstone.check_memo(text, "deepseek-r1", PLACEMENT, MODELS)
    assert passes(feedback) and "never mentions a Chinese" in feedback.message


@pytest.mark.parametrize(
    ("answer", "says"), [(None, "No answer yet"), ("  ", "empty"), (["a memo"], "as text")]
)
def test_a_missing_memo_gets_a_sentence(answer, says):
    assert fails_with(capstone.check_memo(answer, "deepseek-r1", PLACEMENT, MODELS), says)


# --- The hand-in ----------------------------------------------------------------------------------


def test_the_summary_gathers_a_whole_scenario():
    table = capstone.summary("deepseek-r1", PLACEMENT, MODELS, memo(700))
    assert list(table.columns) == ["step", "item", "answer", "check"]
    assert set(table["step"]) == {"1", "2", "3", "4"}
    assert (table.loc[table["check"] != "", "check"] == "passes").all()
    assert table["answer"].str.contains("probability of an AI disaster").any()


def test_the_starter_answers_give_a_summary_of_no_answers():
    table = capstone.summary(None, dict.fromkeys(capstone.PLACEMENT_KEYS), None, None)
    assert len(table) == 4
    assert table["check"].str.contains("No answer yet").all()


# --- Nothing makes a check raise ------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30), st.complex_numbers(),
    st.fractions(), st.decimals(), st.sampled_from(["deepseek-r1", "chatgpt-release", "0.5", "jervis1978"]),
)  # fmt: skip
entries = st.one_of(
    scalars,
    st.tuples(scalars, scalars),
    st.tuples(st.floats(-5, 15), st.sampled_from(["", "A value " + CITED, "why", None])),
    st.lists(scalars, max_size=3),
    st.dictionaries(st.sampled_from(["value", "justification", "x"]), scalars, max_size=3),
)
parameters = st.sampled_from(
    [p.name for model in capstone.MODELS.values() for p in model.params] + ["ratio", "", "x"]
)
anything = st.one_of(
    scalars,
    st.lists(scalars, max_size=4),
    st.dictionaries(st.sampled_from([*capstone.PLACEMENT_KEYS, "omega", "phi", 3, "x"]), scalars, max_size=5),
    st.dictionaries(
        st.sampled_from([*capstone.MODELS, "four_worlds", "Race", "x", 1]),
        st.one_of(scalars, st.dictionaries(parameters, entries, max_size=5)),
        max_size=3,
    ),
)


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def test_no_answer_makes_a_check_raise(answer):
    for feedback in (
        capstone.check_event(answer),
        capstone.check_placement(answer),
        capstone.check_models(answer),
        capstone.check_memo(answer, answer, answer, answer),
        capstone.check_memo(memo(650), answer, answer, answer),
    ):
        assert isinstance(feedback, Feedback)
        assert feedback.message.strip()
        assert "unexpectedly" not in feedback.message


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(anything, anything)
def test_the_summary_and_the_map_never_raise(first, second):
    table = capstone.summary(first, second, first, second)
    assert list(table.columns) == ["step", "item", "answer", "check"]
    assert "Error" not in set(table["item"])
    assert capstone.map_chart(first, second).to_dict()["title"]


@given(st.text(max_size=200))
def test_counting_words_and_citations_never_raises(text):
    assert capstone.word_count(text) >= 0
    assert capstone.citations(text).count >= 0
