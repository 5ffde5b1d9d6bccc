"""Descriptions of the hub records' less obvious fields, added to the OpenAPI document.

The answer shapes of `api.schemas` carry their own. These records are the hub's models,
served as they are; their meaning is written here so that the document says it without
the API redeclaring their fields.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FIELD_NOTES", "add_field_notes"]

_PARTNER_SCORE = (
    "The partner score (unbounded, higher is better): the sum of `parts`, the learned "
    "combination's logit without its intercept."
)
_PARTS = (
    "Weighted contribution of each signal that is not zero, by signal name (`profile`, "
    "`dense_profile`, `named`, `place`, `objectives`, `language`, `graph`, ...)."
)
_DECIDED_BY = "Who decided, as `role:key`; callers who are not staff read a staff member by role."

FIELD_NOTES: dict[str, dict[str, str]] = {
    "Suggestion": {
        "rank": "Its place in the partner ranking when it was queued, 1 first.",
        "score": _PARTNER_SCORE + " As it was when queued.",
        "parts": _PARTS,
        "matched_terms": "Words of the request that drove text similarity with the partner.",
        "evidence": "Sentences a person can check: track record nearby, the most similar "
        "past activity, presence in the request's countries, no capacity left.",
        "reason": "Why a coordinator rejected it; the recommender learns from it.",
        "decided_by": _DECIDED_BY,
        "partnership": "The proposed partnership accepting it made.",
    },
    "MergeProposal": {
        "keep": "The stakeholder that stays: the one with more ties in the graph.",
        "merge": "The stakeholder folded into `keep` on acceptance.",
        "confidence": "In [0.6, 1]: how alike their best pair of names is, rare words "
        "weighing more; the list shows the likeliest first.",
        "evidence": "The two names found alike.",
        "decided_by": _DECIDED_BY,
        "undo": "Once accepted, JSON of what the merge changed (the folded node, its "
        "edges, identifiers and names), which a revert restores; empty before.",
    },
    "Claim": {
        "changes": "The identity fields to change, each with its new value.",
        "before": "Those fields as they were when the claim was filed.",
        "filed_by": "Who filed it: `role:stakeholder`, or `role:key` for staff.",
        "decided_by": _DECIDED_BY,
    },
    "Proposal": {
        "feasible": "Whether any portfolio meets the budget and the call's balance rules.",
        "chosen": "Ids of the notes to fund; empty when no portfolio is feasible.",
        "total": "The summed score of the chosen notes.",
        "cost": "The summed budget of the chosen notes.",
        "budget": "The call's budget.",
        "unconstrained": "Ids of the best choice under the budget alone, without balance.",
        "unconstrained_total": "The summed score of that choice.",
        "balance_cost": "Score given up to thematic and geographic balance: "
        "`unconstrained_total - total`.",
        "summary": "The proposal in one sentence.",
    },
    "ProposedNote": {
        "score": "The note's score: the mean of its reviewers' weighted scores, 0 to 5.",
        "chosen": "Whether the proposal funds it.",
        "why": "Why it is in or out.",
        "delta": "Score the portfolio loses by flipping this note; none when it cannot flip.",
        "swapped": "Ids of the notes that would change places with it.",
        "explanation": "`why` and `delta` in words.",
    },
    "NoteView": {
        "request": "The support request it answers; withheld from outsiders.",
        "roles": "Each partner's role in the programme, by stakeholder id.",
        "endorsed": "The requesting government endorses the programme.",
        "failures": "Why the note is not eligible, one line per failed rule of the call.",
        "score": "The mean of its reviewers' weighted scores, 0 to 5; shown to insiders "
        "and reviewers only.",
        "decided_by": _DECIDED_BY,
        "reason": "The steering committee's reasons for funding or declining it.",
    },
    "Criterion": {
        "weight": "Its weight (positive) in a reviewer's weighted mean of 0-5 scores.",
    },
    "JobProgress": {
        "bytes_read": "Bytes of the uploaded file read so far.",
        "bytes_total": "The file's size, when known.",
    },
    "JobResult": {
        "activities": "Activities stored from the file.",
        "organisations": "Organisations stored from the file.",
        "edges": "Edges stored from the file.",
        "nodes_added": "Nodes the store did not hold before.",
        "edges_added": "Edges the store did not hold before.",
    },
}
"""Component name -> field -> what it means."""


def add_field_notes(document: dict[str, Any]) -> dict[str, Any]:
    """Describe the fields of `FIELD_NOTES` that have no description yet. Idempotent."""
    components = document.get("components", {}).get("schemas", {})
    for component, notes in FIELD_NOTES.items():
        properties = components.get(component, {}).get("properties", {})
        for name, note in notes.items():
            if name in properties:
                properties[name].setdefault("description", note)
    return document
