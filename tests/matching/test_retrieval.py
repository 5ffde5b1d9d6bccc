"""Rank fusion and nearest rows: the arithmetic search's order rests on."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from matching.retrieval import RRF_K, fuse, nearest

rankings = st.lists(
    st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=8), min_size=1, max_size=3
)


@given(rankings)
def test_fusion_scores_every_item_once_in_zero_one_best_first(found: list[list[str]]) -> None:
    fused = fuse(found)
    assert [item for item, _ in fused] == sorted(
        {i for r in found for i in r}, key=lambda i: (-dict(fused)[i], i)
    )
    assert all(0 < score <= 1 for _, score in fused)


def test_fusion_prefers_agreement_and_rank() -> None:
    fused = dict(fuse([["a", "b", "c"], ["b", "c", "a"]]))
    assert fused["b"] > fused["a"] > fused["c"]  # 2nd+1st beats 1st+3rd beats 3rd+2nd
    assert fuse([["x"], ["x"]]) == [("x", 1.0)]
    assert dict(fuse([["x"], []]))["x"] == 0.5
    assert fuse([["y"]], k=RRF_K) == [("y", 1.0)]


def test_nearest_respects_the_mask_the_floor_and_n() -> None:
    rows = np.eye(4, dtype=np.float32)
    query = np.array([0.8, 0.6, 0.0, 0.0], dtype=np.float32)
    everything = np.ones(4, dtype=bool)
    assert nearest(rows, query, everything, 3, 0.0) == [
        (0, float(np.float32(0.8))),
        (1, float(np.float32(0.6))),
        (2, 0.0),
    ]
    assert [r for r, _ in nearest(rows, query, everything, 5, 0.5)] == [0, 1]
    assert [r for r, _ in nearest(rows, query, np.array([0, 1, 1, 1], bool), 1, 0.5)] == [1]
    assert nearest(rows, query, np.zeros(4, bool), 3, 0.0) == []
