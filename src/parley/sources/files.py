"""File sources: JSONL in the interchange format, and CSV with a column mapping.

Both read the file as bytes, report every bad record with its line (or row) and the reason,
and go on with the rest. They are resumable: each batch carries a cursor (byte offset and
line count) that the store saves with the batch, so an import or replay killed half-way
starts again right after the last stored batch.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from parley.bus.base import Cursor, PostBatch
from parley.domain import InputProblem, Post
from parley.interchange import AUTHOR_FIELDS, METRIC_FIELDS, POST_FIELDS, Decoder, RecordError
from parley.sources.base import Pacer, ProblemSink, SourceAborted, paced_groups

# When this many records in a row have all failed from the start, the file is not what the
# user thinks it is (wrong format, wrong mapping, no --timezone): stop and say so.
ABORT_AFTER = 100


def fingerprint(path: Path) -> str:
    """Identifies a file by its first 64 KiB: stable while the file grows, changed if replaced."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        digest.update(handle.read(65536))
    return digest.hexdigest()[:32]


@dataclass
class Read:
    """One record read from a file: a post or a problem, and where the reader is now."""

    post: Post | None
    problem: InputProblem | None
    position: int
    line: int


class FileSource:
    """Shared batching, pacing, resuming and problem reporting for file readers."""

    kind = "import"

    def __init__(
        self,
        path: Path,
        *,
        batch_size: int = 1000,
        pacer: Pacer | None = None,
        on_problem: ProblemSink | None = None,
        resume_from: Cursor | None = None,
        kind: str = "import",
    ) -> None:
        self.path = path
        self.name = f"{kind}:{path.resolve()}"
        self.kind = kind
        self.batch_size = batch_size
        self.pacer = pacer
        self.on_problem = on_problem or (lambda problem: None)
        self.fingerprint = fingerprint(path)
        self.resume_from = (
            resume_from
            if resume_from is not None
            and resume_from.fingerprint == self.fingerprint
            and not resume_from.done
            else None
        )
        self.read_records = 0
        self.problems = 0

    def reads(self, start: Cursor | None) -> Iterator[Read]:
        raise NotImplementedError

    def _checked(self, reads: Iterator[Read]) -> Iterator[Read]:
        """Reports each problem as it is read, and stops a file that is all wrong."""
        for read in reads:
            self.read_records += 1
            if read.problem is not None:
                self.problems += 1
                self.on_problem(read.problem)
                if self.problems == self.read_records and self.problems >= ABORT_AFTER:
                    raise SourceAborted(
                        f"stopped: the first {self.problems} records all failed; "
                        f"the last: {read.problem}"
                    )
            yield read

    async def batches(self) -> AsyncIterator[PostBatch]:
        position, line = (
            (self.resume_from.position, self.resume_from.line) if self.resume_from else (0, 0)
        )
        groups = paced_groups(
            self._checked(self.reads(self.resume_from)),
            moment=lambda read: read.post.created_at if read.post is not None else None,
            pacer=self.pacer,
            batch_size=self.batch_size,
        )
        async for group in groups:
            problems = [read.problem for read in group if read.problem is not None]
            # the cursor is where the last record of this batch ends, so a resumed run
            # starts right after what this batch stores
            position, line = group[-1].position, group[-1].line
            yield self._batch(
                [read.post for read in group if read.post is not None],
                position,
                line,
                len(problems),
                str(problems[-1]) if problems else None,
                False,
            )
        yield self._batch([], position, line, 0, None, True)

    def _batch(
        self,
        posts: list[Post],
        position: int,
        line: int,
        problems: int,
        last_problem: str | None,
        done: bool,
    ) -> PostBatch:
        cursor = Cursor(
            source=self.name, fingerprint=self.fingerprint, position=position, line=line, done=done
        )
        return PostBatch(
            source=self.name,
            posts=posts,
            cursor=cursor,
            problems=problems,
            last_problem=last_problem,
        )


class JsonlSource(FileSource):
    """Reads the interchange format, one JSON object per line."""

    def __init__(self, path: Path, *, decoder: Decoder, max_line_bytes: int, **kwargs: Any):
        super().__init__(path, **kwargs)
        self.decoder = decoder
        self.max_line_bytes = max_line_bytes

    def reads(self, start: Cursor | None) -> Iterator[Read]:
        position, number = (start.position, start.line) if start else (0, 0)
        with self.path.open("rb") as handle:
            handle.seek(position)
            while True:
                # readline with a limit never holds more than one oversized line in memory.
                line = handle.readline(self.max_line_bytes + 1)
                if not line:
                    return
                number += 1
                if len(line) > self.max_line_bytes and not line.endswith(b"\n"):
                    while line and not line.endswith(b"\n"):  # skip the rest of it
                        line = handle.readline(self.max_line_bytes + 1)
                    position = handle.tell()
                    yield Read(
                        None,
                        InputProblem(
                            f"line {number}",
                            f"longer than {self.max_line_bytes:,} bytes (PARLEY_MAX_LINE_BYTES)",
                        ),
                        position,
                        number,
                    )
                    continue
                position = handle.tell()
                if not line.strip():
                    continue
                try:
                    post = self.decoder.decode_line(line)
                except RecordError as exc:
                    yield Read(None, InputProblem(f"line {number}", str(exc)), position, number)
                    continue
                yield Read(post, None, position, number)


