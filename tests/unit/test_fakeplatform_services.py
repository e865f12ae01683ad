"""The fake Moodle's Assignment and Grade Services and NRPS (fakeplatform_services.py), over real HTTP."""
from __future__ import annotations

import html
import json
import re
import sys
import time
from pathlib import Path

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/
from fakeplatform import FakePlatform, fixture  # noqa: E402

AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ALL_AGS = [AGS + "lineitem", AGS + "lineitem.readonly", AGS + "result.readonly", AGS + "score"]
LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
RESULTS = "application/vnd.ims.lis.v2.resultcontainer+json"
MEMBERSHIPS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


@pytest.fixture(scope="module")
def keys():
    tool_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return FakePlatform()._keys, tool_key


@pytest.fixture
def fake(keys):
    platform_keys, tool_key = keys
    p = FakePlatform()
    p._keys = dict(platform_keys)
    p.kid = next(iter(p._keys))
    jwk = {**jwt.algorithms.RSAAlgorithm.to_jwk(tool_key.public_key(), as_dict=True), "kid": "tool-1"}
    p.tool_jwks_fetcher = lambda: {"keys": [jwk]}
    p.tool_key = tool_key
    p.serve()
    yield p
    p.shutdown()


def get_token(p: FakePlatform, scopes=ALL_AGS) -> str:
    now = int(time.time())
    assertion = jwt.encode({"iss": p.client_id, "sub": p.client_id, "aud": p.issuer + "/mod/lti/token.php",
                            "iat": now, "exp": now + 60, "jti": f"j{now}{len(p.access_tokens)}"},
                           p.tool_key, algorithm="RS256", headers={"kid": "tool-1"})
    response = requests.post(p.issuer + "/mod/lti/token.php", timeout=5, data={
        "grant_type": "client_credentials", "client_assertion": assertion, "scope": " ".join(scopes),
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/html")
    return response.json()["access_token"]


def lineitems_url(p: FakePlatform, **params) -> str:
    query = "".join(f"&{k}={v}" for k, v in params.items())
    return f"{p.issuer}/mod/lti/services.php/2/lineitems?type_id={p.deployment_id}{query}"


def scores_url(p: FakePlatform, item_id) -> str:
    return f"{p.issuer}/mod/lti/services.php/2/lineitems/{item_id}/lineitem/scores?type_id={p.deployment_id}"


def memberships_url(p: FakePlatform) -> str:
    return f"{p.issuer}/mod/lti/services.php/CourseSection/2/bindings/{p.deployment_id}/memberships"


def auth(token, **headers) -> dict:
    return {"Authorization": f"Bearer {token}", **headers}


def post_score(p: FakePlatform, token, item_id=6, content_type=SCORE, **changes):
    body = {**fixture("ags_scores_POST.json")["request"]["body"], "timestamp": "2026-11-28T04:42:45.540764Z"}
    body.update(changes)
    return requests.post(scores_url(p, item_id), data=json.dumps(body), timeout=5,
                         headers=auth(token, **{"Content-Type": content_type, "Accept": "application/json"}))


def get_lineitems(p: FakePlatform, token, url=None, **params):
    return requests.get(url or lineitems_url(p, **params), headers=auth(token, Accept=CONTAINER), timeout=5)


def link_header(response) -> str:
    """Moodle sends the Link header as UTF-8 bytes; http.client reads headers as latin-1."""
    return response.headers["Link"].encode("latin-1").decode("utf-8")


def test_lineitems_follow_the_issuer_and_the_capture(fake):
    captured = fixture("ags_lineitems_GET.json")["response"]
    assert sorted(fake.ags.lineitems) == [2, 3, 4, 5, 6]
    assert fake.ags.lineitems[2]["id"] == f"{fake.issuer}/mod/lti/services.php/2/lineitems/2/lineitem?type_id=1"
    response = get_lineitems(fake, get_token(fake))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == captured["headers"]["Content-Type"]
    assert "Link" not in response.headers  # Moodle pages only when asked to (limit)
    expected = json.loads(json.dumps(captured["body"]).replace("http://127.0.0.1:8800", fake.issuer))
    assert response.json() == expected
    assert '"id":"http:\\/\\/127.0.0.1' in response.text  # PHP's json_encode escapes slashes


def test_services_need_a_valid_token(fake):
    url = lineitems_url(fake)
    response = requests.get(url, headers={"Accept": CONTAINER}, timeout=5)
    assert response.status_code == 401
    assert response.json() == {"status": 401, "reason": "Unauthorized", "request": {
        "method": "GET", "url": f"/mod/lti/services.php/2/lineitems?type_id={fake.deployment_id}", "accept": CONTAINER}}
    assert get_lineitems(fake, "not-a-token").status_code == 401
    token = get_token(fake)
    assert get_lineitems(fake, token).status_code == 200
    assert get_lineitems(fake, token, url=url.replace("type_id=1", "type_id=7")).status_code == 401  # other tool
    fake.expire_tokens()
    assert get_lineitems(fake, token).status_code == 401
    assert post_score(fake, token).status_code == 401

    fake.token_lifetime = 0
    short = get_token(fake)
    assert fake.token_requests[-1]["body"]["expires_in"] == 0
    assert get_lineitems(fake, short).status_code == 401
    fake.token_lifetime = 3600
    assert get_lineitems(fake, get_token(fake)).status_code == 200


def test_every_endpoint_needs_its_scope(fake):
    score_only = get_token(fake, [AGS + "score"])
    assert get_lineitems(fake, score_only).status_code == 401
    assert post_score(fake, score_only).status_code == 200
    readonly = get_token(fake, [AGS + "lineitem.readonly"])
    assert get_lineitems(fake, readonly).status_code == 200
    create = requests.post(lineitems_url(fake), data=json.dumps({"label": "x", "scoreMaximum": 10}), timeout=5,
                           headers=auth(readonly, **{"Content-Type": LINEITEM}))
    assert create.status_code == 401  # creating needs the lineitem scope
    assert post_score(fake, readonly).status_code == 401
    results = scores_url(fake, 6).replace("/scores", "/results")
    assert requests.get(results, headers=auth(readonly, Accept=RESULTS), timeout=5).status_code == 401
    headers = auth(get_token(fake), Accept=MEMBERSHIPS)
    assert requests.get(memberships_url(fake), headers=headers, timeout=5).status_code == 401
    headers = auth(get_token(fake, [NRPS]), Accept=MEMBERSHIPS)
    assert requests.get(memberships_url(fake), headers=headers, timeout=5).status_code == 200


def test_score_accepted_with_an_empty_body(fake):
    token = get_token(fake)
    response = post_score(fake, token)
    captured = fixture("ags_scores_POST.json")["response"]
    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["Content-Type"] == captured["headers"]["Content-Type"]
    assert fake.ags.gradebook[(6, "4")] == {
        "scoreGiven": 61.0, "scoreMaximum": 100.0, "timestamp": 1795840965, "gradingProgress": "FullyGraded",
        "activityProgress": "Completed", "comment": "posted by the test tool"}
    assert [(s["item_id"], s["body"]["userId"], s["status"]) for s in fake.ags.scores] == [(6, "4", 200)]

    pending = post_score(fake, token, userId="5", gradingProgress="Pending", timestamp="2026-11-28T04:43:00Z")
    assert pending.status_code == 200
    assert fake.ags.gradebook[(6, "5")]["scoreGiven"] is None  # kept only when FullyGraded

    results = requests.get(scores_url(fake, 6).replace("/scores", "/results"), headers=auth(token, Accept=RESULTS),
                           timeout=5)
    assert results.status_code == 200
    base = f"{fake.issuer}/mod/lti/services.php/2/lineitems/6/lineitem"
    assert results.json() == [
        {"id": f"{base}/results?type_id=1&user_id=4", "userId": "4", "resultScore": 61, "resultMaximum": 100,
         "comment": "posted by the test tool", "scoreOf": f"{base}?type_id=1",
         "timestamp": "2026-11-28T04:42:45+00:00"},
        {"id": f"{base}/results?type_id=1&user_id=5", "userId": "5"}]


def test_timestamp_not_newer_to_the_second_is_409(fake):
    token = get_token(fake)
    assert post_score(fake, token, timestamp="2026-11-28T04:42:45.100Z").status_code == 200
    conflict = post_score(fake, token, timestamp="2026-11-28T04:42:45.900Z", scoreGiven=70)
    assert conflict.status_code == 409
    assert conflict.json()["reason"] == "Refusing score with an earlier timestamp for item 6 and user 4"
    assert post_score(fake, token, timestamp="2026-11-28T04:42:44Z").status_code == 409
    assert fake.ags.gradebook[(6, "4")]["scoreGiven"] == 61.0
    assert post_score(fake, token, timestamp="2026-11-28T04:42:46Z", scoreGiven=70).status_code == 200
    assert fake.ags.gradebook[(6, "4")]["scoreGiven"] == 70
    assert [s["status"] for s in fake.ags.scores] == [200, 409, 409, 200]


@pytest.mark.parametrize("changes", [{"userId": "3"}, {"userId": "99"}, {"timestamp": "yesterday"},
                                     {"gradingProgress": None}, {"activityProgress": None}, {"scoreGiven": "lots"}])
def test_bad_scores_are_400(fake, changes):
    response = post_score(fake, get_token(fake), **changes)
    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert fake.ags.gradebook == {}


def test_score_media_type_and_item(fake):
    token = get_token(fake)
    assert post_score(fake, token, content_type="application/json").status_code == 400
    assert post_score(fake, token, content_type=SCORE + "; charset=utf-8").status_code == 400  # exact, as PHP
    missing = post_score(fake, token, item_id=99)
    assert missing.status_code == 404 and "Grade item 99" in missing.json()["reason"]


def test_down_and_injected_failures(fake):
    token = get_token(fake)
    fake.ags.down = True
    assert post_score(fake, token).status_code == 503
    assert get_lineitems(fake, token).status_code == 503
    fake.ags.down = False
    fake.ags.fail_next(429, headers={"Retry-After": "1"})
    throttled = post_score(fake, token)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "1"
    fake.ags.fail_next(500, count=2)
    assert [post_score(fake, token).status_code for _ in range(2)] == [500, 500]
    assert post_score(fake, token).status_code == 200
    assert [s["status"] for s in fake.ags.scores] == [503, 429, 500, 500, 200]
    fake.ags.fail_next(502)
    assert get_lineitems(fake, token).status_code == 502
    assert [r["path"] for r in fake.requests].count("/mod/lti/services.php/2/lineitems") == 2


def test_delay(fake):
    token = get_token(fake)
    fake.ags.delay = 0.5
    with pytest.raises(requests.Timeout):
        requests.get(lineitems_url(fake), headers=auth(token, Accept=CONTAINER), timeout=0.1)


def test_create_lineitem_and_filter(fake):
    token = get_token(fake)
    created_capture = fixture("ags_lineitems_POST_create.json")
    new = {"scoreMaximum": 50, "label": "Quiz", "resourceId": "quiz-1", "tag": "grade"}
    response = requests.post(lineitems_url(fake), data=json.dumps(new), timeout=5,
                             headers=auth(token, **{"Content-Type": LINEITEM, "Accept": LINEITEM}))
    assert response.status_code == 201
    assert response.headers["Content-Type"] == created_capture["response"]["headers"]["Content-Type"]
    item_url = f"{fake.issuer}/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1"
    assert response.json() == {**new, "id": item_url}
    assert list(response.json()) == list(created_capture["response"]["body"])
    assert fake.ags.lineitems[7]["resourceId"] == "quiz-1"

    found = get_lineitems(fake, token, resource_id="quiz-1")
    assert found.json() == [{"id": item_url, "label": "Quiz", "scoreMaximum": 50, "resourceId": "quiz-1",
                             "tag": "grade"}]
    assert [i["label"] for i in get_lineitems(fake, token, resource_id="1").json()] == ["Score", "Time Taken"]
    assert [i["label"] for i in get_lineitems(fake, token, tag="time").json()] == ["Time Taken"]
    assert [i["id"][-23:] for i in get_lineitems(fake, token, resource_link_id="2").json()] == [
        "lineitems/5/lineitem?type_id=1"[-23:]]
    assert get_lineitems(fake, token, resource_id="nothing").json() == []

    one = requests.get(item_url, headers=auth(token, Accept=LINEITEM), timeout=5)
    assert one.status_code == 200 and one.json() == found.json()[0]
    assert post_score(fake, token, item_id=7, scoreGiven=40, scoreMaximum=50).status_code == 200

    bad = requests.post(lineitems_url(fake), data=json.dumps({"label": "No maximum"}), timeout=5,
                        headers=auth(token, **{"Content-Type": LINEITEM}))
    assert bad.status_code == 400
    unknown_link = requests.post(lineitems_url(fake), data=json.dumps({**new, "resourceLinkId": "42"}), timeout=5,
                                 headers=auth(token, **{"Content-Type": LINEITEM}))
    assert unknown_link.status_code == 403


def test_lineitems_paging_with_curly_quotes(fake):
    token = get_token(fake)
    first = get_lineitems(fake, token, limit=2)
    assert [i["label"] for i in first.json()] == ["LTI Lab activity", "Score"]
    link = link_header(first)
    assert 'rel=“next”' in link and 'rel="next"' not in link and 'rel=“first”' in link
    assert "lineitems?type_id=1&amp;limit=2&amp;from=2>; rel=“next”" in link  # moodle_url::out() escapes "&"

    labels, url, pages = [], lineitems_url(fake, limit=2), 0
    while url:
        response = get_lineitems(fake, token, url=url)
        labels += [i["label"] for i in response.json()]
        match = re.search(r"<([^>]+)>; rel=“next”", link_header(response))
        url, pages = html.unescape(match.group(1)) if match else None, pages + 1
    assert pages == 3
    assert labels == [i["label"] for i in fixture("ags_lineitems_GET.json")["response"]["body"]]

    # Followed as written, PHP reads "amp;limit": no paging any more, every item at once.
    literal = re.search(r"<([^>]+)>; rel=“next”", link).group(1)
    everything = get_lineitems(fake, token, url=literal)
    assert len(everything.json()) == 5 and "Link" not in everything.headers

    fake.ags.lineitems_page_size = 4
    assert len(get_lineitems(fake, token).json()) == 4


def test_nrps_roster_and_paging(fake):
    token = get_token(fake, [NRPS])
    headers = auth(token, Accept=MEMBERSHIPS)
    captured = fixture("nrps_memberships_GET.json")["response"]
    whole = requests.get(memberships_url(fake), headers=headers, timeout=5)
    assert whole.status_code == 200 and "Link" not in whole.headers
    assert whole.headers["Content-Type"] == captured["headers"]["Content-Type"]
    assert whole.json() == {**captured["body"], "id": memberships_url(fake)}

    new = fake.ags.add_members(5)
    assert [m["user_id"] for m in new] == ["1000", "1001", "1002", "1003", "1004"]
    assert new[0]["name"] == "Learner 1000" and new[0]["roles"] == ["Learner"] and new[0]["status"] == "Active"
    fake.ags.nrps_page_size = 3
    ids, url, pages = [], memberships_url(fake), 0
    while url:
        response = requests.get(url, headers=headers, timeout=5)
        assert response.status_code == 200
        ids += [m["user_id"] for m in response.json()["members"]]
        assert response.json()["id"] == memberships_url(fake)
        link = response.headers.get("Link")
        if link:
            assert re.fullmatch(r'<[^>]+\?limit=3&from=\d+>; rel="next"', link)
        url, pages = (re.match(r"<([^>]+)>", link).group(1) if link else None), pages + 1
    assert pages == 3
    assert ids == ["5", "4", "3", "1000", "1001", "1002", "1003", "1004"]

    teachers = requests.get(memberships_url(fake) + "?role=Instructor", headers=headers, timeout=5).json()
    assert [m["user_id"] for m in teachers["members"]] == ["3"]
    assert post_score(fake, get_token(fake), userId="1003").status_code == 200  # generated learners get grades
