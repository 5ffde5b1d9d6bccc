"""Which of the hub's four working languages a text is written in.

Word signals can only compare texts written in one language (`matching.crosslingual`),
so they need to know each text's language, whatever the record declares: a request's
`languages` are the ones its requester works in, not necessarily the one it is written
in. Arabic is told by its script; English, French and Spanish by the function words
that belong to one of them only ("the", "les", "los"), which every sentence is full of
and no topic changes. A text with too few of them, or as many of two languages, is
of no known language, and the word signals then treat it as they always did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sklearn.feature_extraction.text import strip_accents_unicode

from matching.stopwords import FUNCTION_WORDS

__all__ = ["written_in"]

_WORDS = re.compile(r"[^\W\d_]+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_LATIN = ("en", "es", "fr")
_OWN = {
    lang: FUNCTION_WORDS[lang].difference(*(FUNCTION_WORDS[o] for o in _LATIN if o != lang))
    for lang in _LATIN
}
"""The function words of one Latin-script language that the other two do not have."""
_AT_LEAST = 2
"""Own function words a text needs before it is taken to be written in that language."""
_READ = 1000
"""Characters read: the first sentences show the language, and fit reads every text."""


def _language(text: str) -> str | None:
    text = text[:_READ]
    letters = sum(1 for c in text if c.isalpha())
    if letters and len(_ARABIC_LETTER.findall(text)) * 2 > letters:
        return "ar"
    words = _WORDS.findall(strip_accents_unicode(text.lower()))
    counts = sorted(((sum(w in _OWN[lang] for w in words), lang) for lang in _LATIN), reverse=True)
    (best, lang), (second, _) = counts[0], counts[1]
    return lang if best >= _AT_LEAST and best > second else None


def written_in(texts: Sequence[str]) -> list[str | None]:
    """Each text's language code ("ar", "en", "es", "fr"), None when not recognised.

    >>> written_in(["Training for the police of the border", "La police et les douanes du pays"])
    ['en', 'fr']
    """
    return [_language(text) for text in texts]
