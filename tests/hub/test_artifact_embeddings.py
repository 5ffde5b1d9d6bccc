"""The artifact holds the hub's embeddings and taggers: a fit embeds only the texts the
current artifact has not seen, and a serving process embeds only what callers send."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from hub import records
from hub.access import OPERATOR
from hub.matchmaking import artifact, provider, refit
from hub.matchmaking.learned import Learned, previous_rows
from matching import embedding
from tests.encoding_support import encoded
from tests.hub.refit_support import Hub, hub

__all__ = ["encoded", "hub"]

NEW = "Mobile clinics for migrants crossing the Sahel, with interpreters at every stop"


def _loaded(hub: Hub) -> Learned:
    found = artifact.load(hub.folder)
    assert found is not None
    learned: Learned = found[1]
    return learned


def test_named_arrays_are_stored_once_and_read_alone(hub: Hub) -> None:
    refit.fit_once(hub.settings, hub.folder, provider.learn)
    learned = _loaded(hub)
    named = learned.named_arrays()
    assert {"texts-activities-rows", "partners-activities-rows", "partners-parts-keys"} <= set(
        named
    )
    alone = artifact.arrays(hub.folder, [*named, "not-there"])
    assert alone.keys() == named.keys()
    for name, array in named.items():
        np.testing.assert_array_equal(alone[name], array)
    for index in ("texts", "partners"):  # the pickle points at the named file: one copy
        dense = (
            learned.texts.index()
            if index == "texts"
            else learned.partners.recommender.signals_.dense
        )
        assert isinstance(dense.activities_t, np.memmap)
        assert Path(str(dense.activities_t.filename)).name == f"{index}-activities-rows.npy"
    tables = previous_rows(hub.folder)
    assert len(tables) == 4 and all(keys.shape[0] == rows.shape[1] for keys, rows in tables)


def test_a_fit_embeds_only_the_texts_the_current_artifact_has_not(
    hub: Hub, encoded: list[str]
) -> None:
    refit.fit_once(hub.settings, hub.folder, provider.learn)
    first = _loaded(hub)
    assert set(first.texts.texts_) & set(encoded)  # the first fit embeds the corpus
    records.create_request(
        hub.store,
        OPERATOR,
        {"requester": "morocco", "title": "Clinics", "text": NEW, "countries": ["NE"]},
    )
    embedding._shared.cache_clear()  # a fit worker starts with an empty cache
    encoded.clear()
    refit.fit_once(hub.settings, hub.folder, provider.learn)
    second = _loaded(hub)
    new = [t for t in second.texts.texts_ if NEW in t]
    assert new and len(second.texts.texts_) == len(first.texts.texts_) + 1
    of_corpus = {t for t in encoded if any(c.startswith(t) for c in second.texts.texts_)}
    assert of_corpus == set(new)  # short enough to be embedded whole


def test_a_reader_embeds_the_request_and_nothing_of_the_corpus(
    hub: Hub, encoded: list[str]
) -> None:
    refit.fit_once(hub.settings, hub.folder, provider.learn)
    embedding._shared.cache_clear()  # a serving process starts with an empty cache
    encoded.clear()
    loaded = _loaded(hub)
    closeness = loaded.texts.meaning(NEW, loaded.texts.texts_)
    assert closeness.shape == (len(loaded.texts.texts_),)
    assert encoded == [NEW]


def test_a_published_store_tags_with_the_artifacts_taggers(hub: Hub) -> None:
    refit.fit_once(hub.settings, hub.folder, provider.learn)  # what a fit worker does
    published = provider.publish(hub.store, hub.settings)
    try:
        served = published.current()[1]
        assert provider.models(hub.store).tagger() is served.tagger
        assert provider.models(hub.store).keyword_tagger() is served.keywords
        suggested = served.tagger.suggest(NEW, 3)
        assert suggested and all(1 <= s.objective <= 23 for s in suggested)
    finally:
        published.close()
        provider.models(hub.store).published = None
