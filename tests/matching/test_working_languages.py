"""A candidate's working languages come from what it declares, or, when it declares
none, from the languages its own texts and its track record are written in; the
`language` signal only holds back candidates the evidence says cannot work in the
request's languages."""

from datetime import date

import numpy as np
import scipy.sparse as sp

from matching import Candidate, PartnerRecommender, PastActivity, Query
from matching.working_languages import WorkingLanguages

_SPANISH = "Asistencia jurídica y alojamiento para las víctimas de la trata de personas."
_ENGLISH = "Legal aid and shelter for the victims of trafficking in persons."


def test_declared_languages_stand_and_texts_fill_in_where_none_are_declared() -> None:
    candidates = [
        Candidate("declares-french", "A", text=_ENGLISH, languages=("fr",)),
        Candidate("writes-spanish", "B", text=f"{_ENGLISH}\n{_SPANISH}"),
        Candidate("did-spanish-work", "C"),
        Candidate("silent", "D"),
    ]
    done = sp.csr_matrix(np.array([[0], [0], [1], [0]], dtype=np.float32))
    spoken = WorkingLanguages(candidates, ["es"], done)
    assert spoken.spoken == [("fr",), ("en", "es"), ("es",), ()]
    asked = [
        Query("es", _SPANISH, languages=("es",)),
        Query("none", _SPANISH),
        Query("greek", _SPANISH, languages=("el",)),
    ]
    found = spoken.can_work_in(asked)
    # Only the candidate known to work in French alone is held back; nothing is known
    # of the silent one; a request declaring no language says nothing, nor one asking
    # only for a language no candidate works in.
    assert found.tolist() == [[0.0, 1.0, 1.0, 1.0], [0.0] * 4, [0.0] * 4]


def test_a_spanish_request_finds_the_partner_whose_record_is_in_spanish() -> None:
    """Two partners alike in everything but the language of their past work, neither
    declaring any: a request that says nothing else but that its requester works in
    Spanish ranks the one that worked in Spanish first, whichever comes first in the
    candidates."""
    history = [
        PastActivity(f"{org}-{year}", text, start=date(year, 1, 1), implementers=(org,))
        for org, text in (("in-spanish", _SPANISH), ("in-english", _ENGLISH))
        for year in (2018, 2019)
    ]
    asked = Query("q", "", languages=("es",))
    for candidates in (["in-spanish", "in-english"], ["in-english", "in-spanish"]):
        fitted = [Candidate(c, c) for c in candidates]
        model = PartnerRecommender(dense=False).fit(fitted, history)
        values = model.signals_.batch([asked]).candidates["language"][0]
        assert values.tolist() == [float(c == "in-spanish") for c in candidates]
        assert model.recommend(asked, n=1)[0].candidate == "in-spanish"
