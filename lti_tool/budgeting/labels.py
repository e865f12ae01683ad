"""Every label and message text of the budgeting kind, in one module so that they are easy to find.

- Pairs ``(Indonesian, English)``: what the pure code reports by a code and params (a finding of the checks, a typed
  value refused, a row of an imported list refused), the header and indicator names, the XLSX files' headings.
  ``message`` and ``import_message`` pick the text: ``en`` for a locale starting with ``en``, otherwise ``id``.
- Lazy gettext strings (``_l``): the labels and refusals of the pages, translated when shown.

A later step turns the pairs into gettext messages too (one translation system).
"""
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from .domain.numbers import format_decimal, format_rupiah, number_locale

# --- findings of the checks and values refused by the domain (domain/) -----------------------------------------

MESSAGES = {  # code → (Indonesian, English); params are formatted by message()
    # reading numbers
    "empty": ("Isian masih kosong; masukkan angka.", "The field is empty; enter a number."),
    "too_long": ("Isian terlalu panjang untuk sebuah angka (paling banyak {max} karakter).",
                 "This is too long to be a number (at most {max} characters)."),
    "not_a_number": ("“{text}” bukan angka. Tulis angka seperti {example}.",
                     "“{text}” is not a number. Write a number like {example}."),
    "malformed": ("“{text}” tidak dapat dibaca sebagai angka. Tulis seperti {example}.",
                  "“{text}” cannot be read as a number. Write it like {example}."),
    "ambiguous": ("“{text}” bisa dibaca dua cara: tulis {thousands} jika maksudnya ribuan, atau {decimal} jika "
                  "maksudnya pecahan desimal.",
                  "“{text}” can be read two ways: write {thousands} if you mean thousands, or {decimal} if you "
                  "mean a decimal fraction."),
    "wrong_separator": ("“{text}” tampaknya angka ribuan dengan pemisah yang keliru; tulis {thousands}.",
                        "“{text}” looks like thousands written the other way; write {thousands}."),
    "too_many_decimals": ("“{text}” memiliki terlalu banyak angka desimal; paling banyak {max} angka di belakang "
                          "koma.", "“{text}” has too many decimals; use at most {max} decimal places."),
    "negative": ("“{text}” negatif; angka ini tidak boleh negatif.", "“{text}” is negative; this cannot be negative."),
    "zero": ("Angka ini harus lebih dari nol.", "This number must be greater than zero."),
    "too_large": ("“{text}” di luar batas wajar (paling besar {limit}).",
                  "“{text}” is beyond the plausible limit (at most {limit})."),
    # domain objects (domain/budget.py, domain/rules.py)
    "volume_not_positive": ("Volume harus lebih dari nol.", "A volume must be greater than zero."),
    "volume_out_of_range": ("Volume paling besar {limit}, dengan paling banyak {max} angka desimal.",
                            "A volume can be at most {limit}, with at most {max} decimals."),
    "price_negative": ("Harga satuan tidak boleh negatif.", "The unit price cannot be negative."),
    "price_out_of_range": ("Harga satuan paling besar Rp {limit}, dengan paling banyak {max} angka desimal.",
                           "The unit price can be at most Rp {limit}, with at most {max} decimals."),
    "factor_count": ("Koefisien terdiri dari 1 sampai {max} faktor, misalnya 30 orang × 2 hari.",
                     "A koefisien has 1 to {max} factors, for example 30 orang × 2 hari."),
    "factor_unit_empty": ("Setiap volume perlu satuan, misalnya 30 orang.", "Each volume needs a unit, e.g. 30 orang."),
    "factor_malformed": ("“{text}” harus berupa angka diikuti satuan, misalnya 30 orang.",
                         "“{text}” must be a number followed by a unit, e.g. 30 orang."),
    "reference_invalid": ("Standar harga {code}: harga (paling besar Rp 10^15) dan toleransi (paling besar 1000%) "
                          "harus angka yang tidak negatif.", "Reference price {code}: the price (at most Rp 10^15) "
                          "and the tolerance (at most 1000%) must be non-negative numbers."),
    "required_invalid": ("Komponen wajib {item}: volume minimum dan maksimum harus angka yang tidak negatif.",
                         "Required component {item}: the minimum and maximum volumes must be non-negative numbers."),
    "ppn_rate_invalid": ("Tarif PPN harus antara 0 dan 1 (misalnya 0,11).",
                         "The PPN rate must be between 0 and 1 (e.g. 0.11)."),
    "ceiling_invalid": ("Pagu harus rupiah bulat antara 0 dan Rp {limit}.",
                        "The ceiling must be whole rupiah between 0 and Rp {limit}."),
    "weight_invalid": ("Bobot dan potongan nilai harus angka yang tidak negatif.",
                       "Weights and deductions must be non-negative numbers."),
    # checks (domain/checks.py)
    "no_lines": ("Anggaran belum memiliki baris belanja.", "The budget has no lines yet."),
    "too_many_lines": ("Anggaran berisi {count} baris, padahal paling banyak {max} baris; baris tidak diperiksa.",
                       "The budget has {count} lines but at most {max} are allowed; the lines were not checked."),
    "amount_mismatch": ("Jumlah tertulis {claimed}, padahal koefisien × harga satuan (+PPN) = {expected}.",
                        "The amount reads {claimed}, but koefisien × unit price (+PPN) = {expected}."),
    "amount_absurd": ("Jumlah baris ini {amount} melebihi batas wajar Rp {limit}; periksa volume dan harga.",
                      "This line's amount, {amount}, is beyond the plausible Rp {limit}; check volumes and price."),
    "subtotal_mismatch": ("Subtotal rekening {account} tertulis {claimed}, seharusnya {expected}.",
                          "The subtotal of account {account} reads {claimed}; it should be {expected}."),
    "total_mismatch": ("Total tertulis {claimed}, seharusnya {expected}.",
                       "The total reads {claimed}; it should be {expected}."),
    "total_absurd": ("Total anggaran {amount} melebihi batas wajar Rp {limit}.",
                     "The budget total, {amount}, is beyond the plausible Rp {limit}."),
    "over_ceiling": ("Total anggaran {total} melebihi pagu {ceiling} sebesar {excess}.",
                     "The total of {total} is over the ceiling of {ceiling} by {excess}."),
    "account_empty": ("Kode rekening belum diisi.", "The account code is empty."),
    "account_unknown": ("Kode rekening {account} tidak ada dalam daftar rekening.",
                        "Account {account} is not in the list of accounts."),
    "account_not_allowed": ("Rekening {account} tidak boleh digunakan dalam latihan ini.",
                            "Account {account} may not be used in this exercise."),
    "account_not_for_item": ("{item} tidak dapat dibebankan ke rekening {account}; gunakan {accounts}.",
                             "{item} cannot be charged to account {account}; use {accounts}."),
    "reference_unknown": ("Kode standar harga {code} tidak ditemukan, sehingga harga dan satuan baris ini tidak dapat "
                          "diperiksa.", "Reference price {code} was not found, so this line's price and unit cannot "
                          "be checked."),
    "reference_by_name": ("{item} ada dalam daftar standar harga dengan kode {code}; isi kode itu. Harga dan satuan "
                          "baris ini diperiksa terhadap {code}.", "{item} is in the reference price list as {code}; "
                          "fill in that code. This line's price and unit are checked against {code}."),
    "reference_ambiguous": ("{item} ada beberapa kali dalam daftar standar harga ({codes}); isi kode yang sesuai "
                            "agar harga dan satuannya dapat diperiksa.", "{item} is in the reference price list more "
                            "than once ({codes}); fill in the matching code so its price and unit can be checked."),
    "reference_none": ("{item} tidak ada dalam daftar standar harga, sehingga harganya tidak dapat dibandingkan "
                       "dengan standar.", "{item} is not in the reference price list, so its price cannot be "
                       "compared with a standard."),
    "price_above_ceiling": ("Harga satuan {price} melebihi batas tertinggi {reference} untuk {item}.",
                            "The unit price {price} is above the maximum of {reference} for {item}."),
    "price_outside_tolerance": ("Harga satuan {price} di luar rentang {low} – {high} (perkiraan {reference} ± "
                                "{tolerance}%) untuk {item}; jelaskan alasannya pada spesifikasi.",
                                "The unit price {price} is outside {low} – {high} (estimate {reference} ± "
                                "{tolerance}%) for {item}; explain why in the specification."),
    "unit_mismatch": ("Satuan {unit} tidak sesuai dengan satuan standar {expected} untuk {item}.",
                      "The unit {unit} does not match the reference unit {expected} for {item}."),
    "required_missing": ("Komponen wajib {item} belum dianggarkan.", "The required component {item} is missing."),
    "required_volume_low": ("Volume {item} seluruhnya {volume}, kurang dari minimum {min}.",
                            "{item} has a total volume of {volume}, below the minimum of {min}."),
    "required_volume_high": ("Volume {item} seluruhnya {volume}, melebihi maksimum {max}.",
                             "{item} has a total volume of {volume}, above the maximum of {max}."),
    "forbidden_item": ("{item} tidak boleh dianggarkan dalam latihan ini.",
                       "{item} may not be budgeted in this exercise."),
    "duplicate_line": ("Baris ini sama dengan baris {first_line} (rekening, komponen, dan spesifikasinya sama).",
                       "This line repeats line {first_line} (same account, component and specification)."),
    "header_empty": ("{field} pada kepala formulir belum diisi.", "The header field {field} is empty."),
    "indicator_missing": ("Indikator {kind} belum diisi.", "The {kind} indicator is missing."),
    "indicator_empty": ("Tolok ukur dan target indikator {kind} harus diisi.",
                        "The {kind} indicator needs both a measure and a target."),
    "component_empty": ("Uraian komponen belum diisi.", "The component is empty."),
}
HEADER_LABELS = {
    "urusan": ("Urusan", "Government affair"), "program": ("Program", "Programme"),
    "kegiatan": ("Kegiatan", "Activity"), "sub_kegiatan": ("Sub Kegiatan", "Sub-activity"),
    "organisasi": ("Organisasi/Unit", "Organisation/unit"), "sumber_dana": ("Sumber Dana", "Source of funds"),
    "lokasi": ("Lokasi", "Location"), "waktu_pelaksanaan": ("Waktu Pelaksanaan", "Timing"),
    "kelompok_sasaran": ("Kelompok Sasaran", "Target group"),
}
INDICATOR_LABELS = {
    "capaian": ("Capaian Program", "programme achievement"), "masukan": ("Masukan", "input"),
    "keluaran": ("Keluaran", "output"), "hasil": ("Hasil", "outcome"),
}

