"""Eligibility of a concept note for its call: one rule per condition, each saying why.

A rule returns None when the note passes, or a failure a Member State can act on: its
parts (`Failure`), and one English line (`say`) that the API keeps beside them.
Rules read only the call, the note and the stakeholders named by the note.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from hub.domain import geography
from hub.domain.records import Stakeholder, StakeholderKind
from hub.fund.records import ConceptNote, Failure, FundCall

__all__ = ["RULES", "failures", "say"]

Rule = Callable[[FundCall, ConceptNote, Mapping[str, Stakeholder]], Failure | None]


def window(call: FundCall, note: ConceptNote, _: Mapping[str, Stakeholder]) -> Failure | None:
    when = note.submitted_on
    if when is None:
        return Failure(code="unsubmitted")
    if not call.opens <= when <= call.closes:
        return Failure(code="outside_window", dates=[when, call.opens, call.closes])
    return None


def ceiling(call: FundCall, note: ConceptNote, _: Mapping[str, Stakeholder]) -> Failure | None:
    if note.budget <= 0:
        return Failure(code="no_budget")
    if note.budget > call.ceiling:
        return Failure(code="over_ceiling", amounts=[note.budget, call.ceiling])
    return None


def objectives(call: FundCall, note: ConceptNote, _: Mapping[str, Stakeholder]) -> Failure | None:
    if call.objectives and not set(note.objectives) & set(call.objectives):
        return Failure(code="no_objective", objectives=list(call.objectives))
    return None


def region(call: FundCall, note: ConceptNote, _: Mapping[str, Stakeholder]) -> Failure | None:
    if not note.countries:
        return Failure(code="no_country")
    if not call.regions:
        return None
    table = geography.countries()
    outside = [c for c in note.countries if not table[c].areas & set(call.regions)]
    if outside:
        return Failure(code="outside_regions", countries=outside, regions=list(call.regions))
    return None


def composition(
    call: FundCall, note: ConceptNote, stakeholders: Mapping[str, Stakeholder]
) -> Failure | None:
    partners = [stakeholders[p] for p in note.partners if p in stakeholders]
    un = sum(p.kind is StakeholderKind.UN_ENTITY for p in partners)
    national = sum(
        p.kind not in (StakeholderKind.UN_ENTITY, StakeholderKind.MEMBER_STATE)
        and p.home_country in note.countries
        for p in partners
    )
    wanted = call.composition
    needs = {}
    if un < wanted.un_entities:
        needs["un_entities"] = [wanted.un_entities, un]
    if national < wanted.national_partners:
        needs["national_partners"] = [wanted.national_partners, national]
    return Failure(code="too_few_partners", needs=needs) if needs else None


def endorsement(call: FundCall, note: ConceptNote, _: Mapping[str, Stakeholder]) -> Failure | None:
    if call.endorsement_required and not note.endorsed:
        return Failure(code="not_endorsed")
    return None


RULES: tuple[Rule, ...] = (window, ceiling, objectives, region, composition, endorsement)


def failures(
    call: FundCall, note: ConceptNote, stakeholders: Mapping[str, Stakeholder]
) -> list[Failure]:
    """Every reason the note is not eligible; empty when it is."""
    return [reason for rule in RULES if (reason := rule(call, note, stakeholders)) is not None]


_NEEDS = {"un_entities": "UN entities", "national_partners": "national partners"}


def _line(f: Failure) -> str:
    match f.code:
        case "unsubmitted":
            return "window: the note has not been submitted"
        case "outside_window":
            on, opens, closes = f.dates
            return f"window: submitted on {on}, outside the call's window {opens} to {closes}"
        case "no_budget":
            return "ceiling: the note states no budget"
        case "over_ceiling":
            asked, most = f.amounts
            return f"ceiling: asks for {asked:,.0f}, above the call's ceiling of {most:,.0f}"
        case "no_objective":
            wanted = ", ".join(str(o) for o in f.objectives)
            return f"objectives: addresses none of the call's objectives ({wanted})"
        case "no_country":
            return "region: the note names no country"
        case "outside_regions":
            return (
                f"region: {', '.join(f.countries)} outside the call's regions"
                f" ({', '.join(f.regions)})"
            )
        case "too_few_partners":
            missing = [
                f"{at_least} {_NEEDS[k]} (has {has})" for k, (at_least, has) in f.needs.items()
            ]
            return f"composition: needs at least {' and '.join(missing)}"
        case "not_endorsed":
            return "endorsement: the requesting government has not endorsed the note"


def say(failures: list[Failure]) -> list[str]:
    """The failures as the English lines the API has always served."""
    return [_line(f) for f in failures]
