"""`parley inbox ...`, `parley rota ...` and `parley sla ...`: the team inbox from a terminal,
for scripts and support staff. Errors are one clear line and exit status 1; stored text
(posts, names) is hostile and printed through `render.clean`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click
from sqlalchemy import Connection

from parley.act import inbox, replies, rota, sla, surge
from parley.act.rota import RotaError
from parley.clitools import ID, json_option, store_opener
from parley.incidents import render
from parley.incidents.cli import _print_json, _when  # one way to print JSON and read times
from parley.store import inbox as store
from parley.store.inbox import PRIORITIES, STATUSES, InboxError
from parley.store.users import User

_ID = ID
_json = json_option


_store = store_opener(InboxError, RotaError, sla.SlaError, refusal=click.ClickException)


# -- inbox ------------------------------------------------------------------------------------


@click.group(name="inbox")
def inbox_group() -> None:
    """The team inbox: conversations with customers."""


@inbox_group.command(name="list")
@click.option("--status", type=click.Choice(STATUSES), help="Only conversations in this status.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@_json
def inbox_list(status: str | None, limit: int, as_json: bool) -> None:
    """Conversations, the latest activity first."""
    with _store() as connection:
        rows = store.list_conversations(connection, status=status, limit=limit)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        click.echo("no conversations")
    for c in rows:
        who = render.clean(c["customer_handle"] or c["customer_native_id"])
        flags = " ROTA GAP" if c["rota_gap"] else ""
        click.echo(
            f"#{c['id']}  {render.when(c['last_message_at'])}  {c['status']:<8} "
            f"{c['priority']:<7} {'dm' if c['private'] else 'public':<6} {c['platform']}:{who}  "
            f"{c['assignee'] or '(unassigned)'}  {render.clean(c['subject'])[:80]}{flags}"
        )


@inbox_group.command(name="show")
@click.argument("conversation_id", type=_ID)
@click.option("--full", is_flag=True, help="Print long messages whole instead of cut.")
@_json
def inbox_show(conversation_id: int, full: bool, as_json: bool) -> None:
    """One conversation: who, status, triage, its messages and notes."""
    with _store() as connection:
        conversation = store.get_conversation(connection, conversation_id)
        conversation["messages"] = store.messages(connection, conversation_id, full=full)
        conversation["notes"] = store.notes(connection, conversation_id)
    if as_json:
        _print_json(conversation)
        return
    c = conversation
    customer = render.clean(c["customer_name"] or c["customer_handle"] or c["customer_native_id"])
    lines = [
        f"conversation #{c['id']} ({'private' if c['private'] else 'public'}, {c['platform']}) "
        f"with {customer}",
        f"  status {c['status']}, priority {c['priority']}, assignee "
        f"{c['assignee'] or '(unassigned)'}; SLA {c['sla_state']}",
        f"  intent {c['intent'] or '-'}, reason {c['reason'] or '-'}, urgency "
        f"{c['urgency'] or '-'}, sentiment {c['sentiment'] or '-'}, language {c['lang'] or '-'}",
        f"  tags: {', '.join(render.clean(t) for t in c['tags']) or '-'}",
        f"  routing: {render.clean(c['routing'] or '-')}"
        + ("  [ROTA GAP]" if c["rota_gap"] else ""),
        "",
    ]
    for m in c["messages"]:
        who = (
            "us" if m["direction"] == "out" else render.clean(m["handle"] or m["author_native_id"])
        )
        text = render.clean(m["text"] or "", keep_newlines=True).replace("\n", "\n    ")
        lines.append(f"  {render.when(m['created_at'])}  {who}:")
        lines.append(f"    {text}")
        if m["truncated"]:
            lines.append(f"    ... cut at {store.SHOWN_CHARS} of {m['length']} characters "
                         "(--full shows all)")  # fmt: skip
    for n in c["notes"]:
        lines.append(f"  note by {render.clean(n['author'])} at {render.when(n['created_at'])}: "
                     f"{render.clean(n['text'])}")  # fmt: skip
    click.echo("\n".join(lines))


def _user(connection: Connection, username: str) -> User:
    """The named user as they are now (the CLI acts as them, checked like the web app)."""
    from parley.store.users import UserError, find_user

    try:
        row = find_user(connection, username)
    except UserError as exc:
        raise InboxError(str(exc)) from None
    if row["disabled"]:
        raise InboxError(f"{username} is disabled")
    return User(id=row["id"], username=row["username"], display_name=row["display_name"],
                role=row["role"])  # fmt: skip


_by = click.option("--by", "by", required=True, help="The username acting (their role counts).")


@inbox_group.command(name="status")
@click.argument("conversation_id", type=_ID)
@click.argument("status", type=click.Choice(STATUSES))
@_by
def inbox_status(conversation_id: int, status: str, by: str) -> None:
    """Set a conversation's status (resolved, pending: waiting on the customer...)."""
    with _store(write=True) as connection:
        inbox.change(connection, conversation_id, actor=_user(connection, by), status=status)
    click.echo(f"conversation #{conversation_id} is {status}")


