"""Bahasa Indonesia is the default language: every string the tool shows goes through the one translation layer.

(a) every translatable string in the code and templates (extracted from the source with babel.cfg, not read from the
.pot) has a finished Indonesian translation; (b) no template shows words outside the translation layer; (c) no Python
module keeps its own ``(Indonesian, English)`` table of texts.
"""
import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "translations/id/LC_MESSAGES/messages.po"
KEYWORDS = dict(DEFAULT_KEYWORDS, _l=None, lazy_gettext=None, lazy_ngettext=(1, 2))

# Words a template may show as they are: names of products and formats, and codes that are never translated.
ALLOWED_WORDS = {"Latih", "Moodle", "LTI", "RKA", "XLSX", "CSV", "JP",
                 "OH"}  # a unit code of the Indonesian price lists (orang-hari), as the learner types it
# Attributes a reader sees or hears (screen readers); ``value`` only on buttons made of <input>.
VISIBLE_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "aria-description", "aria-placeholder", "label"}
BUTTON_INPUTS = {"submit", "button", "reset"}

def _catalog():
    with PO.open("rb") as fh:
        return read_po(fh)


def _extracted():
    """(msgid, where) of every translatable string, read from the sources with the mapping in babel.cfg."""
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh, "babel.cfg")
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        yield (message if isinstance(message, str) else tuple(message)), f"{filename}:{lineno}"


def test_babel_cfg_covers_the_code_and_the_templates():
    places = {where.split("/")[0] for _message, where in _extracted()}
    assert {"lti_tool", "templates"} <= places


def untranslated(catalog, extracted):
    """``where: msgid`` of each extracted message with no Indonesian text yet: missing, empty or fuzzy."""
    missing = []
    for message, where in extracted:
        entry = catalog.get(message if isinstance(message, str) else message[0])
        strings = [] if entry is None else ([entry.string] if isinstance(entry.string, str) else list(entry.string))
        if entry is None or entry.fuzzy or not strings or not all(strings):
            missing.append(f"{where}: {message!r}" + (" (fuzzy)" if entry is not None and entry.fuzzy else ""))
    return sorted(missing)


def test_the_check_sees_missing_empty_and_fuzzy_translations():
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="id")
    catalog.add("Save", "Simpan")
    catalog.add("Cancel", "")
    catalog.add("Close", "Tutup", flags=["fuzzy"])
    catalog.add(("%(num)d line", "%(num)d lines"), ("",))
    extracted = [("Save", "a:1"), ("Cancel", "a:2"), ("Close", "a:3"), ("Delete", "a:4"),
                 (("%(num)d line", "%(num)d lines"), "a:5")]
    assert [line.split(":")[1] for line in untranslated(catalog, extracted)] == ["2", "3", "4", "5"]


def test_every_message_has_an_indonesian_translation():
    missing = untranslated(_catalog(), _extracted())
    assert not missing, "translate these in translations/id/LC_MESSAGES/messages.po:\n" + "\n".join(missing)


def test_placeholders_survive_translation():
    for message in _catalog():
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        target = message.string if isinstance(message.string, str) else message.string[0]
        assert sorted(re.findall(r"%\(\w+\)\w", source)) == sorted(re.findall(r"%\(\w+\)\w", target)), source


# --- (b) visible text in templates --------------------------------------------------------------------------------

MARK = "\ue000"  # stands for a Jinja expression or tag: not a letter, so never a word


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []  # (line, text)
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES or (name == "value" and tag == "input"
                                               and (attributes.get("type") or "").lower() in BUTTON_INPUTS):
                self.found.append((self.getpos()[0], value or ""))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.found.append((self.getpos()[0], data))


def template_text(env, source, name="template"):
    """The template's own text, with every Jinja construct replaced by MARK. Left out: ``{% trans %}`` blocks (they
    are translated) and blocks named ``*_class`` (CSS classes, such as ``{% block body_class %}``)."""
    pieces, skipping, words_of_tag = [], None, None
    for line, kind, value in env.lex(source, name):
        if kind == "whitespace":
            continue
        if kind == "block_begin":
            words_of_tag = []
            pieces.append(MARK)
        elif kind == "block_end":
            tag = words_of_tag or [""]
            if skipping is None and (tag[0] == "trans" or (tag[0] == "block" and tag[1:2] and
                                                            tag[1].endswith("_class"))):
                skipping = "endtrans" if tag[0] == "trans" else "endblock"
            elif tag[0] == skipping:
                skipping = None
            words_of_tag = None
        elif words_of_tag is not None and kind == "name":
            words_of_tag.append(value)
        elif kind == "variable_begin":
            pieces.append(MARK)
        elif kind == "data" and skipping is None:
            written = sum(piece.count("\n") for piece in pieces) + 1
            pieces.append("\n" * max(0, line - written) + value)  # so that the parser's line numbers are the file's
    return "".join(pieces)


