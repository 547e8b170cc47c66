"""A rate per key (a user, a client address), counted in this process's memory.

With several workers, each allows the configured rate. The refusal is the same everywhere:
a localized 429 ``rate_limited`` saying when to try again.
"""

import math
import time
from collections.abc import Callable

from limits import parse as parse_rate_limit
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from .replies import Reply, error_reply


class RateLimit:
    def __init__(self, rate: str) -> None:
        self.rate = parse_rate_limit(rate)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def hit(self, *key: str) -> bool:
        """Count one for ``key``; False if that went past the rate."""
        return await self.limiter.hit(self.rate, *key)

    async def allows(self, *key: str) -> bool:
        """Whether ``key`` is under the rate, without counting anything."""
        return await self.limiter.test(self.rate, *key)

    async def refusal(self, _: Callable[[str], str], *key: str) -> Reply:
        """The 429 for ``key``, with the seconds until its window lets it through."""
        stats = await self.limiter.get_window_stats(self.rate, *key)
        reply = error_reply(429, "rate_limited", _("Too many requests. Please try again shortly."))
        reply.headers["retry-after"] = str(max(1, math.ceil(stats.reset_time - time.time())))
        return reply
