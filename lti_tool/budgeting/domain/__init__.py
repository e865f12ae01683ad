"""The budget itself, pure: standard library only (no Flask, SQLAlchemy or pylti1p3); a test keeps it so.

numbers (reading typed numbers, rupiah, loose text) · budget (lines, koefisien, amounts, totals, account groups)
· rules (what an exercise sets) · checks (findings) · scoring (the automatic score). Texts are in ``labels.py``.
"""
