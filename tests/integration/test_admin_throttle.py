"""The brake on admin password guessing, as an attacker and the real admin meet it.

An attacker must not be able to lock the real admin out (the old brake locked a username for 15 minutes after five
failures from anywhere), must not slip more guesses through by sending them all at once, and must not spray many
usernames from one address. The counts are shared by every worker process: in the database, or in Redis when
REDIS_URL is set (run this file on both legs).
"""
import re
import threading
from datetime import timedelta
from html import unescape

import pytest

from lti_tool import create_app
from lti_tool.admin.services import upsert_admin
from lti_tool.extensions import db

PASSWORD = "correct horse battery"
ATTACKER, ADMIN_HOME, OTHER = "203.0.113.66", "198.51.100.7", "192.0.2.44"


def browser(app, address, language="en"):
    """A browser (HTTPS, so the Secure session cookie comes back) at ``address``, reading ``language``."""
    from support import HttpsClient

    app.test_client_class = HttpsClient
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)
    return client


def csrf_token(client):
    page = client.get("/admin/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def sign_in(client, password, username="ana", token=None):
    data = {"username": username, "password": password, "csrf_token": token or csrf_token(client)}
    return client.post("/admin/login", data=data)


def text(resp):
    return unescape(resp.get_data(as_text=True))


@pytest.fixture
def ana(app):
    upsert_admin("ana", PASSWORD)


@pytest.fixture
def clock(monkeypatch):
    """The tool's one clock (lti_tool.clock.utcnow), moved by the test instead of waiting."""
    from lti_tool import clock as module

    class Clock:
        now = module.utcnow()

        def advance(self, seconds):
            self.now += timedelta(seconds=seconds)

    fake = Clock()
    monkeypatch.setattr(module, "utcnow", lambda: fake.now)
    return fake


def test_forty_concurrent_failures_are_all_counted_and_only_the_free_ones_get_a_password_check(app, ana):
    clients = [browser(app, ATTACKER) for _ in range(40)]
    tokens = [csrf_token(client) for client in clients]
    statuses, start = [], threading.Barrier(40)

    def attempt(client, token):
        start.wait()
        statuses.append(sign_in(client, "wrong guess", token=token).status_code)

    threads = [threading.Thread(target=attempt, args=pair) for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Five guesses were checked (the free ones); the 35 others were refused before their password was looked at.
    assert sorted(statuses) == [401] * 5 + [429] * 35, f"{statuses.count(401)} guesses checked"
    from lti_tool.admin import signin
    from lti_tool.admin.models import LoginCounter

    # Every attempt was counted against the address; past its limit (30) an attempt stops there.
    with app.test_request_context():
        assert signin.counts("ana", ATTACKER) == {"address": 40, "account": 30, "pair": 30}
    # In Redis when it is configured (then the table stays empty), else in the database.
    assert LoginCounter.query.count() == (0 if app.config.get("REDIS_URL") else 3)


def test_the_counts_are_shared_by_separate_app_instances_like_gunicorns_worker_processes(app, ana, app_config,
                                                                                          tmp_path):
    second = create_app(dict(app_config))  # its own engine, Redis client and counters: nothing shared in memory
    second.instance_path = str(tmp_path)
    workers = [browser(app, ATTACKER), browser(second, ATTACKER)]
    statuses = [sign_in(workers[n % 2], "guess").status_code for n in range(7)]
    with second.app_context():
        db.engine.dispose()
    assert statuses == [401] * 5 + [429] * 2  # five free guesses in all, not five per process


def test_concurrent_hits_on_one_counter_are_each_counted_once(app, clock):
    from lti_tool.admin import throttle

    backends = {"database": throttle.DatabaseCounters()}
    if app.config.get("REDIS_URL"):
        backends["redis"] = throttle.RedisCounters(app.config["REDIS_URL"], app.config["LATIH_REDIS_PREFIX"])
    for name, counters in backends.items():
        seen, start = [], threading.Barrier(40)

        def hit(counters=counters, seen=seen, start=start):
            start.wait()
            with app.app_context():
                seen.append(counters.hit("k", 60, clock.now).count)

        threads = [threading.Thread(target=hit) for _ in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(seen) == list(range(1, 41)), name
        assert counters.peek("k", clock.now) == 40, name
        clock.advance(61)  # a window after the last attempt the counter starts again
        assert counters.peek("k", clock.now) == 0 and counters.hit("k", 60, clock.now).count == 1, name


def test_the_admin_signs_in_from_their_own_address_while_an_attacker_is_throttled(app, ana):
    attacker = browser(app, ATTACKER)
    statuses = [sign_in(attacker, f"guess {n}").status_code for n in range(8)]

    admin = browser(app, ADMIN_HOME)
    assert sign_in(admin, PASSWORD).status_code == 302
    assert "Signed in as ana." in admin.get("/admin/").get_data(as_text=True)

    assert statuses == [401] * 5 + [429] * 3  # the attacker's own address is held back
    assert sign_in(attacker, PASSWORD).status_code == 429  # even with the right password: it is not looked at


def test_an_account_under_attack_from_many_addresses_still_lets_the_admin_in(app, ana, monkeypatch, clock):
    from lti_tool.admin import signin

    monkeypatch.setattr(signin, "POLICY", signin.Policy(account_cap=3))
    attackers = [browser(app, f"203.0.113.{n}") for n in range(1, 5)]
    assert [sign_in(b, "guess").status_code for b in attackers] == [401] * 4  # the account is now under attack
    # An address that has failed on it gets no more free guesses ...
    resp = sign_in(attackers[0], "guess again")
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "4"
    # ... while an address that has not been failing gets its attempt: the admin is not locked out.
    assert sign_in(browser(app, ADMIN_HOME), PASSWORD).status_code == 302


def test_delays_grow_and_the_refusal_says_when_to_try_again(app, ana, clock):
    attacker = browser(app, ATTACKER)
    assert [sign_in(attacker, "guess").status_code for _ in range(5)] == [401] * 5  # five free guesses
    waits = []
    for _ in range(3):
        resp = sign_in(attacker, "guess")
        assert resp.status_code == 429
        assert 'data-testid="admin-login"' in text(resp)  # the admin area's own page, with its sign-in form
        waits.append(int(resp.headers["Retry-After"]))
        assert f"Try again in {waits[-1]} seconds." in text(resp)
        clock.advance(waits[-1])  # the attacker waits as told: the next guess is checked (and wrong)
        assert sign_in(attacker, "guess").status_code == 401
    assert waits == [4, 16, 64]
    resp = sign_in(attacker, "guess")
    clock.advance(int(resp.headers["Retry-After"]) - 1)  # one second too early: refused, and the wait grows
    resp = sign_in(attacker, PASSWORD)
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "512"
    clock.advance(512)
    assert sign_in(attacker, PASSWORD).status_code == 302  # the right password, once the wait is over


def test_the_refusal_is_in_the_readers_language(app, ana, clock):
    attacker = browser(app, ATTACKER, language="id")
    for _ in range(5):
        sign_in(attacker, "tebakan")
    resp = sign_in(attacker, "tebakan")
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "4"
    assert "Coba lagi dalam 4 detik." in text(resp) and '<html lang="id">' in text(resp)


def test_one_address_cannot_spray_many_usernames(app, ana, clock):
    sprayer = browser(app, ATTACKER)
    token = csrf_token(sprayer)
    statuses = [sign_in(sprayer, "Password1!", username=f"user{n}", token=token).status_code for n in range(30)]
    assert statuses == [401] * 30  # one guess each: no account-and-address delay applies
    resp = sign_in(sprayer, PASSWORD, token=token)  # the address is over its limit, whatever the username
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "900"
    assert "Try again in 15 minutes." in text(resp)
    assert sign_in(browser(app, OTHER), PASSWORD).status_code == 302


def test_ipv6_addresses_are_counted_per_64_network():
    from lti_tool.admin import signin

    assert signin.address_of("2001:db8:1:2:aaaa::1") == signin.address_of("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert signin.address_of("2001:db8:1:3::1") != signin.address_of("2001:db8:1:2::1")
    assert signin.address_of("::ffff:192.0.2.1") == "192.0.2.1"
    assert signin.address_of(None) == signin.address_of("not an address") == "unknown"


def test_policy_delays_double_up_to_a_ceiling():
    from lti_tool.admin import signin

    policy = signin.Policy()
    assert [policy.delay(n, 5) for n in range(4, 9)] == [0, 2, 4, 8, 16]
    assert policy.delay(100, 5) == 15 * 60
    assert [policy.delay(n, 1) for n in range(0, 3)] == [0, 2, 4]


@pytest.fixture
def app_without_redis(app_config, tmp_path):
    """The app with REDIS_URL naming a Redis that does not answer (nothing listens on port 1)."""
    broken = create_app(dict(app_config, REDIS_URL="redis://127.0.0.1:1/0"))
    broken.instance_path = str(tmp_path)
    with broken.app_context():
        yield broken
        db.session.remove()


def test_with_redis_down_the_counters_fall_back_to_the_database(app, ana, app_without_redis):
    attacker = browser(app_without_redis, ATTACKER)
    statuses = [sign_in(attacker, "guess").status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]  # no 500, and the brake still holds
    assert sign_in(browser(app_without_redis, ADMIN_HOME), PASSWORD).status_code == 302


def test_when_neither_redis_nor_the_database_can_count_sign_in_is_refused_with_503(app, ana, app_without_redis,
                                                                                     monkeypatch):
    from sqlalchemy.exc import OperationalError

    from lti_tool.admin import throttle

    def database_down(*args):
        raise OperationalError("INSERT …", {}, ConnectionRefusedError("the database is down"))

    monkeypatch.setattr(throttle.DatabaseCounters, "hit", database_down)
    resp = sign_in(browser(app_without_redis, ADMIN_HOME), PASSWORD)
    assert resp.status_code == 503 and resp.headers["Retry-After"] == "60"  # not a 500, and no password checked
    assert "Signing in is not possible right now." in text(resp) and 'data-testid="admin-login"' in text(resp)
