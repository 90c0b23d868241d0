"""Security headers Django and django-csp do not set: Permissions-Policy and
Cross-Origin-Resource-Policy, on every response.

It sits above WhiteNoise in MIDDLEWARE (WhiteNoise answers static files itself
and returns early, so a middleware below it never sees those responses).
Values come from settings (PERMISSIONS_POLICY, CROSS_ORIGIN_RESOURCE_POLICY);
a header a view has already set is left alone.
"""

from django.conf import settings


def permissions_policy_value(features):
    """{"camera": [], "fullscreen": ["self"]} → 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{name}=({' '.join(allow)})" for name, allow in features.items())


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy and Cross-Origin-Resource-Policy to every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Permissions-Policy": permissions_policy_value(settings.PERMISSIONS_POLICY),
            "Cross-Origin-Resource-Policy": settings.CROSS_ORIGIN_RESOURCE_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            if value:
                response.headers.setdefault(name, value)
        return response
