"""The module-review domain, pure: standard library only (no Flask, SQLAlchemy or pylti1p3); a test keeps it so.

sections (Markdown ↔ sections, slugs, word count) · reading (the plain reading text of a section, mapped back to
its Markdown) · anchors (comments anchored to quoted text, re-placed on another version; textindex finds the
quotes) · diff (between two versions: sections and words) · approval (the approval rule as data, statistics of
ordinal scores) · reviews (reviews and comments and their states) · rounds (a review round's states) · problems
(codes and params). Nothing here holds user-visible text: what is refused or reported is a code with params,
translated by the UI.
"""
