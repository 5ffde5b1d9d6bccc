"""A request served with a short list reads the multilingual rows only where a score
reads them (`matching.dense`): what it scores must be what exact scoring gives."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import scipy.sparse as sp

from matching import Candidate, PartnerRecommender, PastActivity, Query
from matching.dense import NEAR_DIMS, DenseIndex
from matching.dense_pairs import best_per_pair, likeness_of
from matching.languages import written_in
from matching.pairs import Pairs
from matching.shortlist import shortlist_for

_WORK = {
    "en": [
        "Training border police to identify victims of human trafficking",
        "Drilling boreholes and building latrines for rural villages",
        "Building classrooms and training primary school teachers",
        "Mobile clinics and vaccination for displaced families",
        "Cash transfers and mobile money for returning migrants",
    ],
    "fr": [
        "Formation des enseignants et construction de salles de classe",
        "Forages et latrines dans les villages ruraux",
        "Appui juridique aux demandeurs d'asile dans les centres d'accueil",
    ],
    "es": [
        "Protección consular para trabajadores migrantes en el extranjero",
        "Clínicas móviles y vacunación para familias desplazadas",
    ],
}
_PLACES = ["in the north", "near the coast", "in the capital", "along the border"]


def _hub() -> tuple[list[Candidate], list[PastActivity]]:
    """More activities than `NEAR_DIMS`, in three languages interleaved: the projection
    then loses something, and the rows are stored in another order than the history."""
    history = []
    texts = [(lang, text) for lang, said in _WORK.items() for text in said]
    for copy in range(14):
        for number, (lang, text) in enumerate(texts):
            where = _PLACES[copy % len(_PLACES)] if lang == "en" else ""
            history.append(
                PastActivity(
                    f"a{copy}-{number}",
                    f"{text} {where} ({2010 + copy})",
                    start=date(2010 + copy, 1, 1),
                    implementers=(f"org-{lang}-{number}-{copy % 3}",),
                )
            )
    orgs = sorted({i for a in history for i in a.implementers})
    return [Candidate(org, org) for org in orgs], history


CANDIDATES, HISTORY = _hub()
TEXTS = [a.text for a in HISTORY]
WRITTEN = written_in(TEXTS)
REQUESTS = [
    "Former la police des frontières à identifier les victimes de la traite",
    "تدريب شرطة الحدود على تحديد ضحايا الاتجار بالبشر",
    "Latrines and boreholes for villages",
    "Clínicas móviles para familias desplazadas",
]


@pytest.fixture(scope="module")
def grouped() -> DenseIndex:
    return DenseIndex(TEXTS, [], languages=WRITTEN)


def test_rows_stored_by_language_are_read_in_activity_order(grouped: DenseIndex) -> None:
    plain = DenseIndex(TEXTS, [])
    assert len(HISTORY) > NEAR_DIMS and grouped.grouped and not plain.grouped
    assert set(grouped.blocks) == {"en", "fr", "es"}
    which = np.arange(len(HISTORY))
    np.testing.assert_array_equal(grouped.activities(which), plain.activities(which))
    rows = grouped.queries(REQUESTS)
    np.testing.assert_allclose(grouped.to_activities(rows), plain.to_activities(rows), atol=1e-6)


def test_exact_cosines_are_written_where_the_languages_differ_and_read_at_pairs(
    grouped: DenseIndex,
) -> None:
    rows = grouped.queries(REQUESTS)
    exact = grouped.to_activities(rows)
    near = grouped.near(rows)
    assert not np.allclose(near, exact, atol=1e-3)  # the projection loses something
    asked = written_in(REQUESTS)
    filled = near.copy()
    grouped.apart_into(filled, rows, asked)
    for row, lang in enumerate(asked):
        apart = np.array([bool(lang and w and w != lang) for w in WRITTEN])
        np.testing.assert_allclose(filled[row, apart], exact[row, apart], atol=1e-6)
        np.testing.assert_array_equal(filled[row, ~apart], near[row, ~apart])
    query = np.repeat(np.arange(len(REQUESTS)), 5)
    activities = np.random.default_rng(0).integers(0, len(HISTORY), query.size)
    np.testing.assert_allclose(
        grouped.at(rows, query, activities), exact[query, activities], atol=1e-6
    )


@pytest.fixture(scope="module")
def model() -> PartnerRecommender:
    return PartnerRecommender(shortlist=3).fit(CANDIDATES, HISTORY)


def test_short_listed_candidates_score_what_exact_scoring_gives(
    model: PartnerRecommender,
) -> None:
    for text in REQUESTS:
        query = Query("q", text)
        batch = model.signals_.batch([query], near=True)
        assert "dense" not in batch.activities and batch.near is not None
        exact = model.scores(query)
        found = model.recommend(query, n=3)
        assert found
        for recommendation in found:
            at = model.positions_[recommendation.candidate]
            assert recommendation.score == pytest.approx(exact[at], abs=1e-5)
        # Every part, the multilingual ones first, as the full batch computes it.
        full = model.signals_.batch([query])
        cols = np.array([model.positions_[r.candidate] for r in found])
        rows = np.zeros(cols.size, dtype=np.int64)
        served = model.signals_.features(batch, rows, cols)
        for name, values in model.signals_.features(full, rows, cols).items():
            np.testing.assert_allclose(served[name], values, atol=1e-6, err_msg=name)


def test_served_explanations_cite_what_exact_scoring_cites(model: PartnerRecommender) -> None:
    exact = PartnerRecommender(shortlist=None).fit(CANDIDATES, HISTORY)
    for text in REQUESTS:
        served, scored = (m.recommend(Query("q", text), n=3) for m in (model, exact))
        assert [r.candidate for r in served] == [r.candidate for r in scored]
        for one, other in zip(served, scored, strict=True):
            assert one.evidence == other.evidence and one.evidence_parts == other.evidence_parts
            assert one.matched_terms == other.matched_terms


def test_a_request_in_another_language_short_lists_who_did_its_translation(
    model: PartnerRecommender,
) -> None:
    # The French request shares no word with the English history that answers it.
    query = Query("q", "Former la police des frontières à identifier les victimes de la traite")
    batch = model.signals_.batch([query], near=True)
    found = shortlist_for(model.signals_, model.weights_, model.prior_, batch, 0, 3)
    doers = {model.candidates_[c].id for c in found.tolist()}
    assert {"org-en-0-0", "org-en-0-1", "org-en-0-2"} & doers


def test_a_coarse_projection_still_leaves_every_best_and_closest_cosine_exact() -> None:
    index = DenseIndex(TEXTS, [], languages=WRITTEN, near_dims=4)
    rows = index.queries(REQUESTS)
    exact = index.to_activities(rows)
    cosines = rows @ index.activities(np.arange(len(TEXTS))).T
    near = index.near(rows)
    width = index.spread(rows)[:, None] * index.residuals[None, :]
    assert np.all(np.abs(near - cosines) <= width + 1e-5)  # the bound holds...
    assert np.mean(np.abs(near - cosines)) > 0.05  # ...for a projection that loses much
    # Six candidates, each with a random record, against every request.
    owner = np.random.default_rng(1).integers(0, 6, len(TEXTS))
    by_candidate = sp.csc_matrix(
        (np.ones(len(TEXTS)), (np.arange(len(TEXTS)), owner)), shape=(len(TEXTS), 6)
    )
    cols = np.tile(np.arange(6), len(REQUESTS))
    pairs = Pairs(by_candidate, np.repeat(np.arange(len(REQUESTS)), 6), cols)
    np.testing.assert_allclose(
        best_per_pair(index, near, rows, pairs), pairs.best(pairs.at(exact)), atol=1e-6
    )
    text = np.zeros(len(TEXTS), dtype=np.float32)
    records = [np.flatnonzero(owner == c) for c in range(6)]
    for row in range(len(REQUESTS)):
        found = likeness_of(index, text, near[row], rows, row, records, 5)
        for done in records:
            closest = done[np.argsort(-found[done], kind="stable")[:5]]
            truly = done[np.argsort(-exact[row, done], kind="stable")[:5]]
            np.testing.assert_allclose(found[closest], exact[row, truly], atol=1e-6)
