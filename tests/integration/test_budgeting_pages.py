"""The budgeting exercise as people use it: the instructor sets it up, a learner drafts, submits and is graded."""
import html
import io
import re
from decimal import Decimal

import openpyxl
from budgeting_support import GOOD_LINES, PRICES, csrf, save, work_page
from support import custom_activity

from lti_tool.activities.services import create_activity
from lti_tool.budgeting.findings import finding_text
from lti_tool.budgeting.models import BudgetExercise, BudgetSubmission
from lti_tool.extensions import db
from lti_tool.grades import delivery
from lti_tool.grades.models import Score
from lti_tool.lti.models import Course


def test_scenario_is_rendered_and_sanitized(exercise, client):
    body = work_page(client, exercise["learner"])
    assert "<strong>dua hari</strong>" in body and "<script>x()" not in body
    assert "Rp5.000.000" in body


def test_learner_drafts_submits_and_grade_reaches_moodle(exercise, client, platform):
    page = save(client, exercise["learner"], GOOD_LINES).get_data(as_text=True)
    assert "Rp9.000.000" in page  # 3.000.000 + 6.000.000: over the ceiling, shown before submitting
    confirm = save(client, exercise["learner"], GOOD_LINES, action="submit").get_data(as_text=True)
    assert 'data-testid="confirm-submit"' in confirm
    client.post(f"/budgeting/submit?launch={exercise['learner']}",
                data={"csrf_token": csrf(confirm), "revision": re.search(r'name="revision" value="(\d+)"',
                                                                         confirm).group(1)})
    result = work_page(client, exercise["learner"])
    assert 'data-testid="result"' in result and 'data-testid="findings"' in result
    submission = BudgetSubmission.query.one()
    assert submission.status == "graded" and submission.total == 9_000_000
    assert submission.automatic_score < 100  # over the ceiling
    score = Score.query.one()
    assert score.grading_progress == "FullyGraded"
    delivery.deliver_due()
    assert platform.ags.gradebook[(6, "4")]["scoreGiven"] == float(submission.automatic_score)


def test_bad_numbers_show_a_message_on_the_line_never_a_500(exercise, client):
    lines = [dict(GOOD_LINES[0], unit_price="lima puluh ribu"), dict(GOOD_LINES[1], koefisien="-2 orang")]
    resp = save(client, exercise["learner"], lines)
    assert resp.status_code == 200
    assert len(re.findall('data-testid="line-error"', resp.get_data(as_text=True))) == 2
    confirm = save(client, exercise["learner"], lines, action="submit").get_data(as_text=True)
    resp = client.post(f"/budgeting/submit?launch={exercise['learner']}",
                       data={"csrf_token": csrf(confirm),
                             "revision": re.search(r'name="revision" value="(\d+)"', confirm).group(1)},
                       follow_redirects=True)
    assert BudgetSubmission.query.one().status == "draft"
    assert Score.query.count() == 0


def test_form_posted_twice_does_not_overwrite_newer_work(exercise, client):
    body = work_page(client, exercise["learner"])
    stale = {"csrf_token": csrf(body), "revision": "0", "action": "save", "lines-1-component": "old"}
    save(client, exercise["learner"], GOOD_LINES)
    resp = client.post(f"/budgeting/save?launch={exercise['learner']}", data=stale, follow_redirects=True)
    assert "another window" in resp.get_data(as_text=True) or "jendela lain" in resp.get_data(as_text=True)
    assert len(BudgetSubmission.query.one().document["lines"]) == 2


def test_learner_cannot_open_the_instructor_page(exercise, client):
    assert client.get(f"/budgeting/manage?launch={exercise['learner']}").status_code == 403


def test_export_xlsx_has_the_numbers(exercise, client):
    save(client, exercise["learner"], GOOD_LINES)
    resp = client.get(f"/budgeting/export.xlsx?launch={exercise['learner']}")
    assert resp.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(resp.data)).active
    numbers = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert 3_000_000 in numbers and 6_000_000 in numbers and 9_000_000 in numbers


def test_a_second_submission_is_refused(exercise, client):
    save(client, exercise["learner"], GOOD_LINES, action="submit")
    confirm = client.get(f"/budgeting/confirm?launch={exercise['learner']}").get_data(as_text=True)
    data = {"csrf_token": csrf(confirm), "revision": re.search(r'name="revision" value="(\d+)"', confirm).group(1)}
    client.post(f"/budgeting/submit?launch={exercise['learner']}", data=data)
    client.post(f"/budgeting/submit?launch={exercise['learner']}", data=data)
    assert Score.query.count() == 1
    db.session.rollback()


