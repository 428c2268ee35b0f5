"""Django's Redis cache, with its Redis client made once per connection pool and no memcached key check.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation, and
redis-py 8 fills a table of some 170 response callbacks in each (cProfile: 950 of them for 50 uncached
home pages, 17 cache operations a page). The client is thread-safe and holds no connection of its own
(the pool does), so one per pool serves every operation.

Django's base cache checks every key against memcached's rules (at most 250 characters, no spaces or
control characters) to warn of keys memcached would refuse. Redis takes any key, and the check walks each
key's characters in Python: a kept event page is checked against some 40 version keys on every read, and
the check was a sixth of that read's CPU. It is not made here.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptRedisCacheClient

    def validate_key(self, key):
        """Redis takes any key: memcached's rules do not apply."""
