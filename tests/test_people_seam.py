"""The people of the site reach other plugins through ``meded_core.people``, one producer."""

from __future__ import annotations

from pathlib import Path

import authors  # noqa: F401  the producer, as a build imports it
from callouts.plugin import _People as CalloutPeople
from meded_core import people
from pelican.settings import read_settings
from quality.people import People as QualityPeople

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = "maya-okafor:\n  name: Maya Okafor\n  degrees: MD, MHPE\n  orcid: 0000-0002-1825-0097\n"


def settings_for(tmp_path: Path) -> dict:
    content = tmp_path / "content"
    content.mkdir()
    (content / "authors.yml").write_text(REGISTRY, encoding="utf-8")
    return dict(read_settings(str(ROOT / "pelican.conf.py"), override={"PATH": str(content)}))


def test_the_site_people_are_the_author_registry(tmp_path):
    settings = settings_for(tmp_path)
    person = people.site_people(settings).get("Maya Okafor")
    assert (person.slug, person.display_name, person.orcid) == (
        "maya-okafor",
        "Maya Okafor, MD, MHPE",
        "0000-0002-1825-0097",
    )
    assert QualityPeople.for_settings(settings).find("maya-okafor").name == "Maya Okafor, MD, MHPE"
    assert CalloutPeople(settings).find("maya-okafor").slug == "maya-okafor"


def test_without_a_registry_names_are_taken_as_written(tmp_path, monkeypatch):
    settings = settings_for(tmp_path)
    monkeypatch.setattr(people, "_people", None)  # no plugin keeps a registry
    monkeypatch.setattr("meded_core.cited_works.load_site_plugins", lambda settings: None)
    assert people.site_people(settings) is None
    found = QualityPeople.for_settings(settings).find("Dr Someone")
    assert (found.key, found.name, found.slug) == ("Dr Someone", "Dr Someone", None)
    assert CalloutPeople(settings).find("maya-okafor") is None
    assert CalloutPeople(settings).suggest("maya") == ""


def test_make_impact_asks_about_the_registry_people_with_a_valid_orcid(tmp_path):
    """The same registry and the same ORCID check as the author pages: an iD whose check
    digit is wrong is a notice, not a request."""
    from impact.targets import read_authors

    settings = settings_for(tmp_path)
    registry = tmp_path / "content/authors.yml"
    registry.write_text(
        REGISTRY + "sam-lee:\n  name: Sam Lee\n  orcid: 0000-0002-1825-0098\n", encoding="utf-8"
    )
    notices: list[str] = []
    targets = read_authors(settings, notices)
    assert [(t.key, t.title) for t in targets] == [("orcid:0000-0002-1825-0097", "Maya Okafor")]
    assert len(notices) == 1 and "authors.yml" in notices[0] and "orcid" in notices[0]
