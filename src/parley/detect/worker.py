"""The detectors in their own process, so the pipeline's main process only hands them batches.

The main process decodes, runs the near-duplicate pass and stores; the crisis and water-army
detectors together cost it more than all of that (docs/performance.md). Here they run in a
child process fed the stored batches (slimmed: no raw payload, text cut to what the evidence
shows) over a bounded queue, as msgpack. The child writes alerts and campaigns to the store
itself. It leaves when its parent is gone (a SIGKILLed import must not leave it behind), and
a child that dies is restarted (its baselines relearnt) and logged, at most `MAX_RESTARTS`
times before the pipeline fails with the reason.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue as queue_module
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from parley.domain import Post
from parley.enrich.parallel import exit_with_parent
from parley.settings import Settings

log = logging.getLogger("parley.detect")

# What the detectors read of an enrichment (the rest stays behind).
KEYS = ("sentiment", "lang", "topics", "_terms", "dup_cluster")
QUEUE_BATCHES = 8  # batches waiting for the child at most (then the pipeline waits)
MAX_RESTARTS = 3
TEXT_KEPT = 500

_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(tuple[list[Post], list[dict[str, Any]], list[tuple[str, str]]])


def _child(
    database_url: str, settings: Settings, inbox: Any, parent: int, clock: Any = None
) -> None:
    threading.Thread(target=exit_with_parent, args=(parent,), daemon=True).start()
    from parley.detect.live import build_detection
    from parley.store.db import create_store_engine

    engine = create_store_engine(database_url)
    coordination, detection = build_detection(engine, settings, clock)
    from parley.gctune import tune_process

    tune_process()
    while True:
        item = inbox.get()
        if item is None:
            detection.finish()
            break
        posts, enrichments, new = _decoder.decode(item)
        new_keys = frozenset((platform, native_id) for platform, native_id in new)
        coordination(posts, enrichments, new_keys)
        detection.hook(posts, enrichments, new_keys)
    engine.dispose()


def _slim(post: Post) -> Post:
    if post.raw is None and not post.extra and len(post.text) <= TEXT_KEPT:
        return post
    return msgspec.structs.replace(post, text=post.text[:TEXT_KEPT], raw=None, extra=None)


class DetectorProcess:
    """A Pipeline `on_stored` hook that forwards each stored batch to the detector process."""

    def __init__(self, database_url: str, settings: Settings, *, clock: Any = None) -> None:
        self.database_url = database_url
        self.clock = clock  # a picklable "now" (StreamClock) or None for the wall clock
        self.settings = settings
        self.context = multiprocessing.get_context("spawn")
        self.restarts = 0
        # Started with the first stored batch: an app or command that stores nothing (a page
        # served, a test client) spawns no process.
        self.process: Any = None

    def _start(self) -> None:
        self.inbox = self.context.Queue(maxsize=QUEUE_BATCHES)
        self.process = self.context.Process(
            target=_child,
            args=(self.database_url, self.settings, self.inbox, os.getpid(), self.clock),
            name="parley-detect",
            daemon=True,
        )
        self.process.start()

    def _alive(self) -> None:
        if self.process is None:
            self._start()
            return
        if self.process.is_alive():
            return
        if self.restarts >= MAX_RESTARTS:
            raise RuntimeError(
                f"the detector process died {self.restarts + 1} times (last exit code "
                f"{self.process.exitcode}); alerts are not being raised"
            )
        self.restarts += 1
        log.error("the detector process died (exit code %s); restarting it (%d of %d): its "
                  "baselines are relearnt", self.process.exitcode, self.restarts, MAX_RESTARTS)  # fmt: skip
        self._start()

    def __call__(
        self, posts: Sequence[Post], enrichments: Sequence[dict[str, Any]],
        new_keys: Iterable[tuple[str, str]],
    ) -> None:  # fmt: skip
        slim = [_slim(p) for p in posts]
        wanted = [{k: e[k] for k in KEYS if k in e} for e in enrichments]
        data = _encoder.encode((slim, wanted, list(new_keys)))
        while True:
            self._alive()
            try:
                self.inbox.put(data, timeout=1.0)
                return
            except queue_module.Full:
                continue  # the child is busy; wait for it (and check it is still there)

    def finish(self, timeout: float = 600.0) -> None:
        """End of input: the child closes its last minutes, clusters once more, and leaves."""
        if self.process is None or not self.process.is_alive():
            return
        self.inbox.put(None)
        self.process.join(timeout)
        if self.process.is_alive():
            log.error("the detector process did not finish within %.0f s; stopping it", timeout)
            self.process.terminate()

    def close(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(5.0)
