"""`gcm-hub fund`: calls, concept notes, reviews, the portfolio and the committee's decisions.

The CLI runs on the hub's own machine as its operator; a review is recorded under the
reviewer named by `--reviewer`, and their organisation, so conflicts are enforced.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from cli.common import JsonFlag, app, console, print_json, store_session
from hub import records
from hub.access import OPERATOR, Principal
from hub.domain.errors import InvalidInput
from hub.domain.keys import Role
from hub.domain.records import Record
from hub.fund import notes, steering
from hub.fund.records import ConceptNote, FundCall, NoteStatus

fund_app = typer.Typer(
    help="The start-up fund: calls, concept notes, review, portfolio, decisions.",
    no_args_is_help=True,
)
calls_app = typer.Typer(help="Calls for concept notes (fund manager).", no_args_is_help=True)
notes_app = typer.Typer(help="Concept notes: draft, submit, list, show.", no_args_is_help=True)
review_app = typer.Typer(help="Reviewers' scores.", no_args_is_help=True)
fund_app.add_typer(calls_app, name="calls")
fund_app.add_typer(notes_app, name="notes")
fund_app.add_typer(review_app, name="review")
app.add_typer(fund_app, name="fund", rich_help_panel="Match requests")


def _pair(text: str, option: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise InvalidInput(f"{option} {text!r}: write it NAME=VALUE")
    return name.strip(), value.strip()


@calls_app.command("create")
def calls_create(
    title: Annotated[str, typer.Option()],
    opens: Annotated[str, typer.Option(help="First day of the window, YYYY-MM-DD.")],
    closes: Annotated[str, typer.Option(help="Last day of the window, YYYY-MM-DD.")],
    budget: Annotated[float, typer.Option()],
    ceiling: Annotated[float, typer.Option(help="The most one programme may ask for.")],
    criterion: Annotated[list[str], typer.Option(help="NAME=WEIGHT of the rubric (repeat).")],
    objective: Annotated[list[int] | None, typer.Option(help="Eligible objective.")] = None,
    region: Annotated[list[str] | None, typer.Option(help="Eligible M49 region.")] = None,
    un_entities: Annotated[int, typer.Option(help="UN entities needed.")] = 2,
    national_partners: Annotated[int, typer.Option(help="National partners needed.")] = 1,
    endorsement: Annotated[bool, typer.Option(help="Government endorsement needed.")] = True,
    max_per_region: Annotated[int | None, typer.Option(help="Funded notes per region.")] = None,
    group: Annotated[
        list[str] | None, typer.Option(help="NAME=5,6: fund each group once (repeat).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Open a call; its rules decide which notes are eligible."""
    fields: dict[str, Any] = {
        "title": title,
        "opens": opens,
        "closes": closes,
        "budget": budget,
        "ceiling": ceiling,
        "criteria": [
            {"name": n, "weight": w} for n, w in (_pair(c, "--criterion") for c in criterion)
        ],
        "objectives": objective or [],
        "regions": region or [],
        "composition": {"un_entities": un_entities, "national_partners": national_partners},
        "endorsement_required": endorsement,
        "max_per_region": max_per_region,
        "objective_groups": {
            n: v.split(",") for n, v in (_pair(g, "--group") for g in group or [])
        },
    }
    with store_session() as store:
        call = notes.create_call(store, OPERATOR, fields)
    _done(call, as_json, f"call [bold]{call.id}[/bold] open {call.opens} to {call.closes}")


@calls_app.command("list")
def calls_list(as_json: JsonFlag = False) -> None:
    """Every call with its window, budget and status."""
    with store_session() as store:
        found = list(records.visible(store, OPERATOR, FundCall))
    if as_json:
        print_json([c.model_dump(mode="json") for c in found])
        return
    table = Table("id", "title", "window", "budget", "ceiling", "status")
    for c in found:
        window = f"{c.opens} to {c.closes}"
        table.add_row(c.id, c.title, window, f"{c.budget:,.0f}", f"{c.ceiling:,.0f}", c.status)
    Console().print(table)


@calls_app.command("close")
def calls_close(call_id: str, as_json: JsonFlag = False) -> None:
    """End submissions and screen every submitted note."""
    with store_session() as store:
        call = notes.close_call(store, OPERATOR, call_id)
        screened = list(records.visible(store, OPERATOR, ConceptNote, match={"call": call_id}))
    _done(call, as_json, f"call {call.id} closed; {len(screened)} notes screened")


