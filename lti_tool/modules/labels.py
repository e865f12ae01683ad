"""Every text of the module pages that is not in a template: names of the default groups and criteria, the scale's
points, audit actions and refusals (codes → messages with params), all in the gettext catalogue."""
from flask_babel import lazy_gettext as _l

GROUP_LABELS = {
    "pemda": _l("Regional government (Pemda/OPD)"),
    "masyarakat": _l("Community and NGOs (Masyarakat)"),
    "perguruan_tinggi": _l("Universities (Perguruan Tinggi)"),
}
CRITERION_LABELS = {
    "relevance": _l("Relevance to regional needs"),
    "accuracy": _l("Accuracy of content"),
    "clarity": _l("Clarity"),
    "usability": _l("Usability in the field"),
    "culture": _l("Respect for local culture"),
}
SCALE_LABELS = (_l("not suitable"), _l("less suitable"), _l("suitable"), _l("very suitable"))  # points 1–4

ACTIONS = {
    "created": _l("created the module"),
    "settings_changed": _l("changed the settings"),
    "draft_saved": _l("saved the draft"),
    "docx_imported": _l("imported a Word file into the editor"),
    "version_frozen": _l("froze the draft as a version"),
    "published": _l("published a version to learners"),
    "attachment_added": _l("added an attachment"),
    "attachment_removed": _l("removed an attachment"),
    # review rounds (the author's side)
    "round_created": _l("created a review round"),
    "round_changed": _l("changed a review round's setup"),
    "round_opened": _l("opened a review round"),
    "round_closed": _l("closed a review round"),
    "round_extended": _l("extended a review round's deadline"),
    "round_decided": _l("decided a review round"),
    "comment_answered": _l("answered a reviewer's comment"),
    "comment_replied": _l("replied to a reviewer's comment"),
    "reviewer_invited": _l("invited a reviewer"),
    "reviewer_revoked": _l("withdrew a reviewer's link"),
    "link_renewed": _l("gave a reviewer a new link"),
    "reminders_sent": _l("reminded the late reviewers"),
    "copied_from": _l("copied a version of another module into the draft"),
}

