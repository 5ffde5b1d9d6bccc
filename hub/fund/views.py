"""What a caller is shown of a concept note: all of it for its parties and the fund's staff.

Reviewers and the public see a note's programme, never which support request it came
from (a request may be confidential) nor which key decided it, nor, for the public, its
review score.
"""

from __future__ import annotations

from hub.access import Principal
from hub.domain.keys import Role
from hub.fund.records import ConceptNote

__all__ = ["NoteView", "view"]


class NoteView(ConceptNote):
    request: str | None = None  # type: ignore[assignment]
    """The support request it answers; withheld from outsiders."""


def _insider(principal: Principal, note: ConceptNote) -> bool:
    if principal.sees_all or principal.role is Role.FUND_MANAGER:
        return True
    return principal.role in (Role.MEMBER_STATE, Role.PARTNER) and principal.stakeholder in (
        note.requester,
        *note.partners,
    )


def view(principal: Principal, note: ConceptNote) -> NoteView:
    fields = note.model_dump()
    if not _insider(principal, note):
        fields["request"] = fields["decided_by"] = None
        if principal.role is not Role.REVIEWER:
            fields["score"] = None
    return NoteView.model_validate(fields)
