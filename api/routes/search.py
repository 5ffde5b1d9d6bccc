"""Search across languages over the records the caller may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AppSettings, Caller, Store
from api.errors import problems
from hub.knowledge.search import MAX_TOP, SearchFilters, SearchHit, search, vector_file

router = APIRouter(tags=["knowledge"], responses=problems(401, 503))


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
) -> list[SearchHit]:
    """Practices, requests, offers, activities and stakeholders, best first: an Arabic
    query finds an English record that says the same."""
    filters = SearchFilters(objective, principle, region, kind)
    vectors = vector_file(settings.data_dir)
    hits = search(store, caller, q, top=top, filters=filters, vectors=vectors)
    return hits
