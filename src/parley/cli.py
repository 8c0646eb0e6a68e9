"""The `parley` command. Each sub-command is documented in docs/cli.md (a test checks it)."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from parley import __version__
from parley.bus.base import Cursor
from parley.detect.model import SENSITIVITIES
from parley.domain import InputProblem
from parley.interchange import Decoder, RecordError, encode_line
from parley.settings import Settings, SettingsError
from parley.sources.base import Pacer, SourceAborted
from parley.store import stats
from parley.store.db import StoreError, open_store

# How many problems an import prints one by one before it only counts them.
SHOW_PROBLEMS = 20


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


def _engine(settings: Settings):  # type: ignore[no-untyped-def]
    try:
        return open_store(settings.database_url)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # a database that cannot be reached or opened
        raise click.ClickException(
            f"cannot open the store at {settings.database_url}: {exc}"
        ) from None


def _speed(value: str) -> float | None:
    if value == "max":
        return None
    try:
        speed = float(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number or 'max'") from None
    if speed <= 0:
        raise click.BadParameter("must be positive")
    return speed


def _when(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date or RFC 3339 time", param_hint=name
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class ProblemPrinter:
    """Prints the first problems of an import as they happen, then only counts them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0

    def __call__(self, problem: InputProblem) -> None:
        self.count += 1
        if self.count <= SHOW_PROBLEMS:
            click.echo(f"{self.path.name}: {problem}", err=True)
        elif self.count == SHOW_PROBLEMS + 1:
            click.echo(f"{self.path.name}: ... more problems are only counted", err=True)


@click.group()
@click.version_option(__version__, prog_name="parley")
def main() -> None:
    """Parley: listen, detect, respond, publish, measure."""


@main.command()
def migrate() -> None:
    """Create or upgrade the store's schema to this version."""
    settings = _settings()
    _engine(settings)
    click.echo(f"store at {settings.database_url} is up to date")


def _run_file(source_factory: Callable[..., Any], path: Path, *, kind: str, speed: float | None,
              restart: bool, extra: dict[str, Any]) -> None:  # fmt: skip
    from parley.ingest import Pipeline
    from parley.store.posts import load_cursor

    settings = _settings()
    engine = _engine(settings)
    printer = ProblemPrinter(path)
    name = f"{kind}:{path.resolve()}"
    with engine.connect() as connection:
        cursor: Cursor | None = None if restart else load_cursor(connection, name)
    decoder = Decoder(
        max_text_chars=settings.max_text_chars, extra_platforms=settings.extra_platforms
    )
    try:
        source = source_factory(
            path,
            decoder=decoder,
            batch_size=settings.batch_size,
            pacer=Pacer(speed) if kind == "replay" else None,
            on_problem=printer,
            resume_from=cursor,
            kind=kind,
            **extra,
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if source.resume_from is not None:
        click.echo(
            f"resuming an interrupted {kind} of {path.name} after line {source.resume_from.line}",
            err=True,
        )
    try:
        pipeline = Pipeline(
            engine, queue_size=settings.bus_queue_size, workers=settings.enrich_workers
        )
    except ValueError as exc:  # a setting the enrichers cannot use (e.g. PARLEY_LANGUAGES)
        raise click.ClickException(str(exc)) from None
    from parley.act.rota import attach as attach_inbox
    from parley.detect.live import attach

    detection = attach(pipeline, engine, settings)
    attach_inbox(pipeline, engine)
    try:
        summary = asyncio.run(pipeline.run(source))
        if detection is not None:
            detection.finish()
    except SourceAborted as exc:
        raise click.ClickException(f"{path.name}: {exc}") from None
    except KeyboardInterrupt:
        raise click.ClickException("interrupted; run the same command again to resume") from None
    rate = summary.stored / summary.seconds if summary.seconds else 0.0
    click.echo(
        f"{path.name}: {summary.inserted} imported, {summary.updated} updated, "
        f"{summary.skipped} skipped ({rate:,.0f} posts/s)"
    )
    if decoder.repaired:
        click.echo(
            f"{path.name}: {decoder.repaired} records had unpaired surrogate escapes; "
            "they were replaced with U+FFFD",
            err=True,
        )


@main.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default=None,
    help="Input format (default: from the file name; .csv is csv, anything else jsonl).",
)
@click.option("--platform", help="CSV: the platform the rows come from, e.g. x.")
@click.option(
    "--map", "mapping", help="CSV: field=column pairs, e.g. native_id=tweet_id,text=text."
)
@click.option(
    "--timezone", help="Zone for timestamps without a UTC offset, e.g. UTC or Europe/Rome."
)
@click.option(
    "--restart", is_flag=True, help="Ignore the cursor of an interrupted import of this file."
)
def import_(file: Path, fmt: str | None, platform: str | None, mapping: str | None,
            timezone: str | None, restart: bool) -> None:  # fmt: skip
    """Load posts from FILE (JSONL in the interchange format, or CSV with --map)."""
    from parley.sources.files import CsvSource, JsonlSource, MappingError, parse_mapping

    fmt = fmt or ("csv" if file.suffix.lower() == ".csv" else "jsonl")
    zone = _zone(timezone)
    if fmt == "jsonl":
        if mapping or platform:
            raise click.UsageError("--map and --platform are for --format csv")
        settings = _settings()

        def factory(path: Path, *, decoder: Decoder, **kwargs: Any) -> JsonlSource:
            decoder.default_timezone = zone
            return JsonlSource(
                path, decoder=decoder, max_line_bytes=settings.max_line_bytes, **kwargs
            )

        _run_file(factory, file, kind="import", speed=None, restart=restart, extra={})
        return
    if not platform:
        raise click.UsageError("CSV needs --platform (e.g. --platform x)")
    if not mapping:
        raise click.UsageError("CSV needs --map field=column,... (at least created_at and text)")
    try:
        columns = parse_mapping(mapping)
    except MappingError as exc:
        raise click.BadParameter(str(exc), param_hint="--map") from None
    extra = {"platform": platform.lower(), "mapping": columns, "timezone": zone}
    try:
        Decoder(extra_platforms=_settings().extra_platforms).check_platform(platform.lower())
    except RecordError as exc:
        raise click.BadParameter(str(exc), param_hint="--platform") from None
    try:
        _run_file(CsvSource, file, kind="import", speed=None, restart=restart, extra=extra)
    except MappingError as exc:
        raise click.ClickException(str(exc)) from None


