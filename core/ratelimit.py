"""How often one visitor may use a public form, counted per address in Django's default cache.

The default cache is the shared one in production (REDIS_URL), so every worker counts together.
A window starts with an address's first use and ends `window` seconds later.
"""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The visitor's address: behind a proxy, the one it appended to CLIENT_IP_HEADER; else REMOTE_ADDR."""
    # Only the last entry is the trusted proxy's: anything before it was sent by the visitor.
    header = settings.CLIENT_IP_HEADER
    forwarded = request.META.get(header, "") if header else ""
    return forwarded.split(",")[-1].strip() or request.META.get("REMOTE_ADDR") or "unknown"


def client_ip(request):
    """client_address() when it is an IP address, else None (django-axes stores addresses as IPs)."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _key(scope, request):
    return f"ratelimit:{scope}:{client_address(request)}"


def hit(scope, request, limit, window):
    """Count one use of `scope` by this address; False once more than `limit` fall in the window."""
    return _count(_key(scope, request), limit, window)


def hit_value(scope, value, limit, window):
    """Count one use of `scope` by something other than an address (an email, a card fingerprint),
    kept as a hash so that the cache holds no personal data; False once more than `limit` fall in the window."""
    digest = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()[:32]
    return _count(f"ratelimit:{scope}:{digest}", limit, window)


def _count(key, limit, window):
    cache.add(key, 0, window)  # starts the window; an existing count keeps its expiry
    try:
        used = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, window)
        used = 1
    return used <= limit


def allows(scope, request, limit):
    """Whether one more use of `scope` by this address would be within `limit`, without counting it."""
    return cache.get(_key(scope, request), 0) < limit
