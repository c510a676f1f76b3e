"""Exercise checks of chapter 8: the framing analysis's kappa is scikit-learn's, a malformed
coding is explained unit by unit, the adoption answers follow the model, the figures follow
the data, and nothing a student types makes a check raise."""

from __future__ import annotations

import csv
import math
import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from dilemma import adoption, data
from dilemma.checks import Feedback, ch8


def passes(feedback: Feedback) -> bool:
    return isinstance(feedback, Feedback) and bool(feedback) and feedback.message.strip() != ""


def fails_with(feedback: Feedback, words: str) -> bool:
    return isinstance(feedback, Feedback) and not feedback and words in feedback.message


def as_list(coding: dict[str, str]) -> list[str]:
    return [coding[unit] for unit in ch8.UNIT_IDS]


# --- The coding scheme and units are well formed ------------------------------------------------


def test_the_scheme_has_four_to_six_frames_each_with_rules():
    assert 4 <= len(ch8.FRAMES) <= 6
    assert len(set(ch8.FRAME_LABELS)) == len(ch8.FRAMES)
    for frame in ch8.FRAMES:
        assert frame.covers and frame.include and frame.exclude


def test_every_unit_has_a_source_a_paragraph_and_a_reference_frame():
    assert len(set(ch8.UNIT_IDS)) == len(ch8.UNITS) == len(ch8.REFERENCE) == 22
    assert set(ch8.REFERENCE) == set(ch8.SECOND_CODER) == set(ch8.UNIT_IDS)
    for unit in ch8.UNITS:
        assert unit.source in {"column", "foreign-affairs"}
        assert unit.paragraphs and all(part.isdigit() for part in unit.paragraphs.split("-"))
        assert len(unit.claim) <= 160
    assert set(ch8.REFERENCE.values()) == set(ch8.FRAME_LABELS)  # the reference uses every frame
    assert {unit.source for unit in ch8.UNITS} == {"column", "foreign-affairs"}


def test_the_tables_show_every_frame_and_unit():
    assert list(ch8.frames_table().index) == list(ch8.FRAME_LABELS)
    table = ch8.units_table()
    assert list(table.index) == list(ch8.UNIT_IDS)
    assert set(table["source"]) == {"Global Times column", "Foreign Affairs (summary)"}


# --- Kappa is scikit-learn's, and the hand calculation agrees with it ----------------------------


def test_kappa_is_scikit_learns_and_matches_the_hand_formula():
    reference, second = as_list(ch8.REFERENCE), as_list(ch8.SECOND_CODER)
    p_o = ch8.observed_agreement(ch8.REFERENCE, ch8.SECOND_CODER)
    p_e = ch8.chance_agreement(ch8.REFERENCE, ch8.SECOND_CODER)
    assert p_o == pytest.approx(17 / 22)
    # marginals: reference 5 governance, 6 rivalry, 6 market, 2 development, 3 security;
    # second coder 5, 4, 5, 5, 3
    assert p_e == pytest.approx((5 * 5 + 6 * 4 + 6 * 5 + 2 * 5 + 3 * 3) / 22**2)
    assert ch8.kappa(ch8.REFERENCE, ch8.SECOND_CODER) == pytest.approx(cohen_kappa_score(reference, second))
    assert ch8.kappa(ch8.REFERENCE, ch8.SECOND_CODER) == pytest.approx((p_o - p_e) / (1 - p_e))
    assert ch8.kappa(ch8.REFERENCE, ch8.REFERENCE) == pytest.approx(1.0)
    assert ch8.landis_koch(ch8.kappa(ch8.REFERENCE, ch8.SECOND_CODER)) == "substantial"


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (-0.1, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.21, "fair"),
        (0.4, "fair"),
        (0.41, "moderate"),
        (0.6, "moderate"),
        (0.61, "substantial"),
        (0.8, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
    ],
)
def test_landis_koch_bands(value, band):
    assert ch8.landis_koch(value) == band


def test_kappa_is_undefined_when_both_codings_use_one_frame():
    everything_market = ["market"] * 22
    with pytest.raises(ValueError, match="undefined"):
        ch8.kappa(everything_market, everything_market)
    assert fails_with(ch8.agreement(everything_market, everything_market), "undefined")


def test_kappa_can_be_negative_and_is_reported_as_poor():
    shifted = dict(
        zip(ch8.UNIT_IDS, [ch8.REFERENCE[u] for u in ch8.UNIT_IDS[1:]] + ["security"], strict=True)
    )
    value = ch8.kappa(ch8.REFERENCE, shifted)
    assert value == pytest.approx(cohen_kappa_score(as_list(ch8.REFERENCE), as_list(shifted)))
    if value < 0:
        assert "poor" in ch8.agreement(ch8.REFERENCE, shifted).message


