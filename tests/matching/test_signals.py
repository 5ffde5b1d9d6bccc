"""Each signal orders candidates the way a coordinator would (cold start: default weights)."""

import random
from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Candidate, PartnerRecommender, PastActivity, Query
from matching.names import NameIndex, acronym, phrases
from matching.proximity import Neighbourhood
from matching.signals import Signals
from tests.matching.recommender_data import TOPICS, world


def _signal(signals: Signals, query: Query, name: str) -> np.ndarray:
    """One signal of a request against every candidate."""
    everyone = np.arange(len(signals.ids))
    return signals.features(signals.batch([query]), everyone * 0, everyone)[name]


def test_features_of_chosen_pairs_match_scoring_everyone() -> None:
    candidates, history = world()
    signals = Signals(candidates, history, None, 365.0)
    queries = [Query("a", TOPICS["water"], countries=("KE",)), Query("b", "coordination health")]
    batch = signals.batch(queries)
    everyone = np.arange(len(candidates))
    rows, cols = np.repeat([0, 1], everyone.size), np.tile(everyone, 2)
    full = signals.features(batch, rows, cols)
    chosen = np.array([7, 0, 3, 3, 9])
    some = signals.features(batch, rows[chosen], cols[chosen])
    for name, values in some.items():
        assert np.allclose(values, full[name][chosen]), name


def _ranked(candidates: list[Candidate], query: Query) -> list[str]:
    model = PartnerRecommender().fit(candidates, [])
    return [r.candidate for r in model.recommend(query, n=len(candidates))]


def test_same_country_beats_subregion_beats_region_beats_elsewhere() -> None:
    candidates = [
        Candidate(
            "far", "Far", countries=("FR",), subregions=("Western Europe",), regions=("Europe",)
        ),
        Candidate(
            "continent",
            "Continent",
            countries=("NG",),
            subregions=("Western Africa",),
            regions=("Africa",),
        ),
        Candidate(
            "neighbour",
            "Neighbour",
            countries=("TZ",),
            subregions=("Eastern Africa",),
            regions=("Africa",),
        ),
        Candidate(
            "local", "Local", countries=("KE",), subregions=("Eastern Africa",), regions=("Africa",)
        ),
    ]
    query = Query(
        "q", "support", countries=("KE",), subregions=("Eastern Africa",), regions=("Africa",)
    )
    assert _ranked(candidates, query) == ["local", "neighbour", "continent", "far"]


def test_shared_objectives_rank_higher() -> None:
    candidates = [
        Candidate("none", "None", objectives=(1,)),
        Candidate("one", "One", objectives=(5, 9)),
        Candidate("two", "Two", objectives=(5, 7)),
    ]
    query = Query("q", "help", objectives=(5, 7))
    ranked = PartnerRecommender().fit(candidates, []).recommend(query, n=3)
    assert [r.candidate for r in ranked] == ["two", "one", "none"]
    assert ranked[0].shared_objectives == (5, 7)


def test_language_fit_ranks_higher() -> None:
    candidates = [
        Candidate("en", "En", languages=("en",)),
        Candidate("fr", "Fr", languages=("fr", "ar")),
    ]
    assert _ranked(candidates, Query("q", "help", languages=("fr",))) == ["fr", "en"]


def test_no_capacity_left_ranks_below_unknown_capacity() -> None:
    candidates = [
        Candidate("full", "Full", countries=("KE",), capacity_left=0.0),
        Candidate("free", "Free", capacity_left=None),
    ]
    ranked = (
        PartnerRecommender().fit(candidates, []).recommend(Query("q", "x", countries=("KE",)), n=2)
    )
    assert [r.candidate for r in ranked] == ["free", "full"]
    assert "has no capacity left" in ranked[1].evidence


def test_text_of_the_candidate_matches_in_other_inflections() -> None:
    candidates = [
        Candidate("cook", "Cook", text="cuisine communautaire et nutrition"),
        Candidate("build", "Build", text="construction de routes"),
    ]
    assert _ranked(candidates, Query("q", "programme de nutritions communautaires"))[0] == "cook"


def test_acronyms_aliases_and_slugs_are_found_in_text() -> None:
    assert acronym("Norwegian Refugee Council") == "nrc"
    assert acronym("Office of the High Commissioner") == "ohc"
    assert {"international rice research institute", "irri"} <= phrases(
        "International Rice Research Institute (IRRI)"
    )
    index = NameIndex(
        [
            ("Norwegian Refugee Council", ()),
            ("Organización Internacional", ("OIM", "iom")),
            ("save-the-children", ()),
            ("the", ()),  # a stop word is never looked for
        ]
    )
    assert index.find("Working with the NRC and Save the Children in Goma") == [0, 2]
    assert index.find("La OIM apoya a los migrantes") == [1]
    assert index.find("Organizacion  Internacional!") == [1]