@inbox_group.command(name="assign")
@click.argument("conversation_id", type=_ID)
@click.argument("username")
@_by
def inbox_assign(conversation_id: int, username: str, by: str) -> None:
    """Assign a conversation to USERNAME ('-' to unassign)."""
    with _store(write=True) as connection:
        assignee = None if username == "-" else _user(connection, username).id
        inbox.change(connection, conversation_id, actor=_user(connection, by), assignee_id=assignee)
    click.echo(f"conversation #{conversation_id} assigned to {username}")


@inbox_group.command(name="reply")
@click.argument("conversation_id", type=_ID)
@click.argument("text", required=False)
@click.option("--canned", help="Use this canned reply (in the conversation's language).")
@_by
def inbox_reply(conversation_id: int, text: str | None, canned: str | None, by: str) -> None:
    """Reply to a conversation: queued for the outbox, or held for a manager's approval."""
    with _store(write=True) as connection:
        author = _user(connection, by)
        if canned:
            text = replies.render_canned(connection, canned, conversation_id, author)
        if not text:
            raise InboxError("give the reply's TEXT or --canned NAME")
        reply = replies.write_reply(connection, conversation_id, author=author, text=text)
    if reply["state"] == "awaiting_approval":
        click.echo(f"reply #{reply['id']} waits for a manager: {reply['approval_reason']}")
    else:
        click.echo(f"reply #{reply['id']} queued")


def _decide(reply_id: int, by: str, approve: bool) -> None:
    with _store(write=True) as connection:
        reply = replies.decide(
            connection, reply_id, approver=_user(connection, by), approve=approve
        )
    click.echo(f"reply #{reply_id} {'approved: queued' if approve else 'refused'} "
               f"by {reply['decided_by']}")  # fmt: skip


@inbox_group.command(name="approve")
@click.argument("reply_id", type=_ID)
@_by
def inbox_approve(reply_id: int, by: str) -> None:
    """Approve a reply waiting for approval (needs the manager role, as it is now)."""
    _decide(reply_id, by, True)


@inbox_group.command(name="refuse")
@click.argument("reply_id", type=_ID)
@_by
def inbox_refuse(reply_id: int, by: str) -> None:
    """Refuse a reply waiting for approval: it is not sent."""
    _decide(reply_id, by, False)


@inbox_group.command(name="send")
def inbox_send() -> None:
    """Publish the queued replies once (what `parley serve` does every few seconds)."""
    from parley.act.publish import SimulatorPublisher
    from parley.act.replies import ReplyOutbox
    from parley.cli import _engine, _settings

    settings = _settings()
    engine = _engine(settings)
    try:
        report = ReplyOutbox(engine, settings, [SimulatorPublisher(engine)]).run_once()
    finally:
        engine.dispose()
    for line in report.lines:
        click.echo(line)
    click.echo(f"{report.sent} sent, {report.retrying} retrying, {report.failed} failed")


@inbox_group.command(name="canned")
@click.argument("name")
@click.option("--lang", required=True, help="The language of this version (en, it, zh...).")
@click.option("--text", required=True,
              help="The text; {customer_name}, {case_number}, {agent_name} are filled in.")  # fmt: skip
def inbox_canned(name: str, lang: str, text: str) -> None:
    """Save a canned reply (one text per name and language)."""
    with _store(write=True) as connection:
        replies.save_canned(connection, name=name, lang=lang, text=text)
    click.echo(f"saved canned reply {name!r} ({lang})")


@inbox_group.command(name="rule")
@click.argument("kind", type=click.Choice(replies.RULE_KINDS))
@click.argument("value", required=False, default="")
def inbox_rule(kind: str, value: str) -> None:
    """Add an approval rule: keyword WORD, incident, or role ROLE."""
    with _store(write=True) as connection:
        rule_id = replies.add_rule(connection, kind=kind, value=value)
    click.echo(f"added approval rule #{rule_id}")


