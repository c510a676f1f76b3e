"""Links and dated facts stay fresh: the link checker, and the rules for URLs and dates in ``data/``.

The sandbox and the tests have no internet: the checker is tested against a small
server on 127.0.0.1 that answers each way a real site can.
"""

from __future__ import annotations

import csv
import datetime
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from dilemma import data, links
from dilemma.links import Location

ROOT = data.DATA_DIR.parent


# -- finding URLs in text --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See [the post](https://openai.com/index/chatgpt/).", ["https://openai.com/index/chatgpt/"]),
        ("Read it at <https://www.bis.gov/press-release/x>.", ["https://www.bis.gov/press-release/x"]),
        ("(mirrored at https://hai.stanford.edu/report).", ["https://hai.stanford.edu/report"]),
        ("a list: https://a.org/x, https://b.org/y; and so on", ["https://a.org/x", "https://b.org/y"]),
        (
            "[Security dilemma](https://en.wikipedia.org/wiki/Security_dilemma_(disambiguation)).",
            ["https://en.wikipedia.org/wiki/Security_dilemma_(disambiguation)"],
        ),
        (
            "(see https://en.wikipedia.org/wiki/Chicken_(game)).",
            ["https://en.wikipedia.org/wiki/Chicken_(game)"],
        ),
        (
            '"dearer {cite:p}`r1` https://platform.openai.com/docs/pricing"),',
            ["https://platform.openai.com/docs/pricing"],
        ),
        ("`https://github.com/x/y`", ["https://github.com/x/y"]),
        ("[https://a.org/](https://a.org/)", ["https://a.org/", "https://a.org/"]),
        ("no links here, nor in http:// alone", []),
    ],
)
def test_urls_are_found_without_the_punctuation_around_them(text, expected):
    assert links.find_urls(text) == expected


def test_placeholders_are_recognised_by_host():
    assert links.is_placeholder("https://jupyterhub.example.edu")
    assert links.is_placeholder("http://localhost:8000/index.html")
    assert not links.is_placeholder("https://www.example-news.com/story")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small_book(tmp_path: Path) -> Path:
    """A book of two pages, an instructor file, a bibliography and one CSV."""
    write(tmp_path / "_toc.yml", "format: jb-book\nroot: intro\nchapters:\n  - file: chapters/one\n")
    write(
        tmp_path / "intro.md",
        "# Intro\n\nOpen it on <https://mybinder.org>.\nOr on https://jupyterhub.example.edu.\n",
    )
    write(
        tmp_path / "chapters/one.md",
        "# One\n\nSee [the dilemma](https://en.wikipedia.org/wiki/Security_dilemma_(IR)).\n"
        "Also (https://www.jstor.org/stable/2009958).\n",
    )
    write(tmp_path / "instructor/syllabus.yml", "reading: https://tnsr.org/2018/05/ai/  # week 1\n")
    write(
        tmp_path / "references.bib",
        "@article{jervis1978,\n  title = {Cooperation},\n  url   = {https://www.jstor.org/stable/2009958},\n}\n",
    )
    write(
        tmp_path / "data/events.csv",
        "id,date,source_url,note\n"
        "first,2023-01-02,https://openai.com/index/chatgpt/,see also https://not-a-column.org\n"
        "second,2023-02-03,,\n",
    )
    return tmp_path


def test_external_urls_names_file_and_line_or_row_and_column(small_book: Path):
    found = links.external_urls(small_book)
    assert found == {
        "https://en.wikipedia.org/wiki/Security_dilemma_(IR)": [Location("chapters/one.md", 3)],
        "https://mybinder.org": [Location("intro.md", 3)],
        "https://openai.com/index/chatgpt/": [Location("data/events.csv", 2, "source_url", "first")],
        "https://tnsr.org/2018/05/ai/": [Location("instructor/syllabus.yml", 1)],
        "https://www.jstor.org/stable/2009958": [
            Location("chapters/one.md", 4),
            Location("references.bib", 3),
        ],
    }
    where = found["https://openai.com/index/chatgpt/"][0]
    assert str(where) == "data/events.csv, row 2 (id 'first'), column 'source_url'"
    assert str(found["https://mybinder.org"][0]) == "intro.md, line 3"


