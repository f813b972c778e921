"""The clinical review desk (Reports › Clinical review) and the reviewers'
dashboard panel, drawn from the sections of `review.desk`, with the
site-wide text waiting for approval above the pages."""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.defaults import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowMixin

from review.desk import active_workflow_states, desk_sections
from review.desk_groups import GROUPS, REVIEWED, WAITING_GROUPS
from review.differences import differences_url
from review.roles import can_review, can_use_desk

# The desk's filter: ?group=KEY shows one group, "all" every group, and no
# value what waits.
GROUP_CHOICES = {group.key: (group,) for group in GROUPS} | {"all": GROUPS}


def site_text_waiting():
    """The site-wide text (crisis lines and notices) submitted for review:
    (object, workflow state, differences URL), oldest first."""
    waiting = []
    for model in apps.get_models():
        reviewed = hasattr(model, "clinical_fields") and issubclass(
            model, WorkflowMixin
        )
        if not reviewed or issubclass(model, Page):
            continue
        states = active_workflow_states(model)
        for obj in model.objects.filter(pk__in=list(states)):
            waiting.append((obj, states[obj.pk], differences_url(obj)))
    return sorted(waiting, key=lambda item: item[1].created_at)


def clinical_review_desk(request):
    """Every clinical page that waits, by group, oldest first; one group, or
    every clinical page, on request."""
    if not can_use_desk(request.user):
        # Wagtail would redirect to the dashboard with a message; a plain 403
        # (the branded page) says what happened to a person and to a script.
        return permission_denied(request, PermissionDenied())
    chosen = request.GET.get("group", "")
    reviewer = can_review(request.user)
    sections = desk_sections(for_reviewer=reviewer)
    shown = GROUP_CHOICES.get(chosen, WAITING_GROUPS)
    return render(
        request,
        "review/admin/clinical_review_desk.html",
        {
            "sections": [section for section in sections if section.group in shown],
            "filters": sections,
            "chosen": chosen if chosen in GROUP_CHOICES else "",
            "waiting_count": sum(
                section.count for section in sections if section.group != REVIEWED
            ),
            "total": sum(section.count for section in sections),
            "can_review": reviewer,
            "site_text_waiting": site_text_waiting(),
        },
    )


class ClinicalReviewPanel(Component):
    """On the reviewers' dashboard: what waits, by group, oldest first."""

    name = "clinical_review"
    template_name = "review/admin/clinical_review_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        sections = desk_sections(WAITING_GROUPS)
        site_text = site_text_waiting()
        waiting = sum(section.count for section in sections) + len(site_text)
        return {
            "sections": sections,
            "site_text_waiting": site_text,
            "heading": f"Awaiting clinical review ({waiting})",
        }
