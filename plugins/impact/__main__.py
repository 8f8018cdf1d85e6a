"""``python -m impact``: see :mod:`impact.cli`."""

import sys

from .cli import main

sys.exit(main())
