"""Tag text in any of the hub's four languages with GCM objectives, by meaning rather than words.

Each objective arrives as a few sentences describing it (in Arabic, English, French and
Spanish, as data, so that this package never imports the hub). A text is embedded with the
multilingual sentence encoder of `matching.embedding` and compared with every sentence; an
objective's evidence is a soft maximum over its sentences. A logistic calibration, fitted on
the descriptions themselves (each sentence against the others, its own translations left
out), turns that evidence into a probability, so that the same threshold means the same in
every language and needs no labelled data.

A long text also scores as its most telling sentence, as in `matching.tagging`: an average
over a page of context is far from every description. Keyword TF-IDF (`ObjectiveTagger`)
can be mixed in with a small weight for the exact terms that embeddings blur.

Tagged examples add a second opinion: the objectives of the examples closest in meaning.
It is blended with the description prior in proportion to how many close examples there are,
so a handful of English examples moves an Arabic text only where they are about the same
thing, and never drowns the descriptions.

Which objectives a text gets (its set) is decided mostly by meaning: those whose evidence,
with a smaller keyword share than the ranking's, comes within a ratio of the text's best.
A ratio rather than a fixed threshold, because how close a text comes to the descriptions
differs by language while the shape of its evidence does not. Keywords alone add an
objective only at a stricter bar; otherwise they only order the set.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from numbers import Integral, Real
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt
from scipy.special import expit, logsumexp
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from matching.embedding import Kind, TextEmbedder, embedder
from matching.tagging import ObjectiveTagger, Suggestion, check_objective, check_texts, passages

__all__ = ["MultilingualTagger"]

Matrix = npt.NDArray[np.float64]


class MultilingualTagger(BaseEstimator):  # type: ignore[misc]
    """Suggest GCM objectives for texts in Arabic, English, French or Spanish.

    The defaults were chosen by `benchmarks.tagging_cv` (cross-validation on the demo hub;
    the set rule also on a development set of parallel texts in four languages).

    Parameters
    ----------
    min_confidence : float, default=0.2
        Suggestions at or above it are sure; below it a text about migration still gets
        its best objectives, flagged ``unsure``.
    min_relevance : float, default=0.3
        A text whose closest description sentence is less similar than this (cosine) is
        not about migration and gets no suggestion.
    sharpness : float, default=10.0
        Inverse temperature of the soft maximum over an objective's sentences and over
        close examples: high keeps the best match, low averages them.
    neighbours : int, default=10
        Tagged examples that vote on a text's objectives.
    example_pull : float, default=2.0
        How many fully close examples weigh as much as the descriptions; the examples'
        share is ``n / (n + example_pull)`` with ``n`` the closeness of the voters.
    keyword_weight : float, default=0.5
        Share of the keyword tagger's confidence in the final one, which orders the
        suggestions; unused when `fit` gets no keywords.
    set_keyword_weight : float, default=0.3
        Keyword share of the evidence that decides which objectives a text gets.
    set_ratio : float, default=0.7
        A text gets the objectives whose set evidence is at least this share of its best.
    keyword_bar : float, default=0.5
        An objective whose keyword confidence alone reaches this joins the set as well.
    embedder : TextEmbedder or None, default=None
        The process's shared USE embedder when None.

    Examples
    --------
    >>> descriptions = {20: ["Cheaper remittances"], 21: ["Return and reintegration"]}
    >>> tagger = MultilingualTagger().fit(descriptions)
    >>> tagger.suggest("réduire le coût des envois de fonds")[0].objective
    20
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "min_confidence": [Interval(Real, 0, 1, closed="both")],
        "min_relevance": [Interval(Real, -1, 1, closed="left")],
        "sharpness": [Interval(Real, 0, None, closed="neither")],
        "neighbours": [Interval(Integral, 1, None, closed="left")],
        "example_pull": [Interval(Real, 0, None, closed="neither")],
        "keyword_weight": [Interval(Real, 0, 1, closed="both")],
        "set_keyword_weight": [Interval(Real, 0, 1, closed="both")],
        "set_ratio": [Interval(Real, 0, 1, closed="right")],
        "keyword_bar": [Interval(Real, 0, None, closed="neither")],
        "embedder": [TextEmbedder, None],
    }

    def __init__(
        self,
        *,
        min_confidence: float = 0.2,
        min_relevance: float = 0.3,
        sharpness: float = 10.0,
        neighbours: int = 10,
        example_pull: float = 2.0,
        keyword_weight: float = 0.5,
        set_keyword_weight: float = 0.3,
        set_ratio: float = 0.7,
        keyword_bar: float = 0.5,
        embedder: TextEmbedder | None = None,
    ) -> None:
        self.min_confidence = min_confidence
        self.min_relevance = min_relevance
        self.sharpness = sharpness
        self.neighbours = neighbours
        self.example_pull = example_pull
        self.keyword_weight = keyword_weight
        self.set_keyword_weight = set_keyword_weight
        self.set_ratio = set_ratio
        self.keyword_bar = keyword_bar
        self.embedder = embedder

    def fit(
        self,
        descriptions: Mapping[int, Sequence[Sequence[str]]],
        texts: Sequence[str] = (),
        labels: Sequence[Collection[int]] = (),
        keywords: Mapping[int, Sequence[str]] | None = None,
    ) -> Self:
        """Learn from each objective's description, then from texts tagged with objectives.

        `descriptions` maps an objective to its sentences, each given in every language
        (``[[en, fr, es, ar], ...]`` or plain strings for one language): a sentence's
        translations are left out together when the calibration tests that sentence.
        `keywords` (objective -> phrases) seed the keyword tagger mixed in by `keyword_weight`.
        """
        self._validate_params()
        texts = check_texts(texts)
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} label sets")
        if len(descriptions) < 2:
            raise ValueError("descriptions must cover at least two objectives to tell apart")
        sentences: list[str] = []
        owners: list[int] = []
        groups: list[int] = []
        for number, described in descriptions.items():
            column = check_objective(number)
            for translations in described:
                versions = [translations] if isinstance(translations, str) else translations
                sentences += versions
                owners += [column] * len(versions)
                groups += [len(set(groups))] * len(versions)
        self.objectives_ = np.array(sorted(set(owners)))
        index = {number: column for column, number in enumerate(self.objectives_)}
        sentence_objective = np.array([index[number] for number in owners])
        self.group_starts_ = np.flatnonzero(np.diff(groups, prepend=-1))
        self.group_objective_ = sentence_objective[self.group_starts_]
        self.sentences_ = self._embed(sentences, Kind.PASSAGE)
        self._calibrate(np.array(groups), sentence_objective)

        chosen = [{check_objective(number) for number in objectives} for objectives in labels]
        self.examples_ = self._embed(texts, Kind.QUERY)
        self.example_objectives_ = np.zeros((len(texts), len(self.objectives_)))
        for row, objectives in enumerate(chosen):
            for number in objectives & index.keys():
                self.example_objectives_[row, index[number]] = 1.0
        self.keywords_: ObjectiveTagger | None = None
        if keywords:
            self.keywords_ = ObjectiveTagger().fit(keywords, texts, labels)
        return self

    def _embed(self, texts: list[str], kind: Kind) -> npt.NDArray[np.float32]:
        return (self.embedder or embedder()).embed(texts, kind)

    def _evidence(self, similarity: Matrix, exclude: npt.NDArray[np.bool_] | None = None) -> Matrix:
        """Soft maximum over each objective's sentences: (texts, objectives).

        A sentence counts in its closest translation: an Arabic text is judged against the
        Arabic wording, not diluted by how far it is from the same words in French.
        """
        scaled = self.sharpness * np.maximum.reduceat(similarity, self.group_starts_, axis=1)
        if exclude is not None:
            scaled = np.where(exclude, -np.inf, scaled)
        evidence = np.empty((similarity.shape[0], len(self.objectives_)))
        for column in range(len(self.objectives_)):
            mine = scaled[:, self.group_objective_ == column]
            evidence[:, column] = logsumexp(mine, axis=1) - np.log(mine.shape[1])
        return evidence / self.sharpness

    @staticmethod
    def _features(evidence: Matrix) -> Matrix:
        """Absolute evidence and its gap to the text's best objective, per objective."""
        gap = evidence - evidence.max(axis=1, keepdims=True)
        return np.stack([evidence.ravel(), gap.ravel()], axis=1)

    def _calibrate(self, groups: npt.NDArray[np.int_], objective: npt.NDArray[np.int_]) -> None:
        """Fit P(objective is right | evidence) with each sentence as a one-objective text."""
        similarity = (self.sentences_ @ self.sentences_.T).astype(np.float64)
        own_group = groups[:, None] == np.arange(len(self.group_starts_))
        evidence = self._evidence(similarity, own_group)
        truth = np.arange(len(self.objectives_)) == objective[:, None]
        model = LogisticRegression(C=10.0).fit(self._features(evidence), truth.ravel())
        self.calibration_ = (model.coef_[0].copy(), float(model.intercept_[0]))

    def confidences(self, texts: Sequence[str]) -> Matrix:
        """Confidence of every text (rows) in every fitted objective (`objectives_` columns)."""
        return self._confidences(check_texts(texts))[0]

    def _confidences(self, texts: list[str]) -> tuple[Matrix, Matrix]:
        """Confidences and relevance of each text."""
        meant, worded, relevance = self._evidences(texts)
        return _mix(meant, worded, self.keyword_weight), relevance

    def _evidences(self, texts: list[str]) -> tuple[Matrix, Matrix | None, Matrix]:
        """Evidence by meaning (descriptions and examples), by keywords (None without them)
        and relevance of each text, each the best of the text and its passages."""
        meant, relevance = self._score(self._embed(texts, Kind.QUERY))
        parts, owners = passages(texts)
        if parts:
            part_scores, part_relevance = self._score(self._embed(parts, Kind.QUERY))
            np.maximum.at(meant, np.asarray(owners), part_scores)
            np.maximum.at(relevance, np.asarray(owners), part_relevance)
        if self.keywords_ is None:
            return meant, None, relevance
        columns = np.searchsorted(self.keywords_.objectives_, self.objectives_)
        return meant, self.keywords_.confidences(texts)[:, columns], relevance

    def chosen(self, meant: Matrix, worded: Matrix | None) -> npt.NDArray[np.bool_]:
        """Which objectives each text gets, from its evidence by meaning and by keywords."""
        evidence = _mix(meant, worded, self.set_keyword_weight)
        chosen: npt.NDArray[np.bool_] = evidence >= self.set_ratio * evidence.max(
            axis=1, keepdims=True
        )
        if worded is not None:
            chosen |= worded >= self.keyword_bar
        return chosen

    def _score(self, rows: npt.NDArray[np.float32]) -> tuple[Matrix, Matrix]:
        check_is_fitted(self)
        similarity = (rows @ self.sentences_.T).astype(np.float64)
        evidence = self._evidence(similarity)
        weights, intercept = self.calibration_
        prior = expit(self._features(evidence) @ weights + intercept).reshape(evidence.shape)
        relevance = similarity.max(axis=1, initial=-1.0)
        if not len(self.examples_):
            return prior, relevance
        closeness = (rows @ self.examples_.T).astype(np.float64)
        voters = np.argsort(-closeness, axis=1)[:, : self.neighbours]
        close = np.take_along_axis(closeness, voters, axis=1)
        votes = np.exp(self.sharpness * (close - close[:, :1]))
        learned = np.einsum("tv,tvo->to", votes, self.example_objectives_[voters])
        learned /= votes.sum(axis=1, keepdims=True)
        # An example no closer than an unrelated text would be counts for nothing.
        floor = self.min_relevance
        amount = np.clip((close - floor) / (1 - floor), 0.0, 1.0).sum(axis=1, keepdims=True)
        share = amount / (amount + self.example_pull)
        return (1 - share) * prior + share * learned, relevance

    def suggest_many(
        self, texts: Sequence[str], top: int = 5, *, more: bool = False
    ) -> list[list[Suggestion]]:
        """At most `top` of the objectives each text gets (`chosen`), best first.

        Suggestions under `min_confidence` are flagged unsure: a text about migration gets
        its best guesses rather than nothing. Other texts keep only sure suggestions.
        With `more`, a text about migration also gets its next best objectives after
        them, up to `top`, flagged not `chosen`: for a person weighing its themes, while
        what a request or offer stores is only what it gets.
        """
        if top < 1:
            raise ValueError(f"top must be at least 1, got {top}")
        meant, worded, relevance = self._evidences(check_texts(texts))
        scores = _mix(meant, worded, self.keyword_weight)
        chosen = self.chosen(meant, worded)
        ranks = np.argsort(-scores, axis=1, kind="stable")
        found: list[list[Suggestion]] = []
        for row_scores, row_ranks, row_chosen, about in zip(
            scores, ranks, chosen, relevance, strict=True
        ):
            gets = row_chosen[row_ranks]
            best = [self._suggestion(c, float(row_scores[c])) for c in row_ranks[gets][:top]]
            if about < self.min_relevance:
                best = [s for s in best if not s.unsure]
            elif more:
                best += [
                    self._suggestion(c, float(row_scores[c]))._replace(chosen=False)
                    for c in row_ranks[~gets][: top - len(best)]
                ]
            found.append(best)
        return found

    def _suggestion(self, column: int, confidence: float) -> Suggestion:
        unsure = confidence < self.min_confidence
        return Suggestion(int(self.objectives_[column]), confidence, unsure)

    def suggest(self, text: str, top: int = 5, *, more: bool = False) -> list[Suggestion]:
        """The `top` objectives of one text, as `suggest_many`."""
        return self.suggest_many([text], top, more=more)[0]


def _mix(meant: Matrix, worded: Matrix | None, weight: float) -> Matrix:
    return meant if worded is None else (1 - weight) * meant + weight * worded
