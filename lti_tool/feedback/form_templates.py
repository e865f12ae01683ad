"""The forms a new feedback activity starts from: versioned data, texts in the gettext catalogue (English here, the
Indonesian in ``translations/id``). A form keeps the key and version of its template, and each item the template's
key for it, so that later reports can compare the same question across runs.

- ``penyelenggaraan`` — Evaluasi Penyelenggaraan (Kirkpatrick level 1): organisation, facilities, relevance on the
  1–4 scale, a Net Promoter question and open text.
- ``pengajar`` — Evaluasi Pengajar: each facilitator (widyaiswara) rated on mastery of the material, method, time
  management and interaction.
- ``materi`` — Evaluasi Materi: the material on the 1–4 scale, its difficulty, and what to add.
- ``blank`` — an empty form.

Change a template's items only together with its ``version``.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class TemplateItem:
    key: str
    type: str
    text: object  # a lazy translated string
    page: int = 1
    required: bool = True
    options: tuple = ()  # ((value, lazy label), …)
    config: dict = field(default_factory=dict)
    condition: tuple | None = None  # (key of the item, (values, …))


@dataclass(frozen=True)
class FormTemplate:
    key: str
    version: int
    title: object
    description: object
    items: tuple


def _scale(key, text, page):
    return TemplateItem(key, "scale14", text, page)


PENYELENGGARAAN = FormTemplate(
    "penyelenggaraan", 1, _l("Evaluation of the training's organisation"),
    _l("Level 1 (reaction): organisation, facilities and relevance, on the 1–4 scale, a recommendation score and "
       "open questions."),
    (
        TemplateItem("intro", "info", _l("Rate each statement from 1 (poor) to 4 (very good). Your answers help the "
                                         "training centre improve the next run."), 1, required=False),
        _scale("org_information", _l("Information about the training before it started"), 1),
        _scale("org_schedule", _l("The schedule was kept"), 1),
        _scale("org_committee", _l("Service of the organising committee"), 1),
        _scale("fac_room", _l("Comfort of the training room"), 2),
        _scale("fac_equipment", _l("Equipment (projector, sound, internet)"), 2),
        _scale("fac_meals", _l("Meals and refreshments"), 2),
        TemplateItem("fac_lodging", "scale14", _l("Lodging (if you stayed)"), 2, config={"na": True}),
        _scale("rel_needs", _l("The training fits the needs of my work"), 3),
        _scale("rel_use", _l("I can apply what I learnt in my work"), 3),
        TemplateItem("nps", "nps", _l("How likely are you to recommend this training to a colleague?"), 3),
        TemplateItem("best", "long_text", _l("What was most useful?"), 3, required=False),
        TemplateItem("improve", "long_text", _l("What should the organisers improve?"), 3, required=False),
    ),
)

PENGAJAR = FormTemplate(
    "pengajar", 1, _l("Evaluation of the facilitators"),
    _l("Each facilitator (widyaiswara) on the form's list, rated 1–4 on mastery of the material, method, time "
       "management and interaction."),
    (
        TemplateItem("intro", "info", _l("Rate each facilitator from 1 (poor) to 4 (very good)."), 1, required=False),
        TemplateItem("mastery", "person_rating", _l("Mastery of the material"), 1),
        TemplateItem("method", "person_rating", _l("Teaching method"), 1),
        TemplateItem("time", "person_rating", _l("Time management"), 1),
        TemplateItem("interaction", "person_rating", _l("Interaction with the participants"), 1),
        TemplateItem("advice", "long_text", _l("Advice for the facilitators"), 1, required=False),
    ),
)

MATERI = FormTemplate(
    "materi", 1, _l("Evaluation of the material"),
    _l("The training material on the 1–4 scale, its difficulty, and what to add."),
    (
        _scale("goals", _l("The material fits the goals of the training"), 1),
        _scale("clarity", _l("The handouts and module are clear"), 1),
        _scale("current", _l("The material is up to date"), 1),
        _scale("balance", _l("Balance between theory and practice"), 1),
        TemplateItem("difficulty", "single", _l("The material was"), 1, options=(
            ("easy", _l("too easy")), ("right", _l("about right")), ("hard", _l("too difficult")))),
        TemplateItem("hard_parts", "long_text", _l("Which parts were too difficult?"), 1, required=False,
                     condition=("difficulty", ("hard",))),
        TemplateItem("add", "short_text", _l("What material should be added?"), 1, required=False),
    ),
)

BLANK = FormTemplate("blank", 1, _l("Empty form"), _l("No items: add your own in the form builder."), ())

TEMPLATES = {t.key: t for t in (PENYELENGGARAAN, PENGAJAR, MATERI, BLANK)}
DEFAULT_TEMPLATE = "penyelenggaraan"
