"""Signing in to the admin area, with a brake on password guessing that an attacker cannot turn on the real admin.

Three counters, each atomic and shared by every worker process (``throttle.py``), are counted *before* the password is
looked at, so attempts sent at the same moment cannot slip past them:

- **per address** (any usernames): more than ``address_limit`` attempts within ``address_window`` and that address
  is refused until it has been quiet for ``address_window``;
- **per account and address**: ``free_failures`` attempts at any pace, then each attempt must wait for a delay that
  doubles (``first_delay``, 2 s, then 4, 8 … up to ``max_delay``) after the previous one;
- **per account** (all addresses): past ``account_cap`` attempts within ``account_window`` the account is under
  attack, and every address that has already failed on it gets only ``under_attack_free`` attempt before the delays.

Nothing locks the account itself: an address that has not been failing on it always gets its attempt, so the real
admin signs in from their own address while someone hammers the account from others. A refused attempt counts too
(hammering only lengthens the wait) and its password is never checked, so a guess made while refused learns nothing
and costs the server no password hash. A successful sign-in clears its (account, address) counter and takes itself
back from the other two.
"""
import ipaddress
import logging
import math
from dataclasses import dataclass
from datetime import timedelta

from .. import clock
from ..extensions import db
from . import services, throttle
from .models import AdminUser

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Policy:
    free_failures: int = 5  # attempts per account and address before any wait
    first_delay: int = 2  # seconds after the first attempt past the free ones; doubles with each further attempt
    max_delay: int = 15 * 60
    pair_window: int = 60 * 60  # an (account, address) counter is forgotten this long after its last attempt
    account_cap: int = 50  # attempts on one account, from all addresses, before it is under attack
    account_window: int = 60 * 60
    under_attack_free: int = 1
    address_limit: int = 30  # attempts from one address, whatever the usernames
    address_window: int = 15 * 60

    def delay(self, attempts, free):
        """Seconds the next attempt waits after ``attempts`` attempts (within the window) of which ``free`` are free."""
        if attempts < free:
            return 0
        return min(self.max_delay, self.first_delay * 2 ** min(attempts - free, 30))


POLICY = Policy()


@dataclass(frozen=True)
class LoginOutcome:
    user_id: int | None = None
    username: str = ""
    retry_after: int = 0  # seconds: this attempt was refused without looking at the password
    unavailable: bool = False  # the counters could not be reached: sign-in is refused for now


@dataclass(frozen=True)
class Keys:
    address: str
    account: str
    pair: str


def address_of(remote_addr):
    """The address to count under: an IPv4 address, or the /64 network of an IPv6 one (a host owns a whole /64)."""
    try:
        address = ipaddress.ip_address((remote_addr or "").split("%")[0])
    except ValueError:
        return "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def keys_for(username, remote_addr):
    account = (username or "").strip().lower()[:100]
    address = address_of(remote_addr)
    return Keys(address="ip:" + address, account="acct:" + account, pair=f"pair:{address}|{account}")


def authenticate(username, password, remote_addr, env_admin=(None, None), policy=None):
    """Check a username and password from ``remote_addr``; a LoginOutcome."""
    policy = policy or POLICY
    services.ensure_env_admin(*env_admin)
    keys, counters, now = keys_for(username, remote_addr), throttle.counters(), clock.utcnow()
    try:
        wait = _admit(counters, keys, now, policy)
    except throttle.Unavailable:
        return LoginOutcome(username=username, unavailable=True)
    if wait:
        return LoginOutcome(username=username, retry_after=wait)
    user = AdminUser.query.filter_by(username=username).first()
    if user is not None and user.check_password(password):
        _forget(counters, keys, now)
        user.last_login_at = now
        db.session.commit()
        return LoginOutcome(user_id=user.id, username=user.username)
    if user is None:
        services.waste_time(password)  # an unknown username takes as long as a wrong password
    return LoginOutcome(username=username)


def _admit(counters, keys, now, policy):
    """Count this attempt under the three keys; 0 when it may go on, else the seconds to wait."""
    address = counters.hit(keys.address, policy.address_window, now)
    if address.count > policy.address_limit:
        if address.count == policy.address_limit + 1:
            log.warning("Admin sign-in: %s refused after %d attempts", keys.address, policy.address_limit)
        return policy.address_window
    account = counters.hit(keys.account, policy.account_window, now)
    if account.count == policy.account_cap + 1:
        log.warning("Admin sign-in: %s has had %d attempts within %d s; it is under attack", keys.account,
                    policy.account_cap, policy.account_window)
    free = policy.free_failures if account.count <= policy.account_cap else policy.under_attack_free
    pair = counters.hit(keys.pair, policy.pair_window, now)
    wait = policy.delay(pair.count - 1, free)
    # The first attempt from this address on this account goes through (``previous`` is None), as does a free one.
    if pair.previous is None or wait == 0 or now >= pair.previous + timedelta(seconds=wait):
        return 0
    # Refused; this attempt counts as well, so the next one waits for the next step of the delay.
    return max(1, math.ceil(policy.delay(pair.count, free)))


def _forget(counters, keys, now):
    try:
        counters.clear(keys.pair)
        counters.undo(keys.address, now)
        counters.undo(keys.account, now)
    except throttle.Unavailable:
        pass  # the counters stay one higher: nothing is opened by that


def counts(username, remote_addr):
    """{"address", "account", "pair"}: the attempts counted now under each key (for tests and diagnosis)."""
    keys, counters, now = keys_for(username, remote_addr), throttle.counters(), clock.utcnow()
    return {name: counters.peek(getattr(keys, name), now) for name in ("address", "account", "pair")}
