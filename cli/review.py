"""`gcm-hub review`: the coordinators' queue of suggested pairings, from the command line."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.common import JsonFlag, app, print_json, store_session
from hub import review
from hub.access import OPERATOR
from hub.domain.activities import Partnership, RejectReason, Suggestion, SuggestionStatus
from hub.review.suggestions import QueuedSuggestion

review_app = typer.Typer(
    help="Suggested pairings: queue a request's partners, list, accept, reject, defer."
)
app.add_typer(review_app, name="review", rich_help_panel="Match requests")

SuggestionId = Annotated[str, typer.Argument(help="Id of a suggestion (`review list`).")]
Note = Annotated[str, typer.Option(help="Why, for the audit log and the other side.")]


def _show(found: list[Suggestion], as_json: bool) -> None:
    if as_json:
        print_json([s.model_dump(mode="json") for s in found])
        return
    table = Table("request", "rank", "partner", "score", "status", "why")
    table.add_column("id", overflow="fold")  # whole, to accept or reject by it
    for s in found:
        request, who = s.request, s.candidate
        if isinstance(s, QueuedSuggestion):
            request, who = s.request_title, s.candidate_name
        why = s.evidence[0] if s.evidence else ", ".join(s.matched_terms[:5])
        table.add_row(request, str(s.rank), who, f"{s.score:.2f}", s.status.value, why, s.id)
    Console().print(table)


@review_app.command("suggest")
def suggest(
    request: Annotated[str, typer.Argument(help="Id of an open support request.")],
    n: Annotated[int, typer.Option(min=1, max=20, help="How many partners to queue.")] = 5,
    as_json: JsonFlag = False,
) -> None:
    """Queue the top partners for an open request; decided pairings stay decided."""
    with store_session() as store:
        _show(review.queue_suggestions(store, OPERATOR, request, n), as_json)


@review_app.command("list")
def list_queue(
    status: Annotated[SuggestionStatus, typer.Option(help="Only these.")] = (
        SuggestionStatus.PENDING
    ),
    objective: Annotated[
        int | None, typer.Option(min=1, max=23, help="Requests on this GCM objective.")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Requests in this UN M49 region or subregion.")
    ] = None,
    member_state: Annotated[str | None, typer.Option(help="Requests of this state.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """The queue: the request waiting longest first, each request's partners by rank."""
    found: list[Suggestion] = []
    cursor: str | None = None
    with store_session() as store:
        while True:
            page = review.queue(
                store,
                OPERATOR,
                status=status,
                objective=objective,
                region=region,
                requester=member_state,
                cursor=cursor,
                limit=200,
            )
            found.extend(page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
    _show(found, as_json)


@review_app.command("accept")
def accept(suggestion: SuggestionId, note: Note = "", as_json: JsonFlag = False) -> None:
    """Accept a pairing: it becomes a proposed partnership."""
    with store_session() as store:
        created: Partnership = review.accept(store, OPERATOR, suggestion, note)
    if as_json:
        print_json(created.model_dump(mode="json"))
    else:
        Console().print(f"proposed partnership {created.id} ({created.status.value})")


@review_app.command("reject")
def reject(
    suggestion: SuggestionId,
    reason: Annotated[RejectReason, typer.Option(help="The recommender learns from it.")],
    note: Note = "",
    as_json: JsonFlag = False,
) -> None:
    """Reject a pairing, with the reason the recommender learns from."""
    with store_session() as store:
        _show([review.reject(store, OPERATOR, suggestion, reason, note)], as_json)


@review_app.command("defer")
def defer(suggestion: SuggestionId, note: Note = "", as_json: JsonFlag = False) -> None:
    """Leave a pairing in the queue for later."""
    with store_session() as store:
        _show([review.defer(store, OPERATOR, suggestion, note)], as_json)