REFUSALS = {
    # settings
    "groups_missing": _l("Choose at least one stakeholder group."),
    "too_many_groups": _l("At most %(max)s stakeholder groups."),
    "template_unknown": _l("Choose a criteria template."),
    "criteria_missing": _l("Write at least one criterion, one per line."),
    "too_many_criteria": _l("At most %(max)s criteria."),
    "jp_range": _l("Planned JP must be a whole number of hours of lessons from %(min)s to %(max)s."),
    "min_reviews_range": _l("The minimum number of reviews per group must be a whole number from %(min)s to %(max)s."),
    "min_median_range": _l("The minimum median must be a whole number from %(min)s to %(max)s."),
    "rule_invalid": _l("The approval rule does not fit the groups and criteria."),
    # drafts and versions
    "stale": _l("The draft was saved elsewhere (another tab or person) after you opened it. Your text is kept below: "
                "copy what you need, reload the editor, and merge it."),
    "too_long": _l("The text is too long: at most %(max)s characters."),
    "empty_draft": _l("The draft is empty: write the module before freezing a version."),
    "unchanged": _l("The draft is the same as version %(number)s: nothing to freeze."),
    "version_unknown": _l("There is no version %(number)s."),
    "choose_versions": _l("Choose two versions to compare."),
    "not_published": _l("This module is not published yet."),
    "reason_required": _l("Write why you publish this version without a review round."),
    "reason_too_long": _l("The reason is too long: at most %(max)s characters."),
    "already_published": _l("Version %(number)s is already the published one."),
    "reason_required_not_approved": _l("Version %(number)s is not approved (review round %(round)s). Write why you "
                                       "publish it without an approval."),
    # files
    "file_missing": _l("Choose a file."),
    "file_too_large": _l("The file is larger than %(max)s MB."),
    "file_type": _l("This kind of file cannot be attached: PDF, PNG, JPEG, GIF, WebP, XLSX, PPTX and DOCX are "
                    "accepted (recognised from the file's content, not its name)."),
    "attachment_in_use": _l("%(name)s is used by version %(number)s, which cannot change: it stays."),
    "docx_not_word": _l("This is not a Word file (.docx). Save it in Word as “Word Document (.docx)” and try again."),
    "docx_encrypted": _l("This Word file is protected with a password. Remove the password in Word (File › Info › "
                         "Protect Document), save, and try again."),
    "docx_old_format": _l("This is an old Word 97–2003 file (.doc). Open it in Word and save it as “Word Document "
                          "(.docx)”, then try again."),
    "docx_unreadable": _l("This Word file could not be read; it may be damaged. Open it in Word, save it again as "
                          ".docx, and try again."),
    # review rounds (services.rounds; the domain's codes)
    "round_busy": _l("Review round %(number)s is not decided yet: decide it before starting another one."),
    "round_not_draft": _l("The round is no longer a draft: its setup cannot change."),
    "round_criteria_missing": _l("Choose at least one criterion for %(group)s."),
    "deadline_invalid": _l("Write the deadline as a date and a time."),
    "deadline_missing": _l("Set a deadline first."),
    "deadline_past": _l("The deadline must be in the future."),
    "deadline_earlier": _l("The new deadline must be later than the current one."),
    "no_groups": _l("Choose at least one stakeholder group."),
    "group_without_reviewers": _l("%(group)s has no reviewer yet: invite at least one before opening the round."),
    "illegal_transition": _l("This cannot be done while the round is %(state)s."),
    "outcome_unknown": _l("Choose approve or revise."),
    "decision_reason_required": _l("The approval rule is not met: write why you approve this version anyway."),
    "decline_reason_required": _l("Write why the comment is declined."),
    "answer_unknown": _l("Choose how the comment is answered: addressed or declined."),
    "version_required": _l("Write the number of the version that addresses the comment."),
    "answer_version_newer": _l("The comment is addressed in a version after version %(number)s."),
    "comment_unknown": _l("There is no such comment in this round."),
    "reply_empty": _l("Write the reply."),
    "reply_too_long": _l("The reply is too long: at most %(max)s characters."),
    "previous_round_undecided": _l("The next round comes after a round decided “revise”."),
    "version_not_newer": _l("The next round needs a version after version %(version)s: freeze the revised draft "
                            "first."),
    "docx_too_large": _l("The Word file's content is too large once unpacked (at most %(max)s MB)."),
    # inviting reviewers
    "round_decided": _l("Round %(number)s is decided: its reviewers can no longer change."),
    "group_not_in_round": _l("Choose one of this round's stakeholder groups."),
    "reviewer_name_missing": _l("Write the reviewer's name."),
    "reviewer_name_too_long": _l("The name is too long: at most %(max)s characters."),
    "institution_missing": _l("Write the reviewer's institution."),
    "institution_too_long": _l("The institution's name is too long: at most %(max)s characters."),
    "email_invalid": _l("This email address is not valid: write it like nama@instansi.go.id, or leave it empty."),
    "email_taken": _l("%(email)s is already invited to this round."),
    "user_taken": _l("%(name)s is already invited to this round."),
    "choose_members": _l("Choose at least one member of the course."),
    "too_many_members": _l("At most %(max)s people at once."),
    "not_in_course": _l("Only members of this course can be chosen: pick them from the list."),
    "roster_unavailable": _l("The course's member list cannot be read from Moodle now. Invite them as external "
                             "reviewers, or try again later."),
    "reviewer_unknown": _l("This reviewer is not in this round."),
    "reviewer_revoked": _l("The link of %(name)s was withdrawn: invite them again for a new one."),
    "reminders_closed": _l("Reminders go out while the round is open and before its deadline."),
    "nobody_late": _l("Everyone has submitted a review: nobody to remind."),
    # module bank
    "bank_stale": _l("Your draft was saved elsewhere after you opened this page: nothing was copied. Check what "
                     "will be replaced and confirm again."),
}


def refusal(code, params=None):
    """The refusal's message in the reader's language."""
    text = REFUSALS.get(code)
    if text is None:
        return str(code)
    try:
        return str(text) % dict(params or {})
    except (KeyError, TypeError, ValueError):
        return str(text)


def group_name(group):
    return group.get("name") or str(GROUP_LABELS.get(group["id"], group["id"]))


def criterion_name(criterion):
    return criterion.get("name") or str(CRITERION_LABELS.get(criterion["id"], criterion["id"]))


def scale_labels(criterion):
    return [str(x) for x in criterion.get("labels") or ()] or [str(x) for x in SCALE_LABELS[:criterion["scale_max"]]]


ROUND_STATE_LABELS = {"draft": _l("draft"), "open": _l("open"), "closed": _l("closed"), "decided": _l("decided")}
OUTCOME_LABELS = {"approved": _l("approved"), "revise": _l("revise")}
ROUND_RECOMMENDATIONS = {"approve": _l("approve"), "approve_with_changes": _l("approve with changes"),
                         "reject": _l("reject")}
