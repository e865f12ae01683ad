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
