"""`parley channels`, `parley oncall` and `parley notify` (docs/cli.md, docs/notifications.md)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import click

from parley.notify.model import KINDS, SEVERITIES, NotifyError, one_line


def _store() -> tuple[Any, Any]:
    from parley.cli import _engine, _settings

    settings = _settings()
    return settings, _engine(settings)


def _now() -> datetime:
    return datetime.now(UTC)


def _json(value: Any) -> None:
    click.echo(json.dumps(value, default=str, ensure_ascii=False, indent=2))


def channel_lines(channels: list[dict[str, Any]]) -> list[str]:
    """One line per channel, and its error in words when it has one (also `parley status`)."""
    lines = []
    for c in channels:
        state = c["state"] if c["enabled"] else "disabled"
        lines.append(
            f"  {state:<8} {c['name']}  {c['kind']} -> {c['target']}  (>= {c['min_severity']}"
            f"{', signed' if c['signed'] else ''}; {c['pending']} pending, {c['failed']} failed"
            f"; last sent {c['last_sent_at'] or '-'})"
        )
        if c["state"] == "failing":
            lines.append(f"           failing since {c['failing_since']}: {c['last_error']}")
        elif c["last_error"]:
            lines.append(f"           {c['last_error']}")
    return lines


@click.group(name="channels")
def channels_group() -> None:
    """Where notifications go: email, generic webhooks, Slack, Teams."""


@channels_group.command(name="add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(KINDS), help="The channel's kind.")
@click.option(
    "--target", required=True, help="URL; for email: 'oncall' or comma-separated addresses."
)
@click.option(
    "--min-severity",
    default="low",
    show_default=True,
    type=click.Choice(SEVERITIES),
    help="Only notifications at or above this severity.",
)
@click.option("--secret", help="Generic webhooks: sign each body with HMAC-SHA256 and this key.")
def channels_add(name: str, kind: str, target: str, min_severity: str, secret: str | None) -> None:
    """Create channel NAME, or change an existing one."""
    from parley.notify.store import save_channel

    _, engine = _store()
    try:
        with engine.begin() as connection:
            save_channel(connection, name=name, kind=kind, target=target,
                         min_severity=min_severity, secret=secret, now=_now())  # fmt: skip
    except NotifyError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"channel {name!r} saved ({kind} -> {target}, severity >= {min_severity})")


@channels_group.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def channels_list(as_json: bool) -> None:
    """Every channel with its health: ok or failing, and the last error in words."""
    from parley.notify.store import list_channels

    _, engine = _store()
    with engine.connect() as connection:
        rows = list_channels(connection)
    if as_json:
        _json(rows)
        return
    if not rows:
        click.echo("no channels yet: parley channels add NAME --kind ... --target ...")
    for line in channel_lines(rows):
        click.echo(line)


@channels_group.command(name="remove")
@click.argument("name")
def channels_remove(name: str) -> None:
    """Delete channel NAME; its undelivered notifications are marked failed, not dropped."""
    from parley.notify.store import remove_channel

    _, engine = _store()
    try:
        with engine.begin() as connection:
            dropped = remove_channel(connection, name, now=_now())
    except NotifyError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"channel {name!r} removed" + (f"; {dropped} undelivered marked failed" if dropped else "")
    )


@channels_group.command(name="enable")
@click.argument("name")
def channels_enable(name: str) -> None:
    """Send to channel NAME again."""
    _set_enabled(name, True)


@channels_group.command(name="disable")
@click.argument("name")
def channels_disable(name: str) -> None:
    """Stop queueing for channel NAME (what is queued already fails, with the reason)."""
    _set_enabled(name, False)


def _set_enabled(name: str, enabled: bool) -> None:
    from parley.notify.store import set_enabled

    _, engine = _store()
    try:
        with engine.begin() as connection:
            set_enabled(connection, name, enabled, now=_now())
    except NotifyError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"channel {name!r} {'enabled' if enabled else 'disabled'}")


@channels_group.command(name="test")
@click.argument("name")
def channels_test(name: str) -> None:
    """Send a test notification to NAME now and say what happened."""
    from parley.notify.dispatch import send_test
    from parley.notify.send import DeliveryError

    settings, engine = _store()
    try:
        sent = send_test(engine, settings, name)
    except NotifyError as exc:
        raise click.ClickException(str(exc)) from None
    except DeliveryError as exc:
        kind = "temporary" if exc.transient else "permanent"
        raise click.ClickException(f"test of {name!r} failed ({kind}): {exc}") from None
    click.echo(f"test of {name!r} delivered: {sent.said}")
    if sent.problem:
        click.echo(f"but: {sent.problem}", err=True)


@click.group(name="oncall")
def oncall_group() -> None:
    """Who is on call: weekly windows in a time zone, and a fallback."""


@oncall_group.command(name="add")
@click.argument("person")
@click.argument("email")
@click.option("--window", help="DAYS HH:MM-HH:MM [ZONE], e.g. 'Mon-Fri 09:00-18:00 Europe/Rome'.")
@click.option("--fallback", is_flag=True, help="Notified when nobody's window covers the time.")
def oncall_add(person: str, email: str, window: str | None, fallback: bool) -> None:
    """Put PERSON (mailed at EMAIL) on call in a weekly window, or as the fallback."""
    from parley.notify.oncall import add_entry

    _, engine = _store()
    try:
        with engine.begin() as connection:
            entry = add_entry(connection, person=person, email=email, window=window,
                              fallback=fallback, now=_now())  # fmt: skip
    except NotifyError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"on-call entry {entry} added: {person} <{email}> {window or 'fallback'}")


@oncall_group.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def oncall_list(as_json: bool) -> None:
    """Every on-call entry with its id."""
    from parley.notify.oncall import list_entries

    _, engine = _store()
    with engine.connect() as connection:
        rows = list_entries(connection)
    if as_json:
        _json(rows)
        return
    if not rows:
        click.echo("nobody on call yet: parley oncall add NAME EMAIL --window '...'")
    for row in rows:
        click.echo(
            f"{row['id']:>4}  {row['person']} <{row['email']}>  {row['schedule'] or 'fallback'}"
        )


@oncall_group.command(name="remove")
@click.argument("entry_id", type=int)
def oncall_remove(entry_id: int) -> None:
    """Delete on-call entry ENTRY_ID (see `parley oncall list`)."""
    from parley.notify.oncall import remove_entry

    _, engine = _store()
    try:
        with engine.begin() as connection:
            remove_entry(connection, entry_id)
    except NotifyError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"on-call entry {entry_id} removed")


@oncall_group.command(name="now")
@click.option("--at", "at", help="Another moment (RFC 3339; no zone means UTC).")
def oncall_now(at: str | None) -> None:
    """Who is notified now (or --at TIME), and why."""
    from parley.cli import _when
    from parley.notify.oncall import on_call

    moment = _when(at, "--at") or _now()
    _, engine = _store()
    with engine.connect() as connection:
        found = on_call(connection, moment)
    if not found.people:
        click.echo(f"nobody is on call at {moment.isoformat()} and there is no fallback")
        return
    why = "fallback: no window covers it" if found.fallback else "window"
    click.echo(f"on call at {moment.isoformat()}:")
    for p in found.people:
        click.echo(f"  {p['person']} <{p['email']}>  ({p['schedule'] or why})")


@click.group(name="notify")
def notify_group() -> None:
    """The notification outbox: deliver it, look at it."""


@notify_group.command(name="run")
@click.option("--once", is_flag=True, help="One pass over what is due, then exit.")
def notify_run(once: bool) -> None:
    """Deliver pending notifications (every PARLEY_NOTIFY_POLL seconds unless --once)."""
    from parley.notify.dispatch import Dispatcher

    settings, engine = _store()
    dispatcher = Dispatcher(engine, settings)
    while True:
        report = dispatcher.run_once()
        for line in report.lines:
            click.echo(line)
        if once:
            click.echo(
                f"{report.sent} sent, {report.retrying} to retry, {report.failed} failed", err=True
            )
            return
        time.sleep(settings.notify_poll)


@notify_group.command(name="list")
@click.option(
    "--state", type=click.Choice(("pending", "sending", "sent", "failed")), help="Only this state."
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def notify_list(state: str | None, limit: int, as_json: bool) -> None:
    """Outbox rows, newest first: channel, state, attempts, the last error."""
    from parley.notify.store import list_outbox

    _, engine = _store()
    with engine.connect() as connection:
        rows = list_outbox(connection, state=state, limit=limit)
    if as_json:
        _json(rows)
        return
    if not rows:
        click.echo("nothing in the outbox" + (f" in state {state}" if state else ""))
    for row in rows:
        click.echo(
            f"#{row['id']} {row['state']:<7} {row['channel']}  {row['severity']} {row['event']}"
            f"  {one_line(row['title'], 80)}  (attempts {row['attempts']}, queued {row['created_at']:%Y-%m-%d %H:%M}"
            + (f", next {row['next_attempt_at']:%H:%M:%S}" if row["state"] == "pending" else "")
            + ")"
        )
        if row["last_error"]:
            click.echo(f"      {row['last_error']}")


COMMANDS = (channels_group, oncall_group, notify_group)


def status_report(engine: Any) -> list[dict[str, Any]]:
    """The channels' health for `parley status` (JSON-ready)."""
    from parley.notify.store import list_channels

    with engine.connect() as connection:
        return [
            {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
            for row in list_channels(connection)
        ]
