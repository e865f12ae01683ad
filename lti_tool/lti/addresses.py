"""Which addresses the tool may fetch from: public ones, and those that ``LATIH_FETCH_ALLOW`` names.

The tool fetches URLs that a platform (or whoever holds a registration link) hands it: the platform's configuration,
registration endpoint, keyset, token endpoint and services. Without a rule, such a URL could point the tool at its own
loopback, the private network behind it or a cloud metadata service (server-side request forgery). Every host name is
resolved once, each address is checked here, and ``fetch.py`` connects to an address that passed, so a name whose
answer changes between the check and the connection (DNS rebinding) gains nothing.

Refused unless allowed: loopback, private (RFC 1918), shared (100.64/10), link-local (169.254/16, where cloud
metadata lives, fe80::/10), unique-local (fc00::/7, e.g. fd00:ec2::254), multicast, reserved, documentation and
benchmark ranges, the unspecified address, and IPv4 addresses inside IPv6 (mapped, 6to4, NAT64) are judged as IPv4.
"""
import ipaddress
import socket
from dataclasses import dataclass

# Refused even where Python's ``is_global`` says otherwise (it varies between Python releases).
_BLOCKED = tuple(ipaddress.ip_network(net) for net in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",
    "240.0.0.0/4", "168.63.129.16/32",  # Azure's wire server, which answers instance metadata
    "::/8", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(Exception):
    """The host resolves to no address the tool may reach. Deliberately not an OSError: urllib3 must not retry or
    rewrap it. The message names the host only, never the addresses it resolved to."""


@dataclass(frozen=True)
class Policy:
    hosts: frozenset = frozenset()  # host names allowed whatever they resolve to
    networks: tuple = ()  # addresses allowed although private, loopback …
    http: bool = False  # plain http:// allowed (development and tests only)


def parse_allow(entries):
    """``LATIH_FETCH_ALLOW`` (host names, addresses and CIDR ranges) as (hosts, networks). Raises ValueError."""
    if isinstance(entries, str):
        entries = entries.split(",")
    hosts, networks = set(), []
    for entry in entries or ():
        entry = entry.strip().strip("[]").lower()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
            continue
        except ValueError:
            if "/" in entry or entry.replace(".", "").isdigit():
                raise ValueError(f"{entry!r} is neither a host name nor an address or CIDR range") from None
        if not all(part and (part.replace("-", "").isalnum()) for part in entry.rstrip(".").split(".")):
            raise ValueError(f"{entry!r} is neither a host name nor an address or CIDR range")
        hosts.add(entry.rstrip("."))
    return frozenset(hosts), tuple(networks)


def policy_from(config):
    hosts, networks = parse_allow(config.get("LATIH_FETCH_ALLOW") or ())
    return Policy(hosts=hosts, networks=networks, http=bool(config.get("LATIH_FETCH_HTTP")))


def _embedded_ipv4(ip):
    """The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, 6to4, NAT64), or None."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip):
    """True for an address on the public internet; False for every kind listed in the module's docstring."""
    ip = ipaddress.ip_address(ip)
    inner = _embedded_ipv4(ip)
    if inner is not None:
        return is_public(inner)
    if any(ip in net for net in _BLOCKED if net.version == ip.version):
        return False
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


def may_connect(ip, host, policy):
    """May the tool connect to ``ip``, which ``host`` resolved to?"""
    if (host or "").lower().rstrip(".") in policy.hosts:
        return True
    ip = ipaddress.ip_address(ip)
    candidates = [ip] + ([inner] if (inner := _embedded_ipv4(ip)) is not None else [])
    if any(c in net for c in candidates for net in policy.networks if net.version == c.version):
        return True
    return is_public(ip)


def resolve(host, port, policy):
    """The addresses of ``host`` that the tool may connect to, as getaddrinfo gives them (resolved once).

    Raises socket.gaierror when the name does not resolve, AddressRefused when none of its addresses may be reached.
    """
    found = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    usable = [info for info in found if may_connect(info[4][0].split("%", 1)[0], host, policy)]
    if not usable:
        raise AddressRefused(f"{host} is not an address the tool may fetch from "
                             "(loopback, private, link-local or reserved; see LATIH_FETCH_ALLOW)")
    return usable