def _zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"unknown time zone {name!r} (try UTC or Europe/Rome)",
                                 param_hint="--timezone") from None  # fmt: skip


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--speed",
    default="max",
    show_default=True,
    help="How many times faster than real time (e.g. 60), or max.",
)
@click.option("--restart", is_flag=True, help="Ignore the cursor of an interrupted replay.")
def replay(file: Path, speed: str, restart: bool) -> None:
    """Stream a JSONL file through the pipeline by its own timestamps, as if live."""
    from parley.sources.files import JsonlSource

    settings = _settings()

    def factory(path: Path, **kwargs: Any) -> JsonlSource:
        return JsonlSource(path, max_line_bytes=settings.max_line_bytes, **kwargs)

    _run_file(factory, file, kind="replay", speed=_speed(speed), restart=restart, extra={})


@main.command()
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@click.option("--since", help="Only posts created at or after this time (RFC 3339 or a date).")
@click.option("--until", help="Only posts created before this time.")
@click.option("--platform", help="Only posts from this platform.")
@click.option("--topic", help="Only posts that matched this topic.")
@click.option(
    "--exclude-coordinated",
    type=click.Choice(["confirmed", "suspected"]),
    help="Leave out posts by accounts in water-army campaigns: `confirmed` ones only, or "
    "`suspected` (confirmed and suspected).",
)
def export(out: Path | None, since: str | None, until: str | None, platform: str | None,
           topic: str | None, exclude_coordinated: str | None) -> None:  # fmt: skip
    """Write stored posts as JSONL in the interchange format."""
    from parley.store.posts import iter_posts

    settings = _settings()
    engine = _engine(settings)
    posts = iter_posts(engine, since=_when(since, "--since"), until=_when(until, "--until"),
                       platform=platform, topic=topic)  # fmt: skip
    excluded: dict[tuple[str, str], int] = {}
    if exclude_coordinated:
        from parley.coordination.store import coordinated_accounts

        statuses = (
            ("confirmed",) if exclude_coordinated == "confirmed" else ("confirmed", "suspected")
        )
        excluded = coordinated_accounts(engine, statuses)
    handle = out.open("wb") if out else sys.stdout.buffer
    count = left_out = 0
    try:
        for post in posts:
            if excluded and post.author and (post.platform, post.author.native_id) in excluded:
                left_out += 1
                continue
            handle.write(encode_line(post))
            count += 1
    finally:
        if out:
            handle.close()
    click.echo(f"exported {count} posts"
               + (f"; left out {left_out} by coordinated accounts" if exclude_coordinated else ""),
               err=True)  # fmt: skip


