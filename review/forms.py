"""The forms of the review task's actions: approve and request changes."""

from django import forms
from wagtail.models import Revision

from review.approving import still_as_shown
from review.recording import CHANGED_WHILE_REVIEWING, ReviewedContentChanged


class RequestChangesForm(forms.Form):
    """Requesting changes needs a comment: the submitter must know what."""

    comment = forms.CharField(
        label="What needs to change",
        required=True,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "Say what needs to change."},
    )


class ApproveForm(forms.Form):
    """Approving names what the reviewer was shown: the revision and the
    fingerprint of its clinical content when the approve dialog opened
    (templates/review/admin/approve_modal.html). If the page has a newer
    revision since, or the content changed (a saved question or reference it
    shows), the dialog says so at once: the reviewer reloads and reads again.
    The workflow task checks the same again when it approves
    (`review.approving`)."""

    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean(self):
        data = super().clean()
        if self.errors:
            raise forms.ValidationError(CHANGED_WHILE_REVIEWING)
        revision = Revision.objects.filter(pk=data["revision"]).first()
        if revision is None or not is_latest(revision):
            raise forms.ValidationError(CHANGED_WHILE_REVIEWING)
        try:
            still_as_shown(revision, data["fingerprint"])
        except ReviewedContentChanged as error:
            raise forms.ValidationError(str(error)) from error
        return data


def is_latest(revision):
    """Whether `revision` is the latest revision of its page."""
    page = revision.content_object
    return page is not None and page.latest_revision_id == revision.pk
