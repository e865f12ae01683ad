"""The certificate number of a ledger entry, for the exports: one seam the certificates package fills.

``certificate_numbers(credit_rows)`` takes ledger rows (anything with ``id``, the ``learning_credit`` id; ``None``
for a learner without entries is skipped) and returns {credit id: certificate number}; an entry without a
certificate is simply absent. Until the certificates are wired in, it knows none.
"""


def certificate_numbers(credit_rows):
    """{learning_credit id: certificate number} of the rows that have one (none yet)."""
    return {}
