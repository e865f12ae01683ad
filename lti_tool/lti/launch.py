"""The one place where LTI claims become a typed ``Launch``. Nothing else reads claim URIs."""
from dataclasses import dataclass, field
from enum import StrEnum

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
C_MESSAGE_TYPE = LTI + "message_type"
C_VERSION = LTI + "version"
C_DEPLOYMENT = LTI + "deployment_id"
C_ROLES = LTI + "roles"
C_CONTEXT = LTI + "context"
C_RESOURCE_LINK = LTI + "resource_link"
C_CUSTOM = LTI + "custom"
C_LIS = LTI + "lis"
C_PRESENTATION = LTI + "launch_presentation"
C_TARGET = LTI + "target_link_uri"
C_AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
C_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
C_DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
SUPPORTED_MESSAGES = (RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST)


class Role(StrEnum):
    LEARNER = "learner"
    INSTRUCTOR = "instructor"
    ADMIN = "admin"


# Context roles: the short names (as NRPS and some platforms send them) and the last part of membership URIs.
# Faculty, Staff, Student are institution roles in LIS v2, not roles in a course.
_ROLE_NAMES = {
    "Learner": Role.LEARNER,
    "Instructor": Role.INSTRUCTOR,
    "TeachingAssistant": Role.INSTRUCTOR,
    "ContentDeveloper": Role.INSTRUCTOR,
    "Administrator": Role.ADMIN,
}
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"


def parse_role(uri):
    """Map one context role, full URI or short name, to a Role, or None for roles the tool ignores.

    Rights in a course come from context (membership) roles only. Institution and system roles
    (``institution/person#Instructor``, ``system/person#Administrator`` …) describe the person's place in the
    institution, not in this course: platforms such as Canvas send them for every staff member, so they grant
    nothing here. Moodle gives a site admin who launches in a course ``membership#Instructor`` as well.
    Short names (``Instructor``) are the LTI 1.3 spec's deprecated simple names of context roles.
    """
    if not isinstance(uri, str):
        return None
    if "#" not in uri:
        return _ROLE_NAMES.get(uri)
    vocab, name = uri.split("#", 1)
    if vocab == MEMBERSHIP:
        return _ROLE_NAMES.get(name)
    # Sub-roles such as membership/Instructor#TeachingAssistant.
    parent, _, sub_vocab = vocab.rpartition("/")
    if parent == MEMBERSHIP:
        return _ROLE_NAMES.get(name) or _ROLE_NAMES.get(sub_vocab)
    return None


def parse_roles(uris):
    return frozenset(r for r in (parse_role(u) for u in (uris or [])) if r is not None)


def locale_from_code(code):
    """Moodle sends language codes such as 'id', 'en', 'en_us': keep the ones the tool speaks."""
    base = (code or "").replace("-", "_").split("_")[0].lower()
    return base if base in ("id", "en") else None


@dataclass(frozen=True)
class Launch:
    issuer: str
    client_id: str
    deployment_id: str
    message_type: str
    sub: str
    name: str = ""
    email: str = ""
    locale: str | None = None
    roles: frozenset = field(default_factory=frozenset)
    context_id: str = ""
    context_label: str = ""
    context_title: str = ""
    resource_link_id: str = ""
    resource_link_title: str = ""
    custom: dict = field(default_factory=dict)
    person_sourcedid: str = ""  # Moodle sends the user's ID number here (the NIP at training centres)
    ags: dict | None = None
    nrps_url: str | None = None
    deep_linking: dict | None = None
    return_url: str | None = None

    @classmethod
    def from_claims(cls, claims, client_id):
        context = claims.get(C_CONTEXT) or {}
        link = claims.get(C_RESOURCE_LINK) or {}
        presentation = claims.get(C_PRESENTATION) or {}
        name = claims.get("name") or " ".join(
            p for p in (claims.get("given_name"), claims.get("family_name")) if p
        )
        return cls(
            issuer=claims["iss"],
            client_id=client_id,
            deployment_id=claims[C_DEPLOYMENT],
            message_type=claims[C_MESSAGE_TYPE],
            sub=str(claims.get("sub") or ""),
            name=name or "",
            email=claims.get("email") or "",
            locale=locale_from_code(presentation.get("locale")),
            roles=parse_roles(claims.get(C_ROLES)),
            context_id=str(context.get("id") or ""),
            context_label=context.get("label") or "",
            context_title=context.get("title") or "",
            resource_link_id=str(link.get("id") or ""),
            resource_link_title=link.get("title") or "",
            custom=dict(claims.get(C_CUSTOM) or {}),
            person_sourcedid=_lis_person(claims.get(C_LIS)),
            ags=claims.get(C_AGS),
            nrps_url=(claims.get(C_NRPS) or {}).get("context_memberships_url"),
            deep_linking=claims.get(C_DEEP_LINKING),
            return_url=presentation.get("return_url"),
        )

    @property
    def is_staff(self):
        return Role.INSTRUCTOR in self.roles or Role.ADMIN in self.roles

    @property
    def is_learner(self):
        return Role.LEARNER in self.roles

    @property
    def is_deep_linking(self):
        return self.message_type == DEEP_LINKING_REQUEST


def _lis_person(lis):
    """The LIS claim's person_sourcedid as text ("" when absent, empty, or the claim is not an object)."""
    value = lis.get("person_sourcedid") if isinstance(lis, dict) else None
    return value.strip()[:50] if isinstance(value, str) else ""