# --- The framing checks ------------------------------------------------------------------------

RIGHT = [
    (ch8.check_observed, lambda: 17 / 22),
    (ch8.check_observed, lambda: 0.773),
    (ch8.check_chance, lambda: ch8.chance_agreement(ch8.REFERENCE, ch8.SECOND_CODER)),
    (ch8.check_kappa, lambda: cohen_kappa_score(as_list(ch8.REFERENCE), as_list(ch8.SECOND_CODER))),
    (ch8.check_kappa, lambda: np.float64(0.715)),
    (ch8.check_source_kinds, lambda: dict(ch8.SOURCE_KINDS)),
    (
        ch8.check_source_kinds,
        lambda: {**ch8.SOURCE_KINDS, "h": "Peer-reviewed scholarship", "a": "State-media"},
    ),
    (ch8.check_open_china_share, lambda: adoption.three_way_shares(**ch8.MARKET)["open_china"]),
    (ch8.check_peak_time, lambda: math.log(10) / 0.55),
    (ch8.check_peak_time, lambda: 4.19),
    (ch8.check_closed_before_twin, lambda: 1 / (1 + 10 ** (-100 / 400))),
    (ch8.check_closed_after_twin, lambda: 10**0.25 / (10**0.25 + 2)),
]


@pytest.mark.parametrize(("check", "answer"), RIGHT)
def test_the_right_answer_passes(check, answer):
    feedback = check(answer())
    assert passes(feedback), feedback
    assert feedback._repr_markdown_().startswith("**Correct.**")


def test_comparing_with_the_reference_reports_kappa_and_the_units_that_differ():
    same = ch8.compare_with_reference(dict(ch8.REFERENCE))
    assert passes(same) and "22 of 22" in same.message and "almost perfect" in same.message
    other = ch8.compare_with_reference(as_list(ch8.SECOND_CODER))
    assert passes(other)
    assert f"κ = {ch8.kappa(ch8.SECOND_CODER, ch8.REFERENCE):.2f}" in other.message
    for unit in ("gt-04", "gt-06", "fa-04", "fa-06", "fa-11"):
        assert unit in other.message
    assert "gt-01" not in other.message


def test_a_coding_may_be_a_series_or_use_other_spellings():
    series = pd.Series(ch8.REFERENCE)
    assert passes(ch8.compare_with_reference(series))
    assert passes(ch8.compare_with_reference(pd.Series(as_list(ch8.REFERENCE))))
    renamed = {unit.upper().replace("-", ""): frame for unit, frame in ch8.REFERENCE.items()}
    assert passes(ch8.compare_with_reference(renamed))
    spelled = {unit: {"security": "Security threat", "rivalry": "Geopolitical rivalry"}.get(f, f)
               for unit, f in ch8.REFERENCE.items()}  # fmt: skip
    assert "22 of 22" in ch8.compare_with_reference(spelled).message
    assert passes(ch8.agreement(ch8.REFERENCE, tuple(as_list(ch8.SECOND_CODER))))


BAD_CODINGS = [
    (lambda: as_list(ch8.REFERENCE)[:21], "has 21 labels, but there are 22 units"),
    (lambda: [*as_list(ch8.REFERENCE), "market"], "has 23 labels"),
    (lambda: {**ch8.REFERENCE, "fa-06": "securty"}, "unit fa-06 the frame 'securty'"),
    (lambda: {**ch8.REFERENCE, "gt-03": 3}, "unit gt-03 the value 3"),
    (
        lambda: {k: v for k, v in ch8.REFERENCE.items() if k != "fa-12"},
        "no frame for 1 of the 22 units (fa-12)",
    ),
    (lambda: {**ch8.REFERENCE, "gt-11": "market"}, "'gt-11' that is not a coding unit"),
    (lambda: {**ch8.REFERENCE, "GT01": "market"}, "codes unit gt-01 twice"),
    (lambda: "governance, rivalry", "dictionary from unit id to frame"),
    (lambda: 0.7, "it is a float"),
    (lambda: None, "No answer yet"),
]


@pytest.mark.parametrize(("coding", "says"), BAD_CODINGS)
def test_a_malformed_coding_is_explained_by_unit(coding, says):
    assert fails_with(ch8.compare_with_reference(coding()), says), ch8.compare_with_reference(coding())
    with pytest.raises(ValueError):
        ch8.kappa(coding(), ch8.REFERENCE)


