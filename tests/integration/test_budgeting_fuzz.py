"""Hostile input to every budgeting page an instructor or learner can reach: the tool answers it, never with a 500.

Each test posts what hypothesis makes up (any Unicode, huge and negative numbers, numbers written with dots, commas
and "Rp", damaged files) and then checks that the pages people need next still load. The JSON endpoints' own
fuzzing (/budgeting/api/check and /autosave with odd forms) is in test_budgeting_api.py.
"""
import csv
import io
import re
import zipfile
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import openpyxl
import pytest
from budgeting_support import GOOD_LINES, csrf, save, work_page
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import scaled_examples
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lti_tool.activities.models import Activity
from lti_tool.budgeting.models import BudgetSubmission
from lti_tool.extensions import db


def fuzz(examples):
    """Hypothesis settings for these tests: examples sized so the file runs in about 50 s on SQLite (each example is
    a few requests); the fixtures (an exercise, a handed-in budget) are made once per test, not per example. The
    counts are the ``dev`` profile's; ``ci`` runs a quarter of them, ``thorough`` ten times as many."""
    return settings(max_examples=scaled_examples(examples), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


ACCOUNTS = ["5.1.02.01.01.0052", "5.1.02.02.01.0003"]
RUBRIC = "Volume wajar | Kurang: 0 ; Cukup: 5 ; Baik: 10\nMelayani indikator | Tidak: 0 ; Ya: 10"
CHECKS = ("arithmetic", "ceiling", "account", "price", "unit", "required", "forbidden", "duplicate", "fields")
HEADER = ("urusan", "program", "kegiatan", "sub_kegiatan", "organisasi", "sumber_dana", "lokasi",
          "waktu_pelaksanaan", "kelompok_sasaran")
INDICATORS = ("capaian", "masukan", "keluaran", "hasil")
LINE_FIELDS = ("account", "component", "specification", "koefisien", "abbreviation", "unit", "unit_price", "ppn",
               "reference_code", "remove")
# The settings as an instructor would save them; each example replaces some of them.
SETTINGS = {"ceiling": "5,000,000", "ppn_rate": "11", "rounding": "per_line", "max_attempts": "1",
            "allowed_accounts": ACCOUNTS, "rubric": RUBRIC, "review_required": "1", "automatic_weight_pct": "60"}

# --- what hostile people type ------------------------------------------------------------------------------------

ODD = ["", " ", "0", "-0", "-1", "+1", "--1", "1-", "NaN", "nan", "Infinity", "-inf", "∞", "1e9", "1E+999", "0x10",
       "1_000", "1 000", "1\u00a0000", "١٢٣", "１２３", "²", "½", "\x00", "\u202e1\u202c", "Rp",
       "Rp -", "Rp. 1.000,-", "IDR 5", ",", ".", ",-", "1,2,3", "1..2", "1.2.3,4,5", "0,001", "1.500", "1,500",
       "None", "null", "[]", "{}", "<script>alert(1)</script>", "' OR 1=1 --", "%s", "%(max)s", "{0}", "{text}",
       "\r\n", "\t", "a|b|c", "x:1;y:2", "|", ":", ";"]


def _spell(n, style):
    grouped = f"{abs(n):,}"
    sign = "-" if n < 0 else ""
    return {
        "plain": str(n),
        "en": sign + grouped,
        "id": sign + grouped.replace(",", "."),
        "rp": f"Rp {sign}{grouped.replace(',', '.')}",
        "rp-dash": f"{sign}Rp. {grouped.replace(',', '.')},-",
        "en-decimals": f"{sign}{grouped}.{abs(n) % 1000:03d}",
        "id-decimals": f"{sign}{grouped.replace(',', '.')},{abs(n) % 100:02d}",
        "spaces": sign + grouped.replace(",", " "),
        "trailing-sign": grouped + ("-" if n < 0 else "+"),
        "exponent": f"{n}e3",
    }[style]


STYLES = ("plain", "en", "id", "rp", "rp-dash", "en-decimals", "id-decimals", "spaces", "trailing-sign", "exponent")
integers = st.one_of(st.integers(min_value=-1000, max_value=1000), st.integers(min_value=-10**40, max_value=10**40),
                     st.sampled_from([0, 1, 100, 101, 2**31, 2**63, 10**15, 10**15 + 1, -(10**15)]))
number_text = st.builds(_spell, integers, st.sampled_from(STYLES))
decimal_text = st.decimals(allow_nan=True, allow_infinity=True).map(str)
short_text = st.text(max_size=40)
LONG = ["9" * 70, "9" * 5000, "1" + "0" * 4400, "x" * 100_000]
hostile = st.one_of(number_text, decimal_text, st.sampled_from(ODD), st.sampled_from(LONG), short_text,
                    st.text(max_size=3000))
names = st.one_of(st.sampled_from(ODD), st.text(max_size=30))


def call(client, method, url, **kwargs):
    """One request; an exception escaping the app leaves the shared session usable for the next example."""
    try:
        return client.open(url, method=method, **kwargs)
    except Exception:
        db.session.rollback()
        raise


def ok(resp, what, json=False):
    body = resp.get_data().decode("utf-8", "replace")  # an XLSX is bytes
    assert resp.status_code < 500, (what, resp.status_code, body[:2000])
    if json:
        assert resp.is_json, (what, resp.status_code, body[:500])
    return body


def page(client, url):
    resp = call(client, "GET", url)
    assert resp.status_code == 200, (url, resp.status_code, resp.get_data(as_text=True)[:2000])
    return resp


def learner_pages_load(client, exercise):
    """The learner's work page (or result), and the printable and XLSX copies of their budget."""
    token = exercise["learner"]
    body = page(client, f"/budgeting/?launch={token}").get_data(as_text=True)
    page(client, f"/budgeting/print?launch={token}")
    page(client, f"/budgeting/export.xlsx?launch={token}")
    return body


def teacher_pages_load(client, exercise):
    token = exercise["teacher"]
    for path in ("manage", "preview", "regrade", "dashboard/", "dashboard/export.xlsx"):
        page(client, f"/budgeting/{path}?launch={token}")


def post_settings(client, exercise, data):
    resp = call(client, "POST", f"/budgeting/manage?launch={exercise['teacher']}",
                data={"csrf_token": session_csrf(client, exercise), **data})
    ok(resp, ("manage", data))
    assert resp.status_code == 302, (resp.status_code, resp.get_data(as_text=True)[:2000])  # saved or refused
    shown = page(client, f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True)
    return "The exercise is saved." in shown


def session_csrf(client, exercise):
    """The browser session's CSRF token (one for every form), from a page that always has a form."""
    return csrf(client.get(f"/budgeting/manage?launch={exercise['teacher']}").get_data(as_text=True))


def checked_in_the_editor(client, exercise):
    """The editor's live check of a good budget under whatever settings are now in force."""
    token = exercise["learner"]
    data = {f"lines-{n}-{k}": v for n, line in enumerate(GOOD_LINES, 1) for k, v in line.items()}
    resp = call(client, "POST", f"/budgeting/api/check?launch={token}", data=data,
                headers={"X-CSRFToken": session_csrf(client, exercise)})
    ok(resp, "api/check", json=True)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:2000]