@main.command()
@click.option(
    "--scenario",
    default="baseline",
    show_default=True,
    help="baseline, false_report, storm or water_army.",
)
@click.option(
    "--speed",
    default="max",
    show_default=True,
    help="How many times faster than real time, or max.",
)
@click.option("--seed", default=1, show_default=True, type=int)
@click.option(
    "--hours", type=float, help="How much stream time to generate (default: the scenario's)."
)
@click.option("--start", help="Stream start, RFC 3339 (default: a fixed Monday, so seeds repeat).")
@click.option("--rate", type=float, help="Scale of the baseline volume (posts per minute at peak).")
@click.option(
    "--campaign-start", type=float,
    help="Minutes from the event to the paid posters' first burst (may be negative).",
)  # fmt: skip
@click.option("--campaign-gap", type=float, help="Minutes between the paid posters' bursts.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write JSONL here (- for stdout) instead of into the store.",
)
@click.option(
    "--truth",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the scenario's labelled events (JSON) here.",
)
def simulate(scenario: str, speed: str, seed: int, hours: float | None, start: str | None,
             rate: float | None, campaign_start: float | None, campaign_gap: float | None,
             out: Path | None, truth: Path | None) -> None:  # fmt: skip
    """Generate realistic traffic for a fictional brand, with ground truth in each post's raw."""
    from parley.sources.simulator import Simulator

    try:
        simulator = Simulator(
            scenario,
            seed=seed,
            start=_when(start, "--start"),
            duration=timedelta(hours=hours) if hours is not None else None,
            rate=rate,
            campaign_start=None if campaign_start is None else timedelta(minutes=campaign_start),
            campaign_gap=None if campaign_gap is None else timedelta(minutes=campaign_gap),
        )
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    if truth:
        truth.write_text(json.dumps(simulator.truth(), indent=2) + "\n", encoding="utf-8")
    pace = _speed(speed)
    if out is not None:
        from parley.sources.simulated import write_jsonl

        count = write_jsonl(simulator, out, pacer=Pacer(pace) if pace else None)
        click.echo(f"simulated {count} posts ({scenario}, seed {seed})", err=True)
        return
    from parley.detect.live import attach
    from parley.ingest import Pipeline
    from parley.sources.simulated import SimulatorSource

    settings = _settings()
    engine = _engine(settings)
    source = SimulatorSource(simulator, batch_size=settings.batch_size,
                             pacer=Pacer(pace) if pace else None,
                             name=f"simulator:{scenario}:{seed}")  # fmt: skip
    pipeline = Pipeline(engine, queue_size=settings.bus_queue_size, workers=settings.enrich_workers)
    detection = attach(pipeline, engine, settings)
    from parley.act.rota import attach as attach_inbox

    attach_inbox(pipeline, engine)
    summary = asyncio.run(pipeline.run(source))
    if detection is not None:
        detection.finish()
    click.echo(f"simulated {summary.inserted} new posts, {summary.updated} updated ({scenario})")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status(as_json: bool) -> None:
    """Counts, sources and their health, and the store's size."""
    settings = _settings()
    engine = _engine(settings)
    since = datetime.now(UTC) - timedelta(hours=24)
    report = {
        "store": settings.database_url,
        "store_bytes": stats.store_size(engine),
        "posts": stats.post_total(engine),
        "authors": stats.author_total(engine),
        "posts_by_platform": dict(stats.counts_by(engine, "platform")),
        "posts_by_language": dict(stats.counts_by(engine, "lang")),
        "posts_last_24h": sum(n for _, n in stats.counts_by(engine, "platform", since=since)),
        "sources": [
            {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
            for row in stats.source_health(engine)
        ],
        "channels": notify_cli.status_report(engine),
    }
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(f"store      {report['store']} ({report['store_bytes'] / 1e6:,.1f} MB)")
    click.echo(
        f"posts      {report['posts']:,} ({report['posts_last_24h']:,} created in the last 24 h)"
    )
    click.echo(f"authors    {report['authors']:,}")
    platforms = ", ".join(f"{k} {v:,}" for k, v in report["posts_by_platform"].items())
    click.echo(f"platforms  {platforms or '-'}")
    langs = ", ".join(f"{k} {v:,}" for k, v in list(report["posts_by_language"].items())[:12])
    click.echo(f"languages  {langs or '-'}")
    click.echo("sources" if report["sources"] else "sources    none yet")
    for source in report["sources"]:
        line = (
            f"  {source['state']:<8} {source['name']}  {source['posts_total']:,} posts"
            f", {source['problems_total']:,} problems, last post {source['last_post_at'] or '-'}"
        )
        click.echo(line)
        if source["detail"]:
            click.echo(f"           last problem: {source['detail']}")
    click.echo("channels" if report["channels"] else "channels   none yet")
    for line in notify_cli.channel_lines(report["channels"]):
        click.echo(line)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--simulate",
    "scenario",
    default="false_report",
    show_default=True,
    help="Scenario the built-in simulator plays while serving.",
)
@click.option("--no-simulate", is_flag=True, help="Start without the simulator.")
@click.option(
    "--speed",
    default="1",
    show_default=True,
    help="Simulator speed (times real time) after the backfill.",
)
@click.option(
    "--seed", type=int, help="Simulator seed (default: from the clock, a new stream each start)."
)
def serve(
    host: str, port: int, scenario: str, no_simulate: bool, speed: str, seed: int | None
) -> None:
    """Run web app, pipeline and simulator in one process (the embedded mode)."""
    import uvicorn

    from parley.web.app import create_app

    settings = _settings()
    engine = _engine(settings)
    app = create_app(
        settings,
        engine=engine,
        simulate=None if no_simulate else scenario,
        speed=_speed(speed),
        seed=seed,
    )
    from parley.store.users import ensure_first_admin

    first = ensure_first_admin(engine)
    click.echo(f"Parley {__version__} on http://{host}:{port}  (store: {settings.database_url})")
    if first is not None:
        click.echo(f"First sign-in: user {first[0]}, password {first[1]}")
        click.echo("  (shown once; `parley users reset-password admin` makes a new one)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.group()
def topics() -> None:
    """Topics: the team's boolean queries (syntax: docs/queries.md)."""


@topics.command(name="add")
@click.argument("name")
@click.argument("query")
@click.option("--since", help="Also match posts stored since this time (RFC 3339 or a date).")
@click.option(
    "--sensitivity",
    type=click.Choice(SENSITIVITIES),
    help="How readily the detectors alert on it (default balanced; kept on change).",
)
def topics_add(name: str, query: str, since: str | None, sensitivity: str | None) -> None:
    """Create topic NAME with QUERY, or change the query of an existing one."""
    from parley.enrich.query import Doc, TopicMatcher
    from parley.store.posts import iter_posts
    from parley.store.topics import TopicError, save_topic, store_matches

    settings = _settings()
    engine = _engine(settings)
    try:
        with engine.begin() as connection:
            row = save_topic(connection, name=name, query=query, sensitivity=sensitivity)
    except TopicError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"topic {row['name']!r} saved")
    moment = _when(since, "--since")
    if moment is None:
        return
    matcher = TopicMatcher({row["name"]: row["query"]})
    matched = 0
    batch: list[tuple[int, datetime, dict[str, str]]] = []
    for post_id, post in iter_posts(engine, since=moment, with_ids=True):
        found = matcher.match(Doc.from_post(post))
        if found:
            batch.append((post_id, post.created_at, found))
        if len(batch) >= 1000:
            with engine.begin() as connection:
                store_matches(connection, batch)
            matched += len(batch)
            batch = []
    with engine.begin() as connection:
        store_matches(connection, batch)
    click.echo(f"matched {matched + len(batch)} stored posts since {moment.isoformat()}")


