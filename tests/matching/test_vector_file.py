"""Embeddings kept in a file: what is put is got back, per model, and a put is whole."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.vector_file import VectorFile

keys = st.lists(st.binary(min_size=16, max_size=16), unique=True, max_size=1200)


@settings(deadline=None, max_examples=20)
@given(keys)
def test_rows_come_back_bit_for_bit_by_key(
    tmp_path_factory: pytest.TempPathFactory, found: list[bytes]
) -> None:
    saved = VectorFile(tmp_path_factory.mktemp("v") / "vectors.db", "m")
    rng = np.random.default_rng(len(found))
    rows = {key: rng.standard_normal(8).astype(np.float32) for key in found}
    saved.put(rows)
    got = saved.get([*found, b"\0" * 16])  # more keys than one lookup takes, and a stranger
    assert got.keys() == rows.keys()
    assert all(np.array_equal(got[key], rows[key]) for key in found)


def test_models_keep_their_own_rows(tmp_path: Path) -> None:
    path = tmp_path / "vectors.db"
    VectorFile(path, "use").put({b"k": np.ones(2, dtype=np.float32)})
    assert VectorFile(path, "e5").get([b"k"]) == {}
    assert VectorFile(path, "use").get([b"k"])[b"k"].tolist() == [1.0, 1.0]


def test_a_failed_put_keeps_nothing(tmp_path: Path) -> None:
    saved = VectorFile(tmp_path / "vectors.db", "m")
    bad = {b"a": np.ones(2, dtype=np.float32), b"b": "not a row"}
    with pytest.raises(ValueError):
        saved.put(bad)  # type: ignore[arg-type]
    assert saved.get([b"a"]) == {}


def test_a_whole_hub_of_keys_is_read_in_one_pass_with_the_same_answer(tmp_path: Path) -> None:
    saved = VectorFile(tmp_path / "vectors.db", "m")
    rows = {i.to_bytes(4): np.full(2, i, dtype=np.float32) for i in range(6000)}
    saved.put(rows)
    VectorFile(tmp_path / "vectors.db", "other").put({b"x": np.zeros(2, dtype=np.float32)})
    keys = [*list(rows)[1:], b"x"]  # one left out, and another model's key
    got = saved.get(keys)
    assert got.keys() == set(keys) - {b"x"}
    assert all(np.array_equal(got[key], rows[key]) for key in got)
