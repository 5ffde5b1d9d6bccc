"""What one caller may see of one store, decided once for every node kind, so lists,
counts, searches, capacity and graph edges all hide the same things: a Member State
never learns that another state's confidential request exists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from hub.access.actors import role_name
from hub.access.principals import Principal
from hub.domain import vocabulary
from hub.domain.activities import RejectReason
from hub.domain.errors import NotFound
from hub.domain.keys import Role
from hub.domain.records import Confidentiality
from hub.fund.records import PUBLIC_STATUSES, NoteStatus
from hub.memo import RevisionMemo
from hub.store import Node, Store

__all__ = ["Sight"]

_STAFF_ONLY = ("Suggestion", "AuditEntry", "OutboxEvent", "MergeProposal")

_ACTOR_FIELDS = ("actor", "decided_by", "recorded_by")
_FUND_GUARDED = ("ConceptNote", "FundReview")
_GUARDED = (
    "SupportRequest",
    "Partnership",
    "ApiKey",
    "Claim",
    "Practice",
    *_STAFF_ONLY,
    *_FUND_GUARDED,
)
"""The labels `Sight` hides by their own properties; places it hides by who points at them."""
_PLACES = ("Country", "Region")

_hidden: RevisionMemo[frozenset[str]] = RevisionMemo(64)


class Sight:
    """What one caller may see of one store: every answer asks here, so all hide alike.

    A partnership follows its request's current confidentiality, read when asked, so a
    reclassification hides it at once whoever wrote what meanwhile. A country or region
    that only hidden records point at is hidden too: its existence would betray them.
    """

    def __init__(self, store: Store, principal: Principal) -> None:
        self.store = store
        self.principal = principal
        self._secret_requests: dict[str, bool] = {}

    def sees(self, node: Node) -> bool:
        """Whether a node, and so every edge that touches it, exists for this caller."""
        principal = self.principal
        if principal.sees_all:
            return principal.role is Role.ADMIN or node.label != "ApiKey"
        if node.label in _FUND_GUARDED:
            return _sees_fund_record(principal, node)
        if node.label == "Practice":
            return self._sees_practice(node)
        if node.label == "AuditEntry" and principal.role is Role.PARTNER:
            return self._about(node, principal.stakeholder)
        if node.label == "ApiKey" or (
            node.label in _STAFF_ONLY and principal.role is not Role.MEMBER_STATE
        ):
            return False
        props = node.properties
        if node.label == "Claim":  # a stakeholder follows its own claims
            claimant = props.get("stakeholder")
            return claimant is not None and claimant == principal.stakeholder
        if node.label == "SupportRequest":
            own = (
                principal.role is Role.MEMBER_STATE
                and props.get("requester") == principal.stakeholder
            )
            return own or (
                not _secret(node) and principal.role in (Role.PARTNER, Role.MEMBER_STATE)
            )
        if node.label in _STAFF_ONLY:  # a Member State sees the review of its own requests
            return props.get("requester") == principal.stakeholder
        if node.label == "Partnership" and self.confidential(node):
            members = props.get("members")
            return isinstance(members, list) and principal.stakeholder in members
        if node.label in _PLACES:
            return node.id not in self.hidden()
        return True

    def _about(self, entry: Node, stakeholder: str | None) -> bool:
        """The part of a history a partner may read: its own answers on pairings that
        propose it, their acceptance, and the moves of partnerships it is a member of.
        A coordinator's rejection or deferral and the requester's answer are theirs to
        tell, as on the partner's proposals (`hub.review.responses`)."""
        subject = entry.properties.get("subject")
        node = self.store.node(subject) if isinstance(subject, str) else None
        if node is None or stakeholder is None:
            return False
        if node.label == "Suggestion":
            return node.properties.get("candidate") == stakeholder and (
                entry.properties.get("actor") == f"{Role.PARTNER.value}:{stakeholder}"
                or entry.properties.get("action") == "suggestion.accepted"
            )
        return node.label == "Partnership" and stakeholder in _listed(
            node.properties.get("members")
        )

    def _sees_practice(self, practice: Node) -> bool:
        """Public: everyone; open: Member States and partners; confidential: its authors
        and the members and requesters of the partnerships it came from."""
        visibility = practice.properties.get("visibility")
        if visibility == "public":
            return True
        if self.principal.role not in (Role.PARTNER, Role.MEMBER_STATE):
            return False
        return visibility == "open_to_partners" or self.principal.stakeholder in (
            *_listed(practice.properties.get("authors")),
            *self._parties(_listed(practice.properties.get("partnerships"))),
        )

    def _parties(self, partnerships: list[str]) -> list[str]:
        """Members of these partnerships and the states that requested them."""
        found: list[str] = []
        for node in filter(None, map(self.store.node, partnerships)):
            found += _listed(node.properties.get("members"))
            request = node.properties.get("request")
            asked = self.store.node(request) if isinstance(request, str) else None
            if asked is not None and isinstance(asked.properties.get("requester"), str):
                found.append(str(asked.properties["requester"]))
        return found

    def confidential(self, partnership: Node) -> bool:
        """A partnership is as confidential as its request is now; else as it was made."""
        request = partnership.properties.get("request")
        if not isinstance(request, str):
            return partnership.properties.get("confidential") is True
        if request not in self._secret_requests:
            node = self.store.node(request)
            self._secret_requests[request] = (
                _secret(node)
                if node is not None
                else partnership.properties.get("confidential") is True
            )
        return self._secret_requests[request]

    def hidden(self) -> frozenset[str]:
        """Ids of every node this caller may not see, for stores that filter natively."""
        if self.principal.role is Role.ADMIN:
            return frozenset()
        audience = (self.principal.role, self.principal.stakeholder)
        return _hidden.get(self.store, audience, self._find_hidden)

    def _find_hidden(self) -> frozenset[str]:
        hidden: set[str] = set()
        pointers: Counter[str] = Counter()  # edges from hidden records, per place
        for label in _GUARDED:  # requests first, so partnerships find theirs already read
            for node in self.store.nodes(label):
                if label == "SupportRequest":
                    self._secret_requests[node.id] = _secret(node)
                if not self.sees(node):
                    hidden.add(node.id)
                if label == "SupportRequest" and node.id in hidden:
                    # of these records only requests point at places: one edge per country
                    countries = _listed(node.properties.get("countries"))
                    pointers.update(vocabulary.country_id(code) for code in countries)
        # counting edges, not listing them: a country may have a million neighbours
        hidden.update(place for place, n in pointers.items() if self.store.degree(place) == n)
        return frozenset(hidden)

    def get(self, node_id: str) -> Node:
        """The node as this caller may see it; a hidden node is as missing as no node."""
        node = self.store.node(node_id)
        if node is None or not self.sees(node):
            raise NotFound(f"no record with id {node_id!r}")
        return self.shown(node)

    def shown(self, node: Node) -> Node:
        return Node(node.id, node.label, self.shown_properties(node.label, node.properties))

    def shown_properties(self, label: str, props: Mapping[str, Any]) -> dict[str, Any]:
        """Properties as this caller may read them: staff actors by role, not by key id,
        without staff's internal notes on decisions, and a partnership's
        confidentiality as it is now."""
        shown = dict(props)
        if label == "Partnership":
            shown["confidential"] = self.confidential(Node("", label, props))
        if label == "Practice" and not self.principal.sees_all:  # a source may be hidden
            shown["partnerships"] = [
                p
                for p in _listed(props.get("partnerships"))
                if (node := self.store.node(p)) is not None and self.sees(node)
            ]
        if not self.principal.sees_all:
            if label == "AuditEntry":
                shown["detail"] = _shared_detail(props)
            if label == "Suggestion":
                shown["note"] = ""  # the deciding coordinator's, internal
            for field in _ACTOR_FIELDS:
                if isinstance(shown.get(field), str):
                    shown[field] = role_name(shown[field])
        return shown


