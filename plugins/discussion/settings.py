"""Settings of the discussion plugin: each with its default and help (meded_core.settings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from meded_core.settings import Setting, declare_settings, names, text

# fmt: off
SETTINGS = declare_settings(
    "discussion",
    Setting("DISCUSSION_DATA", "data/discussion.json", "committed reply threads (`make impact` fetches them), relative to `content/`", text),
    Setting("DISCUSSION_HIDE", [], "reply ids or addresses hidden on every post (moderation)", names),
)
# fmt: on
DEFAULTS = SETTINGS.defaults
merged = SETTINGS.merged


def threads_path(settings: dict[str, Any]) -> Path:
    """The committed reply threads of the site being built or fetched."""
    return Path(settings.get("PATH") or "content") / SETTINGS.values(settings)["DISCUSSION_DATA"]
