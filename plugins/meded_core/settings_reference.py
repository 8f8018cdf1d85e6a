"""``make settings``: print the README's plugin settings table from the plugins' declarations.

The help of every plugin setting is written once, where the plugin declares it
(:mod:`meded_core.settings`); a test compares the README's table with this output.
"""

from __future__ import annotations

import importlib

from meded_core.settings import CONF, reference_table


def main() -> None:
    """Import every plugin ``pelican.conf.py`` enables (each declares its settings), print."""
    from pelican.settings import read_settings

    for name in read_settings(CONF).get("PLUGINS", []):
        importlib.import_module(name)
    print(reference_table(), end="")


if __name__ == "__main__":
    main()
