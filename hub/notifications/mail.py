"""E-mail through the configured SMTP server: one message per event, or a digest.

The message is plain text: the event type, when, and the ids and titles of its data,
which the receiver's owner may see (the dispatcher checked).
"""

from __future__ import annotations

import json
import smtplib
from email.message import EmailMessage

from hub.domain.errors import InvalidInput
from hub.domain.settings import Settings

__all__ = ["digest_message", "event_message", "send"]


def _lines(body: str) -> list[str]:
    event = json.loads(body)
    lines = [f"{event['type']} at {event['occurred_at']} ({event['id']})"]
    lines += [f"  {key}: {value}" for key, value in sorted(event["data"].items())]
    return lines


def event_message(to: str, body: str) -> EmailMessage:
    event = json.loads(body)
    what = event["data"].get("summary") or event["data"].get("subject", "")
    return _message(to, f"[GCM Hub] {event['type']}: {what}", "\n".join(_lines(body)))


def digest_message(to: str, cadence: str, bodies: list[str]) -> EmailMessage:
    text = "\n\n".join("\n".join(_lines(body)) for body in bodies)
    count = f"{len(bodies)} event{'' if len(bodies) == 1 else 's'}"
    return _message(to, f"[GCM Hub] {cadence} digest: {count}", text)


def _message(to: str, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text + "\n")
    return message


def send(settings: Settings, message: EmailMessage) -> None:
    """Hand the message to the SMTP server; raises `OSError`/`SMTPException` on failure."""
    if not settings.smtp_host:
        raise InvalidInput("no SMTP server is configured (HUB_SMTP_HOST)")
    message["From"] = settings.smtp_sender
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        smtp.send_message(message)
