"""The standard-price panel of the learner's editor (issue 16): the SSH/SBU items searchable by code, name and
account, as a GET search without JavaScript and as JSON for the editor's script, checked like every page."""
import re

from budgeting_support import work_page
from support import custom_activity

from lti_tool.activities.services import create_activity
from lti_tool.lti.models import Course


def _panel(body):
    return body.split('data-testid="price-panel"', 1)[1].split("</section>", 1)[0]


def test_the_editor_shows_every_standard_price_with_code_specification_unit_price_and_mode(exercise, client):
    panel = _panel(work_page(client, exercise["learner"]))
    rows = dict(re.findall(r'<tr data-price-code="([^"]+)">(.*?)</tr>', panel, re.S))
    assert set(rows) == {"SSH-01", "SBU-01"}
    assert "Makan siang" in rows["SSH-01"] and "Nasi kotak" in rows["SSH-01"] and ">OK<" in rows["SSH-01"]
    assert "Rp50.000" in rows["SSH-01"] and "perkiraan ± 10%" in rows["SSH-01"]
    assert "Rp1.000.000" in rows["SBU-01"] and "batas tertinggi" in rows["SBU-01"]
    assert "5.1.02.02.01.0003" in rows["SBU-01"]
    # a pick fills what the line reads: the one allowed account, and the price as the page's language types it
    assert 'data-account="5.1.02.01.01.0052"' in rows["SSH-01"] and 'data-price-input="50.000"' in rows["SSH-01"]
    assert "<script>" not in panel and "budgeting/prices.js" in work_page(client, exercise["learner"])


def test_without_javascript_the_panel_is_a_get_search(exercise, client):
    body = client.get(f"/budgeting/?launch={exercise['learner']}&price_q=honor").get_data(as_text=True)
    panel = _panel(body)
    assert re.findall(r'<tr data-price-code="([^"]+)">', panel) == ["SBU-01"]
    assert 'method="get"' in panel and 'name="price_q" value="honor"' in panel and "<details open>" in panel
    by_account = _panel(client.get(f"/budgeting/?launch={exercise['learner']}&price_q=5.1.02.01.01")
                        .get_data(as_text=True))
    assert re.findall(r'<tr data-price-code="([^"]+)">', by_account) == ["SSH-01"]
    none = _panel(client.get(f"/budgeting/?launch={exercise['learner']}&price_q=zzz").get_data(as_text=True))
    assert "Tidak ada standar harga yang cocok." in none


def test_json_search_by_code_name_and_account(exercise, client):
    def search(q):
        resp = client.get(f"/budgeting/api/prices?launch={exercise['learner']}&q={q}")
        assert resp.status_code == 200 and resp.is_json
        return resp.get_json()

    assert [i["code"] for i in search("ssh-01")["items"]] == ["SSH-01"]
    answer = search("makan")
    item = answer["items"][0]
    assert answer["found"] == 1 and item["name"] == "Makan siang" and item["specification"] == "Nasi kotak"
    assert item["unit"] == "OK" and item["price"] == "Rp50.000" and item["price_input"] == "50.000"
    assert item["mode"] == "perkiraan ± 10%" and item["account"] == "5.1.02.01.01.0052"
    assert [i["code"] for i in search("5.1.02.02")["items"]] == ["SBU-01"]
    assert search("")["found"] == 2


def test_the_search_is_refused_without_a_launch_or_from_another_activity(exercise, client, browser):
    assert client.get("/budgeting/api/prices?q=makan").status_code in (401, 403)
    other = create_activity(Course.query.one().id, None, "modules", "Modul")
    token = browser.launch_with("student", **custom_activity(other)).headers["Location"].split("launch=")[1]
    resp = client.get(f"/budgeting/api/prices?launch={token}&q=makan")
    assert resp.status_code == 403 and "Makan" not in resp.get_data(as_text=True)
