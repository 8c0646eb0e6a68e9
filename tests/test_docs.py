"""Documentation drift is a test failure: every command, option and setting is documented."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import click

from parley.cli import main
from parley.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"
README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(group: click.Group, prefix: str = "parley") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


def test_every_command_and_option_is_in_docs_cli():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    missing = []
    for path, command in _commands(main):
        if not isinstance(command, click.Group) and f"`{path}" not in text:
            missing.append(path)
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in param.opts:
                    if opt.startswith("--") and opt != "--help" and f"`{opt}" not in text:
                        missing.append(f"{path} {opt}")
    assert not missing, f"undocumented in docs/cli.md: {missing}"


def test_every_setting_is_in_docs_configuration():
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    missing = [f.name for f in fields(Settings) if f"`PARLEY_{f.name.upper()}`" not in text]
    assert not missing, f"undocumented in docs/configuration.md: {missing}"


def test_readme_starts_with_the_two_commands_and_links_exist():
    text = README.read_text(encoding="utf-8")
    quick_start = text.index("## Quick start")
    assert text.index("make run") > quick_start and text.index("make test") > quick_start
    assert text.index("make run") < text.index("## Bring your own posts")
    for link in [part.split(")")[0] for part in text.split("](")[1:]]:
        if not link.startswith("http"):
            assert (README.parent / link).exists(), f"README links to missing {link}"


def test_no_merge_conflict_markers_are_left_anywhere():
    root = DOCS.parent
    marked = []
    for folder in ("docs", "src", "tests"):
        for path in (root / folder).rglob("*"):
            if path.suffix not in {".md", ".py", ".html", ".css", ".js", ".toml", ".txt"}:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if line.startswith(("<<<<<<< ", ">>>>>>> ")) or line == "=======":
                    marked.append(f"{path.relative_to(root)}:{number}")
    for path in (README, root / "Makefile", root / "pyproject.toml"):
        if any(line.startswith(("<<<<<<< ", ">>>>>>> ")) for line in path.read_text().splitlines()):
            marked.append(path.name)
    assert not marked, f"merge conflict markers: {marked}"


def test_every_command_the_readme_shows_exists_with_its_options():
    """The README's examples are run by newcomers: each `parley ...` line must name real
    commands and options."""
    import shlex

    lines = [
        line.strip()
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(".venv/bin/parley ")
    ]
    assert lines
    for line in lines:
        words = shlex.split(line.rstrip("\\"), comments=True)[1:]
        command: click.Command = main
        while isinstance(command, click.Group) and words and not words[0].startswith("-"):
            found = command.get_command(click.Context(command), words[0])
            assert found is not None, f"README: {line!r}: no command {words[0]!r}"
            command, words = found, words[1:]
        known = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        for word in words:
            if word.startswith("--"):
                assert word.split("=")[0] in known, f"README: {line!r}: no option {word}"
