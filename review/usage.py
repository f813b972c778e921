"""Which clinical pages show a snippet, for what a change of it does to
their reviews (the editor's warning, the receivers that send pages back)."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex
from wagtail.snippets.models import get_snippet_models

from pages.models import ClinicalReviewMixin, ReviewStatus

APPROVED_STATES = (ReviewStatus.REVIEWED, ReviewStatus.EXPIRED)


def shows(model, model_path):
    """Whether a reference from `model`'s field at `model_path` is something
    a visitor reads: from a page, only its clinical fields count (its
    reviewer, say, is a record of the review, kept by name); from a snippet,
    any field (a reference cited in a saved question's answer)."""
    if not issubclass(model, Page):
        return True
    return model_path.split(".")[0] in getattr(model, "clinical_fields", ())


def clinical_pages_showing(obj):
    """Live clinical pages that show `obj`: pages whose clinical content
    refers to it, or to a snippet that refers to it, at any depth (the
    reference index)."""
    page_ids, seen, frontier = set(), set(), [obj]
    while frontier:
        references = ReferenceIndex.get_references_to_in_bulk(frontier)
        frontier = []
        for content_type, base_type, object_id, model_path in set(
            references.values_list(
                "content_type", "base_content_type", "object_id", "model_path"
            )
        ):
            model = ContentType.objects.get_for_id(content_type).model_class()
            if model is None or not shows(model, model_path):
                continue
            if (base_type, object_id) in seen:
                continue
            seen.add((base_type, object_id))
            if issubclass(model, Page):
                page_ids.add(int(object_id))
            elif model in get_snippet_models():
                frontier.extend(model._default_manager.filter(pk=object_id))
    pages = Page.objects.filter(pk__in=page_ids, live=True).specific()
    return [page for page in pages if isinstance(page, ClinicalReviewMixin)]


def approved_pages_showing(obj):
    """The clinical pages showing `obj` whose live content is approved
    (reviewed, or reviewed and expired): those a change of it sends back."""
    return [
        page
        for page in clinical_pages_showing(obj)
        if page.review_status in APPROVED_STATES
    ]