@notes_app.command("draft")
def notes_draft(
    request: Annotated[str, typer.Option(help="The support request it answers.")],
    call: Annotated[str, typer.Option(help="The call it is for.")],
    budget: Annotated[float, typer.Option()] = 0,
    duration: Annotated[int, typer.Option(help="Months.")] = 24,
    result: Annotated[list[str] | None, typer.Option(help="Expected result (repeat).")] = None,
    endorsed: Annotated[bool, typer.Option(help="The government endorses it.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Draft a note from a request and the partners of its open partnerships."""
    fields = {
        "budget": budget,
        "duration_months": duration,
        "results": result or [],
        "endorsed": endorsed,
    }
    with store_session() as store:
        note = notes.draft(store, OPERATOR, request, call, fields)
    partners = ", ".join(note.partners) or "none yet"
    _done(note, as_json, f"note [bold]{note.id}[/bold] drafted; partners: {partners}")


@notes_app.command("submit")
def notes_submit(note_id: str, as_json: JsonFlag = False) -> None:
    """Submit a draft to its call; prints what screening will find."""
    with store_session() as store:
        note = notes.submit(store, OPERATOR, note_id)
    _done(note, as_json, f"note {note.id} submitted; " + ("; ".join(note.failures) or "eligible"))


@notes_app.command("list")
def notes_list(
    call: Annotated[str | None, typer.Option(help="Only this call's notes.")] = None,
    status: Annotated[NoteStatus | None, typer.Option(help="Only this status.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Notes with their pipeline status, score and budget."""
    with store_session() as store:
        found = notes.notes(store, OPERATOR, call=call, status=status, limit=200).items
    if as_json:
        print_json([n.model_dump(mode="json") for n in found])
        return
    table = Table("id", "call", "requester", "title", "status", "score", "budget")
    for n in found:
        score = "" if n.score is None else f"{n.score:.2f}"
        table.add_row(n.id, n.call, n.requester, n.title, n.status, score, f"{n.budget:,.0f}")
    Console().print(table)


@notes_app.command("show")
def notes_show(note_id: str) -> None:
    """One note as JSON, with why it failed screening if it did."""
    with store_session() as store:
        note = records.get(store, OPERATOR, ConceptNote, note_id)
    print_json(note.model_dump(mode="json"))


@notes_app.command("move")
def notes_move(
    note_id: str,
    status: Annotated[NoteStatus, typer.Option(help="in_implementation, then closed.")],
    note: Annotated[str, typer.Option(help="For the record.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """A funded programme starts, then ends."""
    with store_session() as store:
        moved = steering.move(store, OPERATOR, note_id, status, note)
    _done(moved, as_json, f"note {moved.id} {moved.status}")


@review_app.command("score")
def review_score(
    note_id: str,
    reviewer: Annotated[str, typer.Option(help="Who reviews, for the record.")],
    score: Annotated[list[str] | None, typer.Option(help="CRITERION=0..5 (repeat).")] = None,
    organisation: Annotated[str | None, typer.Option(help="The reviewer's stakeholder.")] = None,
    comment: Annotated[str, typer.Option()] = "",
    conflict: Annotated[bool, typer.Option(help="Declare a conflict of interest.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Score a note on its call's criteria, or declare a conflict of interest."""
    principal = Principal(Role.REVIEWER, organisation, reviewer)
    scores = {n: float(v) for n, v in (_pair(s, "--score") for s in score or [])}
    with store_session() as store:
        review = steering.score(store, principal, note_id, scores, comment, conflict)
        note = records.get(store, OPERATOR, ConceptNote, note_id)
    mean = "" if note.score is None else f"; its mean is now {note.score:.2f}"
    _done(review, as_json, f"review of {note_id} by {reviewer} recorded{mean}")


@fund_app.command("propose")
def propose(call_id: str, as_json: JsonFlag = False) -> None:
    """The best portfolio within budget and balance, and why each note is in or out."""
    with store_session() as store:
        proposal = steering.propose(store, OPERATOR, call_id)
    if as_json:
        print_json(proposal.model_dump(mode="json"))
        return
    table = Table("note", "title", "score", "budget", "in", "why")
    for n in proposal.notes:
        mark = "yes" if n.chosen else ""
        table.add_row(n.note, n.title, f"{n.score:.2f}", f"{n.budget:,.0f}", mark, n.explanation)
    Console().print(table)
    console.print(proposal.summary)


@fund_app.command("decide")
def decide(
    note_id: str,
    funded: Annotated[bool, typer.Option("--funded/--declined", help="The decision.")],
    reason: Annotated[str, typer.Option(help="Why, for the record and the state.")],
    as_json: JsonFlag = False,
) -> None:
    """The steering committee's decision on a note, audited with its reason."""
    with store_session() as store:
        note = steering.decide(store, OPERATOR, note_id, funded, reason)
    _done(note, as_json, f"note {note.id} {note.status}")


def _done(record: Record, as_json: bool, message: str) -> None:
    if as_json:
        print_json(record.model_dump(mode="json"))
    else:
        console.print(message)
