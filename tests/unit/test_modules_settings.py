"""A module's settings: the form's fields checked against the domain, stored as JSON, read back safely."""
import pytest
from werkzeug.datastructures import MultiDict

from lti_tool.modules.services import ModuleRefused
from lti_tool.modules.services.settings import default_settings, from_form, load


def form(**fields):
    values = {"modules_form": "1", "modules_groups": ["pemda", "masyarakat", "perguruan_tinggi"],
              "modules_template": "standard", "modules_jp": "4"}
    values.update(fields)
    return MultiDict([(k, v) for k, vs in values.items() for v in (vs if isinstance(vs, list) else [vs])])


def test_defaults_are_the_three_groups_the_five_criteria_and_a_first_round_rule():
    settings = default_settings()
    assert [g["id"] for g in settings.groups] == ["pemda", "masyarakat", "perguruan_tinggi"]
    criteria = settings.domain_criteria()
    assert [c.id for c in criteria["pemda"]] == ["relevance", "accuracy", "clarity", "usability", "culture"]
    assert all(c.scale_max == 4 for c in criteria["pemda"])
    assert settings.rule.to_dict()["groups"]["masyarakat"] == {"min_reviews": 1, "min_median": {
        c: 3 for c in ("relevance", "accuracy", "clarity", "usability", "culture")}}
    assert load(settings.to_json()) == settings


@pytest.mark.parametrize("stored", [None, {}, {"groups": "x"}, {"groups": [], "criteria": [], "jp": 2, "rule": {}},
                                    {**default_settings().to_json(), "jp": True},
                                    {**default_settings().to_json(), "rule": {"groups": {"nope": {}}}}])
def test_damaged_stored_settings_fall_back_to_the_defaults(stored):
    assert load(stored) == default_settings()


def test_own_groups_and_criteria_get_ids_and_keep_their_names():
    settings = from_form(form(modules_groups=[], modules_other_groups="Tokoh Adat\n\n  PKK  Desa \ntokoh adat",
                              modules_template="own", modules_criteria="Bahasa lokal\nBahasa   lokal\nContoh"))
    assert [(g["id"], g["name"]) for g in settings.groups] == [("tokoh-adat", "Tokoh Adat"), ("pkk-desa", "PKK Desa")]
    assert [(c["id"], c["name"]) for c in settings.criteria] == [("bahasa-lokal", "Bahasa lokal"),
                                                                  ("contoh", "Contoh")]


def test_a_group_named_like_a_default_one_gets_its_own_id():
    settings = from_form(form(modules_groups=["pemda"], modules_other_groups="pemda"))
    assert [g["id"] for g in settings.groups] == ["pemda", "pemda-2"]


@pytest.mark.parametrize(("fields", "code"), [
    ({"modules_jp": "0"}, "jp_range"), ({"modules_jp": "1.5"}, "jp_range"), ({"modules_jp": " "}, "jp_range"),
    ({"modules_groups": []}, "groups_missing"), ({"modules_template": "x"}, "template_unknown"),
    ({"modules_template": "own"}, "criteria_missing"),
    ({"modules_min_reviews": "51"}, "min_reviews_range"), ({"modules_min_median": "0"}, "min_median_range"),
    ({"modules_criteria": "\n".join(f"k{n}" for n in range(21)), "modules_template": "own"}, "too_many_criteria"),
])
def test_refusals_name_the_field(fields, code):
    with pytest.raises(ModuleRefused) as refused:
        from_form(form(**fields))
    assert refused.value.code == code
