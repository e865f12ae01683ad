"""The final grade's preview is the saved grade's formula, rounded as the browser's preview rounds (half up)."""
from decimal import Decimal
from types import SimpleNamespace

from lti_tool.budgeting.services.grading import preview_final

RUBRIC = [{"criterion": "A", "levels": [{"label": "x", "points": "0"}, {"label": "y", "points": "2.5"},
                                       {"label": "z", "points": "8"}]},
          {"criterion": "B", "levels": [{"label": "n", "points": "0"}, {"label": "j", "points": "3"}]}]


def test_preview_is_automatic_times_weight_plus_rubric_times_the_rest():
    exercise = SimpleNamespace(rubric=RUBRIC, automatic_weight_pct=60)
    # rubric 5.5 / 11 = 50 %; 72.35 × 0.6 + 50 × 0.4 = 63.41
    assert preview_final(exercise, Decimal("72.35"), {0: 1, 1: 1}) == Decimal("63.41")
    # rubric 3 / 11 = 27.2727… → 27.27; 72.35 × 0.6 + 27.27 × 0.4 = 54.318 → 54.32
    assert preview_final(exercise, Decimal("72.35"), {0: 0, 1: 1}) == Decimal("54.32")
    # a half rounds up: 0.05 × 0.5 + 0 = 0.025 → 0.03
    assert preview_final(SimpleNamespace(rubric=RUBRIC, automatic_weight_pct=50), Decimal("0.05"),
                         {0: 0, 1: 0}) == Decimal("0.03")


def test_preview_waits_for_every_criterion_and_is_the_automatic_score_without_rubric():
    assert preview_final(SimpleNamespace(rubric=RUBRIC, automatic_weight_pct=60), Decimal("80"), {0: 2}) is None
    assert preview_final(SimpleNamespace(rubric=[], automatic_weight_pct=100), Decimal("80.5"), {}) == Decimal("80.5")
