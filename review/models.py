"""The clinical review task of the "Clinical review" workflow."""

from wagtail.models import AbstractGroupApprovalTask

from review.forms import RequestChangesForm
from review.recording import record_approval
from review.rules import MEDICAL_DIRECTOR_GROUP


class ClinicalReviewTask(AbstractGroupApprovalTask):
    """Approval by the Medical Director group: approve (with an optional
    comment) or request changes (a comment is required). Only members of
    that group, and superusers, can act, whatever groups the task names."""

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

    def get_form_for_action(self, action):
        if action == "reject":
            return RequestChangesForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and self.get_actions(
            task_state.workflow_state.content_object, user
        ):
            record_approval(task_state.revision, user)
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
