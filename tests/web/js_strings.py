"""The string literals of an ES module, with enough context to tell a message key from prose.

A small tokenizer, not a parser: it skips comments and regular expressions, reads
'…', "…" and `…` (the parts of a template between its ${…} are read as one text, and
the expressions inside are tokenised in turn), and notes the function a literal is the
first argument of and whether it is the value of a `class:` key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Literal", "literals"]

_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {""}
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*$")


@dataclass(frozen=True)
class Literal:
    text: str
    """The literal's characters; a template's expressions are left out."""
    line: int
    called: str | None
    """The function this literal is the first argument of: `t` for t("key")."""
    is_class: bool
    """The value of a `class:` key: CSS class names."""
    template_prefix: str | None = None
    """For a template with expressions, the text before the first one (`part.` in
    t(`part.${name}`)): a family of keys."""


def _before(source: str, at: int) -> tuple[str, int]:
    """The last significant character before `at`, and its index (-1 at the start)."""
    i = at - 1
    while i >= 0 and source[i].isspace():
        i -= 1
    return (source[i], i) if i >= 0 else ("", -1)


def _context(source: str, start: int) -> tuple[str | None, bool]:
    char, i = _before(source, start)
    if char == "(":
        name = _IDENTIFIER.search(source[:i].rstrip())
        return (name.group(0) if name else None), False
    if char == ":":
        return None, bool(re.search(r"\bclass\s*$", source[:i]))
    return None, False


def _skip_regex(source: str, i: int) -> int:
    in_class = False
    i += 1
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "/" and not in_class:
            return i + 1
        elif c == "\n":
            raise ValueError(f"unterminated regular expression at {i}")
        i += 1
    return i


def _read_quoted(source: str, i: int) -> tuple[str, int]:
    quote, i, out = source[i], i + 1, []
    while source[i] != quote:
        if source[i] == "\\":
            out.append(source[i + 1])
            i += 2
        else:
            out.append(source[i])
            i += 1
    return "".join(out), i + 1


def _read_template(source: str, i: int) -> tuple[list[str], list[tuple[int, int]], int]:
    """Text parts, the spans of ${…} expressions, and the index after the closing `."""
    parts, spans, current = [], [], []
    i += 1
    while source[i] != "`":
        if source[i] == "\\":
            current.append(source[i + 1])
            i += 2
        elif source.startswith("${", i):
            parts.append("".join(current))
            current = []
            depth, j = 1, i + 2
            while depth:
                c = source[j]
                if c in "'\"":
                    j = _read_quoted(source, j)[1]
                    continue
                if c == "`":
                    j = _read_template(source, j)[2]
                    continue
                depth += {"{": 1, "}": -1}.get(c, 0)
                j += 1
            spans.append((i + 2, j - 1))
            i = j
        else:
            current.append(source[i])
            i += 1
    parts.append("".join(current))
    return parts, spans, i + 1


def literals(source: str, offset: int = 0, line_of: str | None = None) -> list[Literal]:
    """Every string literal in `source`, in order (template expressions' literals after)."""
    whole = line_of if line_of is not None else source
    found: list[Literal] = []
    i = 0
    while i < len(source):
        c = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:] else len(source)
        elif source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif c == "/" and (
            _before(source, i)[0] in _REGEX_AFTER or re.search(r"\b(return|typeof)\s*$", source[:i])
        ):
            i = _skip_regex(source, i)
        elif c in "'\"`":
            called, is_class = _context(source, i)
            line = whole.count("\n", 0, offset + i) + 1
            if c == "`":
                parts, spans, end = _read_template(source, i)
                prefix = parts[0] if spans else None
                found.append(Literal("".join(parts), line, called, is_class, prefix))
                for a, b in spans:
                    found.extend(literals(source[a:b], offset + a, whole))
            else:
                text, end = _read_quoted(source, i)
                found.append(Literal(text, line, called, is_class))
            i = end
        else:
            i += 1
    return found
