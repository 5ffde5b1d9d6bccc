"""Time-ordered cross-validation never lets a fold see its own future."""

from datetime import date

from matching.recommender import PartnerRecommender
from matching.selection import cross_validate, grid, time_folds
from tests.matching.recommender_data import world


def test_each_fold_fits_on_the_past_and_asks_only_for_partners_it_could_know() -> None:
    _, history = world()
    folds = time_folds(history, [date(2016, 1, 1), date(2017, 1, 1)])
    assert [len(f.history) for f in folds] == [8, 16]
    for fold, end in zip(folds, (date(2017, 1, 1), None), strict=True):
        assert all(a.start is not None and a.start < fold.cut for a in fold.history)
        known = {org for a in fold.history for org in a.implementers}
        for query, gold in fold.requests:
            assert query.when is not None and query.when >= fold.cut
            assert end is None or query.when < end
            assert gold and gold <= known
        assert len(fold.requests) == 8


def test_cross_validation_averages_folds_and_the_grid_ranks_every_setting() -> None:
    candidates, history = world()
    folds = time_folds(history, [date(2016, 1, 1), date(2017, 1, 1)])
    mean, per_fold = cross_validate(lambda: PartnerRecommender(dense=False), candidates, folds)
    assert len(per_fold) == 2
    assert mean["mrr"] == (per_fold[0]["mrr"] + per_fold[1]["mrr"]) / 2
    assert mean["recall@10"] > 0.9  # each specialist keeps to its topic and place
    trials = grid(candidates, folds, {"dense": [False], "half_life_days": [365.0, 1095.0]})
    assert len(trials) == 2
    assert trials[0].scores["recall@10"] + trials[0].scores["mrr"] >= (
        trials[1].scores["recall@10"] + trials[1].scores["mrr"]
    )
