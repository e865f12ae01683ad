"""Reading a table from a CSV or XLSX file that a person uploads: the header row found and mapped to known columns,
each data row with its number as the person sees it in the file. A file that cannot be read as a table is refused
whole (ImportFailed, with a message code).

Decisions:
- Rows before the header whose first cell starts with ``#`` are comments (the sample files carry their warning
  there); blank rows are skipped; columns that match no alias are ignored.
- Numeric XLSX cells arrive as Decimal (never a float, never re-read as text in a locale); CSV cells are text,
  decoded by ``decode_text`` (a byte order mark, else UTF-8, else Windows-1252 or Shift-JIS as charset-normalizer
  tells them apart); a file in another encoding, or not text at all, is refused with a reason naming the encoding.
- A file is at most 2 MB and MAX_FILE_ROWS rows (blank and comment rows included), of which MAX_ROWS data rows.
- An XLSX is a zip of XML parts, and reading one costs far more than its size: openpyxl's read-only mode parses a
  sheet without a ``<dimension>`` element whole when it opens the workbook (a 120 KB file of a million empty rows
  took 36 s of CPU). So before openpyxl sees a workbook, its parts are checked from the zip's directory (at most
  MAX_PARTS parts, MAX_UNZIPPED bytes in all once inflated, none inflating more than MAX_RATIO times) and then
  inflated, which zlib does quickly, to count their markup (``<``, at most MAX_MARKUP: what the XML parser would
  have to work through); the rows are then read only up to MAX_FILE_ROWS + 1. A real list of 5000 rows and 20
  columns has about 500 000 ``<`` and inflates 6 to 15 times.
"""
import codecs
import csv
import io
import math
import re
import zipfile
from decimal import Decimal

from ..domain.numbers import normalise_text

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000  # data rows
MAX_FILE_ROWS = 12_000  # rows of the file or sheet, blank and comment rows included
MAX_COLUMNS = 50
MAX_UNZIPPED = 20 * 1024 * 1024  # an XLSX's parts, inflated, in all
MAX_RATIO = 100  # how many times a part larger than 1 MB may inflate
MAX_PARTS = 500
MAX_MARKUP = 600_000  # "<" in all the parts of an XLSX
_CHUNK = 1024 * 1024

_ALIASES = {
    "code": "kode|code|kode barang|kode ssh|kode sbu|kode item|kode standar|kode komponen",
    "name": "nama|uraian|name|nama barang|nama item|nama komponen|komponen|nama rekening|nama akun|uraian rekening|"
            "description",
    "specification": "spesifikasi|specification|spec|spek",
    "unit": "satuan|unit",
    "price": "harga|price|harga satuan|unit price|harga rp|harga satuan rp",
    "mode": "mode|jenis harga|sifat harga|price mode",  # a bare "jenis" is the item type (SSH/SBU/HSPK)
    "tolerance": "toleransi|tolerance|toleransi persen|tolerance persen|tolerance pct",
    "accounts": "rekening|akun|accounts|account|kode rekening|kode akun|rekening belanja",
    "includes_ppn": "termasuk ppn|includes ppn|harga termasuk ppn|include ppn|incl ppn",
    "tax": "pajak|perlakuan pajak|jenis pajak|objek pajak|tax|tax treatment",
}
_HEADER_KEY = {alias: key for key, aliases in _ALIASES.items() for alias in aliases.split("|")}


class ImportFailed(Exception):
    """The whole file is refused; ``code`` names its message."""

    def __init__(self, code, params=None):
        super().__init__(code)
        self.code = code
        self.params = dict(params or {})


def header_key(text):
    """A header cell → its canonical field (``Harga Satuan (Rp)`` → ``price``), or else its normalised text."""
    text = re.sub(r"[^\w%]+", " ", normalise_text(text).replace("_", " ")).replace("%", " persen ")
    return _HEADER_KEY.get(" ".join(text.split()), " ".join(text.split()))


