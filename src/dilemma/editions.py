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
import subprocess
import sys
from pathlib import Path

import yaml

EDITIONS = ("student", "instructor")
STRICT = ["-W", "-n", "--keep-going"]


def edition_config(edition: str, root: Path, cache: Path) -> dict:
    """``_config.yml`` of the book, adjusted for ``edition``."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("sphinx", {}).setdefault("config", {})["dilemma_edition"] = edition
    config.setdefault("execute", {})["cache"] = str(cache.resolve())
    if edition == "instructor":
        config["title"] = f"{config['title']} (instructor edition)"
    return config


def build(
    edition: str = "student",
    *,
    root: Path | str = ".",
    output: Path | str | None = None,
    cache: Path | str | None = None,
    extra: list[str] | tuple[str, ...] = (),
    strict: bool = True,
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
    config_path.write_text(
        yaml.safe_dump(edition_config(edition, root, cache), allow_unicode=True), encoding="utf-8"
    )
    command = [
        sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", str(root),
        "--path-output", str(output), "--config", str(config_path),
        *(STRICT if strict else []), *extra,
    ]  # fmt: skip
    subprocess.run(command, check=True)
    return output / "_build" / "html"


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
