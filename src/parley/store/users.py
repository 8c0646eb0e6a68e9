"""People who sign in: accounts with Argon2 password hashes and roles, browser sessions and API
tokens (docs/web.md). Every function takes the caller's connection, so a change and its audit
row share one transaction.

Secrets are never stored: a session cookie or an API token is a 256-bit random string of which
only the SHA-256 is kept (fast to look up, and a copy of the database signs nobody in).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from parley.store.tables import api_tokens, sessions, users

ROLES = ("analyst", "agent", "manager", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES)}
SCOPES = ("read", "write", "admin")

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024
MAX_NAME_CHARS = 200
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
# Five wrong passwords in a row lock an account for a quarter of an hour.
MAX_FAILED_LOGINS = 5
LOCK_FOR = timedelta(minutes=15)
# A session ends after 12 idle hours, and after 7 days whatever happens.
SESSION_IDLE = timedelta(hours=12)
SESSION_MAX = timedelta(days=7)
TOKEN_PREFIX = "pt_"

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs as long as a wrong
# password and the timing does not tell which names exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class UserError(ValueError):
    """A request about users that cannot be carried out; the message says why."""


class SignInError(Exception):
    """Wrong username or password, a disabled account, or a locked one."""

    def __init__(self, message: str, *, locked_until: datetime | None = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


@dataclass(frozen=True)
class User:
    """The signed-in person, as the web app and the audit log see them."""

    id: int
    username: str
    display_name: str
    role: str

    def can(self, role: str) -> bool:
        """Whether this user's role is `role` or above."""
        return RANK[self.role] >= RANK[role]

    def __str__(self) -> str:
        return self.username


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def check_username(value: object) -> str:
    if not isinstance(value, str) or not USERNAME.fullmatch(value.strip().lower()):
        raise UserError(
            "a username is 1 to 64 characters: lower-case letters, digits, '.', '_' or '-', "
            f"starting with a letter or digit (got {str(value)[:80]!r})"
        )
    return value.strip().lower()


def check_role(value: object) -> str:
    if value not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, got {str(value)[:40]!r}")
    return str(value)


def check_password(value: object) -> str:
    if not isinstance(value, str) or len(value) < MIN_PASSWORD_CHARS:
        raise UserError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    if len(value) > MAX_PASSWORD_CHARS:
        raise UserError(f"a password has at most {MAX_PASSWORD_CHARS} characters")
    if any(ord(c) < 32 or 0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise UserError("a password cannot contain control characters or lone surrogates")
    return value


def _check_display_name(value: str | None, username: str) -> str:
    name = (value or username).strip()
    if not name or len(name) > MAX_NAME_CHARS or any(ord(c) < 32 for c in name):
        raise UserError(
            f"a display name is 1 to {MAX_NAME_CHARS} characters without control characters"
        )
    return name


def generate_password() -> str:
    """A random password to hand to a new user (20 URL-safe characters, about 120 bits)."""
    return secrets.token_urlsafe(15)


def _user(row: Any) -> User:
    return User(id=row.id, username=row.username, display_name=row.display_name, role=row.role)


def create_user(
    connection: Connection,
    *,
    username: str,
    role: str,
    password: str | None = None,
    display_name: str | None = None,
    now: datetime | None = None,
) -> tuple[User, str]:
    """A new account; returns it with its password (generated when none is given)."""
    username = check_username(username)
    role = check_role(role)
    password = check_password(password) if password is not None else generate_password()
    name = _check_display_name(display_name, username)
    exists = connection.execute(select(users.c.id).where(users.c.username == username)).first()
    if exists:
        raise UserError(f"a user named {username!r} exists already")
    stamp = _now(now)
    user_id = connection.execute(
        insert(users).values(
            username=username,
            display_name=name,
            role=role,
            password_hash=_hasher.hash(password),
            disabled=False,
            failed_logins=0,
            created_at=stamp,
            password_changed_at=stamp,
        )
    ).inserted_primary_key[0]
    return User(id=int(user_id), username=username, display_name=name, role=role), password


def find_user(connection: Connection, username: str) -> dict[str, Any]:
    row = connection.execute(
        select(users).where(users.c.username == str(username).strip().lower())
    ).first()
    if row is None:
        raise UserError(f"no user named {str(username)[:80]!r}")
    return dict(row._mapping)


def get_user(connection: Connection, user_id: int) -> User | None:
    """The user with this id as they are now, or None when gone or disabled."""
    row = connection.execute(
        select(users).where(users.c.id == user_id, users.c.disabled.is_(False))
    ).first()
    return _user(row) if row else None


def current_role(connection: Connection, user_id: int) -> str | None:
    """The role the user holds right now (None when gone or disabled): checked again at the
    moment of an approval, so a role taken away in the meantime counts."""
    user = get_user(connection, user_id)
    return user.role if user else None


def count_users(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(users)).scalar() or 0)


