"""AGS and NRPS of the fake Moodle 4.5: the course's grade items, gradebook and roster as plain Python, attached as
``FakePlatform.ags``, and the answers of the mod/lti/services.php resources (fakeplatform_http.py routes to them).

Follows the captures in tests/fixtures/moodle/ and Moodle's code (service/gradebookservices, service/memberships),
quirks included: a score POST answers 200 with an empty body; scoreGiven is kept only when FullyGraded; timestamps
are compared in whole seconds (409); the lineitems Link header (sent only when paging with ``limit``) has rel=“next”
in raw UTF-8 bytes and moodle_url::out()'s "&amp;" between parameters; NRPS writes rel="next" and plain "&".
"""
from __future__ import annotations

import json
import re
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"
AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
COURSE_ID = "2"
LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
SCORES = "application/vnd.ims.lis.v1.scorecontainer+json"
RESULTS = "application/vnd.ims.lis.v2.resultcontainer+json"
MEMBERSHIPS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
LIS_MEMBERSHIPS = "application/vnd.ims.lis.v2.membershipcontainer+json"
ROLE_PREFIX = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
ISO8601 = re.compile(  # gradebookservices::validate_iso8601_date
    r"^([\+-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|"
    r"(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d+(?!:))?)?"
    r"(\17[0-5]\d([\.,]\d+)?)?([zZ]|([\+-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$")


class Refused(Exception):
    """A services.php answer without a body: response.php makes it a JSON error."""

    def __init__(self, status: int, reason: str = ""):
        super().__init__(status, reason)
        self.status, self.reason = status, reason