def graded_and_regraded(client, exercise):
    """The instructor grades the handed-in budget (first level of every criterion) and applies a regrade."""
    token, submission = exercise["teacher"], exercise["submission"]
    data = {"csrf_token": exercise["csrf"], "comment": "ok", **{f"criterion-{i}": "0" for i in range(31)}}
    ok(call(client, "POST", f"/budgeting/grade/{submission}?launch={token}", data=data), "grade")
    ok(call(client, "POST", f"/budgeting/regrade?launch={token}", data={"csrf_token": exercise["csrf"]}), "regrade")
    page(client, f"/budgeting/grade/{submission}?launch={token}")


def _revision(body):
    found = re.search(r'name="revision" value="(\d+)"', body)
    return found.group(1) if found else "0"


@pytest.fixture
def submitted(exercise, client):
    """The exercise with a rubric to grade by, and the learner's budget handed in (awaiting the instructor)."""
    assert post_settings(client, exercise, SETTINGS)
    confirm = save(client, exercise["learner"], GOOD_LINES, action="submit").get_data(as_text=True)
    client.post(f"/budgeting/submit?launch={exercise['learner']}",
                data={"csrf_token": csrf(confirm), "revision": _revision(confirm)})
    submission = BudgetSubmission.query.one()
    assert submission.status == "submitted"
    return dict(exercise, submission=submission.id, csrf=session_csrf(client, exercise))