def test_a_malformed_partner_coding_is_named_as_the_partners():
    feedback = ch8.agreement(ch8.REFERENCE, {**ch8.REFERENCE, "fa-02": "economy"})
    assert fails_with(feedback, "Your partner's coding gives unit fa-02")


WRONG = [
    (ch8.check_observed, lambda: 17, "divide by the 22 units"),
    (ch8.check_observed, lambda: 5 / 22, "disagree"),
    (ch8.check_observed, lambda: 0.5, "Count the units"),
    (ch8.check_chance, lambda: 0.5, "multiply the share"),
    (ch8.check_kappa, lambda: 17 / 22, "observed agreement p_o"),
    (
        ch8.check_kappa,
        lambda: (
            ch8.observed_agreement(ch8.REFERENCE, ch8.SECOND_CODER)
            - ch8.chance_agreement(ch8.REFERENCE, ch8.SECOND_CODER)
        ),
        "divide by 1 − p_e",
    ),
    (ch8.check_kappa, lambda: ch8.chance_agreement(ch8.REFERENCE, ch8.SECOND_CODER), "chance agreement p_e"),
    (ch8.check_kappa, lambda: 71.5, "must lie between -1 and 1"),
    (ch8.check_kappa, lambda: "0.715", "remove the quotation marks"),
    (ch8.check_source_kinds, lambda: {**ch8.SOURCE_KINDS, "c": "opinion"}, "too broad"),
    (ch8.check_source_kinds, lambda: {**ch8.SOURCE_KINDS, "g": "scholarship"}, "1 of 10 is wrong (g)"),
    (ch8.check_source_kinds, lambda: {**ch8.SOURCE_KINDS, "e": "senate"}, "Use one of the labels"),
    (ch8.check_source_kinds, lambda: ["state media"], "as a dictionary"),
    (
        ch8.check_open_china_share,
        lambda: adoption.three_way_shares(**ch8.MARKET)["open_us"],
        "US open model's",
    ),
    (ch8.check_open_china_share, lambda: adoption.three_way_shares(**ch8.MARKET)["closed_us"], "closed US"),
    (
        ch8.check_open_china_share,
        lambda: adoption.three_way_shares(**{**ch8.MARKET, "friction_china": 0.0})["open_china"],
        "frictions",
    ),
    (ch8.check_open_china_share, lambda: 0.5, "logit formula"),
    (ch8.check_peak_time, lambda: math.log10(10) / 0.55, "natural logarithm"),
    (ch8.check_peak_time, lambda: math.log(10) / 0.45, "p + q, not q − p"),
    (ch8.check_peak_time, lambda: -math.log(10) / 0.55, "ln(q/p), not ln(p/q)"),
    (ch8.check_peak_time, lambda: 0.45, "share adopted at the peak"),
    (ch8.check_peak_time, lambda: 6.19, "bass_peak_time"),
    (ch8.check_closed_before_twin, lambda: ch8.twin_shares()[1], "after the twin arrives"),
    (ch8.check_closed_after_twin, lambda: ch8.twin_shares()[0], "before the twin arrives"),
    (ch8.check_closed_after_twin, lambda: 1 - ch8.twin_shares()[1], "combined share"),
    (ch8.check_closed_after_twin, lambda: 1 / 3, "sum of e^U"),
]


@pytest.mark.parametrize(("check", "answer", "says"), WRONG)
def test_a_typical_wrong_answer_gets_its_hint(check, answer, says):
    feedback = check(answer())
    assert fails_with(feedback, says), feedback


def test_the_adoption_answers_follow_the_model():
    assert ch8.market_share("open_china") == pytest.approx(
        adoption.three_way_shares(**ch8.MARKET)["open_china"]
    )
    # identical open offerings apart from frictions: odds ratio e^friction
    shares = adoption.three_way_shares(**ch8.MARKET)
    assert shares["open_us"] / shares["open_china"] == pytest.approx(math.exp(ch8.MARKET["friction_china"]))
    assert ch8.peak_time() == pytest.approx(math.log(ch8.PACE["q"] / ch8.PACE["p"]) / sum(ch8.PACE.values()))
    before, after = ch8.twin_shares()
    # a 100-point Arena lead is preferred in 1/(1 + 10^(-1/4)) of votes; the twin takes from both
    assert before == pytest.approx(1 / (1 + 10 ** (-0.25)))
    assert after == pytest.approx(10**0.25 / (10**0.25 + 2))
    assert after < before


# --- The figures follow the dataset --------------------------------------------------------------


