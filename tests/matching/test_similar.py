"""Similar initiatives: closest first, with the reasons, never the requester's own."""

from __future__ import annotations

from matching.embedding import embedder
from matching.profiles import PastActivity, Query
from matching.similar import similar_initiatives

QUERY = Query(
    "req-nepal",
    "recognition of skills and qualifications of returning migrant workers",
    countries=("NP",),
    subregions=("Southern Asia",),
    regions=("Asia",),
    objectives=(18, 21),
    requester="nepal",
)


def test_closest_initiatives_and_their_peers_come_with_reasons() -> None:
    initiatives = [
        PastActivity(
            "pship-bangladesh-skills",
            "skills recognition for returning migrant workers",
            countries=("BD",),
            subregions=("Southern Asia",),
            regions=("Asia",),
            objectives=(18,),
            implementers=("bangladesh", "ilo"),
        ),
        PastActivity(
            "act-peru-water",
            "drinking water for rural communities",
            countries=("PE",),
            objectives=(15,),
            implementers=("wash-ngo",),
        ),
        PastActivity(
            "req-nepal-old",
            "skills recognition for returning migrant workers",
            objectives=(18,),
            implementers=("nepal",),
        ),
        PastActivity("req-nepal", QUERY.text, objectives=(18, 21), implementers=("nepal", "x")),
    ]
    found, peers = similar_initiatives(QUERY, initiatives, n=5)
    assert [f.id for f in found] == ["pship-bangladesh-skills"]
    top = found[0]
    assert top.shared_objectives == (18,)
    assert top.place == "subregion"
    assert top.shared_places == ("Southern Asia",)
    assert "migrant workers" in top.matched_terms
    assert [p.id for p in peers] == ["bangladesh", "ilo"]
    assert peers[0].initiatives == ("pship-bangladesh-skills",)


def test_at_most_n_sorted_by_score() -> None:
    initiatives = [
        PastActivity(
            f"a{i}",
            "migrant workers skills" * (i % 3),
            objectives=(18,) if i % 2 else (),
            implementers=(f"org{i}",),
        )
        for i in range(12)
    ]
    found, _ = similar_initiatives(QUERY, initiatives, n=4)
    assert len(found) == 4
    assert [f.score for f in found] == sorted((f.score for f in found), reverse=True)


def test_with_an_embedder_a_practice_in_another_language_is_found_by_meaning() -> None:
    """Nothing but the text ties these rows to the request, and they share no word."""
    rows = [
        PastActivity(
            "practice-ar-skills",
            "الاعتراف بمهارات ومؤهلات العمال المهاجرين العائدين",
            implementers=("jordan",),
        ),
        PastActivity(
            "practice-es-water",
            "Agua potable para comunidades rurales de la sierra",
            implementers=("peru",),
        ),
    ]
    by_words, _ = similar_initiatives(QUERY, rows)
    assert by_words == []  # TF-IDF alone finds nothing across scripts
    by_meaning, peers = similar_initiatives(QUERY, rows, embedder=embedder())
    assert [i.id for i in by_meaning] == ["practice-ar-skills"]
    assert [p.id for p in peers] == ["jordan"]
