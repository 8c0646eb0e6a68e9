"""The interchange format (one JSON object per line): strict decoding into `Post`, and encoding back.

This is a contract (`shared/schema/post.schema.json`): any record that validates against the
schema imports unchanged, and `to_record(decode_record(r))` gives `r` back, up to three
normalisations: `created_at` is written in UTC, a `null` field is the same as an absent one,
and `kind` is always written. In the store an author is one row, updated by each sighting,
so an export shows every post with its author's latest known profile.
Fields the format does not name are kept in `Post.extra` and written back where they were.
Every rejection is a `RecordError` whose message names the field and the problem.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo
from typing import Any

import msgspec
import regex

from parley.domain import KINDS, PLATFORMS, Author, Metrics, Post

POST_FIELDS = frozenset(
    {
        "platform", "native_id", "url", "created_at", "kind", "text", "title", "lang",
        "author", "reply_to", "repost_of", "quote_of", "conversation_id", "urls",
        "hashtags", "mentions", "metrics", "to_account", "raw",
    }
)  # fmt: skip
AUTHOR_FIELDS = frozenset(Author.__struct_fields__)
METRIC_FIELDS = frozenset(Metrics.__struct_fields__)
_OPTIONAL_STR = (
    "url", "title", "lang", "reply_to", "repost_of", "quote_of", "conversation_id", "to_account",
)  # fmt: skip
_AUTHOR_STR = ("handle", "name", "bio", "location")
_AUTHOR_INT = ("followers", "following", "posts_count")
_INT_MAX = 2**63 - 1
_PLATFORM_RE = regex.compile(r"^[a-z][a-z0-9_.-]{0,31}$")
_LONE_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_encoder = msgspec.json.Encoder()


class RecordError(ValueError):
    """A record that cannot be imported; the message says which field and why."""


class Decoder:
    """Turns interchange records into Posts. One per import: it carries the import's options."""

    def __init__(
        self,
        *,
        max_text_chars: int = 200_000,
        extra_platforms: tuple[str, ...] = (),
        default_timezone: tzinfo | None = None,
    ) -> None:
        self.max_text_chars = max_text_chars
        self.platforms = PLATFORMS | frozenset(extra_platforms)
        self.default_timezone = default_timezone
        self.repaired = 0  # records whose unpaired surrogates were replaced with U+FFFD

    # -- lines -------------------------------------------------------------------------------
    def decode_line(self, line: bytes) -> Post:
        """Decode one JSONL line. Raises RecordError naming the problem."""
        try:
            obj = msgspec.json.decode(line)
        except UnicodeDecodeError as exc:
            raise _not_utf8(line, exc) from None
        except msgspec.DecodeError as exc:
            # msgspec 0.23 reports bad UTF-8 as a DecodeError; say which byte, as before.
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as bad:
                raise _not_utf8(line, bad) from None
            obj = self._decode_slow(line, exc)
        return self.decode_record(obj)

    def _decode_slow(self, line: bytes, exc: msgspec.DecodeError) -> Any:
        # msgspec refuses unpaired UTF-16 surrogate escapes ("\ud800") with a confusing
        # message; the standard library accepts them, so it tells us which problem this is.
        try:
            obj = json.loads(line.strip())
        except json.JSONDecodeError as slow_exc:
            raise RecordError(f"invalid JSON: {slow_exc.msg} at column {slow_exc.colno}") from None
        except (UnicodeDecodeError, RecursionError):
            raise RecordError(f"invalid JSON: {exc}") from None
        self.repaired += 1
        return _replace_surrogates(obj)

    # -- records -----------------------------------------------------------------------------
    def decode_record(self, obj: Any, *, raw: Any = msgspec.UNSET) -> Post:
        """Validate one record (a dict in the interchange shape) and build a Post."""
        if not isinstance(obj, dict):
            raise RecordError(f"expected a JSON object, got {_json_type(obj)}")
        for name in ("platform", "native_id", "created_at", "text"):
            if name not in obj:
                raise RecordError(f"missing required field '{name}'")
        platform = self.check_platform(_str(obj, "platform"))
        native_id = _str(obj, "native_id")
        if not native_id:
            raise RecordError("field 'native_id' is empty")
        text = _str(obj, "text")
        if len(text) > self.max_text_chars:
            raise RecordError(
                f"field 'text' has {len(text):,} characters, over the limit of "
                f"{self.max_text_chars:,} (PARLEY_MAX_TEXT_CHARS)"
            )
        if "\x00" in text:
            raise RecordError(
                "field 'text' contains a NUL character (U+0000), which cannot be stored"
            )
        kind = obj.get("kind")
        if kind is None:
            kind = "post"
        elif kind not in KINDS:
            raise RecordError(f"field 'kind' is {kind!r}; expected one of {', '.join(KINDS)}")
        created_at = self.parse_time(_str(obj, "created_at"), "created_at")

        optional = {}
        for name in _OPTIONAL_STR:
            value = obj.get(name)
            if value is not None:
                if not isinstance(value, str):
                    raise RecordError(_wrong_type(name, "a string or null", value))
                if "\x00" in value:
                    raise RecordError(f"field '{name}' contains a NUL character (U+0000)")
                optional[name] = value
        lists = {}
        for name in ("urls", "hashtags", "mentions"):
            value = obj.get(name)
            if value is not None:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise RecordError(_wrong_type(name, "an array of strings", value))
                lists[name] = value

        extra: dict[str, Any] = {k: v for k, v in obj.items() if k not in POST_FIELDS}
        author = None
        if obj.get("author") is not None:
            author, author_extra = self._author(obj["author"])
            if author_extra:
                extra["author"] = author_extra
        metrics = None
        if obj.get("metrics") is not None:
            metrics, metrics_extra = _metrics(obj["metrics"])
            if metrics_extra:
                extra["metrics"] = metrics_extra
        return Post(
            platform=platform,
            native_id=native_id,
            created_at=created_at,
            text=text,
            kind=kind,
            author=author,
            metrics=metrics,
            raw=obj.get("raw") if raw is msgspec.UNSET else raw,
            extra=extra or None,
            **optional,
            **lists,
        )

    def check_platform(self, platform: str) -> str:
        """`platform` if Parley knows it; RecordError saying why not otherwise."""
        if platform not in self.platforms:
            if not _PLATFORM_RE.match(platform):
                raise RecordError(
                    f"platform {platform!r} is not a lower-case name like 'x' or 'mastodon'"
                )
            raise RecordError(
                f"unknown platform {platform!r}; known: {', '.join(sorted(self.platforms))} "
                "(add more with PARLEY_EXTRA_PLATFORMS)"
            )
        return platform

    def parse_time(self, value: str, name: str) -> datetime:
        """RFC 3339 (or ISO 8601 with an offset) to an aware UTC datetime."""
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = _parse_epoch(value)
            if moment is None:
                raise RecordError(
                    f"field '{name}' is {value[:40]!r}, not an RFC 3339 timestamp "
                    "such as 2015-02-24T11:35:52-08:00"
                ) from None
        if moment.tzinfo is None:
            if self.default_timezone is None:
                raise RecordError(
                    f"field '{name}' is {value!r}, a timestamp without a UTC offset; give one "
                    "(e.g. 2015-02-24T11:35:52+00:00) or say which zone it is in with --timezone"
                )
            moment = moment.replace(tzinfo=self.default_timezone)
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise RecordError(f"field '{name}' is {value!r}, out of range") from None

    def _author(self, value: Any) -> tuple[Author, dict[str, Any]]:
        if not isinstance(value, dict):
            raise RecordError(_wrong_type("author", "an object", value))
        if value.get("native_id") is None:
            raise RecordError("field 'author.native_id' is missing")
        fields: dict[str, Any] = {"native_id": _str(value, "native_id", "author.")}
        for name in _AUTHOR_STR:
            if value.get(name) is not None:
                fields[name] = _str(value, name, "author.")
                if "\x00" in fields[name]:
                    raise RecordError(f"field 'author.{name}' contains a NUL character (U+0000)")
        for name in _AUTHOR_INT:
            if value.get(name) is not None:
                fields[name] = _int(value, name, "author.")
        if value.get("verified") is not None:
            if not isinstance(value["verified"], bool):
                raise RecordError(
                    _wrong_type("author.verified", "true, false or null", value["verified"])
                )
            fields["verified"] = value["verified"]
        if value.get("created_at") is not None:
            fields["created_at"] = self.parse_time(
                _str(value, "created_at", "author."), "author.created_at"
            )
        unknown = {k: v for k, v in value.items() if k not in AUTHOR_FIELDS}
        return Author(**fields), unknown


