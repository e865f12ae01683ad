"""The whole review loop of a training module, in Chromium: the instructor in Moodle's cross-site iframe, the
stakeholder reviewers on their standalone pages (a phone-sized window), the learner in the iframe again.

Deep linking creates the module → the instructor writes it → version 1 → a round with three groups and external
reviewers (links from the invitation texts) → an anchored blocking comment and scores → the author answers →
version 2 and its diff with the comment placed on it → round 2 → approved → published → the learner reads it →
the completion grade in the (fake) Moodle gradebook → the round's report as PDF and XLSX.
"""
import io
import re
import time
from datetime import timedelta

from modules_pages_support import MODULE_V1, MODULE_V2
from playwright.sync_api import expect

from lti_tool.clock import utcnow

TIMEOUT_MS = 20_000
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
GROUPS = ("pemda", "masyarakat", "perguruan_tinggi")
REVIEWERS = {"pemda": ("Ir. Rahmat Hidayat", "Bappeda Kota Palembang"),
             "masyarakat": ("Siti Aminah", "Forum Warga Plaju"),
             "perguruan_tinggi": ("Dr. Budi Santoso", "Universitas Sriwijaya")}


def _nav(frame, endpoint):
    frame.locator(f"[data-testid='staff-nav-{endpoint}']").click()


def _freeze(frame, markdown):
    """The draft replaced by ``markdown`` in the editor, saved and frozen as the next version."""
    editor = frame.locator("[data-testid=markdown]")
    expect(editor).to_be_visible(timeout=TIMEOUT_MS)
    editor.fill(markdown)
    frame.locator("[data-testid=save-and-freeze]").click()
    frame.locator("[data-testid=confirm-freeze]").click()
    expect(frame.locator("[data-testid=version-text]")).to_be_visible(timeout=TIMEOUT_MS)


def _invite_external(frame, group):
    """An external reviewer of ``group`` added on the round page; the link from the Indonesian invitation text."""
    name, institution = REVIEWERS[group]
    form = frame.locator("[data-testid=add-external]")
    form.locator("[name=name]").fill(name)
    form.locator("[name=institution]").fill(institution)
    form.locator("[name=group]").select_option(group)
    form.locator("button[type=submit]").click()
    letter = frame.locator("[data-testid=letter]").last
    expect(letter).to_be_visible(timeout=TIMEOUT_MS)
    text = letter.locator("[data-testid=invitation-text]").input_value()
    link = letter.locator("[data-testid=review-link]").input_value()
    assert name in text and link in text and "WIB" in text, text
    return link


def _select(page, section, words):
    """Select ``words`` in ``section``'s text, as a reviewer does with a finger or the mouse."""
    page.evaluate("""([section, words]) => {
        const body = document.querySelector(`[data-section="${section}"] [data-review-text]`);
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(words);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                document.dispatchEvent(new Event("selectionchange"));
                return;
            }
        }
        throw new Error("not in the text: " + words);
    }""", [section, words])


def _review(context, link, score, recommendation, comment=None):
    """A reviewer opens the link, confirms, optionally comments on a selected passage (blocking), scores every
    criterion with ``score``, recommends and submits."""
    page = context.new_page()
    page.goto(link)
    expect(page.locator("[data-testid=invitation]")).to_be_visible(timeout=TIMEOUT_MS)
    if page.locator("[data-testid=confirm-button]").count():
        page.locator("[data-testid=confirm-button]").click()
        expect(page.locator("[data-testid=confirmed]")).to_be_visible(timeout=TIMEOUT_MS)
    if comment:
        section, words, body = comment
        expect(page.locator("html[data-review-ready]")).to_have_count(1, timeout=TIMEOUT_MS)  # the script ran
        _select(page, section, words)
        page.locator("[data-selection-button]").click()
        form = page.locator(f'[data-comment-form="{section}"]')
        form.locator("[name=body]").fill(body)
        form.locator("[name=blocking]").check()
        form.locator("[data-testid=add-comment]").click()
        mine = page.locator("[data-testid=comment]").filter(has_text=body)
        expect(mine.locator("[data-testid=comment-quote]")).to_contain_text(words, timeout=TIMEOUT_MS)
        expect(mine.locator("[data-testid=blocking]")).to_be_visible()
    for criterion in page.locator("[data-testid=criterion]").all():
        criterion.locator(f"input[value='{score}']").check()
    page.locator(f"input[name=recommendation][value={recommendation}]").check()
    page.locator("[data-testid=submit-review]").click()
    expect(page.locator("[data-testid=submitted-at]")).to_be_visible(timeout=TIMEOUT_MS)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    return page


