"""Build the student or the instructor edition of the book.

Both editions come from the same sources and the same ``_config.yml``; the
instructor edition differs only in ``dilemma_edition: instructor`` (solutions and
marking guides shown) and its title. Usage::

    python -m dilemma.editions student      # -> _build/html (solutions left out)
    python -m dilemma.editions instructor   # -> _build/instructor/_build/html

Extra arguments are passed to ``jupyter-book build`` (for example ``--all``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

EDITIONS = ("student", "instructor")
STRICT = ["-W", "-n", "--keep-going"]


def edition_config(edition: str, root: Path, cache: Path, settings: dict | None = None) -> dict:
    """``_config.yml`` of the book, adjusted for ``edition`` (and any Sphinx ``settings``)."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["dilemma_edition"] = edition
    sphinx.update(settings or {})
    config.setdefault("execute", {})["cache"] = str(cache.resolve())
    if edition == "instructor":
        config["title"] = f"{config['title']} (instructor edition)"
    return config


def root_page(root: Path | str = ".") -> str:
    """The name of the book's first page (``root`` in ``_toc.yml``), e.g. ``intro``."""
    return yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))["root"]


def toc_files(root: Path | str = ".") -> list[Path]:
    """Every page named in ``_toc.yml`` (the root first), as paths to existing source files."""
    root = Path(root).resolve()
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "file" in node:
                names.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({key: value for key, value in toc.items() if key != "root"})
    paths = []
    for name in names:
        found = [
            root / f"{name}{suffix}"
            for suffix in ("", ".md", ".ipynb")
            if (root / f"{name}{suffix}").is_file()
        ]
        if not found:
            raise FileNotFoundError(f"_toc.yml names {name!r}, but there is no {name}.md in {root}")
        paths.append(found[0])
    return paths


def _read_notebook(path: Path, root: Path):
    """``path`` as MyST-NB reads it for the build (same cells, same metadata, same cache hash)."""
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    text = path.read_text(encoding="utf-8")
    if not is_myst_markdown_notebook(text):
        return None
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    extensions = set(config.get("parse", {}).get("myst_enable_extensions", []))
    md_config = MdParserConfig(enable_extensions=extensions)
    return read_myst_markdown_notebook(text, config=md_config, add_source_map=True, path=str(path))


def _execute(path: str, root: str, timeout: int) -> tuple[str, object, float, str | None]:
    """Run one notebook in its own folder (as MyST-NB does); return it executed, or the error."""
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = _read_notebook(Path(path), Path(root))
    result = single_nb_execution(notebook, cwd=str(Path(path).parent), timeout=timeout, allow_errors=False)
    return path, notebook, result.time, None if result.err is None else result.exc_string


def prime_cache(root: Path | str, cache: Path | str, workers: int | None = None) -> dict[str, float]:
    """Execute, in parallel, the book's notebooks that the execution cache does not hold yet.

    MyST-NB executes notebooks one after another; on a machine with several cores the
    build spends most of its time waiting for kernels. This runs the notebooks that
    have changed (or all, on a clean build) in ``workers`` processes and stores them
    in ``cache`` exactly as MyST-NB would, so the build that follows only reads them.
    A notebook that fails here is left out of the cache: the build then runs it again
    and reports the error in its usual, strict way.

    Returns
    -------
    dict
        Seconds of execution per notebook run here (empty when the cache was complete).
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    root = Path(root).resolve()
    store = get_cache(str(Path(cache).resolve()))
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    timeout = int(config.get("execute", {}).get("timeout", 120))
    pending = []
    for path in toc_files(root):
        notebook = _read_notebook(path, root)
        if notebook is None or not any(cell.cell_type == "code" for cell in notebook.cells):
            continue
        try:
            store.match_cache_notebook(notebook)
        except KeyError:
            pending.append(path)
    if not pending:
        return {}
    workers = workers or max(1, min(len(pending), os.cpu_count() or 1))
    times: dict[str, float] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(_execute, str(path), str(root), timeout) for path in pending]
        for job in jobs:
            path, notebook, seconds, error = job.result()
            if error is not None:
                print(
                    f"prime_cache: {Path(path).relative_to(root)} failed; the build will report it",
                    file=sys.stderr,
                )
                continue
            store.cache_notebook_bundle(
                CacheBundleIn(notebook, path, data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            times[str(Path(path).relative_to(root))] = seconds
    return times


def build(
    edition: str = "student",
    *,
    root: Path | str = ".",
    output: Path | str | None = None,
    cache: Path | str | None = None,
    extra: list[str] | tuple[str, ...] = (),
    strict: bool = True,
    parallel: bool = True,
    settings: dict | None = None,
    builder: str = "html",
) -> Path:
    """Build one edition with ``jupyter-book``; return the folder holding its HTML.

    Parameters
    ----------
    edition : {"student", "instructor"}
    root : path
        The book's folder (holding ``_config.yml``).
    output : path, optional
        Where ``_build`` goes; default ``root`` for the student edition and
        ``root/_build/instructor`` for the instructor edition.
    cache : path, optional
        The execution cache; by default the student edition's own
        (``output/_build/.jupyter_cache``), which the instructor edition reuses.
    extra : list of str
        More arguments for ``jupyter-book build``.
    strict : bool
        Fail on any warning (``-W -n --keep-going``).
    parallel : bool
        First execute the notebooks missing from the cache in parallel
        (:func:`prime_cache`); the build then reads them from the cache.
    settings : dict, optional
        Sphinx settings added to ``sphinx.config`` (``{"dilemma_print": True}``, say).
    builder : str
        The Jupyter Book builder: ``html`` (the site) or ``singlehtml`` (one page, for print).

    Raises
    ------
    subprocess.CalledProcessError
        When the build fails; its output has been printed.
    """
    root = Path(root).resolve()
    default = root if edition == "student" else root / "_build" / "instructor"
    output = Path(output).resolve() if output else default
    output.mkdir(parents=True, exist_ok=True)
    config_path = output / f"_config.{edition}.yml"
    if cache is None:
        cache = (output if edition == "student" else root) / "_build" / ".jupyter_cache"
    cache = Path(cache)
    if parallel:
        start = time.perf_counter()
        ran = prime_cache(root, cache)
        if ran:
            print(f"Executed {len(ran)} notebooks in parallel in {time.perf_counter() - start:.1f} s")
    config_path.write_text(
        yaml.safe_dump(edition_config(edition, root, cache, settings), allow_unicode=True),
        encoding="utf-8",
    )
    command = [
        sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(root),
        "--path-output", str(output), "--config", str(config_path), "--builder", builder,
        *(STRICT if strict else []), *extra,
    ]  # fmt: skip
    subprocess.run(command, check=True)
    return output / "_build" / builder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edition", choices=EDITIONS)
    args, extra = parser.parse_known_args(argv)
    try:
        html = build(args.edition, extra=extra)
    except subprocess.CalledProcessError as error:
        print(f"The {args.edition} edition did not build (exit code {error.returncode}).", file=sys.stderr)
        return error.returncode or 1
    print(f"The {args.edition} edition is in {html}: open {html / 'index.html'} in a browser.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
