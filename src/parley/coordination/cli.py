"""The command line of water-army detection: `parley coordination`, `parley campaigns ...`,
`parley eval coordination`, `parley bench coordination` (docs/water-army.md, docs/cli.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from parley.coordination.networks import NETWORKS
from parley.domain import Post


def read_jsonl(path: Path, *, settings: Any = None) -> list[Post]:
    """Posts of an interchange JSONL file; bad lines are skipped and reported on stderr."""
    from parley.interchange import Decoder, RecordError

    decoder = Decoder(
        max_text_chars=getattr(settings, "max_text_chars", 200_000),
        extra_platforms=getattr(settings, "extra_platforms", ()),
    )
    posts: list[Post] = []
    problems = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                posts.append(decoder.decode_line(line))
            except RecordError as exc:
                problems += 1
                if problems <= 20:
                    click.echo(f"line {number}: {exc}", err=True)
    if problems:
        click.echo(f"{problems} line(s) skipped", err=True)
    return posts


def _read(file: Path, fmt: str, settings: Any) -> list[Post]:
    if fmt == "ira":
        from parley.coordination.ira import read_ira

        try:
            return list(read_ira(file))
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    return read_jsonl(file, settings=settings)


@click.command(name="coordination")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "ira"]),
    default="jsonl",
    show_default=True,
    help="jsonl: the interchange format; ira: the IRA CSV layout of shared/data/ira.",
)
@click.option(
    "--network",
    "kind",
    type=click.Choice(NETWORKS),
    help="Write this account network instead of campaigns.",
)
@click.option("--window", default=60.0, show_default=True, type=float, help="Seconds (--network).")
@click.option(
    "--edges",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where --network writes a,b,weight (default: stdout).",
)
@click.option(
    "--min-weight",
    default=1,
    show_default=True,
    type=int,
    help="Leave out lighter edges (--network).",
)
@click.option(
    "--threshold",
    default=0.9,
    show_default=True,
    type=float,
    help="co_similarity: Jaccard threshold.",
)
@click.option(
    "--min-tokens",
    default=1,
    show_default=True,
    type=int,
    help="co_similarity: smaller token sets match nothing.",
)
@click.option("--save", is_flag=True, help="Also save the campaigns in the store (decisions kept).")
@click.option("--json", "as_json", is_flag=True, help="Print the campaigns as JSON.")
def coordination(file: Path, fmt: str, kind: str | None, window: float, edges: Path | None,
                 min_weight: int, threshold: float, min_tokens: int, save: bool,
                 as_json: bool) -> None:  # fmt: skip
    """Campaigns of coordinated accounts in FILE, or (--network) one account network."""
    from parley.cli import _engine, _settings
    from parley.coordination.detect import detect
    from parley.coordination.networks import messages, network, write_edges

    settings = _settings()
    posts = _read(file, fmt, settings)
    if kind is not None:
        msgs, no_author = messages(posts)
        try:
            result = network(msgs, kind, window, min_weight=min_weight, threshold=threshold,
                             min_tokens=min_tokens)  # fmt: skip
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        if edges is None:
            click.echo("a,b,weight")
            for (a, b), w in sorted(result.items()):
                click.echo(f"{a},{b},{w}")
        else:
            write_edges(result, edges)
        click.echo(
            f"{kind}: {len(result)} edges among {len(msgs)} posts"
            + (f" ({no_author} without an author left out)" if no_author else ""),
            err=True,
        )
        return
    found, coordinator = detect(posts)
    if save:
        from parley.coordination.store import save_campaigns

        save_campaigns(_engine(settings), found)
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in found], indent=2, ensure_ascii=False))
    else:
        for c in found:
            ident = f"#{c.id} " if c.id is not None else ""
            click.echo(f"{ident}[{c.status}] score {c.score:.2f}: {c.summary}")
            click.echo(f"    topics: {'; '.join(c.topics)}")
            if c.stance:
                click.echo(f"    stance: {c.stance}")
    stats = coordinator.stats()
    click.echo(
        f"{len(found)} campaign(s) in {stats['posts']} posts by {stats['accounts']} accounts"
        + (
            f"; {stats['no_author']} posts without an author left out" if stats["no_author"] else ""
        ),
        err=True,
    )


@click.group(name="campaigns")
def campaigns_group() -> None:
    """Stored campaigns: list, show, confirm, dismiss."""


@campaigns_group.command(name="list")
@click.option("--status", type=click.Choice(["suspected", "confirmed", "dismissed"]))
@click.option("--json", "as_json", is_flag=True)
def campaigns_list(status: str | None, as_json: bool) -> None:
    """Campaigns, best score first."""
    from parley.cli import _engine, _settings
    from parley.coordination.store import list_campaigns

    rows = list_campaigns(_engine(_settings()), status)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("no campaigns")
    for r in rows:
        click.echo(f"#{r['id']} [{r['status']}] score {r['score']:.2f}, {r['accounts']} accounts, "
                   f"{r['posts']} posts, {r['first_at']} .. {r['last_at']}: {r['summary']}")  # fmt: skip


@campaigns_group.command(name="show")
@click.argument("campaign_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def campaigns_show(campaign_id: int, as_json: bool) -> None:
    """One campaign: evidence, accounts and posts."""
    from parley.cli import _engine, _settings
    from parley.coordination.store import get_campaign

    row = get_campaign(_engine(_settings()), campaign_id)
    if row is None:
        raise click.ClickException(f"no campaign {campaign_id}")
    if as_json:
        click.echo(json.dumps(row, indent=2, ensure_ascii=False))
        return
    click.echo(f"#{row['id']} [{row['status']}] score {row['score']:.2f}")
    click.echo(row["summary"])
    click.echo(f"time: {row['first_at']} .. {row['last_at']}")
    click.echo(f"topics: {'; '.join(row['topics'])}")
    if row["stance"]:
        click.echo(f"stance: {row['stance']}")
    if row["decided_by"]:
        click.echo(f"decided by {row['decided_by']} at {row['decided_at']}")
    click.echo(f"score parts: {row['evidence'].get('score_parts')}")
    click.echo(f"accounts ({len(row['account_list'])}): {' '.join(row['account_list'])}")
    click.echo(f"posts ({len(row['post_list'])}): {' '.join(row['post_list'][:50])}"
               + (" ..." if len(row["post_list"]) > 50 else ""))  # fmt: skip


def _decide(campaign_id: int, status: str, by: str | None) -> None:
    import getpass

    from parley.cli import _engine, _settings
    from parley.coordination.store import record_decision
    from parley.store import audit

    who = by or getpass.getuser()
    try:
        with _engine(_settings()).begin() as connection:
            record_decision(connection, campaign_id, status, who)
            audit.record(connection, actor=f"cli:{who}", target=f"campaign:{campaign_id}",
                         action="campaign.confirm" if status == "confirmed" else "campaign.dismiss")  # fmt: skip
    except LookupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"campaign {campaign_id} {status} by {who}")


@campaigns_group.command(name="confirm")
@click.argument("campaign_id", type=int)
@click.option("--by", help="Who decides (default: the system user).")
def campaigns_confirm(campaign_id: int, by: str | None) -> None:
    """Mark a campaign confirmed: it stays confirmed as later runs grow it."""
    _decide(campaign_id, "confirmed", by)


@campaigns_group.command(name="dismiss")
@click.argument("campaign_id", type=int)
@click.option("--by", help="Who decides (default: the system user).")
def campaigns_dismiss(campaign_id: int, by: str | None) -> None:
    """Mark a campaign dismissed: later runs do not raise it again."""
    _decide(campaign_id, "dismissed", by)


@click.command(name="coordination")
@click.option("--seed", default=1, show_default=True, type=int)
@click.option(
    "--scenario",
    "scenarios",
    multiple=True,
    type=click.Choice(["water_army", "false_report"]),
    help="Simulated scenario(s) (default: both).",
)
@click.option(
    "--ira", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="The IRA CSV."
)
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    help="Data folder: evaluates DIR/ira/ira_2016-10-01_07.csv too.",
)
@click.option("--json", "as_json", is_flag=True)
def eval_coordination(seed: int, scenarios: tuple[str, ...], ira: Path | None, data: Path | None,
                      as_json: bool) -> None:  # fmt: skip
    """Account precision and recall on simulated campaigns; the IRA week's accounts."""
    from parley.coordination.evaluate import evaluate_ira, evaluate_scenario

    report: dict[str, Any] = {}
    for name in scenarios or ("water_army", "false_report"):
        report[name] = evaluate_scenario(name, seed)
    if ira is None and data is not None:
        ira = data / "ira" / "ira_2016-10-01_07.csv"
        if not ira.exists():
            raise click.ClickException(f"{ira} not found (the IRA data set)")
    if ira is not None:
        report["ira"] = evaluate_ira(ira)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for name, r in report.items():
        if name == "ira":
            click.echo(f"IRA week: {r['accounts_in_campaigns']} of {r['accounts']} accounts "
                       f"({r['share']:.0%}) in {r['campaigns']} campaigns; {r['posts']} posts, "
                       f"{r['seconds']} s")  # fmt: skip
            for c in r["largest"]:
                click.echo(f"  {c['summary']}")
            continue
        click.echo(f"{name} (seed {r['seed']}): precision {r['precision']:.3f}, recall "
                   f"{r['recall']:.3f} ({r['true_positives']} of {r['truth_accounts']} campaign "
                   f"accounts, {r['flagged_accounts']} flagged); organic accounts flagged: "
                   f"{r['organic_flagged']} of {r['organic_accounts']}")  # fmt: skip
        for c in r["campaigns"]:
            click.echo(f"  {c['summary']}")


