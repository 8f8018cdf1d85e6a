"""Impact data: gather citation and attention figures from open scholarly APIs.

Two halves share one data store (``content/data/impact/``, see :mod:`impact.store`):

* ``make impact`` (``python -m impact``, :mod:`impact.cli`) talks to the APIs and updates
  the committed data files. It is the only part that uses the network.
* The Pelican plugin (:func:`register`, :mod:`impact.plugin`) reads the committed files on
  every build, offline, puts them in the templates' context as ``impact_figures`` and
  exports ``output/impact/impact.json`` and ``impact.csv``.
"""


def register() -> None:
    """Pelican entry point; imported lazily so the command-line tool does not load Pelican."""
    from .plugin import register as _register

    _register()
