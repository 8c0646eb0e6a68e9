"""Holding-statement templates: the first words a team publishes while it finds out the facts.

A template is a short thread of posts with `{variables}` (the brand, the topic, the time of
the statement, when the next update comes: a phrase such as "by 18:00 UTC"). Filling one gives the text of a new statement
draft, which the author then edits as needed: the template is a start, never the statement.
Only the known `{name}` placeholders are replaced; any other brace stays as written, and the
values are plain text (hostile input like any other: pages escape them when they show them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from parley.store.alerts import has_control

VARIABLES = ("brand", "topic", "time", "next_update")
MAX_VALUE_CHARS = 200

_PLACEHOLDER = re.compile(r"\{(" + "|".join(VARIABLES) + r")\}")


@dataclass(frozen=True)
class HoldingTemplate:
    """A built-in holding statement: `posts` is the thread, one string per post."""

    key: str
    title: str
    language: str
    posts: tuple[str, ...]
    use: str  # when to reach for it, in one line
    defaults: dict[str, str] = field(default_factory=dict)  # in the template's language


TEMPLATES: dict[str, HoldingTemplate] = {
    t.key: t
    for t in (
        HoldingTemplate(
            key="holding",
            title="We are aware and looking into it",
            language="en",
            use="any issue, as soon as it is confirmed that people are talking about it",
            posts=(
                "We are aware of {topic} and are looking into it now. We take this seriously.",
                "We will share an update {next_update}. Thank you for your patience. "
                "({brand}, {time})",
            ),
        ),
        HoldingTemplate(
            key="false_report",
            title="A report makes claims about our products",
            language="en",
            use="a published report or viral post makes claims about product safety (S1)",
            posts=(
                "We have seen the report about {topic}. The safety of everyone who uses "
                "{brand} products comes first.",
                "We are reviewing the claims with our quality team and an independent "
                "laboratory, and we will publish what we find {next_update}.",
                "Until then, please rely on our official accounts for information about "
                "{brand} products. ({time})",
            ),
        ),
        HoldingTemplate(
            key="service_disruption",
            title="A disruption affects our customers",
            language="en",
            use="many customers are affected at once (cancellations, an outage) (S2)",
            posts=(
                "We know many of you are affected by {topic}, and we are sorry. Our team is "
                "working to help everyone as quickly as we can.",
                "Please send us a private message with your booking or order details and we "
                "will get back to you. Next update {next_update}. ({brand}, {time})",
            ),
        ),
        HoldingTemplate(
            key="holding_zh",
            title="我们已关注到 (we are aware, in Chinese)",
            language="zh",
            use="the conversation is in Chinese",
            defaults={"topic": "近期网络上流传的相关报道", "next_update": "在两小时内"},
            posts=(
                "我们已关注到关于{topic}的信息，并高度重视，正在全面核实。",
                "我们将{next_update}发布最新进展，感谢大家的关注与耐心。（{brand}，{time}）",
            ),
        ),
    )
}


class TemplateError(ValueError):
    """An unknown template or a variable value that cannot be used; the message says which."""


def template(key: str) -> HoldingTemplate:
    found = TEMPLATES.get(key)
    if found is None:
        raise TemplateError(f"no holding-statement template {key!r}; there are: "
                            f"{', '.join(TEMPLATES)}")  # fmt: skip
    return found


def default_values(*, brand: str | None, now: datetime) -> dict[str, str]:
    """What the variables say when the author leaves them blank: the incident's topic as the
    brand (none: `{brand}` stays, and the draft cannot be submitted until it is filled), the
    statement's time in UTC, and an update within two hours."""
    out = {
        "topic": "the reports being shared today",
        "time": now.strftime("%H:%M UTC, %d %b %Y"),
        "next_update": "within two hours",
    }
    if brand:
        out["brand"] = brand
    return out


def unfilled(text: str) -> list[str]:
    """The template variables still written as `{name}` in a text, in order, once each."""
    return list(dict.fromkeys(m.group(1) for m in _PLACEHOLDER.finditer(text)))


def fill(key: str, values: dict[str, str | None], *, defaults: dict[str, str]) -> list[str]:
    """The template's posts with the variables replaced (a blank value takes its default)."""
    chosen = template(key)
    unknown = sorted(set(values) - set(VARIABLES))
    if unknown:
        raise TemplateError(f"unknown template variables: {', '.join(unknown)} "
                            f"(known: {', '.join(VARIABLES)})")  # fmt: skip
    merged = defaults | chosen.defaults
    for name, value in values.items():
        if value is None or not value.strip():
            continue
        if len(value) > MAX_VALUE_CHARS or has_control(value):
            raise TemplateError(f"{name} must be one line of at most {MAX_VALUE_CHARS} characters")
        merged[name] = value.strip()
    return [_PLACEHOLDER.sub(lambda m: merged.get(m.group(1), m.group(0)), post)
            for post in chosen.posts]  # fmt: skip
