"""The feedback-form domain, pure: standard library only (no Flask, SQLAlchemy or pylti1p3); a test keeps it so.

items (the types of item, what each type's configuration holds, conditions: an item shown only when another was
answered with one of given values) · answers (what a learner submitted, read and checked against the form: the rows to
store, the problems, the answers discarded because their item's condition is not met) · stats, index, cohorts (the
report's figures from counts: distributions, ordinal medians, top-2-box, NPS, the 0–100 index and its bands, runs
compared) · suppression (small groups hidden, with complementary cells). Nothing here holds
user-visible text: what is refused is a code with params, translated by the UI.
"""
