"""What the FAQ hub page shows: every published question on the site,
grouped by topic, with the pages that answer it (site search links its
questions to those pages too).

Read from the pages' stored body data, so the hub costs a fixed number of
queries however many pages and questions there are."""

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.rich_text import RichText

from faq.blocks import FAQEntry, FAQSectionBlock
from faq.models import FAQ
from richtext.anchors import anchors_unique, unique_anchor


@dataclass
class HubQuestion:
    entry: FAQEntry
    appearances: list = field(default_factory=list)  # (page, anchor)


@dataclass
class HubGroup:
    topic: object  # a Topic, or None for questions without one
    questions: list = field(default_factory=list)

    @property
    def title(self):
        return self.topic.name if self.topic else "Other questions"


def raw_sections(page):
    body = getattr(page, "body", None)
    if body is None:
        return []
    return [
        item["value"] for item in body.raw_data if item.get("type") == "faq_section"
    ]


def faq_page_models():
    """The page types whose body can hold an FAQ section."""
    return [model for model in get_page_models() if holds_faq_sections(model)]


def holds_faq_sections(model):
    try:
        body = model._meta.get_field("body")
    except FieldDoesNotExist:
        return False
    return isinstance(body, StreamField) and any(
        isinstance(block, FAQSectionBlock)
        for block in body.stream_block.child_blocks.values()
    )


def grouped_questions(hub):
    """The FAQ page's groups: each topic's questions, in the order the page
    sets, then questions without a topic."""
    questions = published_questions(exclude=hub)
    topic_ids = {q.entry.topic_id for q in questions.values()} - {None}
    Topic = FAQ._meta.get_field("topic").related_model
    topics = Topic.objects.in_bulk(topic_ids)
    ordered = [row.topic_id for row in hub.topic_order.all() if row.topic_id in topics]
    ordered += sorted(set(topics) - set(ordered), key=lambda pk: topics[pk].name)
    groups = {pk: HubGroup(topics[pk]) for pk in ordered}
    groups[None] = HubGroup(None)
    for question in questions.values():
        groups[question.entry.topic_id].questions.append(question)
    return [group for group in groups.values() if group.questions]


def published_questions(exclude=None, within=None):
    """Every question that live, public pages show, in order of first
    appearance: {key: HubQuestion}, each with the pages and anchors where it
    is answered. A saved question's key is ("faq", its id). `within` (a
    site's root page) keeps to that part of the tree."""
    candidates = Page.objects.live().public().type(*faq_page_models())
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    if within is not None:
        candidates = candidates.descendant_of(within, inclusive=True)
    pages = [
        page for page in candidates.order_by("path").specific() if raw_sections(page)
    ]
    snippet_ids = {
        item["value"]
        for page in pages
        for section in raw_sections(page)
        for item in section.get("items", [])
        if item.get("type") == "faq" and item.get("value")
    }
    snippets = FAQ.objects.filter(live=True).in_bulk(snippet_ids)

    questions = {}  # key -> HubQuestion, in order of first appearance
    for page in pages:
        with anchors_unique():  # the same ids the page's own render gives out
            for section in raw_sections(page):
                unique_anchor("faq")
                for item in section.get("items", []):
                    key, entry = hub_entry(page, item, snippets)
                    if entry is None:
                        continue
                    anchor = unique_anchor(entry.anchor_base)
                    question = questions.setdefault(key, HubQuestion(entry))
                    question.appearances.append((page, anchor))
    return questions


def hub_entry(page, item, snippets):
    """(key, FAQEntry) of one stored FAQ item, or (None, None) if not shown."""
    value = item.get("value")
    if item.get("type") == "question" and value:
        entry = FAQEntry(
            value.get("question", ""),
            RichText(value.get("answer", "")),
            topic_id=getattr(page, "topic_id", None),
        )
        return ("page", page.pk, item.get("id")), entry
    if item.get("type") == "faq" and value in snippets:
        faq = snippets[value]
        topic_id = faq.topic_id or getattr(page, "topic_id", None)
        return ("faq", faq.pk), FAQEntry(
            faq.question, RichText(faq.answer), faq.pk, topic_id
        )
    return None, None
