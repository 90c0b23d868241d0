"""The API's rate limit: API_RATE_LIMIT requests per client, counted in the shared
default cache (so the limit holds across every server process), past which the
answer is 429 with Retry-After.

A client is its IP address as allauth's rate limits see it: behind the load balancer,
the address it reports (BEHIND_PROXY, PROXY_COUNT, CLIENT_IP_HEADER).
"""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from rest_framework.throttling import SimpleRateThrottle


class ApiClientThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read on each request (not frozen at import, as DRF's THROTTLE_RATES is), so a
        # test's ``settings`` fixture can change it.
        return settings.API_RATE_LIMIT

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_ident(self, request):
        try:
            return get_adapter().get_client_ip(request._request)
        except PermissionDenied:
            return super().get_ident(request)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
