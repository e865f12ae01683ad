"""Review rounds, reviewers and comments made directly with the models, for the report's tests (the round pages
that make them through forms are built elsewhere)."""
import random
import re
import zlib
from datetime import datetime, timedelta

from modules_support import anchors_on, module_markdown

from lti_tool.extensions import db
from lti_tool.modules.domain.approval import default_criteria, default_rule
from lti_tool.modules.domain.sections import split_sections
from lti_tool.modules.models import Module, ModuleComment, ModuleReviewer, ModuleRound, ModuleVersion
from lti_tool.modules.services import review_data
from lti_tool.modules.services.versions import sections_json

OPENED = datetime(2026, 11, 2, 2, 0)  # UTC: 09.00 WIB


def make_version(activity, markdown, sections, number=1, user_id=None):
    """Version ``number`` of the activity's module, frozen from ``sections`` [(id, title, body), …]."""
    version = ModuleVersion(module_id=activity.id, number=number, markdown=markdown,
                            sections=[{"id": sid, "level": 1, "title": title, "body": body}
                                      for sid, title, body in sections],
                            word_count=len(markdown.split()), created_by=user_id, created_at=OPENED)
    db.session.add(version)
    db.session.flush()
    return version


def make_round(activity, version, number=1, groups=("pemda", "masyarakat", "perguruan_tinggi"), state="closed",
               rule=None, **fields):
    criteria = default_criteria(groups)
    row = ModuleRound(module_id=activity.id, number=number, version_id=version.id, groups=list(groups),
                      criteria={g: [c.id for c in cs] for g, cs in criteria.items()},
                      rule=(rule or default_rule(criteria)).to_dict(), deadline=OPENED + timedelta(days=14),
                      state=state, opened_at=OPENED, closed_at=OPENED + timedelta(days=14) if state != "open" else None,
                      **fields)
    db.session.add(row)
    db.session.flush()
    return row


def make_reviewer(round_row, name, group, scores=None, recommendation=None, submitted=True, institution="",
                  user_id=None, revoked=False):
    _token, token_hash = review_data.new_token()
    reviewer = ModuleReviewer(round_id=round_row.id, name=name, group=group, institution=institution,
                              token_hash=token_hash, user_id=user_id, scores=dict(scores or {}),
                              recommendation=recommendation, review_state="submitted" if submitted else "draft",
                              submitted_at=OPENED + timedelta(days=3) if submitted else None,
                              revoked_at=OPENED + timedelta(days=1) if revoked else None)
    db.session.add(reviewer)
    db.session.flush()
    return reviewer


def make_comment(round_row, reviewer, section_id, body, quote=None, blocking=False, status="open", answer="",
                 answered_in=None, parent=None, user_id=None):
    anchor = None
    if quote is not None:
        anchor = {"type": "TextQuoteSelector", "exact": quote, "prefix": "", "suffix": "", "section": section_id,
                  "position": 0}
    comment = ModuleComment(round_id=round_row.id, reviewer_id=reviewer.id if reviewer else None, user_id=user_id,
                            parent_id=parent.id if parent else None, section_id=section_id, anchor=anchor,
                            body=body, blocking=blocking, status=status, answer=answer, answered_in=answered_in,
                            answered_at=OPENED + timedelta(days=20) if status != "open" else None,
                            answered_by=user_id if status != "open" else None)
    db.session.add(comment)
    db.session.flush()
    return comment


def make_big_round(activity, author, sections=50, words=20_000, reviewers=30, comments=500, seed=21):
    """Round 1, decided, on version 1 of a module of ``sections`` sections (about ``words`` words,
    ``modules_support.module_markdown``): ``reviewers`` reviewers in 3 groups (all submitted, scores spread over
    1–4), ``comments`` comments anchored on quotes of the version (``anchors_on``), a fifth of them blocking, every
    one answered (addressed in version 2 or declined with a reason) and every tenth with a reply; approved against
    the rule, with a reason. Flushed, not committed; the round."""
    markdown = module_markdown(sections=sections, words=words)
    split, vocabulary = split_sections(markdown), markdown.split()  # split once: 12,500 words are drawn from it
    version = ModuleVersion(module_id=activity.id, number=1, markdown=markdown, sections=sections_json(split),
                            word_count=len(vocabulary), created_by=author)
    db.session.add(version)
    db.session.flush()
    row = make_round(activity, version, state="decided", outcome="approved", against_rule=True,
                     reason="Disetujui rapat tim kurikulum", decided_by=author)
    rng = random.Random(seed)
    groups = ("pemda", "masyarakat", "perguruan_tinggi")
    people = [make_reviewer(row, f"Peninjau {n + 1}", groups[n % len(groups)],
                            {c: rng.choice((2, 3, 3, 4)) for c in ("relevance", "accuracy", "clarity", "usability",
                                                                   "culture")},
                            rng.choice(("approve", "approve_with_changes", "reject")),
                            institution=f"Instansi {n % 7 + 1}") for n in range(reviewers)]
    for n, anchor in enumerate(anchors_on(split, comments)):
        status = "addressed" if n % 3 else "declined"
        comment = make_comment(row, people[n % len(people)], anchor.section_id,
                               f"Komentar {n + 1}: " + " ".join(rng.choice(vocabulary) for _ in range(25)),
                               quote=anchor.exact, blocking=n % 5 == 0, status=status,
                               answered_in=2 if status == "addressed" else None,
                               answer="Sudah diperbaiki di versi 2" if status == "addressed" else
                               "Tidak sesuai kurikulum nasional", user_id=author)
        if n % 10 == 0:
            make_comment(row, None, anchor.section_id, "Terima kasih, sudah kami ubah.", parent=comment,
                         user_id=author)
    return row


def scores(value, criteria=("relevance", "accuracy", "clarity", "usability", "culture")):
    return dict.fromkeys(criteria, value)


def module_of(activity):
    return db.session.get(Module, activity.id)


def pdf_text(data):
    """The Unicode text an fpdf2 PDF draws, read back without a PDF library: each content stream's strings
    (``(…) Tj``, two-byte glyph ids) through the ToUnicode map of the font set before them (``/F1 9 Tf``)."""
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S)}

    def stream(number):  # its /Length bytes: compressed data may itself end with "\r" before "\nendstream"
        body = objects[number]
        start = re.search(rb"stream\r?\n", body)
        head = body[:start.start()]
        raw = body[start.end():start.end() + int(re.search(rb"/Length (\d+)", head).group(1))]
        return zlib.decompress(raw) if b"/FlateDecode" in head else raw

    fonts = {}
    for body in objects.values():
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            unicode_map = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)])
            if unicode_map:
                fonts[name] = _cmap(stream(int(unicode_map.group(1))))
    pages = [int(n) for body in objects.values() if re.search(rb"/Type /Page\b", body)
             for n in re.findall(rb"/Contents (\d+) 0 R", body)]
    text, current = [], {}
    for number in pages:
        for font, literal in re.findall(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", stream(number), re.S):
            if font:
                current = fonts.get(font, {})
                continue
            raw = _unescape(literal)
            text.append("".join(current.get(int.from_bytes(raw[i:i + 2], "big"), "?")
                                for i in range(0, len(raw) - 1, 2)))
    return "\n".join(text)


def _cmap(data):
    found = {}
    for glyph, uni in re.findall(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", data):
        found[int(glyph, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    return found


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal):
    return re.sub(rb"\\([0-7]{1,3}|.)", lambda m: (bytes([int(m.group(1), 8)]) if m.group(1)[:1].isdigit()
                                                   else _ESCAPES.get(m.group(1), m.group(1))), literal, flags=re.S)
