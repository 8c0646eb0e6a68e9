"""Garbage-collector settings for the pipeline's processes.

Python's cyclic collector runs after every 700 net allocations of container objects and,
every hundred of those runs, walks every object the process holds. A pipeline allocates
dozens of dicts, lists and tuples per post and keeps large long-lived structures (topic
matchers, caches, detector state), so with the defaults a quarter of the main process's
CPU and a third of the detector process's went to the collector (docs/performance.md,
"Pipeline throughput, 2026-12-03"). Almost none of it is cyclic garbage: posts and their
enrichments are freed by reference counting as soon as a batch is stored.

So while a pipeline runs, what was built before it (models, matchers, imported modules) is
frozen out of the collector's sight (`gc.freeze`), and the collector runs after 50,000 net
allocations instead of 700, the older generations less often too. Cycles are still
collected, just less often; memory stays bounded by the thresholds.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 20, 100)

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


def tune_process() -> None:
    """For a process that only runs the pipeline (enrichment worker, detector process):
    freeze what it has built so far and raise the thresholds for the rest of its life."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


@contextmanager
def pipeline_gc() -> Iterator[None]:
    """The same for the duration of a pipeline run in a process that does other things too
    (the CLI, the web app): the previous settings come back when the last run ends."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()  # type: ignore[assignment]
            gc.freeze()
            gc.set_threshold(*THRESHOLDS)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                gc.unfreeze()
                _saved = None
