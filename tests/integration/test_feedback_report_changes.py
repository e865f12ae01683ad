"""The next run's report shows what the last run's feedback changed: a revision request opened from run 1 and
addressed in version 2 of the course's module appears on run 2's report (staff only), and a form from the empty
template never lists another form's requests."""
from loop_support import feedback_and_module, module_version, post
from modules_pages_support import ENGLISH, MODULE_V1, MODULE_V2, token_of
from support import custom_activity
from test_feedback_revisions import _open

from lti_tool.activities.services import create_activity

FORM = {"feedback_form": "1", "feedback_template": "penyelenggaraan", "feedback_anonymous": "0", "feedback_jp": "2",
        "feedback_graded": "1"}


def _new_run(browser, course_id, title, template="penyelenggaraan"):
    activity = create_activity(course_id, None, "feedback", title, form={**FORM, "feedback_template": template})
    return activity, token_of(browser.launch_with("instructor", **custom_activity(activity), **ENGLISH))


def test_the_next_runs_report_shows_what_the_last_run_changed(app, browser, client, platform):
    setup = feedback_and_module(app, browser, platform)
    teacher, author = setup["teacher"], setup["module_teacher"]
    module_version(client, author, MODULE_V1)
    _open(client, teacher, "item", setup["ids"]["org_schedule"], target=setup["module"].id,
          figure="index 61", change="Tambahkan waktu latihan musdes.")
    request_id = int(client.get(f"/feedback/revisions?launch={teacher}").get_data(as_text=True)
                     .split('data-request="')[1].split('"')[0])
    post(client, author, "/modules/revision-requests/answer", "/modules/manage", request=request_id,
         status="addressed", answer="Sesi musdes jadi 4 JP.", version="2", back="home")
    module_version(client, author, MODULE_V2)

    course_id = setup["activity"].course_id
    run2, teacher2 = _new_run(browser, course_id, "Evaluasi Penyelenggaraan Angkatan II")
    body = client.get(f"/feedback/report?launch={teacher2}").get_data(as_text=True)
    assert 'data-testid="report-changes"' in body
    row = body.split('data-testid="report-change"')[1].split("</tr>")[0]
    assert f'data-run="{setup["activity"].id}"' in row and "Tambahkan waktu latihan musdes." in row
    assert "addressed in version 2" in row and setup["module"].title in row

    _, blank_teacher = _new_run(browser, course_id, "Formulir kosong", template="blank")
    assert 'data-testid="report-changes"' not in client.get(
        f"/feedback/report?launch={blank_teacher}").get_data(as_text=True)
