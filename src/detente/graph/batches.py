"""Running batches of work in this process or on a Dask cluster.

Sensitivity and uncertainty sweeps are cut into batches of preference profiles whose results
depend only on the batch (its seeds are derived from the batch's own blocks, see
:mod:`detente.graph.uncertainty`). :func:`run_batches` runs them

- in this process, one after the other (the default: no cluster, nothing to start);
- on a local ``dask.distributed`` cluster of ``workers`` processes it starts and stops;
- on an existing cluster, given the scheduler's address (``tcp://HOST:PORT``).

Results come back in task order whatever order the batches finish in, so the caller's sums
are the same on any number of workers. A worker that dies mid-run loses its batches, which
the scheduler runs again elsewhere (Dask's own resilience; a batch is a pure function of its
task). Ctrl-C cancels the outstanding futures and closes the client (and the local cluster)
before the interruption goes on. An unreachable scheduler is a clear error (exit 2), within
:data:`CONNECT_TIMEOUT` seconds.

Dask: Rocklin, M. (2015). Dask: parallel computation with blocked algorithms and task
scheduling. *Proceedings of the 14th Python in Science Conference*, 130–136.

>>> run_batches(abs, [-1, 2, -3])
[1, 2, 3]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from detente.model.errors import ModelError

__all__ = ["run_batches", "probe_scheduler", "max_local_workers", "worker_threads",
           "min_batches", "BATCHES_PER_WORKER", "CLUSTER_BATCHES", "CONNECT_TIMEOUT"]

#: Seconds to wait for a scheduler before giving up.
CONNECT_TIMEOUT = 3


def probe_scheduler(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Check that something listens at a ``tcp://HOST:PORT`` scheduler address before any
    work starts (a clear :class:`ModelError` otherwise, after at most ``timeout`` seconds).

    >>> probe_scheduler("http://x")
    Traceback (most recent call last):
    ...
    detente.model.errors.ModelError: --scheduler: 'http://x' is not a Dask scheduler address; write tcp://HOST:PORT
    """
    import socket
    from urllib.parse import urlparse

    try:
        url = urlparse(address if "://" in address else f"tcp://{address}")
        bad = url.scheme != "tcp" or not url.hostname or url.port is None
    except ValueError:  # e.g. an unclosed IPv6 bracket, a port out of range
        bad = True
    if bad:
        raise ModelError(f"{address!r} is not a Dask scheduler address; write tcp://HOST:PORT",
                         field="--scheduler")
    try:
        with socket.create_connection((url.hostname, url.port), timeout=timeout):
            pass
    except OSError as exc:
        raise ModelError(f"cannot reach the Dask scheduler at {address} ({exc.strerror or exc});"
                         " start one with 'dask scheduler' or leave --scheduler out",
                         field="--scheduler") from None


def max_local_workers() -> int:
    """The most worker processes a local cluster may start: one per core (at least two)."""
    return max(2, os.cpu_count() or 1)


#: Batches per worker a distributed run is cut into (at least): with several each, the
#: workers finish together rather than one waiting on the last big batch.
BATCHES_PER_WORKER = 4
#: Batches a run on an existing cluster (of unknown size) is cut into, at least.
CLUSTER_BATCHES = 32


def min_batches(workers: int | None, scheduler: str | None) -> int:
    """How many batches to cut a run into, at least: one in process, a few per local
    worker, :data:`CLUSTER_BATCHES` on an existing cluster.

    >>> min_batches(None, None), min_batches(2, None), min_batches(None, "tcp://h:8786")
    (1, 8, 32)
    """
    if scheduler is not None:
        return CLUSTER_BATCHES
    return 1 if workers is None else BATCHES_PER_WORKER * workers


def worker_threads(workers: int) -> int:
    """Numba threads for each of ``workers`` local worker processes: the cores shared out
    (at least one each).

    >>> worker_threads(os.cpu_count() or 1)
    1
    """
    return max(1, (os.cpu_count() or 1) // workers)


def run_batches(fn: Callable[[Any], Any], tasks: Sequence[Any], *, workers: int | None = None,
                scheduler: str | None = None,
                progress: Callable[[str], None] | None = None) -> list[Any]:
    """``[fn(t) for t in tasks]``, here or on a Dask cluster (see the module docstring).

    Parameters
    ----------
    fn:
        A function importable by the workers (module level).
    tasks:
        Its arguments, one per batch (picklable).
    workers:
        Start a local cluster of this many worker processes (one thread each).
    scheduler:
        The address of an existing scheduler; ``workers`` is then ignored.
    progress:
        Called with ``"batch k of n"`` as batches finish.
    """
    tick = progress or (lambda _m: None)
    n = len(tasks)
    if workers is None and scheduler is None:
        out = []
        for k, t in enumerate(tasks):
            out.append(fn(t))
            tick(f"batch {k + 1} of {n}")
        return out
    if workers is not None and workers < 1:
        raise ModelError("the number of workers must be at least 1", field="--workers")
    if workers is not None and scheduler is None and workers > max_local_workers():
        raise ModelError(f"{workers} local workers on {os.cpu_count() or 1} cores: each is a "
                         "process with its own copy of the model, and more processes than "
                         f"cores only cost memory; use at most {max_local_workers()}, or "
                         "--scheduler for a cluster", field="--workers")
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    try:
        if scheduler is not None:
            try:
                client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ModelError(f"cannot reach the Dask scheduler at {scheduler} within "
                                 f"{CONNECT_TIMEOUT} s ({type(exc).__name__}: {exc}); start "
                                 "one with 'dask scheduler' or leave --scheduler out",
                                 field="--scheduler") from None
        else:
            # each worker's compiled kernels get their share of the cores (Numba would
            # otherwise start a thread per core in every worker: oversubscribed)
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=50,
                                   env={"NUMBA_NUM_THREADS": str(worker_threads(workers or 1))})
            client = Client(cluster)
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    futures: list[Any] = []
    try:
        futures = client.map(fn, list(tasks), pure=False)
        index = {f.key: k for k, f in enumerate(futures)}
        results: list[Any] = [None] * n
        for done, fut in enumerate(as_completed(futures), start=1):
            results[index[fut.key]] = fut.result()
            tick(f"batch {done} of {n}")
        return results
    except BaseException:
        if futures:
            client.cancel(futures, force=True)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