@inbox_group.group(name="surge")
def inbox_surge() -> None:
    """Surge mode: more agents (the surge pool), simpler rules (least loaded, any language)."""


@inbox_surge.command(name="on")
@click.option("--reason", required=True, help="Why (shown on the banner and the notification).")
@click.option("--incident", "incident_id", type=_ID, help="The incident it is switched on from.")
@click.option("--alert", "alert_id", type=_ID, help="The alert it is switched on from.")
@click.option("--max-hours", type=click.IntRange(1, surge.MAX_HOURS),
              default=surge.DEFAULT_MAX_HOURS, show_default=True,
              help="Warn once it has been on this long (it never ends by itself).")  # fmt: skip
@_by
def inbox_surge_on(reason: str, incident_id: int | None, alert_id: int | None, max_hours: int,
                   by: str) -> None:  # fmt: skip
    """Switch surge mode on (a manager): new conversations go to the surge pool."""
    with _store(write=True) as connection:
        surge.start(connection, actor=_user(connection, by), reason=reason,
                    incident_id=incident_id, alert_id=alert_id, max_hours=max_hours)  # fmt: skip
        banner = surge.status(connection)
    assert banner is not None
    click.echo(render.clean(banner["text"]))


@inbox_surge.command(name="off")
@_by
def inbox_surge_off(by: str) -> None:
    """Switch surge mode off (a manager): assignment follows the rota again."""
    with _store(write=True) as connection:
        ended = surge.end(connection, actor=_user(connection, by))
    click.echo(f"surge mode off after {surge.hours_on(ended, ended.ended_at or datetime.now(UTC)):g}"
               f" hours (surge #{ended.id})")  # fmt: skip


@inbox_surge.command(name="status")
@_json
def inbox_surge_status(as_json: bool) -> None:
    """Whether surge mode is on, since when, by whom, the extra agents, any warning."""
    with _store() as connection:
        banner = surge.status(connection)
    if as_json:
        _print_json(None if banner is None else {
            **{k: v for k, v in banner.items() if k != "surge"},
            "surge": banner["surge"].__dict__,
        })  # fmt: skip
        return
    if banner is None:
        click.echo("surge mode is off")
        return
    click.echo(render.clean(banner["text"]))
    click.echo(f"  reason: {render.clean(banner['reason'])}")
    if banner["extra"]:
        click.echo("  extra agents: " + ", ".join(banner["extra"]))
    if banner["warning"]:
        click.echo(f"  WARNING: {banner['warning']}")


# -- rota -------------------------------------------------------------------------------------


@click.group(name="rota")
def rota_group() -> None:
    """Who answers the inbox when: shifts, absences, holidays, assignment."""


def _duty(d: rota.OnDuty) -> str:
    away = "" if d.available else ", away"
    return f"{d.username} (until {render.when(d.until)}, {d.why}{away})"


@rota_group.command(name="show")
@click.option("--at", "at_", help="At this time instead of now (RFC 3339).")
@_json
def rota_show(at_: str | None, as_json: bool) -> None:
    """Who is on duty now, and who comes on next."""
    moment = _when(at_, "--at") or datetime.now(UTC)
    with _store() as connection:
        r = rota.Rota.load(connection)
        now_on = r.on_duty(moment)
        coming = r.next_on_duty(moment)
        gaps = rota.gaps(connection)
        shifts = r.shifts
    if as_json:
        _print_json({
            "at": moment,
            "on_duty": [d.__dict__ for d in now_on],
            "next": None if coming is None else {"at": coming[0],
                                                 "agents": [d.__dict__ for d in coming[1]]},
            "shifts": [s.describe() for s in shifts],
            "rota_gaps": gaps,
        })  # fmt: skip
        return
    click.echo(f"at {render.when(moment)}:")
    if now_on:
        click.echo("  on duty: " + "; ".join(_duty(d) for d in now_on))
    else:
        click.echo("  on duty: NOBODY (new conversations go to the fallback or the queue)")
    if coming is None:
        click.echo(f"  next: nobody in the next {rota.HORIZON.days} days")
    else:
        click.echo(f"  next: {render.when(coming[0])}: " + "; ".join(_duty(d) for d in coming[1]))
    if gaps:
        click.echo(f"  {gaps} open conversation(s) arrived while nobody was on duty")
    for s in shifts:
        click.echo(f"  {s.describe()}")


