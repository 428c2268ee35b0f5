"""What a worker holds in its own memory: the last few values it read from the shared cache, each until
its time is up, so that the next request spares a round trip to Redis.

Used by `core.queries.versioned()` (the menu, the settings, a page's figures) and by the page cache's held
pages (`core.pagecache`). Callers hold bytes (pickled), never live objects: every request gets a copy of
its own, and nothing one request changes is seen by the next.
"""

import threading
from collections import OrderedDict


class WorkerMemory:
    """At most `size` values, the least recently used dropped first; each held until `until` on `clock`."""

    def __init__(self, size, clock):
        self.size = size
        self.clock = clock
        self._held = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        """The value held under `key`, or None when there is none or its time is up."""
        with self._lock:
            held = self._held.get(key)
            if held is None:
                return None
            if held[0] <= self.clock():
                del self._held[key]
                return None
            self._held.move_to_end(key)
            return held[1]

    def put(self, key, value, until):
        with self._lock:
            self._held[key] = (until, value)
            self._held.move_to_end(key)
            while len(self._held) > self.size:
                self._held.popitem(last=False)