def read_table(filename, data, required=()):
    """[(row number as shown in the file, {field: cell})] of the table in a .csv or the first sheet of an .xlsx.

    Cells are stripped text, except numeric XLSX cells (Decimal). Raises ImportFailed.
    """
    name = str(filename or "").lower()
    if len(data) > MAX_BYTES:
        raise ImportFailed("file_too_large", {"max_mb": MAX_BYTES // 2**20})
    if not name.endswith((".csv", ".xlsx")):
        raise ImportFailed("unsupported_type")
    header, table = None, []
    try:
        for number, cells in (_csv_rows(data) if name.endswith(".csv") else _xlsx_rows(data)):
            if number > MAX_FILE_ROWS:
                raise ImportFailed("too_many_file_rows", {"max": MAX_FILE_ROWS})
            if all(cell == "" for cell in cells):
                continue
            if header is None:
                if not str(cells[0]).startswith("#"):
                    header = [header_key(cell) if cell != "" else "" for cell in cells]
                    check_header(header, required)
                continue
            if len(table) >= MAX_ROWS:
                raise ImportFailed("too_many_rows", {"max": MAX_ROWS})
            table.append((number, {key: cells[i] if i < len(cells) else "" for i, key in enumerate(header) if key}))
    except csv.Error as exc:
        raise ImportFailed("unreadable") from exc
    if header is None:
        raise ImportFailed("no_header")
    if not table:
        raise ImportFailed("no_rows")
    return table


def check_header(header, required):
    present = [key for key in header if key]
    duplicates = sorted({key for key in present if key in _ALIASES and present.count(key) > 1})
    if duplicates:
        raise ImportFailed("duplicate_column", {"column": duplicates[0]})
    missing = [key for key in required if key not in present]
    if missing:
        raise ImportFailed("missing_column", {"columns": missing})


# Byte order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))
# What a CSV without a BOM may be written in, when it is not UTF-8: Excel's "CSV" on Windows in Indonesia and the
# West (Windows-1252, a superset of ISO-8859-1), and on Japanese Windows (Shift-JIS, as Windows-932). A short list on
# purpose: with every code page to choose from, charset-normalizer read Windows-1252 as Windows-1250 ("Muñoz" as
# "Muńoz") and Shift-JIS as Korean, which is mojibake stored as if it were right.
_LEGACY = {"cp1252": "Windows-1252", "cp932": "Shift-JIS"}
_CONTROLS = frozenset(map(chr, range(32))) - set("\t\n\r\x0c\x1a")


def decode_text(data):
    """The text of an uploaded CSV: by its byte order mark, else UTF-8, else the legacy encoding charset-normalizer
    finds among _LEGACY. ImportFailed when it cannot be read (naming the encoding it claims), is in another
    encoding, or is not text at all."""
    for bom, codec, shown in _BOMS:
        if data.startswith(bom):
            try:
                return _as_text(data[len(bom):].decode(codec))
            except UnicodeDecodeError as exc:
                raise ImportFailed("encoding_unreadable", {"encoding": shown}) from exc
    if b"\x00" in data:  # UTF-16 without a BOM has a NUL in every other byte of ASCII text; anything else is binary
        return _as_text(_utf16_without_bom(data))
    try:
        return _as_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # loaded only when a CSV is not UTF-8

    best = from_bytes(data, cp_isolation=list(_LEGACY)).best()
    if best is None:
        raise ImportFailed("encoding_unknown", {"encodings": ", ".join(["UTF-8", *_LEGACY.values()])})
    return _as_text(str(best))


def _utf16_without_bom(data):
    pairs = max(1, len(data) // 2)
    odd, even = data[1::2].count(0), data[0::2].count(0)  # NULs as the high byte of LE, or of BE, code units
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high > 0.3 * pairs and low < high / 10:
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ImportFailed("encoding_unreadable", {"encoding": "UTF-16"}) from exc
    raise ImportFailed("not_text")


def _as_text(text):
    """``text``, unless control characters say it was never text (a workbook or an image saved as .csv)."""
    if "\x00" in text or sum(text.count(ch) for ch in _CONTROLS if ch in text) > len(text) / 100:
        raise ImportFailed("not_text")
    return text


def _csv_rows(data):
    text = decode_text(data)
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=max((",", ";", "\t"), key=first.count))
    start = 1
    for cells in reader:
        yield start, [cell.strip() for cell in cells[:MAX_COLUMNS]] or [""]
        start = reader.line_num + 1


def check_archive(data):
    """Refuse an XLSX whose parts would cost too much to parse, before any XML is parsed (ImportFailed)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise ImportFailed("xlsx_too_complex", {"max": MAX_MARKUP})
        # The sizes come from the zip's directory; zipfile never inflates a part beyond the size stated there.
        if sum(part.file_size for part in parts) > MAX_UNZIPPED or any(
                part.file_size > max(_CHUNK, MAX_RATIO * part.compress_size) for part in parts):
            raise ImportFailed("xlsx_unpacked_too_large", {"max_mb": MAX_UNZIPPED // 2**20, "ratio": MAX_RATIO})
        markup = 0
        for part in parts:
            with archive.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    markup += chunk.count(b"<")
                    if markup > MAX_MARKUP:
                        raise ImportFailed("xlsx_too_complex", {"max": MAX_MARKUP})


def _xlsx_rows(data):
    import openpyxl  # loaded only when an XLSX arrives

    try:
        check_archive(data)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFailed:
        raise
    except Exception as exc:  # zipfile and openpyxl raise many kinds for a damaged file
        raise ImportFailed("unreadable") from exc
    try:
        # max_row: openpyxl stops parsing there, and fills no more missing rows than that (<row r="1000000">)
        rows = workbook.worksheets[0].iter_rows(min_row=1, max_row=MAX_FILE_ROWS + 1, max_col=MAX_COLUMNS,
                                                values_only=True)
        for number, values in enumerate(rows, 1):
            yield number, [_xlsx_cell(value) for value in values] or [""]
    except Exception as exc:  # a damaged sheet fails while it is read
        raise ImportFailed("unreadable") from exc
    finally:
        workbook.close()


def _xlsx_cell(value):
    if value is None or isinstance(value, bool):
        return {None: "", True: "1", False: "0"}[value]
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
