from .site_meta import *  # noqa: F403
from .site_meta import register  # noqa: F401
