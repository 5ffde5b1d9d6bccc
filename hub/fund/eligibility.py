"""Eligibility of a concept note for its call: one rule per condition, each saying why.

A rule returns None when the note passes, or one sentence a Member State can act on.
Rules read only the call, the note and the stakeholders named by the note.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from hub.domain import geography
from hub.domain.records import Stakeholder, StakeholderKind
from hub.fund.records import ConceptNote, FundCall

__all__ = ["RULES", "failures"]

Rule = Callable[[FundCall, ConceptNote, Mapping[str, Stakeholder]], str | None]


def window(call: FundCall, note: ConceptNote, _: Mapping[str, Stakeholder]) -> str | None:
    when = note.submitted_on
    if when is None:
        return "window: the note has not been submitted"
    if not call.opens <= when <= call.closes:
        return (
            f"window: submitted on {when}, outside the call's window {call.opens} to {call.closes}"
        )
    return None


def ceiling(call: FundCall, note: ConceptNote, _: Mapping[str, Stakeholder]) -> str | None:
    if note.budget <= 0:
        return "ceiling: the note states no budget"
    if note.budget > call.ceiling:
        return (
            f"ceiling: asks for {note.budget:,.0f}, above the call's ceiling of {call.ceiling:,.0f}"
        )
    return None


def objectives(call: FundCall, note: ConceptNote, _: Mapping[str, Stakeholder]) -> str | None:
    if call.objectives and not set(note.objectives) & set(call.objectives):
        wanted = ", ".join(str(o) for o in call.objectives)
        return f"objectives: addresses none of the call's objectives ({wanted})"
    return None


def region(call: FundCall, note: ConceptNote, _: Mapping[str, Stakeholder]) -> str | None:
    if not note.countries:
        return "region: the note names no country"
    if not call.regions:
        return None
    table = geography.countries()
    outside = [c for c in note.countries if not table[c].areas & set(call.regions)]
    if outside:
        return (
            f"region: {', '.join(outside)} outside the call's regions ({', '.join(call.regions)})"
        )
    return None


def composition(
    call: FundCall, note: ConceptNote, stakeholders: Mapping[str, Stakeholder]
) -> str | None:
    partners = [stakeholders[p] for p in note.partners if p in stakeholders]
    un = sum(p.kind is StakeholderKind.UN_ENTITY for p in partners)
    national = sum(
        p.kind not in (StakeholderKind.UN_ENTITY, StakeholderKind.MEMBER_STATE)
        and p.home_country in note.countries
        for p in partners
    )
    wanted = call.composition
    missing = []
    if un < wanted.un_entities:
        missing.append(f"{wanted.un_entities} UN entities (has {un})")
    if national < wanted.national_partners:
        missing.append(f"{wanted.national_partners} national partners (has {national})")
    return f"composition: needs at least {' and '.join(missing)}" if missing else None


def endorsement(call: FundCall, note: ConceptNote, _: Mapping[str, Stakeholder]) -> str | None:
    if call.endorsement_required and not note.endorsed:
        return "endorsement: the requesting government has not endorsed the note"
    return None


RULES: tuple[Rule, ...] = (window, ceiling, objectives, region, composition, endorsement)


def failures(
    call: FundCall, note: ConceptNote, stakeholders: Mapping[str, Stakeholder]
) -> list[str]:
    """Every reason the note is not eligible; empty when it is."""
    return [reason for rule in RULES if (reason := rule(call, note, stakeholders)) is not None]
