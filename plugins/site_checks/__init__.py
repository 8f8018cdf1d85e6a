"""Site checks: what a blog must pass before it is deployed, whatever its content.

Run after a strict build (``make check``, ``make publish``, CI) on the built site and the
content it came from: every internal link and image resolves under the site's sub-path,
every feed parses, and no draft, hidden or scheduled post's text appears in any output
file. Each problem names the file in ``content/`` (and the line) to fix where it can.

This is not a Pelican plugin: it reads only ``output/`` and ``content/``, so it checks what
readers get, not what the plugins think they wrote. ``python -m site_checks --help``.
"""

from .checks import check_site

__all__ = ["check_site"]
