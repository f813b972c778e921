"""Template tags of the clinical review's admin screens."""

from django import template

from pages.models import ClinicalReviewMixin
from review.approving import what_is_shown
from review.differences import default_against, differences_url

register = template.Library()


@register.simple_tag
def review_subject(obj):
    """What an approval of `obj` (a page, or the site-wide text) would be
    of, as the approve dialog shows it: the latest revision, the fingerprint
    of its content, and where to read what changed."""
    obj = getattr(obj, "specific", obj)
    shown = what_is_shown(obj)
    if shown.revision is None:
        return None
    return {
        "revision": shown.revision,
        "fingerprint": shown.fingerprint,
        "differences_url": differences_url(obj, default_against(obj), shown.revision),
        "clinical_page": isinstance(obj, ClinicalReviewMixin),
        "approved_before": bool(getattr(obj, "reviewed_revision_id", None)),
    }
