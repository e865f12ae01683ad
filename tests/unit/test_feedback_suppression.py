"""Small-group suppression: worked examples, and properties over random tables against a brute-force reader."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lti_tool.feedback.domain.suppression import (
    COMPLEMENTARY,
    SMALL,
    Cell,
    check_minimum,
    suppress_breakdown,
    suppress_crosstab,
    suppress_texts,
)


def shown(result):
    return {key: cell.count if not cell.hidden else cell.reason for key, cell in result.cells.items()}


@pytest.mark.parametrize("minimum", [2, 0, -5, 2.9, 5.0, True, "5"])
def test_a_minimum_below_three_or_not_an_integer_is_refused(minimum):
    with pytest.raises(ValueError):
        check_minimum(minimum)
    with pytest.raises(ValueError):
        suppress_breakdown({"a": 9}, minimum=minimum)


def test_three_is_the_lowest_minimum_and_five_the_default():
    assert check_minimum(3) == 3
    assert suppress_breakdown({"a": 4, "b": 4}).minimum == 5
    assert shown(suppress_breakdown({"a": 3, "b": 7}, minimum=3)) == {"a": 3, "b": 7}


def test_one_small_cell_in_a_breakdown_gets_a_complementary_cell():
    result = suppress_breakdown({"Pemda": 2, "Masyarakat": 8, "Kampus": 9, "LSM": 0})
    assert shown(result) == {"Pemda": SMALL, "Masyarakat": COMPLEMENTARY, "Kampus": 9, "LSM": 0}
    assert result.total == 19 and not result.exposed
    assert result.cells["Pemda"] == Cell(None, SMALL)  # the hidden count is not carried to the report


def test_without_a_shown_total_only_the_small_cells_are_hidden():
    result = suppress_breakdown({"a": 2, "b": 8, "c": 9}, total_shown=False)
    assert shown(result) == {"a": SMALL, "b": 8, "c": 9} and result.total is None


def test_a_complementary_cell_of_exactly_the_minimum_next_to_a_one_is_not_enough():
    # hidden 1 (small: 1–4) and 5 (complementary: ≥ 5) add up to 13 − 7 = 6: the small one can only be 1
    result = suppress_breakdown({"a": 1, "b": 5, "c": 7, "d": 0})
    assert shown(result) == {"a": SMALL, "b": COMPLEMENTARY, "c": COMPLEMENTARY, "d": 0}
    assert not result.exposed


def test_zero_cells_are_shown_and_never_protect_another():
    result = suppress_breakdown({"a": 0, "b": 3, "c": 9, "d": 0})
    assert shown(result) == {"a": 0, "b": SMALL, "c": COMPLEMENTARY, "d": 0}


def test_a_line_no_cell_suppression_can_protect_is_exposed():
    assert suppress_breakdown({"ya": 1, "tidak": 5}).exposed  # 1 + 5 = 6, and the reasons tell which is small
    assert suppress_breakdown({"ya": 1, "tidak": 0, "ragu": 0}).exposed  # a group of one
    assert suppress_breakdown({"ya": 1, "tidak": 1}).exposed  # two small cells adding up to 2
    assert not suppress_breakdown({"ya": 2, "tidak": 1}).exposed  # 2 + 1 or 1 + 2
    assert not suppress_breakdown({"ya": 1, "tidak": 0}, total_shown=False).exposed


def test_a_cross_tab_hides_a_rectangle_when_a_row_and_a_column_both_need_a_cell():
    table = {"r1": {"A": 2, "B": 10, "C": 12}, "r2": {"A": 8, "B": 9, "C": 20}, "r3": {"A": 7, "B": 11, "C": 6}}
    result = suppress_crosstab(table)
    # the 2 leaves row r1 and column A with one hidden cell each: r1 takes its smallest (10), A its smallest (7);
    # then column B and row r3 both have one: (r3, B) mends both at once
    assert [[result.cell(r, c).count for c in "ABC"] for r in ("r1", "r2", "r3")] == [
        [None, None, 12], [8, 9, 20], [None, None, 6]]
    assert result.cell("r1", "A").reason == SMALL
    assert {result.cell(*key).reason for key in [("r1", "B"), ("r3", "A"), ("r3", "B")]} == {COMPLEMENTARY}
    assert result.row_totals == {"r1": 24, "r2": 37, "r3": 24} and result.column_totals == {"A": 17, "B": 30, "C": 38}
    assert result.total == 85 and result.exposed == ()


def test_a_cross_tab_with_row_totals_only_checks_rows():
    result = suppress_crosstab({"g1": {"A": 2, "B": 9, "C": 6}, "g2": {"A": 7, "C": 8}}, column_totals=False)
    assert result.columns == ("A", "B", "C") and result.cell("g2", "B").count == 0
    assert [result.cell("g1", c).reason for c in "ABC"] == [SMALL, None, COMPLEMENTARY]
    assert result.column_totals is None and result.cell("g2", "A").count == 7


def test_a_group_of_one_in_a_cross_tab_is_an_exposed_row():
    result = suppress_crosstab({"tiny": {"A": 1, "B": 0}, "big": {"A": 9, "B": 8}, "other": {"A": 6, "B": 7}})
    assert ("row", "tiny") in result.exposed and result.cell("tiny", "B").count == 0


@pytest.mark.parametrize("table", [[1, 2], {"r": [1, 2]}, {"r": {"A": -1}}])
def test_a_cross_tab_must_be_counts(table):
    with pytest.raises(ValueError):
        suppress_crosstab(table)


def test_open_answers_are_shown_sorted_from_the_minimum_up():
    assert suppress_texts(["d", "c", "b", "a"]).texts == () and suppress_texts(["a"] * 4).reason == SMALL
    five = suppress_texts(["e", "c", "a", "d", "b"])
    assert five.texts == ("a", "b", "c", "d", "e") and five.reason is None
    assert suppress_texts([]) == suppress_texts([], minimum=3)  # nothing to hide
    with pytest.raises(ValueError):
        suppress_texts(["a"], minimum=2)


# --- properties: a reader who sees the shown cells, the totals and the reasons --------------------------------------

def possible_values(hidden, minimum):
    """Brute force: for each hidden (count, reason), every value it could take given the line's hidden sum."""
    total = sum(count for count, _ in hidden)
    ranges = [range(1, minimum) if reason == SMALL else range(minimum, total + 1) for _, reason in hidden]
    options = []
    for i, own in enumerate(ranges):
        sums = {0}
        for j, other in enumerate(ranges):
            if j != i:
                sums = {s + v for s in sums for v in other if s + v <= total}
        options.append({v for v in own if total - v in sums})
    return options