@topics.command(name="sensitivity")
@click.argument("name")
@click.argument("level", type=click.Choice(SENSITIVITIES))
def topics_sensitivity(name: str, level: str) -> None:
    """Set how readily the detectors alert on topic NAME: fewer, balanced or more."""
    from parley.store.topics import TopicError, set_sensitivity

    engine = _engine(_settings())
    try:
        with engine.begin() as connection:
            set_sensitivity(connection, name=name, sensitivity=level)
    except TopicError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"topic {name!r}: sensitivity {level}")


@topics.command(name="list")
@click.option("--json", "as_json", is_flag=True)
def topics_list(as_json: bool) -> None:
    """Every topic with its query and how many posts it matched."""
    from parley.store.topics import list_topics

    rows = list_topics(_engine(_settings()))
    if as_json:
        click.echo(json.dumps(rows, default=str, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no topics yet: parley topics add NAME QUERY")
    for row in rows:
        click.echo(f"{row['name']}  ({row['posts']:,} posts)\n    {row['query']}")


@topics.command(name="remove")
@click.argument("name")
def topics_remove(name: str) -> None:
    """Delete topic NAME and its matches (the posts stay)."""
    from parley.store.topics import TopicError, remove_topic

    engine = _engine(_settings())
    try:
        with engine.begin() as connection:
            remove_topic(connection, name=name)
    except TopicError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"topic {name!r} removed")


@topics.command(name="test")
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=int, help="How many matches to show.")
@click.option(
    "--scan", default=5000, show_default=True, type=int, help="How many recent posts to try."
)
def topics_test(query: str, limit: int, scan: int) -> None:
    """Preview QUERY on the most recent stored posts, with the clause that matched."""
    from parley.enrich.query import QuerySyntaxError
    from parley.store.topics import preview_query

    try:
        shown, tried = preview_query(_engine(_settings()), query, scan=scan, limit=limit)
    except QuerySyntaxError as exc:
        raise click.ClickException(f"query {exc}") from None
    for post, clause in shown:
        text = " ".join(post.text.split())[:140]
        click.echo(f"{post.created_at:%Y-%m-%d %H:%M} {post.platform}  {text}\n    why: {clause}")
    click.echo(f"{len(shown)} of the {tried} most recent posts tried match", err=True)