def test_external_urls_of_the_real_book_come_from_pages_data_and_bibliography():
    found = links.external_urls(ROOT)
    files = {where.file for places in found.values() for where in places}
    assert any(name.startswith("exercises/") for name in files)
    assert {"data/events.csv", "data/models.csv", "data/indicators.csv", "references.bib"} <= files
    assert "https://openai.com/index/chatgpt/" in found
    assert not any(links.is_placeholder(url) for url in found)
    for url in found:
        assert links.clean_url(url) == url and " " not in url, url


def test_the_list_command_prints_the_urls_without_the_network(capsys):
    assert links.main(["--list"]) == 0
    out = capsys.readouterr().out
    assert "https://openai.com/index/chatgpt/\t" in out
    assert "example.edu" not in out


# -- checking URLs against a local server -----------------------------------------------------
class Handler(BaseHTTPRequestHandler):
    """Each path answers the way one kind of real site does."""

    ANSWERS: ClassVar[dict[str, int]] = {
        "/ok": 200,
        "/missing": 404,
        "/gone": 410,
        "/forbidden": 403,
        "/busy": 429,
        "/fail": 500,
    }

    def answer(self, head: bool) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
        elif self.path == "/no-head":
            self.send_response(405 if head else 200)
        elif self.path == "/robots-head":
            self.send_response(403 if head else 200)
        else:
            self.send_response(self.ANSWERS.get(self.path, 404))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/ok", "ok", 200),
        ("/moved", "ok", 200),
        ("/no-head", "ok", 200),
        ("/robots-head", "ok", 200),
        ("/missing", "broken", 404),
        ("/gone", "broken", 410),
        ("/forbidden", "blocked", 403),
        ("/busy", "blocked", 429),
        ("/fail", "error", 500),
    ],
)
def test_each_answer_is_classified(server: str, path: str, status: str, code: int):
    result = links.check_url(server + path, timeout=5)
    assert (result.status, result.code) == (status, code), result


def test_a_host_that_does_not_exist_is_broken():
    result = links.check_url("https://no-such-host.invalid/page", timeout=5)
    assert (result.status, result.detail) == ("broken", "no such host")


def test_a_redirect_loop_a_refused_connection_and_nonsense_are_reported_not_raised(server: str):
    unused = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = unused.server_address[1]
    unused.server_close()
    results = links.check(
        [server + "/loop", f"http://127.0.0.1:{port}/", "http://127.0.0.1:notaport/"], timeout=5, workers=3
    )
    assert [r.status for r in results.values()] == ["ok", "error", "error"]


def test_check_runs_every_url_once_and_keeps_their_order(server: str):
    urls = [server + "/missing", server + "/ok", server + "/missing", server + "/busy"]
    results = links.check(urls, timeout=5, workers=4)
    assert list(results) == [server + "/missing", server + "/ok", server + "/busy"]
    assert [r.status for r in results.values()] == ["broken", "ok", "blocked"]


def test_the_report_puts_broken_links_first_with_where_they_are_used(server: str):
    urls = [server + "/ok", server + "/busy", server + "/missing", server + "/fail"]
    results = links.check(urls, timeout=5)
    used = {server + "/missing": [Location("data/events.csv", 7, "source_url", "deepseek-r1")]}
    report = links.report_markdown(results, used, ["data/events.csv, row 3: a problem"])
    assert report.startswith("# Link check\n\n1 broken, 1 error, 1 blocked, 1 ok of 4 URLs.")
    order = [
        report.index(heading) for heading in ("Data rules", "## Broken", "## Errors", "## Blocked", "## OK")
    ]
    assert order == sorted(order)
    assert (
        f"<{server}/missing> — GET 404 Not Found — used in data/events.csv, row 7 (id 'deepseek-r1')"
        in report
    )


