"""A level-3 form (the alumnus template) and helpers to invite, open a personal link and answer it."""
import re

from feedback_support import make_form
from modules_pages_support import csrf

from lti_tool.feedback.models import FeedbackItem


def make_level3(app, browser, platform, anonymous=True, **fields):
    return make_form(app, browser, platform, title="Evaluasi Pasca Pelatihan Latsar",
                     feedback_template="pasca_alumni", feedback_anonymous="1" if anonymous else "0", **fields)


def staff_page(client, teacher):
    return client.get(f"/feedback/invitations?launch={teacher}").get_data(as_text=True)


def staff_post(client, teacher, path, data):
    page = staff_page(client, teacher)
    return client.post(f"/feedback/invitations/{path}?launch={teacher}", data={"csrf_token": csrf(page), **data})


def the_links(body):
    return re.findall(r'value="(https?://[^"]+/feedback/i/[^"]+)"', body)


def add_external(client, teacher, name="Ani Lestari", unit="Dinas Kesehatan Kab. Bogor", email="", send_now="1"):
    response = staff_post(client, teacher, "external", {"name": name, "unit": unit, "email": email,
                                                        "send_now": send_now})
    return response, the_links(response.get_data(as_text=True))


def path_of(link):
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def scale_answers(form_id, point="4"):
    ids = {i.key: i.id for i in FeedbackItem.query.filter_by(form_id=form_id)}
    return {f"q{ids[k]}": point for k in ("apply_knowledge", "apply_skills", "work_quality", "share")} | {
        f"q{ids['obstacles']}": "Belum ada anggaran untuk alat"}


def answer_link(client, link, answers):
    path = path_of(link)
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return client.post(path, data={"csrf_token": csrf(page.get_data(as_text=True)), **answers})
