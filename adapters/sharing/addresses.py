"""Which addresses webhooks may reach (SSRF): globally routable unicast only.

IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:0:0/96, 6to4 2002::/16, NAT64
64:ff9b::/96) are judged by the IPv4 address inside; Teredo (2001::/32), the local-use NAT64
prefix 64:ff9b:1::/48 and the deprecated IPv4-compatible ::/96 are refused whole. Python's
`is_global` is the base (it leaves out 100.64.0.0/10, shared address space, where cloud metadata
services such as 100.100.100.200 live); a few ranges it calls global are refused as well.
"""

from __future__ import annotations

import ipaddress

IP = ipaddress.IPv4Address | ipaddress.IPv6Address

REFUSED_V4 = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "100.64.0.0/10",  # shared address space (CGNAT); cloud metadata (100.100.100.200)
        "169.254.0.0/16",  # link-local, cloud metadata (169.254.169.254)
        "192.0.0.0/24",
        "192.88.99.0/24",  # the former 6to4 relay anycast
        "198.18.0.0/15",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
REFUSED_V6 = tuple(
    ipaddress.ip_network(n)
    for n in (
        "::/96",  # IPv4-compatible (deprecated) and the unspecified, loopback addresses
        "2001::/32",  # Teredo
        "64:ff9b:1::/48",  # NAT64 for local use
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",
    )
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (IPv4-mapped, 6to4, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(address: str) -> str | None:
    """Why a webhook may not connect to `address` (an IP literal), or None."""
    try:
        ip: IP = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return f"{address!r} is not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in net for net in REFUSED_V6):
            return f"{ip} is not a globally routable unicast address"
        inner = embedded_v4(ip)
        if inner is not None:
            why = refusal(str(inner))
            return None if why is None else f"{ip} carries {inner}: {why}"
    elif any(ip in net for net in REFUSED_V4):
        return f"{ip} is not a globally routable unicast address"
    if not ip.is_global or ip.is_multicast or ip.is_unspecified:
        return f"{ip} is not a globally routable unicast address"
    return None
