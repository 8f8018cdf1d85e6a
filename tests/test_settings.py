"""Plugin settings: one declaration each, one checked merge, one reference in the README.

A site owner writes only what they change in ``pelican.conf.py``; a wrong value or a
misspelt name is reported naming the file and the setting, and the default is used.
"""

from __future__ import annotations

import importlib
from pathlib import Path
import re

from conftest import CONF, ROOT, build_site
import markdown
from meded_core.settings import (
    CONF as CONF_NAME,
)
from meded_core.settings import (
    PluginSettings,
    Setting,
    auto_or_flag,
    check_settings,
    choice,
    declared_settings,
    flag,
    misspelt,
    names,
    number,
    reference_table,
    text,
    whole,
    whole_per,
)
from pelican.settings import read_settings
import pytest

SETTINGS_FILE = read_settings(str(CONF))
for _plugin in SETTINGS_FILE["PLUGINS"]:  # each plugin declares its settings when imported
    importlib.import_module(_plugin)

# A plugin's settings, declared for these tests only (not registered with the build).
DEMO = PluginSettings(
    "demo",
    (
        Setting("DEMO_PATH", "data/demo.json", "where the demo data lives", text),
        Setting("DEMO_ON", True, "turn the demo on", flag),
        Setting("DEMO_MAX", 3, "how many", whole(0)),
        Setting("DEMO_WAIT", 2.5, "seconds", number(0.1)),
        Setting("DEMO_AUTO", "auto", "decided by the plugin", auto_or_flag),
        Setting("DEMO_SIDE", "right", "which side", choice("left", "right")),
        Setting("DEMO_NAMES", ["a", "b"], "which names", names),
        Setting("DEMO_DAYS", {"x": 7, "y": 30}, "days per source", whole_per(("x", "y"))),
    ),
)


def test_no_site_value_gives_the_defaults_and_no_problem():
    values, problems = DEMO.merged({})
    assert values == DEMO.defaults
    assert values == {
        "DEMO_PATH": "data/demo.json",
        "DEMO_ON": True,
        "DEMO_MAX": 3,
        "DEMO_WAIT": 2.5,
        "DEMO_AUTO": "auto",
        "DEMO_SIDE": "right",
        "DEMO_NAMES": ["a", "b"],
        "DEMO_DAYS": {"x": 7, "y": 30},
    }
    assert problems == []
    values["DEMO_NAMES"].append("c")  # a caller changing its values never changes the default
    assert DEMO.defaults["DEMO_NAMES"] == ["a", "b"]


def test_site_values_override_and_are_normalised():
    values, problems = DEMO.merged(
        {"DEMO_ON": "no", "DEMO_MAX": "5", "DEMO_SIDE": " Left ", "DEMO_NAMES": "solo"}
        | {"DEMO_WAIT": "1", "DEMO_AUTO": "yes"}
    )
    assert (values["DEMO_WAIT"], values["DEMO_AUTO"]) == (1.0, True)
    assert (values["DEMO_ON"], values["DEMO_MAX"], values["DEMO_SIDE"]) == (False, 5, "left")
    assert values["DEMO_NAMES"] == ["solo"]
    assert problems == []


def test_a_mapping_is_merged_key_by_key():
    values, problems = DEMO.merged({"DEMO_DAYS": {"y": 1}})
    assert values["DEMO_DAYS"] == {"x": 7, "y": 1} and problems == []


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("DEMO_PATH", ["a list"], "text in quotes"),
        ("DEMO_ON", "sometimes", "True or False"),
        ("DEMO_MAX", "many", "a whole number of at least 0"),
        ("DEMO_MAX", -1, "a whole number of at least 0"),
        ("DEMO_MAX", 2.5, "a whole number of at least 0"),
        ("DEMO_WAIT", "six", "a number of at least 0.1"),
        ("DEMO_AUTO", "sometimes", '"auto", True or False'),
        ("DEMO_SIDE", "up", "one of 'left', 'right'"),
        ("DEMO_NAMES", [1, 2], "a list of names"),
        ("DEMO_DAYS", {"z": 3}, "a mapping of x, y to whole numbers"),
    ],
)
def test_a_wrong_value_is_a_problem_naming_the_file_and_setting_and_the_default_is_used(
    name, value, accepted
):
    values, problems = DEMO.merged({name: value})
    assert values[name] == DEMO.defaults[name]
    [problem] = problems
    assert (problem.source, problem.field) == ("pelican.conf.py", name)
    assert accepted in problem.fix and repr(DEMO.defaults[name]) in problem.fix
    assert str(problem).startswith(f"pelican.conf.py: {name}: {name} = {value!r}")