def _data_dir(value: Path | None) -> Path:
    """--data, else PARLEY_SHARED_DATA, else ../shared/data."""
    path = value or _settings().shared_data or Path("..") / "shared" / "data"
    if not path.is_dir():
        raise click.BadParameter(f"{path} is not a folder", param_hint="--data")
    return path


@main.group(name="train")
def train_group() -> None:
    """Train the shipped models from data (never committed)."""


@train_group.command(name="sentiment")
@click.option(
    "--data", type=click.Path(path_type=Path), help="Data folder (default: PARLEY_SHARED_DATA)."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the model (.npz), e.g. src/parley/models/sentiment-default.npz.",
)
@click.option("--seed", default=0, show_default=True, type=int)
@click.option(
    "--include-val",
    is_flag=True,
    help="Also train on the val splits (then only cross-validated scores are printed).",
)
def train_sentiment(data: Path | None, out: Path, seed: int, include_val: bool) -> None:
    """Train the multilingual sentiment model (UMSAB train + Weibo), print validation scores."""
    from parley.enrich.sentiment import format_table, train

    try:
        scores = train(_data_dir(data), out, seed=seed, include_val=include_val)
    except (ValueError, ImportError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_table(scores))
    click.echo(f"model written to {out} ({out.stat().st_size / 1e6:.2f} MB)", err=True)


@main.group(name="eval")
def eval_group() -> None:
    """Evaluate models on labelled data."""


@eval_group.command(name="sentiment")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    help="A folder in the UMSAB layout: DIR/<language>/<split>_text.txt and _labels.txt.",
)
@click.option(
    "--split", type=click.Choice(["val", "test", "train"]), default="val", show_default=True
)
@click.option("--model", default=None, help="Model name (default: PARLEY_SENTIMENT_MODEL).")
@click.option("--json", "as_json", is_flag=True)
def eval_sentiment(data: Path | None, split: str, model: str | None, as_json: bool) -> None:
    """Macro-F1 per language and the average, laid out like the XLM-T paper's table."""
    from parley.enrich.sentiment import evaluate, format_table, load_sentiment_model

    try:
        scores = evaluate(
            load_sentiment_model(model or _settings().sentiment_model), _data_dir(data), split
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        json.dumps(scores, indent=2, ensure_ascii=False) if as_json else format_table(scores)
    )


@eval_group.command(name="intent")
@click.option(
    "--data", type=click.Path(path_type=Path), help="Data folder (default: PARLEY_SHARED_DATA)."
)
@click.option("--json", "as_json", is_flag=True)
def eval_intent(data: Path | None, as_json: bool) -> None:
    """Reason macro-F1 on a held-out 30 % of the airline tweets, and intent against a proxy."""
    from parley.enrich.intent import evaluate_airline

    path = _data_dir(data) / "airline" / "Tweets.csv"
    if not path.exists():
        raise click.ClickException(f"{path} not found (the airline data set)")
    _print_report(evaluate_airline(path), as_json)


