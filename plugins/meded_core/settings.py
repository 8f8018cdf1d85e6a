"""Plugin settings, each declared once: name, default, one line of help, and what it accepts.

Every plugin works with none of its settings in ``pelican.conf.py``, so a site owner writes
only what they change. A plugin declares its settings with :func:`declare_settings`; one
merge overlays the site's values on the defaults, and a wrong value (a typo in a choice, a
word where a number belongs) becomes a :class:`Problem` naming ``pelican.conf.py``, the
setting and what it accepts, while the default is used. A misspelt name (``CITATION_STYEL``)
gets a "did you mean" problem instead of being silently ignored. The README's settings
reference is printed from the same declarations (``make settings``), so the help of a
setting is written in one place. Declarations are one setting a line (``# fmt: off``), like
the rows of that table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
import copy
from dataclasses import dataclass
import difflib
from typing import Any

from .problems import Problem

CONF = "pelican.conf.py"


class Invalid(ValueError):
    """A value a setting does not accept; the text says what it accepts."""


def anything(value: Any) -> Any:
    """Any value: the plugin checks it where it knows more (a style name, a date)."""
    return value


def text(value: Any) -> str:
    """A string (None reads as empty: "off" for paths and URLs)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid("text in quotes")
    return str(value)


def flag(value: Any) -> bool:
    """True or False; "yes"/"no", "on"/"off", 1/0 read as such (environment values)."""
    if isinstance(value, bool) or value is None or value in (0, 1):
        return bool(value)
    words = {"true": True, "yes": True, "on": True, "1": True}
    words |= {"false": False, "no": False, "off": False, "0": False, "": False}
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    raise Invalid("True or False")


def number(minimum: float = 0, whole: bool = False) -> Callable[[Any], float]:
    """A number (a whole one if ``whole``) of at least ``minimum``."""
    accepted = f"a {'whole ' if whole else ''}number of at least {minimum}"

    def check(value: Any) -> Any:
        try:
            if isinstance(value, bool) or (whole and isinstance(value, float)):
                raise ValueError
            found = int(value) if whole else float(value)
        except (TypeError, ValueError):
            raise Invalid(accepted) from None
        if found < minimum:
            raise Invalid(accepted)
        return found

    return check


def whole(minimum: int = 0) -> Callable[[Any], int]:
    """A whole number of at least ``minimum``."""
    return number(minimum, whole=True)  # type: ignore[return-value]


def auto_or_flag(value: Any) -> str | bool:
    """ "auto" (the plugin decides), or True or False."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        return "auto"
    try:
        return flag(value)
    except Invalid:
        raise Invalid('"auto", True or False') from None


def choice(*options: str, aliases: Mapping[Any, str] | None = None) -> Callable[[Any], str]:
    """One of ``options`` (case and spaces ignored); ``aliases`` maps other values to one."""

    def check(value: Any) -> str:
        if aliases and not isinstance(value, str) and value in aliases:
            return aliases[value]
        word = str(value).strip().lower() if value is not None else ""
        if word not in options:
            raise Invalid("one of " + ", ".join(repr(o) for o in options))
        return word

    check.options = options  # type: ignore[attr-defined]  (listed in the reference)
    return check


def names(value: Any) -> list[str]:
    """A list of names; one name alone is read as a list of one (None: an empty list)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    raise Invalid('a list of names in quotes, e.g. ["first", "second"]')


def parsed(parse: Callable[[Any], Any], accepted: str) -> Callable[[Any], Any]:
    """What ``parse`` makes of the value (None or empty: None); its ValueError is a problem."""

    def check(value: Any) -> Any:
        try:
            return None if value in (None, "") else parse(value)
        except ValueError:
            raise Invalid(accepted) from None

    return check


def whole_per(keys: Iterable[str]) -> Callable[[Any], dict[str, int]]:
    """A mapping of ``keys`` to whole numbers (merged key by key with the default)."""
    known = tuple(keys)
    days = whole(0)

    def check(value: Any) -> dict[str, int]:
        accepted = f"a mapping of {', '.join(known)} to whole numbers"
        if not isinstance(value, Mapping) or set(value) - set(known):
            raise Invalid(accepted)
        try:
            return {key: days(number) for key, number in value.items()}
        except Invalid:
            raise Invalid(accepted) from None

    return check


