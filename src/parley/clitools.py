"""What the command groups share: id arguments, `--json`, and a connection to the store whose
store errors become one clear line (exit 1, or 2 for a `Refused` request)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import click
from sqlalchemy import Connection

ID = click.IntRange(1, 2**63 - 1)  # the id columns are 64-bit
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


class Refused(click.ClickException):
    """A request the store refused (bad input, unknown id): one line, exit status 2."""

    exit_code = 2


def store_opener(
    *errors: type[Exception], refusal: type[click.ClickException] = click.ClickException
) -> Callable[..., AbstractContextManager[Connection]]:
    """`_store(write=False)`: a connection (a transaction when writing) to the configured
    store; any of `errors` raised inside becomes `refusal` with its message."""

    @contextmanager
    def _store(write: bool = False) -> Iterator[Connection]:
        from parley.cli import _engine, _settings  # parley.cli registers the groups at its end

        engine = _engine(_settings())
        try:
            with engine.begin() if write else engine.connect() as connection:
                yield connection
        except errors as exc:
            raise refusal(str(exc)) from None
        finally:
            engine.dispose()

    return _store
