"""``python -m citations refs``: see :mod:`citations.cli`."""

import sys

from .cli import main

sys.exit(main())
