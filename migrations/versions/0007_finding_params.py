"""budgeting: stored findings become a message code plus params, rendered in the reader's language

Before: each finding of a handed-in budget stored its text in both languages,
``{"check", "severity", "line_no", "code", "text": {"id": …, "en": …}}``.
After: ``{"check", "severity", "line_no", "code", "params": {…}}``, rendered when shown
(``lti_tool.budgeting.findings.finding_text``).

Existing rows: the params are recovered from the stored Indonesian text by matching it against the
message's Indonesian template as it was when the row was written (frozen below: the live catalogue may
change later). Values are kept as the strings shown (``Rp 2.700.000``); a header field or indicator kind
is mapped back to its name so that it is translated. A text that matches no template is kept under
``legacy_text``, which the renderer shows as it is. Downgrade writes the texts back (Indonesian from the
frozen templates for both languages when only params are known).

Revision ID: 0007_finding_params
Revises: 5b1f0e2c9d41
Create Date: 2026-12-05 08:10:00

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_finding_params'
down_revision = '0006_completion'
branch_labels = None
depends_on = None

ID_TEMPLATES = {  # code → its Indonesian text as stored before this revision ({name}: a value)
    'empty': 'Isian masih kosong; masukkan angka.',
    'too_long': 'Isian terlalu panjang untuk sebuah angka (paling banyak {max} karakter).',
    'not_a_number': '“{text}” bukan angka. Tulis angka seperti {example}.',
    'malformed': '“{text}” tidak dapat dibaca sebagai angka. Tulis seperti {example}.',
    'ambiguous': ('“{text}” bisa dibaca dua cara: tulis {thousands} jika maksudnya ribuan, atau {decimal} jika '
        'maksudnya pecahan desimal.'),
    'wrong_separator': '“{text}” tampaknya angka ribuan dengan pemisah yang keliru; tulis {thousands}.',
    'too_many_decimals': ('“{text}” memiliki terlalu banyak angka desimal; paling banyak {max} angka di belakang '
        'koma.'),
    'negative': '“{text}” negatif; angka ini tidak boleh negatif.',
    'zero': 'Angka ini harus lebih dari nol.',
    'too_large': '“{text}” di luar batas wajar (paling besar {limit}).',
    'volume_not_positive': 'Volume harus lebih dari nol.',
    'volume_out_of_range': 'Volume paling besar {limit}, dengan paling banyak {max} angka desimal.',
    'price_negative': 'Harga satuan tidak boleh negatif.',
    'price_out_of_range': 'Harga satuan paling besar Rp {limit}, dengan paling banyak {max} angka desimal.',
    'factor_count': 'Koefisien terdiri dari 1 sampai {max} faktor, misalnya 30 orang × 2 hari.',
    'factor_unit_empty': 'Setiap volume perlu satuan, misalnya 30 orang.',
    'factor_malformed': '“{text}” harus berupa angka diikuti satuan, misalnya 30 orang.',
    'reference_invalid': ('Standar harga {code}: harga (paling besar Rp 10^15) dan toleransi (paling besar 1000%) '
        'harus angka yang tidak negatif.'),
    'required_invalid': 'Komponen wajib {item}: volume minimum dan maksimum harus angka yang tidak negatif.',
    'ppn_rate_invalid': 'Tarif PPN harus antara 0 dan 1 (misalnya 0,11).',
    'ceiling_invalid': 'Pagu harus rupiah bulat antara 0 dan Rp {limit}.',
    'weight_invalid': 'Bobot dan potongan nilai harus angka yang tidak negatif.',
    'no_lines': 'Anggaran belum memiliki baris belanja.',
    'too_many_lines': 'Anggaran berisi {count} baris, padahal paling banyak {max} baris; baris tidak diperiksa.',
    'amount_mismatch': 'Jumlah tertulis {claimed}, padahal koefisien × harga satuan (+PPN) = {expected}.',
    'amount_absurd': 'Jumlah baris ini {amount} melebihi batas wajar Rp {limit}; periksa volume dan harga.',
    'subtotal_mismatch': 'Subtotal rekening {account} tertulis {claimed}, seharusnya {expected}.',
    'total_mismatch': 'Total tertulis {claimed}, seharusnya {expected}.',
    'total_absurd': 'Total anggaran {amount} melebihi batas wajar Rp {limit}.',
    'over_ceiling': 'Total anggaran {total} melebihi pagu {ceiling} sebesar {excess}.',
    'account_empty': 'Kode rekening belum diisi.',
    'account_unknown': 'Kode rekening {account} tidak ada dalam daftar rekening.',
    'account_not_allowed': 'Rekening {account} tidak boleh digunakan dalam latihan ini.',
    'account_not_for_item': '{item} tidak dapat dibebankan ke rekening {account}; gunakan {accounts}.',
    'reference_unknown': ('Kode standar harga {code} tidak ditemukan, sehingga harga dan satuan baris ini tidak '
        'dapat diperiksa.'),
    'reference_by_name': ('{item} ada dalam daftar standar harga dengan kode {code}; isi kode itu. Harga dan satuan '
        'baris ini diperiksa terhadap {code}.'),
    'reference_ambiguous': ('{item} ada beberapa kali dalam daftar standar harga ({codes}); isi kode yang sesuai '
        'agar harga dan satuannya dapat diperiksa.'),
    'reference_none': ('{item} tidak ada dalam daftar standar harga, sehingga harganya tidak dapat dibandingkan '
        'dengan standar.'),
    'price_above_ceiling': 'Harga satuan {price} melebihi batas tertinggi {reference} untuk {item}.',
    'price_outside_tolerance': ('Harga satuan {price} di luar rentang {low} – {high} (perkiraan {reference} ± '
        '{tolerance}%) untuk {item}; jelaskan alasannya pada spesifikasi.'),
    'unit_mismatch': 'Satuan {unit} tidak sesuai dengan satuan standar {expected} untuk {item}.',
    'required_missing': 'Komponen wajib {item} belum dianggarkan.',
    'required_volume_low': 'Volume {item} seluruhnya {volume}, kurang dari minimum {min}.',
    'required_volume_high': 'Volume {item} seluruhnya {volume}, melebihi maksimum {max}.',
    'forbidden_item': '{item} tidak boleh dianggarkan dalam latihan ini.',
    'duplicate_line': 'Baris ini sama dengan baris {first_line} (rekening, komponen, dan spesifikasinya sama).',
    'header_empty': '{field} pada kepala formulir belum diisi.',
    'indicator_missing': 'Indikator {kind} belum diisi.',
    'indicator_empty': 'Tolok ukur dan target indikator {kind} harus diisi.',
    'component_empty': 'Uraian komponen belum diisi.',
}
HEADER_FIELDS = {  # the Indonesian label shown → the field's name
    'Urusan': 'urusan', 'Program': 'program', 'Kegiatan': 'kegiatan', 'Sub Kegiatan': 'sub_kegiatan', 'Organisasi/Unit': 'organisasi', 'Sumber Dana': 'sumber_dana', 'Lokasi': 'lokasi', 'Waktu Pelaksanaan': 'waktu_pelaksanaan', 'Kelompok Sasaran': 'kelompok_sasaran',
}
INDICATOR_KINDS = {'Capaian Program': 'capaian', 'Masukan': 'masukan', 'Keluaran': 'keluaran', 'Hasil': 'hasil'}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_submission = sa.table("budget_submission", sa.column("id", sa.Integer), sa.column("findings", sa.JSON))


def _pattern(template):
    """A regex reading the values back out of a text made from ``template`` (a repeated name must repeat)."""
    parts, seen, last = [], set(), 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


_PATTERNS = {code: _pattern(template) for code, template in ID_TEMPLATES.items()}


def params_from_text(code, text):
    """The params of finding ``code`` read from its stored Indonesian ``text``, or None when it does not match."""
    pattern = _PATTERNS.get(code)
    match = pattern.fullmatch(text) if pattern is not None and isinstance(text, str) else None
    if match is None:
        return None
    params = match.groupdict()
    if "field" in params:
        params["field"] = HEADER_FIELDS.get(params["field"], params["field"])
    if "kind" in params:
        params["kind"] = INDICATOR_KINDS.get(params["kind"], params["kind"])
    for name in re.findall(r"Rp \{(\w+)\}", ID_TEMPLATES[code]):  # the new texts write "Rp" with the value
        params[name] = "Rp " + params[name]
    return params


def converted(finding):
    """One stored finding in the new shape (unchanged when it has params already)."""
    if not isinstance(finding, dict) or "params" in finding or "text" not in finding:
        return finding
    new = {key: value for key, value in finding.items() if key != "text"}
    texts = finding.get("text") if isinstance(finding.get("text"), dict) else {"id": str(finding.get("text"))}
    params = params_from_text(finding.get("code"), texts.get("id"))
    if params is None:
        new["legacy_text"] = texts
    else:
        new["params"] = params
    return new


def reverted(finding):
    if not isinstance(finding, dict) or "text" in finding:
        return finding
    old = {key: value for key, value in finding.items() if key not in ("params", "legacy_text")}
    if "legacy_text" in finding:
        old["text"] = finding["legacy_text"]
    else:
        params = {key: (value.get("$decimal") if isinstance(value, dict) else
                        ", ".join(map(str, value)) if isinstance(value, list) else value)
                  for key, value in (finding.get("params") or {}).items()}
        if "field" in params:
            params["field"] = {name: label for label, name in HEADER_FIELDS.items()}.get(params["field"], params["field"])
        if "kind" in params:
            params["kind"] = {name: label for label, name in INDICATOR_KINDS.items()}.get(params["kind"], params["kind"])
        template = ID_TEMPLATES.get(finding.get("code"), str(finding.get("code")))
        for name in re.findall(r"Rp \{(\w+)\}", template):
            if str(params.get(name, "")).startswith("Rp "):
                params[name] = str(params[name])[3:]
        text = _PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), "?")), template)
        old["text"] = {"id": text, "en": text}
    return old


def _rewrite(change):
    bind = op.get_bind()
    rows = bind.execute(sa.select(_submission.c.id, _submission.c.findings)
                        .where(_submission.c.findings.isnot(None))).all()
    for row_id, findings in rows:
        if not isinstance(findings, list):
            continue
        new = [change(finding) for finding in findings]
        if new != findings:
            bind.execute(_submission.update().where(_submission.c.id == row_id).values(findings=new))


def upgrade():
    _rewrite(converted)


def downgrade():
    _rewrite(reverted)