# --- the instructor's settings -----------------------------------------------------------------------------------

NUMBER_FIELDS = ("ceiling", "ppn_rate", "max_attempts", "automatic_weight_pct",
                 *(f"weight-{check}" for check in CHECKS))


@fuzz(60)
@given(changes=st.dictionaries(st.one_of(st.sampled_from(NUMBER_FIELDS), names.map(lambda n: "weight-" + n)),
                               hostile, min_size=1, max_size=6))
@example(changes={f"weight-{check}": "0" for check in CHECKS})
@example(changes={"ceiling": "1.000.000.000.000.000", "ppn_rate": "100", "max_attempts": "50",
                  "automatic_weight_pct": "0"})
@example(changes={"ceiling": "9" * 5000, "ppn_rate": "-11", "max_attempts": "Rp 1,-", "weight-price": "1e3"})
def test_settings_numbers_never_make_a_500(submitted, client, changes):
    saved = post_settings(client, submitted, {**SETTINGS, **changes})
    event("settings saved" if saved else "settings refused")
    teacher_pages_load(client, submitted)
    learner_pages_load(client, submitted)
    checked_in_the_editor(client, submitted)
    graded_and_regraded(client, submitted)
    ok(call(client, "POST", f"/budgeting/new-attempt?launch={submitted['learner']}",
            data={"csrf_token": submitted["csrf"]}), "new-attempt")
    learner_pages_load(client, submitted)


def _iso(moment, style):
    return {"minutes": moment.isoformat(timespec="minutes"), "seconds": moment.isoformat(timespec="seconds"),
            "micro": moment.isoformat(), "date": moment.date().isoformat(), "space": moment.isoformat(sep=" ")}[style]


offsets = st.builds(timezone, st.timedeltas(min_value=timedelta(hours=-23, minutes=-59),
                                            max_value=timedelta(hours=23, minutes=59)))
plausible = {"min_value": datetime(1999, 12, 31), "max_value": datetime(2201, 1, 2)}  # around the years accepted
due_dates = st.one_of(
    st.builds(_iso, st.datetimes(), st.sampled_from(("minutes", "seconds", "micro", "date", "space"))),
    st.builds(_iso, st.datetimes(**plausible), st.sampled_from(("minutes", "seconds", "micro", "date", "space"))),
    st.builds(_iso, st.datetimes(timezones=offsets), st.sampled_from(("minutes", "seconds", "micro"))),
    st.builds(_iso, st.datetimes(timezones=offsets, **plausible), st.sampled_from(("minutes", "seconds", "micro"))),
    st.sampled_from(["0001-01-01T00:00", "9999-12-31T23:59", "2024-02-30T10:00", "2024-13-01T00:00",
                     "2024-01-01T24:00", "2024-01-01T10:00Z", "20240101T1000", "-2024-01-01", "today", "0"]),
    hostile,
)


@fuzz(50)
@given(due=due_dates)
@example(due="9999-12-31T23:59")
@example(due="2200-12-31T23:59+14:00")
@example(due="2000-01-01T06:59")
@example(due="0001-01-01T00:00")  # 7 hours before the earliest datetime: was an OverflowError (a 500)
def test_settings_due_date_never_makes_a_500(submitted, client, due):
    saved = post_settings(client, submitted, {**SETTINGS, "due_at": due})
    event("settings saved" if saved else "settings refused")
    teacher_pages_load(client, submitted)
    learner_pages_load(client, submitted)
    resp = call(client, "POST", f"/budgeting/new-attempt?launch={submitted['learner']}",
                data={"csrf_token": submitted["csrf"]})
    ok(resp, "new-attempt")
    graded_and_regraded(client, submitted)


