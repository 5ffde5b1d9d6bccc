"""The history's pretend requests see candidates as a new request would have then:
held objectives included, never the pretend request's own."""

from __future__ import annotations

from datetime import date

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Candidate, PastActivity, Query
from matching import objectives as objectives_module
from matching import training as training_module
from tests.matching.leak_support import assert_judged_as_of, assert_not_learned

TOPICS = ("wells", "clinics", "classrooms", "returnees", "harvests", "shelters")


def _fresh_objectives_history() -> tuple[list[Candidate], list[PastActivity]]:
    """Six specialists, one a year each in its own topic, every activity tagged with an
    objective its implementer had never worked on (and its peers often had): as of each
    activity, held objectives set its implementer below the others, never above; only
    its own record, read after the fact, makes it hold the request's objective."""
    candidates = [Candidate(f"{topic}-org", topic.title()) for topic in TOPICS]
    history = [
        PastActivity(
            id=f"{topic}-{year}",
            text=f"{topic} {topic} programme support",
            objectives=((k + year) % 23 + 1,),
            start=date(2000 + year, 1, 1),
            implementers=(f"{topic}-org",),
        )
        for year in range(12)
        for k, topic in enumerate(TOPICS)
    ]
    return candidates, history


def test_a_pretend_request_finds_its_objectives_only_in_earlier_records() -> None:
    candidates, history = _fresh_objectives_history()
    late = len(history) - len(TOPICS)  # the last year's wells activity (objective 12)
    # The shelters did objective 12 five years before.
    shelters = len(TOPICS) - 1
    assert_judged_as_of(candidates, history, "objectives", late, implementer=0, peer=shelters)


def test_training_pairs_do_not_learn_objectives_from_the_request_itself() -> None:
    # The implementers never held the objective they were asked for, as of the request.
    assert_not_learned(*_fresh_objectives_history(), "objectives")


_ORIGIN = st.sampled_from(["person", "tagger"])
_TAGS = st.lists(st.tuples(st.integers(1, 23), _ORIGIN), max_size=4, unique_by=lambda t: t[0])


def _split(tags: list[tuple[int, str]]) -> dict[str, tuple[int, ...]]:
    return {
        "objectives": tuple(o for o, _ in tags),
        "suggested_objectives": tuple(o for o, origin in tags if origin == "tagger"),
    }


@settings(max_examples=60, deadline=None)
@given(
    declared=st.lists(_TAGS, min_size=1, max_size=5),
    done=st.lists(_TAGS, max_size=8),
    incidence=st.lists(st.lists(st.booleans(), min_size=5, max_size=5), min_size=8, max_size=8),
    asks=st.lists(_TAGS, min_size=1, max_size=4),
)
def test_with_every_activity_visible_held_as_of_is_held(
    declared: list[list[tuple[int, str]]],
    done: list[list[tuple[int, str]]],
    incidence: list[list[bool]],
    asks: list[list[tuple[int, str]]],
) -> None:
    candidates = [Candidate(f"c{k}", f"C{k}", **_split(tags)) for k, tags in enumerate(declared)]
    history = [PastActivity(f"a{k}", "", **_split(tags)) for k, tags in enumerate(done)]
    implemented = sp.csr_matrix(
        np.array(incidence, dtype=np.float32)[: len(history), : len(candidates)]
    )
    queries = [Query(f"q{k}", "", **_split(tags)) for k, tags in enumerate(asks)]
    labels = objectives_module.labels()
    found = objectives_module.holdings(labels, candidates, history)
    everything = np.ones((len(queries), len(history)), dtype=np.float32)
    as_of = objectives_module.met_as_of(labels, found, implemented, everything, queries)
    whole = objectives_module.held(found, implemented).T.tocsr()
    assert np.allclose(as_of, objectives_module.met(labels, whole, queries))
    # Hiding activities can only take held objectives away.
    nothing = np.zeros_like(everything)
    assert np.all(
        objectives_module.met_as_of(labels, found, implemented, nothing, queries) <= as_of
    )


@given(
    st.lists(st.sampled_from([-0.5, 0.0, 0.1, 0.3, 0.3, 0.7, 1.0]), max_size=60),
    st.integers(min_value=1, max_value=70),
)
def test_the_closest_activities_are_the_head_of_a_stable_sort(
    values: list[float], count: int
) -> None:
    """Hard negatives come from the closest activities in the order a full stable sort
    gives, ties at the cut included, though only the head is sorted."""
    texts = np.array(values, dtype=np.float32)
    positive = np.flatnonzero(texts > 0)
    whole = positive[np.argsort(-texts[positive], kind="stable")]
    assert training_module._closest(texts, count).tolist() == whole[:count].tolist()