# Targets a CSV column can be mapped to: the interchange fields, dotted for nested ones.
LIST_TARGETS = ("urls", "hashtags", "mentions")
INT_TARGETS = {f"author.{n}" for n in ("followers", "following", "posts_count")} | {
    f"metrics.{n}" for n in METRIC_FIELDS
}
CSV_TARGETS = tuple(
    sorted(
        (POST_FIELDS - {"author", "metrics", "raw", "platform"})
        | {f"author.{n}" for n in AUTHOR_FIELDS}
        | {f"metrics.{n}" for n in METRIC_FIELDS}
    )
)


class MappingError(ValueError):
    """The column mapping does not fit the file (or names a field Parley does not have)."""


def parse_mapping(text: str) -> dict[str, str]:
    """`native_id=tweet_id,created_at=tweet_created,...` → {target: column}."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        target, sep, column = part.partition("=")
        target, column = target.strip(), column.strip()
        if not sep or not target or not column:
            raise MappingError(f"mapping entry {part!r} should look like field=column")
        if target not in CSV_TARGETS:
            raise MappingError(
                f"mapping names field {target!r}, which posts do not have; "
                f"fields: {', '.join(CSV_TARGETS)}"
            )
        mapping[target] = column
    for required in ("created_at", "text"):
        if required not in mapping:
            raise MappingError(f"the mapping must say which column holds {required!r}")
    return mapping


class CsvSource(FileSource):
    """Reads CSV with a header row; `mapping` says which column fills which post field.

    Without a `native_id` column, a post's id is a hash of its row, so importing the same
    file twice still stores each row once. Every row is kept verbatim as the post's `raw`.
    """

    def __init__(
        self,
        path: Path,
        *,
        decoder: Decoder,
        platform: str,
        mapping: dict[str, str],
        timezone: tzinfo | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(path, **kwargs)
        self.decoder = decoder
        self.platform = platform
        self.mapping = mapping
        decoder.default_timezone = timezone
        self.columns = self._header()
        missing = [c for c in mapping.values() if c not in self.columns]
        if missing:
            raise MappingError(
                f"the mapping names column(s) {', '.join(map(repr, missing))}, which "
                f"{path.name} does not have; its columns are: {', '.join(self.columns)}"
            )

    def _header(self) -> list[str]:
        with self.path.open("rb") as handle:
            first = handle.readline().decode("utf-8-sig", errors="replace")
        if not first.strip():
            raise MappingError(f"{self.path.name} is empty: a CSV file needs a header row")
        return next(csv.reader([first]))

    def reads(self, start: Cursor | None) -> Iterator[Read]:
        skip = start.line if start else 0
        with self.path.open("rb") as binary:
            text = io.TextIOWrapper(
                binary, encoding="utf-8-sig", errors="surrogateescape", newline=""
            )
            reader = csv.reader(text)
            header = next(reader, None)
            if header is None:
                return
            index = {name: i for i, name in enumerate(header)}
            row_number = 0
            for row in reader:
                row_number += 1
                if row_number <= skip:
                    continue
                where = f"row {row_number + 1}"  # the header is row 1, as a spreadsheet shows it
                try:
                    post = self._post(header, index, row)
                except RecordError as exc:
                    yield Read(None, InputProblem(where, str(exc)), 0, row_number)
                    continue
                yield Read(post, None, 0, row_number)

    def _post(self, header: list[str], index: dict[str, int], row: list[str]) -> Post:
        if len(row) != len(header):
            if not any(cell.strip() for cell in row):
                raise RecordError("empty row")
            raise RecordError(f"has {len(row)} fields, the header has {len(header)}")
        for cell in row:
            if any("\udc80" <= ch <= "\udcff" for ch in cell):
                raise RecordError("not valid UTF-8")
        raw = dict(zip(header, row, strict=True))
        record: dict[str, Any] = {"platform": self.platform}
        for target, column in self.mapping.items():
            value = row[index[column]]
            if target in INT_TARGETS:
                value = _csv_int(value, target)
            elif target in LIST_TARGETS:
                value = value.split() if value.strip() else None
            elif value == "" and target not in ("text",):
                value = None
            if value is None:
                continue
            head, _, tail = target.partition(".")
            if tail:
                record.setdefault(head, {})[tail] = value
            else:
                record[target] = value
        if "native_id" not in record:
            digest = hashlib.sha1("\x1f".join(row).encode("utf-8", "surrogateescape"))
            record["native_id"] = "row-" + digest.hexdigest()[:20]
        author = record.get("author")
        if author is not None and "native_id" not in author:
            raise RecordError("the mapping fills author fields but not author.native_id")
        return self.decoder.decode_record(record, raw=raw)


def _csv_int(value: str, target: str) -> int | None:
    value = value.strip().replace(",", "")
    if not value:
        return None
    try:
        return int(float(value)) if "." in value else int(value)
    except ValueError:
        raise RecordError(
            f"column for {target!r} should hold a whole number, got {value[:40]!r}"
        ) from None
