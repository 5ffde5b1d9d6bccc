"""Which encodings an IATI file may be written in, checked before any parser reads it.

Two parsers read each file: defusedxml (Python's expat) vets the prologue for DTDs and
entities, libxml2 reads the body. They must read the same characters, or a DTD could
hide from the first and reach the second. So the hub takes only what both read alike:
UTF-8 (IATI's own rule) or its subsets ASCII, Latin-1 and Windows-1252, and UTF-16.
The bytes decide which family a file is written in (byte-order mark, or how `<?xml`
is spelled); a declaration naming another encoding is refused as a lie, and
UTF-32, EBCDIC and multi-byte legacy encodings are refused outright.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

__all__ = ["encoding_problem"]

_HEAD = 1024
"""Bytes read to find the byte-order mark and the XML declaration."""

_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"<\x00\x00\x00", "utf-32"),
    (b"\x00\x00\x00<", "utf-32"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"\x4c\x6f\xa7\x94", "ebcdic"),
)
"""How the first bytes of a document give its encoding away (XML 1.0, appendix F)."""

_READ = {"utf-8": {"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252"}, "utf-16": {"utf-16"}}
"""Encodings the hub reads, by the family the bytes are written in (Python codec names)."""

_DECLARATION = re.compile(r"<\?xml[^>]*?\bencoding\s*=\s*[\"']([^\"']*)[\"']")


def _written(head: bytes) -> str:
    return next((family for mark, family in _MARKS if head.startswith(mark)), "utf-8")


def _codec(name: str) -> str | None:
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    return "utf-16" if found.startswith("utf-16") else found


def encoding_problem(path: Path) -> str | None:
    """Why the hub will not read `path`'s encoding, or None when it will."""
    with path.open("rb") as raw:
        head = raw.read(_HEAD)
    written = _written(head)
    family = "utf-16" if written.startswith("utf-16") else written
    if family not in _READ:
        return f"written in {written.upper()}; IATI files are read in UTF-8 or UTF-16"
    found = _DECLARATION.match(head.decode(written, errors="replace").lstrip("\ufeff"))
    if found is None:
        return None
    declared = found.group(1)
    codec = _codec(declared)
    if codec is None:
        return f"declares encoding {declared!r}, which is unknown; IATI files are UTF-8"
    if codec not in _READ["utf-8"] | _READ["utf-16"]:
        return f"declares encoding {declared!r}, which the hub does not read; IATI files are UTF-8"
    if codec not in _READ[family]:
        return f"declares encoding {declared!r} but is written in {family.upper()}"
    return None
