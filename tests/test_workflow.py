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


def runs(job: str) -> list[str]:
    return [s.get("run", "") for s in steps(job)]


def index_of(job: str, text: str) -> int:
    return next(i for i, r in enumerate(runs(job)) if text in r)


def test_workflow_passes_zizmor_pedantic():
    """Also the pedantic checks: every permission says why, every job has a name."""
    result = run(
        "zizmor", "--offline", "--persona=pedantic", "--config", ".github/zizmor.yml", str(WORKFLOW)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_uses_the_official_pages_actions_and_tests_before_deploying():
    jobs = workflow()["jobs"]
    uses = [s.get("uses", "").split("@")[0] for s in steps("build")]
    assert "actions/configure-pages" in uses and "actions/upload-pages-artifact" in uses
    assert "make test" in "".join(runs("test"))
    assert "test" in jobs["build"]["needs"]
    assert "success" in jobs["build"]["if"] and "needs.test.result" in jobs["build"]["if"]
    publish = steps("build")[index_of("build", "make publish")]
    assert "steps.pages.outputs.base_url" in publish["env"]["SITEURL"]
    assert steps("deploy")[0]["uses"].startswith("actions/deploy-pages@")
    assert jobs["deploy"]["needs"] == "build"
    assert "needs.build.result == 'success'" in jobs["deploy"]["if"]  # not skipped by refresh


def test_every_action_is_pinned_to_a_commit():
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                ref = step["uses"].split("@")[1]
                assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), step
    policies = yaml.safe_load((ROOT / ".github/zizmor.yml").read_text())
    assert policies["rules"]["unpinned-uses"]["config"]["policies"] == {"*": "hash-pin"}


def test_only_the_git_only_job_may_write_and_only_to_the_data_branch():
    jobs = workflow()["jobs"]
    writers = [name for name, job in jobs.items() if job["permissions"].get("contents") == "write"]
    assert writers == ["store-data"]
    store = steps("store-data")
    assert not any("checkout" in s.get("uses", "") for s in store)  # no project code, no hooks
    script = "\n".join(runs("store-data"))
    assert "make " not in script and "pip" not in script and "python" not in script
    assert "HEAD:refs/heads/$DATA_BRANCH" in script
    assert workflow()["env"]["DATA_BRANCH"] != "main"
    for name, job in jobs.items():
        assert "HEAD:main" not in "\n".join(runs(name)), name
        if any("make " in r for r in runs(name)):
            assert job["permissions"].get("contents") == "read", name


def test_figures_are_checked_by_a_strict_build_before_they_are_stored():
    impact = index_of("refresh", "make impact")
    check = index_of("refresh", "make check")
    assert impact < check
    upload = next(
        i for i, s in enumerate(steps("refresh")) if "upload-artifact" in s.get("uses", "")
    )
    assert check < upload
    assert workflow()["jobs"]["store-data"]["needs"] == "refresh"  # only after the check passed
    env = steps("refresh")[impact]["env"]
    assert env["ALTMETRIC_API_KEY"] == "${{ secrets.ALTMETRIC_API_KEY }}"
    assert "STRICT" not in env  # one failed request must not block the deploy


def test_secrets_are_used_only_in_a_job_with_an_environment():
    for name, job in workflow()["jobs"].items():
        if "secrets." in yaml.safe_dump(job):
            assert job.get("environment"), name


def test_build_lays_the_stored_then_the_refreshed_figures_over_the_committed_ones():
    build = steps("build")
    stored = next(i for i, s in enumerate(build) if s.get("with", {}).get("ref"))
    assert build[stored]["with"]["ref"] == "${{ env.DATA_BRANCH }}"
    assert build[stored]["continue-on-error"] is True  # no data branch before the first refresh
    copy = index_of("build", "cp .impact-data/")
    refreshed = next(i for i, s in enumerate(build) if "download-artifact" in s.get("uses", ""))
    assert build[refreshed]["if"] == "needs.refresh.result == 'success'"
    assert build[refreshed]["with"]["path"] == "content/data/impact"
    assert stored < copy < refreshed < index_of("build", "make publish")
    # the refresh starts from the stored figures too, so a day's failure loses none
    assert "cp .impact-data/" in "".join(runs("refresh"))


def test_ci_makes_the_non_python_checkers_mandatory():
    """Without REQUIRE_TOOLS a missing browser or validator would skip, and CI would pass."""
    script = (ROOT / ".ci/run").read_text()
    lines = [line.strip() for line in script.splitlines()]
    assert "export REQUIRE_TOOLS=1" in lines
    assert lines.index("export REQUIRE_TOOLS=1") < lines.index("make test")
    test_steps = [
        step
        for job in workflow()["jobs"].values()
        for step in job["steps"]
        if "make test" in step.get("run", "") or ".ci/run" in step.get("run", "")
    ]
    assert test_steps
    for step in test_steps:
        assert ".ci/run" in step["run"] or step.get("env", {}).get("REQUIRE_TOOLS") == "1", step