@rota_group.command(name="add-shift")
@click.argument("username")
@click.option("--days", required=True, help="mon-fri, sat,sun, daily...")
@click.option("--starts", required=True, help="Local start, HH:MM.")
@click.option("--ends", required=True, help="Local end, HH:MM (24:00 for midnight).")
@click.option("--tz", required=True, help="The agent's time zone, e.g. Europe/Rome.")
@click.option("--overnight", is_flag=True, help="The shift ends the next day.")
@click.option("--valid-from", help="First day (YYYY-MM-DD).")
@click.option("--valid-until", help="Last day (YYYY-MM-DD).")
def rota_add_shift(username: str, days: str, starts: str, ends: str, tz: str, overnight: bool,
                   valid_from: str | None, valid_until: str | None) -> None:  # fmt: skip
    """A weekly shift for USERNAME (two on one day make a split shift)."""
    with _store(write=True) as connection:
        shift = rota.add_shift(
            connection, username=username, days=days, starts=starts, ends=ends, tz=tz,
            overnight=overnight, valid_from=valid_from, valid_until=valid_until,
        )  # fmt: skip
    click.echo(f"added {shift.describe()}")


@rota_group.command(name="remove-shift")
@click.argument("shift_id", type=_ID)
def rota_remove_shift(shift_id: int) -> None:
    """Remove a shift."""
    with _store(write=True) as connection:
        rota.remove_shift(connection, shift_id)
    click.echo(f"removed shift #{shift_id}")


@rota_group.command(name="exception")
@click.argument("kind", type=click.Choice(rota.EXCEPTION_KINDS))
@click.option("--user", "username", help="Whose absence or extra shift.")
@click.option("--cover", help="Who covers an absence.")
@click.option("--from", "starts", required=True, help="Start (RFC 3339).")
@click.option("--until", "ends", required=True, help="End (RFC 3339).")
@click.option("--note", help="Why (shown on the rota).")
def rota_exception(kind: str, username: str | None, cover: str | None, starts: str, ends: str,
                   note: str | None) -> None:  # fmt: skip
    """A one-off change: an absence (with cover), an extra shift, or a holiday for everyone."""
    with _store(write=True) as connection:
        exception_id = rota.add_exception(
            connection, kind=kind, username=username, cover=cover, note=note,
            starts_at=_when(starts, "--from"), ends_at=_when(ends, "--until"),  # type: ignore[arg-type]
        )  # fmt: skip
    click.echo(f"added {kind} #{exception_id}")


@rota_group.command(name="presence")
@click.argument("username")
@click.option("--available/--away", default=None, help="Take new conversations or not.")
@click.option("--languages", help="Comma list of language codes the agent answers in.")
@click.option("--team", help="The agent's team (for the SLA report).")
@click.option("--surge-pool/--no-surge-pool", default=None,
              help="Called in during a surge, even off shift.")  # fmt: skip
@click.option("--skills", help="Comma list of the reasons the agent is skilled in, e.g. billing.")
def rota_presence(username: str, available: bool | None, languages: str | None,
                  team: str | None, surge_pool: bool | None, skills: str | None) -> None:  # fmt: skip
    """An agent's presence (available or away), languages, team, surge pool and skills."""
    with _store(write=True) as connection:
        now = rota.set_presence(connection, username=username, available=available,
                                languages=languages, team=team, surge_pool=surge_pool,
                                skills=skills)  # fmt: skip
    click.echo(f"{username}: {'available' if now['available'] else 'away'}, languages "
               f"{','.join(now['languages']) or 'any'}, team {now['team'] or '-'}"
               f"{', in the surge pool' if now['surge_pool'] else ''}, skills "
               f"{','.join(now['skills']) or 'any'}")  # fmt: skip


@rota_group.command(name="assignment")
@click.option("--strategy", type=click.Choice(rota.STRATEGIES), help="How to pick the agent.")
@click.option("--by-language/--any-language", default=None, help="Prefer agents who speak it.")
@click.option("--by-skill/--any-skill", default=None,
              help="Prefer agents skilled in the conversation's reason.")  # fmt: skip
