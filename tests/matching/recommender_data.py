"""Small synthetic worlds for the recommender tests: who did what where, with a known answer."""

from __future__ import annotations

from datetime import date

from matching.profiles import Candidate, PastActivity

TOPICS = {
    "water": "drilling boreholes water wells sanitation hygiene latrines",
    "health": "clinic nurses vaccination maternal health medicines",
    "migration": "migrant returnees reintegration border management consular protection",
    "schools": "teachers classrooms enrolment girls education textbooks",
}


def world() -> tuple[list[Candidate], list[PastActivity]]:
    """Four specialists, one per topic, each with a few past activities in its own place;
    plus a generalist who did a bit of everything (the popular one)."""
    places = {"water": "KE", "health": "SN", "migration": "MX", "schools": "NP"}
    candidates = [Candidate(id=f"{t}-org", name=f"{t.title()} Organisation") for t in TOPICS]
    candidates.append(Candidate(id="big-agency", name="Big Agency"))
    history = []
    for year in (2015, 2016, 2017):
        for topic, words in TOPICS.items():
            history.append(
                PastActivity(
                    id=f"{topic}-{year}",
                    text=f"{words} programme {year}",
                    countries=(places[topic],),
                    sectors=(f"99:{topic}",),
                    start=date(year, 3, 1),
                    implementers=(f"{topic}-org",),
                    funders=("donor-a",) if topic in {"water", "health"} else ("donor-b",),
                )
            )
            history.append(
                PastActivity(
                    id=f"big-{topic}-{year}",
                    text=f"general support coordination {topic} {year}",
                    start=date(year, 6, 1),
                    implementers=("big-agency",),
                )
            )
    return candidates, history
