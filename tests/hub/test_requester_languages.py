"""A request asks a partner for the languages its requester works in as well as its
own: those the stakeholder declares, else its home country's official ones."""

from __future__ import annotations

import pytest

from hub.domain.records import Stakeholder, StakeholderKind, SupportRequest
from hub.matchmaking.inputs import partner_query, request_query
from hub.matchmaking.partners import recommend_partners
from hub.matchmaking.provider import models
from hub.matchmaking.requesters import requester_languages
from hub.store import Store, repository
from tests.store_support import put

_STATE, _NGO = StakeholderKind.MEMBER_STATE, StakeholderKind.NGO
_TEXT = "Joint investigations against migrant smuggling networks"


def _hub(store: Store) -> None:
    put(
        store,
        Stakeholder(id="niger", name="Niger", kind=_STATE, home_country="NE"),
        Stakeholder(id="mexico", name="Mexico", kind=_STATE, home_country="MX", languages=["en"]),
        Stakeholder(id="in-french", name="A", kind=_NGO, languages=["fr"], description=_TEXT),
        Stakeholder(id="in-english", name="B", kind=_NGO, languages=["en"], description=_TEXT),
    )


@pytest.mark.parametrize(
    ("requester", "languages"),
    [("niger", ("fr",)), ("mexico", ("en",)), ("in-french", ("fr",)), ("absent", ())],
)
def test_a_requester_works_in_what_it_declares_else_in_its_countrys_languages(
    store: Store, requester: str, languages: tuple[str, ...]
) -> None:
    _hub(store)
    assert requester_languages(store, requester) == languages


def test_every_translation_holds_back_only_who_can_work_neither_with_requester_nor_text(
    store: Store,
) -> None:
    _hub(store)
    put(
        store,
        *(
            SupportRequest(id=f"in-{lang}", requester="niger", title=_TEXT, languages=languages)
            for lang, languages in (("none", []), ("en", ["en"]), ("fr", ["fr"]), ("es", ["es"]))
        ),
    )
    model = models(store).partners().recommender
    at = model.positions_
    for request, english in (("in-none", 0.0), ("in-en", 1.0), ("in-fr", 0.0), ("in-es", 0.0)):
        record = repository.get(store, SupportRequest, request)
        assert request_query(record).languages == tuple(record.languages)
        language = model.signals_.batch([partner_query(store, record)]).candidates["language"][0]
        # Niger declares nothing: it works in French, its official language.
        assert (language[at["in-french"]], language[at["in-english"]]) == (1.0, english)
    ranked = [r.candidate for r in recommend_partners(store, "in-es", n=2)]
    assert ranked == ["in-french", "in-english"]
