"""Moodle's "Select content" dialog (about 650 × 490 px): create an activity, add it, Moodle gets the items."""
import re

import pytest
from playwright.sync_api import expect

TIMEOUT_MS = 15_000


@pytest.fixture
def practice(app):
    assert "practice" in app.extensions["latih_kinds"]  # plugged in by LATIH_KINDS (tests/conftest.py)


def test_instructor_creates_and_adds_an_activity_from_the_dialog(practice, site, new_context):
    page = new_context(viewport={"width": 900, "height": 700}).new_page()
    page.goto(f"{site.platform.issuer}/course/view.php?kind=deep_linking&dialog=1")
    dialog = page.frame_locator("#contentframe")
    expect(dialog.locator("[data-testid=select-content]")).to_be_visible(timeout=TIMEOUT_MS)

    frame = page.frame(name="contentframe")
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    # The chosen kind's own fields (its deep-linking form) show; another kind's stay hidden.
    dialog.locator("#kind").select_option("budgeting")
    expect(dialog.locator("[data-testid=create-fields-practice]")).to_be_hidden()
    dialog.locator("#kind").select_option("practice")
    expect(dialog.locator("[data-testid=create-fields-practice]")).to_be_visible()
    dialog.locator("#practice_maximum").fill("40")
    dialog.locator("#title").fill("Anggaran lokakarya Plaju")
    dialog.locator("#description").fill("Susun RKA kegiatan dua hari untuk 30 peserta.")
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    picked = dialog.locator("[data-testid=pick-activities] input[name=activity]")
    expect(picked).to_be_checked(timeout=TIMEOUT_MS)
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    dialog.locator("[data-testid=add-to-course]").click()
    expect(dialog.locator("[data-testid=moodle-selected] li")).to_have_text(["Anggaran lokakarya Plaju"],
                                                                             timeout=TIMEOUT_MS)
    (item,) = site.platform.deep_link_items
    assert item["lineItem"]["scoreMaximum"] == 40 and item["custom"]["latih_activity"]
    assert item["text"] == "Susun RKA kegiatan dua hari untuk 30 peserta."


def test_instructor_sets_up_a_budgeting_exercise_in_the_dialog_before_adding_it(site, new_context):
    page = new_context(viewport={"width": 900, "height": 700}).new_page()
    page.goto(f"{site.platform.issuer}/course/view.php?kind=deep_linking&dialog=1")
    dialog = page.frame_locator("#contentframe")
    frame = page.frame(name="contentframe")
    dialog.locator("#kind").select_option("budgeting")
    dialog.locator("#title").fill("RKA lokakarya")
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    dialog.locator("[data-testid^=setup-]").click()

    # The exercise's settings open inside the same dialog, and fit its width.
    expect(dialog.locator("[data-testid=setup-essentials]")).to_be_visible(timeout=TIMEOUT_MS)
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    dialog.locator("[name=ceiling]").fill("5,000,000")  # the dialog speaks English here (Moodle sends en)
    dialog.locator("[data-testid=save-exercise]").click()
    expect(dialog.locator(".alert-success")).to_be_visible(timeout=TIMEOUT_MS)
    expect(dialog.locator("[name=ceiling]")).to_have_value("5,000,000")

    dialog.locator("[data-testid=back-to-select]").click()
    expect(dialog.locator("[data-testid=pick-activities] input[name=activity]")).to_be_checked(timeout=TIMEOUT_MS)
    dialog.locator("[data-testid=add-to-course]").click()
    expect(dialog.locator("[data-testid=moodle-selected] li")).to_have_text(["RKA lokakarya"], timeout=TIMEOUT_MS)


def test_budgeting_set_up_fits_moodles_select_content_dialog(site, new_context):
    """Moodle's "Select content" dialog is 770 × 575: the set-up asks only title, pagu and due date, in a form
    that fits (it was about 3,300 px), with labels people read (never field keys such as ``sub_kegiatan``)."""
    page = new_context(viewport={"width": 770, "height": 575}).new_page()
    page.goto(f"{site.platform.issuer}/course/view.php?kind=deep_linking&dialog=1")
    dialog = page.frame_locator("#contentframe")
    frame = page.frame(name="contentframe")
    dialog.locator("#kind").select_option("budgeting")
    dialog.locator("#title").fill("RKA lokakarya")
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    dialog.locator("[data-testid^=setup-]").first.click()
    form = dialog.locator("[data-testid=setup-essentials]")
    expect(form).to_be_visible(timeout=TIMEOUT_MS)
    assert form.bounding_box()["height"] <= 900
    assert frame.evaluate("document.documentElement.scrollHeight") <= 900
    labels = frame.evaluate("Array.from(document.querySelectorAll('label, legend')).map(e => e.textContent)")
    assert labels and not [t for t in labels if re.search(r"\b[a-z]+_[a-z_]+\b", t)]
    dialog.locator("[name=ceiling]").fill("5,000,000")
    dialog.locator("[data-testid=save-exercise]").click()
    expect(dialog.locator(".alert-success")).to_be_visible(timeout=TIMEOUT_MS)
    expect(dialog.locator("[name=ceiling]")).to_have_value("5,000,000")
