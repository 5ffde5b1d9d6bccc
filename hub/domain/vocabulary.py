"""The words the hub's graph is written in: labels, edge types, IATI roles, id schemes.

Also the text foldings and the slug rule, each once: imports, merges and the
organisation registry must fold a name alike (`fold_name`), or the same organisation is
found twice; search must fold a text as the store's word index does (`fold_text`).
"""

from __future__ import annotations

import re
import unicodedata
from enum import IntEnum, StrEnum
from functools import lru_cache

__all__ = [
    "NAME_SCHEME",
    "REF_SCHEME",
    "REGISTRY_SCHEME",
    "ROLE_EDGES",
    "SLUG_PATTERN",
    "EdgeType",
    "IatiRole",
    "Label",
    "country_id",
    "fold_name",
    "fold_text",
    "is_slug",
    "region_id",
    "slug",
    "slug_words",
]


class Label(StrEnum):
    """Node labels; a record's label is its class name."""

    STAKEHOLDER = "Stakeholder"
    SUPPORT_REQUEST = "SupportRequest"
    OFFER = "Offer"
    ACTIVITY = "Activity"
    PARTNERSHIP = "Partnership"
    SUGGESTION = "Suggestion"
    AUDIT_ENTRY = "AuditEntry"
    COUNTRY = "Country"
    REGION = "Region"


class EdgeType(StrEnum):
    PRESENT_IN = "PRESENT_IN"
    BASED_IN = "BASED_IN"
    REQUESTED = "REQUESTED"
    CONCERNS = "CONCERNS"
    OFFERS = "OFFERS"
    MEMBER_OF = "MEMBER_OF"
    ANSWERS = "ANSWERS"
    FOR_REQUEST = "FOR_REQUEST"
    PROPOSES = "PROPOSES"
    FUNDED = "FUNDED"
    ACCOUNTABLE_FOR = "ACCOUNTABLE_FOR"
    EXTENDED = "EXTENDED"
    IMPLEMENTED = "IMPLEMENTED"


class IatiRole(IntEnum):
    """IATI OrganisationRole codes of a participating organisation."""

    FUNDING = 1
    ACCOUNTABLE = 2
    EXTENDING = 3
    IMPLEMENTING = 4


ROLE_EDGES: dict[int, str] = {
    IatiRole.FUNDING: EdgeType.FUNDED,
    IatiRole.ACCOUNTABLE: EdgeType.ACCOUNTABLE_FOR,
    IatiRole.EXTENDING: EdgeType.EXTENDED,
    IatiRole.IMPLEMENTING: EdgeType.IMPLEMENTED,
}
"""The edge from an organisation to an activity, by its IATI role."""

NAME_SCHEME = "name"
"""External-id scheme of folded stakeholder names and aliases, used to match orgs."""

REF_SCHEME = "iati-org"
"""External-id scheme of IATI organisation identifiers."""

REGISTRY_SCHEME = "org-registry"
"""External-id scheme of an organisation's key in the organisation registry."""

_WORD = re.compile(r"[^\W_]")

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
"""What `slug` makes: lowercase words of ASCII letters and digits joined by hyphens."""

_SLUG = re.compile(SLUG_PATTERN)


@lru_cache(maxsize=1 << 16)
def fold_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of an organisation name.

    A name with no Latin letter or digit keeps its own script: its ASCII form would be
    blank, and every such name would then fold alike and find the same stakeholder.
    Cached: an import folds every mention of every organisation, mostly the same few.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    if not _WORD.search(text):
        text = name
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def fold_text(text: str) -> str:
    """A text with case and accents set aside and every script kept: how the embedded
    store's word index reads it (unlike `fold_name`, punctuation stays).

    Search folds every record's text when a process first indexes a hub: ASCII, which
    has no accent to set aside, skips the decomposition (hundreds of times faster)."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slug(text: str, empty: str = "org") -> str:
    """`fold_name` as lowercase words joined by hyphens; `empty` when nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", fold_name(text)).strip("-") or empty


def is_slug(text: str) -> bool:
    return _SLUG.fullmatch(text) is not None


def slug_words(text: str) -> str:
    """A slug of two words or more ("save-the-children") spelled as capitalised words;
    any other text as it is."""
    if "-" not in text or not is_slug(text):
        return text
    return " ".join(word.capitalize() for word in text.split("-"))


def country_id(code: str) -> str:
    return f"country:{code}"


def region_id(name: str) -> str:
    return f"region:{name}"
