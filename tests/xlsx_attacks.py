"""Workbooks built as an attacker builds them: raw sheet XML in a real workbook's zip (for the import limits' tests)."""
import io
import zipfile

import openpyxl

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER_ROW = (b'<row><c t="inlineStr"><is><t>kode</t></is></c><c t="inlineStr"><is><t>nama</t></is></c>'
              b'<c t="inlineStr"><is><t>satuan</t></is></c><c t="inlineStr"><is><t>harga</t></is></c></row>')


def workbook_with_sheet(rows_xml):
    """A real workbook (openpyxl's parts) whose first sheet is replaced by ``<sheetData>`` + ``rows_xml``, with no
    ``<dimension>`` element, compressed as hard as zip can."""
    book, out = openpyxl.Workbook(), io.BytesIO()
    book.save(out)
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode() + rows_xml
             + b"</sheetData></worksheet>")
    source, result = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, sheet if info.filename.endswith("sheet1.xml") else source.read(info))
    return result.getvalue()
