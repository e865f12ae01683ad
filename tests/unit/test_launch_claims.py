"""Claims become a typed Launch: roles in full and short forms, locales as Moodle sends them."""
import json
from pathlib import Path

import pytest

from lti_tool.lti.launch import Launch, Role, locale_from_code, parse_role, parse_roles

FIXTURES = Path(__file__).parent.parent / "fixtures" / "moodle"
MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
INSTITUTION = "http://purl.imsglobal.org/vocab/lis/v2/institution/person"


@pytest.mark.parametrize(
    "uri, role",
    [
        (MEMBERSHIP + "#Learner", Role.LEARNER),
        ("Learner", Role.LEARNER),
        (MEMBERSHIP + "#Instructor", Role.INSTRUCTOR),
        ("Instructor", Role.INSTRUCTOR),
        (MEMBERSHIP + "#TeachingAssistant", Role.INSTRUCTOR),
        (MEMBERSHIP + "/Instructor#TeachingAssistant", Role.INSTRUCTOR),
        ("TeachingAssistant", Role.INSTRUCTOR),
        (MEMBERSHIP + "#ContentDeveloper", Role.INSTRUCTOR),
        ("ContentDeveloper", Role.INSTRUCTOR),
        # Institution and system roles grant no course rights (Canvas sends them for every staff member).
        (INSTITUTION + "#Administrator", None),
        (INSTITUTION + "#Instructor", None),
        (INSTITUTION + "#Faculty", None),
        (INSTITUTION + "#Student", None),
        ("http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator", None),
        ("Faculty", None),
        ("Student", None),
        (MEMBERSHIP + "#Administrator", Role.ADMIN),
        ("http://purl.imsglobal.org/vocab/lis/v2/institution/person#Guest", None),
        ("http://example.com/vocab#Instructor", None),
        (MEMBERSHIP + "#Mentor", None),
        (None, None),
        (42, None),
    ],
)
def test_parse_role(uri, role):
    assert parse_role(uri) == role


def test_a_moodle_site_admin_in_a_course_is_staff_through_the_membership_role():
    roles = [INSTITUTION + "#Administrator", MEMBERSHIP + "#Instructor",
             "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"]
    assert parse_roles(roles) == {Role.INSTRUCTOR}


def test_parse_roles_ignores_unknown():
    assert parse_roles(["Learner", "Mentor", MEMBERSHIP + "#Instructor"]) == {Role.LEARNER, Role.INSTRUCTOR}
    assert parse_roles(None) == frozenset()


@pytest.mark.parametrize(
    "code, locale", [("id", "id"), ("en", "en"), ("en_us", "en"), ("en-GB", "en"), ("ID", "id"), ("pt_br", None),
                     ("", None), (None, None)]
)
def test_locale_from_moodle_codes(code, locale):
    assert locale_from_code(code) == locale


def _payload(name):
    return json.loads((FIXTURES / name).read_text())["id_token_payload"]


def test_student_fixture_becomes_a_learner_launch():
    launch = Launch.from_claims(_payload("id_token_resource_link_student.json"), "T4jsDA8m420ziki")
    assert launch.roles == {Role.LEARNER}
    assert not launch.is_staff and launch.is_learner
    assert (launch.sub, launch.name, launch.email, launch.locale) == ("4", "Sam Student", "student1@example.com", "en")
    assert (launch.context_id, launch.resource_link_id, launch.deployment_id) == ("2", "3", "1")
    assert launch.ags["lineitem"].endswith("/lineitems/6/lineitem?type_id=1")
    assert launch.nrps_url.endswith("/CourseSection/2/bindings/1/memberships")


def test_instructor_fixture_is_staff():
    launch = Launch.from_claims(_payload("id_token_resource_link_instructor.json"), "c")
    assert launch.is_staff and not launch.is_learner


def test_deep_linking_fixture():
    launch = Launch.from_claims(_payload("id_token_deep_linking_request.json"), "c")
    assert launch.is_deep_linking
    assert launch.deep_linking["accept_types"] == ["ltiResourceLink"]
    assert launch.resource_link_id == ""


def test_name_built_from_parts_when_missing():
    claims = _payload("id_token_resource_link_student.json")
    del claims["name"]
    assert Launch.from_claims(claims, "c").name == "Sam Student"