@eval_group.command(name="language")
@click.option(
    "--data", type=click.Path(path_type=Path), help="Data folder (default: PARLEY_SHARED_DATA)."
)
@click.option("--json", "as_json", is_flag=True)
def eval_language(data: Path | None, as_json: bool) -> None:
    """Accuracy of language detection on UMSAB val and Weibo texts (their language is known)."""
    from parley.enrich.language import LanguageEnricher, evaluate_language

    settings = _settings()
    try:
        enricher = LanguageEnricher(settings.languages or None, accuracy=settings.language_accuracy)
        report = evaluate_language(_data_dir(data), enricher=enricher)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    _print_report(report, as_json)


@eval_group.command(name="detection")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    help="Data folder with airline/Tweets.csv (default: PARLEY_SHARED_DATA).",
)
@click.option(
    "--sensitivity", type=click.Choice(SENSITIVITIES), default="balanced", show_default=True
)
@click.option(
    "--days",
    default=7,
    show_default=True,
    type=int,
    help="Length of the simulated normal traffic (for false alerts per week).",
)
@click.option(
    "--rate",
    default=4.0,
    show_default=True,
    type=click.FloatRange(min=0.1, max=1000),
    help="Rate of the simulated normal week (posts a minute at a weekday's peak; the "
    "simulator's default is 8).",
)
@click.option(
    "--seed",
    default=3,
    show_default=True,
    type=click.IntRange(min=0),
    help="Seed of the simulated traffic (normal week, scenarios, injected rows); another seed "
    "is another week of the same kind of traffic.",
)
@click.option("--skip-simulator", is_flag=True, help="Only the airline tweets.")
@click.option("--json", "as_json", is_flag=True)
def eval_detection(data: Path | None, sensitivity: str, days: int, rate: float, seed: int,
                   skip_simulator: bool, as_json: bool) -> None:  # fmt: skip
    """Early-warning targets: delays on injected and simulated surges, false alerts per week."""
    from parley.detect.evaluate import evaluate_airline, evaluate_simulator

    settings = _settings()
    try:
        report: dict[str, Any] = {
            "airline": evaluate_airline(_data_dir(data), settings, sensitivity=sensitivity)
        }
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if not skip_simulator:
        report["simulator"] = evaluate_simulator(
            settings, sensitivity=sensitivity, days=days, rate=rate, seed=seed
        )
    click.echo(json.dumps(report, indent=None if as_json else 2, ensure_ascii=False))


@main.group()
def bench() -> None:
    """Benchmarks that print their numbers (see docs/performance.md)."""


@bench.command(name="enrich")
@click.option("--posts", default=20_000, show_default=True, type=int)
@click.option("--batch-size", default=1000, show_default=True, type=int)
@click.option("--json", "as_json", is_flag=True)
def bench_enrich(posts: int, batch_size: int, as_json: bool) -> None:
    """Posts/s of each enricher and of all of them, on one multilingual corpus."""
    from parley.bench.enrich import run_enrich_bench

    _print_report(run_enrich_bench(_settings(), posts=posts, batch_size=batch_size), as_json)


@bench.command(name="detect")
@click.option("--posts", default=100_000, show_default=True, type=int)
@click.option("--topics", "topic_count", default=200, show_default=True, type=int)
@click.option(
    "--dense",
    "dense_per_minute",
    default=20_000,
    show_default=True,
    type=int,
    help="Posts per stream minute in the dense run (a busy live stream).",
)
@click.option("--json", "as_json", is_flag=True)
def bench_detect(posts: int, topic_count: int, dense_per_minute: int, as_json: bool) -> None:
    """Microseconds per post of the crisis detectors and of the water-army detector."""
    from parley.bench.detect import run_detect_bench

    if posts < 1000 or dense_per_minute < 1:
        raise click.BadParameter("--posts must be at least 1000 and --dense positive")
    _print_report(run_detect_bench(_settings(), posts=posts, topics=topic_count,
                                   dense_per_minute=dense_per_minute), as_json)  # fmt: skip


