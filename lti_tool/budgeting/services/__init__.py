"""What the budgeting pages ask for: plain values in, plain values or rows out; never a request.

exercises (the exercise and its rules) · documents (a budget as typed and as the domain reads it) · submissions
(drafts, handing in, attempts) · settings (the instructor's form and list imports) · grading (rubric, regrading)
· dashboard (learners' states, struggles).
"""


class SubmissionRefused(Exception):
    """Why a draft cannot be saved or submitted; ``code`` names a translated message in the views."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code, self.params = code, params
