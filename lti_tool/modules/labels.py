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
    "docx_too_large": _l("The Word file's content is too large once unpacked (at most %(max)s MB)."),
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
