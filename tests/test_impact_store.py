"""The committed figures: round trips, history on change only, bounded, atomic, never lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from conftest import ROOT
from impact.store import Figures, ImpactDataError, load_figures, save_figures
from impact_support import FAST, KEY, make_site, run
import pytest

from bench.fakeapi import FakeAPI, Limit


def _figures() -> Figures:
    figures = Figures(max_points=3)
    record = figures.record("doi:10.7717/peerj.4375")
    figures.add_ids(record, {"doi": "10.7717/peerj.4375", "pmid": "29456894"})
    record.title = "The state of OA"
    return figures


def test_round_trip_lookup_by_any_identifier(tmp_path):
    figures = _figures()
    record = figures.records["doi:10.7717/peerj.4375"]
    figures.set_figures(
        record,
        "openalex",
        {"openalex.cited_by_count": 962, "openalex.is_retracted": False},
        "2026-01-01",
    )
    author = figures.record("orcid:0000-0002-1825-0097", "author")
    figures.add_ids(author, {"orcid": "0000-0002-1825-0097"})
    figures.set_figures(author, "openalex", {"openalex.h_index": 7}, "2026-01-01")
    save_figures(tmp_path, figures)
    loaded = load_figures(tmp_path)
    assert loaded["pmid:29456894"] is loaded["doi:10.7717/PEERJ.4375"]
    assert (
        loaded.lookup(doi="https://doi.org/10.7717/peerj.4375").value("openalex.cited_by_count")
        == 962
    )
    assert loaded.lookup(pmid="PMID: 29456894").title == "The state of OA"
    assert (
        loaded.lookup(orcid="https://orcid.org/0000-0002-1825-0097").value("openalex.h_index") == 7
    )
    assert loaded.lookup(doi="10.1000/unknown") is None
    entry = loaded["doi:10.7717/peerj.4375"].figure("openalex.cited_by_count")
    assert entry == {"value": 962, "as_of": "2026-01-01", "source": "openalex"}
    text = (tmp_path / "figures.json").read_text()
    assert (
        '"openalex.cited_by_count": {"as_of": "2026-01-01", "source": "openalex", "value": 962}'
        in text
    )
    assert text == (
        save_figures(tmp_path, loaded) or (tmp_path / "figures.json").read_text()
    )  # stable


def test_history_records_changes_only_and_stays_bounded(tmp_path):
    figures = _figures()
    record = figures.records["doi:10.7717/peerj.4375"]
    for day, value in [("2026-01-01", 1), ("2026-02-01", 1), ("2026-03-01", 2), ("2026-03-01", 3),
                       ("2026-04-01", 4), ("2026-05-01", 5), ("2025-12-01", 0)]:  # fmt: skip
        figures.set_figures(
            record, "openalex", {"openalex.cited_by_count": value, "openalex.id": "W1"}, day
        )
    save_figures(tmp_path, figures)
    points = load_figures(tmp_path).history("pmid:29456894", "openalex.cited_by_count")
    # unchanged values add nothing, a same-day rerun replaces, only 3 kept, older answers ignored
    assert [tuple(p) for p in points] == [("2026-03-01", 3), ("2026-04-01", 4), ("2026-05-01", 5)]
    assert (
        load_figures(tmp_path).history("doi:10.7717/peerj.4375", "openalex.id") == []
    )  # not a trend


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"records": []}', "'records' mapping"),
        ('<<<<<<< HEAD\n{"records": {}}\n=======\n', "merge-conflict"),
    ],
)
def test_unreadable_files_raise_a_clear_error(tmp_path, text, problem):
    (tmp_path / "figures.json").write_text(text)
    with pytest.raises(ImpactDataError) as caught:
        load_figures(tmp_path)
    assert problem in str(caught.value) and "figures.json" in str(caught.value)


def test_missing_folder_is_empty(tmp_path):
    assert len(load_figures(tmp_path / "absent")) == 0


WRITER = """
import sys
sys.path[:0] = [sys.argv[2]]
from pathlib import Path
from impact.store import atomic_write
print("writing", flush=True)
atomic_write(Path(sys.argv[1]), "x" * 200_000_000)
"""


def test_kill_9_in_the_middle_of_a_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "figures.json"
    target.write_text('{"old": true}')
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target), str(ROOT / "plugins")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "writing"
    deadline = time.monotonic() + 10
    while not list(tmp_path.glob(".figures.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert json.loads(target.read_text()) == {"old": True}
    assert list(tmp_path.glob(".figures.json.*.tmp"))  # it was killed mid-write
    save_figures(tmp_path, _figures())  # the next save sweeps the leftover
    assert not list(tmp_path.glob(".*.tmp"))


def test_kill_9_during_a_run_keeps_the_stored_figures(tmp_path, capsys):
    content = make_site(tmp_path)
    with FakeAPI("recorded", limits=FAST) as api:
        assert run(api, content, "--today", "2026-01-01").code == 0
    before = {p.name: p.read_bytes() for p in (content / "data/impact").iterdir()}
    slow = {name: Limit(limit=2, interval=1, concurrency=1) for name in FAST}
    with FakeAPI("recorded", latency=0.2, limits=slow) as api:
        env = {
            **os.environ,
            **api.env(),
            "ALTMETRIC_API_KEY": KEY,
            "PYTHONPATH": str(ROOT / "plugins"),
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "impact", "--content", str(content), "--cache", str(tmp_path / "cache2"),
             "--force", "--today", "2026-02-01", "--progress", "plain"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while api.count() < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert api.count() >= 4
    after = {p.name: p.read_bytes() for p in (content / "data/impact").iterdir()}
    assert after == before


def test_sigterm_saves_what_was_fetched(tmp_path):
    content = make_site(tmp_path)
    slow = {name: Limit(limit=3, interval=1, concurrency=1) for name in FAST}
    with FakeAPI("recorded", latency=0.05, limits=slow) as api:
        env = {
            **os.environ,
            **api.env(),
            "ALTMETRIC_API_KEY": KEY,
            "PYTHONPATH": str(ROOT / "plugins"),
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "impact", "--content", str(content), "--cache", str(tmp_path / "cache"),
             "--today", "2026-02-01", "--progress", "plain", "--timeout", "2"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while api.count() < 5 and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "interrupted, partial results saved" in out
    figures = load_figures(content / "data/impact")
    assert any(record.checked for record in figures.values())
