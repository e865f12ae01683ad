"""Ids from the browser that no database column can hold answer 404, never a 500."""
import pytest
from budgeting_support import csrf
from test_budgeting_grading import submit

from lti_tool.ids import MAX_ID, record_id

HUGE = str(10**30)


@pytest.mark.parametrize("value, expected", [
    ("7", 7), (" 12 ", 12), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), ("0", None), ("-1", None),
    ("١٢", None), ("²", None), ("1e3", None), ("", None), (None, None), (HUGE, None), ("12abc", None),
])
def test_record_id(value, expected):
    assert record_id(value) == expected


def test_huge_ids_in_urls_and_forms_are_not_found(exercise, client):
    submit(client, exercise["learner"])
    teacher = exercise["teacher"]
    for path in (f"/budgeting/grade/{HUGE}", f"/budgeting/print/{HUGE}", f"/budgeting/export/{HUGE}.xlsx",
                 f"/budgeting/grade/{MAX_ID + 1}", "/budgeting/grade/١", "/budgeting/print/１", "/budgeting/grade/0"):
        assert client.get(f"{path}?launch={teacher}").status_code == 404, path
    token = csrf(client.get(f"/budgeting/manage?launch={teacher}").get_data(as_text=True))
    assert client.post(f"/grades/send-again?launch={teacher}",
                       data={"csrf_token": token, "score": HUGE}).status_code == 404
    assert client.post(f"/activities/bind?launch={teacher}",
                       data={"csrf_token": token, "activity": HUGE}).status_code == 404
