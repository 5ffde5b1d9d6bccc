"""Function words of the hub's four working languages, as the word vectorizers see them.

A word that only glues a sentence together ("في", "de", "los", "the") says nothing about
what a request needs, yet in a small hub it is rare enough across texts to weigh a lot:
it would make an Arabic request "match" every Arabic profile and show up as a matched
term. English comes from scikit-learn; Arabic, French and Spanish are the commonest
articles, prepositions, pronouns, conjunctions and auxiliaries, written for this hub.
Stored folded the way `strip_accents="unicode"` and lower-casing fold texts, so that the
vectorizers drop them after their own preprocessing.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, strip_accents_unicode

__all__ = ["FUNCTION_WORDS", "STOP_WORDS", "is_stop_phrase"]

_ARABIC = """
في من على إلى الى عن مع هذا هذه ذلك تلك التي الذي الذين اللذين اللتين هو هي هم هن
نحن انا أنا انت أنت انتم أنتم كان كانت يكون تكون كانوا ان أن إن لا لم لن ما ماذا
ليس ليست قد و او أو ثم بل كل بعض غير بين عند حتى اذا إذا كما لكن لدى لقد منذ خلال
حول ضد دون عبر كي لكي اي أي أيضا ايضا فقط هناك هنا كذلك وفي ومن وعلى والى وإلى وعن
ومع بها به لها له لهم فيها فيه منها منه عليها عليه اليها إليها عنها وهو وهي التى
تم يتم سوف مثل جدا
"""

_FRENCH = """
le la les l un une des du de d au aux a à et ou où ni mais donc or car que qu qui quoi
dont ce cet cette ces ca ça se s sa son ses leur leurs notre nos votre vos mon ma mes
ton ta tes il elle ils elles on nous vous je j tu me m te t lui y en ne n pas plus
par pour sur sous dans avec sans entre vers chez selon contre depuis pendant lors
est sont etre être ete été a ont avoir avait etait était sera seront fait faire
aussi comme si tres très tout tous toute toutes autre autres meme même afin ainsi
"""

_SPANISH = """
el la los las lo un una unos unas de del al a y e o u ni que qué quien quién cual cuál
cuales cuyo cuya se su sus le les nos os me te mi mis tu tus nuestro nuestra nuestros
nuestras vuestro él ella ellos ellas usted ustedes yo nosotros vosotros en por para con
sin sobre entre hacia hasta desde durante contra según segun ante bajo tras es son ser
fue fueron ha han haber hay habia había esta está estan están estar este esto estos
esta estas ese esa esos esas aquel como mas más muy tambien también pero sino porque
cuando donde todo todos toda todas otro otra otros otras mismo misma
"""


def _folded(words: str) -> set[str]:
    return {strip_accents_unicode(word.lower()) for word in words.split()}


FUNCTION_WORDS = {
    "ar": frozenset(_folded(_ARABIC)),
    "en": frozenset(ENGLISH_STOP_WORDS),
    "es": frozenset(_folded(_SPANISH)),
    "fr": frozenset(_folded(_FRENCH)),
}
"""Each working language's function words, folded; some are shared ("de", "a", "en")."""

_ALL = frozenset().union(*FUNCTION_WORDS.values())

STOP_WORDS = sorted(_ALL)
"""As scikit-learn's vectorizers take them (a list)."""


def is_stop_phrase(term: str) -> bool:
    """Whether every word of a term (a word or an n-gram) is a stop word."""
    return set(strip_accents_unicode(term.lower()).split()) <= _ALL
