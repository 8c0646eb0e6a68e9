"""Incidents in the store: open one (by hand or from an alert), work it, and its timeline.

Every change a person makes (status, severity, commander, a note, a published statement, a
linked alert) and every change to a linked alert (fired, acknowledged, dismissed, escalated,
closed) is written to `incident_events` in the same transaction as the change itself, so the
timeline records itself and cannot disagree with the incident. Names and texts are hostile
input: checked for length and control characters, then stored exactly as given.

Times: incidents and their events are wall-clock (people act in real time). Alerts carry
stream time (`fired_at`) and wall time (`wall_fired_at`); the timeline places an alert at its
wall time, so a replayed stream's alerts sit beside the people who reacted to them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from sqlalchemy import Connection, Integer, case, cast, func, literal, select
from sqlalchemy.dialects.postgresql import JSON as PG_JSON

from parley.store import alerts as alert_store
from parley.store.alerts import (
    SEVERITIES,
    Conflict,
    InputError,
    check_actor,
    check_choice,
    check_text,
    check_time,
)
from parley.store.tables import (
    alerts,
    incident_alerts,
    incident_events,
    incident_roles,
    incidents,
    post_topics,
    posts,
    topics,
)

STATUSES = ("open", "monitoring", "resolved")
# open -> monitoring -> resolved; resolving straight from open is allowed, and so is going
# back (monitoring -> open, resolved -> open: a reopen). A resolved incident is reopened
# before it is monitored again, so every reopen is one visible step on the timeline.
TRANSITIONS = {
    "open": ("monitoring", "resolved"),
    "monitoring": ("open", "resolved"),
    "resolved": ("open",),
}
EVENT_KINDS = (
    "opened", "alert_fired", "alert_linked", "alert_acknowledged", "alert_dismissed",
    "alert_updated", "alert_closed", "status", "severity", "commander", "role", "note",
    "statement", "draft_created", "draft_edited", "draft_submitted", "draft_returned",
    "draft_approved",
)  # fmt: skip
# The people around the commander, one holder each (the commander has its own column).
ROLES = ("scribe", "spokesperson", "liaison")
SYSTEM_ACTOR = "parley"  # the actor of what Parley itself recorded (an alert fired, changed)

MAX_TITLE_CHARS = 500
MAX_NOTE_CHARS = 20_000
MAX_STATEMENT_CHARS = 20_000  # a thread of several posts is normal
MAX_CHANNEL_CHARS = 100
MAX_URL_CHARS = 2_000
MAX_LIST = 1_000

_encode = msgspec.json.Encoder().encode


class IncidentError(InputError):
    """An incident action is not acceptable as given; the message says why."""


class TransitionError(IncidentError, Conflict):
    """The change is valid in itself but not from the incident's current state."""


class IncidentNotFound(LookupError):
    def __init__(self, incident_id: object) -> None:
        super().__init__(f"no incident with id {incident_id}")
        self.incident_id = incident_id


def _now(now: datetime | None) -> datetime:
    return check_time(now or datetime.now(UTC), "now")