def test_a_misspelt_plugin_setting_gets_a_did_you_mean():
    [problem] = misspelt({"CITATION_STYEL": "apa", "SITENAME": "x", "_PRIVATE": 1})
    assert problem.field == "CITATION_STYEL" and problem.source == CONF_NAME
    assert "did you mean CITATION_STYLE?" in problem.fix


def test_the_projects_own_settings_file_has_no_setting_problem():
    """No false alarms: every name pelican.conf.py sets is a Pelican or plugin setting, or far
    from any plugin setting."""
    assert check_settings(SETTINGS_FILE) == []


def test_every_plugin_with_settings_declares_them_in_its_settings_module():
    declared = declared_settings()
    for plugin, group in declared.items():
        if plugin != "meded_core":
            assert importlib.import_module(f"{plugin}.settings").SETTINGS is group
            assert importlib.import_module(f"{plugin}.settings").merged({})[1] == []
    assert {"authors", "citations", "impact", "impact_pages", "quality", "series"} <= set(declared)
    every = [s.name for g in declared.values() for s in g.declared]
    assert len(every) == len(set(every)) > 60  # no setting is declared by two plugins


def test_no_plugin_reads_a_setting_with_a_default_of_its_own():
    """A plugin reads its settings through its declarations, never ``settings.get(NAME, x)``."""
    ours = {s.name for g in declared_settings().values() for s in g.declared}
    call = re.compile(r"""(?:settings|context)\.get\(\s*["']([A-Z_]+)["'],""")
    found = []
    for path in (ROOT / "plugins").rglob("*.py"):
        for name in call.findall(path.read_text(encoding="utf-8")):
            if name in ours:
                found.append(f"{path.relative_to(ROOT)}: {name}")
    assert found == []


def test_pelican_conf_restates_no_default():
    """pelican.conf.py shows only what the site changes (or an owner is expected to edit)."""
    owner_edits = {"CITATION_STYLE", "QUALITY_REQUIRED", "ROGUE_SCHOLAR_PREFIX", "SITE_LICENSE"}
    conf_names = set(re.findall(r"^([A-Z][A-Z0-9_]*) =", CONF.read_text(encoding="utf-8"), re.M))
    for group in declared_settings().values():
        for name, default in group.defaults.items():
            if name in conf_names and name not in owner_edits:
                assert SETTINGS_FILE[name] != default, f"{name} restates its default"


# --- the README's reference -------------------------------------------------------------------


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = min(i for i in (text.find("\n## ", start + 1), text.find("\n### ", start + 1)) if i > 0)
    return text[start:end]


def test_the_readme_plugin_settings_table_is_the_declarations():
    """The README's table is `make settings` output, so a setting's help is written once."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = _section(readme, "### Plugin settings")
    table = "\n".join(line for line in section.splitlines() if line.startswith("|")) + "\n"
    assert table == reference_table(), "paste the output of `make settings` into the README"
    html = markdown.markdown(section, extensions=["tables"])
    assert html.count("<table>") == 1


def test_each_plugin_setting_is_documented_in_one_table_row_only():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    for group in declared_settings().values():
        for setting in group.declared:
            mentions = [r for r in rows if re.search(rf"`{setting.name}`", r.split("|")[1])]
            assert len(mentions) == 1, (setting.name, mentions)


# --- real builds ---------------------------------------------------------------------------------


def _minimal_conf(folder: Path) -> Path:
    """What a site owner might start from: the plugins and the theme, no plugin setting."""
    conf = folder / "minimal.conf.py"
    conf.write_text(
        f"""import sys