def test_instructor_loads_the_sample_lists(app, browser, platform, client):
    browser.open(browser.launch("instructor"))
    activity = create_activity(Course.query.one().id, None, "budgeting", "Contoh")
    teacher = browser.launch_with("instructor", **custom_activity(activity)).headers["Location"].split("launch=")[1]
    for kind in ("accounts", "prices"):
        page = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
        resp = client.post(f"/budgeting/import/{kind}?launch={teacher}", data={"csrf_token": csrf(page), "sample": "1"},
                           follow_redirects=True)
        assert "rows imported" in resp.get_data(as_text=True), kind
    page = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    assert "version 1, 10 codes" in page and "version 1, 16 items" in page


def test_import_with_a_bad_row_imports_nothing(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    bad = PRICES + "SSH-02;Kertas;A4;rim;gratis;perkiraan;10;5.1.02.01.01.0052\n"
    resp = client.post(f"/budgeting/import/prices?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "file": (io.BytesIO(bad.encode()), "prices.csv")},
        content_type="multipart/form-data", follow_redirects=True)
    body = resp.get_data(as_text=True)
    assert "Row 4" in body and "Nothing was imported" in body
    assert "version 1, 2 items" in body  # the earlier version stays in force


def test_instructor_changes_check_weights_and_previews(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'data-testid="weights"' in page and 'name="weight-ceiling" value="20"' in page
    client.post(f"/budgeting/manage?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "ceiling": "5,000,000", "ppn_rate": "11", "rounding": "per_line",
        "max_attempts": "1", "weight-ceiling": "60", "allowed_accounts": ["5.1.02.01.01.0052", "5.1.02.02.01.0003"]})
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'name="weight-ceiling" value="60"' in page
    save(client, exercise["learner"], GOOD_LINES, action="submit")
    confirm = client.get(f"/budgeting/confirm?launch={exercise['learner']}").get_data(as_text=True)
    client.post(f"/budgeting/submit?launch={exercise['learner']}", data={
        "csrf_token": csrf(confirm), "revision": re.search(r'name="revision" value="(\d+)"', confirm).group(1)})
    # Over the ceiling: 60 of 140 weight points lost.
    assert BudgetSubmission.query.one().automatic_score == Decimal("57.14")
    preview = client.get(f"/budgeting/preview?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'data-testid="preview"' in preview and 'data-testid="totals"' in preview


def test_more_than_2000_lines_are_refused_with_a_message(exercise, client):
    body = work_page(client, exercise["learner"])
    data = {"csrf_token": csrf(body), "revision": "0", "action": "save"}
    for n in range(1, 2002):
        data[f"lines-{n}-component"] = f"Komponen {n}"
    resp = client.post(f"/budgeting/save?launch={exercise['learner']}", data=data, follow_redirects=True)
    assert resp.status_code == 200 and "2000" in resp.get_data(as_text=True).replace(".", "")
    assert BudgetSubmission.query.one().document["lines"] == []


def test_odd_line_numbers_in_field_names_never_make_a_500(exercise, client):
    body = work_page(client, exercise["learner"])
    data = {"csrf_token": csrf(body), "revision": "0", "action": "save",
            "lines-²-component": "superscript", "lines-" + "9" * 5000 + "-component": "huge",
            "lines-١-component": "arabic-indic", "lines-3-component": "Snack"}
    resp = client.post(f"/budgeting/save?launch={exercise['learner']}", data=data, follow_redirects=True)
    assert resp.status_code == 200
    assert [line["component"] for line in BudgetSubmission.query.one().document["lines"]] == ["Snack"]


def test_instructor_chooses_the_fields_learners_must_fill_in(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'data-testid="required-fields"' in page and 'name="required_header" value="lokasi" checked' in page
    client.post(f"/budgeting/manage?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "ceiling": "9,000,000", "ppn_rate": "11", "rounding": "per_line",
        "max_attempts": "1", "allowed_accounts": ["5.1.02.01.01.0052", "5.1.02.02.01.0003"],
        "required_fields_shown": "1", "required_header": ["kegiatan", "bogus"], "required_indicators": ["keluaran"]})
    assert BudgetExercise.query.one().required_fields == {"header": ["kegiatan"], "indicators": ["keluaran"]}
    body = work_page(client, exercise["learner"])
    assert body.count('<span class="text-danger" title="wajib">*</span>') == 2  # Kegiatan and Keluaran
    header = {name: "" for name in ("urusan", "program", "sub_kegiatan", "organisasi", "sumber_dana", "lokasi",
                                    "waktu_pelaksanaan", "kelompok_sasaran")}
    header["kegiatan"] = "Lokakarya"
    save(client, exercise["learner"], GOOD_LINES, action="submit", header=header)
    confirm = client.get(f"/budgeting/confirm?launch={exercise['learner']}").get_data(as_text=True)
    client.post(f"/budgeting/submit?launch={exercise['learner']}", data={
        "csrf_token": csrf(confirm), "revision": re.search(r'name="revision" value="(\d+)"', confirm).group(1)})
    assert [f["code"] for f in BudgetSubmission.query.one().findings] == []


def test_settings_posted_without_the_required_fields_leave_them_alone(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    client.post(f"/budgeting/manage?launch={exercise['teacher']}", data={
        "csrf_token": csrf(page), "ceiling": "9,000,000", "ppn_rate": "11", "rounding": "per_line",
        "max_attempts": "1", "allowed_accounts": ["5.1.02.01.01.0052", "5.1.02.02.01.0003"]})
    assert BudgetExercise.query.one().required_fields is None  # every field stays required


def test_draft_page_shows_the_checks_on_their_lines_before_submitting(exercise, client):
    lines = [dict(GOOD_LINES[0], unit_price="80.000"), GOOD_LINES[1]]
    page = save(client, exercise["learner"], lines).get_data(as_text=True)
    assert 'data-testid="checks"' in page
    line_one = page[page.index('data-line="1"'):page.index('data-line="2"')]
    assert 'data-testid="line-finding"' in line_one and "50.000" in line_one  # the reference price
    assert 'data-testid="general-finding"' in page and "pagu" in page  # over the ceiling
    confirm = save(client, exercise["learner"], lines, action="submit").get_data(as_text=True)
    assert 'data-testid="checks"' in confirm


def _form_fields(page):
    """The settings form as the browser would post it unchanged: inputs, ticked boxes, textareas, selections."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if not name or ('type="checkbox"' in tag and "checked" not in tag):
            continue
        data.setdefault(name.group(1), []).append(value.group(1) if value else "")
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = [html.unescape(text)]
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        data[name] = re.findall(r'<option value="([^"]*)" selected', options)
    return {k: [html.unescape(x) for x in v] for k, v in data.items()}


def test_an_indonesian_instructor_saves_the_settings_unchanged(exercise, browser, client):
    from support import custom_activity

    indonesian = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"locale": "id"}}
    teacher = browser.launch_with("instructor", **custom_activity(exercise["activity"]), **indonesian)
    teacher = teacher.headers["Location"].split("launch=")[1]
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    english = _form_fields(page)
    english.update(required_components=["SSH-01 | 1,000.5 | 2,000", ""], **{"weight-ceiling": ["12.5"]})
    client.post(f"/budgeting/manage?launch={exercise['teacher']}", data=english)
    before = BudgetExercise.query.one()
    saved = (before.ceiling, before.ppn_rate, before.required_components, dict(before.weights))
    assert saved[2] == [{"code": "SSH-01", "min": "1000.5", "max": "2000"}]

    page = client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True)
    assert 'value="5.000.000"' in page and 'value="11"' in page and "SSH-01 | 1.000,5 | 2.000" in page
    resp = client.post(f"/budgeting/manage?launch={teacher}", data=_form_fields(page), follow_redirects=True)
    assert "Latihan sudah disimpan." in resp.get_data(as_text=True)
    db.session.expire_all()
    after = BudgetExercise.query.one()
    assert (after.ceiling, after.ppn_rate, after.required_components, dict(after.weights)) == saved


def test_a_volume_that_is_not_a_number_names_its_line_and_saves_nothing(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    data = _form_fields(page)
    data.update(required_components=["SSH-01 | 1 | 2\nSBU-01 | banyak | 3"], ceiling=["7,000,000"])
    resp = client.post(f"/budgeting/manage?launch={exercise['teacher']}", data=data, follow_redirects=True)
    body = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Required components, line 2" in body
    db.session.expire_all()
    assert BudgetExercise.query.one().ceiling == 5_000_000 and BudgetExercise.query.one().required_components == []
    assert client.get(f"/budgeting/?launch={exercise['learner']}").status_code == 200


def test_a_draft_typed_in_indonesian_keeps_its_numbers_when_moodle_switches_to_english(exercise, browser, client):
    from support import custom_activity

    lines = [dict(GOOD_LINES[0], koefisien="30 orang × 1,5 hari", unit_price="50.000"),
             dict(GOOD_LINES[1], unit_price="satu juta")]  # not a number: stays as typed, with its message
    save(client, exercise["learner"], lines)
    english = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"locale": "en"}}
    learner = browser.launch_with("student", **custom_activity(exercise["activity"]), **english)
    learner = learner.headers["Location"].split("launch=")[1]
    page = work_page(client, learner)
    assert 'value="50,000"' in page and 'value="30 orang × 1.5 hari"' in page and 'value="satu juta"' in page
    assert "Rp2,250,000" in page  # 45 OH × 50,000
    # Saving the English page unchanged keeps what the learner meant (before: 50.000 became fifty rupiah).
    form = {name: value for name, value in re.findall(r'name="(lines-\d+-[a-z_]+)" value="([^"]*)"', page)}
    body_lines = [{k.split("-", 2)[2]: v for k, v in form.items()
                   if k.startswith(f"lines-{n}-") and not k.endswith(("-remove", "-ppn"))} for n in (1, 2)]
    save(client, learner, [{k: html.unescape(v) for k, v in line.items()} for line in body_lines])
    db.session.expire_all()
    stored = BudgetSubmission.query.one().document
    assert stored["locale"] == "en" and stored["lines"][0]["unit_price"] == "50,000"
    assert "Rp2,250,000" in work_page(client, learner)
    assert "Rp2.250.000" in work_page(client, exercise["learner"])  # and back in Indonesian


def test_instructor_renames_the_exercise_and_a_blank_title_is_refused(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert 'name="title" value="Anggaran lokakarya"' in page
    data = _form_fields(page)
    data.update(title=["  Anggaran   rapat koordinasi <b>Plaju</b> "])
    client.post(f"/budgeting/manage?launch={exercise['teacher']}", data=data)
    db.session.expire_all()
    assert db.session.get(type(exercise["activity"]), exercise["activity"].id).title == \
        "Anggaran rapat koordinasi <b>Plaju</b>"
    body = work_page(client, exercise["learner"])
    assert "Anggaran rapat koordinasi &lt;b&gt;Plaju&lt;/b&gt;" in body  # shown as text, never as markup

    data.update(title=[" \u200b "], ceiling=["7,000,000"])
    resp = client.post(f"/budgeting/manage?launch={exercise['teacher']}", data=data, follow_redirects=True)
    assert "Check the field “Title”" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert BudgetExercise.query.one().ceiling == 5_000_000  # nothing saved


def test_with_no_account_ticked_learners_may_use_every_account_in_the_list(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert "data-account-picker" in page and "budgeting/manage.js" in page
    data = _form_fields(page)
    data.pop("allowed_accounts")
    client.post(f"/budgeting/manage?launch={exercise['teacher']}", data=data)
    assert BudgetExercise.query.one().allowed_accounts == []
    body = save(client, exercise["learner"], GOOD_LINES).get_data(as_text=True)
    datalist = body[body.index('<datalist id="accounts">'):]
    assert '"5.1.02.01.01.0052"' in datalist[:datalist.index("</datalist>")]
    assert '"5.1.02.02.01.0003"' in datalist[:datalist.index("</datalist>")]
    assert "tidak boleh digunakan" not in body  # no "account not allowed" finding


def test_totals_name_each_account(exercise, client):
    body = save(client, exercise["learner"], GOOD_LINES).get_data(as_text=True)
    totals = body[body.index('data-testid="totals"'):]
    assert "Belanja Makanan dan Minuman Rapat" in totals and "Honorarium Narasumber" in totals


def test_saving_groups_the_lines_by_account_under_headings_with_subtotals(exercise, client):
    honor, makan = GOOD_LINES[1], GOOD_LINES[0]
    no_account = dict(makan, account="", specification="Belum jelas")
    lines = [honor, no_account, dict(makan, specification="Hari pertama"), dict(honor, specification="Eselon IV"),
             dict(makan, specification="Hari kedua")]
    body = save(client, exercise["learner"], lines).get_data(as_text=True)
    stored = BudgetSubmission.query.one().document["lines"]
    # Code order between accounts, the learner's order within one, lines without an account last.
    assert [(line["account"], line["specification"]) for line in stored] == [
        ("5.1.02.01.01.0052", "Hari pertama"), ("5.1.02.01.01.0052", "Hari kedua"),
        ("5.1.02.02.01.0003", "Eselon III"), ("5.1.02.02.01.0003", "Eselon IV"), ("", "Belum jelas")]
    headings = re.findall(r'data-testid="line-group">(.*?)</div>', body, re.S)
    assert len(headings) == 3
    assert "Belanja Makanan dan Minuman Rapat" in headings[0] and "Rp6.000.000" in headings[0]
    assert "Honorarium Narasumber" in headings[1] and "Rp12.000.000" in headings[1]
    assert "Belum ada kode rekening" in headings[2]
    assert body.index('data-testid="line-group"') < body.index('name="lines-1-account"')
    assert 'aria-label="Baris 1"' in body and 'aria-label="Baris 5"' in body


def test_each_line_shows_its_amount_without_javascript(exercise, client):
    lines = [GOOD_LINES[0], dict(GOOD_LINES[1], unit_price="banyak")]
    body = save(client, exercise["learner"], lines).get_data(as_text=True)
    assert re.search(r'data-line-amount-box="1"><strong data-line-amount="1">Rp3\.000\.000</strong>', body)
    assert re.search(r'data-line-amount-box="2" hidden>', body)  # a line that cannot be read has no amount


def test_a_required_component_can_be_named_instead_of_coded(exercise, client):
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    data = _form_fields(page)
    # "makan" is no code of the price list: it is looked for in the components (Makan siang: 30 × 2 = 60 OK).
    data.update(required_components=["makan | 60 | 90\nSBU-01 | 10 |\nsnack | 1 |"])
    client.post(f"/budgeting/manage?launch={exercise['teacher']}", data=data)
    save(client, exercise["learner"], [dict(GOOD_LINES[0], reference_code=""), GOOD_LINES[1]], action="submit")
    confirm = client.get(f"/budgeting/confirm?launch={exercise['learner']}").get_data(as_text=True)
    client.post(f"/budgeting/submit?launch={exercise['learner']}", data={
        "csrf_token": csrf(confirm), "revision": re.search(r'name="revision" value="(\d+)"', confirm).group(1)})
    required = [(f["code"], finding_text(f, "en")) for f in BudgetSubmission.query.one().findings
                if f["check"] == "required"]
    assert len(required) == 2 and not any("makan" in text for _code, text in required)
    found = dict(required)
    assert set(found) == {"required_volume_low", "required_missing"}
    assert "SBU-01" in found["required_volume_low"] and "6" in found["required_volume_low"]  # 2 × 3 OJ < 10
    assert "snack" in found["required_missing"]
    page = client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    assert "makan | 60 | 90" in page  # shown back as typed


def _submit(client, token, lines):
    save(client, token, lines, action="submit")
    confirm = client.get(f"/budgeting/confirm?launch={token}").get_data(as_text=True)
    client.post(f"/budgeting/submit?launch={token}", data={
        "csrf_token": csrf(confirm), "revision": re.search(r'name="revision" value="(\d+)"', confirm).group(1)})


def test_findings_are_stored_as_a_code_with_params_and_shown_in_the_readers_language(exercise, client):
    token = exercise["learner"]
    _submit(client, token, [GOOD_LINES[0], dict(GOOD_LINES[1], unit_price="1.100.000,50")])  # above SBU-01
    stored = next(f for f in BudgetSubmission.query.one().findings if f["code"] == "price_above_ceiling")
    assert "text" not in stored and stored["line_no"] == 2
    assert stored["params"]["price"] == {"$decimal": "1100000.50"} and stored["params"]["item"] == "Honor narasumber"
    indonesian = html.unescape(work_page(client, token))
    assert "Harga satuan Rp1.100.000,50 melebihi batas tertinggi Rp1.000.000 untuk Honor narasumber." in indonesian
    page = work_page(client, token)
    client.post("/language", data={"csrf_token": csrf(page), "lang": "en", "launch": token})
    english = html.unescape(work_page(client, token))
    assert "The unit price Rp1,100,000.50 is above the maximum of Rp1,000,000 for Honor narasumber." in english