def record_event(
    connection: Connection,
    incident_id: int,
    *,
    at: datetime,
    kind: str,
    actor: str,
    text: str,
    data: dict[str, Any] | None = None,
) -> int:
    """Append one entry to an incident's timeline (inside the caller's transaction)."""
    check_choice(kind, "event kind", EVENT_KINDS)
    result = connection.execute(
        incident_events.insert().values(
            incident_id=incident_id,
            at=at,
            kind=kind,
            actor=actor,
            text=text,
            data=_encode(data or {}).decode(),
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


# -- reading ----------------------------------------------------------------------------------

_INCIDENT = select(incidents, topics.c.name.label("topic")).select_from(
    incidents.outerjoin(topics, topics.c.id == incidents.c.topic_id)
)


def _incident_row(connection: Connection, incident_id: int) -> dict[str, Any]:
    row = connection.execute(_INCIDENT.where(incidents.c.id == incident_id)).first()
    if row is None:
        raise IncidentNotFound(incident_id)
    return dict(row._mapping)


def timeline(connection: Connection, incident_id: int) -> list[dict[str, Any]]:
    """The incident's events in the order they happened (ties in the order recorded)."""
    rows = connection.execute(
        select(incident_events)
        .where(incident_events.c.incident_id == incident_id)
        .order_by(incident_events.c.at, incident_events.c.id)
    )
    out = []
    for row in rows:
        event = dict(row._mapping)
        event["data"] = msgspec.json.decode(event["data"])
        del event["incident_id"]
        out.append(event)
    return out


def linked_alerts(connection: Connection, incident_id: int) -> list[dict[str, Any]]:
    """The incident's alerts (without evidence), the first fired first."""
    rows = connection.execute(
        select(alerts)
        .join(incident_alerts, incident_alerts.c.alert_id == alerts.c.id)
        .where(incident_alerts.c.incident_id == incident_id)
        .order_by(alerts.c.fired_at, alerts.c.id)
    )
    return [{k: v for k, v in row._mapping.items() if k != "evidence"} for row in rows]


def roles(connection: Connection, incident_id: int) -> dict[str, dict[str, Any]]:
    """{role: {"holder", "assigned_by", "assigned_at"}} for the roles that have a holder."""
    rows = connection.execute(
        select(incident_roles).where(incident_roles.c.incident_id == incident_id)
    )
    return {
        row.role: {"holder": row.holder, "assigned_by": row.assigned_by,
                   "assigned_at": row.assigned_at}
        for row in rows
    }  # fmt: skip


def get_incident(connection: Connection, incident_id: int) -> dict[str, Any]:
    """The incident with its topic's name, its alerts and its timeline."""
    out = _incident_row(connection, incident_id)
    out["roles"] = roles(connection, incident_id)
    out["alerts"] = linked_alerts(connection, incident_id)
    out["timeline"] = timeline(connection, incident_id)
    return out


def list_incidents(
    connection: Connection,
    *,
    status: str | None = None,
    severity: str | None = None,
    open_first: bool = False,
    limit: int = 100,
) -> list[dict[str, Any]]:
    """The newest incidents first (with `open_first`, open ones, then monitoring, then
    resolved, each newest first), each with how many alerts it has."""
    counts = (
        select(incident_alerts.c.incident_id, func.count().label("alerts"))
        .group_by(incident_alerts.c.incident_id)
        .subquery()
    )
    query = (
        select(incidents, topics.c.name.label("topic"),
               func.coalesce(counts.c.alerts, 0).label("alerts"))
        .select_from(
            incidents.outerjoin(topics, topics.c.id == incidents.c.topic_id)
            .outerjoin(counts, counts.c.incident_id == incidents.c.id)
        )
    )  # fmt: skip
    if open_first:
        rank = case({s: i for i, s in enumerate(STATUSES)}, value=incidents.c.status, else_=9)
        query = query.order_by(rank)
    query = query.order_by(incidents.c.opened_at.desc(), incidents.c.id.desc())
    if status is not None:
        query = query.where(incidents.c.status == check_choice(status, "status", STATUSES))
    if severity is not None:
        severity = check_choice(severity, "severity", SEVERITIES)
        query = query.where(incidents.c.severity == severity)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIST:
        raise IncidentError(f"limit must be a whole number from 1 to {MAX_LIST}")
    return [dict(row._mapping) for row in connection.execute(query.limit(limit))]


# -- opening ----------------------------------------------------------------------------------


def _topic_id(connection: Connection, name: str | None) -> int | None:
    if name is None:
        return None
    found = connection.scalar(select(topics.c.id).where(topics.c.name == name))
    if found is None:
        raise IncidentError(f"no topic named {name!r} (see `parley topics list`)")
    return int(found)


def open_incident(
    connection: Connection,
    *,
    title: str,
    by: str,
    severity: str = "medium",
    commander: str | None = None,
    topic: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Open an incident by hand. `topic` is a topic's name (its posts feed the post-mortem)."""
    values = {
        "title": check_text(title, "title", MAX_TITLE_CHARS),
        "severity": check_choice(severity, "severity", SEVERITIES),
        "commander": check_text(commander, "commander", alert_store.MAX_ACTOR_CHARS,
                                optional=True),
        "opened_by": check_actor(by),
    }  # fmt: skip
    return _insert(connection, values, topic_id=_topic_id(connection, topic), now=_now(now))


def _insert(
    connection: Connection, values: dict[str, Any], *, topic_id: int | None, now: datetime
) -> dict[str, Any]:
    result = connection.execute(
        incidents.insert().values(**values, topic_id=topic_id, status="open", opened_at=now)
    )
    incident_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    commander = f", commander {values['commander']}" if values["commander"] else ""
    record_event(
        connection, incident_id, at=now, kind="opened", actor=values["opened_by"],
        text=f"incident opened ({values['severity']}{commander}): {values['title']}",
        data={"severity": values["severity"], "commander": values["commander"]},
    )  # fmt: skip
    return _incident_row(connection, incident_id)


def open_from_alert(
    connection: Connection, alert_id: int, *, by: str, now: datetime | None = None
) -> tuple[dict[str, Any], bool]:
    """Open an incident from an alert: its title, severity and topic come from the alert.

    Returns (incident, created). An alert already in an incident gives that incident back
    (created False): two people pressing the button open one incident, not two. The timeline
    starts with the alert firing and the incident opening.
    """
    by = check_actor(by)
    now = _now(now)
    alert = alert_store.get_alert(connection, alert_id)
    if alert["incidents"]:
        return _incident_row(connection, alert["incidents"][0]), False
    title = alert["title"]
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1] + "…"
    values = {"title": title, "severity": alert["severity"], "commander": None, "opened_by": by}
    topic_id = alert["topic_id"]
    if topic_id is None and alert["topic"] != alert_store.ORG_TOPIC:
        # a detector that named the topic but not its id: find it (None if since removed)
        topic_id = connection.scalar(select(topics.c.id).where(topics.c.name == alert["topic"]))
    incident = _insert(connection, values, topic_id=topic_id, now=now)
    _link(connection, incident["id"], alert, by=by, now=now)
    return incident, True


def link_alert(
    connection: Connection, incident_id: int, alert_id: int, *, by: str,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Add an alert to the incident (e.g. the negative-share alert after the volume one)."""
    by = check_actor(by)
    now = _now(now)
    _incident_row(connection, incident_id)
    alert = alert_store.get_alert(connection, alert_id)
    if incident_id in alert["incidents"]:
        raise TransitionError(f"alert {alert_id} is already linked to incident {incident_id}")
    _link(connection, incident_id, alert, by=by, now=now)
    return get_incident(connection, incident_id)


def _snapshot(alert: dict[str, Any]) -> dict[str, Any]:
    """What alert_updated compares against later to tell what changed."""
    return {"alert_id": alert["id"], "severity": alert["severity"], "state": alert["state"],
            "score": alert["score"], "fired_at": alert["fired_at"].isoformat()}  # fmt: skip


def _link(
    connection: Connection, incident_id: int, alert: dict[str, Any], *, by: str, now: datetime
) -> None:
    connection.execute(
        incident_alerts.insert().values(incident_id=incident_id, alert_id=alert["id"])
    )
    record_event(
        connection, incident_id, at=alert["wall_fired_at"], kind="alert_fired",
        actor=SYSTEM_ACTOR, text=f"{alert['kind']} alert fired ({alert['severity']}): "
        f"{alert['title']}", data=_snapshot(alert),
    )  # fmt: skip
    record_event(
        connection, incident_id, at=now, kind="alert_linked", actor=by,
        text=f"alert {alert['id']} linked to the incident", data={"alert_id": alert["id"]},
    )  # fmt: skip
    # What people did with the alert before it was linked belongs to the story too.
    for did, verb in (
        ("acknowledged", "acknowledged"),
        ("dismissed", "dismissed as a false alarm"),
    ):
        if alert[f"{did}_at"] is not None:
            record_event(
                connection,
                incident_id,
                at=alert[f"{did}_at"],
                kind=f"alert_{did}",
                actor=alert[f"{did}_by"],
                text=f"alert {alert['id']} {verb}: {alert['title']}",
                data={"alert_id": alert["id"]},
            )
    # Taking an alert into an incident is handling it: that is an acknowledgement, unless
    # someone acknowledged it earlier (their time stays) or it was dismissed.
    if alert["acknowledged_at"] is None and alert["dismissed_at"] is None:
        alert_store.acknowledge(connection, alert["id"], by=by, now=now)


# -- working it -------------------------------------------------------------------------------


def set_status(
    connection: Connection, incident_id: int, status: str, *, by: str,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """open -> monitoring -> resolved (or straight to resolved); back to open is a reopen."""
    status = check_choice(status, "status", STATUSES)
    by = check_actor(by)
    now = _now(now)
    current = _incident_row(connection, incident_id)
    before = current["status"]
    if status == before:
        raise TransitionError(f"incident {incident_id} is already {status}")
    if status not in TRANSITIONS[before]:
        raise TransitionError(
            f"incident {incident_id} is {before}: it can go to {' or '.join(TRANSITIONS[before])}"
            f", not {status} (reopen it first)"
        )
    resolved_at = now if status == "resolved" else None
    _update(connection, incident_id, status=status, resolved_at=resolved_at)
    word = "reopened" if before == "resolved" else f"status {before} -> {status}"
    record_event(
        connection, incident_id, at=now, kind="status", actor=by, text=word,
        data={"from": before, "to": status},
    )  # fmt: skip
    return _incident_row(connection, incident_id)


def set_severity(
    connection: Connection, incident_id: int, severity: str, *, by: str,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    severity = check_choice(severity, "severity", SEVERITIES)
    by = check_actor(by)
    now = _now(now)
    before = _incident_row(connection, incident_id)["severity"]
    if severity == before:
        raise TransitionError(f"incident {incident_id} is already {severity}")
    _update(connection, incident_id, severity=severity)
    way = "raised" if SEVERITIES.index(severity) > SEVERITIES.index(before) else "lowered"
    record_event(
        connection, incident_id, at=now, kind="severity", actor=by,
        text=f"severity {way}: {before} -> {severity}", data={"from": before, "to": severity},
    )  # fmt: skip
    return _incident_row(connection, incident_id)


def set_commander(
    connection: Connection, incident_id: int, commander: str, *, by: str,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    commander = check_text(commander, "commander", alert_store.MAX_ACTOR_CHARS)  # type: ignore[assignment]
    by = check_actor(by)
    now = _now(now)
    before = _incident_row(connection, incident_id)["commander"]
    if commander == before:
        raise TransitionError(f"{commander} is already the commander of incident {incident_id}")
    _update(connection, incident_id, commander=commander)
    record_event(
        connection, incident_id, at=now, kind="commander", actor=by,
        text=f"commander: {commander}" + (f" (was {before})" if before else ""),
        data={"from": before, "to": commander},
    )  # fmt: skip
    return _incident_row(connection, incident_id)


def set_role(
    connection: Connection, incident_id: int, role: str, holder: str | None, *, by: str,
    now: datetime | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Give a role (scribe, spokesperson, liaison) to a person, or free it (holder None)."""
    role = check_choice(role, "role", ROLES)
    holder = check_text(holder, "holder", alert_store.MAX_ACTOR_CHARS, optional=True)
    by = check_actor(by)
    now = _now(now)
    _incident_row(connection, incident_id)
    before = roles(connection, incident_id).get(role, {}).get("holder")
    if holder == before:
        raise TransitionError(
            f"{holder} is already the {role} of incident {incident_id}" if holder
            else f"incident {incident_id} has no {role} to remove"
        )  # fmt: skip
    where = (incident_roles.c.incident_id == incident_id) & (incident_roles.c.role == role)
    connection.execute(incident_roles.delete().where(where))
    if holder is not None:
        connection.execute(incident_roles.insert().values(
            incident_id=incident_id, role=role, holder=holder, assigned_by=by, assigned_at=now,
        ))  # fmt: skip
        text = f"{role}: {holder}" + (f" (was {before})" if before else "")
    else:
        text = f"{role} removed (was {before})"
    record_event(
        connection, incident_id, at=now, kind="role", actor=by, text=text,
        data={"role": role, "from": before, "to": holder},
    )  # fmt: skip
    return get_incident(connection, incident_id)


def add_note(
    connection: Connection, incident_id: int, text: str, *, by: str, now: datetime | None = None
) -> dict[str, Any]:
    """A person's note on the timeline, stored exactly as written (line breaks kept)."""
    text = check_text(text, "note", MAX_NOTE_CHARS, multiline=True)  # type: ignore[assignment]
    by = check_actor(by)
    now = _now(now)
    _incident_row(connection, incident_id)
    event_id = record_event(
        connection, incident_id, at=now, kind="note", actor=by, text=text, data={}
    )
    return _event(connection, event_id)


def check_url(url: str | None) -> str | None:
    """A statement's address: http(s) only, so a page can link it safely later."""
    url = check_text(url, "url", MAX_URL_CHARS, optional=True)
    if url is None:
        return None
    if not url.lower().startswith(("https://", "http://")) or any(ch.isspace() for ch in url):
        raise IncidentError("url must be an http:// or https:// address without spaces")
    return url


def add_statement(
    connection: Connection,
    incident_id: int,
    text: str,
    *,
    by: str,
    channel: str | None = None,
    url: str | None = None,
    published_at: datetime | None = None,
    now: datetime | None = None,
    draft_id: int | None = None,
    thread: int = 1,
) -> dict[str, Any]:
    """Record a statement the team published (text, where, its address, when: default now).
    It sits on the timeline at its publication time; the first one is time-to-first-statement.
    `draft_id` and `thread` (how many posts) are set when an approved draft is published."""
    values = {
        "text": check_text(text, "statement", MAX_STATEMENT_CHARS, multiline=True),
        "channel": check_text(channel, "channel", MAX_CHANNEL_CHARS, optional=True),
        "url": check_url(url),
    }
    by = check_actor(by)
    now = _now(now)
    at = check_time(published_at, "published_at") if published_at is not None else now
    _incident_row(connection, incident_id)
    where = f" on {values['channel']}" if values["channel"] else ""
    if thread > 1:
        where += f" (a thread of {thread} posts)"
    data = {"channel": values["channel"], "url": values["url"], "recorded_at": now.isoformat(),
            "summary": f"statement published{where}"}  # fmt: skip
    if draft_id is not None:
        data |= {"draft_id": draft_id, "posts": thread}
    event_id = record_event(
        connection, incident_id, at=at, kind="statement", actor=by,
        text=values["text"], data=data,  # type: ignore[arg-type]
    )  # fmt: skip
    return _event(connection, event_id)


def _event(connection: Connection, event_id: int) -> dict[str, Any]:
    row = connection.execute(select(incident_events).where(incident_events.c.id == event_id)).one()
    event = dict(row._mapping)
    event["data"] = msgspec.json.decode(event["data"])
    return event


def _update(connection: Connection, incident_id: int, **values: Any) -> None:
    connection.execute(incidents.update().where(incidents.c.id == incident_id).values(**values))


# -- told by the detectors --------------------------------------------------------------------

_ALERT_EVENTS = ("alert_fired", "alert_updated", "alert_closed")


def alert_updated(connection: Connection, alert_id: int, now: datetime | None = None) -> list[int]:
    """A detector changed a linked alert: record what changed on each of its incidents.

    Compared with the alert as the timeline last recorded it: a new severity ("alert escalated
    to high: <summary>"), closing or reopening each make one entry. Updates that change neither
    (the score creeping up every minute of a surge) are not recorded: they would bury the
    people's entries. Returns the ids of the events written.
    """
    if not alert_store.incidents_of(connection, alert_id):
        return []  # linked to no incident (most alerts): no need to read the alert back
    now = _now(now)
    alert = alert_store.get_alert(connection, alert_id)
    written = []
    for incident_id in alert["incidents"]:
        last = _last_snapshot(connection, incident_id, alert_id)
        text, kind = _change_words(last, alert)
        if text is None:
            continue
        written.append(
            record_event(
                connection,
                incident_id,
                at=now,
                kind=kind,
                actor=SYSTEM_ACTOR,
                text=text,
                data={**_snapshot(alert), "from": last},
            )
        )
    return written


def _last_snapshot(connection: Connection, incident_id: int, alert_id: int) -> dict[str, Any]:
    rows = connection.execute(
        select(incident_events.c.data)
        .where(incident_events.c.incident_id == incident_id,
               incident_events.c.kind.in_(_ALERT_EVENTS))
        .order_by(incident_events.c.id.desc())
    )  # fmt: skip
    for (data,) in rows:
        decoded = msgspec.json.decode(data)
        if decoded.get("alert_id") == alert_id:
            return decoded
    return {}


def _change_words(last: dict[str, Any], alert: dict[str, Any]) -> tuple[str | None, str]:
    summary = alert["summary"].splitlines()[0] if alert["summary"] else alert["title"]
    if last.get("state") != alert["state"]:
        if alert["state"] == "closed":
            return f"alert {alert['id']} closed (the surge ended): {summary}", "alert_closed"
        return f"alert {alert['id']} open again: {summary}", "alert_updated"
    if last.get("severity") != alert["severity"]:
        before = last.get("severity")
        up = before not in SEVERITIES or (
            SEVERITIES.index(alert["severity"]) > SEVERITIES.index(before)
        )
        way = "escalated" if up else "de-escalated"
        return f"alert {alert['id']} {way} to {alert['severity']}: {summary}", "alert_updated"
    return None, "alert_updated"


# -- the posts behind the post-mortem ---------------------------------------------------------


def _hour(connection: Connection, column: Any) -> Any:
    """The hour a time falls in, as text 'YYYY-MM-DD HH' on both databases."""
    if connection.dialect.name == "sqlite":
        return func.substr(column, 1, 13)
    return func.to_char(func.date_trunc("hour", column), literal("YYYY-MM-DD HH24"))


def _sentiment(connection: Connection) -> Any:
    """The stored sentiment label (`enrichment` JSON, key `sentiment`: see SentimentEnricher).
    PostgreSQL reads it as `json`, not jsonb: json accepts any stored text, \\u0000 included."""
    if connection.dialect.name == "sqlite":
        return func.json_extract(posts.c.enrichment, "$.sentiment")
    return func.json_extract_path_text(cast(posts.c.enrichment, PG_JSON), "sentiment")


def sentiment_by_hour(
    connection: Connection, *, topic_id: int | None, start: datetime, end: datetime
) -> dict[str, tuple[int, int]]:
    """{'YYYY-MM-DD HH': (posts with a sentiment, negative posts)} for posts created in
    [start, end): the topic's posts (via post_topics), or every post when topic_id is None.
    Counted in the database; only one row per hour comes back."""
    label = _sentiment(connection)
    if topic_id is None:
        created = posts.c.created_at
        source = posts
        where = [created >= start, created < end]
    else:
        created = post_topics.c.created_at
        source = post_topics.join(posts, posts.c.id == post_topics.c.post_id)
        where = [post_topics.c.topic_id == topic_id, created >= start, created < end]
    hour = _hour(connection, created).label("hour")
    negative = func.sum(cast(label == "negative", Integer))
    query = (
        select(hour, func.count(label), func.coalesce(negative, 0))
        .select_from(source)
        .where(*where)
        .group_by(hour)
    )
    return {str(h): (int(n), int(neg)) for h, n, neg in connection.execute(query)}
