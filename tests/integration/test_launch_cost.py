"""What a launch's first page costs: it re-sends no cookie, and its forms still carry a working CSRF token."""
import re


def test_the_first_page_after_a_launch_sends_no_cookie_and_its_language_switch_works(browser, client):
    launch = browser.launch("student")
    assert "latih_session=" in launch.headers.get("Set-Cookie", "")  # the launch writes the session once
    page = browser.open(launch)
    assert page.status_code == 200
    assert page.headers.get_all("Set-Cookie") == []  # nothing changed: no cookie re-signed and re-sent
    body = page.get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
    launch_token = re.search(r'name="launch" value="([^"]+)"', body).group(1)
    switched = client.post("/language", data={"lang": "id", "launch": launch_token, "csrf_token": token})
    assert switched.status_code == 303
    assert 'lang="id"' in client.get(switched.headers["Location"]).get_data(as_text=True)


def test_a_language_switch_without_the_token_is_still_refused(browser, client):
    browser.open(browser.launch("student"))
    assert client.post("/language", data={"lang": "id"}).status_code == 400


def test_the_platform_keyset_is_read_from_the_store_once_per_process_and_a_new_key_still_found(
        app, browser, platform, monkeypatch):
    from lti_tool.lti import platform_keys

    reads, real = [], platform_keys.store

    class Counting:
        def __getattr__(self, name):
            return getattr(real(), name)

        def get(self, key):
            reads.append(key)
            return real().get(key)

    monkeypatch.setattr(platform_keys, "store", Counting)
    for user in ("a", "b", "c"):
        assert browser.launch("student", user_id=user).status_code == 303
    assert len([k for k in reads if k.startswith("jwks:")]) == 1  # was one read (a round trip to Redis) per launch
    platform.rotate_key()  # a new kid: read from the store, then fetched from the platform
    assert browser.launch("student", user_id="d").status_code == 303


def test_the_nonce_is_random_and_tells_the_platform_nothing_about_the_server(browser):
    import uuid

    nonces = [browser.login()["nonce"] for _ in range(2)]
    assert nonces[0] != nonces[1]
    for nonce in nonces:
        assert re.fullmatch(r"[0-9a-f]{64}", nonce)
        assert f"{uuid.getnode():012x}" not in nonce  # pylti1p3's uuid1 half carried the MAC address (and clock)
