"""What a track record says an organisation can take on, beside what it declares.

Most organisations never declare a capacity (no offer in the hub), yet the history
shows how much they take on: an implementer of six activities in the last three years
runs about two a year. Recent activities are counted from the history's own latest
start, so that an old import still shows who is active in it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from matching.profiles import PastActivity

__all__ = ["RECENT_YEARS", "engagements", "recent"]

RECENT_YEARS = 3.0
"""How far back an activity counts as showing what an organisation takes on today."""


def recent(
    history: Sequence[PastActivity], now: date | None = None, years: float = RECENT_YEARS
) -> list[PastActivity]:
    """Activities started within `years` before `now` (default: the latest start)."""
    starts = [a.start for a in history if a.start is not None]
    if not starts:
        return []
    until = now or max(starts)
    since = until - timedelta(days=round(365.25 * years))
    return [a for a in history if a.start is not None and since < a.start <= until]


def engagements(
    history: Sequence[PastActivity], now: date | None = None, years: float = RECENT_YEARS
) -> dict[str, int]:
    """Per implementer, recent activities a year, rounded up: engagements it can run."""
    counts = Counter(org for a in recent(history, now, years) for org in set(a.implementers))
    return {org: math.ceil(n / years) for org, n in counts.items()}
