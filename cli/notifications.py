"""Notifications from the hub's own machine: subscriptions, delivery logs, the dispatcher.

The CLI acts as the local operator (an admin): its subscriptions receive every event,
and it may read and replay anyone's.
"""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.common import JsonFlag, app, console, print_json, store_session
from hub.access import OPERATOR
from hub.domain.settings import Settings
from hub.notifications import subscriptions
from hub.notifications.dispatcher import Dispatcher, exclusive
from hub.notifications.ledger import Cadence, Channel, Subscription, open_ledger
from hub.notifications.subscriptions import Filters

webhooks_app = typer.Typer(
    help="Signed webhooks: add, list, remove, their deliveries and replays.",
    no_args_is_help=True,
)
notify_app = typer.Typer(help="Deliver notifications; e-mail subscriptions.", no_args_is_help=True)
app.add_typer(webhooks_app, name="webhooks", rich_help_panel="Run the hub")
app.add_typer(notify_app, name="notify", rich_help_panel="Run the hub")

Events = Annotated[
    list[str], typer.Option("--event", help="An event type to receive, or '*' (repeat).")
]
RequestFilter = Annotated[str | None, typer.Option("--request", help="Only this request's.")]
ObjectiveFilter = Annotated[int | None, typer.Option(help="Only requests with this objective.")]
RegionFilter = Annotated[str | None, typer.Option(help="Only requests in this (sub)region.")]


def _show(subscription: Subscription, as_json: bool, verb: str) -> None:
    if as_json:
        print_json(subscription.model_dump(mode="json"))
    else:
        console.print(f"subscription [bold]{subscription.id}[/bold] {verb} ({subscription.target})")


def _subscribe(
    channel: Channel,
    target: str,
    events: list[str],
    filters: Filters,
    as_json: bool,
    *,
    secret: str | None = None,
    cadence: Cadence = Cadence.IMMEDIATE,
) -> None:
    settings = Settings()
    with open_ledger(settings) as ledger:
        added = subscriptions.subscribe(
            ledger,
            OPERATOR,
            channel,
            target,
            events,
            secret=secret,
            filters=filters,
            cadence=cadence,
            allow_local=settings.webhooks_allow_local,
        )
    _show(added, as_json, "added")


@webhooks_app.command("add")
def webhooks_add(
    url: Annotated[str, typer.Argument(help="Where to POST the events.")],
    secret: Annotated[str, typer.Option(help="The shared secret deliveries are signed with.")],
    event: Events,
    request: RequestFilter = None,
    objective: ObjectiveFilter = None,
    region: RegionFilter = None,
    as_json: JsonFlag = False,
) -> None:
    """Subscribe a URL to events; loopback and private URLs need HUB_WEBHOOKS_ALLOW_LOCAL=1."""
    filters = Filters(request, objective, region)
    _subscribe(Channel.WEBHOOK, url, event, filters, as_json, secret=secret)


@notify_app.command("email")
def notify_email(
    address: Annotated[str, typer.Argument(help="Where to send the e-mails.")],
    event: Events,
    cadence: Annotated[Cadence, typer.Option(help="Each event, or a digest.")] = Cadence.IMMEDIATE,
    request: RequestFilter = None,
    objective: ObjectiveFilter = None,
    region: RegionFilter = None,
    as_json: JsonFlag = False,
) -> None:
    """Subscribe an e-mail address, sent through HUB_SMTP_HOST."""
    filters = Filters(request, objective, region)
    _subscribe(Channel.EMAIL, address, event, filters, as_json, cadence=cadence)


@webhooks_app.command("list")
def webhooks_list(as_json: JsonFlag = False) -> None:
    """Every subscription (webhooks and e-mail), disabled ones with the reason."""
    with open_ledger(Settings()) as ledger:
        found = subscriptions.owned(ledger, OPERATOR)
    if as_json:
        print_json([s.model_dump(mode="json") for s in found])
        return
    table = Table("id", "channel", "target", "events", "owner", "state")
    for s in found:
        state = f"disabled: {s.disabled_reason}" if s.disabled_at else "active"
        table.add_row(s.id, s.channel.value, s.target, " ".join(s.events), s.owner, state)
    Console().print(table)


@webhooks_app.command("remove")
def webhooks_remove(subscription: Annotated[str, typer.Argument(help="Its id.")]) -> None:
    """Remove a subscription and its delivery log."""
    with open_ledger(Settings()) as ledger:
        subscriptions.remove(ledger, OPERATOR, subscription)
    console.print(f"subscription {subscription} removed")


@webhooks_app.command("enable")
def webhooks_enable(subscription: Annotated[str, typer.Argument(help="Its id.")]) -> None:
    """Deliver again to a subscriber disabled after failures (what it missed goes first)."""
    with open_ledger(Settings()) as ledger:
        _show(subscriptions.enable(ledger, OPERATOR, subscription), False, "enabled")


@webhooks_app.command("deliveries")
def webhooks_deliveries(
    subscription: Annotated[str, typer.Argument(help="Its id.")], as_json: JsonFlag = False
) -> None:
    """The delivery log: status, attempts and the last error per event, newest first."""
    with open_ledger(Settings()) as ledger:
        log = subscriptions.deliveries(ledger, OPERATOR, subscription)
    if as_json:
        print_json([d.model_dump(mode="json") for d in log])
        return
    table = Table("event", "type", "status", "attempts", "code", "last error")
    for d in log:
        code = str(d.last_status_code or "")
        table.add_row(d.event, d.type, d.status.value, str(d.attempts), code, d.last_error or "")
    Console().print(table)


@webhooks_app.command("replay")
def webhooks_replay(
    subscription: Annotated[str, typer.Argument(help="Its id.")],
    event: Annotated[str, typer.Argument(help="The event to send again.")],
) -> None:
    """Send an event again at the dispatcher's next pass."""
    with open_ledger(Settings()) as ledger:
        subscriptions.replay(ledger, OPERATOR, subscription, event)
    console.print(f"event {event} queued again for {subscription}")


@notify_app.command("dispatch")
def notify_dispatch(
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    interval: Annotated[float, typer.Option(help="Seconds between passes.")] = 5.0,
) -> None:
    """Deliver pending events: one pass, or until stopped. One dispatcher at a time."""
    settings = Settings()
    with store_session() as store, open_ledger(settings) as ledger:
        dispatcher = Dispatcher(store, ledger, settings)
        while True:
            with exclusive(settings.data_dir) as mine:
                if mine:
                    report = dispatcher.run_once()
                    console.print(
                        f"{report.overdue} partnerships newly overdue,"
                        f" {report.fanned_out} new events, {report.delivered} delivered,"
                        f" {report.failed} failed"
                    )
                elif once:
                    console.print("another dispatcher is running; nothing done")
            if once:
                return
            time.sleep(interval)