def list_users(connection: Connection) -> list[dict[str, Any]]:
    rows = connection.execute(select(users).order_by(users.c.username))
    return [{k: v for k, v in row._mapping.items() if k != "password_hash"} for row in rows]


def set_role(connection: Connection, *, username: str, role: str) -> dict[str, Any]:
    found = find_user(connection, username)
    role = check_role(role)
    if found["role"] == "admin" and role != "admin":
        _keep_an_admin(connection, found["id"])
    connection.execute(update(users).where(users.c.id == found["id"]).values(role=role))
    return {**found, "role": role}


def _keep_an_admin(connection: Connection, leaving_id: int) -> None:
    others = connection.execute(
        select(func.count())
        .select_from(users)
        .where(users.c.role == "admin", users.c.disabled.is_(False), users.c.id != leaving_id)
    ).scalar()
    if not others:
        raise UserError("this is the last active admin: make another admin first")


def set_disabled(connection: Connection, *, username: str, disabled: bool) -> dict[str, Any]:
    """Disabling ends the user's sessions and stops their API tokens from working."""
    found = find_user(connection, username)
    if disabled and found["role"] == "admin":
        _keep_an_admin(connection, found["id"])
    connection.execute(update(users).where(users.c.id == found["id"]).values(disabled=disabled))
    if disabled:
        connection.execute(delete(sessions).where(sessions.c.user_id == found["id"]))
    return {**found, "disabled": disabled}


def reset_password(
    connection: Connection,
    *,
    username: str,
    password: str | None = None,
    now: datetime | None = None,
) -> str:
    """A new password (generated when none is given); unlocks the account and signs it out
    everywhere. Returns the password."""
    found = find_user(connection, username)
    password = check_password(password) if password is not None else generate_password()
    connection.execute(
        update(users)
        .where(users.c.id == found["id"])
        .values(
            password_hash=_hasher.hash(password),
            failed_logins=0,
            locked_until=None,
            password_changed_at=_now(now),
        )
    )
    connection.execute(delete(sessions).where(sessions.c.user_id == found["id"]))
    return password


def authenticate(
    connection: Connection, *, username: str, password: str, now: datetime | None = None
) -> User:
    """The user whose password this is, or SignInError. Counts failures and locks the account
    after MAX_FAILED_LOGINS in a row for LOCK_FOR."""
    stamp = _now(now)
    name = str(username or "").strip().lower()[:64]
    row = connection.execute(select(users).where(users.c.username == name)).first()
    if row is None or row.disabled:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, str(password or "")[:MAX_PASSWORD_CHARS])
        raise SignInError("wrong username or password")
    if row.locked_until is not None and row.locked_until > stamp:
        raise SignInError(
            f"this account is locked until {row.locked_until:%H:%M} UTC after "
            f"{MAX_FAILED_LOGINS} wrong passwords; an admin can unlock it with a password reset",
            locked_until=row.locked_until,
        )
    try:
        ok = _hasher.verify(row.password_hash, str(password or "")[:MAX_PASSWORD_CHARS])
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        failed = row.failed_logins + 1
        locked = stamp + LOCK_FOR if failed >= MAX_FAILED_LOGINS else None
        connection.execute(
            update(users)
            .where(users.c.id == row.id)
            .values(failed_logins=0 if locked else failed, locked_until=locked)
        )
        if locked:
            raise SignInError(
                f"wrong password; the account is now locked until {locked:%H:%M} UTC",
                locked_until=locked,
            )
        raise SignInError("wrong username or password")
    values: dict[str, Any] = {"failed_logins": 0, "locked_until": None, "last_login_at": stamp}
    if _hasher.check_needs_rehash(row.password_hash):
        values["password_hash"] = _hasher.hash(password)
    connection.execute(update(users).where(users.c.id == row.id).values(**values))
    return _user(row)


def ensure_first_admin(engine: Engine) -> tuple[str, str] | None:
    """On a store with no users, create `admin` with a random password and return
    (username, password) to print once; None when users exist already."""
    with engine.begin() as connection:
        if count_users(connection):
            return None
        user, password = create_user(
            connection, username="admin", role="admin", display_name="Administrator"
        )
        return user.username, password


# --- sessions -------------------------------------------------------------------------------


def start_session(
    connection: Connection, user: User, *, now: datetime | None = None
) -> tuple[str, str]:
    """A new session for `user`: returns (cookie token, CSRF token)."""
    stamp = _now(now)
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    connection.execute(
        insert(sessions).values(
            token_hash=digest(token),
            user_id=user.id,
            csrf=csrf,
            created_at=stamp,
            last_seen_at=stamp,
            expires_at=stamp + SESSION_MAX,
        )
    )
    return token, csrf


