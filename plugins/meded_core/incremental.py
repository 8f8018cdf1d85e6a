"""The incremental-build layer: every derived artefact is remembered by the hashes of its inputs.

Why one layer: a rebuild should cost what an edit reaches, not what the site holds. Each
plugin derives artefacts from a few inputs (a post's rendered citations from the post and
the works it cites, a page's HTML from its post, the theme, the code and the settings, a
download file from the items in it). A plugin names those inputs as a key built with
:func:`digest`, and asks this module for the artefact: it is computed only when no build
has computed it from the same inputs before. Every plugin uses the same four calls, so the
rules for what is stale (any input changed, including code and settings) live here once:

* :meth:`BuildMemo.remember` - a value (pickled) computed from the inputs in its key;
* :meth:`BuildMemo.output_is_current` / :meth:`BuildMemo.output_written` - a file in
  ``output/`` left as it is while its key and its size and modification time still match
  (a file touched since, by hand or by a killed build, is written again);
* :func:`unchanged_build` - when no input of the whole build changed since the last build
  that finished and ``output/`` is as that build left it, the build stops at once and
  reports the problems that build found (strict builds still fail on them).

Storage: one SQLite file under ``CACHE_PATH``. Reads go to the file as needed (nothing is
loaded up front); new values are kept in memory and written in one short transaction when
the build finishes, so a build that is killed or fails leaves the previous state intact
and two builds sharing a cache block each other only for that moment. Entries no finished
build used are dropped, so the file holds one build's worth of artefacts.

Pelican's own reader cache (parsed posts) is part of the same rule: its files are named by
the hash of the plugin code and settings, so a code change is never served stale output.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
from pathlib import Path
import pickle
import sqlite3
import stat
import sys
from typing import Any, TypeVar

import jinja2
import jinja2.bccache

from .publication import POST_SUFFIXES

logger = logging.getLogger("meded")

T = TypeVar("T")
SCHEMA = 1
FILE_NAME = "build-memo.sqlite3"
_PICKLE = 5
WHOLE_KIND_BYTES = 16 << 20  # kinds up to this size are read in one query


# --- keys -------------------------------------------------------------------------------------


_PLAIN = frozenset({type(None), bool, int, float, str})


def stable(value: Any) -> Any:
    """A JSON-able, deterministic view of ``value`` for hashing (never a memory address).

    Every key of the build passes through here, often over a post's whole front matter, so
    the common built-in types are tested first, and mappings are not sorted here:
    :func:`digest` hashes JSON with sorted keys."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dict):
        return {str(k): stable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [stable(v) for v in value]
    if isinstance(value, bool | int | float | str):  # subclasses: Markup, enums
        return value
    if isinstance(value, set | frozenset):
        return sorted((stable(v) for v in value), key=repr)
    if isinstance(value, bytes):
        return hashlib.blake2b(value, digest_size=16).hexdigest()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {type(value).__name__: stable(dataclasses.asdict(value))}
    if hasattr(value, "slug") and hasattr(value, "name"):  # Pelican's Author, Tag, Category
        return f"{type(value).__name__}:{value.name}:{value.slug}"
    if hasattr(value, "getConfigs"):  # a Markdown extension in the settings: class and options
        kind = type(value)
        return f"extension:{kind.__module__}.{kind.__qualname__}:{stable(value.getConfigs())}"
    if callable(value) and hasattr(value, "__qualname__"):  # a filter or hook in the settings
        return f"callable:{getattr(value, '__module__', '')}.{value.__qualname__}"
    text = str(value)
    if " at 0x" in text:  # an object without a meaningful str: never equal to anything
        return f"{type(value).__name__}:unique:{id(value)}:{os.urandom(8).hex()}"
    return f"{type(value).__name__}:{text}"


def digest(*parts: Any) -> str:
    """The key of an artefact computed from ``parts`` (any mix of values and digests)."""
    data = json.dumps(stable(parts), sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


_file_digests: dict[str, tuple[int, int, str]] = {}


def file_digest(path: str | Path) -> str:
    """Hash of a file's bytes ("" when it is missing), memoised while its stamp holds."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except OSError:
        return ""
    known = _file_digests.get(name)
    if known and known[:2] == (info.st_size, info.st_mtime_ns):
        return known[2]
    with open(name, "rb") as handle:
        value = hashlib.file_digest(handle, "blake2b").hexdigest()[:40]
    _file_digests[name] = (info.st_size, info.st_mtime_ns, value)
    return value


def tree_digest(root: str | Path, skip: Callable[[Path], bool] = lambda _: False) -> str:
    """Hash of every file under ``root`` (names and bytes), except those ``skip`` picks."""
    root = Path(root)
    hasher = hashlib.blake2b(digest_size=20)
    if not root.is_dir():
        return file_digest(root) if root.exists() else ""
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or path.is_dir() or skip(path):
            continue
        hasher.update(path.relative_to(root).as_posix().encode())
        hasher.update(file_digest(path).encode())
    return hasher.hexdigest()


@functools.cache
def _installed_versions() -> str:
    names = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    return digest(sys.version, names)


_code: dict[str, str] = {}


def code_of(module_file: str) -> str:
    """Hash of the code an artefact comes from: the plugin holding ``module_file``, the
    shared core and the installed libraries (a finer key than all of the site's code)."""
    folder = os.path.dirname(os.path.abspath(module_file))
    found = _code.get(folder)
    if found is None:
        core = os.path.dirname(os.path.abspath(__file__))
        found = _code[folder] = digest(
            _installed_versions(), tree_digest(folder), tree_digest(core)
        )
    return found


@dataclasses.dataclass(frozen=True)
class SiteInputs:
    """Digests of what every page may read: code, theme, settings, data files and the day."""

    code: str  # the plugins, Python and the installed libraries
    theme: str
    settings: str
    data: str  # every file under content/ that is not a post or page source
    today: str

    @property
    def all(self) -> str:
        return digest(dataclasses.astuple(self))


SOURCE_SUFFIXES = {*POST_SUFFIXES, ".rst", ".html", ".htm"}  # post and page sources


def site_inputs(settings: dict[str, Any]) -> SiteInputs:
    plugin_dirs = [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    code = digest(_installed_versions(), [tree_digest(p) for p in plugin_dirs])
    theme = Path(settings.get("THEME", ""))
    return SiteInputs(
        code=code,
        theme=tree_digest(theme) if theme.is_dir() else "",
        settings=digest(settings),
        data=tree_digest(
            Path(settings.get("PATH", "content")),
            lambda p: p.suffix.lower() in SOURCE_SUFFIXES,
        ),
        today=str(settings.get("QUALITY_TODAY") or dt.date.today().isoformat()),
    )


# --- the store --------------------------------------------------------------------------------


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else None


MISSING = object()


class BuildMemo:
    """One build's view of the stored artefacts (see the module docstring)."""

    def __init__(self, cache_dir: Path | None):
        self.path = cache_dir / FILE_NAME if cache_dir else None
        self._db: sqlite3.Connection | None = None
        self._new: dict[tuple[str, str], bytes] = {}
        self._used: set[tuple[str, str]] = set()
        self._values: dict[tuple[str, str], Any] = {}  # remembered this build
        self._kinds: dict[str, dict[str, bytes] | None] = {}  # small kinds, read whole
        self._stored_outputs: dict[str, tuple[str, int, int]] | None = None
        self._outputs: dict[str, str] = {}  # output file -> key, stamped when the build ends
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()
        if self.path is not None:
            self._db = _open(self.path)

    def remember(self, kind: str, key: str, compute: Callable[[], T]) -> T:
        """The value computed from the inputs in ``key``, computing it only if it is new.

        The value is also kept for the rest of the build: every caller gets the same object.
        """
        found = self._values.get((kind, key), MISSING)
        if found is MISSING:
            found = self.recall(kind, key)
        if found is MISSING:
            found = compute()
            self.keep(kind, key, found)
        self._values[(kind, key)] = found
        return found

    def recall(self, kind: str, key: str) -> Any:
        """The stored value, or the ``MISSING`` marker (see :meth:`remember`)."""
        self._used.add((kind, key))
        blob = self._new.get((kind, key))
        if blob is None and self._db is not None:
            whole = self._whole_kind(kind)
            if whole is not None:
                blob = whole.get(key)
            else:
                row = self._db.execute(
                    "SELECT value FROM artefacts WHERE kind = ? AND key = ?", (kind, key)
                ).fetchone()
                blob = row[0] if row else None
        if blob is not None:
            with contextlib.suppress(Exception):  # unreadable (older code): computed again
                value = pickle.loads(blob)
                self.hits[kind] += 1
                return value
        self.misses[kind] += 1
        return MISSING

    def _whole_kind(self, kind: str) -> dict[str, bytes] | None:
        """Every stored artefact of ``kind`` when they are small together (one query
        instead of one per artefact), else None: large ones are read one at a time."""
        if kind not in self._kinds:
            size = self._db.execute(
                "SELECT total(length(value)) FROM artefacts WHERE kind = ?", (kind,)
            ).fetchone()[0]
            self._kinds[kind] = (
                dict(self._db.execute("SELECT key, value FROM artefacts WHERE kind = ?", (kind,)))
                if size <= WHOLE_KIND_BYTES
                else None
            )
        return self._kinds[kind]

    def holds(self, kind: str) -> bool:
        """True when an earlier build kept any artefact of this kind (a rebuild)."""
        if self._db is None:
            return False
        query = "SELECT 1 FROM artefacts WHERE kind = ? LIMIT 1"
        return self._db.execute(query, (kind,)).fetchone() is not None

    def keep(self, kind: str, key: str, value: Any) -> None:
        self._used.add((kind, key))
        self._new[(kind, key)] = pickle.dumps(value, protocol=_PICKLE)

    def output_is_current(self, path: str | Path, key: str) -> bool:
        """True when ``path`` was written from ``key`` by a finished build and is untouched."""
        name = os.fspath(path)
        self._outputs[name] = key
        if self._db is None:
            return False
        if self._stored_outputs is None:  # one query for all: every page asks
            rows = self._db.execute("SELECT name, key, size, mtime FROM outputs")
            self._stored_outputs = {row[0]: row[1:] for row in rows}
        row = self._stored_outputs.get(name)
        current = row is not None and row[0] == key and _stamp(name) == (row[1], row[2])
        (self.hits if current else self.misses)["output"] += 1
        return current

    def output_written(self, path: str | Path, key: str) -> None:
        """Record that this build wrote ``path`` from ``key`` (stamped when the build ends)."""
        self._outputs[os.fspath(path)] = key

    def save(self) -> None:
        """Write this build's new artefacts and output stamps; drop what it did not use."""
        if self._db is None:
            return
        db = self._db
        with db:
            db.executemany(
                "INSERT OR REPLACE INTO artefacts (kind, key, value) VALUES (?, ?, ?)",
                [(kind, key, blob) for (kind, key), blob in self._new.items()],
            )
            db.execute(
                "CREATE TEMP TABLE IF NOT EXISTS used (kind TEXT, key TEXT, PRIMARY KEY (kind, key))"
            )
            db.execute("DELETE FROM used")
            db.executemany("INSERT OR IGNORE INTO used VALUES (?, ?)", self._used)
            db.execute(
                "DELETE FROM artefacts WHERE NOT EXISTS "
                "(SELECT 1 FROM used WHERE used.kind = artefacts.kind AND used.key = artefacts.key)"
            )
            stamped = []
            for name, key in self._outputs.items():
                stamp = _stamp(name)
                if stamp is None:
                    db.execute("DELETE FROM outputs WHERE name = ?", (name,))
                else:
                    stamped.append((name, key, *stamp))
            db.executemany(
                "INSERT OR REPLACE INTO outputs (name, key, size, mtime) VALUES (?, ?, ?, ?)",
                stamped,
            )
        self._new.clear()

    # --- the whole build ----------------------------------------------------------------

    def last_build(self, output: str) -> tuple[str, bytes, bytes] | None:
        if self._db is None:
            return None
        return self._db.execute(
            "SELECT inputs, manifest, problems FROM builds WHERE output = ?", (output,)
        ).fetchone()

    def record_build(self, output: str, inputs: str, manifest: bytes, problems: bytes) -> None:
        if self._db is None:
            return
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO builds (output, inputs, manifest, problems) "
                "VALUES (?, ?, ?, ?)",
                (output, inputs, manifest, problems),
            )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def summary(self) -> str:
        kinds = sorted(set(self.hits) | set(self.misses))
        return ", ".join(
            f"{kind} {self.hits[kind]} reused/{self.misses[kind]} new" for kind in kinds
        )


def _open(path: Path) -> sqlite3.Connection | None:
    """The store, created when absent; a damaged or older file is replaced by an empty one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in (1, 2):
        try:
            db = sqlite3.connect(path, timeout=60)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA):
                raise sqlite3.DatabaseError(f"schema {version}")
            db.executescript(
                "CREATE TABLE IF NOT EXISTS artefacts "
                "(kind TEXT, key TEXT, value BLOB, PRIMARY KEY (kind, key));"
                "CREATE TABLE IF NOT EXISTS outputs "
                "(name TEXT PRIMARY KEY, key TEXT, size INTEGER, mtime INTEGER);"
                "CREATE TABLE IF NOT EXISTS builds "
                "(output TEXT PRIMARY KEY, inputs TEXT, manifest BLOB, problems BLOB);"
                f"PRAGMA user_version = {SCHEMA};"
            )
            return db
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(Exception):
                db.close()
            if attempt == 2:
                logger.warning("the build cache %s cannot be used (%s); building fully", path, exc)
                return None
            logger.warning("the build cache %s could not be read (%s); it was discarded", path, exc)
            for suffix in ("", "-journal", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.remove(f"{path}{suffix}")
    return None


# --- the build's memo -------------------------------------------------------------------------

_current: dict[str, Any] = {}


def begin(settings: dict[str, Any]) -> BuildMemo:
    """Open the memo for this build (called when each build starts)."""
    end()
    cache = settings.get("CACHE_PATH")
    memo = BuildMemo(Path(cache) if cache else None)
    _current.update(memo=memo, settings=settings, inputs=None)
    return memo


def memo() -> BuildMemo:
    """This build's memo (one without storage outside a build, e.g. in unit tests)."""
    found = _current.get("memo")
    if found is None:
        found = _current["memo"] = BuildMemo(None)
    return found


def inputs() -> SiteInputs:
    """Digests of this build's site-wide inputs, computed once per build."""
    found = _current.get("inputs")
    if found is None:
        found = _current["inputs"] = site_inputs(_current.get("settings") or {})
    return found


def end() -> None:
    found = _current.pop("memo", None)
    if found is not None:
        found.close()
    _current.clear()


# --- the whole build: stop at once when nothing changed ---------------------------------------


def _manifest(output: Path) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    stack = [str(output)]
    while stack:
        with contextlib.suppress(OSError), os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    found[entry.path] = (info.st_size, info.st_mtime_ns)
    return found


def unchanged_build(settings: dict[str, Any]) -> list | None:
    """The problems of the last finished build when nothing it read changed, else None.

    Computes this build's input digest as it goes (recorded when the build finishes), so a
    file edited while a build runs makes the next build run too.
    """
    memo_ = begin(settings)
    output = os.path.realpath(settings.get("OUTPUT_PATH", "output"))
    _current["build_inputs"] = digest(inputs().all, tree_digest(settings.get("PATH", "content")))
    last = memo_.last_build(output)
    if last is None or last[0] != _current["build_inputs"]:
        return None
    try:
        manifest = pickle.loads(last[1])
        found = pickle.loads(last[2])
    except Exception:
        return None
    if manifest != _manifest(Path(output)):
        return None
    return list(found)


def finish(settings: dict[str, Any], problems: Iterable[Any]) -> None:
    """Save the artefacts and record the finished build (its inputs, output and problems)."""
    memo_ = _current.get("memo")
    if memo_ is None:
        return
    output = os.path.realpath(settings.get("OUTPUT_PATH", "output"))
    memo_.save()
    build_inputs = _current.get("build_inputs")
    if build_inputs:
        memo_.record_build(
            output,
            build_inputs,
            pickle.dumps(_manifest(Path(output)), protocol=_PICKLE),
            pickle.dumps(list(problems), protocol=_PICKLE),
        )
    if memo_.hits or memo_.misses:
        logger.info("build cache: %s", memo_.summary())
    end()


class TemplateBytecode(jinja2.BytecodeCache):
    """Jinja's compiled templates, kept in the build's memo (compiling them costs more than
    rendering the few pages an edit reaches). Jinja's own key names only the template and
    its source, so the settings (autoescape, trim_blocks) and library versions are added."""

    @staticmethod
    def _key(bucket: jinja2.bccache.Bucket) -> str:
        return digest(_installed_versions(), inputs().settings, bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = memo().recall("templates", self._key(bucket))
        if found is not MISSING:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        memo().keep("templates", self._key(bucket), bucket.bytecode_to_string())


def reader_cache_name(settings: dict[str, Any], cache_name: str) -> str:
    """Pelican's reader-cache file name for the current code and settings."""
    return f"{cache_name}-{digest(inputs().code, inputs().settings)[:12]}"
