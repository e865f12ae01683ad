"""The pure rules of open answers: tags, the escaped LIKE pattern, when a list may be shown."""
import re

import pytest

from lti_tool.feedback.domain.open_answers import (
    DEFAULT_TAGS,
    MAX_TAG,
    TagError,
    gate,
    item_hidden,
    like_pattern,
    minimum_of,
    normalise_tag,
)


@pytest.mark.parametrize(("typed", "tag"), [("Materi", "materi"), ("  jadwal   padat ", "jadwal padat"),
                                            ("ruang-kelas", "ruang-kelas"), ("Fasilitas2", "fasilitas2"),
                                            ("WAKTU", "waktu"), ("sarana prasarana", "sarana prasarana")])
def test_tags_are_lower_case_words(typed, tag):
    assert normalise_tag(typed) == tag


@pytest.mark.parametrize(("typed", "code"), [("", "tag_empty"), ("   ", "tag_empty"), (None, "tag_empty"),
                                             ("50%", "tag_invalid"), ("a_b", "tag_invalid"), ("<b>", "tag_invalid"),
                                             ("x" * (MAX_TAG + 1), "tag_too_long")])
def test_tags_refused(typed, code):
    with pytest.raises(TagError) as caught:
        normalise_tag(typed)
    assert caught.value.code == code


def test_the_default_tags_are_tags():
    assert {"materi", "fasilitas", "waktu"} <= set(DEFAULT_TAGS)
    assert all(normalise_tag(t) == t for t in DEFAULT_TAGS)


def _matches(pattern, text):
    """What SQL LIKE ... ESCAPE '\\' does with the pattern (case-insensitive), in Python."""
    regex, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            regex += re.escape(pattern[i + 1])
            i += 2
            continue
        regex += ".*" if c == "%" else "." if c == "_" else re.escape(c)
        i += 1
    return re.fullmatch(regex, text, re.IGNORECASE | re.DOTALL) is not None


@pytest.mark.parametrize(("query", "found", "not_found"), [
    ("100%", "puas 100% sekali", "1000 kali"),
    ("a_b", "kode a_b", "kode axb"),
    ("\\", "garis \\ miring", "garis / miring"),
    ("50\\%", "nilai 50\\% ini", "nilai 50% ini"),
])
def test_like_wildcards_are_escaped(query, found, not_found):
    pattern = like_pattern(query)
    assert _matches(pattern, found) and not _matches(pattern, not_found)


def test_an_empty_query_is_no_search_and_spaces_are_collapsed():
    assert like_pattern("") is None and like_pattern("   ") is None and like_pattern(None) is None
    assert like_pattern("  ruang   dingin ") == "%ruang dingin%"


def test_the_gate():
    assert gate(False, False, 1, 5) is None  # named: always
    assert gate(True, False, 100, 5) == "not_closed"
    assert gate(True, True, 4, 5) == "too_few"
    assert gate(True, True, 5, 5) is None


def test_small_groups_and_the_minimum():
    assert item_hidden(True, 4, 5) and not item_hidden(True, 5, 5) and not item_hidden(True, 0, 5)
    assert not item_hidden(False, 1, 5)
    assert minimum_of(None) == 5 and minimum_of(3) == 3
    with pytest.raises(ValueError):
        minimum_of(2)
