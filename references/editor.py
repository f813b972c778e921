"""Citations in the rich-text editor: converting between the database's
`<a linktype="citation">` and Draftail's CITATION entity. (Admin only: these
imports need the app registry ready, unlike `references.citations`.)"""

from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    InlineEntityElementHandler,
)

from references.citations import LINK_TYPE
from references.models import Reference


class CitationElementHandler(InlineEntityElementHandler):
    """Database HTML to the editor: a citation entity with the reference's
    id and label."""

    mutability = "IMMUTABLE"

    def get_attribute_data(self, attrs):
        reference_id = attrs.get("id")
        reference = (
            Reference.objects.filter(pk=reference_id).first()
            if str(reference_id).isdigit()
            else None
        )
        if reference is None:
            return {"id": reference_id, "label": "Missing reference", "missing": True}
        return {"id": reference.pk, "label": reference.short_label}


def citation_entity_to_database(props):
    """The editor's citation entity to database HTML."""
    return DOM.create_element(
        "a", {"linktype": LINK_TYPE, "id": props.get("id")}, props["children"]
    )
