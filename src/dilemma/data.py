"""The book's datasets: one loader that validates and returns typed DataFrames.

Every dataset is a CSV in ``data/`` described by ``data/datapackage.json`` (a
Frictionless Data Package). :func:`load` validates a resource against that
description with the ``frictionless`` library, then applies the cross-row rules a
schema cannot state (a reaction must answer an earlier event that exists; a
figure needs its unit; a link needs the source that makes it). Any failure
raises :class:`DataError` naming the file, the row and the column, so a
malformed row is found at once instead of surfacing later as a silent NaN.

Row numbers are those of a spreadsheet: the header is row 1, the first event
row 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
"""The repository's ``data/`` folder (the package is installed in place, ``-e .``)."""

PACKAGE = "datapackage.json"

CATEGORIES: dict[str, str] = {
    "release": "a model or product release",
    "rule": "a domestic law, regulation or executive order, or its revocation",
    "export-control": "export or import controls on chips, tools or minerals, or their relaxation",
    "restriction": "a government ban or restriction of a named AI service",
    "governance": "a summit, declaration, dialogue or agreement between states",
    "market": "a market shock, adoption milestone or investment announcement",
    "strategy": "a national strategy or action plan",
    "statement": "an official statement, accusation, report or evaluation",
}
"""The fixed vocabulary of ``events.csv``'s ``category`` column, with what each means."""

OPENNESS: dict[str, str] = {
    "closed-api": "used only through the developer's API or app; the weights are not released",
    "open-weights": "the trained weights can be downloaded; training code and data are not released",
    "open-weights-code": "the weights and the training code are released",
    "open-source-data": (
        "weights, training code and training data (or a description full enough to rebuild it)"
    ),
}
"""The ordered openness scale of ``models.csv`` (least to most open), with what each level means.

What is *released* is one dimension; the licence's terms are another (``licence``,
``osi_approved``): a model can be ``open-weights`` under a licence that restricts its use.
"""

OSI_LICENCES: frozenset[str] = frozenset(
    {"MIT", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause", "GPL-3.0", "MPL-2.0"}
)
"""Licences (SPDX ids) that the Open Source Initiative approves and that ``models.csv`` may mark as such."""

TOPICS: dict[str, str] = {
    "adoption": "users, downloads and market shares",
    "derivatives": "models built on a base model",
    "gap-open-closed": "the capability gap between the best closed and the best open-weight model",
    "gap-us-china": "the capability gap between the best US and the best Chinese model",
    "price": "what using a model costs",
    "cost": "what training a model cost",
}
"""The fixed vocabulary of ``indicators.csv``'s ``topic`` column."""

_LIST_SEPARATOR = ";"


class DataError(ValueError):
    """A dataset that does not match its description; the message names file, row and column."""


def _where(file: str, row: int | None = None, column: str | None = None) -> str:
    parts = [f"data/{file}"]
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column!r}")
    return ", ".join(parts)


@cache
def _descriptor(directory: Path) -> dict:
    path = directory / PACKAGE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"data/{PACKAGE}: file not found in {directory}") from None
    except json.JSONDecodeError as error:
        raise DataError(f"data/{PACKAGE}, line {error.lineno}: not valid JSON ({error.msg})") from None


def resource_names(directory: Path = DATA_DIR) -> list[str]:
    """The names of the resources described in ``datapackage.json``."""
    return [resource["name"] for resource in _descriptor(Path(directory))["resources"]]


