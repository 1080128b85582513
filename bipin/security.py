"""The Content-Security-Policy header, built from the ``SECURE_CSP`` setting.

Django 5.2 has no CSP support; Django 6.0 adds it (``SECURE_CSP`` and
``django.middleware.csp.ContentSecurityPolicyMiddleware``) but needs Python
3.12. This middleware reads a setting of the same name and shape, so moving to
6.x is swapping the middleware's path. django-csp would work too, but what it
adds (nonces, per-view policies, reports) is not needed: no page has inline
script or style, so one fixed policy serves every answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.conf import settings


def policy_header(policy: Mapping[str, Sequence[str] | bool]) -> str:
    """The header value: directives in order, a ``True`` value for a directive without sources.

    >>> policy_header({"default-src": ["'self'"], "object-src": ["'none'"], "upgrade-insecure-requests": True})
    "default-src 'self'; object-src 'none'; upgrade-insecure-requests"
    """
    parts = []
    for directive, sources in policy.items():
        if sources is True:
            parts.append(directive)
        elif sources:
            parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = policy_header(getattr(settings, "SECURE_CSP", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Content-Security-Policy", self.header)
        return response
