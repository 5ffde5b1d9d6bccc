"""Which of the hub's four working languages a text is written in.

Word signals can only compare texts written in one language (`matching.crosslingual`),
so they need to know each text's language, whatever the record declares: a request's
`languages` are the ones its requester works in, not necessarily the one it is written
in. Lingua's detector, limited to Arabic, English, French and Spanish, decides; a text
it cannot tell apart with a clear margin (a name, an acronym, a number) is of no known
language, and the word signals then treat it as they always did.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

__all__ = ["written_in"]

_CODES = {
    Language.ARABIC: "ar",
    Language.ENGLISH: "en",
    Language.FRENCH: "fr",
    Language.SPANISH: "es",
}
_MARGIN = 0.25
"""Least gap between the two likeliest languages before a text is taken as one of them:
short or mixed texts (names, acronyms) fall under it."""
_READ = 1000
"""Characters read: the first sentences show the language, and fit reads every text."""


@cache
def _detector() -> LanguageDetector:
    """Built once per process; low-accuracy mode reads trigrams only, which is ample
    for four languages this far apart and keeps a fit's thousands of texts fast."""
    return (
        LanguageDetectorBuilder.from_languages(*_CODES)
        .with_minimum_relative_distance(_MARGIN)
        .with_low_accuracy_mode()
        .build()
    )


def written_in(texts: Sequence[str]) -> list[str | None]:
    """Each text's language code ("ar", "en", "es", "fr"), None when not recognised.

    >>> written_in(["Training for the police of the border", "La police et les douanes du pays"])
    ['en', 'fr']
    """
    found = _detector().detect_languages_in_parallel_of([text[:_READ] for text in texts])
    return [_CODES.get(language) if language else None for language in found]
