"""Closeness of organisations in the hub's stakeholder graph.

Direct ties count fully; ties through a shared neighbour count less the more neighbours
that go-between has (the Adamic-Adar idea): sharing a small NGO network says more than
both knowing a ministry everyone knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
import scipy.sparse as sp

from matching.profiles import Query

__all__ = ["Neighbourhood", "RequesterCloseness"]

_CACHED_REQUESTERS = 4096


class Neighbourhood:
    """The graph as a sparse matrix, ready to score closeness from seed nodes.

    Built from the graph's ties (pairs of node ids, either way round, repeats count
    once) rather than a networkx graph: closeness reads nothing else, and a 100k hub's
    graph as networkx objects takes ~0.9 GB, more than the fitted recommender.
    """

    def __init__(self, ties: Iterable[tuple[str, str]], targets: Sequence[str]) -> None:
        first_seen: dict[str, int] = {}
        ends = np.fromiter(
            (first_seen.setdefault(n, len(first_seen)) for n in chain.from_iterable(ties)),
            dtype=np.int64,
        )
        # Numbered in id order: a node's neighbours are then summed in the same order
        # however the ties came, and float sums depend on that order.
        nodes = sorted(first_seen)
        renumber = np.empty(len(nodes), dtype=np.int64)
        renumber[[first_seen[n] for n in nodes]] = np.arange(len(nodes))
        ends = renumber[ends].reshape(-1, 2)
        self.positions = {node: i for i, node in enumerate(nodes)}
        size = len(self.positions)
        adjacency = sp.csr_matrix(
            (
                np.ones(2 * len(ends), dtype=np.float32),
                (np.r_[ends[:, 0], ends[:, 1]], np.r_[ends[:, 1], ends[:, 0]]),
            ),
            shape=(size, size),
        )
        adjacency = sp.csr_matrix((adjacency > 0).astype(np.float32))
        adjacency.setdiag(0)
        adjacency.eliminate_zeros()
        degree = np.asarray(adjacency.sum(axis=1)).ravel()
        found = [(t, self.positions[c]) for t, c in enumerate(targets) if c in self.positions]
        self.target_columns = np.array([node for _, node in found], dtype=np.int64)
        self.target_positions = np.array([t for t, _ in found], dtype=np.int64)
        self.size = len(targets)
        self.target_of = np.full(size, -1, dtype=np.int64)
        self.target_of[self.target_columns] = self.target_positions
        # Both hops end at a target: keeping only those columns, with the go-between's
        # discount folded in, spares building every second neighbour of the graph.
        self.adjacency = adjacency
        self.to_targets = sp.csr_matrix(adjacency[:, self.target_columns])
        through = sp.diags(1.0 / np.log(np.maximum(degree, 2.0)).astype(np.float32))
        self.through_to_targets = sp.csr_matrix(through @ self.to_targets)

    def seeds(self, names: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """One row per request marking the graph nodes it starts from."""
        cells = [
            (r, self.positions[n])
            for r, row in enumerate(names)
            for n in row
            if n in self.positions
        ]
        rows = np.array([r for r, _ in cells], dtype=np.int64)
        cols = np.array([c for _, c in cells], dtype=np.int64)
        data = np.ones(rows.size, dtype=np.float32)
        return sp.csr_matrix((data, (rows, cols)), shape=(len(names), len(self.positions)))

    def closeness(self, seeds: sp.csr_matrix) -> np.ndarray:
        """requests x targets: direct ties plus degree-discounted shared neighbours."""
        near = seeds @ self.to_targets + (seeds @ self.adjacency) @ self.through_to_targets
        result = np.zeros((seeds.shape[0], self.size), dtype=np.float32)
        result[:, self.target_positions] = near.toarray()
        # A seed is not close to itself in any useful sense.
        rows, nodes = seeds.nonzero()
        targets = self.target_of[nodes]
        result[rows[targets >= 0], targets[targets >= 0]] = 0.0
        return result


class RequesterCloseness:
    """Each request's requester's closeness to the candidates, with the rows of recent
    requesters kept: a donor asks again and again, and a large donor's neighbourhood is
    the costliest signal to compute."""

    def __init__(self, ties: Iterable[tuple[str, str]], candidates: Sequence[str]) -> None:
        self.graph = Neighbourhood(ties, candidates)
        self.rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def on(self, queries: Sequence[Query]) -> np.ndarray:
        """requests x candidates: closeness to the requester, its partners, funders, peers.

        Only the requester seeds it. Named organisations have a learned signal of their
        own, and this one cannot be learned from history without leaking the answer, so
        it stays out of requests that have no requester (and out of training).
        """
        found = np.zeros((len(queries), self.graph.size), dtype=np.float32)
        for row, query in enumerate(queries):
            if query.requester:
                where, values = self._close_to(query.requester)
                found[row, where] = values
        return found

    def _close_to(self, requester: str) -> tuple[np.ndarray, np.ndarray]:
        """The candidates close to a requester and how close, least recently used out."""
        # Popped and put back so the dict's order is the order of use.
        found = self.rows.pop(requester, None)
        if found is None:
            row = np.log1p(self.graph.closeness(self.graph.seeds([[requester]]))[0])
            where = np.flatnonzero(row)
            found = (where, row[where])
            if len(self.rows) >= _CACHED_REQUESTERS:
                self.rows.pop(next(iter(self.rows)), None)
        self.rows[requester] = found
        return found