def _rubric_row(criterion, levels):
    return f"{criterion} | " + " ; ".join(f"{label}: {points}" for label, points in levels)


rubrics = st.one_of(
    st.lists(st.builds(_rubric_row, short_text, st.lists(st.tuples(short_text, hostile), max_size=4)),
             max_size=35).map("\n".join),
    st.lists(st.builds(_rubric_row, st.sampled_from(["A", "Volume wajar", "ÿ" * 400]),
                       st.lists(st.tuples(st.sampled_from(["Ya", "x" * 300]), number_text), min_size=1, max_size=3)),
             min_size=1, max_size=35).map("\n".join),
    st.text(max_size=2000),
)
required_components = st.lists(
    st.one_of(st.builds(lambda code, low, high: f"{code} | {low} | {high}", names, hostile, hostile),
              st.builds(lambda code, low: f"{code} | {low}", names, number_text),
              st.builds(lambda parts: " | ".join(parts), st.lists(short_text, max_size=6))),
    max_size=120).map("\n".join)
word_lists = st.builds(lambda items, sep: sep.join(items), st.lists(names, max_size=20),
                       st.sampled_from(["\n", ",", " , "]))
scenario = st.one_of(st.text(max_size=3000), st.lists(st.sampled_from([
    "# Judul", "**tebal**", "[tautan](javascript:alert(1))", "<img src=x onerror=alert(1)>", "| a | b |\n|---|---|",
    "1. satu", "- dua", "```\nkode\n```", "> kutipan", "<script>x()</script>", "\x00", "&amp;", "&#0;", "[x]: <>",
    "![i](data:text/html,<script>)", "*" * 500, "[" * 500, "<" * 300, "\n" * 50]), max_size=40).map("\n".join))
text_settings = st.fixed_dictionaries({}, optional={
    "rubric": rubrics,
    "required_components": required_components,
    "forbidden_codes": word_lists,
    "forbidden_keywords": word_lists,
    "allowed_accounts": st.lists(st.one_of(st.sampled_from(ACCOUNTS), names), max_size=10),
    "required_fields_shown": st.sampled_from(["1", "", "0", "yes"]),
    "required_header": st.lists(st.one_of(st.sampled_from(HEADER), names), max_size=12),
    "required_indicators": st.lists(st.one_of(st.sampled_from(INDICATORS), names), max_size=6),
    "programme-urusan": hostile, "programme-program": hostile, "programme-kegiatan": hostile,
    "programme-sub_kegiatan": hostile, "programme-" + "x" * 50: hostile,
    "scenario_md": scenario,
    "target_group": hostile, "location": hostile, "dates": hostile,
    "rounding": st.one_of(st.sampled_from(["per_line", "per_account", "total", "none", "PER_LINE"]), names),
    "prices_include_ppn": st.sampled_from(["1", "", "0", "on"]),
    "review_required": st.sampled_from(["1", "", "0"]),
})


@fuzz(60)
@given(changes=text_settings)
@example(changes={"scenario_md": "a\x00b", "target_group": "\x00", "programme-urusan": "x\x00",
                  "rubric": "A\x00 | B: 1"})  # NUL: a 500 on PostgreSQL until requests dropped it
def test_settings_lists_rubric_and_texts_never_make_a_500(submitted, client, changes):
    data = {**SETTINGS, **changes}
    if "required_header" in changes or "required_indicators" in changes:
        data.setdefault("required_fields_shown", "1")
    saved = post_settings(client, submitted, data)
    event("settings saved" if saved else "settings refused")
    teacher_pages_load(client, submitted)
    learner_pages_load(client, submitted)
    checked_in_the_editor(client, submitted)
    graded_and_regraded(client, submitted)
    learner_pages_load(client, submitted)


