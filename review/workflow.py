"""The end of an approved workflow (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail imports this module while its own models load, before the app
registry is ready, so it imports no models at module level."""


def finish_workflow(workflow_state, user=None):
    """A clinical page goes live with the revision the Medical Director
    approved (which may be newer than the one submitted: the one they were
    shown) if that is still its latest and not yet live; a page published
    meanwhile is left as it is (its status says whether it still matches what
    was approved). Anything else: Wagtail's own action."""
    # Loaded at call time: Wagtail imports this module while its models load.
    from wagtail.workflows import publish_workflow_state

    from pages.models import ClinicalReviewMixin

    obj = workflow_state.content_object
    specific = getattr(obj, "specific", obj)
    if not isinstance(specific, ClinicalReviewMixin):
        return publish_workflow_state(workflow_state, user=user)
    page = type(specific).objects.get(pk=specific.pk)  # the approval's row
    approved = page.reviewed_revision
    latest = page.get_latest_revision()
    if (
        approved is not None
        and latest.pk == approved.pk
        and page.live_revision_id != approved.pk
    ):
        approved.publish(user=user)
    return None
