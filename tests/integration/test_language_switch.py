"""The language follows the launch, and the reader's own choice (the switch in the page header) wins for the session."""
import re

from support import https_client

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
INDONESIAN = {LTI + "launch_presentation": {"locale": "id", "document_target": "iframe"}}


def csrf(body):
    return re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)


def switch(client, body, lang, **extra):
    form = re.search(r'<header[^>]*data-testid="language-switch".*?</header>', body, re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    assert f'name="lang" value="{lang}"' in form
    return client.post("/language", data=dict(fields, lang=lang, **extra))


def test_the_launch_locale_decides_until_the_reader_switches(browser, client):
    launched = browser.launch_with("student", **INDONESIAN)
    token = launched.headers["Location"].split("launch=")[1]
    page = browser.open(launched).get_data(as_text=True)
    assert '<html lang="id">' in page and "Instruktur Anda belum menyiapkan aktivitas ini" in page
    assert 'aria-pressed="true">Bahasa Indonesia<' in page

    answer = switch(client, page, "en")
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"launch={token}")  # same page
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert '<html lang="en">' in page and "Your instructor has not set up this activity yet" in page
    assert 'aria-pressed="true">English<' in page

    # The choice holds for the rest of the session, over the Indonesian locale of a new launch too.
    again = browser.open(browser.launch_with("student", **INDONESIAN)).get_data(as_text=True)
    assert '<html lang="en">' in again

    back = switch(client, again, "id")
    assert '<html lang="id">' in client.get(back.headers["Location"]).get_data(as_text=True)


def test_outside_a_launch_too(client):
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    answer = switch(client, page, "id")
    assert answer.status_code == 303 and answer.headers["Location"] == "/"
    assert '<html lang="id">' in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_the_switch_needs_its_csrf_token_and_stays_on_the_site(app, client):
    page = client.get("/").get_data(as_text=True)
    refused = client.post("/language", data={"lang": "en", "next": "/"})
    assert refused.status_code == 400
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)  # nothing changed
    for elsewhere in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        answer = client.post("/language", data={"lang": "en", "next": elsewhere, "csrf_token": csrf(page)})
        assert answer.status_code == 303 and answer.headers["Location"] == "/", elsewhere


def test_without_a_page_to_return_to_the_launch_opens_again(browser, client):
    launched = browser.launch("student")
    token = launched.headers["Location"].split("launch=")[1]
    page = browser.open(launched).get_data(as_text=True)
    answer = client.post("/language", data={"csrf_token": csrf(page), "lang": "id", "launch": token})
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"launch={token}")


def test_a_language_the_tool_does_not_have_changes_nothing(app):
    client = https_client(app)
    page = client.get("/").get_data(as_text=True)
    client.post("/language", data={"lang": "fr", "next": "/", "csrf_token": csrf(page)})
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)
