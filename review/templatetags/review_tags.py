"""Template tags of the clinical review's admin screens."""

from django import template

from review.rules import clinical_fingerprint

register = template.Library()


@register.simple_tag
def review_subject(page):
    """What an approval of `page` would be of, as the approve dialog shows
    it: the page's latest revision and the fingerprint of its clinical
    content."""
    page = page.specific
    revision = page.get_latest_revision()
    if revision is None:
        return None
    return {
        "revision": revision,
        "fingerprint": clinical_fingerprint(revision.as_object()),
    }