def _print_report(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        if isinstance(value, dict):
            click.echo(key)
            for name, inner in value.items():
                click.echo(f"  {name:<10} {inner}")
        elif isinstance(value, float):
            click.echo(f"{key:<32} {value:,.4f}" if abs(value) < 10 else f"{key:<32} {value:,.1f}")
        else:
            click.echo(f"{key:<32} {value}")


@bench.command(name="pipeline")
@click.option("--posts", default=200_000, show_default=True, type=int)
@click.option(
    "--batch-size", default=None, type=int, help="Posts per batch (default: PARLEY_BATCH_SIZE)."
)
@click.option(
    "--database-url",
    help="Benchmark this store (e.g. an empty PostgreSQL database) "
    "instead of a temporary SQLite file.",
)
@click.option(
    "--enrich",
    type=click.Choice(["full", "cheap"]),
    default="full",
    show_default=True,
    help="full: every enricher, as the product runs; cheap: only the cheap ones.",
)
@click.option(
    "--topics",
    "topic_count",
    default=200,
    show_default=True,
    type=int,
    help="With --enrich full: how many topics the store holds (matched on every post).",
)
@click.option("--json", "as_json", is_flag=True)
def bench_pipeline(posts: int, batch_size: int | None, database_url: str | None, enrich: str,
                   topic_count: int, as_json: bool) -> None:  # fmt: skip
    """Import N simulated posts into a fresh store; print posts/s per stage and peak memory."""
    from parley.bench.pipeline import run_pipeline_bench

    settings = _settings()
    report = run_pipeline_bench(settings, posts=posts, batch_size=batch_size or settings.batch_size,
                                database_url=database_url, enrich=enrich, topics=topic_count)  # fmt: skip
    _print_report(report, as_json)


@bench.command(name="web")
@click.option("--posts", default=1_000_000, show_default=True, type=int)
@click.option(
    "--database-url",
    help="Fill and time this store (an empty database) instead of a temporary SQLite file.",
)
@click.option("--requests", "request_count", default=50, show_default=True, type=int,
              help="Requests per page timed (after 3 warm-up requests).")  # fmt: skip
@click.option("--days", default=30, show_default=True, type=int,
              help="The simulated posts span this many days up to now.")  # fmt: skip
@click.option("--fill/--no-fill", "fill_store", default=True, show_default=True,
              help="--no-fill: time the store at --database-url as a previous run left it.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True)
def bench_web(posts: int, database_url: str | None, request_count: int, days: int,
              fill_store: bool, as_json: bool) -> None:  # fmt: skip
    """Fill a store with N simulated posts; print p50/p95/max of the overview, its live part,
    the stream and the status API, the rollup rows, and the scale to 10 million."""
    import tempfile

    from parley.bench.web import run_web_bench

    if posts < 1 or request_count < 1 or not 1 <= days <= 366:
        raise click.BadParameter("--posts and --requests must be positive, --days 1 to 366")
    if not fill_store and not database_url:
        raise click.BadParameter("--no-fill needs the --database-url of a filled store")
    with tempfile.TemporaryDirectory(prefix="parley-bench-web-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        report = run_web_bench(_settings(), posts=posts, database_url=url,
                               requests=request_count, days=days, fill_store=fill_store)  # fmt: skip
    _print_report(report, as_json)


@bench.command(name="inbox")
@click.option("--conversations", default=100_000, show_default=True, type=int)
@click.option(
    "--database-url",
    help="Fill and time this store (one with no conversations) instead of a temporary SQLite file.",
)
@click.option("--requests", "request_count", default=100, show_default=True, type=int,
              help="Requests per page timed (after 3 warm-up requests).")  # fmt: skip
@click.option("--days", default=30, show_default=True, type=int,
              help="The simulated conversations span this many days up to now.")  # fmt: skip
@click.option("--articles", default=500, show_default=True, type=click.IntRange(0, 100_000),
              help="Knowledge-base articles, so conversation pages compute suggestions.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True)
def bench_inbox(conversations: int, database_url: str | None, request_count: int, days: int,
                articles: int, as_json: bool) -> None:  # fmt: skip
    """Fill a store with N conversations through the inbox's own path (seven agents on duty,
    automatic assignment); print p50/p95/max of every saved view and of conversation pages."""
    import tempfile

    from parley.bench.inbox import run_inbox_bench

    if conversations < 1 or request_count < 1 or not 1 <= days <= 366:
        raise click.BadParameter("--conversations and --requests must be positive, --days 1 to 366")
    with tempfile.TemporaryDirectory(prefix="parley-bench-inbox-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        report = run_inbox_bench(_settings(), conversations=conversations, database_url=url,
                                 requests=request_count, days=days, articles=articles)  # fmt: skip
    _print_report(report, as_json)


@bench.command(name="kb")
@click.option("--articles", default=5000, show_default=True, type=click.IntRange(1, 200_000))
@click.option("--requests", "request_count", default=200, show_default=True,
              type=click.IntRange(1, 100_000), help="Searches and suggestions timed (each).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True)
def bench_kb(articles: int, request_count: int, as_json: bool) -> None:
    """Knowledge base on N articles: index build, rebuild after an edit, p50/p95 of search and
    of a conversation's suggestions."""
    from parley.bench.kb import run_kb_bench

    _print_report(run_kb_bench(articles=articles, requests=request_count), as_json)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--topic",
    "topic_args",
    multiple=True,
    metavar="NAME=QUERY",
    help="A topic to detect on (repeatable); the whole organisation is always watched.",
)
@click.option(
    "--sensitivity",
    type=click.Choice(SENSITIVITIES),
    default="balanced",
    show_default=True,
    help="fewer / balanced / more alerts.",
)
@click.option(
    "--truth",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Labelled events (JSON list or JSONL, as `parley simulate --truth` writes): "
    "also print delay, recall and false alerts per day.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (alerts with all evidence).")
def backtest(file: Path, topic_args: tuple[str, ...], sensitivity: str, truth: Path | None,
             as_json: bool) -> None:  # fmt: skip
    """Replay a JSONL file through the detectors as fast as possible and print every alert."""
    from parley.detect.backtest import load_truth, run_backtest, topic_arguments

    try:
        topics = topic_arguments(topic_args)
        events = load_truth(truth) if truth else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    report = run_backtest(file, _settings(), topics=topics, sensitivity=sensitivity, truth=events)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(f"{report['posts']} posts, {report['stream_start']} to {report['stream_end']} "
               f"({report['stream_days']} days), {report['seconds']} s "
               f"({report['posts_per_second']} posts/s; detection "
               f"{report['detection_us_per_post']} µs/post)")  # fmt: skip
    if report["problems"]:
        click.echo(f"{report['problems']} lines skipped, e.g. {report['problem_examples'][0]}")
    if report["ignored"]:
        click.echo("ignored by the detectors: "
                   + ", ".join(f"{k} {v}" for k, v in sorted(report["ignored"].items())))  # fmt: skip
    click.echo(f"{len(report['alerts'])} alerts")
    for alert in report["alerts"]:
        click.echo(f"{alert['fired_at']}  {alert['kind']:<13} {alert['severity']:<8} "
                   f"[{alert['topic']}] {alert['title']}")  # fmt: skip
        click.echo(f"    {alert['summary']}")
    score = report.get("score")
    if score:
        click.echo("events:")
        for row in score["events"]:
            found = (f"detected after {row['delay_minutes']} min by {row['first_alert']}"
                     if row["detected"] else "NOT detected")  # fmt: skip
            click.echo(f"  {row['start']}  {row['event']} ({row['kind']}): {found}")
        click.echo(f"recall {score['recall']}; false alerts {score['false_alerts']} "
                   f"({score['false_alerts_per_day']} per day)")  # fmt: skip


from parley.notify import cli as notify_cli  # noqa: E402  (notifications: channels, oncall, notify)

for _group in notify_cli.COMMANDS:
    main.add_command(_group)
from parley.coordination.cli import register as _coordination  # noqa: E402

_coordination(main)
from parley.incidents.cli import register as _register_incidents  # noqa: E402

_register_incidents(main)
from parley.act.cli import register as _register_inbox  # noqa: E402  (inbox, rota, sla)

_register_inbox(main)
from parley.act.kb_cli import register as _register_kb  # noqa: E402  (knowledge base)

_register_kb(main)
from parley.users_cli import COMMANDS as _people  # noqa: E402  (users, tokens)

for _group in _people:
    main.add_command(_group)
from parley.contacts_cli import COMMANDS as _contacts  # noqa: E402  (contacts)

for _group in _contacts:
    main.add_command(_group)


if __name__ == "__main__":  # pragma: no cover
    main()