# --- the instructor's grading ------------------------------------------------------------------------------------

criterion_keys = st.one_of(st.integers(min_value=-3, max_value=40).map(lambda i: f"criterion-{i}"),
                           st.sampled_from(["criterion-0", "criterion-1"]), names.map(lambda n: "criterion-" + n))
criterion_values = st.one_of(st.integers(min_value=-5, max_value=5).map(str), number_text, decimal_text,
                             st.sampled_from(ODD), st.just("9" * 5000))
comments = st.dictionaries(st.one_of(st.integers(min_value=-2, max_value=10**12).map(str), names)
                           .map(lambda k: "comment-" + k), st.text(max_size=3000), max_size=6)


@fuzz(60)
@given(criteria=st.dictionaries(criterion_keys, criterion_values, max_size=6), line_comments=comments,
       comment=st.one_of(st.text(max_size=200), st.text(min_size=4000, max_size=9000)))
@example(criteria={"criterion-0": "9" * 5000, "criterion-1": "-1"}, line_comments={}, comment="")
@example(criteria={"criterion-0": "0", "criterion-1": "1"}, line_comments={"comment-1": "\x00"}, comment="a\x00b")
@example(criteria={"criterion-0": "١", "criterion-1": "1"}, line_comments={"comment-": "x", "comment-1-2": "y",
                                                                          "comment-99999999999": "z"}, comment="")
def test_grading_never_makes_a_500(submitted, client, criteria, line_comments, comment):
    token, submission = submitted["teacher"], submitted["submission"]
    grade_page = page(client, f"/budgeting/grade/{submission}?launch={token}").get_data(as_text=True)
    data = {"csrf_token": csrf(grade_page), **criteria, **line_comments, "comment": comment}
    resp = call(client, "POST", f"/budgeting/grade/{submission}?launch={token}", data=data)
    ok(resp, ("grade", data))
    assert resp.status_code == 302, (resp.status_code, resp.get_data(as_text=True)[:2000])
    page(client, f"/budgeting/grade/{submission}?launch={token}")
    page(client, f"/budgeting/print/{submission}?launch={token}")
    page(client, f"/budgeting/export/{submission}.xlsx?launch={token}")
    teacher_pages_load(client, submitted)
    learner_pages_load(client, submitted)


ids = st.one_of(st.integers(min_value=-10**30, max_value=10**30).map(str),
                st.sampled_from(["0", "-1", "2147483647", "2147483648", "9" * 40, "1.0", "1e3", "١", "²", "%00",
                                 "1%20", "..", "%2e%2e", "1/2", "0x1"]),
                st.text(min_size=1, max_size=40).map(lambda t: quote(t, safe="")))


@fuzz(200)
@given(odd=ids, who=st.sampled_from(["teacher", "learner"]))
def test_submission_pages_with_odd_ids_never_make_a_500(submitted, client, odd, who):
    token = submitted[who]
    for method, path in (("GET", f"grade/{odd}"), ("POST", f"grade/{odd}"), ("GET", f"print/{odd}"),
                         ("GET", f"export/{odd}.xlsx")):
        resp = call(client, method, f"/budgeting/{path}?launch={token}",
                    data={"csrf_token": submitted["csrf"], "criterion-0": "0"} if method == "POST" else None)
        ok(resp, (method, path, who))


@fuzz(60)
@given(query=st.fixed_dictionaries({}, optional={
    "state": st.one_of(st.sampled_from(["", "not_started", "draft", "submitted", "graded", "DRAFT", "all"]), names,
                       st.text(max_size=500)),
    "q": st.one_of(names, st.text(max_size=500), st.just("%"), st.just("_"), st.just("\\"), st.just("' OR 1=1 --")),
    "refresh": st.sampled_from(["", "1", "0", "true"])}))
