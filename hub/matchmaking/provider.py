"""The one place that fits, and keeps, what matchmaking learns from a store.

The partner recommender, the hub's texts (word counts and embeddings for similar
initiatives and funding leads), the objective taggers and the answers built on them
depend only on what the store holds. Fitting takes seconds on a large hub (minutes at
1M), so:

- a store that `publish` attached to an artifact folder (the API's) is answered by
  the last complete fit in that folder, while a worker process fits the next one
  after a write (`refit`): no call waits for a fit but the very first;
- any other store (tests, the CLI) is fitted in process, kept with the revision it
  was fitted at and refitted on the first call after the graph changes. One fit of a
  kind runs at a time per store; callers arriving meanwhile wait for it and share it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from hub.access import COMMON, OPERATOR, Sight
from hub.domain.activities import Partnership
from hub.domain.records import ObjectiveOrigin, Offer, StakeholderKind, SupportRequest
from hub.domain.settings import Settings
from hub.knowledge.records import Practice
from hub.matchmaking import tagging
from hub.matchmaking.artifact import Stamp
from hub.matchmaking.fitted_programmes import FittedProgrammes, fit_programmes, open_queries
from hub.matchmaking.inputs import (
    build_candidates,
    build_history,
    build_ties,
    decisions,
    known_texts,
    practice_initiative,
)
from hub.matchmaking.learned import Fitted, Learned, previous_rows, share_equal_values
from hub.matchmaking.refit import Published
from hub.memo import RevisionMemo
from hub.records import reading
from hub.store import Store, repository
from matching.dense import Embedded
from matching.embedding import embedder
from matching.funding import FundingLead
from matching.funding_pool import FundingPool
from matching.listing import near_lists
from matching.multilingual_tagging import MultilingualTagger
from matching.profiles import Candidate, PastActivity, Query
from matching.recommender import PartnerRecommender
from matching.tagging import ObjectiveTagger
from matching.textspace import TextSpace

__all__ = ["Fitted", "Learned", "Models", "eligible_candidates", "learn", "models", "publish"]

Value = TypeVar("Value")


class _Kept(Generic[Value]):
    """One fitted thing of one store, for the revision it was fitted at."""

    def __init__(self, fit: Callable[[Store], Value]) -> None:
        self._fit = fit
        self._lock = threading.Lock()
        self._kept: tuple[Stamp, Value] | None = None

    def get(self, store: Store) -> Value:
        return self.stamped(store)[1]

    def stamped(self, store: Store) -> tuple[Stamp, Value]:
        with self._lock:
            revision = store.revision()
            if self._kept is None or self._kept[0].revision != revision:
                value = self._fit(store)
                self._kept = (Stamp("", revision, datetime.now(UTC)), value)
            return self._kept


class Models:
    """Everything fitted on one store; get it with `models(store)`."""

    def __init__(self, store: Store) -> None:
        self._store = weakref.ref(store)
        self._history = _Kept(build_history)
        self._candidates = _Kept(build_candidates)
        self._partners = _Kept(_fit_recommender)
        self._texts = _Kept(_fit_texts)
        self._examples = _Kept(_examples)
        self.answers: RevisionMemo[object] = RevisionMemo(4096)
        """Answers built on the fitted models, kept until the graph or the model changes."""
        self._tables: RevisionMemo[object] = RevisionMemo(64)
        self._callers: RevisionMemo[object] = RevisionMemo(1024)
        self.published: Published[Learned] | None = None
        """The artifact folder this store's models come from (`publish`), if any."""

    @property
    def store(self) -> Store:
        store = self._store()
        if store is None:
            raise RuntimeError("the store these models were fitted on is closed and gone")
        return store

    def history(self) -> list[PastActivity]:
        """Every activity with an implementer (`inputs.build_history`); do not change it."""
        return self._history.get(self.store)

    def candidates(self) -> list[Candidate]:
        """Every stakeholder's profile, capacity after every partnership (staff's view:
        callers narrow it); do not change it."""
        return self._candidates.get(self.store)

    def partners(self) -> Fitted:
        """The recommender fitted on everything the store knew at the last fit."""
        return self.stamped()[1]

    def stamped(self) -> tuple[Stamp, Fitted]:
        """The recommender and which fit it comes from (its store revision and time)."""
        if self.published is not None:
            stamp, learned = self.published.current()
            return stamp, learned.partners
        return self._partners.stamped(self.store)

    def pending(self) -> bool:
        """Whether the graph has changed since the served recommender was fitted (its
        next fit is on its way); never in process, where a call fits first."""
        return self.published is not None and self.published.pending()

    def texts(self) -> TextSpace:
        """Word counts and embeddings of every activity, request, hub partnership
        (`inputs.known_texts`) and practice: a call then reads only the request's text;
        texts it did not see are counted and embedded on demand."""
        if self.published is not None:
            return self.published.current()[1].texts
        return self._texts.get(self.store)

    def tagger(self) -> MultilingualTagger:
        """The objective tagger: descriptions plus every request and offer people have
        tagged here. Published: the artifact's; in process, refitted only when those
        examples change, which is far less often than the graph does."""
        if self.published is not None:
            return self.published.current()[1].tagger
        return _fit_tagger(self._examples.get(self.store))

    def programmes(self) -> FittedProgrammes:
        """The partners and funders the served fit found for the regions' synergy
        groups (`fitted_programmes`); none in process, where each is found on first use."""
        if self.published is not None:
            return self.published.current()[1].programmes
        return FittedProgrammes()

    def keyword_tagger(self) -> ObjectiveTagger:
        """The keyword TF-IDF tagger for bulk imports, learning from the same examples."""
        if self.published is not None:
            return self.published.current()[1].keywords
        return _fit_keywords(self._examples.get(self.store))

    def table(self, key: Hashable, build: Callable[[], Value]) -> Value:
        """What a mechanism reads from the store on every call, the same for every
        caller (its corpus, who is present where), built once until the graph changes
        and kept apart from the answers and from `caller_table`, so that many requests'
        answers or many callers never push it out; do not change it."""
        found: Value = self._tables.get(self.store, key, build)  # type: ignore[assignment]
        return found

    def caller_table(self, key: Hashable, build: Callable[[], Value]) -> Value:
        """`table` for what one caller's sight decides (small, one per caller): kept
        apart from the shared tables, so that many callers never push those out."""
        found: Value = self._callers.get(self.store, key, build)  # type: ignore[assignment]
        return found

    def answer(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """`compute()`'s answer, kept until the graph or the served model changes;
        callers must not change it."""
        if self.published is not None:
            key = (key, self.published.current()[0].version)
        found: Value = self.answers.get(self.store, key, compute)  # type: ignore[assignment]
        return found


_models: weakref.WeakKeyDictionary[Store, Models] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def models(store: Store) -> Models:
    """The models of `store`, made on first use and dropped with the store."""
    with _lock:
        found = _models.get(store)
        if found is None:
            found = _models[store] = Models(store)
        return found


def publish(store: Store, settings: Settings) -> Published[Learned]:
    """Answer `store` from the artifacts in `settings.model_dir`, refitted in the
    background every `settings.refit_interval` seconds at most after a write (0: only
    by `gcm-hub refit`). `settings` must open the same store in a worker process.
    Close what it returns when the store closes."""
    found = models(store)
    found.published = Published(store, settings, settings.model_dir, learn, settings.refit_interval)
    return found.published


def learn(store: Store, folder: Path | None = None) -> Learned:
    """Everything a fit worker writes into an artifact, the texts' embeddings included:
    rows the current artifact in `folder` holds are reused by their text's key, and the
    text space reuses the recommender's rows of the same activities, so a fit embeds
    only the texts that are new since (about 3 ms of CPU each). Every candidate's
    near-duplicates are found here once, for every consortium call to read."""
    revision = store.revision()  # before reading anything (`fitted_programmes`)
    previous = previous_rows(folder) if folder is not None else []
    partners = _fit_recommender(store, Embedded(previous))
    partners = replace(partners, near=near_lists(partners.recommender.duplicates_))
    share_equal_values(partners.history)
    share_equal_values(partners.candidates)
    dense = partners.recommender.signals_.dense
    texts = _fit_texts(store, [a.text for a in partners.history])
    texts.index(Embedded([*(dense.tables() if dense else ()), *previous]))
    examples = _examples(store)
    staff = open_queries(store, reading.visible(store, OPERATOR, SupportRequest))
    funders = _staff_funders(store, texts)
    programmes = fit_programmes(staff, partners.recommender, funders, revision, store.revision)
    return Learned(partners, texts, _fit_tagger(examples), _fit_keywords(examples), programmes)


def _staff_funders(store: Store, texts: TextSpace) -> Callable[[Query, int], list[FundingLead]]:
    """Funding leads as staff see them, from the pool a serving process builds at this
    revision with these texts (`funding.funding_pool`)."""
    from hub.matchmaking import funding  # it reads the store through `models`, above

    pool = FundingPool(funding.funding_history(store), texts)
    profiles, kinds = funding.donors(store)
    return lambda query, n: pool.leads(query, profiles, kinds, n)


def eligible_candidates(store: Store, history: list[PastActivity]) -> list[Candidate]:
    """Who may be proposed as a partner.

    Member States ask for support; they are matched with peers as similar initiatives,
    not proposed as implementing partners. Donors, and whoever has only funded, are
    proposed as funding leads, and as partners only where they have implemented
    something themselves. Every caller gets this model's answers, so its graph ties,
    capacity and what decisions teach it are what every partner and Member State may
    see (`COMMON`).
    """
    implemented = {org for activity in history for org in activity.implementers}
    funders = {edge.source for edge in store.edges("FUNDED")}
    return [
        c
        for c in build_candidates(store, reading.visible(store, COMMON, Partnership))
        if c.kind != StakeholderKind.MEMBER_STATE
        and ((c.kind != StakeholderKind.DONOR and c.id not in funders) or c.id in implemented)
    ]


def _fit_recommender(store: Store, known: Embedded | None = None) -> Fitted:
    history = models(store).history()
    candidates = eligible_candidates(store, history)
    hidden = Sight(store, COMMON).hidden()
    model = PartnerRecommender().fit(
        candidates,
        history,
        decisions=decisions(store, hidden),
        ties=build_ties(store, hidden),
        embedded=known,
    )
    return Fitted(model, candidates, history)


def _fit_texts(store: Store, held: Iterable[str] = ()) -> TextSpace:
    """The text space; texts equal to one `held` elsewhere are that string, not a copy."""
    practices = (practice_initiative(p).text for p in repository.list_records(store, Practice))
    same = {text: text for text in held}
    return TextSpace(embedder()).fit([same.get(t, t) for t in [*known_texts(store), *practices]])


def _examples(store: Store) -> tagging.Examples:
    """Every request and offer whose objectives a person chose or confirmed, as (text,
    objectives). The tagger's own suggestions are left out: learning from them would
    only teach it its own mistakes."""
    described: list[SupportRequest | Offer] = [
        *repository.list_records(store, SupportRequest),
        *repository.list_records(store, Offer),
    ]
    return tuple(
        (f"{r.title}\n{r.text}", tuple(r.objectives))
        for r in described
        if r.objectives and r.objective_origin is ObjectiveOrigin.CONFIRMED
    )


@lru_cache(maxsize=4)
def _fit_tagger(examples: tagging.Examples) -> MultilingualTagger:
    """Shared by every store with the same examples (tests' demo hubs, a restart)."""
    if not examples:
        return tagging.seed_tagger()
    texts, labels = zip(*examples, strict=True)
    return tagging.fit_examples(list(texts), [set(chosen) for chosen in labels])


@lru_cache(maxsize=4)
def _fit_keywords(examples: tagging.Examples) -> ObjectiveTagger:
    return tagging.fit_keywords(examples)