def seed_users(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame[(frame["series"] == ch8.USERS_SERIES) & (frame["seed"] == ch8.SEED)]
    return rows.sort_values("as_of")


def test_the_figures_answers_are_the_datasets():
    frame = data.indicators()
    rows = seed_users(frame)
    if len(rows) < 2:
        pytest.skip("the dataset has fewer than two seed-quoted user rows")
    assert ch8.seed_growth() == pytest.approx(rows["seed_value"].iloc[-1] / rows["seed_value"].iloc[0])
    assert ch8.value_growth() == pytest.approx(rows["value"].iloc[-1] / rows["value"].iloc[0])
    quoted = frame[frame["seed"].notna()]
    gaps = {row.id: row.seed_value / row.value - 1 for row in quoted.itertuples() if row.value != 0}
    assert abs(ch8.largest_gap()[1]) == pytest.approx(max(abs(g) for g in gaps.values()))
    assert passes(ch8.check_largest_gap_id(ch8.largest_gap()[0]))
    assert passes(ch8.check_largest_gap(ch8.largest_gap()[1]))
    assert passes(ch8.check_seed_growth(ch8.seed_growth()))
    assert passes(ch8.check_value_growth(ch8.value_growth()))


FIELDS = [
    "id", "topic", "series", "measure", "subject", "value", "unit", "as_of", "publisher", "source_kind",
    "seed", "seed_value", "source_url", "source_title", "note",
]  # fmt: skip


def _row(ident: str, series: str, value: str, as_of: str, seed: str = "", seed_value: str = "") -> dict:
    topic = "derivatives" if "derivatives" in series else "adoption"
    unit = "models" if topic == "derivatives" else "users"
    return {
        "id": ident, "topic": topic, "series": series, "measure": f"test measure of {series}", "subject": "",
        "value": value, "unit": unit, "as_of": as_of, "publisher": "Test tracker", "source_kind": "tracker",
        "seed": seed, "seed_value": seed_value, "source_url": "https://example.org/x", "source_title": "Test",
        "note": "",
    }  # fmt: skip


@pytest.fixture
def figures_copy(tmp_path, monkeypatch):
    """A private data folder whose indicators.csv holds a few made-up rows; the checks read it."""
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder)
    rows = [
        _row("users-jan", "deepseek-users", "40", "2025-01-01", "foreign-affairs", "30"),
        _row("users-apr", "deepseek-users", "100", "2025-04-01", "foreign-affairs", "90"),
        _row("r1-derivs", "r1-derivatives", "400", "2025-01-27", "foreign-affairs", "500"),
        _row("other-row", "qwen-derivatives", "10", "2025-01-27"),
    ]
    with open(folder / "indicators.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(ch8, "DATA_DIRECTORY", folder)
    return folder


def test_the_figures_checks_follow_a_changed_dataset(figures_copy):
    assert ch8.seed_growth() == pytest.approx(3.0)
    assert ch8.value_growth() == pytest.approx(2.5)
    # users-jan −0.25 and r1-derivs +0.25 tie in size: the first id in alphabetical order wins
    assert ch8.largest_gap() == ("r1-derivs", pytest.approx(0.25))
    assert passes(ch8.check_seed_growth(3))
    assert fails_with(ch8.check_seed_growth(2.5), "'value' column")
    assert fails_with(ch8.check_seed_growth(1 / 3), "upside down")
    assert fails_with(ch8.check_seed_growth(200), "percentage increase")
    assert passes(ch8.check_value_growth(2.5))
    assert "Test tracker" in ch8.check_value_growth(2.5).message
    assert fails_with(ch8.check_largest_gap_id("deepseek-users"), "is a series")
    assert fails_with(ch8.check_largest_gap_id("other-row"), "not quoted by any seed")
    assert fails_with(ch8.check_largest_gap_id("nowhere"), "no row 'nowhere'")
    assert fails_with(ch8.check_largest_gap_id(7), "as text")
    assert fails_with(ch8.check_largest_gap(25), "percentage")
    assert fails_with(ch8.check_largest_gap(1.25), "subtract 1")
    assert fails_with(ch8.check_largest_gap_id("users-jan"), "another row's is larger")


def test_a_corrected_row_changes_the_expected_answer(figures_copy):
    table = pd.read_csv(figures_copy / "indicators.csv", dtype=str, keep_default_na=False)
    table.loc[table["id"] == "users-jan", "value"] = "60"  # gap −0.5 is now the largest
    table.to_csv(figures_copy / "indicators.csv", index=False)
    assert ch8.largest_gap() == ("users-jan", pytest.approx(-0.5))
    assert passes(ch8.check_largest_gap_id("users-jan"))
    assert fails_with(ch8.check_largest_gap_id("r1-derivs"), "another row's is larger")
    assert ch8.value_growth() == pytest.approx(100 / 60)


def test_missing_rows_or_a_missing_dataset_are_explained(tmp_path, monkeypatch, figures_copy):
    table = pd.read_csv(figures_copy / "indicators.csv", dtype=str, keep_default_na=False)
    table[table["id"] != "users-apr"].to_csv(figures_copy / "indicators.csv", index=False)
    assert fails_with(ch8.check_seed_growth(3), "fewer than two rows")
    assert fails_with(ch8.check_value_growth(3), "fewer than two rows")
    monkeypatch.setattr(ch8, "DATA_DIRECTORY", tmp_path / "nowhere")
    for check in (
        ch8.check_seed_growth,
        ch8.check_value_growth,
        ch8.check_largest_gap_id,
        ch8.check_largest_gap,
    ):
        assert fails_with(check(3), "could not be loaded")


# --- Nothing makes a check raise ---------------------------------------------------------------

NUMBER_CHECKS = [
    ch8.check_observed,
    ch8.check_chance,
    ch8.check_kappa,
    ch8.check_open_china_share,
    ch8.check_peak_time,
    ch8.check_closed_before_twin,
    ch8.check_closed_after_twin,
    ch8.check_seed_growth,
    ch8.check_value_growth,
    ch8.check_largest_gap,
]
ALL_CHECKS = [*NUMBER_CHECKS, ch8.check_largest_gap_id, ch8.check_source_kinds, ch8.compare_with_reference]


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_no_answer_yet(check):
    assert fails_with(check(None), "No answer yet")


labels = st.sampled_from([*ch8.FRAME_LABELS, "Security threat", "SECURITY", "", "other", "markets"])
codings = st.one_of(
    st.lists(labels, min_size=0, max_size=25),
    st.dictionaries(st.sampled_from([*ch8.UNIT_IDS, "gt-11", "GT1", "fa_03", "x"]), labels, max_size=25),
    st.lists(st.one_of(labels, st.integers(), st.none(), st.floats()), min_size=22, max_size=22),
    st.fixed_dictionaries({u: labels for u in ch8.UNIT_IDS}),
)
anything = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.lists(st.floats(), max_size=3), st.tuples(st.floats(), st.floats()),
    st.dictionaries(st.text(max_size=8), st.text(max_size=12), max_size=5),
    st.complex_numbers(), st.fractions(), st.decimals(), codings,
)  # fmt: skip