def test_dashboard_filters_never_make_a_500(submitted, client, query):
    for path in ("/budgeting/dashboard/", "/budgeting/dashboard/export.xlsx"):
        resp = call(client, "GET", path, query_string={"launch": submitted["teacher"], **query})
        assert resp.status_code == 200, (path, query, resp.status_code, resp.get_data(as_text=True)[:2000])


# --- the instructor's imports ------------------------------------------------------------------------------------

cells = st.one_of(st.text(max_size=30), number_text, st.sampled_from(ODD), st.sampled_from(
    ["kode", "nama", "harga", "satuan", "rekening", "mode", "toleransi", "termasuk ppn", "Kode Rekening", "Uraian",
     "5.1.02.01.01.0052", "SSH-01", "perkiraan", "batas", "#komentar", "ya", "tidak"]))
header_rows = st.one_of(
    st.just(["kode", "nama", "spesifikasi", "satuan", "harga", "mode", "toleransi", "rekening", "termasuk ppn"]),
    st.just(["kode", "nama"]), st.just(["Kode Rekening", "Uraian"]), st.lists(cells, max_size=8))
tables = st.tuples(header_rows, st.lists(st.lists(cells, max_size=10), max_size=8)).map(lambda t: [t[0], *t[1]])


def _price_row(code, name, spec, unit, price, mode, tolerance, accounts, ppn):
    return [code, name, spec, unit, price, mode, tolerance, accounts, ppn]


PRICE_HEADER = ["kode", "nama", "spesifikasi", "satuan", "harga", "mode", "toleransi", "rekening", "termasuk ppn"]
visible = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60).filter(
    lambda t: t.strip() and not t.startswith("#"))
acceptable_prices = st.lists(st.builds(
    _price_row, visible, visible, st.text(max_size=60), visible,
    st.integers(min_value=1, max_value=10**15).map(lambda n: f"{n:,}".replace(",", ".")),
    st.sampled_from(["", "perkiraan", "batas", "Batas Atas", "estimasi ±5%"]),
    st.sampled_from(["", "0", "10", "100", "7,5", "0,01"]),
    st.lists(st.sampled_from(ACCOUNTS), max_size=2, unique=True).map(" ".join), st.sampled_from(["", "ya", "tidak"])),
    min_size=1, max_size=6, unique_by=lambda row: row[0].casefold())
acceptable_accounts = st.lists(st.tuples(
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=6).map(lambda g: ".".join(map(str, g))),
    visible), min_size=1, max_size=6, unique_by=lambda row: row[0]).map(
    lambda rows: [*rows, *((code, "Rekening latihan") for code in ACCOUNTS if code not in dict(rows))])


def _csv(table, delimiter, encoding, huge):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(table)
    text = out.getvalue() + ("x" * huge if huge else "")
    return text.encode(encoding, errors="replace")


xlsx_values = st.one_of(cells, st.integers(min_value=-10**18, max_value=10**18), st.floats(), st.booleans(),
                        st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
                        st.decimals(allow_nan=False, allow_infinity=False, places=4), st.text(max_size=2000))


