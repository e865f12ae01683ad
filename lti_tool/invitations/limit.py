"""A soft brake on the pages reached by a personal link (without Moodle): at most ``limit`` requests per client
address per minute, per ``scope`` (each kind's pages have their own count and setting; 0 turns it off).

Soft: counted in the tool's shared store (``state.store()``, Redis or the database) by a read and a write, so two
requests at the same moment may both be counted once; and when the store does not answer the page is served
rather than refused (an invitee must not lose an answer to our outage). The tokens are 256 bits: this brake is
against floods, not against guessing.
"""
import ipaddress
import logging
import time

from .. import outages, state

log = logging.getLogger(__name__)

WINDOW = 60  # seconds
DEFAULT_LIMIT = 120


def address_of(remote_addr):
    """An IPv4 address, or the /64 network of an IPv6 one (a host owns a whole /64)."""
    try:
        address = ipaddress.ip_address((remote_addr or "").split("%")[0])
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def allow(remote_addr, limit, scope="review"):
    """Count this request; False when the address made more than ``limit`` in the current minute."""
    if not limit or limit < 0:
        return True
    minute = int(time.time() // WINDOW)
    key = f"{scope}-rate:{address_of(remote_addr)}:{minute}"
    store = state.store()
    try:
        count = int(store.get(key) or 0) + 1
        store.set(key, count, WINDOW + 5)
    except (*outages.DATABASE, *outages.REDIS) as exc:
        log.warning("Pages reached by a link (%s): the request counter is unavailable (%s); not limited for now",
                    scope, exc.__class__.__name__)
        return True
    if count == limit + 1:
        log.warning("Pages reached by a link (%s): %s made more than %d requests within a minute", scope,
                    address_of(remote_addr), limit)
    return count <= limit
