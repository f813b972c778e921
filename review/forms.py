"""The form of the review task's "request changes" action."""

from django import forms


class RequestChangesForm(forms.Form):
    """Requesting changes needs a comment: the submitter must know what."""

    comment = forms.CharField(
        label="What needs to change",
        required=True,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "Say what needs to change."},
    )
