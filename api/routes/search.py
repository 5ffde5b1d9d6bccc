"""Search across languages over the records the caller may see."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import AppSettings, Caller, Store
from api.errors import problems
from hub.knowledge.search import MAX_TOP, SearchFilters, search, vector_file

router = APIRouter(tags=["knowledge"], responses=problems(401, 503))


class SearchHitPublic(BaseModel):
    """One record found: its kind (practice, request, offer, activity, stakeholder)."""

    model_config = ConfigDict(frozen=True)

    kind: str
    id: str
    title: str
    score: float = Field(
        description="Rank fusion of the word and meaning rankings, 0 to 1; 1 is first in both."
    )


@router.get("/search", responses=problems(422))
def search_records(
    store: Store,
    caller: Caller,
    settings: AppSettings,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words, any language")],
    top: Annotated[int, Query(ge=1, le=MAX_TOP)] = 10,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    principle: Annotated[str | None, Query(description="A guiding principle's slug")] = None,
    region: Annotated[str | None, Query(description="An M49 region or subregion")] = None,
    kind: Annotated[str | None, Query(description="practice, request, offer, ...")] = None,
) -> list[SearchHitPublic]:
    """Practices, requests, offers, activities and stakeholders, best first: an Arabic
    query finds an English record that says the same."""
    filters = SearchFilters(objective, principle, region, kind)
    vectors = vector_file(settings.data_dir)
    hits = search(store, caller, q, top=top, filters=filters, vectors=vectors)
    return [SearchHitPublic(**asdict(hit)) for hit in hits]
