"""A nonce belongs to the login it was issued for: a launch must bring back that login's state and that nonce.

pylti1p3 keeps nonces on their own and asks only "did we issue it, unused?": a nonce issued for another login in
flight in the same browser passed. The tool keeps the nonce under the login's state and takes both at launch.
"""
from lti_flow import ToolBrowser
from support import https_client


def refusal(response):
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    assert 'data-refusal="' in body, body[:500]
    return body.split('data-refusal="', 1)[1].split('"', 1)[0]


def test_a_nonce_issued_for_another_login_of_the_same_browser_is_refused(browser):
    first = browser.login("student")  # two logins in flight in one browser (two tabs, one cookie jar)
    second = browser.login("student")
    assert first["state"] != second["state"] and first["nonce"] != second["nonce"]
    answer = browser.authorize(second)  # the platform signs the second login's nonce
    mixed = browser.post_launch(answer["id_token"], first["state"])  # ... posted with the first login's state
    assert mixed.status_code == 400
    assert refusal(mixed) == "nonce"
    # The second login, intact, still launches; once.
    accepted = browser.post_launch(answer["id_token"], answer["state"])
    assert accepted.status_code == 303
    assert browser.open(accepted).status_code == 200
    replayed = browser.post_launch(answer["id_token"], answer["state"])
    assert refusal(replayed) == "nonce"


def test_a_login_serves_one_launch_even_with_a_fresh_nonce(browser, platform):
    query = browser.login("student")
    assert browser.open(browser.post_launch(browser.authorize(query)["id_token"], query["state"])).status_code == 200
    # Same state again, with a token carrying a nonce the tool never issued: the login is used up.
    token = platform.sign(platform.claims("student", nonce="fresh-" + query["nonce"]))
    assert refusal(browser.post_launch(token, query["state"])) == "nonce"


def test_two_logins_in_one_browser_each_launch_with_their_own_nonce(browser):
    first, second = browser.login("student"), browser.login("instructor")
    second_answer, first_answer = browser.authorize(second), browser.authorize(first)
    assert browser.open(browser.post_launch(second_answer["id_token"], second_answer["state"])).status_code == 200
    assert browser.open(browser.post_launch(first_answer["id_token"], first_answer["state"])).status_code == 200


def test_a_login_of_another_browser_cannot_lend_its_nonce(app, platform):
    alice, mallory = ToolBrowser(https_client(app), platform), ToolBrowser(https_client(app), platform)
    alice_answer = alice.authorize(alice.login("student"))
    mallory_query = mallory.login("student")
    resp = mallory.post_launch(alice_answer["id_token"], mallory_query["state"])
    assert refusal(resp) == "nonce"
    assert alice.post_launch(alice_answer["id_token"], alice_answer["state"]).status_code == 303
