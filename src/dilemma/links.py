"""Keep the book's links and dated facts fresh.

:func:`external_urls` finds every external URL in the book's sources: the pages named
in ``_toc.yml``, ``instructor/*.yml``, the ``url`` fields of ``references.bib``, the
``*_url`` columns of ``data/*.csv`` and ``data/datapackage.json``. :func:`check` asks
each one, concurrently, whether it still answers; :func:`report_markdown` writes the
result as a Markdown report (for ``$GITHUB_STEP_SUMMARY``). Usage::

    python -m dilemma.links --list                  # the URLs found (no network)
    python -m dilemma.links --report link-report.md # check them; exit 1 if any is broken

Two rules need no network and run in the tests too: :func:`url_problems` (every URL in a
``*_url`` column is well formed) and :func:`date_problems` (every date in ``data/`` is a
real ISO date, not in the future).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import re
import socket
import ssl
import sys
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dilemma.data import DATA_DIR
from dilemma.editions import toc_files

ROOT = DATA_DIR.parent
"""The repository (the package is installed in place)."""

PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "example.edu", "localhost", "127.0.0.1")
"""Hosts the book names as placeholders, never meant to resolve (and their subdomains)."""

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Safari/537.36 (dilemma link check)"
)
STATUSES = ("broken", "error", "blocked", "ok")
"""Worst first: the order of the report."""

_URL = re.compile(r"https?://[^\s<>\"`{}\[\]|\\^]+")
_TRAILING = ".,;:!?'\"*"
_BIB_URL = re.compile(r"^\s*url\s*=\s*[{\"]\s*(\S+?)\s*[}\"]\s*,?\s*$", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BRACKETS = ("()", "[]", "{}", "<>")


@dataclass(frozen=True, order=True)
class Location:
    """Where a URL (or a value) was found: a file's line, or a CSV's row and column.

    For a CSV, ``line`` is the line its row starts on (the header is line 1, as in a
    spreadsheet), ``column`` the column's name and ``row_id`` the row's ``id``.
    """

    file: str
    line: int
    column: str | None = None
    row_id: str | None = None

    def __str__(self) -> str:
        if self.column is None:
            return f"{self.file}, line {self.line}"
        ident = f" (id {self.row_id!r})" if self.row_id else ""
        return f"{self.file}, row {self.line}{ident}, column {self.column!r}"


@dataclass(frozen=True)
class Result:
    """What checking one URL found: ``status`` is one of :data:`STATUSES`."""

    url: str
    status: str
    code: int | None = None
    detail: str = ""


# -- finding the URLs ------------------------------------------------------------------------
def clean_url(url: str) -> str:
    """``url`` without the punctuation and closers that end the sentence or markup around it.

    A closing parenthesis stays when it balances one inside the URL (as in
    ``https://en.wikipedia.org/wiki/Security_dilemma_(disambiguation)``).
    """
    while url:
        if url[-1] in _TRAILING or (url[-1] == ")" and url.count(")") > url.count("(")):
            url = url[:-1]
        else:
            break
    return url


def find_urls(text: str) -> list[str]:
    """The http(s) URLs in a piece of text, cleaned with :func:`clean_url`."""
    return [url for url in (clean_url(match) for match in _URL.findall(text)) if urlsplit(url).hostname]


def is_placeholder(url: str) -> bool:
    """Whether ``url`` is on one of the :data:`PLACEHOLDER_HOSTS`."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == name or host.endswith(f".{name}") for name in PLACEHOLDER_HOSTS)


def _csv_rows(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    """Each row of a CSV with the line it starts on (the header is line 1)."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        reader.fieldnames  # noqa: B018 (reads the header)
        start = reader.line_num + 1
        for row in reader:
            yield start, row
            start = reader.line_num + 1


def _csv_files(root: Path) -> list[Path]:
    return sorted((root / "data").glob("*.csv"))


def external_urls(root: Path | str = ROOT) -> dict[str, list[Location]]:
    """Every external URL in the book's sources, each with the places it is used.

    Placeholders (:func:`is_placeholder`) are left out. The URLs come sorted.
    """
    root = Path(root).resolve()
    found: dict[str, list[Location]] = {}

    def add(url: str, location: Location) -> None:
        if not is_placeholder(url):
            found.setdefault(url, []).append(location)

    texts = [*toc_files(root), *sorted((root / "instructor").glob("*.yml"))]
    if (root / "data" / "datapackage.json").is_file():
        texts.append(root / "data" / "datapackage.json")
    for path in texts:
        name = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for url in find_urls(line):
                add(url, Location(name, number))
    bib = root / "references.bib"
    if bib.is_file():
        for number, line in enumerate(bib.read_text(encoding="utf-8").splitlines(), start=1):
            if match := _BIB_URL.match(line):
                for url in find_urls(match.group(1)):
                    add(url, Location("references.bib", number))
    for path in _csv_files(root):
        name = path.relative_to(root).as_posix()
        for line, row in _csv_rows(path):
            for column, value in row.items():
                if column and column.endswith("_url") and value:
                    for url in find_urls(value):
                        add(url, Location(name, line, column, row.get("id")))
    return dict(sorted(found.items()))


# -- the rules for the data ------------------------------------------------------------------
def _url_problem(url: str) -> str | None:
    """Why ``url`` is not a well-formed web address, or ``None``."""
    if re.search(r"\s", url):
        return "contains whitespace"
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a malformed port
    except ValueError as error:
        return f"cannot be parsed ({error})"
    if parts.scheme not in ("https", "http"):
        return "does not start with https:// or http://"
    if "." not in (parts.hostname or ""):
        return "has no host with a dot in it"
    for opening, closing in _BRACKETS:
        if url.count(opening) != url.count(closing):
            return f"has unbalanced {opening}{closing}"
    if url[-1] in _TRAILING:
        return f"ends in punctuation {url[-1]!r}"
    return None


def url_problems(root: Path | str = ROOT) -> list[str]:
    """Every malformed value of every ``*_url`` column of ``data/*.csv`` (empty cells allowed)."""
    root = Path(root).resolve()
    problems = []
    for path in _csv_files(root):
        name = path.relative_to(root).as_posix()
        for line, row in _csv_rows(path):
            for column, value in row.items():
                if column and column.endswith("_url") and value and (why := _url_problem(value)):
                    where = Location(name, line, column, row.get("id"))
                    problems.append(f"{where}: {value!r} {why}")
    return problems


def _is_date_column(column: str | None) -> bool:
    return bool(column) and (column in ("date", "as_of") or column.endswith("_date"))


def date_problems(root: Path | str = ROOT, today: datetime.date | None = None) -> list[str]:
    """Every value of a ``date``, ``as_of`` or ``*_date`` column of ``data/*.csv`` that is not a
    real ``YYYY-MM-DD`` date, or lies after ``today`` (default: today). Empty cells are the
    schema's business (``datapackage.json`` says which are required) and are skipped."""
    root = Path(root).resolve()
    today = today or datetime.date.today()
    problems = []
    for path in _csv_files(root):
        name = path.relative_to(root).as_posix()
        for line, row in _csv_rows(path):
            for column, value in row.items():
                if not _is_date_column(column) or not value:
                    continue
                where = Location(name, line, column, row.get("id"))
                try:
                    if not _ISO_DATE.fullmatch(value):
                        raise ValueError
                    day = datetime.date.fromisoformat(value)
                except ValueError:
                    problems.append(f"{where}: {value!r} is not a date written YYYY-MM-DD")
                    continue
                if day > today:
                    problems.append(f"{where}: {value} is in the future (today is {today.isoformat()})")
    return problems


# -- checking the URLs -----------------------------------------------------------------------
class _KeepMethod(urllib.request.HTTPRedirectHandler):
    """Follow redirects with the request's own method (urllib turns a HEAD into a GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


_OPENER = urllib.request.build_opener(_KeepMethod())


def _request(url: str, method: str, timeout: float) -> Result:
    """One request; every outcome becomes a :class:`Result`, nothing is raised."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    try:
        with _OPENER.open(urllib.request.Request(url, method=method, headers=headers), timeout=timeout) as r:
            return Result(url, "ok", r.status, f"{method} {r.status}")
    except urllib.error.HTTPError as error:
        code = error.code
        error.close()
        if 300 <= code < 400:
            status = "ok"
        elif code in (404, 410):
            status = "broken"
        elif code in (401, 403, 429, 999):
            status = "blocked"
        else:
            status = "error"
        return Result(url, status, code, f"{method} {code} {error.reason}")
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, socket.gaierror) and reason.errno in (socket.EAI_NONAME, socket.EAI_NODATA):
            return Result(url, "broken", None, "no such host")
        if isinstance(reason, TimeoutError):
            return Result(url, "error", None, f"{method}: timed out after {timeout:g} s")
        if isinstance(reason, ssl.SSLError):
            return Result(url, "error", None, f"TLS error: {reason}")
        return Result(url, "error", None, f"{method}: {reason}")
    except TimeoutError:
        return Result(url, "error", None, f"{method}: timed out after {timeout:g} s")
    except Exception as error:  # a malformed URL or a server that breaks the protocol
        return Result(url, "error", None, f"{method}: {type(error).__name__}: {error}")


def check_url(url: str, timeout: float = 20.0) -> Result:
    """Check one URL: HEAD first, then GET when HEAD fails (many servers refuse HEAD)."""
    head = _request(url, "HEAD", timeout)
    if head.status == "ok" or head.detail == "no such host":
        return head
    return _request(url, "GET", timeout)


def check(urls: Iterable[str], timeout: float = 20.0, workers: int = 8) -> dict[str, Result]:
    """Check every URL concurrently; return the results by URL, in the order given."""
    urls = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = pool.map(lambda url: check_url(url, timeout), urls)
        return dict(zip(urls, results, strict=True))


# -- reporting -------------------------------------------------------------------------------
OFFLINE = "No URL answered: is this machine offline? If so, the results are the network's fault."
_HEADINGS = {
    "broken": "Broken (404, 410 or no such host): fix or replace these",
    "error": "Errors (timeouts, server errors, TLS): may be transient; check again",
    "blocked": "Blocked (401, 403, 429, 999): the site refuses robots; check by hand",
    "ok": "OK",
}


def summary(results: dict[str, Result]) -> str:
    """One line of counts, e.g. ``1 broken, 0 error, 2 blocked, 240 ok of 243 URLs``."""
    counts = ", ".join(f"{sum(r.status == s for r in results.values())} {s}" for s in STATUSES)
    return f"{counts} of {len(results)} URLs"


def report_markdown(
    results: dict[str, Result], locations: dict[str, list[Location]], problems: Iterable[str] = ()
) -> str:
    """A Markdown report: counts, then each status (broken first) with every URL and where it is used.

    ``problems`` are data-rule failures (:func:`url_problems`, :func:`date_problems`) listed first.
    """
    lines = ["# Link check", "", summary(results) + "."]
    if results and not any(r.status == "ok" for r in results.values()):
        lines += ["", f"**{OFFLINE}**"]
    problems = list(problems)
    if problems:
        lines += ["", f"## Data rules: {len(problems)} problems", ""] + [f"- {p}" for p in problems]
    for status in STATUSES:
        group = [r for r in results.values() if r.status == status]
        if not group:
            continue
        lines += ["", f"## {_HEADINGS[status]} ({len(group)})", ""]
        if status == "ok":
            lines += ["<details><summary>Show them</summary>", ""]
        for result in group:
            used = "; ".join(str(where) for where in locations.get(result.url, []))
            lines.append(f"- <{result.url}> — {result.detail}" + (f" — used in {used}" if used else ""))
        if status == "ok":
            lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every external URL in the book's sources.")
    parser.add_argument("--report", type=Path, help="write a Markdown report to this file")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    parser.add_argument("--workers", type=int, default=8, help="concurrent requests (default 8)")
    parser.add_argument("--list", action="store_true", help="only list the URLs found (no network)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's folder (default: this one)")
    args = parser.parse_args(argv)
    locations = external_urls(args.root)
    if args.list:
        for url, where in locations.items():
            print(f"{url}\t{where[0]}" + (f" (+{len(where) - 1} more)" if len(where) > 1 else ""))
        print(f"{len(locations)} URLs", file=sys.stderr)
        return 0
    problems = url_problems(args.root) + date_problems(args.root)
    results = check(locations, timeout=args.timeout, workers=args.workers)
    report = report_markdown(results, locations, problems)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    for result in results.values():
        if result.status != "ok":
            print(f"{result.status:8} {result.url} ({result.detail})")
    for problem in problems:
        print(f"data     {problem}")
    print(f"{summary(results)}; {len(problems)} data problems")
    if results and not any(r.status == "ok" for r in results.values()):
        print(OFFLINE, file=sys.stderr)
    broken = any(result.status == "broken" for result in results.values())
    return 1 if broken or problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