def test_the_command_exits_1_on_a_broken_link_and_writes_its_report(
    small_book, server, tmp_path, monkeypatch
):
    csv_path = small_book / "data/events.csv"
    csv_path.write_text(f"id,date,source_url\nfirst,2023-01-02,{server}/gone\n", encoding="utf-8")
    for page in ("intro.md", "chapters/one.md", "instructor/syllabus.yml", "references.bib"):
        (small_book / page).write_text("# nothing\n", encoding="utf-8")
    monkeypatch.setattr(links, "PLACEHOLDER_HOSTS", ("example.edu",))  # the test server is on 127.0.0.1
    report = tmp_path / "report.md"
    assert links.main(["--root", str(small_book), "--report", str(report), "--timeout", "5"]) == 1
    assert f"<{server}/gone>" in report.read_text(encoding="utf-8")
    csv_path.write_text(f"id,date,source_url\nfirst,2023-01-02,{server}/busy\n", encoding="utf-8")
    assert links.main(["--root", str(small_book), "--timeout", "5"]) == 0


# -- data freshness: the rules every URL and date in data/ follows ----------------------------
def test_every_url_in_the_data_is_well_formed():
    assert links.url_problems(ROOT) == []


def test_every_date_in_the_data_is_a_real_date_not_in_the_future():
    assert links.date_problems(ROOT) == []


def test_the_rules_catch_a_malformed_url_and_a_future_date(tmp_path: Path):
    with (data.DATA_DIR / "indicators.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, [next(reader), next(reader)]
    copy = tmp_path / "data" / "indicators.csv"
    copy.parent.mkdir()

    def save() -> None:
        with copy.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)

    save()
    assert links.url_problems(tmp_path) == [] and links.date_problems(tmp_path) == []

    rows[1]["source_url"] = "https://hai.stanford.edu/report.pdf)."
    rows[1]["as_of"] = "2999-01-01"
    rows[0]["as_of"] = "2024-02-30"
    save()
    first, second = rows[0]["id"], rows[1]["id"]
    assert links.url_problems(tmp_path) == [
        f"data/indicators.csv, row 3 (id {second!r}), column 'source_url': "
        "'https://hai.stanford.edu/report.pdf).' has unbalanced ()"
    ]
    assert links.date_problems(tmp_path, today=datetime.date(2025, 6, 1)) == [
        f"data/indicators.csv, row 2 (id {first!r}), column 'as_of': "
        "'2024-02-30' is not a date written YYYY-MM-DD",
        f"data/indicators.csv, row 3 (id {second!r}), column 'as_of': "
        "2999-01-01 is in the future (today is 2025-06-01)",
    ]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://files.example.net/a", "does not start with https:// or http://"),
        ("https://intranet/page", "has no host with a dot in it"),
        ("https://a.org/two words", "contains whitespace"),
        ("https://en.wikipedia.org/wiki/X_(y", "has unbalanced ()"),
        ("https://a.org/page.", "ends in punctuation '.'"),
        ("https://a.org:99999/", "cannot be parsed (Port out of range 0-65535)"),
    ],
)
def test_each_url_rule_names_what_is_wrong(tmp_path: Path, url: str, why: str):
    write(tmp_path / "data/sources.csv", f'id,link_source_url\nrow-one,"{url}"\n')
    assert links.url_problems(tmp_path) == [
        f"data/sources.csv, row 2 (id 'row-one'), column 'link_source_url': {url!r} {why}"
    ]


def test_a_wikipedia_url_with_balanced_parentheses_is_well_formed(tmp_path: Path):
    write(tmp_path / "data/sources.csv", "id,source_url\nok,https://en.wikipedia.org/wiki/Chicken_(game)\n")
    assert links.url_problems(tmp_path) == []


def test_a_row_spanning_lines_is_named_by_the_line_it_starts_on(tmp_path: Path):
    write(tmp_path / "data/events.csv", 'id,note,date\nfirst,"two\nlines",2023-01-01\nsecond,,2023-13-01\n')
    assert links.date_problems(tmp_path) == [
        "data/events.csv, row 4 (id 'second'), column 'date': '2023-13-01' is not a date written YYYY-MM-DD"
    ]