def _new_round(frame, version):
    """A round on ``version`` for the three groups (every criterion), deadline in a week; the round page."""
    _nav(frame, "modules.rounds_page")
    form = frame.locator("[data-testid=new-round]")
    expect(form).to_be_visible(timeout=TIMEOUT_MS)
    form.locator("[name=version]").select_option(str(version))
    form.locator("button[type=submit]").click()
    setup = frame.locator("[data-testid=setup-form]")
    expect(setup).to_be_visible(timeout=TIMEOUT_MS)
    for group in GROUPS:
        setup.locator(f"[data-testid=setup-group-{group}] input[name=groups]").check()
    setup.locator("[name=deadline_date]").fill((utcnow() + timedelta(days=7)).strftime("%Y-%m-%d"))
    setup.locator("button[type=submit]").click()
    expect(frame.locator("[data-testid=round-setup]")).to_be_visible(timeout=TIMEOUT_MS)


def _open_round_page(page, frame, number):
    """Back in Moodle's course page (a new launch), the module's round ``number``."""
    page.reload()
    expect(frame.locator("[data-testid=module-status]")).to_be_visible(timeout=TIMEOUT_MS)
    _nav(frame, "modules.rounds_page")
    frame.locator("[data-testid=rounds-table] a").filter(has_text=re.compile(rf"\b{number}\b")).first.click()
    expect(frame.locator("[data-testid=round-setup]")).to_be_visible(timeout=TIMEOUT_MS)


def _close_round(frame):
    frame.locator("[data-testid=close-form] button[type=submit]").click()
    expect(frame.locator("[data-testid=decide-form]")).to_be_visible(timeout=TIMEOUT_MS)


