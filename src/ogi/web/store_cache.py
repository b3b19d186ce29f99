"""Answers computed over the whole store (the filter choices, a region's figures) kept per process until the store
changes: they read every current reading's JSON, 0.2 s each at 10,000 reports, while the store changes only when
a reading is added. The store's version is (the highest reading id, the number of readings, the newest unit
list): a reading is never updated but by a newer one superseding it (ogi.corpus.store), and never deleted, so a
change of what the pages show always changes the version. Each worker process keeps its own copy and checks the
version on every request (one indexed query), so workers never disagree for longer than a request."""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select

from ogi.corpus.records import Reading, UnitList

__all__ = ["cached", "store_version"]

T = TypeVar("T")
MAX_ENTRIES = 256  # per engine: the scopes × regions × years asked for; the oldest answer goes first
_lock = threading.Lock()
_caches: weakref.WeakKeyDictionary[Engine, OrderedDict[Hashable, Any]] = weakref.WeakKeyDictionary()


def store_version(engine: Engine) -> tuple[int, int, int]:
    """What changes whenever a reading or a unit list is added (see the module's docstring)."""
    with engine.connect() as conn:
        top, count = conn.execute(select(func.max(Reading.id), func.count(Reading.id))).one()
        units = conn.execute(select(func.max(UnitList.id))).scalar()
    return top or 0, count, units or 0


def cached(engine: Engine, key: Hashable, compute: Callable[[], T]) -> T:
    """The answer `compute` gives for `key` at the store's present version: computed once per version."""
    full = (store_version(engine), key)
    with _lock:
        cache = _caches.setdefault(engine, OrderedDict())
        if full in cache:
            cache.move_to_end(full)
            return cache[full]
    answer = compute()  # outside the lock: two requests may both compute a new version once, never wait
    with _lock:
        cache[full] = answer
        while len(cache) > MAX_ENTRIES:
            cache.popitem(last=False)
    return answer
