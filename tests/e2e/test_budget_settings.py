"""The exercise settings in Moodle's cross-site iframe: the allowed accounts of a long list are found by code or name
and ticked or unticked a screenful at a time (static/budgeting/manage.js), then saved with the form."""
from playwright.sync_api import expect

from lti_tool.activities.services import create_activity
from lti_tool.budgeting.models import BudgetExercise
from lti_tool.budgeting.services import exercises, settings
from lti_tool.extensions import db
from lti_tool.lti.models import Course, ResourceLink

TIMEOUT_MS = 15_000
ACCOUNTS = "kode;nama\n" + "".join(f"5.1.02.01.01.{n:04d};Belanja Bahan {n}\n" for n in range(1, 201)) + (
    "5.1.02.02.01.0003;Honorarium Narasumber\n5.1.02.02.01.0004;Honorarium Moderator\n")


def test_instructor_filters_the_account_list_and_ticks_what_is_shown(site, new_context):
    page = new_context(viewport={"width": 1000, "height": 900}).new_page()
    frame = page.frame_locator("#contentframe")
    page.goto(site.course_url("instructor"))
    expect(frame.locator("[data-testid=instructor-setup]")).to_be_visible(timeout=TIMEOUT_MS)
    activity = create_activity(Course.query.one().id, None, "budgeting", "Anggaran lokakarya")
    exercise = exercises.exercise_for(activity)
    settings.import_reference(exercise, "accounts", "accounts.csv", ACCOUNTS.encode(), None, "id")
    ResourceLink.query.filter_by(resource_link_id="1").one().activity_id = activity.id
    db.session.commit()
    page.reload()
    picker = frame.locator("[data-account-picker]")
    expect(picker).to_be_visible(timeout=TIMEOUT_MS)
    expect(picker.locator("[data-account-count]")).to_have_text("202 of 202 ticked, 202 shown.")

    # The long list scrolls inside the form: the save button is not pushed 200 rows down.
    box = picker.locator(".latih-scrollbox").bounding_box()
    assert box["height"] < 400

    picker.locator("[data-account-filter]").fill("honorarium")
    expect(picker.locator("[data-account-row]:visible")).to_have_count(2)
    picker.locator("[data-account-filter]").press("Enter")  # does not submit the settings
    expect(picker.locator("[data-account-count]")).to_have_text("202 of 202 ticked, 2 shown.")
    picker.locator("[data-account-filter]").fill("")
    picker.locator("[data-account-tick='0']").click()  # untick all 202
    picker.locator("[data-account-filter]").fill("narasumber 5.1.02.02")  # every word, code or name
    expect(picker.locator("[data-account-row]:visible")).to_have_count(1)
    picker.locator("[data-account-tick='1']").click()
    picker.locator("[data-account-filter]").fill("BAHAN 17")  # any case; "17" also in the codes of 117, 170…179
    expect(picker.locator("[data-account-row]:visible")).to_have_count(12)
    picker.locator("[data-account-filter]").fill("0017")
    picker.locator("[data-account-row]:visible input").check()
    expect(picker.locator("[data-account-count]")).to_have_text("2 of 202 ticked, 1 shown.")

    frame.locator("[data-testid=save-exercise]").click()
    expect(frame.locator(".alert-success")).to_be_visible(timeout=TIMEOUT_MS)
    db.session.expire_all()
    assert sorted(BudgetExercise.query.one().allowed_accounts) == ["5.1.02.01.01.0017", "5.1.02.02.01.0003"]