def session_user(
    connection: Connection, token: str, *, now: datetime | None = None
) -> tuple[User, str] | None:
    """The user and CSRF token of a live session, or None (unknown, idle too long, expired,
    user disabled). Notes the visit at most once a minute, to keep reads cheap."""
    if not token or len(token) > 100:
        return None
    stamp = _now(now)
    row = connection.execute(
        select(sessions, users.c.username, users.c.display_name, users.c.role)
        .join(users, users.c.id == sessions.c.user_id)
        .where(sessions.c.token_hash == digest(token), users.c.disabled.is_(False))
    ).first()
    if row is None:
        return None
    if row.expires_at <= stamp or row.last_seen_at + SESSION_IDLE <= stamp:
        connection.execute(delete(sessions).where(sessions.c.token_hash == row.token_hash))
        return None
    if stamp - row.last_seen_at > timedelta(minutes=1):
        connection.execute(
            update(sessions)
            .where(sessions.c.token_hash == row.token_hash)
            .values(last_seen_at=stamp)
        )
    user = User(id=row.user_id, username=row.username, display_name=row.display_name, role=row.role)
    return user, row.csrf


def end_session(connection: Connection, token: str) -> None:
    connection.execute(delete(sessions).where(sessions.c.token_hash == digest(token)))


# --- API tokens -----------------------------------------------------------------------------


def check_scopes(value: object) -> tuple[str, ...]:
    parts = value.replace(",", " ").split() if isinstance(value, str) else list(value or ())  # type: ignore[call-overload]
    wrong = [p for p in parts if p not in SCOPES]
    if wrong or not parts:
        raise UserError(
            f"scopes are one or more of {', '.join(SCOPES)}; got {' '.join(map(str, parts))[:80]!r}"
        )
    return tuple(s for s in SCOPES if s in parts)


def create_token(
    connection: Connection,
    *,
    username: str,
    name: str,
    scopes: object = ("read",),
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> tuple[dict[str, Any], str]:
    """A new API token for `username`: returns its row and the secret, shown once."""
    found = find_user(connection, username)
    label = (name or "").strip()
    if not label or len(label) > MAX_NAME_CHARS or any(ord(c) < 32 for c in label):
        raise UserError(f"a token name is 1 to {MAX_NAME_CHARS} characters")
    chosen = check_scopes(scopes)
    if "admin" in chosen and found["role"] != "admin":
        raise UserError("only an admin's token can have the admin scope")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    stamp = _now(now)
    values = {
        "user_id": found["id"],
        "name": label,
        "prefix": secret[:10],
        "token_hash": digest(secret),
        "scopes": " ".join(chosen),
        "created_at": stamp,
        "expires_at": expires_at,
    }
    token_id = connection.execute(insert(api_tokens).values(**values)).inserted_primary_key[0]
    row = {k: v for k, v in values.items() if k != "token_hash"}
    return {"id": int(token_id), **row, "username": found["username"]}, secret


def token_user(
    connection: Connection, secret: str, *, now: datetime | None = None
) -> tuple[User, tuple[str, ...]] | None:
    """The user and scopes behind a live API token, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    stamp = _now(now)
    row = connection.execute(
        select(api_tokens, users.c.username, users.c.display_name, users.c.role)
        .join(users, users.c.id == api_tokens.c.user_id)
        .where(
            api_tokens.c.token_hash == digest(secret),
            api_tokens.c.revoked_at.is_(None),
            users.c.disabled.is_(False),
        )
    ).first()
    if row is None or (row.expires_at is not None and row.expires_at <= stamp):
        return None
    if row.last_used_at is None or stamp - row.last_used_at > timedelta(minutes=1):
        connection.execute(
            update(api_tokens).where(api_tokens.c.id == row.id).values(last_used_at=stamp)
        )
    user = User(id=row.user_id, username=row.username, display_name=row.display_name, role=row.role)
    return user, tuple(row.scopes.split())


def list_tokens(connection: Connection, *, username: str | None = None) -> list[dict[str, Any]]:
    query = (
        select(api_tokens, users.c.username)
        .join(users, users.c.id == api_tokens.c.user_id)
        .order_by(api_tokens.c.id)
    )
    if username is not None:
        query = query.where(users.c.username == str(username).strip().lower())
    return [
        {k: v for k, v in row._mapping.items() if k != "token_hash"}
        for row in connection.execute(query)
    ]


def revoke_token(
    connection: Connection, token_id: int, *, user: User | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """Revoke a token; with `user`, only one of that user's own (unless they are an admin)."""
    row = connection.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
    if row is None or (user is not None and not user.can("admin") and row.user_id != user.id):
        raise UserError(f"no API token {token_id}")
    if row.revoked_at is not None:
        raise UserError(f"API token {token_id} was revoked already")
    connection.execute(
        update(api_tokens).where(api_tokens.c.id == token_id).values(revoked_at=_now(now))
    )
    return {k: v for k, v in row._mapping.items() if k != "token_hash"}
