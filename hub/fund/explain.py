"""A portfolio proposal in the steering committee's words: why each note is in or out."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from hub.fund.records import ConceptNote, FundCall
from matching.portfolio import Portfolio, Verdict, Why

__all__ = ["Proposal", "ProposedNote", "describe"]


class ProposedNote(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    note: str
    title: str
    score: float
    """The note's score: the mean of its reviewers' weighted scores, 0 to 5."""
    budget: float
    chosen: bool
    """Whether the proposal funds it."""
    why: Why
    """Why it is in or out."""
    delta: float | None
    """Score the portfolio loses by flipping this note; none when it cannot flip."""
    swapped: list[str]
    """Ids of the notes that would change places with it."""
    explanation: str
    """`why` and `delta` in words."""


class Proposal(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    call: str
    feasible: bool
    """Whether any portfolio meets the budget and the call's balance rules."""
    chosen: list[str]
    """Ids of the notes to fund; empty when no portfolio is feasible."""
    total: float
    """The summed score of the chosen notes."""
    cost: float
    """The summed budget of the chosen notes."""
    budget: float
    """The call's budget."""
    unconstrained: list[str]
    """Ids of the best choice under the budget alone, without balance."""
    unconstrained_total: float
    """The summed score of that choice."""
    balance_cost: float
    """Score given up to thematic and geographic balance: `unconstrained_total - total`."""
    notes: list[ProposedNote]
    """Each scored note with its verdict; empty when no portfolio is feasible."""
    considered: int
    """How many scored notes the proposal chose among."""
    summary: str
    """The proposal in one sentence."""


def _words(verdict: Verdict, swapped: list[str]) -> str:
    others = f" ({', '.join(swapped)} would change places)" if swapped else ""
    match verdict.why:
        case Why.CHOSEN if verdict.delta is None:
            return "in: no balanced portfolio within budget leaves it out"
        case Why.CHOSEN:
            return f"in: leaving it out loses {verdict.delta:.2f} points at best{others}"
        case Why.OVER_BUDGET:
            return "out: it asks for more than the whole budget"
        case Why.CONFLICTS:
            return "out: no portfolio within budget and balance can hold it"
        case _:
            return f"out: taking it in loses {verdict.delta:.2f} points at best{others}"


def describe(call: FundCall, notes: Sequence[ConceptNote], found: Portfolio) -> Proposal:
    ids = [n.id for n in notes]
    proposed = []
    for verdict in found.verdicts:
        note = notes[verdict.index]
        swapped = [ids[i] for i in verdict.swapped]
        proposed.append(
            ProposedNote(
                note=note.id,
                title=note.title,
                score=note.score or 0.0,
                budget=note.budget,
                chosen=verdict.why is Why.CHOSEN,
                why=verdict.why,
                delta=verdict.delta,
                swapped=swapped,
                explanation=_words(verdict, swapped),
            )
        )
    summary = (
        f"{len(found.chosen)} of {len(notes)} notes, score {found.total:.2f},"
        f" cost {found.cost:,.0f} of {call.budget:,.0f}; balance costs {found.balance_cost:.2f}"
        if found.feasible
        else f"no portfolio of {len(notes)} notes meets the budget and the balance constraints"
    )
    return Proposal(
        call=call.id,
        feasible=found.feasible,
        chosen=[ids[i] for i in found.chosen],
        total=found.total,
        cost=found.cost,
        budget=call.budget,
        unconstrained=[ids[i] for i in found.unconstrained],
        unconstrained_total=found.unconstrained_total,
        balance_cost=found.balance_cost,
        notes=proposed,
        considered=len(notes),
        summary=summary,
    )
