"""The same request in Arabic, French, Spanish and English finds the same partners."""

from dataclasses import replace
from pathlib import Path

from hub.demo import load_demo
from hub.store import Store
from matching.stopwords import is_stop_phrase
from tools.translations import compare_translations, read_requests, swap_gains

DATA = Path(__file__).parents[1] / "data" / "multilingual-requests.json"
LANGUAGES = ("en", "fr", "es", "ar")


def test_translations_share_most_of_the_english_top_ten_with_no_ties(store: Store) -> None:
    load_demo(store)
    report = compare_translations(store, read_requests(DATA), n=10)
    others = [lang for lang in LANGUAGES if lang != "en"]
    assert report.mean_overlap("en") == 10
    assert sum(report.mean_overlap(lang) for lang in others) / len(others) >= 7
    assert all(report.mean_overlap(lang) >= 6 for lang in others), report.overlap
    assert not report.tied, report.tied
    for lang in LANGUAGES:
        assert not [t for t in report.terms[lang] if is_stop_phrase(t)], lang


def test_a_translation_that_only_declares_another_language_differs_by_that_signal(
    store: Store,
) -> None:
    """Text signals follow the language a text is written in, not the one declared; a
    request also asks for its requester's languages, whatever it declares."""
    load_demo(store)
    english = read_requests(DATA)[:2]
    same_text = [replace(r, texts={"en": r.texts["en"], "fr": r.texts["en"]}) for r in english]
    anonymous = [replace(r, requester=None) for r in same_text]
    gains = swap_gains(store, anonymous, n=10)
    assert set(gains["fr"]) == {"language"}, gains
    # Sudan and Jordan work in Arabic and English: whoever works in French but in
    # neither is held back in both translations alike.
    assert swap_gains(store, same_text, n=10)["fr"] == {}


def test_without_declared_languages_the_same_text_finds_the_same_partners(
    store: Store,
) -> None:
    """What `benchmarks.translations` compares the declared language against."""
    load_demo(store)
    english = read_requests(DATA)
    same_text = [replace(r, texts={"en": r.texts["en"], "es": r.texts["en"]}) for r in english]
    declared = compare_translations(store, same_text, n=10)
    silent = compare_translations(store, same_text, n=10, declared=False)
    assert declared.mean_overlap("es") < 10
    assert silent.mean_overlap("es") == 10, silent.overlap
