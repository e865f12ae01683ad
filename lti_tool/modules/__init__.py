"""A kind of activity (not yet plugged in): stakeholder-reviewed training modules ("Modul", issue 13).

An instructor writes a module in Markdown or imports it from .docx, freezes it as immutable versions, and has each
version reviewed by stakeholder groups (regional government, community, universities) before publishing it.
Today only the pure domain exists (``domain/``); the models, services, views and the ``ActivityKind`` come later.
"""