def untranslated_words(env, source, name="template"):
    parser = _VisibleText()
    parser.feed(template_text(env, source, name))
    parser.close()
    words = []
    for line, text in parser.found:
        words += [(line, word) for word in re.findall(r"[^\W\d_]+", text) if word not in ALLOWED_WORDS]
    return words


@pytest.fixture(scope="module")
def jinja_env():
    from lti_tool import create_app

    app = create_app({"LATIH_ENV": "testing", "SECRET_KEY": "x" * 32, "DATABASE_URL": "sqlite://"})
    return app.jinja_env


def test_the_check_sees_untranslated_text(jinja_env):
    source = ('<h1>{{ _("Fine") }}</h1><p class="x">Simpan {{ name }}</p><input placeholder="Cari"'
              ' {% if a %}checked{% endif %}><input type="submit" value="Kirim"><img alt="{{ _(\'ok\') }}">'
              '<a title="Moodle">{% trans %}Inside trans{% endtrans %}</a><script src="x.js"></script>&nbsp;Latih'
              '{% block body_class %}latih-dialog{% endblock %}{% block content %}Tekan{% endblock %}')
    assert [word for _line, word in untranslated_words(jinja_env, source)] == ["Simpan", "Cari", "Kirim", "Tekan"]


def test_templates_show_no_text_outside_the_translation_layer(jinja_env):
    problems = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        name = str(path.relative_to(ROOT / "templates"))
        for line, word in untranslated_words(jinja_env, path.read_text(encoding="utf-8"), name):
            problems.append(f"templates/{name}:{line}: {word}")
    assert not problems, "wrap these in _() (or name a brand in ALLOWED_WORDS):\n" + "\n".join(problems)


# --- (c) no (Indonesian, English) tables in Python ----------------------------------------------------------------

def _prose(node):
    """A string constant that reads as words: a capitalised word (``Ringkasan``) or text with spaces, not a code,
    a path or an identifier such as ``FullyGraded``."""
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return False
    text = node.value.strip()
    if "/" in text or not re.search(r"[a-z]", text):
        return False
    return " " in text or re.fullmatch(r"[A-Z][a-z]+", text) is not None


def _strings(node):
    return isinstance(node, ast.Tuple | ast.List) and node.elts and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)


def bilingual_pairs(source):
    """Line numbers of ``("Ringkasan", "Summary")``-like pairs (or pairs of tuples of such texts) in ``source``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Tuple) and len(node.elts) == 2):
            continue
        first, second = node.elts
        if _prose(first) and _prose(second) and first.value != second.value:
            lines.append(node.lineno)
        elif _strings(first) and _strings(second) and len(first.elts) == len(second.elts) and any(
                _prose(a) and _prose(b) and a.value != b.value for a, b in zip(first.elts, second.elts, strict=True)):
            lines.append(node.lineno)
    return sorted(set(lines))


def test_the_check_sees_bilingual_tables():
    source = ('TEXTS = {"summary": ("Ringkasan", "Summary")}\n'
              'COLUMNS = (("Nama", "Percobaan", "ID"), ("Name", "Attempt", "ID"))\n'
              'OK = ("http", "https"), ("FullyGraded", "PendingManual"), ("/a", "/b"), ("Total", "Total")\n'
              'SEVERITIES = ("error", "warning")\n'
              'LABELS = {"summary": _l("Summary"), "lines": _l("Budget lines")}\n')
    assert bilingual_pairs(source) == [1, 2]


def test_python_keeps_no_bilingual_tables():
    found = []
    for path in sorted((ROOT / "lti_tool").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        found += [f"{name}:{line}" for line in bilingual_pairs(path.read_text(encoding="utf-8"))]
    assert not found, "use lazy_gettext and the catalogue instead of (Indonesian, English) pairs:\n" + "\n".join(found)
