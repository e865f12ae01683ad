"""One certificate as a PDF (fpdf2): A4 landscape, DejaVu Sans embedded (``static/fonts``), the template's logo
and wording, the signatory's block and a QR code (segno, a PNG made in memory) leading to the public verification
page. Nothing is fetched: fonts and logo are local files. The fields come from the certificate's snapshot, so a
certificate prints the same whenever it is downloaded (only a changed template changes its look)."""
import io
import re

import segno
from fpdf import FPDF

from .fields import fill, values_of
from .fonts import font_files

FONT = "DejaVu"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_INK, _FRAME = (29, 33, 37), (120, 98, 40)
MASK = 2


def _clean(text):
    return _CONTROL.sub("", " ".join(str(text).split()))


def qr_png(url):
    """The QR code of ``url`` as PNG bytes (error correction M, a quiet zone of 2 modules). The mask is fixed:
    choosing the best of eight takes segno longer than the rest of the code, and any mask scans."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False, mask=MASK).save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


def _document(files):
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.add_font(FONT, "", files[""])
    pdf.add_font(FONT, "B", files["B"])
    for font in pdf.fonts.values():  # DejaVu's glyph boxes are right already: saving the subset then copies each
        font.ttfont.recalcBBoxes = False  # glyph instead of decoding and encoding it again (most of a PDF's time)
    pdf.set_auto_page_break(False)
    pdf.set_text_color(*_INK)
    pdf.add_page()
    return pdf


def _text(pdf, x, width, height, text, align):
    """One line as a cell when it fits (fpdf2's line breaker is the slowest part of a certificate), else wrapped."""
    pdf.set_x(x)
    if pdf.get_string_width(text) <= width - 2 * pdf.c_margin:
        pdf.cell(width, height, text, align=align, new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(width, height, text, align=align)


def _shown(block, values):
    if block["if"] and not values.get(block["if"]):
        return False
    return not (block["unless"] and values.get(block["unless"]))


def render(cert, verify_url, template, fonts_folder, cache_folder, title=""):
    """The PDF's bytes (``cache_folder``: where the cut fonts are kept, see ``fonts``)."""
    values = values_of(cert, verify_url)
    texts = [*(str(v) for v in values.values()), *(b["text"] for b in template["blocks"]),
             *template["signatory"]["lines"], template["qr"]["caption"]]
    pdf = _document(font_files(fonts_folder, cache_folder, "".join(texts)))
    pdf.set_title(title or f"{cert.number} {cert.name}")
    pdf.set_creator("Latih")
    if template["border"]:
        pdf.set_draw_color(*_FRAME)
        pdf.set_line_width(1.2)
        pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
        pdf.set_line_width(0.3)
        pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)
    logo = template["logo"]
    if logo:
        pdf.image(logo["path"], x=logo["x"], y=logo["y"], w=logo["w"])
    margin = template["margin"]
    width = pdf.w - 2 * margin
    pdf.set_xy(margin, template["top"] + (logo["y"] + logo["w"] - 10 if logo else 0))
    for block in template["blocks"]:
        if not _shown(block, values):
            continue
        pdf.set_y(pdf.get_y() + block["gap"])
        pdf.set_font(FONT, "B" if block["bold"] else "", block["size"])
        _text(pdf, margin, width, block["size"] * 0.5, _clean(fill(block["text"], values)), "C")
    sign = template["signatory"]
    pdf.set_font(FONT, "", sign["size"])
    pdf.set_xy(sign["x"], sign["y"])
    for line in sign["lines"]:
        _text(pdf, sign["x"], sign["w"], sign["size"] * 0.5, _clean(fill(line, values)), "C")
    qr = template["qr"]
    if qr["size"]:
        pdf.image(io.BytesIO(qr_png(verify_url)), x=qr["x"], y=qr["y"], w=qr["size"], h=qr["size"])
        if qr["caption"]:
            pdf.set_font(FONT, "", qr["caption_size"])
            pdf.set_y(qr["y"] + qr["size"] + 1)
            _text(pdf, qr["x"] - 5, qr["size"] + 95, qr["caption_size"] * 0.45, _clean(fill(qr["caption"], values)),
                  "L")
    return bytes(pdf.output())