def _xlsx(header, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(members):
    out, names = io.BytesIO(), set()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            name = name.split("\x00")[0].lstrip("/") or "x"  # as zipfile would store it
            if name not in names:
                names.add(name)
                archive.writestr(name, data)
    return out.getvalue()


def _not_xlsx(header, rows):
    """A real workbook with a part replaced by junk."""
    data = _xlsx(header, rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    return _zip([(name, b"<junk" if name.endswith("sheet1.xml") else part) for name, part in members])


acceptable_lists = st.one_of(
    st.tuples(st.builds(lambda rows: _csv([PRICE_HEADER, *rows], ";", "utf-8", 0), acceptable_prices),
              st.just("prices.csv")),
    st.tuples(st.builds(lambda rows: _xlsx(["kode", "nama"], [list(r) for r in rows]), acceptable_accounts),
              st.just("accounts.xlsx")))
damaged_files = st.one_of(
    st.tuples(st.binary(max_size=2000), st.sampled_from(["a.csv", "a.xlsx"])),
    st.tuples(st.builds(_csv, tables, st.sampled_from([",", ";", "\t", "|", " ", "\x00", "\u00a0"]),
                        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "utf-32"]),
                        st.sampled_from([0, 0, 200_000])), st.just("list.csv")),
    st.tuples(st.builds(_xlsx, st.lists(xlsx_values, max_size=10),
                        st.lists(st.lists(xlsx_values, max_size=10), max_size=6)), st.just("list.xlsx")),
    st.tuples(st.builds(_zip, st.lists(st.tuples(st.text(max_size=20), st.binary(max_size=200)), max_size=4)),
              st.just("zip.xlsx")),
    st.tuples(st.builds(_not_xlsx, st.lists(cells, max_size=4), st.lists(st.lists(cells, max_size=4), max_size=3)),
              st.just("broken.xlsx")),
    st.tuples(st.just(b"kode;nama\n"), st.sampled_from(["", "a", "a.CSV", "a.XLSX", "a.csv.exe", ".csv", "x" * 300
                                                        + ".csv", "../../etc/passwd.csv", "dаftar.csv"])),
)
uploads = st.sampled_from([damaged_files, acceptable_lists]).flatmap(lambda files: files)  # a mix of both


@fuzz(80)
@given(kind=st.sampled_from(["accounts", "prices"]), upload=uploads,
       number_format=st.sampled_from(["", "id", "en", "fr"]))
