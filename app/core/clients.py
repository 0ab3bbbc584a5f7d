"""Who is asking: the client's address behind the configured proxies, held only as a salted hash.

Rate limits and the login throttle need to tell clients apart, but the app promises never to keep
an address. So an address is turned into an HMAC under a salt that is drawn at process start and
lives only in this process's memory: it is never stored, logged or sent anywhere, and a restart
makes every earlier key meaningless.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from flask import request

#: Drawn once per process start; never stored or logged.
_SALT = secrets.token_bytes(32)


def proxy_count(value: object) -> int:
    """How many reverse proxies ``QK_PROXY_FIX`` says are in front (``true`` means one).

    >>> proxy_count(True), proxy_count(2), proxy_count(None), proxy_count("x")
    (1, 2, 0, 0)
    """
    if value is True:
        return 1
    if isinstance(value, int) and value > 0:
        return value
    return 0


def trusted_networks(value: object) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """``QK_TRUSTED_PROXIES`` as networks; ValueError names an entry that is none.

    >>> [str(n) for n in trusted_networks(["127.0.0.1", "10.0.0.0/8", "::1"])]
    ['127.0.0.1/32', '10.0.0.0/8', '::1/128']
    """
    entries = [value] if isinstance(value, str) else list(value or ())
    try:
        return tuple(ipaddress.ip_network(str(entry).strip(), strict=False) for entry in entries)
    except ValueError as exc:
        raise ValueError(f"QK_TRUSTED_PROXIES: {exc}") from None


def network_of(address: str | None) -> str:
    """The unit a limit applies to: an IPv4 address, or the /64 network of an IPv6 address.

    One IPv6 connection usually owns a whole /64 and can change its address within it at will.

    >>> network_of("198.51.100.7"), network_of("2001:db8:1:2:aa::1"), network_of("::ffff:10.0.0.1")
    ('198.51.100.7', '2001:db8:1:2::/64', '10.0.0.1')
    >>> network_of(None), network_of("not an address")
    ('unknown', 'unknown')
    """
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def client_key(*parts: str) -> bytes:
    """A salted hash of the current request's client network and ``parts`` (e.g. an e-mail).

    Two requests from the same network give the same key within this process; nothing about
    the address can be read back from it.
    """
    message = "\x00".join((network_of(request.remote_addr), *parts)).encode()
    return hmac.new(_SALT, message, hashlib.sha256).digest()