def _not_utf8(line: bytes, exc: UnicodeDecodeError) -> RecordError:
    return RecordError(f"not valid UTF-8 (byte 0x{line[exc.start]:02x} at byte {exc.start + 1})")


def _metrics(value: Any) -> tuple[Metrics, dict[str, Any]]:
    if not isinstance(value, dict):
        raise RecordError(_wrong_type("metrics", "an object", value))
    fields = {n: _int(value, n, "metrics.") for n in METRIC_FIELDS if value.get(n) is not None}
    unknown = {k: v for k, v in value.items() if k not in METRIC_FIELDS}
    return Metrics(**fields), unknown


def _str(obj: dict[str, Any], name: str, prefix: str = "") -> str:
    value = obj[name]
    if not isinstance(value, str):
        raise RecordError(_wrong_type(prefix + name, "a string", value))
    return value


def _int(obj: dict[str, Any], name: str, prefix: str = "") -> int:
    value = obj[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(_wrong_type(prefix + name, "a whole number", value))
    if not -_INT_MAX <= value <= _INT_MAX:
        raise RecordError(f"field '{prefix}{name}' is {value}, too large to store")
    return value


def _wrong_type(name: str, expected: str, value: Any) -> str:
    return f"field '{name}' should be {expected}, got {_json_type(value)}"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _parse_epoch(value: str) -> datetime | None:
    """Numeric seconds since 1970 (what some exports use); always UTC."""
    try:
        seconds = float(value)
    except ValueError:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _replace_surrogates(obj: Any) -> Any:
    if isinstance(obj, str):
        return _LONE_SURROGATE.sub("\ufffd", obj)
    if isinstance(obj, list):
        return [_replace_surrogates(v) for v in obj]
    if isinstance(obj, dict):
        return {_replace_surrogates(k): _replace_surrogates(v) for k, v in obj.items()}
    return obj


def to_record(post: Post) -> dict[str, Any]:
    """The interchange record of a post (the inverse of `Decoder.decode_record`)."""
    record: dict[str, Any] = msgspec.to_builtins(post)
    record["kind"] = post.kind  # always written: readers should not need the default
    extra = record.pop("extra", None) or {}
    for name, value in extra.items():
        if name in ("author", "metrics") and isinstance(record.get(name), dict):
            record[name] = {**record[name], **value}
        else:
            record[name] = value
    return record


def encode_line(post: Post) -> bytes:
    """One JSONL line (with its newline) for a post."""
    return _encoder.encode(to_record(post)) + b"\n"