@click.option("--fallback", help="Who gets conversations when nobody is on duty ('' for none).")
def rota_assignment(strategy: str | None, by_language: bool | None, by_skill: bool | None,
                    fallback: str | None) -> None:  # fmt: skip
    """Show or change how new conversations are assigned."""
    with _store(write=True) as connection:
        now = rota.set_assignment(connection, strategy=strategy, by_language=by_language,
                                  by_skill=by_skill, fallback=fallback)  # fmt: skip
    click.echo(f"strategy {now.strategy}, by language {'yes' if now.by_language else 'no'}, "
               f"by skill {'yes' if now.by_skill else 'no'}, "
               f"fallback {now.fallback or '(the unassigned queue)'}")  # fmt: skip


# -- sla --------------------------------------------------------------------------------------


@click.group(name="sla")
def sla_group() -> None:
    """SLA policies, business hours, the watch and the report."""


@sla_group.command(name="set")
@click.argument("priority", type=click.Choice(PRIORITIES))
@click.option("--first-response", type=int, help="Minutes to the first response.")
@click.option("--next-response", type=int, help="Minutes to each next response.")
@click.option("--resolution", type=int, help="Minutes to resolution.")
@click.option("--clock", type=click.Choice(sla.CLOCKS), default="calendar", show_default=True,
              help="Which minutes count: all, business hours, or while someone is on duty.")  # fmt: skip
@click.option("--warn-percent", type=int, default=80, show_default=True,
              help="Warn when this share of a target has passed.")  # fmt: skip
def sla_set(priority: str, first_response: int | None, next_response: int | None,
            resolution: int | None, clock: str, warn_percent: int) -> None:  # fmt: skip
    """The SLA policy of one priority."""
    with _store(write=True) as connection:
        policy = sla.set_policy(
            connection, priority=priority, first_response_minutes=first_response,
            next_response_minutes=next_response, resolution_minutes=resolution, clock=clock,
            warn_percent=warn_percent,
        )  # fmt: skip
    click.echo(f"{priority}: first response {policy.first_response_minutes or '-'} min, next "
               f"{policy.next_response_minutes or '-'} min, resolution "
               f"{policy.resolution_minutes or '-'} min, {policy.clock} clock")  # fmt: skip


@sla_group.command(name="hours")
@click.option("--tz", required=True, help="Time zone of the business hours.")
@click.option("--days", required=True, help="mon-fri, ...")
@click.option("--starts", required=True, help="HH:MM")
@click.option("--ends", required=True, help="HH:MM")
def sla_hours(tz: str, days: str, starts: str, ends: str) -> None:
    """The business hours the `business` clock counts (rota holidays do not count)."""
    with _store(write=True) as connection:
        sla.set_business_hours(connection, tz=tz, days=days, starts=starts, ends=ends)
    click.echo(f"business hours {days} {starts}-{ends} {tz}")


@sla_group.command(name="check")
def sla_check() -> None:
    """Run the SLA watch once: due times, warnings, breaches, outcomes."""
    from parley.cli import _engine, _settings

    engine = _engine(_settings())
    try:
        done = sla.SlaWatch(engine).run_once()
    finally:
        engine.dispose()
    click.echo(f"{done.due_set} due times set, {done.warnings} warnings, {done.breaches} "
               f"breaches, {done.outcomes} outcomes recorded")  # fmt: skip


@sla_group.command(name="report")
@click.option("--since", help="Only outcomes at or after this time (RFC 3339 or a date).")
@_json
def sla_report(since: str | None, as_json: bool) -> None:
    """% of SLA targets met and the median first response, overall, per agent, per team."""
    with _store() as connection:
        result = sla.report(connection, since=_when(since, "--since"))
    if as_json:
        _print_json(result)
        return

    def line(name: str, part: dict[str, Any]) -> str:
        cells = []
        for target in sla.TARGETS:
            t = part[target]
            met = "-" if t["met_percent"] is None else f"{t['met_percent']}%"
            cells.append(f"{target.replace('_', ' ')} {met} of {t['counted']}")
        median = part["median_first_response_minutes"]
        return (f"{name:<20} " + ", ".join(cells)
                + f"; median first response {'-' if median is None else f'{median} min'}")  # fmt: skip

    click.echo(line("overall", result["overall"]))
    for name, part in result["agents"].items():
        click.echo(line(f"agent {render.clean(name)}", part))
    for name, part in result["teams"].items():
        click.echo(line(f"team {render.clean(name)}", part))


COMMANDS = [inbox_group, rota_group, sla_group]


def register(main: click.Group) -> None:
    """Add the groups to the `parley` command (one line in parley/cli.py)."""
    for group in COMMANDS:
        main.add_command(group)
