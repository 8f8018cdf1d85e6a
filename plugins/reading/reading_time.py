"""Reading time ("6 min read") from the words of a post's body.

238 words a minute is the mean silent reading rate for adult non-fiction in English
(Brysbaert, J Mem Lang 2019;109:104047). The reference list, figures and code are not
prose a reader reads through, so only the body text counts, and never less than a minute.
"""

from __future__ import annotations

import math
import re

from markupsafe import Markup

WORDS_PER_MINUTE = 238
_SKIP = re.compile(r"<(pre|script|style|figure)\b.*?</\1>", re.IGNORECASE | re.DOTALL)


def word_count(html: str) -> int:
    text = Markup(_SKIP.sub(" ", html or "")).striptags()
    return len(re.findall(r"\w+(?:[-'\u2019]\w+)*", text))


def reading_minutes(html: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    return max(1, math.ceil(word_count(html) / max(1, words_per_minute)))
