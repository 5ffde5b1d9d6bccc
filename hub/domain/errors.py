"""The hub's one error family; the API turns each into an HTTP problem in one place."""

from pydantic import ValidationError

__all__ = [
    "Busy",
    "Conflict",
    "Forbidden",
    "HubError",
    "InvalidInput",
    "NotFound",
    "Unauthorized",
    "Unavailable",
    "invalid_input",
]


class HubError(Exception):
    """Base of every error the hub raises on purpose; the message is for people."""


class NotFound(HubError):
    """A record that was asked for by id does not exist (or is not visible)."""


class Conflict(HubError):
    """The request contradicts what is stored, e.g. a duplicate id or a bad transition."""


class Unauthorized(HubError):
    """No valid credentials were presented."""


class Forbidden(HubError):
    """The caller's role does not allow this."""


class InvalidInput(HubError):
    """Input that cannot be accepted; the message names what and where."""


class Unavailable(HubError):
    """A backing service (the store, Neo4j) cannot be reached."""


class Busy(Unavailable):
    """The work cannot start or finish now (another writer, a long computation); retry later."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


_SHOWN = 80
"""Characters of a refused value repeated in the message: enough to find it, no more."""


def invalid_input(
    what: str, error: ValidationError, kind: type[InvalidInput] = InvalidInput
) -> InvalidInput:
    """One line per problem, each naming where it is and the value given."""
    lines = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "(record)"
        given = repr(problem.get("input"))
        if len(given) > _SHOWN:
            given = f"{given[:_SHOWN]}... ({len(given)} characters)"
        lines.append(f"{what}: {where}: {problem['msg']} (got {given})")
    return kind("\n".join(lines))
