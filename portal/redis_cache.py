"""Django's Redis cache, reusing one client per connection pool, and announcing changes.

Django's backend builds a new `redis.Redis` for every cache call, and building one costs
more than the round trip to Redis itself (it fills a table of some 170 reply parsers).
The client is safe to share: connections still come from the pool, per call.

Besides the cache, Redis carries the news of a change to every process (portal/
content_version.py): `raise_and_announce` raises a counter and publishes its new value in
one step, and `listen` subscribes to that news.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

# Run by Redis as one command: no reader can see the raised counter before the news of it
# is on its way to every subscriber. A counter lost from the cache (a restart, an
# eviction) starts again at ARGV[1], which the caller makes larger than any number before.
RAISE_AND_ANNOUNCE = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('INCR', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[1])
end
-- As the stored string: Lua's numbers would round a 19-digit counter.
local version = redis.call('GET', KEYS[1])
redis.call('PUBLISH', KEYS[1], version)
return version
"""
SUBSCRIBE_TIMEOUT = 5


class ReusedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    # What portal/content_version.py looks for: this cache can tell every process of a change.
    announces_changes = True

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
        self._raise_script = None

    def raise_and_announce(self, key: str, start: int) -> int:
        """Raise the counter under `key` (or start it at `start`) and publish its new value
        on the channel of the same name."""
        client = self._cache.get_client(write=True)
        if self._raise_script is None:
            self._raise_script = client.register_script(RAISE_AND_ANNOUNCE)
        return int(self._raise_script(keys=[self.make_and_validate_key(key)], args=[start], client=client))

    def listen(self, key: str):
        """A subscription (redis-py's PubSub) to what `raise_and_announce` publishes for `key`,
        with the subscription confirmed: nothing published after this returns is missed."""
        pubsub = self._cache.get_client(write=True).pubsub()
        pubsub.subscribe(self.make_and_validate_key(key))
        confirmation = pubsub.get_message(timeout=SUBSCRIBE_TIMEOUT)
        if confirmation is None or confirmation["type"] != "subscribe":
            pubsub.close()
            raise ConnectionError("Redis did not confirm the subscription to the content version.")
        return pubsub