def _fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def loads(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None


def _int(value) -> int | None:
    """PHP's (int) of a query parameter: leading digits, else 0; None when absent."""
    if value is None:
        return None
    match = re.match(r"\s*([+-]?\d+)", str(value))
    return int(match.group(1)) if match else 0


def _numeric(value) -> bool:
    """PHP's is_numeric()."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and re.fullmatch(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*", value) is not None


def _num(value):
    """floatval() as json_encode writes it: 100.0 -> 100, 99.5 -> 99.5."""
    number = float(value)
    return int(number) if number.is_integer() else number


def _php_json(obj) -> str:
    """json_encode() without flags: compact, "\\/" for "/", \\u escapes."""
    return json.dumps(obj, separators=(",", ":")).replace("/", "\\/")


def _utf8_header(value: str) -> str:
    """A header value sent as raw UTF-8 bytes (as PHP's header() does); WSGI wants them as latin-1 text."""
    return value.encode("utf-8").decode("latin-1")


def _epoch(timestamp) -> int | None:
    """strtotime() of a score timestamp Moodle accepts, in whole seconds (no zone: UTC)."""
    if not isinstance(timestamp, str) or not ISO8601.match(timestamp):
        return None
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    return int(moment.replace(tzinfo=moment.tzinfo or UTC).timestamp() // 1)


class MoodleServices:
    """The course's grade items, gradebook and roster, and the services.php answers about them."""

    def __init__(self, platform):
        self.platform = platform
        self._lineitems: dict[int, dict] = {}
        for item in _fixture("ags_lineitems_GET.json")["response"]["body"]:
            self._lineitems[int(re.search(r"/lineitems/(\d+)/lineitem", item["id"]).group(1))] = item
        # The course's LTI activities (lti instance ids) a line item may be bound to.
        self.link_ids = {i["resourceLinkId"] for i in self._lineitems.values() if i.get("resourceLinkId")}
        roster = _fixture("nrps_memberships_GET.json")["response"]["body"]
        self.context: dict = roster["context"]
        self.members: list[dict] = roster["members"]
        self.scores: list[dict] = []      # every score POST: item_id, body, status, at
        self.gradebook: dict = {}         # (item_id, user_id) -> the latest accepted score
        self.down = False                 # every request answers 503
        self.delay = 0.0                  # seconds to wait before answering
        self.nrps_page_size: int | None = None       # force NRPS paging (a cap on the tool's limit)
        self.lineitems_page_size: int | None = None  # same for the lineitems container
        self.failures: list[tuple[int, dict]] = []  # fail_next(): (status, headers) still to answer
        self.lock = threading.RLock()      # one request at a time

    # ---- state for tests -------------------------------------------------------------------------------

    @property
    def lineitems(self) -> dict[int, dict]:
        """item id -> line item as Moodle lists it (ids follow the current issuer and deployment)."""
        for item_id, item in self._lineitems.items():
            item["id"] = self.item_url(item_id)
        return self._lineitems

    @property
    def base(self) -> str:
        return self.platform.issuer + "/mod/lti/services.php"

    def item_url(self, item_id) -> str:
        return f"{self.base}/{COURSE_ID}/lineitems/{item_id}/lineitem?type_id={self.platform.deployment_id}"

    def fail_next(self, status: int, count: int = 1, headers: dict | None = None) -> None:
        with self.lock:
            self.failures.extend([(status, dict(headers or {}))] * count)

    def add_members(self, n: int) -> list[dict]:
        """Append n active learners (user ids from 1000 on); they may be given scores."""
        taken = [int(m["user_id"]) for m in self.members if str(m["user_id"]).isdigit()]
        first = max([999, *(t for t in taken if t >= 1000)]) + 1
        new = [{"status": "Active", "roles": ["Learner"], "user_id": str(uid), "lis_person_sourcedid": "",
                "name": f"Learner {uid}", "given_name": "Learner", "family_name": str(uid),
                "email": f"learner{uid}@example.com", "ext_user_username": f"learner{uid}"}
               for uid in range(first, first + n)]
        self.members.extend(new)
        return new

    def learner_ids(self) -> set[str]:
        """Users with a gradebook role (student) in the course."""
        return {str(m["user_id"]) for m in self.members if "Learner" in m.get("roles", [])}

    # ---- services.php resources (fakeplatform_http.py routes requests to them) -----------------------------

    def _auth(self, req: dict, typeid, scopes: list[str]) -> None:
        """get_oauth_key_from_headers(): a known bearer token of this tool type, still valid, with a scope."""
        header = req["authorization"]
        if header.startswith("Bearer "):
            value, now = header[7:].strip(), int(time.time())
            for token in self.platform.access_tokens:
                if token["access_token"] != value:
                    continue
                token_type = str(token.get("deployment_id", self.platform.deployment_id))
                if typeid and str(typeid) != token_type:
                    break
                if (int(token["expires_at"]) > now and set(scopes) & set(token["scopes"])
                        and token_type == self.platform.deployment_id):
                    return
                break
        raise Refused(401)

    def _item(self, match) -> int:
        if match["context"] != COURSE_ID:
            raise Refused(404, f"Not Found: Course {match['context']} doesn't exist")
        item = match["item"]
        if not item.isdigit() or int(item) not in self._lineitems:
            raise Refused(404, f"Not Found: Grade item {item} doesn't exist")
        return int(item)

    def _item_json(self, item_id: int) -> dict:
        """gradebookservices::item_for_json()"""
        item = self._lineitems[item_id]
        out = {"id": self.item_url(item_id), "label": item.get("label", ""),
               "scoreMaximum": _num(item.get("scoreMaximum") or 0), "resourceId": item.get("resourceId") or "",
               "tag": item.get("tag") or ""}
        link = item.get("resourceLinkId") or item.get("ltiLinkId")
        if link not in (None, ""):
            out["resourceLinkId"] = out["ltiLinkId"] = str(link)
        return out

    # ---- resources -------------------------------------------------------------------------------------

    def serve_lineitems(self, req: dict, match):
        get = req["method"] == "GET"
        self._auth(req, _int(req["query"].get("type_id")), [AGS + "lineitem"] + [AGS + "lineitem.readonly"] * get)
        media = (req["accept"] if get else req["ctype"]) or ""
        if (not media or media == LINEITEMS) != get or (media and media not in (LINEITEMS, LINEITEM)):
            raise Refused(400, "No context or unsupported content type")
        if match["context"] != COURSE_ID:
            raise Refused(404, f"Not Found: Course {match['context']} doesn't exist")
        return self._list_lineitems(req["query"]) if get else self._create_lineitem(req["body"])

    def _list_lineitems(self, query: dict):
        resource_id, tag = query.get("resource_id"), query.get("tag")
        link_id = query.get("resource_link_id", query.get("lti_link_id"))
        limit, start = _int(query.get("limit")) or 0, _int(query.get("from")) or 0
        if self.lineitems_page_size:
            limit = min(limit, self.lineitems_page_size) if limit > 0 else self.lineitems_page_size
        items = [self._item_json(item_id) for item_id in sorted(self._lineitems)]
        items = [i for i in items if (resource_id is None or i["resourceId"] == resource_id)
                 and (tag is None or i["tag"] == tag)
                 and (link_id is None or i.get("resourceLinkId", "") == link_id)]
        total, headers = len(items), {"Content-Type": LINEITEMS + "; charset=utf-8"}
        if limit > 0:
            items = items[max(start, 0):max(start, 0) + limit]
            params = [(k, v) for k, v in (("resource_id", resource_id), ("resource_link_id", link_id), ("tag", tag))
                      if v is not None] + [("type_id", self.platform.deployment_id), ("limit", limit)]
            headers["Link"] = self._container_links(params, limit, start, total)
        return 200, headers, _php_json(items)

    def _container_links(self, params: list, limit: int, start: int, total: int) -> str:
        """lineitems.php paging links: curly quotes, and moodle_url::out() puts "&amp;" between parameters."""
        def url(first: int) -> str:
            query = "&amp;".join(f"{quote(str(k), safe='')}={quote(str(v), safe='')}"
                                 for k, v in [*params, ("from", first)])
            return f"{self.base}/{COURSE_ID}/lineitems?{query}"

        out_of_range = start >= total or start < 0
        links = [f"<{url(0)}>; rel=“first”"]
        if start > 0 and not out_of_range:
            links.append(f"<{url(max(start - limit, 0))}>; rel=“prev”")
        links.append(f"<{url(start)}>; rel=“canonical”")
        if start + limit <= total - 1 and not out_of_range:
            links.append(f"<{url(start + limit)}>; rel=“next”")
        links.append(f"<{url(max(total - limit + 1, 0))}>; rel=“last”")
        return _utf8_header(", ".join(links))

    def _create_lineitem(self, body: str):
        data = loads(body)
        if not isinstance(data, dict) or data.get("scoreMaximum") is None or data.get("label") is None:
            raise Refused(400, "No label or Score Maximum")
        if not _numeric(data["scoreMaximum"]):
            raise Refused(400)
        link = data.get("resourceLinkId") if data.get("resourceLinkId") is not None else data.get("ltiLinkId")
        if link not in (None, "", 0) and str(link) not in self.link_ids:
            raise Refused(403)
        item_id = max(self._lineitems, default=1) + 1
        item = {"id": self.item_url(item_id), "label": data["label"], "scoreMaximum": _num(data["scoreMaximum"]),
                "resourceId": data.get("resourceId") or "", "tag": data.get("tag") or ""}
        if link not in (None, "", 0):
            item["resourceLinkId"] = item["ltiLinkId"] = str(link)
        self._lineitems[item_id] = item
        echo = {k: _num(v) if isinstance(v, float) else v for k, v in data.items()}
        echo["id"] = self.item_url(item_id)
        return 201, {"Content-Type": LINEITEM + "; charset=utf-8"}, json.dumps(echo, separators=(",", ":"))

    def serve_lineitem(self, req: dict, match):
        get = req["method"] == "GET"
        self._auth(req, _int(req["query"].get("type_id")), [AGS + "lineitem"] + [AGS + "lineitem.readonly"] * get)
        item_id = self._item(match)
        if not get:
            raise Refused(501, "PUT and DELETE of a line item are not implemented by the fake platform")
        return 200, {"Content-Type": LINEITEM + "; charset=utf-8"}, _php_json(self._item_json(item_id))

    def serve_scores(self, req: dict, match):
        self._auth(req, _int(req["query"].get("type_id")), [AGS + "score"])
        if req["ctype"] != SCORE:
            raise Refused(400, "No context or unsupported content type")
        item_id = self._item(match)
        score = loads(req["body"])
        if (not isinstance(score, dict) or any(score.get(k) is None for k in
                                               ("userId", "timestamp", "gradingProgress", "activityProgress"))
                or _epoch(score["timestamp"]) is None
                or any(score.get(k) is not None and not _numeric(score[k]) for k in ("scoreGiven", "scoreMaximum"))
                or str(score["userId"]) not in self.learner_ids()):
            raise Refused(400, "Incorrect score received")
        user_id, timestamp = str(score["userId"]), _epoch(score["timestamp"])
        stored = self.gradebook.get((item_id, user_id))
        if stored and stored["timestamp"] and stored["timestamp"] >= timestamp:
            raise Refused(409, f"Refusing score with an earlier timestamp for item {item_id} and user {user_id}")
        graded = score["gradingProgress"] == "FullyGraded"
        self.gradebook[(item_id, user_id)] = {
            "scoreGiven": score.get("scoreGiven") if graded else None,
            "scoreMaximum": score["scoreMaximum"] if score.get("scoreMaximum") is not None else 1,
            "timestamp": timestamp, "gradingProgress": score["gradingProgress"],
            "activityProgress": score["activityProgress"], "comment": score.get("comment")}
        return 200, {"Content-Type": SCORE + "; charset=utf-8"}, ""

    def serve_results(self, req: dict, match):
        self._auth(req, _int(req["query"].get("type_id")), [AGS + "result.readonly"])
        if req["accept"] and req["accept"] != RESULTS:
            raise Refused(400, "Invalid request made.")
        item_id = self._item(match)
        user_filter = _int(req["query"].get("user_id")) or 0
        results = [self._result_json(item_id, user_id, grade) for (iid, user_id), grade in self.gradebook.items()
                   if iid == item_id and grade["timestamp"] and (user_filter <= 0 or user_id == str(user_filter))]
        return 200, {"Content-Type": RESULTS + "; charset=utf-8"}, _php_json(results)

    def _result_json(self, item_id: int, user_id: str, grade: dict) -> dict:
        """gradebookservices::result_for_json(): the score rescaled to the item's maximum, none when 0."""
        item_url = f"{self.base}/{COURSE_ID}/lineitems/{item_id}/lineitem"
        result = {"id": f"{item_url}/results?type_id={self.platform.deployment_id}&user_id={user_id}",
                  "userId": user_id}
        item_max = float(self._lineitems[item_id].get("scoreMaximum") or 0)
        final = float(grade["scoreGiven"]) if grade["scoreGiven"] is not None else 0.0
        given_max = float(grade["scoreMaximum"])
        if given_max not in (item_max, 0.0):
            final = final * item_max / given_max
        if round(final, 5):
            result.update(resultScore=_num(round(final, 5)), resultMaximum=_num(item_max))
            if grade["comment"]:
                result["comment"] = grade["comment"]
            result["scoreOf"] = f"{item_url}?type_id={self.platform.deployment_id}"
            result["timestamp"] = datetime.fromtimestamp(grade["timestamp"], UTC).isoformat()
        return result

    def serve_memberships(self, req: dict, match):
        if match["context"] != COURSE_ID or match["tool"] != self.platform.deployment_id:
            raise Refused(404)
        query = req["query"]
        link = query.get("rlid", "")
        if link and link not in self.link_ids:
            raise Refused(404)
        self._auth(req, match["tool"], [NRPS_SCOPE])
        limit, start = _int(query.get("limit")) or 0, _int(query.get("from")) or 0
        if self.nrps_page_size:
            limit = min(limit, self.nrps_page_size) if limit > 0 else self.nrps_page_size
        start = start if limit > 0 else 0
        role = query.get("role", "")
        if role and not role.startswith(("http://", "https://")):
            role = ROLE_PREFIX + role
        members = [m for m in self.members
                   if not (role == ROLE_PREFIX + "Instructor" and "Instructor" not in m["roles"])
                   and not (role == ROLE_PREFIX + "Learner" and "Instructor" in m["roles"])]
        page, more = [], False
        for n, member in enumerate(members, 1):
            if limit > 0 and n <= start:
                continue
            if limit > 0 and len(page) >= limit:
                more = True
                break
            page.append(member)
        endpoint = f"{self.base}/{match['ctype']}/{COURSE_ID}/bindings/{match['tool']}/memberships"
        headers = {"Content-Type": MEMBERSHIPS + "; charset=utf-8"}
        if more:  # the role filter is not carried over, as in Moodle
            rlid = f"&rlid={link}" if link else ""
            headers["Link"] = f'<{endpoint}?limit={limit}&from={start + limit}{rlid}>; rel="next"'
        return 200, headers, _php_json({"id": endpoint, "context": self.context, "members": page})
