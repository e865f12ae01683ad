"""A small .docx written by the test itself (python-docx is not a dependency): paragraphs with Word's heading
styles, runs in bold and italic, a bulleted and a numbered list, a table, a hyperlink and images."""
import io
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
EMF = b"\x01\x00\x00\x00" + b"\x00" * 60  # an EMF record header: not an image a browser shows


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text, bold=False, italic=False):
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{_escape(text)}</w:t></w:r>'


def paragraph(*runs, style=None, numbering=None):
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if numbering is not None:
        num_id, level = numbering
        props += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    body = "".join(r if r.startswith("<") else run(r) for r in runs)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{body}</w:p>"


def heading(level, text):
    return paragraph(text, style=f"Heading{level}")


def table(rows):
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{paragraph(c)}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


def hyperlink(text, rel_id="rIdLink"):
    return f'<w:hyperlink r:id="{rel_id}">{run(text)}</w:hyperlink>'


def image(rel_id, alt="", n=1):
    return (f'<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            f'<wp:extent cx="10" cy="10"/><wp:docPr id="{n}" name="Picture {n}" descr="{_escape(alt)}"/>'
            f'<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            f'<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:blipFill><a:blip r:embed="{rel_id}"/></pic:blipFill></pic:pic>'
            f"</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")


NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}">
  <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl>
    <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
  <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def docx(body, images=None, link="https://jdih.example.go.id/perda"):
    """The bytes of a .docx whose body is ``body`` (paragraph XML); ``images``: {rel id: (file name, bytes)}."""
    images = images or {}
    rels = [f'<Relationship Id="rIdNum" Type="{R}/numbering" Target="numbering.xml"/>',
            f'<Relationship Id="rIdLink" Type="{R}/hyperlink" Target="{link}" TargetMode="External"/>']
    rels += [f'<Relationship Id="{rid}" Type="{R}/image" Target="media/{name}"/>' for rid, (name, _) in images.items()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Default Extension="png" ContentType="image/png"/>
  <Default Extension="emf" ContentType="image/x-emf"/>
  <Override PartName="/word/document.xml"
   ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>""")
        z.writestr("_rels/.rels", f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>
</Relationships>""")
        z.writestr("word/_rels/document.xml.rels", '<?xml version="1.0" encoding="UTF-8"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(rels) + "</Relationships>")
        z.writestr("word/numbering.xml", NUMBERING)
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>')
        for name, content in images.values():
            z.writestr(f"word/media/{name}", content)
    return out.getvalue()


def sample_module():
    """A module as training centres write them: headings, lists, a table, emphasis, a link and two images."""
    body = "".join([
        paragraph("Modul ini disusun oleh BPSDM."),
        heading(1, "Pendahuluan"),
        paragraph("Perencanaan ", run("partisipatif", bold=True), " melibatkan ", run("warga", italic=True), "."),
        paragraph("Lihat ", hyperlink("Perda No. 4"), " untuk dasar hukum."),
        heading(2, "Tujuan"),
        paragraph("Memahami musyawarah desa", numbering=(1, 0)),
        paragraph("Menyusun RKP Desa", numbering=(1, 0)),
        paragraph("Termasuk APBDes", numbering=(1, 1)),
        heading(1, "Langkah"),
        paragraph("Persiapan", numbering=(2, 0)),
        paragraph("Pelaksanaan", numbering=(2, 0)),
        table([["Tahap", "Waktu"], ["Musdes", "2 JP"], ["Pleno | akhir", "1 JP"]]),
        paragraph(image("rIdImg1", "Bagan alur", 1)),
        paragraph(image("rIdImg2", "Logo lama", 2)),
        heading(3, "Catatan * penting"),
        paragraph("1. bukan daftar, # bukan judul, [bukan tautan]"),
    ])
    return docx(body, images={"rIdImg1": ("image1.png", PNG), "rIdImg2": ("image2.emf", EMF)})


def encrypted_word_file():
    """What Word saves for a password-protected document: an OLE compound file with an EncryptedPackage stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")
    return header + directory + b"\x00" * 1024


def old_word_file():
    """A Word 97–2003 .doc: also an OLE compound file, without an EncryptedPackage."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 1024
