"""The forms a new feedback activity starts from: versioned data, texts in the gettext catalogue (English here, the
Indonesian in ``translations/id``). A form keeps the key and version of its template, and each item the template's
key for it, so that later reports can compare the same question across runs.

- ``penyelenggaraan`` — Evaluasi Penyelenggaraan (Kirkpatrick level 1): organisation, facilities, relevance on the
  1–4 scale, a Net Promoter question and open text.
- ``pengajar`` — Evaluasi Pengajar: each facilitator (widyaiswara) rated on mastery of the material, method, time
  management and interaction.
- ``materi`` — Evaluasi Materi: the material on the 1–4 scale, its difficulty, and what to add.
- ``pasca_alumni`` — Evaluasi Pasca Pelatihan (Kirkpatrick level 3), for the alumnus, months after the course: how
  often they apply what they learnt, rated *Sangat Baik / Baik / Cukup / Kurang / Tidak Terlihat*, and what stands
  in the way.
- ``pasca_atasan`` — its supervisor version (*atasan langsung*): the same items, the same keys and scale, asked
  about the alumnus. On a form answered by invitation, a supervisor reads these texts for the items of the same key
  (``level3_texts``), so both sides answer the same items and the gap is computed per item.
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

# Best first, as the training centres list them; stored low (1) to high (5) like every Likert scale.
# A label is {"text": catalogue text}: stored in both languages ({"id": …, "en": …}) when a form is built.
LEVEL3_SCALE = {"points": 5, "na": False, "labels": tuple(
    {"text": text} for text in (_l("Not observed"), _l("Poor"), _l("Fair"), _l("Good"), _l("Very good")))}


def _applied(key, text):
    return TemplateItem(key, "likert", text, 1, config=LEVEL3_SCALE)


PASCA_ALUMNI = FormTemplate(
    "pasca_alumni", 1, _l("Post-training evaluation (alumnus)"),
    _l("Level 3 (behaviour), months after the course: how the alumnus applies what was learnt, rated from “Not "
       "observed” to “Very good”, and what stands in the way. Send it with personal links (Invitations)."),
    (
        TemplateItem("intro", "info", _l("Some months have passed since your training. Tell us how you apply what "
                                         "you learnt in your work."), 1, required=False),
        _applied("apply_knowledge", _l("I apply the knowledge from the training in my work")),
        _applied("apply_skills", _l("I use the skills practised in the training")),
        _applied("work_quality", _l("The quality of my work improved after the training")),
        _applied("share", _l("I share what I learnt with my colleagues")),
        TemplateItem("example", "long_text", _l("Give an example of how you applied what you learnt"), 1,
                     required=False),
        TemplateItem("obstacles", "long_text", _l("What stands in the way of applying what you learnt?"), 1,
                     required=False),
    ),
)

PASCA_ATASAN = FormTemplate(
    "pasca_atasan", 1, _l("Post-training evaluation (direct supervisor)"),
    _l("Level 3 for the alumnus's direct supervisor: how often the alumnus applies what was learnt, rated from “Not "
       "observed” to “Very good”, and what stands in the way."),
    (
        TemplateItem("intro", "info", _l("You are asked as the direct supervisor of a training alumnus. Tell us how "
                                         "they apply what they learnt in their work."), 1, required=False),
        _applied("apply_knowledge", _l("The alumnus applies the knowledge from the training in their work")),
        _applied("apply_skills", _l("The alumnus uses the skills practised in the training")),
        _applied("work_quality", _l("The quality of the alumnus's work improved after the training")),
        _applied("share", _l("The alumnus shares what they learnt with colleagues")),
        TemplateItem("example", "long_text", _l("Give an example of how the alumnus applied what they learnt"), 1,
                     required=False),
        TemplateItem("obstacles", "long_text", _l("What stands in the way of the alumnus applying what they "
                                                  "learnt?"), 1, required=False),
    ),
)
LEVEL3_PAIRS = {"pasca_alumni": PASCA_ATASAN, "pasca_atasan": PASCA_ATASAN}  # the supervisor's texts, by item key

BLANK = FormTemplate("blank", 1, _l("Empty form"), _l("No items: add your own in the form builder."), ())

TEMPLATES = {t.key: t for t in (PENYELENGGARAAN, PENGAJAR, MATERI, PASCA_ALUMNI, PASCA_ATASAN, BLANK)}
DEFAULT_TEMPLATE = "penyelenggaraan"
