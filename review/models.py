"""The clinical review task of the "Clinical review" workflow."""

from django.core.exceptions import PermissionDenied
from wagtail.models import AbstractGroupApprovalTask

from review.forms import ApproveForm, RequestChangesForm
from review.recording import ReviewedContentChanged, record_approval
from review.rules import MEDICAL_DIRECTOR_GROUP


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Approval by the Medical Director group: approve (with an optional
    comment) or request changes (a comment is required). Only members of
    that group, and superusers, can act, whatever groups the task names.

    An approval is of what the reviewer was shown: the page's latest
    revision when the approve dialog opened (`ApproveForm`), never an older
    one the task happens to name, and it is refused if the page changed
    since."""

    def _user_in_groups(self, user):
        return user.groups.filter(name=MEDICAL_DIRECTOR_GROUP).exists() and (
            super()._user_in_groups(user)
        )

    def locked_for_user(self, obj, user):
        # Marketing keeps editing, and may publish, while the review waits:
        # the page then shows itself as pending until approved content is live.
        return False

    def user_can_access_editor(self, obj, user):
        return True  # page permissions still decide who may edit

    def get_actions(self, obj, user):
        # Both actions open a dialog: approving always carries what the
        # reviewer was shown.
        if user.is_superuser or self._user_in_groups(user):
            return [("reject", "Request changes", True), ("approve", "Approve", True)]
        return []

    def get_form_for_action(self, action):
        if action == "reject":
            return RequestChangesForm
        if action == "approve":
            return ApproveForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return "review/admin/approve_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        shown_revision = kwargs.pop("revision", None)
        shown_fingerprint = kwargs.pop("fingerprint", None)
        if action_name == "approve" and self.get_actions(
            task_state.workflow_state.content_object, user
        ):
            page = task_state.workflow_state.content_object.specific
            try:
                approved = approved_revision(page, shown_revision, user)
                # What was shown must be unchanged; the reviewer's own edits
                # made after it are theirs.
                record_approval(
                    approved,
                    user,
                    shown_fingerprint=(
                        shown_fingerprint if approved.pk == shown_revision else None
                    ),
                )
            except ReviewedContentChanged as error:
                raise PermissionDenied(str(error)) from error
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "The Medical Director approves the clinical content of a page"

    class Meta:
        # Created by the pages app before clinical review had an app of its
        # own; the table, its rows and the workflow's tasks stay where they are.
        db_table = "pages_clinicalreviewtask"
        verbose_name = "Clinical review task"
        verbose_name_plural = "Clinical review tasks"


def approved_revision(page, shown_revision_id, user):
    """The revision an approval is of: the one the reviewer was shown, if it
    is still the page's latest. If the reviewer edited the page in the same
    step (the editor saves their changes before the action), their own newer
    revisions are what they saw. Anything else changed it: refused."""
    latest = page.get_latest_revision()
    if shown_revision_id is None or latest is None:
        raise ReviewedContentChanged
    if latest.pk == shown_revision_id:
        return latest
    newer = page.revisions.filter(pk__gt=shown_revision_id)
    if newer.exists() and not newer.exclude(user=user).exists():
        return latest
    raise ReviewedContentChanged
