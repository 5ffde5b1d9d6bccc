"""A pool weighs any kept selection of its rows exactly as a text space weighs it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.embedding import embedder
from matching.pool import TextPool
from matching.textspace import TextSpace

WORDS = ["water", "skills", "migrant", "workers", "returning", "Sahel", "café", "the", "of"]
text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(
    pooled=st.lists(text, min_size=1, max_size=10),
    query=st.one_of(text, text.map(lambda t: t + " unheard words")),
    kept=st.lists(st.booleans(), min_size=10, max_size=10),
    seen=st.booleans(),
)
def test_a_kept_selection_is_weighed_to_the_bit_as_a_text_space_weighs_it(
    pooled: list[str], query: str, kept: list[bool], seen: bool
) -> None:
    """The request read at fit or not, new words in it or not."""
    space = TextSpace().fit([*pooled, query] if seen else pooled)
    mask = np.asarray(kept[: len(pooled)])
    pool = TextPool(space, pooled)
    fast = pool.terms(query, mask)
    rows = np.flatnonzero(mask)
    full = space.terms(query, [pooled[i] for i in rows])
    assert fast.cosine[rows].tolist() == full.cosine.tolist()
    assert [fast.terms(int(r)) for r in rows] == [full.terms(i) for i in range(rows.size)]


def test_meaning_of_chosen_rows_is_the_text_space_meaning_and_of_all_rows_close_to_it() -> None:
    texts = ["Lutte contre la traite des personnes", "drinking water", "migrant skills"]
    space = TextSpace(embedder()).fit([*texts, "a text fitted but not pooled"])
    pooled = texts[::-1]
    pool = TextPool(space, pooled)
    asked = "Fighting human trafficking"
    rows = np.asarray([2, 0])
    chosen = space.meaning(asked, [pooled[r] for r in rows])
    assert pool.meaning(asked, rows).tolist() == chosen.tolist()
    assert np.allclose(pool.meaning(asked), space.meaning(asked, pooled), rtol=0, atol=1e-6)
    assert pool.meaning(asked)[2] > 0.5 > pool.meaning(asked)[1]


def test_a_pool_holds_only_fitted_texts() -> None:
    with pytest.raises(ValueError, match=r"1 pooled text.*never fitted.*'new text'"):
        TextPool(TextSpace().fit(["water"]), ["water", "new text"])
