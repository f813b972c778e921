"""The one check every approval passes: the Medical Director approves what
they were shown, as it stands at the moment they approve.

What a reviewer was shown is a revision and the fingerprint of its approved
content when it was shown to them (`review.content`: the page's clinical
fields and the text of every snippet it shows). Each way of approving carries
the two from the screen the reviewer read:

- the page editor: the revision it loaded and the fingerprint it was loaded
  with (hidden fields of its form, `review.editor`);
- the approve dialog, opened from the editor's action menu, the dashboard or
  the desk: the revision and fingerprint when it opened (`ApproveForm`);
- the desk's one-step approval of a small change: those the desk showed
  with the differences (`review.desk`);
- renewing a review as still accurate: those of the live page the renewal
  screen showed (`review.reading`).

All of them reach `still_as_shown`, through `approvable_revision` (the
workflow task's `on_action`) or `renewable_revision` (the renewal view),
before anything is recorded. Nothing else
approves: a scheduled publish of an approved revision is checked when it
goes live, by the page's status (`review.rules.review_state`).
"""

from dataclasses import dataclass

from wagtail.models import Revision

from review.content import clinical_fingerprint, clinical_parts
from review.recording import ReviewedContentChanged


def approvable_revision(obj, shown_revision_id, shown_fingerprint, user):
    """The revision an approval of `obj` by `user` is of: the latest. It is
    refused (`ReviewedContentChanged`) unless the revision shown is the
    latest, or every revision after it is the reviewer's own (the editor
    saves their edits before the action), and the content shown still reads
    as it did then: a saved question, a reference, a topic or a byline the
    page shows may have changed since, without any new revision."""
    latest = obj.get_latest_revision()
    try:
        shown_revision_id = int(shown_revision_id)
    except (TypeError, ValueError):
        raise ReviewedContentChanged from None
    shown = obj.revisions.filter(pk=shown_revision_id).first()
    if latest is None or shown is None or not shown_fingerprint:
        raise ReviewedContentChanged
    someone_else_changed_it = (
        obj.revisions.filter(pk__gt=shown.pk).exclude(user=user).exists()
    )
    if latest.pk != shown.pk and someone_else_changed_it:
        raise ReviewedContentChanged
    still_as_shown(shown, shown_fingerprint)
    return latest


def still_as_shown(revision, shown_fingerprint):
    """`revision` still reads as it did when shown (snippets it shows
    included), or `ReviewedContentChanged`."""
    if not shown_fingerprint or (
        clinical_fingerprint(revision.as_object()) != shown_fingerprint
    ):
        raise ReviewedContentChanged


def renewable_revision(page, shown_revision_id, shown_fingerprint, approved):
    """The live revision of `page`, for renewing its review as still
    accurate: the one the renewal screen showed, reading as it did, and
    saying what was approved (`approved`, its fingerprint). Else
    `ReviewedContentChanged`: a change since needs a full review."""
    live = page.live_revision
    if live is None or str(live.pk) != str(shown_revision_id):
        raise ReviewedContentChanged
    still_as_shown(live, shown_fingerprint)
    if shown_fingerprint != approved:
        raise ReviewedContentChanged(
            "The page changed since it was approved: submit it for a full review."
        )
    return live


@dataclass(frozen=True)
class Shown:
    """What a screen shows a reviewer of a revision: its approved content as
    text (`parts`) and the fingerprint an approval of it carries."""

    revision: Revision | None = None
    parts: tuple = ()
    fingerprint: str = ""


def shown_revision(revision):
    """`revision` as a reviewer is shown it now."""
    content = revision.as_object()
    parts = clinical_parts(content)
    return Shown(revision, tuple(parts), clinical_fingerprint(content, parts))


def what_is_shown(obj):
    """`obj` as a reviewer is shown it now: its latest revision (an empty
    `Shown` if it has none)."""
    revision = obj.get_latest_revision()
    return shown_revision(revision) if revision is not None else Shown()
