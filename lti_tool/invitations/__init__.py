"""Personal invitation links for people without a Moodle account, shared by every kind that needs them (the
modules kind's stakeholder reviewers, the feedback kind's level-3 alumni and supervisors): one implementation.

- ``tokens``: a link's token (256 bits) and the SHA-256 stored instead of it; a row found by its token (length
  checked first); whether a link is usable (not revoked, not expired).
- ``emails``: an email address cleaned (one line, one ``@``, no header injection) or refused.
- ``letters``: a ``Letter`` (subject, body) sent by email when ``LATIH_SMTP_URL`` is set and the invitee has an
  address, else (or when the mail server fails) kept as a text to copy, e.g. into WhatsApp: the ``Sent`` outcome.
- ``limit``: the soft per-address rate limit of the pages reached by a link.
- ``standalone``: the headers of a standalone page reached by a link (never framed, no referrer, no cache).
- ``due``: jobs a kind registers to send invitations on their dates, run by the grade worker's loop.

Core: imports no kind (``tests/unit/test_import_contracts.py``). The kinds keep their own rows (each with a
``token_hash``, ``revoked_at`` and ``emailed_at``), texts and pages.
"""
