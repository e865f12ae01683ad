"""Messages of the list import, in Indonesian and English (kept apart from the import logic)."""
from .domain.numbers import number_locale

MESSAGES = {  # code → (Indonesian, English)
    "unsupported_type": ("Berkas harus .csv atau .xlsx (simpan berkas .xls sebagai .xlsx).",
                         "The file must be .csv or .xlsx (save an .xls file as .xlsx)."),
    "file_too_large": ("Berkas terlalu besar (paling besar {max_mb} MB).",
                       "The file is too large (at most {max_mb} MB)."),
    "unreadable": ("Berkas tidak dapat dibaca sebagai tabel CSV/XLSX.", "The file cannot be read as a CSV/XLSX table."),
    "no_header": ("Baris judul kolom tidak ditemukan.", "No header row was found."),
    "missing_column": ("Kolom wajib tidak ada: {columns}.", "Required column missing: {columns}."),
    "duplicate_column": ("Kolom {column} muncul dua kali.", "The column {column} appears twice."),
    "too_many_rows": ("Berkas berisi lebih dari {max} baris data.", "The file has more than {max} data rows."),
    "no_rows": ("Berkas tidak berisi baris data.", "The file has no data rows."),
    "code_empty": ("Kode belum diisi.", "The code is empty."),
    "code_duplicate": ("Kode {code} sudah dipakai di baris {first_row}.",
                       "The code {code} is already used in row {first_row}."),
    "account_code_invalid": ("Kode rekening “{code}” harus berupa angka bertitik, misalnya 5.1.02.01.01.0024.",
                             "The account code “{code}” must be dotted digits, e.g. 5.1.02.01.01.0024."),
    "account_unknown": ("Rekening {code} tidak ada dalam daftar rekening.",
                        "Account {code} is not in the account list."),
    "name_empty": ("Nama/uraian belum diisi.", "The name is empty."),
    "unit_empty": ("Satuan belum diisi.", "The unit is empty."),
    "text_too_long": ("Isian kolom {column} terlalu panjang (paling banyak {max} karakter).",
                      "The {column} column is too long (at most {max} characters)."),
    "price_empty": ("Harga belum diisi.", "The price is empty."),
    "price_not_number": ("Harga “{text}” bukan angka; tulis seperti {example}.",
                         "The price “{text}” is not a number; write it like {example}."),
    "price_ambiguous": ("Harga “{text}” bisa dibaca dua cara; tulis {thousands} (ribuan) atau {decimal} (desimal).",
                        "The price “{text}” can be read two ways; write {thousands} (thousands) or {decimal}."),
    "price_too_many_decimals": ("Harga “{text}” memiliki lebih dari {max} angka desimal.",
                                "The price “{text}” has more than {max} decimals."),
    "price_not_positive": ("Harga harus lebih dari nol.", "The price must be greater than zero."),
    "price_too_large": ("Harga “{text}” melebihi batas wajar {limit}.",
                        "The price “{text}” is beyond the limit of {limit}."),
    "mode_unknown": ("Jenis harga “{text}” tidak dikenal; tulis batas (plafon) atau perkiraan.",
                     "Unknown price mode “{text}”; write ceiling or estimate."),
    "tolerance_not_number": ("Toleransi “{text}” bukan angka.", "The tolerance “{text}” is not a number."),
    "tolerance_out_of_range": ("Toleransi harus antara 0 dan 100 persen.",
                               "The tolerance must be between 0 and 100 percent."),
    "ppn_flag_invalid": ("Isian termasuk PPN “{text}” harus ya atau tidak.",
                         "Includes PPN “{text}” must be yes or no."),
}
COLUMN_LABELS = {"code": ("kode", "code"), "name": ("nama", "name"), "specification": ("spesifikasi", "specification"),
                 "unit": ("satuan", "unit"), "price": ("harga", "price"), "mode": ("jenis harga", "mode"),
                 "tolerance": ("toleransi", "tolerance"), "accounts": ("rekening", "accounts"),
                 "includes_ppn": ("termasuk PPN", "includes PPN")}


class _Params(dict):
    def __missing__(self, key):
        return "?"


def message(code, params=None, locale="id"):
    """The text of an ImportFailed or RowError code in ``locale`` (``id``, or ``en``)."""
    index = 1 if number_locale(locale) == "en" else 0
    params = _Params(params or {})
    if "column" in params:
        params["column"] = COLUMN_LABELS.get(params["column"], (params["column"],) * 2)[index]
    if "columns" in params:
        params["columns"] = ", ".join(COLUMN_LABELS.get(c, (c, c))[index] for c in params["columns"])
    texts = MESSAGES.get(code)
    return texts[index].format_map(params) if texts else code
