"""Admin wiring for references: the snippet, its chooser, the "Cite" control
in the rich-text toolbar, and the refusal to delete a cited reference."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.rich_text.editors.draftail.features import EntityFeature
from wagtail.admin.ui.tables import Column
from wagtail.models import ReferenceIndex
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    SnippetChooserViewSet,
    SnippetChosenView,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from references.citations import ENTITY_TYPE, LINK_TYPE, CitationLinkHandler
from references.editor import CitationElementHandler, citation_entity_to_database
from references.models import Reference


class WithLabel:
    """The chooser's answer carries the editor's marker text for the citation."""

    def get_chosen_response_data(self, item):
        return {**super().get_chosen_response_data(item), "label": item.short_label}


class ReferenceChosenView(WithLabel, SnippetChosenView):
    pass


class ReferenceCreateView(WithLabel, SnippetCreateView):
    pass


class ReferenceChooserViewSet(SnippetChooserViewSet):
    chosen_view_class = ReferenceChosenView
    create_view_class = ReferenceCreateView
    # A "Create" tab in the chooser, so an editor can add a source mid-sentence.
    form_fields = [
        "kind",
        "authors",
        "title",
        "container",
        "publisher",
        "year",
        "published",
        "volume",
        "issue",
        "pages",
        "url",
        "doi",
        "pmid",
        "accessed",
    ]
    create_action_label = "Add a reference"


class ReferenceViewSet(SnippetViewSet):
    model = Reference
    icon = "doc-full"
    menu_label = "References"
    add_to_admin_menu = False
    chooser_viewset_class = ReferenceChooserViewSet
    list_display = [
        "title",
        "authors",
        Column("kind", label="Kind", accessor="get_kind_display"),
        "year",
    ]
    list_filter = ["kind", "year"]
    ordering = ["authors", "-year", "title"]


register_snippet(ReferenceViewSet)


@hooks.register("register_rich_text_features")
def register_citation_feature(features):
    features.register_link_type(CitationLinkHandler)
    features.register_editor_plugin(
        "draftail",
        LINK_TYPE,
        EntityFeature(
            {
                "type": ENTITY_TYPE,
                "label": "Cite",
                "icon": "doc-full",
                "description": "Cite a reference",
                "chooserUrls": {
                    "referenceChooser": reverse_lazy(
                        "wagtailsnippetchoosers_references_reference:choose"
                    )
                },
            },
            js=[
                "wagtailadmin/js/chooser-modal.js",
                "references/js/citation-editor.js",
            ],
            css={"all": ["references/css/citation-editor.css"]},
        ),
    )
    features.register_converter_rule(
        "contentstate",
        LINK_TYPE,
        {
            "from_database_format": {
                f'a[linktype="{LINK_TYPE}"]': CitationElementHandler(ENTITY_TYPE)
            },
            "to_database_format": {
                "entity_decorators": {ENTITY_TYPE: citation_entity_to_database}
            },
        },
    )


@hooks.register("before_delete_snippet")
def refuse_to_delete_cited_references(request, instances):
    """A cited reference cannot be deleted, from its own page or in bulk: the
    pages citing it would lose a source. Say where it is cited instead."""
    cited = []
    for instance in instances:
        if not isinstance(instance, Reference):
            continue
        sources = [
            source
            for source, _ in ReferenceIndex.get_grouped_references_to(instance)
            if source is not None
        ]
        if sources:
            cited.append((instance, sources))
    if not cited:
        return None
    for reference, sources in cited:
        messages.error(
            request,
            format_html(
                "“{}” cannot be deleted: it is cited on {}. Remove those "
                "citations first.",
                reference.title,
                format_html_join(", ", "“{}”", ((str(s),) for s in sources)),
            ),
        )
    reference = cited[0][0]
    return redirect(
        reverse(reference.snippet_viewset.get_url_name("usage"), args=[reference.pk])
    )
