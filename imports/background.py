"""Imports that run outside the request: a thread of this process per import, and its progress.

``imports.services.import_batch_start`` marks the batch "importing" and, once that is
committed, calls ``start``: a daemon thread runs ``import_batch_run`` in its own database
connection and transaction. No worker process is needed, so it works the same under
``make run`` (SQLite) and gunicorn (PostgreSQL). A killed process takes its thread and its
uncommitted transaction with it; ``import_batch_recover`` then returns the batch to the dry run.

Progress ("n / N rows") is kept in this process's memory and in the Django cache, never in
the database: on SQLite a second writer would wait for the import's transaction to end.
With several gunicorn workers, a cache they share (``HOANHAP_CACHE_DIR``) lets every worker
show the count; without one, a worker other than the importing one shows "importing" without it.
"""

import datetime
import threading
import uuid

from django.core.cache import cache
from django.db import connection

_PROGRESS_SECONDS = 6 * 3600
_lock = threading.Lock()
_threads: dict[uuid.UUID, threading.Thread] = {}
_progress: dict[uuid.UUID, tuple[int, int]] = {}


def _key(batch_id: uuid.UUID) -> str:
    return f"imports:progress:{batch_id}"


def progress_set(batch_id: uuid.UUID, done: int, total: int) -> None:
    with _lock:
        _progress[batch_id] = (done, total)
    cache.set(_key(batch_id), (done, total), _PROGRESS_SECONDS)


def progress_get(batch_id: uuid.UUID) -> tuple[int, int] | None:
    with _lock:
        found = _progress.get(batch_id)
    if found is None:
        cached = cache.get(_key(batch_id))
        found = (int(cached[0]), int(cached[1])) if cached else None
    return found


def progress_clear(batch_id: uuid.UUID) -> None:
    with _lock:
        _progress.pop(batch_id, None)
    cache.delete(_key(batch_id))


def running(batch_id: uuid.UUID) -> bool:
    """Whether an import of the batch runs in a thread of this process."""
    with _lock:
        thread = _threads.get(batch_id)
    return thread is not None and thread.is_alive()


def start(batch_id: uuid.UUID, started_at: datetime.datetime) -> None:
    """Run the import of a batch marked "importing" in a new thread (called after the commit)."""
    _spawn(batch_id, started_at)


def _spawn(batch_id: uuid.UUID, started_at: datetime.datetime) -> None:
    thread = threading.Thread(target=_run, args=(batch_id, started_at), name=f"import-{batch_id}", daemon=True)
    with _lock:
        _threads[batch_id] = thread
    thread.start()


def _run(batch_id: uuid.UUID, started_at: datetime.datetime, *, own_connection: bool = True) -> None:
    from imports.services import import_batch_run

    try:
        import_batch_run(batch_id=batch_id, started_at=started_at)
    finally:
        with _lock:
            if _threads.get(batch_id) is threading.current_thread():
                del _threads[batch_id]
        if own_connection:
            connection.close()  # this thread's connection, not the server's
