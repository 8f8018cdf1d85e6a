from .frontmatter import *  # noqa: F403
from .frontmatter import register  # noqa: F401