@dataclass(frozen=True)
class Setting:
    """One plugin setting: its name, default, one line of help, and what it accepts."""

    name: str
    default: Any
    help: str
    kind: Callable[[Any], Any] = anything


@dataclass(frozen=True)
class PluginSettings:
    """The settings one plugin declares, and the one way to read them."""

    plugin: str
    declared: tuple[Setting, ...]

    @property
    def defaults(self) -> dict[str, Any]:
        return {s.name: copy.deepcopy(s.default) for s in self.declared}

    def merged(self, settings: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
        """The defaults overlaid with the site's values, checked: (values, problems)."""
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for setting in self.declared:
            given = value = settings.get(setting.name, setting.default)
            if isinstance(setting.default, dict) and isinstance(value, Mapping):
                value = {**setting.default, **value}
            try:
                values[setting.name] = setting.kind(value)
            except Invalid as error:
                values[setting.name] = copy.deepcopy(setting.default)
                problems.append(
                    Problem(
                        source=CONF,
                        field=setting.name,
                        message=f"{setting.name} = {given!r} is not a valid value",
                        fix=f"use {error}; the default {setting.default!r} is used until then",
                    )
                )
        return values, problems

    def values(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The merged values only; the build reports the problems once (see check_settings)."""
        return self.merged(settings)[0]


_declared: dict[str, PluginSettings] = {}


def declare_settings(plugin: str, *declared: Setting) -> PluginSettings:
    """Register a plugin's settings (idempotent: a plugin may be imported twice in tests)."""
    group = PluginSettings(plugin, tuple(declared))
    _declared[plugin] = group
    return group


def declared_settings() -> dict[str, PluginSettings]:
    return dict(_declared)


def add_defaults(settings: dict[str, Any]) -> None:
    """Give the build's settings every declared default the site leaves out.

    Templates read settings by name (``{% if FEED_ALL_JSON %}``); Pelican copies the
    settings into the template context before any generator runs.
    """
    for group in _declared.values():
        for name, value in group.defaults.items():
            settings.setdefault(name, value)


def misspelt(settings: Mapping[str, Any]) -> list[Problem]:
    """Upper-case names set by the site that are near, but not equal to, a plugin setting."""
    from pelican.settings import DEFAULT_CONFIG

    declared = [s.name for group in _declared.values() for s in group.declared]
    ignore = {*declared, *DEFAULT_CONFIG}
    problems = []
    for name in settings:
        if not name.isupper() or name.startswith("_") or name in ignore:
            continue
        close = difflib.get_close_matches(name, declared, n=1, cutoff=0.88)
        if close:
            problems.append(
                Problem(
                    source=CONF,
                    field=name,
                    message=f"{name} is not a setting of any plugin, so it changes nothing",
                    fix=f"did you mean {close[0]}?",
                )
            )
    return problems


def check_settings(settings: Mapping[str, Any]) -> list[Problem]:
    """Every declared setting's problems, and near-miss spellings, for one build."""
    problems = [p for group in _declared.values() for p in group.merged(settings)[1]]
    return problems + misspelt(settings)


def reference_table() -> str:
    """The README's plugin settings reference, one row per declared setting."""
    rows = ["| setting | plugin | default | what it does |", "|---|---|---|---|"]
    for group in sorted(_declared.values(), key=lambda g: g.plugin):
        for setting in group.declared:
            default = repr(setting.default).replace("|", "\\|")
            help = setting.help
            options = getattr(setting.kind, "options", ())
            if not all(f"`{o}`" in help or f'"{o}"' in help for o in options):
                help += " (" + ", ".join(f"`{o}`" for o in options) + ")"
            rows.append(f"| `{setting.name}` | {group.plugin} | `{default}` | {help} |")
    return "\n".join(rows) + "\n"


# The core plugin's own settings (the post DOIs rogue_scholar finds, which every plugin reads).
# fmt: off
SETTINGS = declare_settings(
    "meded_core",
    Setting("POST_DOIS_PATH", "data/dois.json", "post DOIs `make impact` found in Rogue Scholar (committed), relative to `content/`", text),
)
# fmt: on


def main() -> None:
    """``make settings``: import every plugin pelican.conf.py enables (each declares its
    settings), then print the table. Run as ``python -c``: ``-m`` would load this module twice.
    """
    import importlib

    from pelican.settings import read_settings

    for name in read_settings(CONF).get("PLUGINS", []):
        importlib.import_module(name)
    print(reference_table(), end="")
