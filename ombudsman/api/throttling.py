"""The API's throttle for anonymous clients: counted atomically in the shared cache, and keyed on
the client's address as the trusted proxies report it.

DRF's own `AnonRateThrottle` keeps a list of request times per client and writes it back after
each request: two servers (or two threads) reading the same list both let a request through, so
16 parallel clients passed 1,338 of 1,500 requests under a limit of 600. django-ratelimit counts
with the cache's atomic increment in fixed windows instead, which Redis shares between servers.

The client is the address `NUM_PROXIES` hops from the end of `X-Forwarded-For` (DRF's
`get_ident`): with the default of 0 the header is ignored and the connection's address counts,
so a client cannot become a new one by sending a made-up header.
"""

from __future__ import annotations

from django_ratelimit.core import get_usage
from rest_framework.throttling import AnonRateThrottle


class SharedAnonThrottle(AnonRateThrottle):
    def allow_request(self, request, view) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        if self.rate is None:
            return True
        # A WSGI server always gives REMOTE_ADDR; a request without one (a test harness) is
        # still one client, not an error.
        ident = self.get_ident(request) or "no-address"
        usage = get_usage(
            request._request,
            group=f"api-{self.scope}",
            key=lambda _group, _request: ident,
            rate=_ratelimit_rate(self.rate),
            increment=True,
        )
        self._time_left = usage["time_left"]
        return not usage["should_limit"]

    def wait(self) -> float | None:
        """Seconds until the window ends: sent as Retry-After with the 429."""
        return max(getattr(self, "_time_left", 0), 1)


def _ratelimit_rate(rate: str) -> str:
    """DRF writes "600/minute"; django-ratelimit reads "600/m"."""
    count, period = rate.split("/")
    return f"{count}/{period[0]}"
