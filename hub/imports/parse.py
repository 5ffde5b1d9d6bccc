"""Streaming reader of IATI activity XML (1.0x and 2.0x), vetted by defusedxml.

It yields one `ParsedActivity` (`parsed`) at a time and forgets the XML behind it, so memory
stays flat however large the file. defusedxml reads the prologue, where any DTD or
entity declaration would be; libxml2 (lxml) reads the body, building only activities.
Everything that goes wrong raises `IatiError` naming the file and the place: a line
and column for XML faults, the activity's position and identifier for content faults.
Encodings the two parsers might read differently are refused first (`encoding`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from lxml import etree

from hub.domain.errors import InvalidInput
from hub.imports.encoding import encoding_problem
from hub.imports.parsed import XML_LANG, Element, ParsedActivity, parse_activity

__all__ = ["IatiError", "read_activities"]

_CHUNK = 1 << 16
_PROLOGUE_CHUNK = 1 << 12


class IatiError(InvalidInput):
    """A file that is not importable IATI activity XML; nothing of it was stored."""


def _doctype_line(path: Path) -> str:
    """Where the DTD that defusedxml refused starts, for the error message."""
    with path.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            if re.search(rb"<!(DOCTYPE|ENTITY)", line):
                return f"line {number}"
            if number > 1000:
                break
    return "its prologue"


class _RootReached(Exception):
    """The prologue is over: no DTD can follow."""


class _PrologueEnd:
    """Parser target that stops at the root element's start tag."""

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        raise _RootReached

    def end(self, tag: str) -> None: ...

    def data(self, text: str) -> None: ...

    def close(self) -> None: ...


def _refuse_declarations(path: Path) -> None:
    """Read the prologue through defusedxml, which refuses any DTD or entity in it.

    XML allows declarations only before the root element, so once defusedxml has seen
    the root start, the fast C parser can read the rest safely: an entity reference in
    the body would be undefined and fail as malformed XML. Faults that are not
    declarations are left for the main parse to report.
    """
    parser = DefusedXMLParser(target=_PrologueEnd(), forbid_dtd=True)
    with path.open("rb") as raw:
        while chunk := raw.read(_PROLOGUE_CHUNK):
            try:
                parser.feed(chunk)
            except (_RootReached, ParseError):
                return


def _body_parser() -> etree.XMLPullParser:
    """libxml2 with nothing fetched or expanded, reporting only whole activities."""
    return etree.XMLPullParser(
        events=("end",),
        tag="iati-activity",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def _language(root: Element, path: Path) -> str:
    if root.tag != "iati-activities":
        raise IatiError(f"{path}: root element is <{root.tag!s}>, expected <iati-activities>")
    if root.getroottree().docinfo.internalDTD is not None:
        # defusedxml refuses these; this holds should the two parsers ever disagree
        raise IatiError(f"{path}: refused a DTD; IATI files need no DTD or entity declarations")
    return (root.get(XML_LANG) or "en").lower()


def _first_fault(error: etree.XMLSyntaxError) -> str:
    """libxml2's first complaint: the exception's own message can be a later, vaguer one
    (an undefined entity surfaces at the end as "no element found")."""
    faults = error.error_log.filter_from_errors()
    if len(faults) == 0:
        return str(error.msg)
    first = faults[0]
    return f"{first.message}, line {first.line}, column {first.column}"


def _forget(element: Element) -> None:
    """Drop an activity and everything before it, so the tree never grows."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def read_activities(
    path: Path, on_progress: Callable[[int], None] | None = None
) -> Iterator[ParsedActivity]:
    """Yield the activities of one IATI file, in file order."""
    position = 0
    try:
        problem = encoding_problem(path)
        if problem is not None:
            raise IatiError(f"{path}: {problem}")
        _refuse_declarations(path)
        parser = _body_parser()
        etree.clear_error_log()  # the log is per thread: keep this file's faults only
        default_lang: str | None = None
        with path.open("rb") as raw:
            while True:
                chunk = raw.read(_CHUNK)
                if chunk:
                    parser.feed(chunk)
                    if on_progress is not None:
                        on_progress(len(chunk))
                else:
                    root = parser.close()
                    if default_lang is None:
                        _language(root, path)
                for _, element in parser.read_events():
                    if default_lang is None:
                        default_lang = _language(element.getroottree().getroot(), path)
                    position += 1
                    try:
                        yield parse_activity(element, position, default_lang)
                    except ValueError as error:
                        raise IatiError(f"{path}: {error}") from None
                    _forget(element)
                if not chunk:
                    return
    except etree.XMLSyntaxError as error:
        raise IatiError(f"{path}: malformed XML: {_first_fault(error)}") from None
    except DefusedXmlException as error:
        raise IatiError(
            f"{path}: {_doctype_line(path)}: refused {type(error).__name__}; IATI files need"
            " no DTD or entity declarations"
        ) from None
    except OSError as error:
        raise IatiError(f"{path}: cannot read file: {error.strerror or error}") from None