def test_imports_of_odd_files_never_make_a_500(exercise, client, kind, upload, number_format):
    token = exercise["teacher"]
    manage = page(client, f"/budgeting/manage?launch={token}").get_data(as_text=True)
    data, filename = upload
    if filename in ("prices.csv", "accounts.xlsx"):  # an acceptable list, written the Indonesian way
        kind, number_format = filename.split(".")[0], "id"
    resp = call(client, "POST", f"/budgeting/import/{kind}?launch={token}", data={
        "csrf_token": csrf(manage), "number_format": number_format, "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data")
    ok(resp, ("import", kind, filename, data[:300]))
    assert resp.status_code == 302, (resp.status_code, resp.get_data(as_text=True)[:2000])
    shown = page(client, f"/budgeting/manage?launch={token}").get_data(as_text=True)
    event(f"{kind} imported" if "rows imported" in shown else f"{kind} refused")
    teacher_pages_load(client, exercise)
    learner_pages_load(client, exercise)
    checked_in_the_editor(client, exercise)


# --- the learner's draft and submission --------------------------------------------------------------------------

line_numbers = st.one_of(st.integers(min_value=0, max_value=12).map(str), st.sampled_from(
    ["-1", "01", "007", "999999", "1000000", "9" * 40, "²", "١", "１", "1.0", " 1", "", "a"]))
line_keys = st.builds(lambda n, field: f"lines-{n}-{field}", line_numbers,
                      st.one_of(st.sampled_from(LINE_FIELDS), names))
line_values = st.one_of(hostile, st.builds(lambda a, b: f"{a} orang × {b} hari", number_text, number_text))
revisions = st.one_of(st.none(), st.sampled_from(["", "-1", "0", "1.0", "9" * 5000, "١", "abc", " 1"]),
                      st.integers(min_value=-10**20, max_value=10**20).map(str))


@fuzz(100)
@given(lines=st.dictionaries(line_keys, line_values, max_size=12),
       others=st.dictionaries(st.one_of(st.sampled_from([f"header-{h}" for h in HEADER]
                                                        + [f"ind-{k}-{p}" for k in INDICATORS
                                                           for p in ("measure", "target")]), names),
                              hostile, max_size=8),
       revision=revisions, action=st.one_of(st.sampled_from(["save", "add", "submit", ""]), names))
def test_saving_odd_drafts_never_makes_a_500(exercise, client, lines, others, revision, action):
    token = exercise["learner"]
    body = work_page(client, token)
    data = {**others, **lines, "csrf_token": csrf(body), "action": action,
            "revision": _revision(body) if revision is None else revision}
    resp = call(client, "POST", f"/budgeting/save?launch={token}", data=data)
    ok(resp, ("save", data))
    assert resp.status_code == 302, (resp.status_code, resp.get_data(as_text=True)[:2000])
    event("draft saved" if "Tersimpan." in work_page(client, token) else "draft refused or to confirm")
    learner_pages_load(client, exercise)
    page(client, f"/budgeting/confirm?launch={token}")
    page(client, f"/budgeting/dashboard/?launch={exercise['teacher']}")


@fuzz(30)
@given(revision=revisions, lines=st.lists(st.fixed_dictionaries({k: line_values for k in LINE_FIELDS[:-1]}),
                                          max_size=3))
@example(revision=None, lines=[dict.fromkeys(LINE_FIELDS[:-1], "") | {  # 10^25 rupiah: was a 500 (BIGINT overflow)
    "account": ACCOUNTS[0], "component": "Makan siang", "unit_price": "1",
    "koefisien": "1.000.000.000.000.000 orang × 10.000.000.000 hari"}])
@example(revision=None, lines=[dict.fromkeys(LINE_FIELDS[:-1], "") | {  # every factor and the price at their limits
    "account": ACCOUNTS[0], "component": "Makan siang", "ppn": "1", "unit_price": "Rp 1.000.000.000.000.000",
    "koefisien": " × ".join(["1.000.000.000.000.000 orang"] * 4)}])
def test_submitting_with_odd_revisions_never_makes_a_500(exercise, client, revision, lines):
    token = exercise["learner"]
    body = work_page(client, token)
    if 'name="revision"' in body:  # still a draft: save something odd to submit
        ok(save(client, token, lines or GOOD_LINES, action="submit"), "save")
        body = call(client, "GET", f"/budgeting/confirm?launch={token}", follow_redirects=True).get_data(as_text=True)
    data = {"csrf_token": session_csrf(client, exercise),
            "revision": _revision(body) if revision is None else revision}
    resp = call(client, "POST", f"/budgeting/submit?launch={token}", data=data)
    ok(resp, ("submit", data))
    assert resp.status_code == 302, (resp.status_code, resp.get_data(as_text=True)[:2000])
    learner_pages_load(client, exercise)
    resp = call(client, "POST", f"/budgeting/new-attempt?launch={token}", data={"csrf_token": data["csrf_token"]})
    ok(resp, "new-attempt")
    teacher_pages_load(client, exercise)


# --- setting up from Moodle's "Select content" dialog ------------------------------------------------------------


@pytest.fixture
def deep_link(browser, client):
    resp = browser.launch("deep_linking")
    body = browser.open(resp).get_data(as_text=True)
    token = resp.headers["Location"].split("launch=", 1)[1]
    client.post(f"/activities/create?launch={token}", data={
        "csrf_token": csrf(body), "kind": "budgeting", "title": "Anggaran lokakarya"})
    return {"token": token, "body": body, "activity": Activity.query.filter_by(title="Anggaran lokakarya").one().id}


@fuzz(100)
@given(setup=st.one_of(ids.map(lambda t: t.replace("%", "")), st.text(max_size=50), st.sampled_from(ODD),
                       st.sampled_from(["{id}", " {id} ", "{id}.0", "+{id}", "0{id}", "{id}\x00", "{id}{id}"]),
                       st.lists(st.sampled_from(["{id}", "x", "-1"]), min_size=2, max_size=3)))
def test_setting_up_with_odd_choices_never_makes_a_500(deep_link, client, setup):
    token, activity = deep_link["token"], deep_link["activity"]
    value = [v.replace("{id}", str(activity)) for v in setup] if isinstance(setup, list) else \
        setup.replace("{id}", str(activity))
    resp = call(client, "POST", f"/activities/setup?launch={token}",
                data={"csrf_token": csrf(deep_link["body"]), "setup": value})
    ok(resp, ("setup", value))
    assert resp.status_code in (302, 404), (resp.status_code, resp.get_data(as_text=True)[:2000])
    page(client, f"/activities/select?launch={token}")
