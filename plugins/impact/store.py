"""The committed impact figures: load them, update them, save them without losing a value.

Why a store of our own: builds must be offline and reproducible, and a promotion dossier
must never lose a figure because an API was down on the day of a build. ``make impact``
updates these files; every build (and every other plugin) only reads them.

Files (``content/data/impact/``; sorted, stable, one figure per line, so reviews can read
the diff):

``figures.json``
    ``{"schema": 1, "note": …, "records": {key: record}}``, the latest value of each figure.
``history.json``
    ``{"schema": 1, "max_points": N, "series": {key: {figure: [[as_of, value], …]}}}``. A
    point is added only when a value changes (a second run on the same day replaces that
    day's point) and each series keeps its newest ``max_points``, so growth is bounded.
    Only headline numbers (``FigureInfo.history``) have a history.

Record keys: ``doi:<lower-case doi>`` for works and posts with a DOI, ``pmid:<digits>`` for
works known only by PubMed ID, ``orcid:<0000-0000-0000-000X>`` for authors. A record is::

    {"kind": "work" | "post" | "author",
     "ids": {"doi": …, "pmid": …, "pmcid": …, "orcid": …, "openalex": …},
     "title": "…", "source_path": "posts/x.md" (posts only),
     "metrics": {"openalex.cited_by_count": {"value": 962, "as_of": "2026-11-27",
                                             "source": "openalex"}, …},
     "checked": {"openalex": "2026-11-27", …}}   # last complete answer, found or not

Figure names are ``"<provider>.<figure>"`` (see :data:`FIGURES` for every name, its label
and meaning). A provider that fails keeps its old figures with their older ``as_of``.

Other plugins and templates read the figures through :func:`figures_for` (the site being
built, read again only when the files change) or :func:`load_figures`; :class:`Figures`
finds a record by any of its identifiers, in any spelling people write them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
import contextlib
from dataclasses import dataclass, field
import json
import os
from pathlib import Path
import sys
import tempfile
from typing import Any, NamedTuple

from meded_core import incremental
from meded_core.identifiers import normalize_doi, normalize_orcid, normalize_pmid
from meded_core.problems import Problem, report
from meded_core.safe_load import load_json

from .settings import SETTINGS
from .values import is_date, is_number, plain, shown

SCHEMA = 1
FIGURES_FILE = "figures.json"
HISTORY_FILE = "history.json"
DEFAULT_HISTORY_POINTS = 60  # five years of monthly runs per figure
KINDS = ("work", "post", "author")
NOTE = (
    "Written by `make impact`; edit by hand only to remove a record. Each figure keeps "
    "the date it was last confirmed (as_of) and the provider it came from (source)."
)


class ImpactDataError(Exception):
    """A committed impact file cannot be read (bad JSON, merge conflict, wrong shape)."""

    def __init__(
        self, path: str | os.PathLike[str], problem: str, fix: str = "", line: int | None = None
    ):
        self.path, self.problem, self.line = str(path), problem, line
        self.fix = fix or (
            f"restore the file with `git checkout -- {path}` and rerun `make impact`"
        )
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem} ({self.fix})")


class HistoryPoint(NamedTuple):
    as_of: str
    value: Any


@dataclass(frozen=True)
class FigureInfo:
    """What a figure means, for READMEs, tables and tooltips."""

    label: str
    help: str
    history: bool = False  # a headline figure worth a trend (keeps history.json small)


PROVIDER_NAMES = {
    "altmetric": "Altmetric",
    "crossref": "Crossref",
    "openalex": "OpenAlex",
    "icite": "NIH iCite",
    "europepmc": "Europe PMC",
}

FIGURES: dict[str, FigureInfo] = {
    # Altmetric (attention, not quality; only with an API key)
    "altmetric.score": FigureInfo(
        "Altmetric Attention Score", "weighted count of online attention", history=True
    ),
    "altmetric.posts": FigureInfo("Posts", "all posts mentioning the work", history=True),
    "altmetric.accounts": FigureInfo("Accounts", "distinct accounts or outlets mentioning it"),
    "altmetric.news": FigureInfo("News stories", "news outlets"),
    "altmetric.blogs": FigureInfo("Blog posts", "blogs"),
    "altmetric.policy": FigureInfo("Policy documents", "policy sources"),
    "altmetric.patents": FigureInfo("Patents", "patents citing it"),
    "altmetric.x": FigureInfo("X (Twitter) posts", "accounts on X"),
    "altmetric.bluesky": FigureInfo("Bluesky posts", "Bluesky posts"),
    "altmetric.facebook": FigureInfo("Facebook pages", "public Facebook pages"),
    "altmetric.reddit": FigureInfo("Reddit threads", "Reddit"),
    "altmetric.wikipedia": FigureInfo("Wikipedia pages", "Wikipedia citations"),
    "altmetric.videos": FigureInfo("Videos", "video posts"),
    "altmetric.podcasts": FigureInfo("Podcasts", "podcast episodes"),
    "altmetric.guidelines": FigureInfo("Guidelines", "clinical guidelines"),
    "altmetric.mendeley_readers": FigureInfo(
        "Mendeley readers", "reference-manager saves", history=True
    ),
    "altmetric.percentile_all": FigureInfo(
        "Attention percentile (all outputs)", "share of all outputs with less attention"
    ),
    "altmetric.percentile_journal": FigureInfo(
        "Attention percentile (same journal)", "share of the journal's outputs with less attention"
    ),
    "altmetric.percentile_similar_age": FigureInfo(
        "Attention percentile (same age)", "outputs of a similar age (3 months)"
    ),
    "altmetric.details_url": FigureInfo(
        "Altmetric details page", "link required by Altmetric's terms"
    ),
    # Crossref
    "crossref.is_referenced_by_count": FigureInfo(
        "Crossref citations", "citing works whose references Crossref holds", history=True
    ),
    "crossref.retracted": FigureInfo("Retracted (Crossref)", "a retraction notice is registered"),
    "crossref.updates": FigureInfo(
        "Corrections and retractions", "notices registered with Crossref (updated-by)"
    ),
    # OpenAlex works
    "openalex.id": FigureInfo("OpenAlex ID", "the work's or author's OpenAlex identifier"),
    "openalex.cited_by_count": FigureInfo(
        "OpenAlex citations", "citing works OpenAlex knows", history=True
    ),
    "openalex.counts_by_year": FigureInfo(
        "Citations by year (OpenAlex)", "citations received each year (last ~10 years)"
    ),
    "openalex.fwci": FigureInfo(
        "Field-weighted citation impact",
        "citations relative to similar works (1.0 = average)",
        history=True,
    ),
    "openalex.citation_percentile": FigureInfo(
        "Citation percentile (OpenAlex)",
        "percentile among works of the same field and year",
        history=True,
    ),
    "openalex.top_1_percent": FigureInfo("Top 1% cited", "in the top 1% of its field and year"),
    "openalex.top_10_percent": FigureInfo("Top 10% cited", "in the top 10% of its field and year"),
    "openalex.is_retracted": FigureInfo("Retracted (OpenAlex)", "OpenAlex marks it retracted"),
    "openalex.journal": FigureInfo("Journal", "the journal's name in OpenAlex"),
    "openalex.journal_2yr_mean_citedness": FigureInfo(
        "Journal 2-year mean citedness",
        "an impact-factor-like figure for the journal",
        history=True,
    ),
    # OpenAlex authors
    "openalex.h_index": FigureInfo("h-index", "h works cited at least h times each", history=True),
    "openalex.i10_index": FigureInfo("i10-index", "works cited at least 10 times", history=True),
    "openalex.works_count": FigureInfo(
        "Works", "works OpenAlex attributes to the author", history=True
    ),
    "openalex.two_year_mean_citedness": FigureInfo(
        "2-year mean citedness",
        "mean citations of the author's works from the last 2 years",
        history=True,
    ),
    # NIH iCite
    "icite.relative_citation_ratio": FigureInfo(
        "Relative Citation Ratio",
        "field-normalised citations; 1.0 = median NIH-funded paper",
        history=True,
    ),
    "icite.nih_percentile": FigureInfo(
        "NIH percentile", "percentile of the RCR among NIH papers", history=True
    ),
    "icite.citation_count": FigureInfo(
        "iCite citations", "citations from PubMed-indexed papers", history=True
    ),
    "icite.citations_per_year": FigureInfo("Citations per year (iCite)", "since publication"),
    "icite.apt": FigureInfo(
        "Approximate Potential to Translate", "predicted chance of a later clinical citation"
    ),
    "icite.clinical_citations": FigureInfo(
        "Clinical citations", "citing clinical trials and guidelines", history=True
    ),
    "icite.provisional": FigureInfo("Provisional RCR", "too recent for a stable RCR"),
    # Europe PMC
    "europepmc.cited_by_count": FigureInfo(
        "Europe PMC citations", "citing records in Europe PMC", history=True
    ),
}


def provider_of(figure: str) -> str:
    return figure.split(".", 1)[0]


def has_history(figure: str, value: Any) -> bool:
    """Headline numbers make trends; links, lists, flags and minor counts do not."""
    info = FIGURES.get(figure)
    return (
        bool(info and info.history)
        and isinstance(value, (int, float))
        and not isinstance(value, bool)
    )


# --- keys ------------------------------------------------------------------------------------


def orcid_id(text: Any) -> str | None:
    """An ORCID iD in ``0000-0000-0000-000X`` form, or None."""
    return normalize_orcid(str(text)) if text else None


def work_key(doi: Any = None, pmid: Any = None) -> str | None:
    """``doi:…`` when the work has a DOI, else ``pmid:…``; None when it has neither."""
    doi = normalize_doi(doi) if doi else None
    if doi:
        return f"doi:{doi}"
    pmid = normalize_pmid(pmid) if pmid else None
    return f"pmid:{pmid}" if pmid else None


def author_key(orcid: Any) -> str | None:
    value = orcid_id(orcid)
    return f"orcid:{value}" if value else None


def normalize_key(key: str) -> str | None:
    """Canonical form of any ``doi:``/``pmid:``/``orcid:`` key (None if not one)."""
    scheme, _, value = str(key).partition(":")
    scheme = scheme.strip().lower()
    if scheme == "doi":
        return work_key(doi=value)
    if scheme == "pmid":
        return work_key(pmid=value)
    if scheme == "orcid":
        return author_key(value)
    return None


# --- records ---------------------------------------------------------------------------------


@dataclass
class ImpactRecord:
    """The figures of one work, post or author."""

    key: str
    kind: str = "work"
    ids: dict[str, str] = field(default_factory=dict)
    title: str = ""
    source_path: str = ""
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)

    @property
    def doi(self) -> str | None:
        return self.ids.get("doi")

    @property
    def pmid(self) -> str | None:
        return self.ids.get("pmid")

    @property
    def orcid(self) -> str | None:
        return self.ids.get("orcid")

    def figure(self, name: str) -> dict[str, Any] | None:
        """``{"value", "as_of", "source"}`` of one figure, or None."""
        return self.metrics.get(name)

    def value(self, name: str, default: Any = None) -> Any:
        entry = self.metrics.get(name)
        return default if entry is None else entry.get("value", default)

    def for_provider(self, provider: str) -> dict[str, dict[str, Any]]:
        prefix = f"{provider}."
        return {k: v for k, v in self.metrics.items() if k.startswith(prefix)}

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "ids": dict(sorted(self.ids.items()))}
        if self.title:
            data["title"] = self.title
        if self.source_path:
            data["source_path"] = self.source_path
        data["metrics"] = {
            name: {"as_of": entry["as_of"], "source": entry["source"], "value": entry["value"]}
            for name, entry in sorted(self.metrics.items())
        }
        data["checked"] = dict(sorted(self.checked.items()))
        return data

    @classmethod
    def from_json(
        cls, key: str, data: dict[str, Any], where: str, problems: list[Problem]
    ) -> ImpactRecord:
        """The record, with every figure that no page could show left out and reported.

        A figure is skipped (with a problem naming the file, the record and the figure)
        when its value is not a bounded number, flag, text or short list of them (a
        400-digit count, NaN, an object), or its ``as_of`` is not a real date. The rest of
        the record, and every other record, is kept: one bad value never takes a site's
        figures down with it.
        """

        def skip(field: str, what: str) -> None:
            message = f"record {key!r}: {what}; the figure is left out"
            fix = "rerun `make impact --force` to fetch it again, or delete the figure"
            problems.append(Problem(where, message, fix, field=field))

        metrics: dict[str, dict[str, Any]] = {}
        raw_metrics = data.get("metrics") or {}
        if not isinstance(raw_metrics, dict):
            skip("metrics", "'metrics' is not a mapping")
            raw_metrics = {}
        for name, entry in raw_metrics.items():
            if not isinstance(entry, dict) or "value" not in entry:
                skip(str(name), "expected {value, as_of, source}")
                continue
            value, as_of = entry["value"], entry.get("as_of") or ""
            info = FIGURES.get(str(name))
            if not plain(value) or (info and info.history and not is_number(value)):
                skip(str(name), f"the value is not a figure ({shown(value)})")
                continue
            if as_of and not is_date(as_of):
                skip(str(name), f"as_of is not a date ({shown(as_of)})")
                continue
            metrics[str(name)] = {  # dates and sources repeat in every record: share them
                "value": value,
                "as_of": sys.intern(str(as_of)),
                "source": sys.intern(str(entry.get("source") or provider_of(str(name)))),
            }
        kind = str(data.get("kind") or "work")
        ids = data.get("ids") if isinstance(data.get("ids"), dict) else {}
        checked = data.get("checked") if isinstance(data.get("checked"), dict) else {}
        return cls(
            key=key,
            kind=kind if kind in KINDS else "work",
            ids={str(k): str(v) for k, v in ids.items() if isinstance(v, (str, int)) and v},
            title=str(data.get("title") or "") if isinstance(data.get("title"), str) else "",
            source_path=str(data.get("source_path") or ""),
            metrics=metrics,
            checked={str(k): str(v) for k, v in checked.items() if is_date(v)},
        )


class Figures(Mapping[str, ImpactRecord]):
    """All records, keyed by identifier, plus the history of each figure.

    Reading is safe from any thread; updating is done by one thread (the fetcher's main
    loop), which is why there are no locks.
    """

    def __init__(
        self,
        records: dict[str, ImpactRecord] | None = None,
        history: dict[str, dict[str, list[list[Any]]]] | None = None,
        max_points: int = DEFAULT_HISTORY_POINTS,
    ):
        self.records: dict[str, ImpactRecord] = records or {}
        self.series: dict[str, dict[str, list[list[Any]]]] = history or {}
        self.max_points = max_points
        self.note = NOTE  # the file's note; demo data says so here (pages may show it)
        self.problems: list[Problem] = []  # damaged records and figures left out on loading
        self._aliases: dict[str, str] | None = None

    # Mapping interface
    def __getitem__(self, key: str) -> ImpactRecord:
        if key in self.records:
            return self.records[key]
        canonical = normalize_key(key)
        if canonical is not None:
            if canonical in self.records:
                return self.records[canonical]
            alias = self._alias_index().get(canonical)
            if alias is not None:
                return self.records[alias]
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.records))

    def __len__(self) -> int:
        return len(self.records)

    def _alias_index(self) -> dict[str, str]:
        if self._aliases is None:
            index: dict[str, str] = {}
            for key, record in self.records.items():
                for scheme in ("doi", "pmid", "orcid"):
                    value = record.ids.get(scheme)
                    alias = normalize_key(f"{scheme}:{value}") if value else None
                    if alias and alias != key:
                        index.setdefault(alias, key)
            self._aliases = index
        return self._aliases

    def lookup(self, doi: Any = None, pmid: Any = None, orcid: Any = None) -> ImpactRecord | None:
        """The record for any of these identifiers (first match in this order), or None."""
        for key in (work_key(doi=doi), work_key(pmid=pmid), author_key(orcid)):
            if key and key in self:
                return self[key]
        return None

    def history(self, key: str, figure: str) -> list[HistoryPoint]:
        """The recorded values of one figure, oldest first (empty when none)."""
        try:
            key = self[key].key
        except KeyError:
            return []
        return [HistoryPoint(str(p[0]), p[1]) for p in self.series.get(key, {}).get(figure, [])]

    # updating (the fetcher)
    def record(self, key: str, kind: str = "work") -> ImpactRecord:
        """The record for ``key``, created when new."""
        existing = self.records.get(key)
        if existing is None:
            existing = self.records[key] = ImpactRecord(key=key, kind=kind)
            self._aliases = None
        return existing

    def add_ids(self, record: ImpactRecord, ids: Mapping[str, Any]) -> None:
        for scheme, value in ids.items():
            if value and not record.ids.get(scheme):
                record.ids[scheme] = str(value)
                self._aliases = None

    def set_figures(
        self, record: ImpactRecord, provider: str, values: Mapping[str, Any], as_of: str
    ) -> int:
        """Store a provider's fresh values; figures it did not send keep their old date.

        Returns how many figures changed value.
        """
        changed = 0
        for name, value in values.items():
            if value is None:
                continue
            old = record.metrics.get(name)
            if old is None or old.get("value") != value:
                changed += 1
            record.metrics[name] = {"value": value, "as_of": as_of, "source": provider}
            if has_history(name, value):
                self._remember(record.key, name, as_of, value)
        record.checked[provider] = as_of
        return changed

    def mark_checked(self, record: ImpactRecord, provider: str, as_of: str) -> None:
        record.checked[provider] = as_of

    def _remember(self, key: str, name: str, as_of: str, value: Any) -> None:
        points = self.series.setdefault(key, {}).setdefault(name, [])
        if points and points[-1][1] == value and type(points[-1][1]) is type(value):
            return
        if points and points[-1][0] == as_of:
            points[-1] = [as_of, value]
        elif points and points[-1][0] > as_of:
            return  # an older answer (from the HTTP cache) never rewrites newer history
        else:
            points.append([as_of, value])
        if len(points) > self.max_points:
            del points[: len(points) - self.max_points]


# --- files -----------------------------------------------------------------------------------


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ImpactDataError(path, f"cannot be read ({exc.strerror})") from None
    if "<<<<<<<" in text or ">>>>>>>" in text:
        raise ImpactDataError(
            path,
            "contains git merge-conflict markers",
            f"resolve the conflict, or take one side with `git checkout --theirs -- {path}`, "
            "then rerun `make impact`",
        )
    try:
        return load_json(text)
    except ValueError as exc:  # JSONDecodeError, or a number with thousands of digits
        message = getattr(exc, "msg", None) or str(exc)[:80]
        line = getattr(exc, "lineno", None)
        raise ImpactDataError(path, f"not valid JSON ({message})", line=line) from None


def load_figures(path: str | os.PathLike[str], quiet: bool = False) -> Figures:
    """Read the figures folder (``content/data/impact``); empty Figures when it is absent.

    A file that cannot be read at all raises ImpactDataError. Records and figures that
    are damaged (a record that is not a mapping, a value no page can show, a history
    point that is not ``[date, number]``) are left out; each is reported as a content
    problem (file, line, record, figure) unless ``quiet``, and kept in ``Figures.problems``.
    """
    folder = Path(path)
    raw = _read_json(folder / FIGURES_FILE)
    records: dict[str, ImpactRecord] = {}
    problems: list[Problem] = []
    where = str(folder / FIGURES_FILE)
    if raw is not None:
        items = raw.get("records") if isinstance(raw, dict) else None
        if not isinstance(items, dict):
            raise ImpactDataError(where, "expected an object with a 'records' mapping")
        for key, data in items.items():
            canonical = normalize_key(key) or str(key)
            if not isinstance(data, dict):
                message = f"record {key!r} is not a mapping; it is left out"
                problems.append(
                    Problem(where, message, "delete the record and rerun `make impact`")
                )
                continue
            records[canonical] = ImpactRecord.from_json(canonical, data, where, problems)
    hist_raw = _read_json(folder / HISTORY_FILE)
    series: dict[str, dict[str, list[list[Any]]]] = {}
    max_points = DEFAULT_HISTORY_POINTS
    if hist_raw is not None:
        where = str(folder / HISTORY_FILE)
        if not isinstance(hist_raw, dict) or not isinstance(hist_raw.get("series"), dict):
            raise ImpactDataError(where, "expected an object with a 'series' mapping")
        points_setting = hist_raw.get("max_points")
        if isinstance(points_setting, int) and 0 < points_setting < 100_000:
            max_points = points_setting
        for key, figures in hist_raw["series"].items():
            if not isinstance(figures, dict):
                problems.append(Problem(where, f"series {key!r} is not a mapping; left out"))
                continue
            per: dict[str, list[list[Any]]] = {}
            for name, points in figures.items():
                if not isinstance(points, list):
                    continue
                good = [
                    [sys.intern(p[0]), p[1]]
                    for p in points
                    if isinstance(p, list) and len(p) == 2 and is_date(p[0]) and is_number(p[1])
                ]
                if len(good) < len(points):
                    bad = (
                        f"series {key!r}: {len(points) - len(good)} point(s) are not [date, number]"
                    )
                    problems.append(Problem(where, f"{bad}; they are left out", field=str(name)))
                per[str(name)] = good
            series[normalize_key(key) or str(key)] = per
    figures = Figures(records, series, max_points)
    figures.problems = problems
    if isinstance(raw, dict) and isinstance(raw.get("note"), str):
        figures.note = raw["note"]
    if not quiet:
        for problem in problems:
            report(problem)
    return figures


def _format(value: Any, expand: tuple[bool, ...], depth: int = 0) -> str:
    """JSON with containers expanded down to ``len(expand)`` levels, compact below.

    Keeps one figure (or one history point) per line, which is what makes reviews of the
    data readable, without spreading a single figure over five lines.
    """
    compact = depth >= len(expand) or not expand[depth]
    if compact or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    pad = "  " * (depth + 1)
    if isinstance(value, dict):
        items = [
            f"{pad}{json.dumps(str(k), ensure_ascii=False)}: {_format(v, expand, depth + 1)}"
            for k, v in sorted(value.items())
        ]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    items = [f"{pad}{_format(v, expand, depth + 1)}" for v in value]
    return "[\n" + ",\n".join(items) + "\n" + "  " * depth + "]"


def _file_mode(path: Path) -> int:
    """The target's current mode, or what a plain ``open()`` would give (0666 minus umask)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def atomic_write(path: Path, text: str) -> None:
    """Write a file so that a crash (even ``kill -9``) leaves either the old or the new one.

    The text goes to a temporary file in the same folder, is flushed to disk, and then
    replaces the target in one ``os.replace`` (atomic on POSIX and Windows).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode(path))  # mkstemp makes 0600; published files must be readable
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def figures_text(figures: Figures, note: str | None = None) -> str:
    """``figures.json``: a block per record, one figure per line, ids and dates compact."""
    records = []
    for key in sorted(figures.records):
        parts = []
        for name, value in figures.records[key].to_json().items():
            expand = (True,) if name == "metrics" else ()
            text = _format(value, expand).replace("\n", "\n      ")
            parts.append(f"      {json.dumps(name)}: {text}")
        head = f"    {json.dumps(key, ensure_ascii=False)}: {{\n"
        records.append(head + ",\n".join(parts) + "\n    }")
    body = "{\n" + ",\n".join(records) + "\n  }" if records else "{}"
    text = json.dumps(note or figures.note, ensure_ascii=False)
    return f'{{\n  "note": {text},\n  "records": {body},\n  "schema": {SCHEMA}\n}}\n'


def history_text(figures: Figures) -> str:
    data = {
        "schema": SCHEMA,
        "max_points": figures.max_points,
        "series": {
            key: {name: points for name, points in sorted(per.items()) if points}
            for key, per in sorted(figures.series.items())
            if any(per.values())
        },
    }
    return _format(data, (True, True, True, True)) + "\n"


def save_figures(path: str | os.PathLike[str], figures: Figures, note: str | None = None) -> None:
    """Write both files atomically (figures first: history heals itself on the next run)."""
    folder = Path(path)
    atomic_write(folder / FIGURES_FILE, figures_text(figures, note))
    atomic_write(folder / HISTORY_FILE, history_text(figures))
    for leftover in folder.glob(".*.json.*.tmp"):  # from a run killed mid-write
        with contextlib.suppress(OSError):
            leftover.unlink()


# --- the site's figures during a build ---------------------------------------------------------


def data_folder(settings: Mapping[str, Any]) -> Path:
    """``content/data/impact`` of the site being built (setting ``IMPACT_DATA_PATH``)."""
    relative = SETTINGS.values(settings)["IMPACT_DATA_PATH"]
    return Path(settings.get("PATH") or "content") / relative


def data_digest(settings: Mapping[str, Any]) -> str:
    """Hash of the committed figures and history: what everything derived from them reads."""
    folder = data_folder(settings)
    return incremental.digest(
        [incremental.file_digest(folder / name) for name in (FIGURES_FILE, HISTORY_FILE)]
    )


def figures_for(settings: Mapping[str, Any]) -> Figures:
    """The site's figures, read and checked once per change of the files or of this code
    (the build's memo keeps them; raises ImpactDataError)."""
    folder = data_folder(settings)
    key = incremental.digest(incremental.code_of(__file__), data_digest(settings))
    figures = incremental.memo().remember(
        "impact.figures", key, lambda: load_figures(folder, quiet=True)
    )
    for problem in figures.problems:  # every build lists them (a reused load included)
        report(problem)
    return figures
