"""The indicator table (capaian, masukan, keluaran, hasil) prefilled from the exercise's scenario (issue 16): an
indicator the instructor gives is shown to the learner read-only and kept whatever a post says; one left empty is the
learner's to write. A settings form without the indicators' fields leaves them as they were."""
import re

from budgeting_support import GOOD_LINES, csrf, save, work_page

from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission
from lti_tool.extensions import db

SETTINGS = {"scenario_md": "x", "ceiling": "5,000,000", "ppn_rate": "11", "rounding": "per_line", "max_attempts": "1"}


def _post_settings(client, token, **fields):
    page = client.get(f"/budgeting/manage?launch={token}").get_data(as_text=True)
    return client.post(f"/budgeting/manage?launch={token}", data={"csrf_token": csrf(page), **SETTINGS, **fields})


def _field(page, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def test_indicators_given_by_the_instructor_are_prefilled_and_fixed(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'name="programme-ind-keluaran-measure"' in page and 'name="programme-ind-hasil-target"' in page
    resp = _post_settings(client, exercise["teacher"], **{
        "programme-ind-keluaran-measure": "  Jumlah  aparatur terlatih ", "programme-ind-keluaran-target": "30 orang",
        "programme-ind-capaian-measure": "", "programme-ind-capaian-target": "",
        "programme-ind-hasil-target": "<b>90%</b>"})
    assert resp.status_code == 302
    given = db.session.get(BudgetExercise, exercise["activity"].id).programme["indicators"]
    assert given == {"keluaran": {"measure": "Jumlah aparatur terlatih", "target": "30 orang"},
                     "hasil": {"measure": "", "target": "<b>90%</b>"}}

    work = work_page(client, exercise["learner"])
    measure, target = _field(work, "ind-keluaran-measure"), _field(work, "ind-keluaran-target")
    assert 'value="Jumlah aparatur terlatih"' in measure and "readonly" in measure
    assert 'value="30 orang"' in target and "readonly" in target
    assert 'value="&lt;b&gt;90%&lt;/b&gt;"' in _field(work, "ind-hasil-target")  # escaped, never markup
    assert "readonly" not in _field(work, "ind-capaian-measure")
    assert "readonly" not in _field(work, "ind-masukan-target")

    save(client, exercise["learner"], GOOD_LINES)  # posts "Ukuran" / "100%" for every indicator
    stored = {i["kind"]: i for i in BudgetSubmission.query.one().document["indicators"]}
    assert stored["keluaran"] == {"kind": "keluaran", "measure": "Jumlah aparatur terlatih", "target": "30 orang"}
    assert stored["hasil"]["target"] == "<b>90%</b>" and stored["hasil"]["measure"] == ""
    assert stored["capaian"] == {"kind": "capaian", "measure": "Ukuran", "target": "100%"}  # the learner's

    printed = client.get(f"/budgeting/print?launch={exercise['learner']}").get_data(as_text=True)
    assert "Jumlah aparatur terlatih" in printed and "30 orang" in printed


def test_a_settings_form_without_the_indicators_keeps_them(exercise, client):
    _post_settings(client, exercise["teacher"],
                   **{"programme-ind-masukan-measure": "Dana", "programme-ind-masukan-target": "Rp5 juta"})
    _post_settings(client, exercise["teacher"])  # e.g. a page that does not show the indicators
    db.session.expire_all()
    assert db.session.get(BudgetExercise, exercise["activity"].id).programme["indicators"] == {
        "masukan": {"measure": "Dana", "target": "Rp5 juta"}}
    # emptied on the page: the learner writes it again
    _post_settings(client, exercise["teacher"],
                   **{"programme-ind-masukan-measure": "", "programme-ind-masukan-target": ""})
    db.session.expire_all()
    assert "indicators" not in db.session.get(BudgetExercise, exercise["activity"].id).programme
    assert "readonly" not in _field(work_page(client, exercise["learner"]), "ind-masukan-measure")