def check_lines(result, lines, counts, minimum, exposed):
    for name, keys in lines:
        hidden = [(counts[k], result.cells[k].reason) for k in keys if result.cells[k].hidden]
        if name in exposed:
            assert all(counts[k] == 0 or result.cells[k].hidden for k in keys), "an exposed line had a cell left"
            continue
        assert len(hidden) != 1, f"{name}: a single hidden cell is its total minus the shown ones"
        for (count, _), values in zip(hidden, possible_values(hidden, minimum), strict=True):
            assert count in values and len(values) > 1, f"{name}: a hidden {count} can be worked out"


def check_cells(result, counts, minimum):
    for key, cell in result.cells.items():
        count = counts[key]
        if 0 < count < minimum:
            assert cell == Cell(None, SMALL)
        elif count == 0:
            assert cell == Cell(0)
        else:
            assert cell in (Cell(count), Cell(None, COMPLEMENTARY)), "a cell ≥ minimum hidden without a reason"


small_counts = st.integers(0, 12) | st.sampled_from([0, 1, 2, 5, 6])
minima = st.integers(3, 6)


@given(st.dictionaries(st.text(max_size=3), small_counts, min_size=1, max_size=7), minima, st.booleans())
def test_a_breakdown_never_gives_a_hidden_cell_away(counts, minimum, total_shown):
    result = suppress_breakdown(counts, minimum, total_shown)
    check_cells(result, counts, minimum)
    lines = [("total", list(counts))] if total_shown else []
    check_lines(result, lines, counts, minimum, {"total"} if result.exposed else set())


@given(st.integers(1, 5), st.integers(1, 5), st.data(), minima, st.booleans(), st.booleans())
def test_a_cross_tab_never_gives_a_hidden_cell_away_through_a_row_or_a_column(rows, columns, data, minimum,
                                                                              row_totals, column_totals):
    table = {f"r{r}": {f"c{c}": data.draw(small_counts) for c in range(columns)} for r in range(rows)}
    result = suppress_crosstab(table, minimum, row_totals, column_totals)
    counts = {(r, c): table[r][c] for r in table for c in table[r]}
    check_cells(result, counts, minimum)
    lines = ([(("row", r), [(r, c) for c in result.columns]) for r in result.rows] if row_totals else []) + \
            ([(("column", c), [(r, c) for r in result.rows]) for c in result.columns] if column_totals else [])
    check_lines(result, lines, counts, minimum, set(result.exposed))
