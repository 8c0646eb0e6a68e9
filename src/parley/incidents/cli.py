"""`parley alerts ...` and `parley incidents ...`: what a person does with alerts and incidents.

Every action names its actor with `--by` (until the web issue brings users). Errors (an
unknown id, a refused change, text that is too long) are one clear line and exit status 1.
Everything printed passes through `render.clean`: stored text is hostile.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import click
from sqlalchemy import Connection

from parley.clitools import ID, json_option, store_opener
from parley.incidents import render
from parley.incidents.postmortem import BASELINE_HOURS, MIN_POSTS, TOLERANCE, postmortem
from parley.store import alerts as alert_store
from parley.store import incidents as store
from parley.store.alerts import KINDS, SEVERITIES, STATES, AlertNotFound, InputError
from parley.store.incidents import STATUSES, IncidentNotFound

_ID = ID
_by = click.option("--by", "by", required=True, help="Who does it (a name; stored as given).")
_json = json_option


_store = store_opener(InputError, AlertNotFound, IncidentNotFound, refusal=click.ClickException)


def _print_json(value: Any) -> None:
    click.echo(json.dumps(render.jsonable(value), ensure_ascii=False, indent=2))


def _when(value: str | None, name: str) -> datetime | None:
    from parley.cli import _when as parse

    return parse(value, name)


# -- alerts -----------------------------------------------------------------------------------


@click.group(name="alerts")
def alerts_group() -> None:
    """Alerts the detectors raised: list, show, acknowledge, dismiss."""


def _flags(alert: dict[str, Any]) -> str:
    marks = []
    if alert["acknowledged_at"]:
        marks.append(f"ack by {render.clean(alert['acknowledged_by'])}")
    if alert["dismissed_at"]:
        marks.append(f"dismissed by {render.clean(alert['dismissed_by'])}")
    return f" ({'; '.join(marks)})" if marks else ""


@alerts_group.command(name="list")
@click.option("--state", type=click.Choice(STATES), help="Only open or only closed alerts.")
@click.option("--kind", type=click.Choice(KINDS), help="Only alerts of this kind.")
@click.option("--topic", help="Only alerts of this topic ('*': the whole organisation).")
@click.option("--since", help="Only alerts fired at or after this time (RFC 3339 or a date).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 1000))
@_json
def alerts_list(state: str | None, kind: str | None, topic: str | None, since: str | None,
                limit: int, as_json: bool) -> None:  # fmt: skip
    """The newest alerts first."""
    with _store() as connection:
        rows = alert_store.list_alerts(
            connection, state=state, kind=kind, topic=topic,
            since=_when(since, "--since"), limit=limit,
        )  # fmt: skip
    if as_json:
        _print_json(rows)
        return
    if not rows:
        click.echo("no alerts")
    for a in rows:
        click.echo(
            f"#{a['id']}  {render.when(a['fired_at'])}  {a['kind']:<13} {a['severity']:<8} "
            f"{a['state']:<6} [{render.clean(a['topic'])}] {render.clean(a['title'])}{_flags(a)}"
        )


@alerts_group.command(name="show")
@click.argument("alert_id", type=_ID)
@_json
def alerts_show(alert_id: int, as_json: bool) -> None:
    """One alert with its evidence, readable."""
    with _store() as connection:
        alert = alert_store.get_alert(connection, alert_id)
    if as_json:
        _print_json(alert)
        return
    lines = [
        f"alert #{alert['id']}: {render.clean(alert['title'])}",
        f"  {alert['kind']}, {alert['severity']}, {alert['state']}, score {alert['score']:.2f}, "
        f"topic {render.clean(alert['topic'])}",
        f"  fired {render.when(alert['fired_at'])} (stream time), "
        f"seen {render.when(alert['wall_fired_at'])}; updated {render.when(alert['updated_at'])}"
        + (f"; closed {render.when(alert['closed_at'])}" if alert["closed_at"] else ""),
    ]
    if alert["acknowledged_at"]:
        lines.append(f"  acknowledged by {render.clean(alert['acknowledged_by'])} "
                     f"at {render.when(alert['acknowledged_at'])}")  # fmt: skip
    if alert["dismissed_at"]:
        lines.append(f"  dismissed by {render.clean(alert['dismissed_by'])} "
                     f"at {render.when(alert['dismissed_at'])}")  # fmt: skip
    if alert["incidents"]:
        lines.append("  incidents: " + ", ".join(f"#{i}" for i in alert["incidents"]))
    lines += ["", "summary:", "  " + render.clean(alert["summary"], keep_newlines=True)
              .replace("\n", "\n  "), "", "evidence:"]  # fmt: skip
    if alert.get("evidence_problem"):
        lines.append(f"  ({alert['evidence_problem']})")
    lines += render.evidence_lines(alert["evidence"]) or ["  none"]
    click.echo("\n".join(lines))


@alerts_group.command(name="ack")
@click.argument("alert_id", type=_ID)
@_by
def alerts_ack(alert_id: int, by: str) -> None:
    """Acknowledge: seen and being handled (a repeat keeps the first)."""
    with _store(write=True) as connection:
        alert = alert_store.acknowledge(connection, alert_id, by=by)
    click.echo(f"alert #{alert_id} acknowledged by {render.clean(alert['acknowledged_by'])} "
               f"at {render.when(alert['acknowledged_at'])}")  # fmt: skip


@alerts_group.command(name="dismiss")
@click.argument("alert_id", type=_ID)
@_by
def alerts_dismiss(alert_id: int, by: str) -> None:
    """Dismiss: a false alarm (a repeat keeps the first)."""
    with _store(write=True) as connection:
        alert = alert_store.dismiss(connection, alert_id, by=by)
    click.echo(f"alert #{alert_id} dismissed by {render.clean(alert['dismissed_by'])} "
               f"at {render.when(alert['dismissed_at'])}")  # fmt: skip


# -- incidents --------------------------------------------------------------------------------


@click.group(name="incidents")
def incidents_group() -> None:
    """Incidents: open (by hand or from an alert), work, and review them."""


def _headline(i: dict[str, Any]) -> str:
    commander = f", commander {render.clean(i['commander'])}" if i["commander"] else ""
    topic = f", topic {render.clean(i['topic'])}" if i.get("topic") else ""
    return (f"incident #{i['id']} [{i['status']}, {i['severity']}{commander}{topic}]: "
            f"{render.clean(i['title'])}")  # fmt: skip


@incidents_group.command(name="open")
@click.option("--title", help="What the incident is about.")
@click.option("--severity", type=click.Choice(SEVERITIES), default="medium", show_default=True)
@click.option("--commander", help="Who leads the response.")
@click.option("--topic", help="The topic whose posts the post-mortem reads (a topic name).")
@click.option("--from-alert", "from_alert", type=_ID,
              help="Open from this alert: title, severity and topic come from it.")  # fmt: skip
@_by
def incidents_open(title: str | None, severity: str, commander: str | None, topic: str | None,
                   from_alert: int | None, by: str) -> None:  # fmt: skip
    """Open an incident by hand (--title) or from an alert (--from-alert)."""
    if (title is None) == (from_alert is None):
        raise click.UsageError("give either --title (by hand) or --from-alert ID")
    if from_alert is not None and (commander or topic):
        raise click.UsageError("--commander and --topic go with --title; set the commander "
                               "of an incident from an alert with `parley incidents commander`")  # fmt: skip
    with _store(write=True) as connection:
        if from_alert is not None:
            incident, created = store.open_from_alert(connection, from_alert, by=by)
        else:
            incident = store.open_incident(connection, title=title, by=by, severity=severity,  # type: ignore[arg-type]
                                           commander=commander, topic=topic)  # fmt: skip
            created = True
    verb = "opened" if created else "already open for this alert:"
    click.echo(f"{verb} {_headline(incident)}")


@incidents_group.command(name="list")
@click.option("--status", type=click.Choice(STATUSES), help="Only incidents in this status.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 1000))
@_json
def incidents_list(status: str | None, limit: int, as_json: bool) -> None:
    """The newest incidents first."""
    with _store() as connection:
        rows = store.list_incidents(connection, status=status, limit=limit)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        click.echo("no incidents")
    for i in rows:
        click.echo(
            f"{render.when(i['opened_at'])}  {_headline(i)} ({i['alerts']} alert{'' if i['alerts'] == 1 else 's'})"
        )


@incidents_group.command(name="show")
@click.argument("incident_id", type=_ID)
@_json
def incidents_show(incident_id: int, as_json: bool) -> None:
    """The incident, its alerts and its timeline."""
    with _store() as connection:
        incident = store.get_incident(connection, incident_id)
    if as_json:
        _print_json(incident)
        return
    lines = [_headline(incident),
             f"  opened {render.when(incident['opened_at'])} by {render.clean(incident['opened_by'])}"
             + (f"; resolved {render.when(incident['resolved_at'])}"
                if incident["resolved_at"] else "")]  # fmt: skip
    if incident["alerts"]:
        lines.append("alerts:")
        lines += [f"  #{a['id']} {a['kind']} {a['severity']} {a['state']}: "
                  f"{render.clean(a['title'])}{_flags(a)}" for a in incident["alerts"]]  # fmt: skip
    lines.append("timeline:")
    lines += ["  " + render.event_line(e) for e in incident["timeline"]]
    click.echo("\n".join(lines))


def _change(incident_id: int, action: Callable[[Connection], Any], said: str) -> None:
    with _store(write=True) as connection:
        action(connection)
        incident = store.get_incident(connection, incident_id)
    click.echo(f"{said}: {_headline(incident)}")


@incidents_group.command(name="status")
@click.argument("incident_id", type=_ID)
@click.argument("status", type=click.Choice(STATUSES))
@_by
def incidents_status(incident_id: int, status: str, by: str) -> None:
    """open -> monitoring -> resolved; back to open reopens."""
    _change(incident_id, lambda c: store.set_status(c, incident_id, status, by=by), "status set")


@incidents_group.command(name="severity")
@click.argument("incident_id", type=_ID)
@click.argument("severity", type=click.Choice(SEVERITIES))
@_by
def incidents_severity(incident_id: int, severity: str, by: str) -> None:
    """Raise or lower the severity."""
    _change(incident_id, lambda c: store.set_severity(c, incident_id, severity, by=by),
            "severity set")  # fmt: skip


@incidents_group.command(name="commander")
@click.argument("incident_id", type=_ID)
@click.argument("name")
@_by
def incidents_commander(incident_id: int, name: str, by: str) -> None:
    """Name who leads the response."""
    _change(incident_id, lambda c: store.set_commander(c, incident_id, name, by=by),
            "commander set")  # fmt: skip


@incidents_group.command(name="note")
@click.argument("incident_id", type=_ID)
@click.argument("text")
@_by
def incidents_note(incident_id: int, text: str, by: str) -> None:
    """Add a note to the timeline."""
    _change(incident_id, lambda c: store.add_note(c, incident_id, text, by=by), "note added")


@incidents_group.command(name="statement")
@click.argument("incident_id", type=_ID)
@click.argument("text")
@click.option("--channel", help="Where it was published (an account, a platform, a site).")
@click.option("--url", help="Its address (http or https).")
@click.option("--at", "at", help="When it was published (RFC 3339; default now).")
@_by
def incidents_statement(incident_id: int, text: str, channel: str | None, url: str | None,
                        at: str | None, by: str) -> None:  # fmt: skip
    """Record a published statement on the timeline."""
    published = _when(at, "--at")
    _change(incident_id, lambda c: store.add_statement(
        c, incident_id, text, by=by, channel=channel, url=url, published_at=published),
        "statement recorded")  # fmt: skip


@incidents_group.command(name="link")
@click.argument("incident_id", type=_ID)
@click.argument("alert_id", type=_ID)
@_by
def incidents_link(incident_id: int, alert_id: int, by: str) -> None:
    """Add another alert to the incident."""
    _change(incident_id, lambda c: store.link_alert(c, incident_id, alert_id, by=by),
            f"alert #{alert_id} linked")  # fmt: skip


@incidents_group.command(name="postmortem")
@click.argument("incident_id", type=_ID)
@click.option(
    "--baseline-hours",
    default=BASELINE_HOURS,
    show_default=True,
    type=click.IntRange(1, 24 * 7),
    help="Hours before the surge that set the baseline.",
)
@click.option(
    "--tolerance",
    default=TOLERANCE * 100,
    show_default=True,
    type=click.FloatRange(0, 100),
    help="Recovered: back within this many percentage points of the baseline.",
)
@click.option(
    "--min-posts",
    default=MIN_POSTS,
    show_default=True,
    type=click.IntRange(1),
    help="Hours with fewer posts are shown but are not a peak or a recovery.",
)
@_json
def incidents_postmortem(incident_id: int, baseline_hours: int, tolerance: float,
                         min_posts: int, as_json: bool) -> None:  # fmt: skip
    """Time-to-detect, -acknowledge, -first-statement and the negative share's recovery."""
    with _store() as connection:
        report = postmortem(connection, incident_id, baseline_hours=baseline_hours,
                            tolerance=tolerance / 100, min_posts=min_posts)  # fmt: skip
    if as_json:
        _print_json(report)
        return
    lines = [f"post-mortem of incident #{incident_id}: {render.clean(report['title'])} "
             f"({report['status']})"]  # fmt: skip
    lines += [f"- {render.clean(w)}" for w in report["words"]]
    share = report["negative_share"]
    lines.append(f"negative share by hour ({share['scope']}, until {share['until']}):")
    for hour in share["hours"]:
        bar = "#" * round((hour["share"] or 0) * 40)
        lines.append(f"  {hour['hour']:%Y-%m-%d %H:00}  {render.percent(hour['share']):>7} "
                     f"of {hour['posts']:>6}  {bar}")  # fmt: skip
    click.echo("\n".join(lines))


def register(main: click.Group) -> None:
    """Add both groups to the `parley` command (one line in parley/cli.py)."""
    main.add_command(alerts_group)
    main.add_command(incidents_group)