def _sees_fund_record(principal: Principal, node: Node) -> bool:
    """A note: its state and partners, the fund manager once submitted, reviewers once
    eligible, everyone once funded. A review: the fund manager and its own reviewer."""
    props, role = node.properties, principal.role
    if node.label == "FundReview":
        return role is Role.FUND_MANAGER or (
            role is Role.REVIEWER and props.get("reviewer") == principal.key
        )
    status = NoteStatus(str(props.get("status")))
    partners = props.get("partners")
    if status in PUBLIC_STATUSES:
        return True
    if role in (Role.MEMBER_STATE, Role.PARTNER) and (
        props.get("requester") == principal.stakeholder
        or (isinstance(partners, list) and principal.stakeholder in partners)
    ):
        return True
    if role is Role.FUND_MANAGER:
        return status is not NoteStatus.DRAFT
    return role is Role.REVIEWER and status not in (
        NoteStatus.DRAFT,
        NoteStatus.SUBMITTED,
        NoteStatus.INELIGIBLE,
    )


def _listed(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _secret(request: Node) -> bool:
    return request.properties.get("confidentiality") != Confidentiality.OPEN_TO_PARTNERS


_DECISIONS = ("suggestion.", "partnership.")
"""Audit actions whose detail, when staff wrote it, is their internal note."""
_REASONS = frozenset(reason.value for reason in RejectReason)


def _shared_detail(entry: Mapping[str, Any]) -> str:
    """What of an audit entry's detail callers who are not staff may read: all of it,
    but of a staff decision on a pairing or a partnership only a rejection's reason."""
    detail, action = str(entry.get("detail", "")), str(entry.get("action", ""))
    role = str(entry.get("actor", "")).partition(":")[0]
    if role not in (Role.ADMIN.value, Role.COORDINATOR.value) or not action.startswith(_DECISIONS):
        return detail
    reason = detail.partition(":")[0]
    return reason if action == "suggestion.rejected" and reason in _REASONS else ""
