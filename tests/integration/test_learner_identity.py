"""The learner's NIP and unit of work come with the launch (issue 15): the NIP from ``lis.person_sourcedid`` (Moodle's
ID number) or the custom parameter the admin names, the unit from a custom parameter; a launch that sends nothing
(or an empty value, or Moodle's unreplaced ``$User.idnumber``) keeps what was known."""
import pytest

from lti_tool.extensions import db
from lti_tool.lti.models import LtiUser

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


def _user(sub="4"):
    db.session.expire_all()
    return LtiUser.query.filter_by(sub=sub).one()


def _launch(browser, lis=None, custom=None):
    overrides = {}
    if lis is not None:
        overrides[LTI + "lis"] = lis
    if custom is not None:
        overrides[LTI + "custom"] = custom
    response = browser.launch_with("student", **overrides)
    assert response.status_code == 303, response.get_data(as_text=True)


def test_the_captured_moodle_launch_has_no_nip_and_the_learner_still_has_a_record(app, browser):
    _launch(browser)  # Moodle's captured launch: person_sourcedid ""
    assert (_user().nip, _user().unit) == ("", "")


def test_nip_from_moodles_id_number_and_unit_from_the_custom_parameter(app, browser):
    _launch(browser, lis={"person_sourcedid": " 198703122010011004 ", "course_section_sourcedid": ""},
            custom={"unit_kerja": "BPKAD  Kota Palembang"})
    user = _user()
    assert (user.nip, user.unit) == ("198703122010011004", "BPKAD Kota Palembang")


def test_a_later_launch_without_them_keeps_what_was_known(app, browser):
    _launch(browser, lis={"person_sourcedid": "198703122010011004"}, custom={"unit_kerja": "Dinas Kominfo"})
    _launch(browser, lis={"person_sourcedid": ""}, custom={"unit_kerja": "$User.department"})
    assert (_user().nip, _user().unit) == ("198703122010011004", "Dinas Kominfo")


def test_the_admin_may_name_a_custom_parameter_for_the_nip(app, browser):
    app.config["LATIH_NIP_PARAM"] = "nip"
    _launch(browser, lis={"person_sourcedid": "idnumber-not-nip"}, custom={"nip": "199001012015031002"})
    assert _user().nip == "199001012015031002"
    _launch(browser, lis={"person_sourcedid": "198703122010011004"}, custom={})
    assert _user().nip == "198703122010011004"  # the parameter not sent: Moodle's ID number


@pytest.mark.parametrize("lis", ["not an object", ["x"], {"person_sourcedid": 42}])
def test_an_odd_lis_claim_is_no_nip_and_no_error(app, browser, lis):
    _launch(browser, lis=lis)
    assert _user().nip == ""


def test_the_record_settings_come_from_the_environment_too(app_config, _migrated, monkeypatch):
    from lti_tool import create_app

    monkeypatch.setenv("LATIH_NIP_PARAM", "nip")
    monkeypatch.setenv("LATIH_UNIT_PARAM", "opd")
    monkeypatch.setenv("LATIH_JP_TARGET", "24")
    monkeypatch.setenv("LATIH_MINUTES_PER_JP", "50")
    monkeypatch.setenv("LATIH_JP_CATEGORIES", "pelatihan klasikal, e-learning, magang")
    config = create_app({k: v for k, v in app_config.items() if not k.startswith("LATIH_JP") and k not in (
        "LATIH_NIP_PARAM", "LATIH_UNIT_PARAM", "LATIH_MINUTES_PER_JP")}).config
    assert (config["LATIH_NIP_PARAM"], config["LATIH_UNIT_PARAM"]) == ("nip", "opd")
    assert (config["LATIH_JP_TARGET"], config["LATIH_MINUTES_PER_JP"]) == (24, 50)
    assert config["LATIH_JP_CATEGORIES"] == ("pelatihan klasikal", "e-learning", "magang")


def test_rank_and_position_from_custom_parameters(app, browser):
    _launch(browser, custom={"pangkat_golongan": "Penata Muda (III/a)", "jabatan": "$User.jabatan"})
    assert (_user().rank, _user().position) == ("Penata Muda (III/a)", "")