def _resource(name: str, directory: Path) -> dict:
    for resource in _descriptor(directory)["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(repr(r) for r in resource_names(directory))
    raise DataError(f"no dataset named {name!r} in data/{PACKAGE}; the datasets are {known}")


def validate(name: str, directory: Path = DATA_DIR) -> None:
    """Validate one resource against ``datapackage.json`` with ``frictionless``.

    Raises
    ------
    DataError
        At the first error, naming the file, the row and the column.
    """
    from frictionless import Package

    directory = Path(directory)
    resource = _resource(name, directory)
    file = resource["path"]
    if not (directory / file).is_file():
        raise DataError(f"{_where(file)}: file not found (described as resource {name!r})")
    package = Package(str(directory / PACKAGE))
    report = package.get_resource(name).validate()
    if report.valid:
        return
    error = report.tasks[0].errors[0]
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    if column is None and error.type == "primary-key":
        column = resource["schema"]["primaryKey"]
    fields = {field["name"]: field for field in resource["schema"]["fields"]}
    problem = _explain(error, fields.get(column, {}))
    raise DataError(f"{_where(file, row, column)}: {problem}")


_TYPE_HINTS = {
    "date": "a date written YYYY-MM-DD",
    "number": "a number (digits, a decimal point, no units or commas)",
    "integer": "a whole number",
    "boolean": "true or false",
}


def _explain(error: object, field: dict) -> str:
    """Frictionless's error, in words a student editing the CSV can act on."""
    cell = getattr(error, "cell", None)
    found = f"{cell!r}" if cell not in (None, "") else "an empty cell"
    constraints = field.get("constraints", {})
    note = getattr(error, "note", "")
    if error.type == "type-error":
        return f"{found} is not {_TYPE_HINTS.get(field.get('type'), field.get('type', 'valid'))}"
    if error.type == "constraint-error":
        if "required" in note:
            return "a value is required here, but the cell is empty"
        if "enum" in note:
            return f"{found} is not one of the allowed values: {', '.join(constraints['enum'])}"
        if "pattern" in note:
            return f"{found} does not match the required pattern {constraints['pattern']!r}"
        if "maxLength" in note:
            limit = constraints["maxLength"]
            return f"the text is {len(str(cell))} characters long; at most {limit} are allowed"
        if "minimum" in note:
            if field.get("type") == "date":
                return f"{found} is earlier than the earliest allowed value {constraints['minimum']}"
            return f"{found} is below the smallest allowed value {constraints['minimum']}"
        if "maximum" in note:
            return f"{found} is above the largest allowed value {constraints['maximum']}"
    if error.type == "missing-label":
        return "the header has no such column; the file must have every column the data package describes"
    if error.type == "extra-label":
        return "the header has a column the data package does not describe"
    if error.type == "missing-cell":
        return "the row ends before this column: a comma is missing, or a field needs quoting"
    if error.type == "extra-cell":
        return "the row has more cells than the header: a field containing a comma needs quoting"
    if error.type in {"unique-error", "primary-key"}:
        return f"{found} repeats a value that must be unique ({note})"
    return f"{note} (found {found}) [{error.type}]"


def _read(resource: dict, directory: Path) -> pd.DataFrame:
    """The CSV as text, with missing cells as ``None``; typed per the schema."""
    file = resource["path"]
    raw = pd.read_csv(directory / file, dtype=str, keep_default_na=False, encoding="utf-8")
    frame = pd.DataFrame(index=raw.index)
    for field in resource["schema"]["fields"]:
        column = raw[field["name"]].str.strip()
        missing = column == ""
        kind = field.get("type", "string")
        if kind == "date":
            frame[field["name"]] = pd.to_datetime(column.where(~missing), format="%Y-%m-%d")
        elif kind == "number":
            frame[field["name"]] = pd.to_numeric(column.where(~missing)).astype("Float64")
        elif kind == "integer":
            frame[field["name"]] = pd.to_numeric(column.where(~missing)).astype("Int64")
        elif kind == "boolean":
            frame[field["name"]] = column.str.lower().map({"true": True, "false": False}).astype("boolean")
        elif field.get("dilemma:list"):
            frame[field["name"]] = [
                tuple(part for part in value.split(_LIST_SEPARATOR) if part) for value in column
            ]
        else:
            frame[field["name"]] = column.where(~missing, pd.NA).astype("string")
    return frame


def _require_together(frame: pd.DataFrame, file: str, first: str, second: str) -> None:
    """``second`` is given exactly when ``first`` is."""
    for position, (a, b) in enumerate(zip(frame[first], frame[second], strict=True)):
        has_a = bool(a) if isinstance(a, tuple) else not pd.isna(a)
        if has_a != (not pd.isna(b)):
            row = position + 2
            if has_a:
                raise DataError(f"{_where(file, row, second)}: required because {first!r} is given")
            raise DataError(f"{_where(file, row, second)}: given, but {first!r} is empty")


def _check_events(frame: pd.DataFrame, file: str) -> None:
    _require_together(frame, file, "figure", "unit")
    _require_together(frame, file, "responds_to", "link_source_url")
    _require_together(frame, file, "responds_to", "link_source_title")
    rows = {event_id: position + 2 for position, event_id in enumerate(frame["id"])}
    dates = dict(zip(frame["id"], frame["date"], strict=True))
    for position, (event_id, answers) in enumerate(zip(frame["id"], frame["responds_to"], strict=True)):
        where = _where(file, position + 2, "responds_to")
        for earlier in answers:
            if earlier == event_id:
                raise DataError(f"{where}: event {event_id!r} cannot respond to itself")
            if earlier not in rows:
                raise DataError(f"{where}: {earlier!r} is not the id of any event")
            if dates[earlier] > dates[event_id]:
                raise DataError(
                    f"{where}: {event_id!r} ({dates[event_id]:%Y-%m-%d}) cannot respond to "
                    f"{earlier!r}, which is later ({dates[earlier]:%Y-%m-%d}, row {rows[earlier]})"
                )
        if len(set(answers)) != len(answers):
            raise DataError(f"{where}: an id is listed twice")
    graph = dict(zip(frame["id"], frame["responds_to"], strict=True))
    for event_id in graph:
        if event_id in _walk(graph, graph[event_id]):
            raise DataError(
                f"{_where(file, rows[event_id], 'responds_to')}: {event_id!r} is part of a cycle of "
                "same-day reactions"
            )


def _check_models(frame: pd.DataFrame, file: str) -> None:
    _require_together(frame, file, "price_input", "price_output")
    _require_together(frame, file, "price_input", "price_source_url")
    _require_together(frame, file, "price_input", "price_source_title")
    for position, model in frame.iterrows():
        row = position + 2
        total, active = model["parameters_b"], model["active_parameters_b"]
        if not pd.isna(active) and not pd.isna(total) and active > total:
            raise DataError(
                f"{_where(file, row, 'active_parameters_b')}: {active:g} active parameters exceed "
                f"the model's {total:g} billion in all"
            )
        closed = model["openness"] == "closed-api"
        if closed and model["licence"] != "Proprietary":
            raise DataError(f"{_where(file, row, 'licence')}: a closed-api model's licence is 'Proprietary'")
        if not closed and model["licence"] == "Proprietary":
            raise DataError(
                f"{_where(file, row, 'licence')}: the weights of an {model['openness']!r} model are "
                "released under a named licence, not 'Proprietary'"
            )
        if model["osi_approved"] and model["licence"] not in OSI_LICENCES:
            raise DataError(
                f"{_where(file, row, 'osi_approved')}: {model['licence']!r} is not an OSI-approved "
                f"licence (approved: {', '.join(sorted(OSI_LICENCES))})"
            )
        if not model["osi_approved"] and model["licence"] in OSI_LICENCES:
            raise DataError(f"{_where(file, row, 'osi_approved')}: {model['licence']!r} is OSI-approved")


def _check_indicators(frame: pd.DataFrame, file: str) -> None:
    _require_together(frame, file, "seed", "seed_value")
    first: dict[str, int] = {}
    for position, (series, measure, unit) in enumerate(
        zip(frame["series"], frame["measure"], frame["unit"], strict=True)
    ):
        if series not in first:
            first[series] = position
            continue
        earlier = first[series]
        for column, value in (("measure", measure), ("unit", unit)):
            if value != frame[column].iloc[earlier]:
                raise DataError(
                    f"{_where(file, position + 2, column)}: series {series!r} has {column} "
                    f"{frame[column].iloc[earlier]!r} in row {earlier + 2}; a series measures one thing "
                    "in one unit"
                )


_CHECKS = {"events": _check_events, "models": _check_models, "indicators": _check_indicators}


def load(name: str, directory: Path | str = DATA_DIR) -> pd.DataFrame:
    """Load one dataset of the book, validated and typed.

    Parameters
    ----------
    name : str
        A resource name in ``data/datapackage.json``, e.g. ``"events"``.
    directory : path, optional
        The folder holding ``datapackage.json`` and the CSV files (tests use a copy).

    Returns
    -------
    pandas.DataFrame
        One column per schema field: dates as ``datetime64``, numbers as nullable
        ``Float64``, text as ``string`` (``<NA>`` where empty), and list fields
        (``responds_to``) as tuples of ids.

    Raises
    ------
    DataError
        If the file is missing or malformed; the message names the file, the row and
        the column.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a dataset name (str), got {name!r}")
    directory = Path(directory)
    resource = _resource(name, directory)
    validate(name, directory)
    frame = _read(resource, directory)
    if name in _CHECKS:
        _CHECKS[name](frame, resource["path"])
    return frame


def events(directory: Path | str = DATA_DIR) -> pd.DataFrame:
    """The reactive chain's events (``data/events.csv``), sorted by date then id."""
    frame = load("events", directory)
    return frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def models(directory: Path | str = DATA_DIR) -> pd.DataFrame:
    """Notable model releases (``data/models.csv``), sorted by date then id.

    Adds ``openness_level``: the position of ``openness`` on :data:`OPENNESS` (0 = closed-api).
    """
    frame = load("models", directory).sort_values(["date", "id"], kind="stable").reset_index(drop=True)
    levels = {level: position for position, level in enumerate(OPENNESS)}
    frame["openness_level"] = frame["openness"].map(levels).astype(int)
    return frame


def indicators(directory: Path | str = DATA_DIR) -> pd.DataFrame:
    """The debate's figures (``data/indicators.csv``), sorted by series then as-of date."""
    frame = load("indicators", directory)
    return frame.sort_values(["series", "as_of", "id"], kind="stable").reset_index(drop=True)


def _walk(graph: dict[str, Iterable[str]], start: Iterable[str]) -> set[str]:
    """Every id reachable from ``start`` along ``graph``'s edges."""
    seen: set[str] = set()
    stack = list(start)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return seen


def chain(events: pd.DataFrame, event_id: str, direction: str = "back") -> list[str]:
    """The events linked to ``event_id`` through ``responds_to``, in date order.

    Parameters
    ----------
    events : DataFrame
        As returned by :func:`events`.
    event_id : str
        The event to start from (included in the result).
    direction : {"back", "forward", "both"}
        ``"back"``: what it answered, and what those answered, and so on;
        ``"forward"``: the reactions to it and the reactions to those; ``"both"``.
    """
    if direction not in {"back", "forward", "both"}:
        raise ValueError(f"direction must be 'back', 'forward' or 'both', got {direction!r}")
    ids = list(events["id"])
    if event_id not in ids:
        raise ValueError(f"event_id {event_id!r} is not the id of any event")
    back = dict(zip(ids, events["responds_to"], strict=True))
    forward: dict[str, list[str]] = {i: [] for i in ids}
    for later, answers in back.items():
        for earlier in answers:
            forward[earlier].append(later)
    reached = {event_id}
    if direction in {"back", "both"}:
        reached |= _walk(back, back[event_id])
    if direction in {"forward", "both"}:
        reached |= _walk(forward, forward[event_id])
    order = events.assign(_keep=events["id"].isin(reached))
    return [i for i, keep in zip(order["id"], order["_keep"], strict=True) if keep]


def days_between(events: pd.DataFrame, first: str, second: str) -> int:
    """Days from event ``first`` to event ``second`` (negative if ``second`` came first)."""
    dates = dict(zip(events["id"], events["date"], strict=True))
    for label, value in (("first", first), ("second", second)):
        if value not in dates:
            raise ValueError(f"{label} {value!r} is not the id of any event")
    return int((dates[second] - dates[first]).days)
