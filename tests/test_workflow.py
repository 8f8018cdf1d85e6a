"""The GitHub Pages workflow, checked offline: schema, security lint, and what it must do."""

from __future__ import annotations

from pathlib import Path
import shutil
import subprocess
import sys

from conftest import ROOT
import yaml

WORKFLOW = ROOT / ".github/workflows/pages.yml"
BIN = Path(sys.executable).parent


def run(tool: str, *args: str) -> subprocess.CompletedProcess:
    executable = shutil.which(tool, path=str(BIN)) or shutil.which(tool)
    assert executable, f"{tool} is a dev dependency in pyproject.toml"
    return subprocess.run(
        [executable, *args], capture_output=True, text=True, check=False, cwd=ROOT
    )


def test_workflow_matches_the_github_schema():
    result = run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW))
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_passes_zizmor():
    result = run("zizmor", "--offline", "--config", ".github/zizmor.yml", str(WORKFLOW))
    assert result.returncode == 0, result.stdout + result.stderr


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def test_triggers_push_dispatch_and_daily():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers
    assert triggers["schedule"][0]["cron"]


def test_uses_the_official_pages_actions_and_tests_before_deploying():
    build = steps("build")
    uses = [s.get("uses", "").split("@")[0] for s in build]
    assert "actions/configure-pages" in uses and "actions/upload-pages-artifact" in uses
    runs = [s.get("run", "") for s in build]
    test_index = next(i for i, r in enumerate(runs) if "make test" in r)
    publish_index = next(i for i, r in enumerate(runs) if "make publish" in r)
    assert test_index < publish_index
    publish = build[publish_index]
    assert "steps.pages.outputs.base_url" in publish["env"]["SITEURL"]
    deploy = steps("deploy")
    assert deploy[0]["uses"].startswith("actions/deploy-pages@")
    assert workflow()["jobs"]["deploy"]["needs"] == "build"


def test_every_action_is_pinned_to_a_commit_or_allowed_major():
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                ref = step["uses"].split("@")[1]
                assert len(ref) == 40 or step["uses"].startswith("actions/configure-pages@v")


def test_impact_refresh_runs_before_the_build_and_is_committed_back():
    build = steps("build")
    runs = [s.get("run", "") for s in build]
    impact = next(i for i, r in enumerate(runs) if "make impact" in r)
    commit = next(i for i, r in enumerate(runs) if "git push" in r)
    publish = next(i for i, r in enumerate(runs) if "make publish" in r)
    assert impact < commit < publish
    env = build[impact]["env"]
    assert env["ALTMETRIC_API_KEY"] == "${{ secrets.ALTMETRIC_API_KEY }}"
    assert "STRICT" not in env  # one failed request must not block the deploy
    assert workflow()["jobs"]["build"]["permissions"] == {"contents": "write"}
    assert "git add content/data/impact" in runs[commit]