COMMENT_STATUS_LABELS = {"open": _l("open"), "addressed": _l("addressed"), "declined": _l("declined")}
UNMET_LABELS = {
    "too_few_reviews": _l("%(group)s: %(have)s of %(need)s submitted reviews."),
    "no_scores": _l("%(group)s, %(criterion)s: no scores yet (median at least %(need)s needed)."),
    "median_below": _l("%(group)s, %(criterion)s: median %(median)s, at least %(need)s needed."),
    "blocking_open": _l("%(count)s blocking comments are still open."),
}


def _named(params, groups, criteria):
    named = dict(params or {})
    if "group" in named:
        named["group"] = groups.get(named["group"], named["group"])
    if "criterion" in named:
        named["criterion"] = criteria.get(named["criterion"], named["criterion"])
    if "state" in named:
        named["state"] = str(ROUND_STATE_LABELS.get(named["state"], named["state"]))
    return named


def setup_names(settings):
    """({group id: name}, {criterion id: name}) of a module's settings."""
    return ({g["id"]: group_name(g) for g in settings.groups}, {c["id"]: criterion_name(c) for c in settings.criteria})


def round_refusal(code, params, settings):
    """A refusal of the round pages, groups, criteria and states named."""
    return refusal(code, _named(params, *setup_names(settings)))


def unmet_text(problem, settings):
    """Why the approval rule is not met, one ``Problem`` in words."""
    text = UNMET_LABELS.get(problem.code)
    if text is None:
        return problem.code
    try:
        return str(text) % _named(problem.params, *setup_names(settings))
    except (KeyError, TypeError, ValueError):
        return str(text)


# --- the reviewer's pages (review_views): actions in the audit trail and refusals ---------------------------------
ACTIONS.update({
    "review_opened": _l("opened the review link"),
    "review_saved": _l("saved a review draft"),
    "review_submitted": _l("submitted a review"),
    "comment_added": _l("added a comment"),
    "comment_changed": _l("changed a comment"),
    "comment_deleted": _l("deleted a comment"),
})

REVIEW_RECOMMENDATIONS = {  # domain.reviews.Recommendation
    "approve": _l("approve"),  # setujui
    "approve_with_changes": _l("approve with changes"),  # setujui dengan perbaikan
    "reject": _l("reject"),  # tolak
}

REVIEWER_REFUSALS = {
    "stale_review": _l("Your review was changed in another tab or window after you opened this page. Nothing was "
                       "saved: what you typed is kept below. Check it, then save again."),
    "deadline_passed": _l("The review period ended on %(deadline)s: nothing more can be saved. What you typed is kept "
                          "below, so you can copy it and send it to the module's author another way."),
    "round_closed": _l("This review round is closed: nothing more can be saved. What you typed is kept below."),
    "review_submitted": _l("Your review is already submitted and can no longer change."),
    "criterion_unknown": _l("A score was given for a criterion that is not part of your review."),
    "score_outside_scale": _l("A score is outside its scale (1 to %(max)s)."),
    "scores_missing": _l("To submit, score every criterion. Still missing: %(criteria)s. Your draft is saved."),
    "recommendation_missing": _l("To submit, choose a recommendation. Your draft is saved."),
    "recommendation_unknown": _l("Choose one of the recommendations."),
    "summary_too_long": _l("The general remark is too long: at most %(max)s characters."),
    "name_required": _l("Write your name."),
    "name_too_long": _l("The name is too long: at most %(max)s characters."),
    "institution_too_long": _l("The institution's name is too long: at most %(max)s characters."),
    "comment_empty": _l("Write the comment."),
    "comment_too_long": _l("The comment is too long: at most %(max)s characters."),
    "section_unknown": _l("This section is not part of the version under review."),
    "quote_not_found": _l("The selected text was not found in that section of the version under review. Select "
                          "the words again in the text, or comment on the whole section."),
    "selection_empty": _l("Select some words in the text first, or comment on the whole section."),
    "selection_too_long": _l("The selected text is too long: at most %(max)s characters. Select a shorter passage."),
    "selection_invalid": _l("The selected text was not understood. Select the words again."),
    "anchor_malformed": _l("The selected text was not understood. Select the words again."),
    "comment_unknown": _l("This comment is not part of your review round."),
    "comment_not_yours": _l("Only the reviewer who wrote a comment can change or delete it."),
    "comment_answered": _l("The author has already answered this comment: it can no longer change."),
    "comment_has_replies": _l("Others have replied to this comment, so it cannot be deleted; change its text "
                              "instead."),
}


def reviewer_refusal(code, params=None):
    """A refusal on the reviewer's pages in the reader's language (else one of the author's pages' refusals)."""
    text = REVIEWER_REFUSALS.get(code)
    if text is None:
        return refusal(code, params)
    try:
        return str(text) % dict(params or {})
    except (KeyError, TypeError, ValueError):
        return str(text)