def test_named_organisation_ranks_first_and_plain_words_count_less() -> None:
    candidates = [
        Candidate("nrc", "Norwegian Refugee Council"),
        Candidate("care", "care"),
        Candidate("other", "Other Org"),
    ]
    # In the past, "care" was written in many texts that CARE had nothing to do with.
    history = [
        PastActivity(
            f"h{i}", "health care for mothers", start=date(2015, 1, i + 1), implementers=("other",)
        )
        for i in range(6)
    ]
    model = PartnerRecommender().fit(candidates, history)
    ranked = model.recommend(Query("q", "NRC builds shelters and takes care of them"), n=3)
    order = [r.candidate for r in ranked]
    assert order.index("nrc") < order.index("care")
    assert "named in the request" in ranked[order.index("nrc")].evidence
    values = _signal(model.signals_, Query("q", "health care with NRC"), "named")
    assert values[0] > values[1] > 0


def test_track_record_prefers_recent_and_frequent_implementers() -> None:
    candidates = [Candidate("old", "Old"), Candidate("recent", "Recent")]
    history = [
        PastActivity("a", "wells", start=date(2005, 1, 1), implementers=("old",)),
        PastActivity("b", "wells", start=date(2019, 1, 1), implementers=("recent",)),
    ]
    signals = Signals(candidates, history, None, half_life_days=365.0)
    track = _signal(signals, Query("q", "wells", when=date(2020, 1, 1)), "track")
    assert track[1] > track[0] > 0


def test_location_and_sector_overlap_count() -> None:
    candidates = [Candidate("there", "There"), Candidate("elsewhere", "Elsewhere")]
    history = [
        PastActivity(
            "a",
            "x",
            locations=("Baidoa",),
            sectors=("10:Health",),
            start=date(2018, 1, 1),
            implementers=("there",),
        ),
        PastActivity(
            "b",
            "x",
            locations=("Garowe",),
            sectors=("10:Food",),
            start=date(2018, 1, 1),
            implementers=("elsewhere",),
        ),
    ]
    signals = Signals(candidates, history, None, 365.0)
    query = Query("q", "x", locations=("baidoa",), sectors=("10:Health",))
    locations, sectors = (_signal(signals, query, name) for name in ("locations", "sectors"))
    assert locations[0] > locations[1] == 0
    assert sectors[0] > sectors[1] == 0


def test_graph_closeness_to_the_requester() -> None:
    candidates = [
        Candidate("friend", "Friend"),
        Candidate("stranger", "Stranger"),
        Candidate("me", "Me"),
    ]
    ties = [("me", "hub-partner"), ("hub-partner", "friend"), ("stranger", "elsewhere")]
    model = PartnerRecommender().fit(candidates, [], ties=ties)
    ranked = model.recommend(Query("q", "anything", requester="me"), n=3)
    assert [r.candidate for r in ranked] == ["friend", "stranger"]
    assert np.isclose(sum(ranked[0].parts.values()), ranked[0].score)


def test_graph_closeness_is_the_same_when_asked_again() -> None:
    candidates = [Candidate("friend", "Friend"), Candidate("me", "Me"), Candidate("other", "O")]
    signals = Signals(candidates, [], [("me", "friend"), ("friend", "other")], 365.0)
    queries = [Query("a", "x", requester="me"), Query("b", "x", requester="other")]
    first = signals.batch(queries).candidates["graph"]
    again = signals.batch(queries[::-1]).candidates["graph"][::-1]
    assert first[0, 0] > 0 and first[0, 1] == 0  # close to a partner, not to itself
    assert np.array_equal(first, again)


_NODES = [f"org-{i:02d}" for i in range(30)]
_TIE = st.tuples(st.sampled_from(_NODES), st.sampled_from(_NODES))


@settings(max_examples=25, deadline=None)
@given(st.lists(_TIE, min_size=100, max_size=300), st.randoms(use_true_random=False))
def test_graph_closeness_does_not_depend_on_how_the_ties_come(
    ties: list[tuple[str, str]], shuffle: random.Random
) -> None:
    """Bit for bit, on graphs dense enough that summing in another order would show:
    the same graph read in another order must rank the same."""
    again = [(b, a) if shuffle.random() < 0.5 else (a, b) for a, b in ties + ties[::2]]
    shuffle.shuffle(again)
    targets, seeds = _NODES[::2], [[n] for n in _NODES]
    first, second = Neighbourhood(ties, targets), Neighbourhood(again, targets)
    assert np.array_equal(
        first.closeness(first.seeds(seeds)), second.closeness(second.seeds(seeds))
    )


def test_request_words_and_similarity_match_sklearn_and_scipy() -> None:
    from matching.text import similarity

    candidates, history = world()
    signals = Signals(candidates, history, None, 365.0)
    texts = [TOPICS["water"], "Élan water water wells", "", "nothing known here"]
    words = signals.texts.index.words(texts)
    expected = signals.texts.index.word.transform(texts)
    assert np.array_equal(words.toarray(), expected.toarray())
    assert np.array_equal(
        similarity(words, signals.texts.word_t), (words @ signals.texts.word_t).toarray()
    )
