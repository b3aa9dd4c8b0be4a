"""One number that moves on whenever the page tree, or what pages show, changes.

Caches of what is derived from pages (course outlines, rendered lesson blocks, URL routes,
the catalogue link) put it in their keys, so that they are never invalidated one by one: a
page saved, published, unpublished, moved or deleted, a view restriction, a site, an image,
a document or a snippet changed (learning/signal_handlers.py), a bulk write
(casestudies/bulk.py) or `manage.py pages_changed` moves the version on, and every old key is
simply never read again and expires.

The version lives in the shared cache (Redis in production), so every app server and worker
sees the same one, and it moves only **after the transaction commits**: moved earlier, a
concurrent request could read the old rows and cache them under the new version, where they
would stay; moved inside a transaction that is then rolled back, the version would name a
tree that never existed. Until its commit, the transaction that made the change reads and
writes its caches under a private version of its own (nobody else reads those keys), so it
still sees its own changes. See docs/decisions/learning-shared-cache-version.md.
"""

import threading
import time
import uuid
import weakref

from django.core.cache import cache
from django.db import transaction


class SharedVersion:
    """A version in the shared cache that moves on commit; see the module's docstring."""

    # Every version made, so that `forget_pending()` reaches those of other apps (case
    # studies' library, certificates' status lists) without this module importing them.
    instances: "weakref.WeakSet[SharedVersion]" = weakref.WeakSet()

    def __init__(self, key: str) -> None:
        self.key = key
        self._local = threading.local()
        SharedVersion.instances.add(self)

    def current(self) -> str:
        version = getattr(self._local, "seen", None)
        if version is None:
            version = cache.get(self.key)
            if version is None:
                cache.add(self.key, self._new(), None)
                version = cache.get(self.key)
            if getattr(self._local, "in_request", False):
                self._local.seen = version  # read once per request (see request_begins)
        pending = getattr(self._local, "pending", None)
        if pending is not None:
            if not transaction.get_autocommit():
                # Still under the shared version: moved (or the cache flushed) meanwhile by
                # someone else, the private one moves too.
                return f"{version}+{pending}"
            self._local.pending = None  # its transaction ended (committed or rolled back)
        return str(version)

    def changed(self) -> None:
        """Move the version once the current transaction commits (now, outside one)."""
        if transaction.get_autocommit():
            self.move()
            return
        # A new private part for each change, so the transaction's own later reads miss
        # what it cached before the change.
        self._local.pending = f"pending-{uuid.uuid4().hex}"
        transaction.on_commit(self._committed)

    def move(self) -> None:
        """Move the version now (outside transactions: a command, a restore)."""
        cache.set(self.key, self._new(), None)
        self._local.seen = None

    def request_begins(self) -> None:
        """A request reads the shared version once and keeps it to its end: a lesson asked
        for it six times (routing, outline, body, links), six cache round trips. Keeping an
        older version for the rest of a request is safe: what the request caches under it is
        at least as new as that version, never older rows under a newer one."""
        self._local.seen = None
        self._local.in_request = True

    def request_ends(self) -> None:
        self._local.seen = None
        self._local.in_request = False

    def forget_pending(self) -> None:
        """Drop this thread's private version; called when a request or a task starts outside
        any transaction, so that a private version left by a rolled-back transaction is never
        read by the next one."""
        self._local.pending = None

    def _committed(self) -> None:
        # One move per commit, however many changes registered a callback (those registered
        # in a savepoint that was rolled back never run).
        if getattr(self._local, "pending", None) is not None:
            self._local.pending = None
            self.move()

    @staticmethod
    def _new() -> str:
        return f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"


class ProcessCache:
    """Values of the shared cache also kept in this process, for keys that hold a shared
    version: such a key never changes meaning, so its entry never goes stale (another process
    moving the version is a miss here), and a request is spared a round trip and an unpickling
    per read. Entries are read-only for callers; emptied when they pass `limit`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._values: dict[str, object] = {}

    def get_many(self, keys: list[str]) -> dict:
        found = {key: self._values[key] for key in keys if key in self._values}
        if len(found) < len(keys):
            shared = cache.get_many([key for key in keys if key not in found])
            self._remember(shared)
            found.update(shared)
        return found

    def set_many(self, entries: dict, timeout: int = 3600) -> None:
        cache.set_many(entries, timeout)
        self._remember(entries)

    def get_or_set(self, key: str, compute):
        """The value under `key`: from the process, else the shared cache, else `compute()`."""
        found = self.get_many([key])
        if key not in found:
            found[key] = compute()
            self.set_many({key: found[key]})
        return found[key]

    def _remember(self, entries: dict) -> None:
        if len(self._values) + len(entries) > self.limit:
            self._values.clear()
        self._values.update(entries)


PAGE_TREE = SharedVersion("pagetree:version")
VERSION_KEY = PAGE_TREE.key


def tree_version() -> str:
    return PAGE_TREE.current()


def tree_changed(**_kwargs) -> None:
    PAGE_TREE.changed()


def requests_begin() -> None:
    for version in list(SharedVersion.instances):
        version.request_begins()


def requests_end(**_kwargs) -> None:
    for version in list(SharedVersion.instances):
        version.request_ends()


def forget_pending() -> None:
    """Drop this thread's private part of every shared version (the page tree's and those
    other apps made: a version not made yet has nothing to forget)."""
    for version in list(SharedVersion.instances):
        version.forget_pending()