def test_a_module_is_reviewed_revised_approved_published_read_and_reported(app, site, new_context):
    moodle = new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = moodle.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    # Moodle's "Select content": a module with the three default groups, then the course's link is that activity.
    page.goto(f"{site.platform.issuer}/course/view.php?kind=deep_linking&dialog=1")
    dialog = page.frame_locator("#contentframe")
    expect(dialog.locator("[data-testid=select-content]")).to_be_visible(timeout=TIMEOUT_MS)
    dialog.locator("#kind").select_option("modules")
    dialog.locator("#title").fill("Perencanaan partisipatif")
    dialog.locator("[data-testid=modules-jp]").fill("4")
    dialog.locator("[data-testid=create-activity] button[type=submit]").click()
    expect(dialog.locator("[data-testid=pick-activities] input[name=activity]")).to_be_checked(timeout=TIMEOUT_MS)
    dialog.locator("[data-testid=add-to-course]").click()
    expect(dialog.locator("[data-testid=moodle-selected] li")).to_have_text(["Perencanaan partisipatif"],
                                                                             timeout=TIMEOUT_MS)
    site.platform.adopt_deep_link_item()

    # The instructor writes version 1.
    page.goto(site.course_url("instructor"))
    frame = page.frame_locator("#contentframe")
    expect(frame.locator("[data-testid=module-status]")).to_be_visible(timeout=TIMEOUT_MS)
    _nav(frame, "modules.editor")
    _freeze(frame, MODULE_V1)

    # Round 1: three groups, one external reviewer each, invited by the ready-to-copy text.
    _new_round(frame, 1)
    links = {group: _invite_external(frame, group) for group in GROUPS}
    frame.locator("[data-testid=back]").click()
    frame.locator("[data-testid=open-form] button[type=submit]").click()
    expect(frame.locator("[data-testid=close-form]")).to_be_visible(timeout=TIMEOUT_MS)

    # The reviewers, outside Moodle, on phones: a blocking comment anchored on a passage, scores, submit.
    phones = new_context(**PHONE)
    _review(phones, links["pemda"], 3, "approve_with_changes",
            comment=("pendahuluan", "melibatkan warga desa", "Sebutkan juga kelompok perempuan dan pemuda."))
    _review(phones, links["masyarakat"], 4, "approve")
    _review(phones, links["perguruan_tinggi"], 3, "approve")

    # The author sees scores (medians) and the blocking comment first, answers it, decides "revise".
    _open_round_page(page, frame, 1)
    expect(frame.locator("[data-testid=progress] [data-state=submitted]")).to_have_count(3, timeout=TIMEOUT_MS)
    _close_round(frame)
    expect(frame.locator("[data-testid=rule-unmet]")).to_be_visible()  # the blocking comment is open
    frame.locator("[data-testid=round-comments] details summary").first.click()
    comment = frame.locator("[data-testid=round-comments] [data-testid=answer-form]").first
    comment.locator("input[name=status][value=addressed]").check()
    comment.locator("[name=version]").fill("2")
    comment.locator("[name=answer]").fill("Ditambahkan: seluruh warga desa, termasuk perempuan dan pemuda.")
    comment.locator("button[type=submit]").click()
    expect(frame.locator("[data-testid=comment-status]").first).to_contain_text("2", timeout=TIMEOUT_MS)
    frame.locator("[data-testid=decide-form] input[name=outcome][value=revise]").check()
    frame.locator("[data-testid=decide-form] button[type=submit]").click()
    expect(frame.locator("[data-testid=decided]")).to_be_visible(timeout=TIMEOUT_MS)

    # Version 2, and its diff against version 1 with the comment placed on the changed text.
    _nav(frame, "modules.editor")
    _freeze(frame, MODULE_V2)
    _nav(frame, "modules.versions_page")
    frame.locator("[data-testid=compare] button[type=submit]").click()
    expect(frame.locator("[data-testid=diff-summary]")).to_be_visible(timeout=TIMEOUT_MS)
    expect(frame.locator("[data-testid=carried-comment]")).to_contain_text("perempuan dan pemuda")

    # Round 2 on version 2 with every reviewer again (new links); they see the answer, and approve.
    _open_round_page(page, frame, 1)
    frame.locator("[data-testid=next-form] [name=version]").select_option("2")
    frame.locator("[data-testid=next-form] button[type=submit]").click()
    fresh = frame.locator("[data-testid=letters] [data-testid=review-link]")
    expect(fresh).to_have_count(3, timeout=TIMEOUT_MS)
    links2 = [fresh.nth(i).input_value() for i in range(3)]
    setup = frame.locator("[data-testid=setup-form]")  # the same groups and criteria; a new deadline
    setup.locator("[name=deadline_date]").fill((utcnow() + timedelta(days=7)).strftime("%Y-%m-%d"))
    setup.locator("button[type=submit]").click()
    frame.locator("[data-testid=open-form] button[type=submit]").click()
    expect(frame.locator("[data-testid=close-form]")).to_be_visible(timeout=TIMEOUT_MS)
    first = phones.new_page()
    first.goto(links2[0])
    expect(first.locator("[data-testid=previous-answer]")).to_contain_text("perempuan dan pemuda",
                                                                          timeout=TIMEOUT_MS)
    for link in links2:
        _review(phones, link, 4, "approve")
    _open_round_page(page, frame, 2)
    _close_round(frame)
    expect(frame.locator("[data-testid=rule-met]")).to_be_visible()
    frame.locator("[data-testid=decide-form] input[name=outcome][value=approved]").check()
    frame.locator("[data-testid=decide-form] button[type=submit]").click()
    frame.locator("[data-testid=publish-approved] button[type=submit]").click()
    # The publication itself, not any success message (the decision's may still be on screen).
    expect(frame.locator("[data-testid=published]")).to_contain_text(re.compile(r"(versi|version) 2,"),
                                                                    timeout=TIMEOUT_MS)

    # The learner reads the published version 2 and marks it read: full marks reach Moodle's gradebook.
    learner = new_context(viewport={"width": 1000, "height": 900}).new_page()
    reading = learner.frame_locator("#contentframe")
    learner.goto(site.course_url("student"))
    expect(reading.locator("[data-testid=progress]")).to_be_visible(timeout=TIMEOUT_MS)
    reading.locator("[data-testid=read-all]").click()
    expect(reading.locator("[data-testid=module-text]")).to_contain_text("seluruh warga desa", timeout=TIMEOUT_MS)
    reading.locator("[data-testid=mark-read]").click()
    expect(reading.locator("[data-testid=read-at]")).to_be_visible(timeout=TIMEOUT_MS)
    deadline, grade = time.time() + 15, None
    while time.time() < deadline:
        grades = [g for g in site.platform.ags.gradebook.values() if g.get("gradingProgress") == "FullyGraded"]
        if grades:
            grade = grades[0]
            break
        time.sleep(0.1)
    assert grade and grade["scoreGiven"] == grade["scoreMaximum"] == 100, site.platform.ags.gradebook

    # The round's report ("berita acara") as PDF and XLSX, downloaded from the iframe.
    _open_round_page(page, frame, 2)
    frame.locator("[data-testid=round-report]").click()
    expect(frame.locator("[data-testid=report]")).to_contain_text("Universitas Sriwijaya", timeout=TIMEOUT_MS)
    expect(frame.locator("[data-testid=report-rule-met]")).to_be_visible()
    with page.expect_download() as pdf:
        frame.locator("[data-testid=report-pdf]").click()
    assert open(pdf.value.path(), "rb").read(5) == b"%PDF-"
    with page.expect_download() as xlsx:
        frame.locator("[data-testid=report-xlsx]").click()
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))
    assert len(book.sheetnames) == 4
    assert not [e for e in errors if re.search("Content Security Policy|Refused", e)], errors