@settings(deadline=None)
@given(anything)
def test_no_answer_makes_any_check_raise(answer):
    for check in ALL_CHECKS:
        feedback = check(answer)
        assert isinstance(feedback, Feedback)
        assert feedback.message.strip()


@settings(deadline=None, max_examples=200)
@given(codings, codings)
def test_no_pair_of_codings_makes_agreement_raise_and_valid_ones_match_sklearn(first, second):
    feedback = ch8.agreement(first, second)
    assert isinstance(feedback, Feedback) and feedback.message.strip()
    a, b = ch8.read_coding(first), ch8.read_coding(second)
    if isinstance(a, dict) and isinstance(b, dict):
        if ch8.chance_agreement(a, b) < 1:
            value = cohen_kappa_score(as_list(a), as_list(b), labels=list(ch8.FRAME_LABELS))
            assert passes(feedback)
            assert f"κ = {value:.2f}" in feedback.message
            assert -1 <= ch8.kappa(a, b) <= 1
        else:
            assert fails_with(feedback, "undefined")
    else:
        assert not feedback


@settings(deadline=None)
@given(st.floats(min_value=-2, max_value=2, allow_nan=False))
def test_near_misses_never_pass_far_from_the_answer(value):
    for check, right in [
        (ch8.check_kappa, ch8.kappa(ch8.REFERENCE, ch8.SECOND_CODER)),
        (ch8.check_observed, ch8.observed_agreement(ch8.REFERENCE, ch8.SECOND_CODER)),
        (ch8.check_open_china_share, ch8.market_share("open_china")),
        (ch8.check_closed_after_twin, ch8.twin_shares()[1]),
    ]:
        feedback = check(value)
        assert isinstance(feedback, Feedback)
        if abs(value - right) > 0.006:
            assert not feedback


def test_the_checks_module_loads_without_the_dataset_or_scikit_learn():
    """`from dilemma.checks import ch8` must stay quick: data and scikit-learn load on first use."""
    import subprocess
    import sys

    code = (
        "import sys; from dilemma.checks import ch8; "
        "print('dilemma.data' in sys.modules, 'sklearn' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"
