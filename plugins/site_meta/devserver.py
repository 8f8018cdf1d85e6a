"""``make devserver``: Pelican's rebuild-and-serve, with live reload and a clean stop.

Two things Pelican's ``pelican -lr`` does not do:

* **Stop cleanly.** It runs the rebuild loop and the web server in two child processes.
  ``make`` passes SIGTERM on to its child, and Python's default SIGTERM action ends the
  main process at once, leaving both children running (and holding the port). Here SIGTERM
  is turned into the same path as Ctrl-C, which stops both children; and every process
  asks the kernel for SIGTERM when its parent dies (``PR_SET_PDEATHSIG``, Linux), so even
  ``kill -9`` of ``make`` or of this process leaves nothing running.
* **Reload the open page.** Builds run with ``LIVE_RELOAD`` on: the theme then adds a tiny
  inline script that polls ``livereload.txt``, a stamp written at the end of every build,
  and reloads the page when it changes. ``make html`` and ``make publish`` never set it, so
  their output has neither the script nor the stamp.

Run as ``python -m site_meta.devserver <pelican arguments>``.
"""

from __future__ import annotations

import os
import signal
import sys

from site_meta.child_processes import die_with_parent


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def with_live_reload(argv: list[str]) -> list[str]:
    """Add ``LIVE_RELOAD=true`` to the ``-e`` settings (a second ``-e`` would replace them)."""
    for index, arg in enumerate(argv):
        if arg in ("-e", "--extra-settings"):
            return [*argv[: index + 1], "LIVE_RELOAD=true", *argv[index + 1 :]]
    return [*argv, "-e", "LIVE_RELOAD=true"]


def main(argv: list[str]) -> None:
    die_with_parent()
    # The rebuild and server processes are forks: they inherit the SIGTERM handler, and
    # each asks to end with this process even if it is killed outright.
    signal.signal(signal.SIGTERM, _stop)
    os.register_at_fork(after_in_child=die_with_parent)
    from pelican import main as pelican_main

    pelican_main(["--autoreload", "--listen", *with_live_reload(argv)])


if __name__ == "__main__":
    main(sys.argv[1:])
