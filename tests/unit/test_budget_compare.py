"""The learner's lines beside the model answer: matched by reference code, then by name; missing, extra, large
differences in volume or price."""
from decimal import Decimal

from lti_tool.budgeting.domain.budget import BudgetLine, parse_koefisien
from lti_tool.budgeting.domain.compare import compare


def line(no, component, koefisien, price, code=None):
    return BudgetLine(line_no=no, account="5.1.02.01.01.0052", component=component,
                      koefisien=parse_koefisien(koefisien), unit_price=Decimal(price), reference_code=code)


MODEL = [line(1, "Makan siang", "30 orang × 2 hari", "50000", "SSH-01"),
         line(2, "Honorarium narasumber", "2 orang × 2 jam", "900000", "SBU-07"),
         line(3, "Sewa ruang rapat", "2 hari", "1500000")]


def test_matches_by_code_then_name_and_reports_missing_and_extra():
    learner = [line(1, "Konsumsi peserta", "30 orang × 2 hari", "50000", "ssh-01"),  # same code, other name
               line(2, "SEWA  ruang-rapat", "2 hari", "1500000"),  # same name, other spelling
               line(3, "ATK", "30 paket", "25000")]
    result = compare(MODEL, learner)
    assert [(p.model.line_no, p.learner.line_no) for p in result.pairs] == [(1, 1), (3, 2)]
    assert [m.component for m in result.missing] == ["Honorarium narasumber"]
    assert [e.component for e in result.extra] == ["ATK"]
    assert result.large_differences == ()


def test_differences_over_the_threshold_are_reported_with_their_size():
    learner = [line(1, "Makan siang", "40 orang × 2 hari", "50000", "SSH-01"),  # volume +33 %
               line(2, "Honorarium narasumber", "2 orang × 2 jam", "1000000", "SBU-07"),  # price +11 %
               line(3, "Sewa ruang rapat", "2 hari", "1000000")]  # price −33 %
    result = compare(MODEL, learner)
    pairs = {p.model.line_no: p for p in result.pairs}
    assert pairs[1].volume_diff == Decimal("0.3333") and pairs[1].volume_off() and not pairs[1].price_off()
    assert pairs[2].price_diff == Decimal("0.1111") and not pairs[2].price_off()
    assert pairs[3].price_diff == Decimal("-0.3333") and pairs[3].price_off()
    assert [p.model.line_no for p in result.large_differences] == [1, 3]
    assert [p.model.line_no for p in compare(MODEL, learner, Decimal("0.1")).large_differences] == [1, 2, 3]


def test_each_learner_line_matches_once_and_an_empty_budget_misses_everything():
    twice = [line(1, "Makan siang", "30 orang", "50000"), line(2, "Makan siang", "30 orang", "50000")]
    result = compare(twice[:1], twice)
    assert len(result.pairs) == 1 and [e.line_no for e in result.extra] == [2]
    assert len(compare(MODEL, []).missing) == 3 and compare([], MODEL[:1]).extra == (MODEL[0],)
