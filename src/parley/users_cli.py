"""`parley users` and `parley tokens`: accounts and API tokens from the command line
(docs/cli.md). Passwords and tokens are printed once and stored only as hashes."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from parley.store.users import ROLES, SCOPES, UserError


def _engine() -> Any:
    from parley.cli import _engine as engine
    from parley.cli import _settings

    return engine(_settings())


def _password(from_stdin: bool) -> str | None:
    if not from_stdin:
        return None
    value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        raise click.ClickException("no password on standard input")
    return value


def _fail(exc: UserError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group()
def users() -> None:
    """Accounts that sign in to the web app (roles: analyst, agent, manager, admin)."""


@users.command(name="create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option("--name", "display_name", help="The name shown in the app (default: USERNAME).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input instead of "
    "generating one."
)  # fmt: skip
def users_create(username: str, role: str, display_name: str | None, password_stdin: bool) -> None:
    """Create USERNAME; prints the generated password once."""
    from parley.store import audit
    from parley.store.users import create_user

    try:
        with _engine().begin() as connection:
            user, password = create_user(
                connection, username=username, role=role, display_name=display_name,
                password=_password(password_stdin),
            )  # fmt: skip
            audit.record(connection, actor="cli", action="user.create", target=f"user:{user.id}",
                         detail={"username": user.username, "role": role})  # fmt: skip
    except UserError as exc:
        raise _fail(exc) from None
    click.echo(f"created {user.username} ({user.role})")
    if not password_stdin:
        click.echo(f"password: {password}")


@users.command(name="reset-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
def users_reset_password(username: str, password_stdin: bool) -> None:
    """A new password for USERNAME (printed once); unlocks it and ends its sessions."""
    from parley.store import audit
    from parley.store.users import find_user, reset_password

    try:
        with _engine().begin() as connection:
            found = find_user(connection, username)
            password = reset_password(
                connection, username=username, password=_password(password_stdin)
            )
            audit.record(connection, actor="cli", action="user.reset_password",
                         target=f"user:{found['id']}", detail={"username": found["username"]})  # fmt: skip
    except UserError as exc:
        raise _fail(exc) from None
    click.echo(f"password of {found['username']} reset; its sessions were ended")
    if not password_stdin:
        click.echo(f"password: {password}")


@users.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def users_list(as_json: bool) -> None:
    """Every account with its role and state."""
    from parley.store.users import list_users

    with _engine().connect() as connection:
        rows = list_users(connection)
    if as_json:
        click.echo(json.dumps(rows, default=str, ensure_ascii=False, indent=2))
        return
    for r in rows:
        state = "disabled" if r["disabled"] else ("locked" if r["locked_until"] else "active")
        click.echo(f"{r['username']:<20} {r['role']:<8} {state:<8} {r['display_name']}")


@users.command(name="role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
def users_role(username: str, role: str) -> None:
    """Give USERNAME another ROLE."""
    from parley.store import audit
    from parley.store.users import set_role

    try:
        with _engine().begin() as connection:
            changed = set_role(connection, username=username, role=role)
            audit.record(connection, actor="cli", action="user.role", target=f"user:{changed['id']}",
                         detail={"username": changed["username"], "to": role})  # fmt: skip
    except UserError as exc:
        raise _fail(exc) from None
    click.echo(f"{changed['username']} is now {role}")


@users.command(name="disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Enable the account again instead.")
def users_disable(username: str, enable: bool) -> None:
    """Disable USERNAME (ends its sessions; its API tokens stop working)."""
    from parley.store import audit
    from parley.store.users import set_disabled

    try:
        with _engine().begin() as connection:
            changed = set_disabled(connection, username=username, disabled=not enable)
            audit.record(connection, actor="cli", action="user.enable" if enable else "user.disable",
                         target=f"user:{changed['id']}", detail={"username": changed["username"]})  # fmt: skip
    except UserError as exc:
        raise _fail(exc) from None
    click.echo(f"{changed['username']} {'enabled' if enable else 'disabled'}")


@click.group()
def tokens() -> None:
    """API tokens for /api/v1 (scopes: read, write, admin)."""


@tokens.command(name="create")
@click.argument("username")
@click.option("--name", required=True, help="What the token is for.")
@click.option(
    "--scope", "scopes", multiple=True, type=click.Choice(SCOPES), default=("read",),
    show_default=True, help="Repeat for several.",
)  # fmt: skip
def tokens_create(username: str, name: str, scopes: tuple[str, ...]) -> None:
    """A new API token for USERNAME, printed once."""
    from parley.store import audit
    from parley.store.users import create_token

    try:
        with _engine().begin() as connection:
            row, secret = create_token(connection, username=username, name=name, scopes=scopes)
            audit.record(connection, actor="cli", action="token.create", target=f"token:{row['id']}",
                         detail={"name": row["name"], "scopes": row["scopes"]})  # fmt: skip
    except UserError as exc:
        raise _fail(exc) from None
    click.echo(f"token {row['id']} for {username} ({row['scopes']}):")
    click.echo(secret)


@tokens.command(name="list")
@click.option("--user", "username", help="Only this user's tokens.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def tokens_list(username: str | None, as_json: bool) -> None:
    """API tokens (never their secrets)."""
    from parley.store.users import list_tokens

    with _engine().connect() as connection:
        rows = list_tokens(connection, username=username)
    if as_json:
        click.echo(json.dumps(rows, default=str, ensure_ascii=False, indent=2))
        return
    for r in rows:
        state = "revoked" if r["revoked_at"] else "active"
        click.echo(f"{r['id']:>5} {r['username']:<16} {r['prefix']}…  {r['scopes']:<18} "
                   f"{state:<8} {r['name']}")  # fmt: skip


@tokens.command(name="revoke")
@click.argument("token_id", type=int)
def tokens_revoke(token_id: int) -> None:
    """Revoke API token TOKEN_ID: it stops working at once."""
    from parley.store import audit
    from parley.store.users import revoke_token

    try:
        with _engine().begin() as connection:
            row = revoke_token(connection, token_id)
            audit.record(connection, actor="cli", action="token.revoke", target=f"token:{token_id}",
                         detail={"name": row["name"]})  # fmt: skip
    except UserError as exc:
        raise _fail(exc) from None
    click.echo(f"token {token_id} revoked")


COMMANDS = (users, tokens)
