"""Helpers for testing and measuring the built site in a real browser.

Used by ``tests/`` and ``benchmarks/``: serve a built HTML folder on a loopback
port (optionally gzip-compressed, as a static host serves it) and open it in
Debian's Chromium through Playwright. Never downloads a browser.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = os.environ.get("DILEMMA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
INSTALL_HINT = (
    "Chromium is needed for the browser tests: on Debian/Ubuntu run "
    "'apt-get install -y chromium' (the tests use /usr/bin/chromium; set DILEMMA_CHROMIUM "
    "to use another binary). Never run 'playwright install'."
)
_COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".xml")


def chromium_available() -> bool:
    """Whether the Chromium binary and the Playwright package are both present."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


class _Handler(http.server.SimpleHTTPRequestHandler):
    gzip_enabled = False

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip_enabled and accepts and path.is_file() and path.suffix in _COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(folder: Path, *, compress: bool = False) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port; yields the base URL."""
    folder = Path(folder)
    if not (folder / "index.html").exists():
        raise FileNotFoundError(f"{folder} has no index.html: build the book first")
    handler = type("Handler", (_Handler,), {"gzip_enabled": compress})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    """A headless Chromium (Playwright ``Browser``) on Debian's binary."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def toc_pages(root: Path) -> list[str]:
    """Every page of the book's table of contents, as paths relative to the site."""
    import yaml

    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            for part in entry.get("parts", []):
                walk(part.get("chapters", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return [f"{name}.html" for name in files]


CHART_READY = (
    "() => [...document.querySelectorAll('.dilemma-chart')]"
    ".every(f => f.dataset.state === 'drawn' || f.dataset.state === 'failed')"
)
"""JavaScript predicate: every chart on the page has finished drawing (or failed)."""
