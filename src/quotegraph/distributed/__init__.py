"""Scale-out: extraction over a local process pool, or over a Ray cluster (``quotegraph[ray]``)."""

from .pool import WorkerPool, default_workers

__all__ = ["WorkerPool", "default_workers"]
