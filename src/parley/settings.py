"""One frozen Settings object, read once and strictly from the environment (PARLEY_*).

Every setting is documented in docs/configuration.md; a test fails when one is not.
A setting may also be given as PARLEY_NAME_FILE (a path whose contents are the value),
which keeps secrets out of the process environment listing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


class SettingsError(ValueError):
    """A PARLEY_* variable has a value Parley cannot use."""


def _raw(env: dict[str, str], name: str) -> str | None:
    key = f"PARLEY_{name.upper()}"
    if key in env:
        return env[key]
    file_key = f"{key}_FILE"
    if file_key in env:
        try:
            return Path(env[file_key]).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SettingsError(
                f"{file_key}: cannot read {env[file_key]!r}: {exc.strerror}"
            ) from exc
    return None


def _int(env: dict[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    value = _raw(env, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(
            f"PARLEY_{name.upper()} must be a whole number, got {value!r}"
        ) from None
    if number < minimum:
        raise SettingsError(f"PARLEY_{name.upper()} must be at least {minimum}, got {number}")
    return number


def _choice(env: dict[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    value = (_raw(env, name) or default).strip().lower()
    if value not in choices:
        raise SettingsError(
            f"PARLEY_{name.upper()} must be one of {', '.join(choices)}, got {value!r}"
        )
    return value


def _csv(env: dict[str, str], name: str) -> tuple[str, ...]:
    value = _raw(env, name)
    if not value:
        return ()
    return tuple(part.strip().lower() for part in value.split(",") if part.strip())


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    value = _raw(env, name)
    if value is None or not value.strip():
        return default
    word = value.strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"PARLEY_{name.upper()} must be true or false, got {value!r}")


def default_enrich_workers() -> int:
    """One enrichment process beside the main one when there is a second core."""
    return 1 if (os.cpu_count() or 1) >= 2 else 0


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'parley.db'}"


@dataclass(frozen=True)
class Settings:
    """Everything Parley reads from its environment. Build with `Settings.from_env()`."""

    data_dir: Path = field(default_factory=lambda: Path("var"))
    database_url: str = ""
    bus_url: str = "memory://"
    bus_queue_size: int = 8
    batch_size: int = 5000
    max_text_chars: int = 200_000
    max_line_bytes: int = 4 * 1024 * 1024
    extra_platforms: tuple[str, ...] = ()
    enrich_workers: int = 0
    languages: tuple[str, ...] = ()
    language_accuracy: str = "low"
    sentiment_model: str = "default"
    shared_data: Path | None = None
    sensitivity: str = "balanced"
    detect: str = "process"
    # Notifications (docs/notifications.md).
    base_url: str = "http://127.0.0.1:8000"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_from: str = ""
    smtp_username: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_starttls: bool = True
    notify_max_attempts: int = 8
    notify_max_age: int = 6 * 3600
    notify_backoff: int = 30
    notify_timeout: int = 10
    notify_poll: int = 5
    # Web sign-in (docs/web.md): `auto` marks the session cookie Secure over HTTPS and on
    # loopback addresses; `true` always.
    cookie_secure: str = "auto"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        known = {f"PARLEY_{f.name.upper()}" for f in fields(cls)}
        known |= {f"{k}_FILE" for k in known}
        # PARLEY_TEST_* belong to the test suite, not to Parley.
        unknown = sorted(
            k
            for k in env
            if k.startswith("PARLEY_") and not k.startswith("PARLEY_TEST_") and k not in known
        )
        if unknown:
            raise SettingsError(
                f"unknown setting(s) {', '.join(unknown)}; see docs/configuration.md for the list"
            )
        data_dir = Path(_raw(env, "data_dir") or "var")
        shared = _raw(env, "shared_data")
        bus_url = _raw(env, "bus_url") or "memory://"
        if not bus_url.startswith("memory://"):
            # The bus contract (parley.bus.base) is ready for NATS JetStream; until that
            # implementation lands, saying nats:// must not silently run in-process.
            raise SettingsError(
                f"PARLEY_BUS_URL {bus_url!r} is not available: this version has only the "
                "in-process bus (memory://)"
            )
        return cls(
            data_dir=data_dir,
            database_url=_raw(env, "database_url") or default_database_url(data_dir),
            bus_url=bus_url,
            bus_queue_size=_int(env, "bus_queue_size", 8, minimum=1),
            batch_size=_int(env, "batch_size", 5000, minimum=1),
            max_text_chars=_int(env, "max_text_chars", 200_000, minimum=1),
            max_line_bytes=_int(env, "max_line_bytes", 4 * 1024 * 1024, minimum=1024),
            extra_platforms=_csv(env, "extra_platforms"),
            enrich_workers=_int(env, "enrich_workers", default_enrich_workers(), minimum=0),
            languages=_csv(env, "languages"),
            sentiment_model=(_raw(env, "sentiment_model") or "default").strip(),
            language_accuracy=_choice(env, "language_accuracy", ("low", "balanced", "high"), "low"),
            shared_data=Path(shared) if shared else None,
            sensitivity=_choice(env, "sensitivity", ("fewer", "balanced", "more"), "balanced"),
            detect=_choice(env, "detect", ("process", "inline", "off"), "process"),
            base_url=(_raw(env, "base_url") or "http://127.0.0.1:8000").strip().rstrip("/"),
            smtp_host=(_raw(env, "smtp_host") or "").strip(),
            smtp_port=_int(env, "smtp_port", 587, minimum=1),
            smtp_from=(_raw(env, "smtp_from") or "").strip(),
            smtp_username=(_raw(env, "smtp_username") or "").strip(),
            smtp_password=_raw(env, "smtp_password") or "",
            smtp_starttls=_bool(env, "smtp_starttls", True),
            notify_max_attempts=_int(env, "notify_max_attempts", 8, minimum=1),
            notify_max_age=_int(env, "notify_max_age", 6 * 3600, minimum=1),
            notify_backoff=_int(env, "notify_backoff", 30, minimum=1),
            notify_timeout=_int(env, "notify_timeout", 10, minimum=1),
            notify_poll=_int(env, "notify_poll", 5, minimum=1),
            cookie_secure=_choice(env, "cookie_secure", ("auto", "true"), "auto"),
        )
