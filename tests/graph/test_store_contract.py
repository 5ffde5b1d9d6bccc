"""The GraphStore contract, run against every backend through the `store` fixture."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import Edge, GraphStore, InvalidProperty, LabelConflict, MissingNode, Node, text
from graph.store import RESERVED

property_values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.lists(st.text(max_size=10), max_size=5),
    st.lists(st.integers(min_value=-1000, max_value=1000), max_size=5),
)
property_maps = st.dictionaries(
    st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True).filter(lambda k: k not in RESERVED),
    property_values,
    max_size=6,
)
node_ids = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() == s and s)

per_backend = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _org(node_id: str, **properties: object) -> Node:
    return Node(node_id, "Stakeholder", properties)  # type: ignore[arg-type]


@per_backend
@given(node_id=node_ids, properties=property_maps)
def test_node_round_trips(store: GraphStore, node_id: str, properties: dict[str, object]) -> None:
    store.upsert_node(_org(node_id, **properties))
    found = store.node(node_id)
    assert found == _org(node_id, **properties)


@per_backend
@given(properties=property_maps, key=st.text(max_size=10))
def test_edge_round_trips(store: GraphStore, properties: dict[str, object], key: str) -> None:
    store.upsert_nodes([_org("a"), _org("b")])
    edge = Edge("a", "FUNDS", "b", key, properties)  # type: ignore[arg-type]
    store.upsert_edge(edge)
    assert edge in list(store.edges("FUNDS"))


def test_upsert_replaces_properties(store: GraphStore) -> None:
    store.upsert_node(_org("iom", name="IOM", founded=1951))
    store.upsert_node(_org("iom", name="International Organization for Migration"))
    assert store.node("iom") == _org("iom", name="International Organization for Migration")
    assert store.counts().nodes == {"Stakeholder": 1}


def test_a_node_keeps_its_label(store: GraphStore) -> None:
    store.upsert_node(_org("somalia"))
    with pytest.raises(LabelConflict, match="somalia"):
        store.upsert_node(Node("somalia", "Country"))
    assert store.node("somalia") == _org("somalia")


@pytest.mark.parametrize(
    "value", [{"nested": "map"}, None, [1, "mixed"], [[1]]], ids=["map", "null", "mixed", "nested"]
)
def test_unstorable_properties_are_refused_by_name(store: GraphStore, value: object) -> None:
    with pytest.raises(InvalidProperty, match=r"'bad'.*'meta'"):
        store.upsert_node(_org("bad", meta=value))
    assert store.node("bad") is None


def test_edges_need_both_ends(store: GraphStore) -> None:
    store.upsert_node(_org("undp"))
    with pytest.raises(MissingNode, match="ghost"):
        store.upsert_edge(Edge("undp", "FUNDS", "ghost"))
    assert list(store.edges()) == []


def test_edge_keys_keep_parallel_edges_apart(store: GraphStore) -> None:
    store.upsert_nodes([_org("eu"), _org("iom")])
    store.upsert_edges([Edge("eu", "FUNDS", "iom", "act-1"), Edge("eu", "FUNDS", "iom", "act-2")])
    store.upsert_edge(Edge("eu", "FUNDS", "iom", "act-1", {"year": 2020}))
    assert sorted((e.key, dict(e.properties)) for e in store.edges("FUNDS")) == [
        ("act-1", {"year": 2020}),
        ("act-2", {}),
    ]
    assert store.counts().edges == {"FUNDS": 2}


def test_neighbours_filter_by_direction_type_and_label(store: GraphStore) -> None:
    store.upsert_nodes([_org("eu"), _org("iom"), _org("nrc"), Node("country:SO", "Country")])
    store.upsert_edges(
        [
            Edge("eu", "FUNDS", "iom"),
            Edge("iom", "PARTNERS_WITH", "nrc"),
            Edge("iom", "PRESENT_IN", "country:SO"),
        ]
    )

    def ids(found: list[tuple[Edge, Node]]) -> set[str]:
        return {node.id for _, node in found}

    assert ids(store.neighbours("iom")) == {"eu", "nrc", "country:SO"}
    assert ids(store.neighbours("iom", direction="in")) == {"eu"}
    assert ids(store.neighbours("iom", direction="out")) == {"nrc", "country:SO"}
    assert ids(store.neighbours("iom", edge_types=["FUNDS"])) == {"eu"}
    assert ids(store.neighbours("iom", labels=["Country"])) == {"country:SO"}
    assert store.neighbours("nobody") == []
    assert [store.degree(n) for n in ("iom", "eu", "country:SO", "nobody")] == [3, 1, 1, 0]


def test_delete_node_takes_its_edges_and_external_ids(store: GraphStore) -> None:
    store.upsert_nodes([_org("eu"), _org("iom")])
    store.upsert_edge(Edge("eu", "FUNDS", "iom"))
    store.link_external_id("iati-org", "XM-DAC-47066", "iom")
    store.delete_node("iom")
    assert store.node("iom") is None
    assert list(store.edges()) == []
    assert store.node_by_external_id("iati-org", "XM-DAC-47066") is None
    store.delete_node("iom")  # deleting again is not an error


def test_delete_edge(store: GraphStore) -> None:
    store.upsert_nodes([_org("eu"), _org("iom")])
    store.upsert_edges([Edge("eu", "FUNDS", "iom", "a"), Edge("eu", "FUNDS", "iom", "b")])
    store.delete_edge("eu", "FUNDS", "iom", "a")
    assert [e.key for e in store.edges()] == ["b"]


def test_external_ids_first_claim_wins(store: GraphStore) -> None:
    store.upsert_nodes([_org("iom"), _org("other")])
    assert store.link_external_id("iati-org", "XM-DAC-47066", "iom") == "iom"
    assert store.link_external_id("iati-org", "XM-DAC-47066", "other") == "iom"
    found = store.node_by_external_id("iati-org", "XM-DAC-47066")
    assert found is not None and found.id == "iom"
    assert store.external_ids("iom") == [("iati-org", "XM-DAC-47066")]
    assert store.node_by_external_id("iati-org", "nope") is None


def test_an_unlinked_external_id_is_free_again(store: GraphStore) -> None:
    store.upsert_nodes([_org("iom"), _org("other")])
    store.link_external_id("name", "iom", "iom")
    store.unlink_external_id("name", "iom", "other")  # not its holder: nothing changes
    assert store.link_external_id("name", "iom", "other") == "iom"
    with store.batch() as writer:
        writer.unlink_external_id("name", "iom", "iom")
        assert writer.link_external_id("name", "iom", "other") == "other"
    assert store.external_ids("iom") == [] and store.external_ids("other") == [("name", "iom")]
    store.unlink_external_id("name", "nobody-has-it", "iom")


def test_linking_an_external_id_needs_the_node(store: GraphStore) -> None:
    with pytest.raises(MissingNode, match="ghost"):
        store.link_external_id("iati-org", "X", "ghost")
    store.upsert_node(_org("iom"))
    store.link_external_id("iati-org", "X", "iom")
    with pytest.raises(MissingNode, match="ghost"):
        store.link_external_id("iati-org", "X", "ghost")  # even where it would not apply
    assert store.external_ids("iom") == [("iati-org", "X")]


def test_a_failed_batch_leaves_nothing_behind(store: GraphStore) -> None:
    store.upsert_node(_org("kept", version=1))
    with pytest.raises(RuntimeError), store.batch() as writer:
        writer.upsert_node(_org("kept", version=2))
        writer.upsert_node(_org("new"))
        writer.upsert_edge(Edge("kept", "FUNDS", "new"))
        raise RuntimeError("interrupted")
    assert store.node("kept") == _org("kept", version=1)
    assert store.node("new") is None
    assert list(store.edges()) == []
    assert "new" not in store.projection()


def test_counts_by_label_and_type(store: GraphStore) -> None:
    with store.batch() as writer:
        writer.upsert_nodes([_org("a"), _org("b"), Node("country:SO", "Country")])
        writer.upsert_edges([Edge("a", "FUNDS", "b"), Edge("a", "PRESENT_IN", "country:SO")])
    counts = store.counts()
    assert counts.nodes == {"Country": 1, "Stakeholder": 2}
    assert counts.edges == {"FUNDS": 1, "PRESENT_IN": 1}


def test_projection_follows_writes(store: GraphStore) -> None:
    store.upsert_nodes([_org("a", name="A"), _org("b")])
    graph = store.projection()
    assert graph.nodes["a"] == {"label": "Stakeholder", "name": "A"}
    store.upsert_edge(Edge("a", "FUNDS", "b", "x", {"year": 2021}))
    store.upsert_node(_org("a", name="Renamed"))
    graph = store.projection()
    assert graph.nodes["a"] == {"label": "Stakeholder", "name": "Renamed"}
    assert graph.edges["a", "b", ("FUNDS", "x")] == {"type": "FUNDS", "year": 2021}
    store.delete_edge("a", "FUNDS", "b", "x")
    assert not store.projection().has_edge("a", "b")
    store.delete_node("b")
    assert set(store.projection()) == {"a"}


@pytest.mark.parametrize("name", ["id", "label", "type", "key"])
def test_reserved_property_names_are_refused(store: GraphStore, name: str) -> None:
    with pytest.raises(InvalidProperty, match=f"'{name}' is reserved"):
        store.upsert_node(_org("x", **{name: "v"}))
    store.upsert_nodes([_org("a"), _org("b")])
    with pytest.raises(InvalidProperty, match=f"'{name}' is reserved"):
        store.upsert_edge(Edge("a", "FUNDS", "b", "", {name: "v"}))


def _small_world(store: GraphStore) -> None:
    store.upsert_nodes(
        [
            _org("eu"),
            _org("iom"),
            _org("nrc"),
            _org("somalia"),
            Node("req", "SupportRequest"),
            Node("country:SO", "Country"),
        ]
    )
    store.upsert_edges(
        [
            Edge("eu", "FUNDS", "iom", "a1", {"year": 2020}),
            Edge("iom", "MEMBER_OF", "nrc"),
            Edge("somalia", "REQUESTED", "req"),
            Edge("req", "CONCERNS", "country:SO"),
            Edge("iom", "PRESENT_IN", "country:SO"),
        ]
    )


def test_neighbourhood_walks_types_and_avoids_excluded_nodes(store: GraphStore) -> None:
    _small_world(store)
    assert set(store.neighbourhood("iom")) == {"iom", "eu", "nrc", "country:SO"}
    two = store.neighbourhood("iom", 2)
    assert set(two) == {"iom", "eu", "nrc", "country:SO", "req"}
    assert two.nodes["eu"] == {"label": "Stakeholder"}
    assert two.edges["eu", "iom", ("FUNDS", "a1")] == {"type": "FUNDS", "year": 2020}
    assert set(store.neighbourhood("iom", 3, edge_types={"FUNDS", "PRESENT_IN"})) == {
        "iom",
        "eu",
        "country:SO",
    }
    hidden = store.neighbourhood("somalia", 3, exclude={"req"})
    assert set(hidden) == {"somalia"}
    with pytest.raises(MissingNode, match="ghost"):
        store.neighbourhood("ghost")


def test_shortest_paths_avoid_excluded_nodes(store: GraphStore) -> None:
    _small_world(store)
    assert store.shortest_paths("eu", "somalia") == [
        [
            ("eu", "FUNDS", "iom"),
            ("iom", "PRESENT_IN", "country:SO"),
            ("req", "CONCERNS", "country:SO"),
            ("somalia", "REQUESTED", "req"),
        ]
    ]
    assert store.shortest_paths("eu", "somalia", exclude={"req"}) == []
    store.upsert_edge(Edge("eu", "FUNDS", "iom", "a2"))  # a parallel edge is the same step
    assert store.shortest_paths("eu", "iom") == [[("eu", "FUNDS", "iom")]]
    with pytest.raises(MissingNode, match="ghost"):
        store.shortest_paths("eu", "ghost")


def test_node_digests_change_with_properties_and_only_then(store: GraphStore) -> None:
    store.upsert_nodes([_offer("a", "Census"), _offer("b", "Visa"), _org("iom", name="IOM")])
    before = dict(store.node_digests("Offer"))
    assert list(before) == ["a", "b"]  # by id, of that label only
    store.upsert_node(_offer("b", "Visa"))  # the same properties again
    store.upsert_node(_offer("a", "Census", objectives=[3]))
    after = dict(store.node_digests("Offer"))
    assert after["b"] == before["b"] and after["a"] != before["a"]
    store.delete_node("b")
    assert list(dict(store.node_digests("Offer"))) == ["a"]
    assert list(store.node_digests("Nothing")) == []


def test_revision_changes_with_every_write_and_only_then(store: GraphStore) -> None:
    before = store.revision()
    assert store.revision() == before
    store.upsert_node(_org("a"))
    after = store.revision()
    assert after != before
    store.node("a")
    list(store.nodes())
    assert store.revision() == after
    store.delete_node("a")
    assert store.revision() != after


TEXT = {"Offer": ["title", "text"], "Stakeholder": ["name", "aliases"]}


def _offer(node_id: str, title: str, text: str = "", **properties: object) -> Node:
    return Node(node_id, "Offer", {"title": title, "text": text, **properties})  # type: ignore[dict-item]


def _ids(found: list[tuple[str, float]]) -> list[str]:
    return [node_id for node_id, _ in found]


def _library(store: GraphStore) -> None:
    store.upsert_nodes(
        [
            _offer("border", "Border management training", "Training for border officials."),
            _offer("census", "Census of diaspora", "Counting the diaspora abroad."),
            _offer("both", "Border data", "Diaspora registries and border statistics."),
            _org("iom", name="International Organization for Migration", aliases=["OIM", "IOM"]),
            _org("plain", name="Plain name", note="border"),  # `note` is not declared text
        ]
    )


def test_search_text_ranks_by_words_in_declared_fields(store: GraphStore) -> None:
    _library(store)
    found = store.search_text("BORDER diaspora", TEXT)
    # each backend's own relevance orders them (the hub re-ranks by the share of words held)
    assert set(_ids(found)) == {"both", "border", "census"}
    assert all(score > 0 for _, score in found)
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    assert _ids(store.search_text("oim", TEXT)) == ["iom"]  # an item of a list property


def test_search_text_filters_by_label_exclusion_and_limit(store: GraphStore) -> None:
    _library(store)
    assert _ids(store.search_text("border training", TEXT, labels=["Stakeholder"])) == []
    assert _ids(store.search_text("oim", TEXT, labels=["Stakeholder"])) == ["iom"]
    kept = _ids(store.search_text("border diaspora", TEXT, exclude={"both"}))
    assert set(kept) == {"border", "census"}
    assert len(store.search_text("border diaspora", TEXT, limit=2)) == 2
    assert store.search_text("  ¿!? ", TEXT) == []


def test_search_text_answers_records_holding_every_word_first(store: GraphStore) -> None:
    _library(store)
    store.upsert_node(_offer("zanzibar", "Zanzibar", "Zanzibar, Zanzibar."))
    store.upsert_node(
        _offer("long", "Port of Zanzibar", "A long report on ports, boats and the border post.")
    )
    found = store.search_text("border zanzibar", TEXT)
    # relevance alone puts the short record saying the rare word thrice first
    assert _ids(found)[0] == "long"
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    assert _ids(store.search_text("border zanzibar", TEXT, limit=1)) == ["long"]
    # an excluded record never takes a place: the limit is filled by the next ones
    assert len(store.search_text("border diaspora", TEXT, exclude={"both"}, limit=2)) == 2


def test_search_text_finds_by_common_words_last_and_counts_only_what_it_may_answer(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "COMMON", 2)
    visas = [_offer(f"v{i}", "Visa", "Visa, visa.") for i in range(3)]
    others = [_offer(f"other{i}", "Port", "Boats.") for i in range(20)]  # for word weights
    store.upsert_nodes([*visas, *others, _offer("z", "Zanzibar", "A long report on ports.")])
    found = store.search_text("visa zanzibar", TEXT)
    assert _ids(found)[0] == "z" and set(_ids(found)) == {"z", "v0", "v1", "v2"}
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    assert all(score > 0 for _, score in found)
    assert _ids(store.search_text("visa zanzibar", TEXT, limit=2))[0] == "z"
    # with two visa records excluded the word is no longer common, so the short record
    # saying it thrice is scored, and first, as in a store without them
    kept = _ids(store.search_text("visa zanzibar", TEXT, exclude={"v0", "v1"}))
    store.delete_node("v0")
    store.delete_node("v1")
    assert kept == _ids(store.search_text("visa zanzibar", TEXT)) == ["v2", "z"]


def test_search_text_follows_writes_and_rollbacks(store: GraphStore) -> None:
    _library(store)
    assert _ids(store.search_text("census", TEXT)) == ["census"]
    store.upsert_node(_offer("census", "Population register"))
    assert store.search_text("census", TEXT) == []
    assert _ids(store.search_text("register", TEXT)) == ["census"]
    store.delete_node("census")
    assert store.search_text("register", TEXT) == []
    with pytest.raises(RuntimeError), store.batch() as writer:
        writer.upsert_node(_offer("ghost", "Reintegration counselling"))
        raise RuntimeError("interrupted")
    assert store.search_text("reintegration", TEXT) == []
    store.upsert_node(_offer("late", "Reintegration counselling"))
    assert _ids(store.search_text("counselling", TEXT)) == ["late"]


def test_search_text_reindexes_for_a_new_declaration(store: GraphStore) -> None:
    _library(store)
    practice = {"title": "Peer exchange", "lessons": ["Start small"]}
    store.upsert_node(Node("p1", "Practice", practice))  # type: ignore[arg-type]
    assert store.search_text("small", TEXT) == []
    wider = {**TEXT, "Practice": ["title", "lessons"]}
    assert _ids(store.search_text("small", wider)) == ["p1"]
    assert _ids(store.search_text("training", wider)) == ["border"]  # the rest is still there
    revision = store.revision()
    store.search_text("small", TEXT)  # back again: an index is not a write of the graph
    assert store.revision() == revision


@per_backend
@given(query=st.text(max_size=40))
def test_search_text_takes_any_query(store: GraphStore, query: str) -> None:
    store.upsert_node(_offer("o", 'Labour mobility AND (skills) OR "NOT" title:x*'))
    found = store.search_text(query, TEXT)
    assert set(_ids(found)) <= {"o"}


filter_values = st.one_of(
    st.text(max_size=5), st.integers(min_value=-3, max_value=3), st.booleans()
)


@per_backend
@given(
    kinds=st.dictionaries(node_ids, filter_values, max_size=12),
    wanted=filter_values,
    limit=st.integers(min_value=1, max_value=5),
)
def test_paging_walks_a_label_in_id_order_with_filters_pushed_down(
    store: GraphStore, kinds: dict[str, object], wanted: object, limit: int
) -> None:
    store.upsert_nodes([_org(node_id, kind=kind, tags=["x"]) for node_id, kind in kinds.items()])
    store.upsert_node(Node("other", "Offer", {"kind": wanted}))  # type: ignore[dict-item]
    seen: list[str] = []
    after = None
    while page := store.page("Stakeholder", after=after, limit=limit, where={"kind": wanted}):  # type: ignore[dict-item]
        assert len(page) <= limit
        seen += [node.id for node in page]
        after = page[-1].id
    expected = sorted(
        node_id for node_id, kind in kinds.items() if type(kind) is type(wanted) and kind == wanted
    )
    assert seen == expected
    for node_id in kinds:  # a clean slate for the next example
        store.delete_node(node_id)
    store.delete_node("other")


def test_paging_without_filters_and_with_lists(store: GraphStore) -> None:
    store.upsert_nodes([_org(f"s{i}", rank=i, tags=["a"]) for i in range(5)])
    assert [n.id for n in store.page("Stakeholder", limit=2)] == ["s0", "s1"]
    assert [n.id for n in store.page("Stakeholder", after="s3")] == ["s4"]
    assert store.page("Stakeholder", where={"rank": 2}) == [_org("s2", rank=2, tags=["a"])]
    assert store.page("Stakeholder", where={"rank": True}) == []  # a bool is not a 1
    assert store.page("Nothing") == [] and store.page("Stakeholder", limit=0) == []


@pytest.mark.parametrize("where", [{"a-b": 1}, {"id": "x"}, {"tags": ["a"]}])
def test_filters_that_cannot_be_pushed_down_are_refused(
    store: GraphStore, where: dict[str, object]
) -> None:
    with pytest.raises(InvalidProperty, match="filter"):
        store.page("Stakeholder", where=where)  # type: ignore[arg-type]
