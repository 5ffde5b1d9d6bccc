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
from matching.dense import NEAR_DIMS, _projection
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
    assert {
        "texts-activities-vectors",
        "partners-activities-vectors",
        "partners-parts-keys",
    } <= set(named)
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
        assert isinstance(dense.activity_rows, np.memmap)
        assert Path(str(dense.activity_rows.filename)).name == f"{index}-activities-vectors.npy"
    tables = previous_rows(hub.folder)
    assert len(tables) == 4 and all(keys.shape[0] == rows.shape[0] for keys, rows in tables)


def test_a_served_model_reads_the_projection_its_fit_stored(hub: Hub) -> None:
    refit.fit_once(hub.settings, hub.folder, provider.learn)
    dense = _loaded(hub).partners.recommender.signals_.dense
    assert dense is not None
    assert isinstance(dense.projection, np.memmap)  # mapped like the rows, not refitted
    assert dense.projection.shape == (dense.model.dim, NEAR_DIMS)
    fitted = _projection(np.asarray(dense.activity_rows), NEAR_DIMS)
    np.testing.assert_array_equal(dense.projection, fitted)


def test_rows_an_older_artifact_stored_transposed_are_still_reused(hub: Hub) -> None:
    refit.fit_once(hub.settings, hub.folder, provider.learn)
    now = previous_rows(hub.folder)
    version = hub.folder / (hub.folder / "current").read_text(encoding="utf-8").strip()
    for vectors in version.glob("*-vectors.npy"):  # as artifacts wrote them before
        np.save(str(vectors).replace("-vectors", "-rows"), np.load(vectors).T.copy())
        vectors.unlink()
    before = previous_rows(hub.folder)
    assert len(before) == len(now) == 4
    for (keys, rows), (keys_now, rows_now) in zip(before, now, strict=True):
        np.testing.assert_array_equal(keys, keys_now)
        np.testing.assert_array_equal(rows, rows_now)


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
