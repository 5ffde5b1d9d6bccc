"""Consortium builder (GCM para 43(a)(iv)): a small team that together covers a request.

The need is the request's objectives and countries; a candidate covers an objective it
works on and a country it is present in or whose subregion it declares it serves.
Serving a whole region is no presence: "Africa" covers no African country.
Greedy weighted maximum coverage picks members one at a time; a member's marginal
coverage is scaled by a factor in [FLOOR, 1] from its recommender score, so each pick
is within FLOOR of the best marginal coverage and the team covers at least
(1 - e^-FLOOR) of what the best team of the same size covers (1 - 1/e with equal
weights). Composition rules are kept satisfiable at every step by a small exhaustive
look-ahead, so they hold whenever any team of the allowed size can meet them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from matching.profiles import Candidate, Query

__all__ = ["FLOOR", "Consortium", "Member", "Requirement", "Rules", "build_consortium", "needs"]

FLOOR = 0.5
"""Least factor a candidate's score scales its coverage by."""


@dataclass(frozen=True, slots=True)
class Requirement:
    """At least one member must be one of `allowed`, e.g. a UN entity."""

    name: str
    allowed: frozenset[str]


@dataclass(frozen=True, slots=True)
class Rules:
    """What a coordinator asks of a team's composition."""

    requirements: tuple[Requirement, ...] = ()
    one_per_kind: bool = False


@dataclass(frozen=True, slots=True)
class Member:
    candidate: str
    kind: str
    covers: tuple[str, ...]
    meets: tuple[str, ...]
    weight: float
    capacity_left: float | None


@dataclass(frozen=True, slots=True)
class Consortium:
    """A proposed team, what it covers, what stays uncovered and which rules hold."""

    members: tuple[Member, ...]
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]
    rules: dict[str, bool]
    satisfiable: bool


def needs(query: Query) -> tuple[str, ...]:
    """The parts of a request a team must cover: "objective:6", "country:JO"."""
    return (
        *(f"objective:{o}" for o in sorted(set(query.objectives))),
        *(f"country:{c}" for c in sorted(set(query.countries))),
    )


def _coverage(
    need: Sequence[str], candidate: Candidate, containing: Mapping[str, Iterable[str]]
) -> frozenset[str]:
    serves = set(candidate.subregions)
    found = set()
    for part in need:
        kind, value = part.split(":", 1)
        if kind == "objective":
            serving = int(value) in candidate.objectives
        else:
            serving = value in candidate.countries or bool(serves & set(containing.get(value, ())))
        if serving:
            found.add(part)
    return frozenset(found)


def _factors(pool: Sequence[Candidate], weights: Mapping[str, float] | None) -> dict[str, float]:
    """Scores rescaled into [FLOOR, 1]; candidates without a score get FLOOR."""
    if not weights:
        return {c.id: 1.0 for c in pool}
    known = [weights[c.id] for c in pool if c.id in weights]
    low, high = min(known, default=0.0), max(known, default=0.0)
    span = high - low
    return {
        c.id: FLOOR + (1 - FLOOR) * ((weights[c.id] - low) / span if span else 1.0)
        if c.id in weights
        else FLOOR
        for c in pool
    }


def _completable(
    unmet: Sequence[Requirement],
    slots: int,
    used_kinds: frozenset[str],
    pool: Sequence[Candidate],
    one_per_kind: bool,
) -> bool:
    """Whether `slots` more members can meet every unmet requirement.

    Candidates of one kind meeting the same requirements are interchangeable here, so
    one of each such signature is tried: the search stays tiny.
    """
    if not unmet:
        return True
    if slots == 0:
        return False
    tried = set()
    for c in pool:
        if c.id not in unmet[0].allowed or (one_per_kind and c.kind in used_kinds):
            continue
        rest = tuple(r for r in unmet if c.id not in r.allowed)
        signature = (c.kind, rest)
        if signature in tried:
            continue
        tried.add(signature)
        if _completable(rest, slots - 1, used_kinds | {c.kind}, pool, one_per_kind):
            return True
    return False


def build_consortium(
    query: Query,
    candidates: Sequence[Candidate],
    weights: Mapping[str, float] | None = None,
    rules: Rules = Rules(),
    max_size: int = 5,
    min_size: int = 2,
    containing: Mapping[str, Iterable[str]] | None = None,
) -> Consortium:
    """A team of at most `max_size` for the request, never the requester nor a full one.

    `weights` are candidate scores (e.g. from the partner recommender); `containing`
    maps a country code to the subregion (and region) it lies in. Ties go to the
    candidate listed first.
    """
    need = needs(query)
    pool = [c for c in candidates if c.id != query.requester and c.capacity_left != 0]
    cover = {c.id: _coverage(need, c, containing or {}) for c in pool}
    factor = _factors(pool, weights)
    team: list[Candidate] = []
    satisfiable = _completable(rules.requirements, max_size, frozenset(), pool, rules.one_per_kind)
    while len(team) < max_size:
        # What each step asks of every candidate, read once per step: on a large hub
        # the pool is the whole candidate list.
        chosen = {m.id for m in team}
        covered = frozenset().union(*(cover[m.id] for m in team))
        kinds = frozenset(m.kind for m in team)
        unmet = tuple(r for r in rules.requirements if not r.allowed & chosen)
        slots = max_size - len(team) - 1
        # Whether the rules stay satisfiable with a candidate is the same for every
        # candidate of its kind meeting the same unmet requirements.
        kept: dict[tuple[str, tuple[Requirement, ...]], bool] = {}
        options = []
        for c in pool:
            if c.id in chosen or (rules.one_per_kind and c.kind in kinds):
                continue
            if satisfiable:
                rest = tuple(r for r in unmet if c.id not in r.allowed)
                if (c.kind, rest) not in kept:
                    kept[(c.kind, rest)] = _completable(
                        rest, slots, kinds | {c.kind}, pool, rules.one_per_kind
                    )
                if not kept[(c.kind, rest)]:
                    continue
            options.append(c)
        if not options:
            break
        best = max(options, key=lambda c: (len(cover[c.id] - covered) * factor[c.id], factor[c.id]))
        if not cover[best.id] - covered:
            hitting = [c for c in options if any(c.id in r.allowed for r in unmet)]
            if satisfiable and hitting:
                options = hitting
            elif len(team) >= min_size:
                break
            best = max(options, key=lambda c: (len(cover[c.id]) * factor[c.id], factor[c.id]))
        team.append(best)
    return _report(need, team, cover, factor, rules, satisfiable)


def _report(
    need: Sequence[str],
    team: Sequence[Candidate],
    cover: Mapping[str, frozenset[str]],
    factor: Mapping[str, float],
    rules: Rules,
    satisfiable: bool,
) -> Consortium:
    ids = {m.id for m in team}
    covered = frozenset().union(*(cover[m.id] for m in team))
    met = {r.name: bool(r.allowed & ids) for r in rules.requirements}
    if rules.one_per_kind:
        met["one per kind"] = len({m.kind for m in team}) == len(team)
    return Consortium(
        members=tuple(
            Member(
                candidate=m.id,
                kind=m.kind,
                covers=tuple(p for p in need if p in cover[m.id]),
                meets=tuple(r.name for r in rules.requirements if m.id in r.allowed),
                weight=round(factor[m.id], 4),
                capacity_left=m.capacity_left,
            )
            for m in team
        ),
        covered=tuple(p for p in need if p in covered),
        uncovered=tuple(p for p in need if p not in covered),
        rules=met,
        satisfiable=satisfiable,
    )