@click.command(name="coordination")
@click.option(
    "--file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSONL, or the IRA CSV (default: simulated water_army traffic).",
)
@click.option(
    "--posts",
    default=20_000,
    show_default=True,
    type=int,
    help="At most this many posts of the input.",
)
@click.option("--window", default=60.0, show_default=True, type=float)
@click.option(
    "--network",
    "kinds",
    multiple=True,
    type=click.Choice(NETWORKS),
    help="Networks to compare (default: all).",
)
@click.option(
    "--live-posts",
    default=100_000,
    show_default=True,
    type=int,
    help="Simulated posts for the live detector's posts/s.",
)
@click.option("--json", "as_json", is_flag=True)
def bench_coordination(file: Path | None, posts: int, window: float, kinds: tuple[str, ...],
                       live_posts: int, as_json: bool) -> None:  # fmt: skip
    """Parley vs coordination-network-toolkit on the same input; the live detector's posts/s."""
    from parley.cli import _print_report
    from parley.coordination.evaluate import bench

    try:
        report = bench(file, posts=posts, window=window, networks=kinds or NETWORKS,
                       live_posts=live_posts)  # fmt: skip
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None
    _print_report(report, as_json)


def register(main: click.Group) -> None:
    """Add the commands to Parley's command line (one call in parley.cli)."""
    main.add_command(coordination)
    main.add_command(campaigns_group)
    main.commands["eval"].add_command(eval_coordination)  # type: ignore[attr-defined]
    main.commands["bench"].add_command(bench_coordination)  # type: ignore[attr-defined]


__all__ = ["read_jsonl", "register"]
