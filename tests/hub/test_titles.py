"""What a person reads for a record instead of its id (`hub.titles`)."""

from __future__ import annotations

from hub.access import Principal
from hub.demo import load_demo
from hub.domain.activities import Activity
from hub.domain.keys import Role
from hub.matchmaking.similar import find_similar
from hub.matchmaking.synergies import find_synergies
from hub.review import queue_suggestions
from hub.store import Store, codec
from hub.titles import Titles, title_of

REQUEST = "req-morocco-migration-data"


def test_records_read_by_title_or_name_and_pairings_by_both(store: Store) -> None:
    load_demo(store)
    (found,) = queue_suggestions(store, Principal(Role.COORDINATOR), REQUEST, n=1)
    titles = Titles(store)
    request, partner = titles.of(REQUEST), titles.of(found.candidate)
    assert request and partner and request != REQUEST and partner != found.candidate
    assert titles.of(found.id) == f"{request} — {partner}"
    assert titles.subject(found.id) == partner  # a decision is about the partner
    assert titles.subject(REQUEST) == request
    assert titles.of("no-such-record") == ""


def test_an_activity_reads_in_english_when_it_can(store: Store) -> None:
    both = Activity(id="XM-1", title={"fr": "Données", "en": "Data"})
    french = Activity(id="XM-2", title={"fr": "Données"})
    with store.batch() as writer:
        codec.write(writer, both)
        codec.write(writer, french)
    assert [Titles(store).of(a.id) for a in (both, french)] == ["Data", "Données"]
    assert title_of({}) == ""


def test_similar_initiatives_and_programmes_carry_titles(store: Store) -> None:
    load_demo(store)
    staff = Principal(Role.COORDINATOR)
    similar = find_similar(store, staff, "req-kenya-climate-mobility", n=10).initiatives
    assert similar and all(i.title and i.title != i.id for i in similar)
    assert {i.kind for i in similar} >= {"partnership", "request"}
    (programme, *_) = find_synergies(store, staff, "Africa")
    assert sorted(programme.request_titles) == sorted(programme.requests)
    assert all(programme.request_titles.values())
