"""Binder and JupyterHub readiness, checked statically: the repository builds on Binder as it
is, with the versions the book is built and tested with, and the nbgitpuller links a class
JupyterHub uses point at this repository, its branch and an existing page.

What repo2docker (Binder's builder) does, as these tests assume it:

* it reads configuration from the root unless a ``binder/`` or ``.binder/`` folder exists,
  in which case the root files are ignored;
* the first build pack that recognises the repository wins: a Dockerfile, Julia, Nix, R,
  ``environment.yml`` or ``Pipfile`` would each be chosen before ``requirements.txt``;
* the Python version comes from ``runtime.txt`` (the default is older than the pins allow),
  and the build stops if it does not satisfy ``requires-python`` in ``pyproject.toml``;
* it installs ``requirements.txt``, then ``pip install .`` (pyproject.toml has ``[project]``
  and ``[build-system]``), which keeps the pinned versions only if they satisfy the
  package's own ranges;
* it runs ``postBuild`` as a script, and an error inside it does not stop the build unless
  the script says ``set -e``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from dilemma import teaching

ROOT = Path(__file__).resolve().parents[1]
SELF_INSTALL = "-e ."
# Files that make repo2docker choose another build pack than requirements.txt, or add a
# second installation step of its own (setup.py).
OTHER_ENVIRONMENTS = (
    "Dockerfile",
    "Project.toml",
    "JuliaProject.toml",
    "REQUIRE",
    "default.nix",
    "install.R",
    "DESCRIPTION",
    "environment.yml",
    "environment.yaml",
    "Pipfile",
    "Pipfile.lock",
    "poetry.lock",
    "setup.py",
)
HUB = "https://hub.example.edu"
NBGITPULLER_LINK = re.compile(r"https?://[^\s<>()`\"']+/hub/user-redirect/git-pull\?[^\s<>()`\"']+")


def _lines(name: str) -> list[tuple[int, str]]:
    """The lines of a requirements file that say something, with their line numbers."""
    text = (ROOT / name).read_text(encoding="utf-8")
    lines = [(number, line.split(" #")[0].strip()) for number, line in enumerate(text.splitlines(), 1)]
    return [(number, line) for number, line in lines if line and not line.startswith("#")]


def _pins(name: str) -> dict[str, tuple[str, Version]]:
    """``{canonical name: (name as written, version)}`` for every ``name==version`` line."""
    pins = {}
    for _, line in _lines(name):
        if re.match(r"[\w.-]+==[^=,;\s]+$", line):
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = (requirement.name, Version(specifier.version))
    return pins


def _unpinned(name: str, allowed: tuple[str, ...]) -> list[str]:
    """The lines of a requirements file that neither pin one version nor are ``allowed``."""
    return [
        f"{name}, line {number}: {line!r}"
        for number, line in _lines(name)
        if line not in allowed and not re.match(r"[\w.-]+==[^=,;\s]+$", line)
    ]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _runtime_python() -> Version:
    runtime = ROOT / "runtime.txt"
    assert runtime.is_file(), "runtime.txt is missing: Binder would use its default Python, older than 3.11"
    text = runtime.read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", text)
    assert match, f"runtime.txt: {text!r} is not of the form python-X.Y (e.g. python-3.11)"
    return Version(match.group(1))


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


# --- where repo2docker looks, and what it finds ----------------------------------------------


def test_no_binder_folder_hides_the_root_configuration():
    hiding = [name for name in ("binder", ".binder") if (ROOT / name).exists()]
    assert not hiding, f"{hiding}: repo2docker would ignore requirements.txt, runtime.txt and postBuild"


def test_no_other_environment_file_takes_precedence_over_requirements_txt():
    found = [name for name in OTHER_ENVIRONMENTS if (ROOT / name).exists()]
    assert not found, f"repo2docker would build from {found} instead of (or besides) requirements.txt"
    backend = _pyproject()["build-system"]["build-backend"]
    assert "poetry" not in backend, f"pyproject.toml: build-backend {backend!r} would select Poetry"


def test_requirements_txt_pins_every_package_and_installs_the_book_itself():
    unpinned = _unpinned("requirements.txt", allowed=(SELF_INSTALL,))
    assert not unpinned, f"pin these with '==' so that Binder gets the tested versions: {unpinned}"
    lines = [line for _, line in _lines("requirements.txt")]
    assert lines.count(SELF_INSTALL) == 1, "requirements.txt must install the dilemma package once: -e ."
    assert len(_pins("requirements.txt")) == len(lines) - 1, "requirements.txt pins a package twice"


# --- the Python version --------------------------------------------------------------------------


def test_runtime_txt_asks_for_the_oldest_python_the_package_supports():
    runtime = _runtime_python()
    requires = SpecifierSet(_pyproject()["project"]["requires-python"])
    assert runtime in requires, f"runtime.txt: Python {runtime} does not satisfy requires-python {requires}"
    lowest = min(Version(spec.version) for spec in requires if spec.operator in (">=", "~=", "=="))
    assert runtime == lowest, f"runtime.txt asks for Python {runtime}; requires-python starts at {lowest}"


def test_every_pinned_package_supports_the_binder_python():
    runtime = _runtime_python()
    unsupported = {}
    for name, _version in _pins("requirements.txt").values():
        try:
            requires = metadata.metadata(name).get("Requires-Python")
        except metadata.PackageNotFoundError:
            continue  # reported by test_the_pinned_versions_are_the_ones_the_tests_run_with

        if requires and runtime not in SpecifierSet(requires):
            unsupported[name] = requires
    assert not unsupported, f"these pins need another Python than runtime.txt's {runtime}: {unsupported}"


def test_ci_builds_with_the_binder_python():
    runtime = str(_runtime_python())
    declared = {}

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "python-version":
                    for version in value if isinstance(value, list) else [value]:
                        declared.setdefault(str(version), []).append(where)
                else:
                    walk(value, where)
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.y*ml")):
        walk(yaml.safe_load(workflow.read_text(encoding="utf-8")), workflow.name)
    others = {version: files for version, files in declared.items() if version != runtime}
    assert not others, f"the workflows use Python {others}, Binder (runtime.txt) uses {runtime}"

    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if running != runtime:
        message = f"the tests run on Python {running}, Binder (runtime.txt) on {runtime}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message + "; under CI=true this is a failure")


# --- the same versions on Binder as in the build ---------------------------------------------------


def test_every_dependency_of_the_package_is_pinned_within_its_range():
    pins = _pins("requirements.txt")
    for dependency in _pyproject()["project"]["dependencies"]:
        requirement = Requirement(dependency)
        pin = pins.get(canonicalize_name(requirement.name))
        assert pin, f"pyproject.toml depends on {requirement.name}, which requirements.txt does not pin"
        # Binder runs `pip install .` after requirements.txt: a pin outside the range is replaced.
        assert requirement.specifier.contains(pin[1], prereleases=True), (
            f"requirements.txt pins {pin[0]}=={pin[1]}, outside pyproject.toml's {dependency!r}"
        )


def test_the_pinned_versions_are_the_ones_the_tests_run_with():
    wrong = {}
    for name, version in _pins("requirements.txt").values():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = f"pinned {version}, installed {installed}"
    assert not wrong, f"Binder would get other versions than this build: {wrong}"


def test_requirements_dev_txt_adds_test_tools_on_top_of_requirements_txt():
    lines = [line for _, line in _lines("requirements-dev.txt")]
    assert "-r requirements.txt" in lines, "requirements-dev.txt must include -r requirements.txt"
    unpinned = _unpinned("requirements-dev.txt", allowed=("-r requirements.txt",))
    assert not unpinned, f"pin the test tools with '==' too: {unpinned}"
    twice = sorted(set(_pins("requirements-dev.txt")) & set(_pins("requirements.txt")))
    assert not twice, f"requirements-dev.txt pins {twice} again; pin them in requirements.txt only"


# --- postBuild -------------------------------------------------------------------------------------


def test_post_build_is_an_executable_bash_script_that_stops_on_error():
    post_build = ROOT / "postBuild"
    assert post_build.is_file(), "postBuild is missing: Binder would open the .md pages as text"
    git = subprocess.run(["git", "ls-files", "-s", "postBuild"], cwd=ROOT, capture_output=True, text=True)
    assert git.returncode == 0, f"cannot read postBuild's mode from git: {git.stderr.strip()}"
    entry = git.stdout.split()
    assert entry, "postBuild is not tracked by git, so Binder never sees it"
    assert entry[0] == "100755", f"postBuild has mode {entry[0]} in git; run git update-index --chmod=+x"
    lines = post_build.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#!/bin/bash", f"postBuild, line 1: {lines[0]!r}; repo2docker expects #!/bin/bash"
    assert any(re.match(r"set -[a-z]*e", line) for line in lines), (
        "postBuild must say `set -e` (or `set -euo pipefail`): otherwise a failing command is ignored"
    )


def test_post_build_only_runs_commands_of_pinned_packages():
    pinned = set(_pins("requirements.txt"))
    for number, line in enumerate((ROOT / "postBuild").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith(("#", "set ")):
            continue
        command = line.split()[0]
        providers = {
            canonicalize_name(entry.dist.name)
            for entry in metadata.entry_points(group="console_scripts", name=command)
        }
        assert providers & pinned, (
            f"postBuild, line {number}: {command!r} is not a command of a package pinned in requirements.txt"
        )


def test_the_docs_give_the_hub_the_same_jupytext_command_as_post_build():
    command = next(
        line.strip()
        for line in (ROOT / "postBuild").read_text(encoding="utf-8").splitlines()
        if line.startswith("jupytext-config")
    )
    for doc in ("README.md", "instructor/guide.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert command.split(maxsplit=1)[1] in text, f"{doc} does not give the hub postBuild's {command!r}"


# --- nbgitpuller links for a class JupyterHub -------------------------------------------------------


def _assert_pulls_this_book(link: str, where: str) -> Path:
    """Check that ``link`` pulls the configured repository and branch; return the page it opens."""
    repository = _config()["repository"]
    url = urlsplit(link)
    assert url.path.endswith("/hub/user-redirect/git-pull"), f"{where}: {url.path} is not nbgitpuller's"
    query = {key: values[0] for key, values in parse_qs(url.query, strict_parsing=True).items()}
    assert query.get("repo") == repository["url"], f"{where}: repo={query.get('repo')!r}"
    assert query.get("branch") == repository.get("branch", "main"), f"{where}: branch={query.get('branch')!r}"
    folder = f"lab/tree/{repository['url'].rstrip('/').split('/')[-1]}"
    urlpath = query.get("urlpath", "")
    assert urlpath == folder or urlpath.startswith(folder + "/"), (
        f"{where}: urlpath={urlpath!r} is not inside the clone's folder {folder!r}"
    )
    return ROOT / urlpath.removeprefix(folder).lstrip("/")


def test_an_nbgitpuller_link_opens_the_page_from_this_repository_and_branch():
    page = "chapters/01-security-dilemma.md"
    link = teaching.nbgitpuller_link(HUB + "/", page, ROOT)
    url = urlsplit(link)
    assert f"{url.scheme}://{url.netloc}" == HUB and url.path == "/hub/user-redirect/git-pull"
    assert _assert_pulls_this_book(link, "nbgitpuller_link") == ROOT / page
    whole_book = teaching.nbgitpuller_link(HUB, root=ROOT)
    assert _assert_pulls_this_book(whole_book, "nbgitpuller_link without a page") == ROOT


def test_the_jupyterhub_launch_link_points_at_the_configured_hub():
    hub = _config()["launch_buttons"]["jupyterhub_url"].rstrip("/")
    page = "exercises/01-security-dilemma.md"
    link = teaching.launch_links(page, ROOT)["JupyterHub"]
    assert link.startswith(hub + "/hub/user-redirect/git-pull?"), link
    assert link == teaching.nbgitpuller_link(hub, page, ROOT), "one format for every nbgitpuller link"


@pytest.mark.parametrize(
    ("hub", "page", "named"),
    [
        ("hub.example.edu", None, "hub_url"),
        ("", None, "hub_url"),
        (HUB, "chapters/no-such-chapter.md", "no-such-chapter.md"),
    ],
)
def test_an_nbgitpuller_link_for_a_wrong_hub_or_page_is_refused_by_name(hub, page, named):
    with pytest.raises(ValueError, match=re.escape(named)):
        teaching.nbgitpuller_link(hub, page, ROOT)


TEMPLATE = (
    "https://<hub>/hub/user-redirect/git-pull"
    "?repo=<repository>&urlpath=lab/tree/<repository name>/<page>&branch=<branch>"
)


def test_the_docs_show_the_link_format_that_nbgitpuller_link_builds():
    repository = _config()["repository"]
    page = "chapters/01-security-dilemma.md"
    filled = (
        TEMPLATE.replace("<hub>", HUB.removeprefix("https://"))
        .replace("<repository name>", repository["url"].rstrip("/").split("/")[-1])
        .replace("<repository>", repository["url"])
        .replace("<page>", page)
        .replace("<branch>", repository.get("branch", "main"))
    )
    assert filled == teaching.nbgitpuller_link(HUB, page, ROOT)
    for doc in ("README.md", "instructor/guide.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert TEMPLATE in text, f"{doc} does not show the nbgitpuller link format"
        for link in NBGITPULLER_LINK.findall(text):  # a concrete example must pull this very book
            target = _assert_pulls_this_book(link, doc)
            assert target.exists(), f"{doc}: {link} opens {target.relative_to(ROOT)}, which does not exist"
