"""Content problems: one clear line per mistake, warned by default, fatal in strict builds.

Educators are not web developers, so a content mistake must never surface as a Python
traceback. Every plugin reports mistakes through :func:`report` with the file, the line
(when known), the field, what is wrong and how to fix it. A default build logs each as a
warning and carries on; a strict build (``make check``, CI) lists them all at the end and
fails with a non-zero exit status.
"""

from __future__ import annotations

from dataclasses import dataclass
import logging
import os

logger = logging.getLogger("meded")

# Insertion-ordered set: checking a new problem against earlier ones costs O(1), so a
# WordPress import with thousands of warnings is not quadratic.
_collected: dict[Problem, None] = {}


@dataclass(frozen=True)
class Problem:
    """One mistake in one content file (picklable, so it survives Pelican's reader cache)."""

    source: str
    message: str
    fix: str = ""
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = display_path(self.source)
        if self.line:
            where = f"{where}:{self.line}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.fix:
            text += f" ({self.fix})"
        return text


def display_path(path: str) -> str:
    """Show a path relative to the working directory, as an editor would type it."""
    if not path:
        return "<unknown file>"
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def report(*problems: Problem) -> None:
    """Log each new problem now and remember it for the strict-build summary."""
    for problem in problems:
        if problem not in _collected:
            _collected[problem] = None
            logger.warning("%s", problem)


def collected_problems() -> list[Problem]:
    """The problems reported since the build started, in the order they were found."""
    return list(_collected)


def reset() -> None:
    _collected.clear()


class ContentProblemsError(Exception):
    """Raised at the end of a strict build that found content problems.

    Its text lists every problem (for code that runs a build). On the command line each
    problem was already logged once as it was found, so :class:`_OneLineFailure` turns
    Pelican's ``CRITICAL`` report of this error into the closing count, without a traceback.
    """

    exitcode = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{self.summary}:\n{lines}")

    @property
    def summary(self) -> str:
        count = len(self.problems)
        noun = "content problem" if count == 1 else "content problems"
        return f"strict build failed: {count} {noun} (listed above, each once) to fix"


class _OneLineFailure(logging.Filter):
    """Pelican logs a failed build with its traceback; a content failure gets the count only."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, ContentProblemsError):
            record.msg, record.args = "%s", (error.summary,)
            record.exc_info = record.exc_text = None
        return True


def quiet_strict_failure(pelican_logger: logging.Logger) -> None:
    """Install the one-line failure report on Pelican's logger (once)."""
    if not any(isinstance(f, _OneLineFailure) for f in pelican_logger.filters):
        pelican_logger.addFilter(_OneLineFailure())