_MONEY = {"claimed", "expected", "amount", "total", "ceiling", "excess", "price", "reference", "low", "high"}


def _shown(key, value, locale):
    index = 1 if locale == "en" else 0
    if key == "field":
        return HEADER_LABELS.get(value, (value, value))[index]
    if key == "kind" and value in INDICATOR_LABELS:
        return INDICATOR_LABELS[value][index]
    if key in _MONEY and isinstance(value, int | Decimal) and not isinstance(value, bool):
        return format_rupiah(value, locale)
    if isinstance(value, int | Decimal) and not isinstance(value, bool) and key != "first_line":
        return format_decimal(value, locale)
    return value


def message(item, locale="id"):
    """The text of a Finding or an InputError/NumberError in ``locale`` (``id`` by default, or ``en``)."""
    locale = number_locale(locale)
    texts = MESSAGES.get(item.message_code)
    if texts is None:
        return item.message_code
    params = _Params((key, _shown(key, value, locale)) for key, value in item.params.items())
    return texts[1 if locale == "en" else 0].format_map(params)


class _Params(dict):
    def __missing__(self, key):
        return "?"


# --- the list import (io/reference_lists.py) ------------------------------------------------------------------


IMPORT_MESSAGES = {  # code → (Indonesian, English)
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


def import_message(code, params=None, locale="id"):
    """The text of an ImportFailed or RowError code in ``locale`` (``id``, or ``en``)."""
    index = 1 if number_locale(locale) == "en" else 0
    params = _Params(params or {})
    if "column" in params:
        params["column"] = COLUMN_LABELS.get(params["column"], (params["column"],) * 2)[index]
    if "columns" in params:
        params["columns"] = ", ".join(COLUMN_LABELS.get(c, (c, c))[index] for c in params["columns"])
    texts = IMPORT_MESSAGES.get(code)
    return texts[index].format_map(params) if texts else code


# --- the XLSX files (io/rka_xlsx.py, io/dashboard_xlsx.py) ---------------------------------------------------------

RKA_TEXTS = {  # key → (Indonesian, English)
    "sheet": ("Rincian Belanja", "Budget details"),
    "subtitle": ("Rincian Anggaran Belanja", "Detailed expenditure budget"),
    "indicator": ("Indikator", "Indicator"), "measure": ("Tolok Ukur Kinerja", "Performance measure"),
    "target": ("Target Kinerja", "Target"),
    "columns": (("Kode Rekening", "Uraian", "Koefisien", "Satuan", "Harga", "PPN", "Jumlah"),
                ("Account code", "Description", "Coefficient", "Unit", "Price", "VAT", "Amount")),
    "total": ("Jumlah Total", "Total"), "ceiling": ("Pagu", "Ceiling"), "remaining": ("Sisa Pagu", "Remaining"),
    "included": ("termasuk", "included"),
}
DASHBOARD_TEXTS = {  # key (or a learner's state) → (Indonesian, English)
    "summary": ("Ringkasan", "Summary"), "lines": ("Baris belanja", "Budget lines"),
    "summary_columns": (("Nama", "Email", "ID pengguna", "Status", "Percobaan", "Total", "Pagu", "Nilai otomatis",
                         "Nilai akhir", "Dikumpulkan (WIB)"),
                        ("Name", "Email", "User id", "State", "Attempt", "Total", "Ceiling", "Automatic score",
                         "Final score", "Submitted (WIB)")),
    "lines_columns": (("Nama", "Email", "Baris", "Kode Rekening", "Uraian", "Spesifikasi", "Koefisien", "Satuan",
                      "Harga", "PPN", "Jumlah"),
                     ("Name", "Email", "Line", "Account code", "Component", "Specification", "Coefficient", "Unit",
                      "Price", "VAT", "Amount")),
    "not_started": ("belum mulai", "not started"), "draft": ("draf", "draft"),
    "submitted": ("dikumpulkan, menunggu penilaian", "submitted, to be graded"), "graded": ("dinilai", "graded"),
    "included": ("termasuk", "included"),
}

# --- the pages (lazy gettext) ---------------------------------------------------------------------------------------

CHECK_LABELS = {
    "arithmetic": _l("Arithmetic"), "ceiling": _l("Total within the ceiling"), "account": _l("Accounts"),
    "price": _l("Unit prices"), "unit": _l("Units"), "required": _l("Required components"),
    "forbidden": _l("Forbidden items"), "duplicate": _l("Duplicates"), "fields": _l("Header and indicators"),
}
REFUSALS = {  # SubmissionRefused.code → its text; the refusal's params fill it
    "not_draft": _l("This budget has been submitted and can no longer be changed."),
    "stale": _l("This budget was changed in another window. The newest version is shown: check it and save again."),
    "too_many_lines": _l("A budget can have at most %(max)s lines."),
    "past_due": _l("The due date has passed: the budget can no longer be submitted."),
    "line_errors": _l("%(count)s lines still have errors. Correct them before submitting."),
    "no_attempts": _l("You have used every attempt for this exercise."),
    "field_invalid": _l("Check the field “%(field)s”."),
    "rubric_invalid": _l("Rubric line %(row)s: write “criterion | level: points ; level: points”."),
    "rubric_incomplete": _l("Choose a level for “%(criterion)s”."),
    "not_submitted": _l("Only a submitted budget can be graded."),
}
FIELD_LABELS = {  # a settings field named by a refusal
    "title": _l("Title"), "ceiling": _l("Ceiling (pagu), Rp"), "ppn_rate": _l("PPN rate, percent"),
    "max_attempts": _l("Attempts"),
    "due_at": _l("Due (WIB)"), "rounding": _l("Rounding"), "automatic_weight_pct":
    _l("Weight of the automatic checks, percent (the rest is the rubric)"),
    "required_components": _l("Required components"), **CHECK_LABELS,
}
STATUS_LABELS = {"draft": _l("draft"), "submitted": _l("submitted, to be graded"), "graded": _l("graded")}
