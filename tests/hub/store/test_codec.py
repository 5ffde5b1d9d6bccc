"""The codec keeps a record whole through its stored properties and a note's JSON."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from graph import Edge
from hub.domain.records import ExternalId, Stakeholder, StakeholderKind
from hub.store import codec

_NAMES = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=12)

stakeholders = st.builds(
    Stakeholder,
    id=st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
    name=_NAMES,
    aliases=st.lists(_NAMES, max_size=3),
    kind=st.sampled_from(StakeholderKind),
    countries=st.lists(st.sampled_from(["SO", "KE", "FR"]), max_size=2, unique=True),
    objectives=st.lists(st.integers(1, 23), max_size=3, unique=True).map(sorted),
    external_ids=st.lists(
        st.builds(ExternalId, scheme=st.sampled_from(["iati-org", "registry"]), value=_NAMES),
        max_size=2,
    ),
)


@given(stakeholders)
def test_a_record_comes_back_from_its_properties_even_through_json(record: Stakeholder) -> None:
    kept = json.loads(json.dumps(codec.properties_of(record)))
    assert codec.from_properties(Stakeholder, record.id, kept) == record
    assert codec.to_node(record).properties == kept


@given(
    st.lists(
        st.builds(
            Edge,
            source=_NAMES,
            type=st.sampled_from(["FUNDS", "MEMBER_OF"]),
            target=_NAMES,
            key=st.sampled_from(["", "iati", "activity-1"]),
            properties=st.dictionaries(st.sampled_from(["since", "weight"]), st.integers()),
        ),
        max_size=4,
    )
)
def test_edges_come_back_from_their_rows_through_json(edges: list[Edge]) -> None:
    assert codec.edges_from_rows(json.loads(json.dumps(codec.edge_rows(edges)))) == edges
