"""The clinical review task of the "Clinical review" workflow, for clinical
pages and for the site-wide text they show (crisis lines and notices)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import AbstractGroupApprovalTask

from pages.models import ClinicalReviewMixin
from review.approving import approvable_revision
from review.forms import ApproveForm, RequestChangesForm
from review.recording import ReviewedContentChanged, record_approval
from review.rules import MEDICAL_DIRECTOR_GROUP


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Approval by the Medical Director group: approve (with an optional
    comment) or request changes (a comment is required). Only members of
    that group, and superusers, can act, whatever groups the task names.

    An approval is of what the reviewer was shown (`review.approving`): it
    is refused if anything they read changed since, the text of a snippet
    the page shows included."""

    def _user_in_groups(self, user):
        return user.groups.filter(name=MEDICAL_DIRECTOR_GROUP).exists() and (
            super()._user_in_groups(user)
        )

    def locked_for_user(self, obj, user):
        # Marketing keeps editing, and may publish, while the review waits:
        # the page then shows itself as pending until approved content is live.
        return False

    def user_can_access_editor(self, obj, user):
        # Wagtail lets whoever a task names into the editor, edit permission
        # or not. Reviewing needs no more than the reviewer's own right to
        # edit the page: a review in progress opens no editor to anyone.
        return False

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
        obj = task_state.workflow_state.content_object
        obj = getattr(obj, "specific", obj)
        if action_name in ("approve", "reject") and not self.get_actions(obj, user):
            raise PermissionDenied
        if action_name == "approve":
            try:
                approved = approvable_revision(
                    obj, shown_revision, shown_fingerprint, user
                )
            except ReviewedContentChanged as error:
                raise PermissionDenied(str(error)) from error
            if isinstance(obj, ClinicalReviewMixin):
                record_approval(approved, user)
        super().on_action(task_state, user, action_name, **kwargs)
        # Where the reviewer lands: the outcome, in plain words.
        return reverse("review_outcome", args=[task_state.pk])

    @classmethod
    def get_description(cls):
        return "The Medical Director approves the clinical content of a page"

    class Meta:
        # Created by the pages app before clinical review had an app of its
        # own; the table, its rows and the workflow's tasks stay where they are.
        db_table = "pages_clinicalreviewtask"
        verbose_name = "Clinical review task"
        verbose_name_plural = "Clinical review tasks"
