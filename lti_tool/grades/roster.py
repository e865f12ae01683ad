"""The course roster from Names and Role Provisioning Services, every page, cached for a while."""
from dataclasses import asdict, dataclass

import requests
from flask import current_app

from ..lti.fetch import guarded_session
from ..lti.launch import Role, parse_roles
from ..state import store
from .ags import call, check, next_link

NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEMBERSHIP_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
MAX_PAGES = 200


@dataclass(frozen=True)
class Member:
    user_id: str
    name: str
    email: str
    roles: tuple
    status: str

    @property
    def is_learner(self):
        return Role.LEARNER.value in self.roles


def _cache_key(course):
    return f"roster:{course.id}"


def fetch(http, course):
    """Every member on every page (Link rel="next"), active ones only."""
    url, members, pages = course.nrps_url, [], 0
    while url and pages < MAX_PAGES:
        resp = check(call(http, course.platform, "GET", url, scopes=(NRPS_SCOPE,),
                          headers={"Accept": MEMBERSHIP_TYPE}), "reading the roster")
        for m in (resp.json() or {}).get("members", []):
            if m.get("status", "Active") != "Active":
                continue
            roles = tuple(sorted(r.value for r in parse_roles(m.get("roles"))))
            name = m.get("name") or " ".join(p for p in (m.get("given_name"), m.get("family_name")) if p)
            members.append(Member(str(m.get("user_id", "")), name or "", m.get("email") or "", roles, "Active"))
        url, pages = next_link(resp.headers.get("Link")), pages + 1
    return members


def roster(course, refresh=False, http=None):
    """The course's members: from the cache unless ``refresh``; None when the course has no NRPS."""
    if not course.nrps_url or course.platform is None:
        return None
    if not refresh:
        cached = store().get(_cache_key(course))
        if cached is not None:
            return [Member(**{**m, "roles": tuple(m["roles"])}) for m in cached]
    members = fetch(http or guarded_session(), course)
    ttl = current_app.config["LATIH_ROSTER_TTL"]
    store().set(_cache_key(course), [asdict(m) for m in members], ttl)
    return members


def roster_or_problem(course, refresh=False):
    """(members, problem) for pages that must work without the roster: when the platform cannot be asked (no NRPS,
    Moodle down, token refused), no members and a short reason instead of an exception."""
    from .ags import ServiceError
    from .tokens import TokenError

    try:
        return roster(course, refresh=refresh) or [], None
    except (ServiceError, TokenError) as exc:
        return [], str(exc)
    except requests.RequestException as exc:
        return [], exc.__class__.__name__
