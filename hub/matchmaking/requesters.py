"""The languages a requester works in, which its requests ask of a partner.

A partnership needs a partner who can work with the requester, whatever language one
text of its request was written in: the same request from the same Member State in
four translations should hold back the same partners. A stakeholder works in the
languages it declares, else in its home country's official languages (CLDR, through
`hub.domain.geography`); of one that says neither, nothing is known.
"""

from __future__ import annotations

from hub.domain import geography
from hub.domain.errors import NotFound
from hub.domain.records import Stakeholder
from hub.store import Store, repository

__all__ = ["requester_languages", "working_languages"]


def working_languages(stakeholder: Stakeholder) -> tuple[str, ...]:
    """What `stakeholder` declares, else its home country's official languages."""
    if stakeholder.languages:
        return tuple(stakeholder.languages)
    if stakeholder.home_country:
        return geography.official_languages(stakeholder.home_country)
    return ()


def requester_languages(store: Store, requester: str) -> tuple[str, ...]:
    """The working languages of the stakeholder `requester`; none if it is not stored."""
    try:
        return working_languages(repository.get(store, Stakeholder, requester))
    except NotFound:
        return ()
