"""Where ``evidencekit extract`` runs its batches: in this process, or on a Dask cluster."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator
from typing import Any

from evidencekit.worker import Item, extract_batch, failed_batch

LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False}
"""Dask settings of the LocalCluster that ``--engine dask`` starts (not of ``--scheduler``)."""

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
    one thread each. A batch whose worker dies is split and its files tried one by one; a
    file that still kills its worker is recorded as an error.
    """

    name = "dask"

    def __init__(
        self, scheduler: str | None = None, workers: int | None = None, in_flight: int | None = None
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers or os.cpu_count() or 1
        self.in_flight = in_flight
        self.cluster: Any = None
        self.client: Any = None

    def __enter__(self) -> DaskEngine:
        import logging

        from distributed import Client, LocalCluster

        if self.scheduler:
            self.client = Client(self.scheduler)
            self.workers = max(
                1, sum(w["nthreads"] for w in self.client.scheduler_info()["workers"].values())
            )
        else:
            import dask

            # the statistical profiler samples every worker's stack 100 times a second: CPU
            # the extraction needs on a small machine (no dashboard shows it here anyway)
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self.cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def run(self, batches: Iterable[list[Item]]) -> Iterator[dict[str, Any]]:
        from distributed import as_completed

        limit = self.in_flight or 2 * self.workers
        pending = iter(batches)
        retry: list[list[Item]] = []
        running = as_completed()
        submitted: dict[Any, list[Item]] = {}

        def submit(count: int) -> None:
            for batch in itertools.islice(itertools.chain(_drain(retry), pending), max(count, 0)):
                future = self.client.submit(extract_batch, batch, pure=False)
                submitted[future] = batch
                running.add(future)

        submit(limit)
        for future in running:
            batch = submitted.pop(future)
            try:
                result = future.result()
            except Exception as error:  # noqa: BLE001 - a worker died: retry the files one by one
                if len(batch) > 1:
                    retry.extend([item] for item in batch)
                    submit(limit - len(submitted))
                    continue
                result = failed_batch(batch, error)
            finally:
                future.release()
            submit(limit - len(submitted))
            yield result


def _drain(items: list[list[Item]]) -> Iterator[list[Item]]:
    while items:
        yield items.pop()
