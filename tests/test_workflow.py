"""The deploy workflow: valid, safe, and doing what the README says the book's commands do.

GitHub's own linter (actionlint) is a Go program that PyPI only offers as a source package
that downloads it at install time; the same ground is covered here by three checkers that
install from PyPI as wheels: the workflow JSON schema (``check-jsonschema``), a security
audit (``zizmor``) and ``shellcheck`` on every ``run:`` script.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A checker installed with the test tools, next to this Python."""
    path = BIN / name
    return str(path) if path.exists() else name


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as True


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def commands(workflow: dict, job: str) -> list[str]:
    """The shell commands a job runs, one per line, without quiet flags (``-q``, ``-qq``)."""
    lines = []
    for step in steps(workflow, job):
        for line in step.get("run", "").splitlines():
            if line.strip():
                lines.append(" ".join(word for word in words(line) if word not in ("-q", "-qq")))
    return lines


def words(command: str) -> list[str]:
    try:
        return shlex.split(command)
    except ValueError:  # prose in backticks, a line continued with a backslash
        return command.split()


def readme_commands() -> set[str]:
    """Every command in the README's shell blocks and inline code, one per ``&&`` part."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    snippets = re.findall(r"```bash\n(.*?)```", text, flags=re.S) + re.findall(r"`([^`\n]+)`", text)
    found = set()
    for snippet in snippets:
        for line in snippet.splitlines():
            for part in line.split("&&"):
                if part.strip():
                    found.add(" ".join(words(part)))
    return found


def uses(workflow: dict, job: str, action: str) -> list[dict]:
    return [step for step in steps(workflow, job) if step.get("uses", "").startswith(action + "@")]


# -- valid and safe -----------------------------------------------------------------------
def test_the_workflow_matches_githubs_schema():
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_passes_the_security_audit():
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--config", str(ROOT / ".github" / "zizmor.yml"), str(WORKFLOW)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_shell_script_passes_shellcheck(workflow: dict, tmp_path: Path):
    scripts = {".ci/run": (ROOT / ".ci" / "run").read_text(), "postBuild": (ROOT / "postBuild").read_text()}
    for job in workflow["jobs"]:
        for number, step in enumerate(steps(workflow, job)):
            if "run" in step:
                # GitHub fills in ${{ … }} before the shell sees the script.
                body = re.sub(r"\$\{\{.*?\}\}", "value", step["run"])
                scripts[f"{job} step {number + 1}"] = "#!/bin/bash\nset -e\n" + body
    for name, script in scripts.items():
        path = tmp_path / "script.sh"
        path.write_text(script)
        result = subprocess.run([tool("shellcheck"), "-s", "bash", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{name}:\n{result.stdout}"


def test_the_workflow_may_only_read_the_repository_unless_it_publishes(workflow: dict):
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        if name != "deploy":
            assert "permissions" not in job, f"job {name} asks for more than read access"
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


# -- what it does -------------------------------------------------------------------------
def test_it_runs_on_pushes_pull_requests_a_weekly_schedule_and_on_demand(workflow: dict):
    on = triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on and "workflow_dispatch" in on
    assert len(on["schedule"]) == 1


def test_the_build_uses_the_readmes_commands(workflow: dict):
    readme = readme_commands()
    run = commands(workflow, "build")
    for command in run:
        if command.startswith(("python", "pip", "jupyter-book")):
            assert command in readme, f"the workflow runs {command!r}, which the README does not give"
    for command in ("python -m pytest", "python -m dilemma.editions student",
                    "python -m dilemma.editions instructor", "python -m dilemma.printed"):  # fmt: skip
        assert command in run, f"the build job does not run {command!r}"
    assert run.index("python -m pytest") < run.index("python -m dilemma.editions student")


def test_the_browser_comes_from_debian_as_in_ci(workflow: dict):
    build = workflow["jobs"]["build"]
    assert build["container"].startswith("python:") and build["container"].endswith("-bookworm")
    run = " ".join(commands(workflow, "build"))
    assert "apt-get install -y chromium" in run
    assert "playwright install" not in run


def test_the_student_edition_is_published_and_the_instructor_edition_is_not(workflow: dict):
    (pages,) = uses(workflow, "build", "actions/upload-pages-artifact")
    assert pages["with"]["path"] == "_build/html"  # where `python -m dilemma.editions student` writes
    artifacts = {
        step["with"]["name"]: step["with"]["path"]
        for step in uses(workflow, "build", "actions/upload-artifact")
    }
    assert artifacts["instructor-edition"] == "_build/instructor/_build/html"
    assert artifacts["print-edition"] == "_build/pdf/book.pdf"
    assert "cp _build/pdf/book.pdf _build/html/book.pdf" in commands(workflow, "build")


def test_only_a_push_to_main_deploys_and_only_after_the_tests(workflow: dict):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(workflow, "deploy", "actions/deploy-pages")


def test_the_link_check_runs_on_schedule_and_never_blocks(workflow: dict):
    links = workflow["jobs"]["links"]
    assert "schedule" in links["if"]
    assert links["continue-on-error"] is True
    assert "python -m dilemma.links --report link-report.md" in commands(workflow, "links")
    summary = [step for step in steps(workflow, "links") if "GITHUB_STEP_SUMMARY" in step.get("run", "")]
    assert summary and summary[0]["if"] == "always()"
    assert "schedule" in workflow["jobs"]["build"]["if"]  # the weekly run checks links only