sys.path.insert(0, {str(ROOT / "plugins")!r})
SITENAME = "A minimal blog"
PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
PLUGINS = {SETTINGS_FILE["PLUGINS"]!r}
THEME = {str(ROOT / "theme")!r}
JINJA_ENVIRONMENT = {{"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}}
""",
        encoding="utf-8",
    )
    return conf


def test_a_site_with_no_plugin_settings_builds_with_the_defaults(tmp_path):
    build = build_site(tmp_path / "output", conf=_minimal_conf(tmp_path))
    assert not [m for m in build.messages() if "pelican.conf.py" in m]
    out = build.output
    for page in (
        "quality/index.html",  # QUALITY_SITE_SAVE_AS
        "corrections/index.html",  # CORRECTIONS_SAVE_AS
        "cited-works/index.html",  # CITED_WORKS_SAVE_AS
        "impact/index.html",  # IMPACT_DASHBOARD_SAVE_AS
        "impact/metrics/index.html",  # IMPACT_METRICS_SAVE_AS
        "impact/impact.json",  # IMPACT_EXPORT, IMPACT_EXPORT_PATH
        "share/mastodon/index.html",  # AUTHOR_SHARE_NETWORKS, AUTHOR_SHARE_PAGE_SAVE_AS
        "feeds/all.json",  # FEED_ALL_JSON
        "feeds/complete.atom.xml",  # FEED_COMPLETE_ATOM
    ):
        assert (out / page).is_file(), page
    base = (out / "index.html").read_text(encoding="utf-8")
    assert 'type="application/feed+json"' in base  # templates see the declared defaults


def test_wrong_and_misspelt_settings_are_reported_by_the_build(tmp_path):
    build = build_site(
        tmp_path / "output", CITATION_STYEL="apa", QUALITY_MIN_RATERS="many", SOCIAL_CARDS="maybe"
    )
    conf_messages = [m for m in build.messages() if m.startswith("pelican.conf.py:")]
    assert any("CITATION_STYEL" in m and "did you mean CITATION_STYLE?" in m for m in conf_messages)
    assert any("QUALITY_MIN_RATERS = 'many'" in m for m in conf_messages)
    assert any("SOCIAL_CARDS = 'maybe'" in m and "True or False" in m for m in conf_messages)
    assert len(conf_messages) == 3  # each once


def test_make_impact_stops_on_a_wrong_impact_setting_before_any_request(tmp_path, capsys):
    from impact_support import FAST, make_site, run

    from bench.fakeapi import FakeAPI

    conf = tmp_path / "site.conf.py"
    conf.write_text('IMPACT_FRESH_DAYS = {"icite": "monthly"}\n', encoding="utf-8")
    with FakeAPI("recorded", limits=FAST) as api:
        result = run(api, make_site(tmp_path), "--settings", str(conf), capsys=capsys)
        assert api.count() == 0
    assert result.code == 2
    assert "pelican.conf.py: IMPACT_FRESH_DAYS:" in result.err
    assert "whole numbers" in result.err and "Traceback" not in result.err


def test_make_refs_says_which_setting_is_wrong(tmp_path, capsys):
    from citations.cli import main

    conf = tmp_path / "site.conf.py"
    conf.write_text('CITATION_STYLE = ["ama"]\n', encoding="utf-8")
    (tmp_path / "content").mkdir()
    main(["refs", "--settings", str(conf), "--content", str(tmp_path / "content")])
    err = capsys.readouterr().err
    assert "make refs: pelican.conf.py: CITATION_STYLE: CITATION_STYLE = ['ama'] is not" in err
    assert "text in quotes" in err


def test_a_strict_build_fails_on_a_misspelt_setting_with_it_in_the_list(tmp_path):
    from meded_core import ContentProblemsError

    with pytest.raises(ContentProblemsError) as failure:
        build_site(tmp_path / "output", STRICT=True, RELATED_POST_MAX=5)
    assert [p.field for p in failure.value.problems if p.source == CONF_NAME] == [
        "RELATED_POST_MAX"
    ]
    assert "did you mean RELATED_POSTS_MAX?" in str(failure.value)
