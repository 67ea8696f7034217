"""Where ``evidencekit extract`` runs its batches: in this process, or on a Dask cluster."""

from __future__ import annotations

import collections
import itertools
import os
import time
from collections.abc import Iterable, Iterator
from typing import Any

from evidencekit.archive.worker import Item, extract_batch, failed_batch
from evidencekit.errors import KitError

WATCH_SECONDS = 10.0  # how often a run waiting on its futures checks that the cluster has workers
GATHER_SECONDS = 30.0  # longest wait for the result of a finished batch before it counts as lost
MAX_LOST = 3  # a file whose result is lost this many times is recorded as an error

LOCAL_CLUSTER_CONFIG = {
    # the statistical profiler samples every worker's stack 100 times a second: CPU the
    # extraction needs on a small machine (no dashboard shows it here anyway)
    "distributed.worker.profile.enabled": False,
    # a task whose worker dies fails at once: the engine retries its files itself, each alone
    # (Dask's own retries would kill a worker per retry, and blame the tasks queued beside it)
    "distributed.scheduler.allowed-failures": 0,
}
"""Dask settings of the LocalCluster that ``--engine dask`` starts (not of ``--scheduler``)."""
LIFELINE = "evidencekit.lifeline"
"""Preloaded in every worker process of the LocalCluster (their nannies run in this process):
they end when the run's process ends, even when it is killed (see :mod:`evidencekit.lifeline`)."""

# --- engines --------------------------------------------------------------------------------


class LocalEngine:
    """Extract batches one after the other in this process."""

    name = "local"
    workers = 1

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def run(self, batches: Iterable[list[Item]]) -> Iterator[dict[str, Any]]:
        for batch in batches:
            yield extract_batch(batch)


class DaskEngine:
    """Extract batches on a Dask cluster, at most ``in_flight`` batches submitted at a time.

    Without ``scheduler``: a LocalCluster of ``workers`` processes (default: one per core),
    one thread each. A batch whose worker dies is split and its files tried one by one, each
    alone on the cluster; a file that still kills its worker is recorded as an error. A
    cluster left without any worker for ``no_workers_timeout`` seconds stops the run with a
    :class:`KitError` (the store is left as it was).
    """

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        in_flight: int | None = None,
        no_workers_timeout: float = 120.0,
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers or os.cpu_count() or 1
        self.in_flight = in_flight
        self.no_workers_timeout = no_workers_timeout
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> DaskEngine:
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler:
            self.client = Client(self.scheduler)
            self.workers = max(1, sum(self.client.nthreads().values()))
        else:
            import dask

            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self.cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                    preload=[LIFELINE],  # each worker process ends with this process
                )
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def run(self, batches: Iterable[list[Item]]) -> Iterator[dict[str, Any]]:
        """Results of ``batches`` as they complete (in any order).

        When a worker dies, Dask fails every task it held, so a failed batch proves nothing
        about its files: they become suspects. Once the batches in flight are done, each
        suspect runs alone; one that fails with nothing else running is the file that kills
        its worker (after Dask's own retries) and is recorded as an error.
        """
        limit = self.in_flight or 2 * self.workers
        pending = iter(batches)
        suspects: collections.deque[Item] = collections.deque()
        submitted: dict[Any, list[Item]] = {}
        alone = False  # a suspect is running by itself

        def top_up() -> None:
            nonlocal alone
            if suspects or alone:
                if not submitted:
                    item = suspects.popleft()
                    submitted[self.client.submit(extract_batch, [item], pure=False)] = [item]
                    alone = True
                return
            for batch in itertools.islice(pending, max(limit - len(submitted), 0)):
                submitted[self.client.submit(extract_batch, batch, pure=False)] = batch

        lost: collections.Counter[str] = collections.Counter()  # results lost, per file
        top_up()
        while submitted:
            for future in self._first_done(list(submitted)):
                batch = submitted.pop(future)
                isolated, alone = alone, False
                try:
                    result = future.result(timeout=GATHER_SECONDS)
                except TimeoutError as error:
                    # a finished batch whose worker died before its result was fetched: Dask
                    # computes it again, perhaps next to the file that kills workers; try alone
                    future.cancel()
                    lost.update(item.path for item in batch)
                    for item in batch:
                        if lost[item.path] < MAX_LOST:
                            suspects.append(item)
                        else:
                            yield failed_batch([item], error)
                    continue
                except Exception as error:  # noqa: BLE001 - a worker died (or the task failed)
                    if not isolated:
                        suspects.extend(batch)
                        continue
                    result = failed_batch(batch, error)
                finally:
                    future.release()
                yield result
            top_up()

    def _first_done(self, futures: list[Any]) -> set[Any]:
        """The futures done, waiting for at least one; a cluster left without workers for
        ``no_workers_timeout`` seconds raises instead of waiting forever."""
        from distributed import wait

        since: float | None = None
        while True:
            try:
                return set(wait(futures, timeout=WATCH_SECONDS, return_when="FIRST_COMPLETED").done)
            except TimeoutError:
                if self.client.nthreads():
                    since = None
                    continue
                since = since or time.monotonic()
                if time.monotonic() - since >= self.no_workers_timeout:
                    where = self.scheduler or "the LocalCluster"
                    message = (
                        f"the Dask cluster ({where}) has had no workers for {self.no_workers_timeout:.0f} s: "
                        "its workers died and were not restarted (see the worker logs: a crash at "
                        "start-up, memory limits); the store keeps its previous state, run again"
                    )
                    raise KitError(message) from None
