"""Markdown, as the demo content files write rich text, turned into the HTML
Wagtail stores for rich text: the form its editor saves, so a demo page and
one an editor writes are stored alike.

Beyond plain Markdown: `[@tip47]` cites a reference (a key in site.toml) as
the editor's "Cite" control does, and `[text](page:resources/php-vs-iop)`
links to a page by its path under the home page.
"""

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

CITATION = r"\[@([\w-]+)\]"
PAGE_LINK_SCHEME = "page:"
# Wagtail's editor saves bold and italic as <b> and <i>.
EDITOR_TAGS = {"strong": "b", "em": "i"}
LINE_BREAK = re.compile(r"\s*\n\s*")
# Python-Markdown writes attributes in alphabetical order.
SORTED_LINK = re.compile(r'<a id="(\d+)" linktype="(\w+)">')


class CitationPattern(InlineProcessor):
    """`[@key]` → `<a linktype="citation" id="PK">[SHORT LABEL]</a>`."""

    def __init__(self, md, cite):
        super().__init__(CITATION, md)
        self.cite = cite

    def handleMatch(self, match, data):
        reference = self.cite(match.group(1))
        link = etree.Element("a")
        link.set("linktype", "citation")
        link.set("id", str(reference.pk))
        # Atomic: the label's brackets are not Markdown to parse again.
        link.text = AtomicString(f"[{reference.short_label}]")
        return link, match.start(0), match.end(0)


class EditorForm(Treeprocessor):
    """Bold and italic as the editor stores them, and page links as Wagtail's
    `<a linktype="page" id="PK">`."""

    def __init__(self, md, page):
        super().__init__(md)
        self.page = page

    def run(self, root):
        for element in root.iter():
            element.tag = EDITOR_TAGS.get(element.tag, element.tag)
            href = element.get("href", "") if element.tag == "a" else ""
            if href.startswith(PAGE_LINK_SCHEME):
                page = self.page(href.removeprefix(PAGE_LINK_SCHEME))
                element.attrib.clear()
                element.set("linktype", "page")
                element.set("id", str(page.pk))


class LinkAttributeOrder(Postprocessor):
    """`linktype` before `id`, as Wagtail writes its links, so the stored
    HTML is the editor's to the byte."""

    def run(self, text):
        return SORTED_LINK.sub(r'<a linktype="\2" id="\1">', text)


class WagtailRichText(Extension):
    """Citations and page links; `cite(key)` gives the Reference and
    `page(path)` the page, or raise an error that names what is wrong."""

    def __init__(self, cite, page):
        super().__init__()
        self.cite = cite
        self.page = page

    def extendMarkdown(self, md):
        # Before Markdown's own links (160), which would read "[@key]" as a
        # reference-style link.
        md.inlinePatterns.register(CitationPattern(md, self.cite), "citation", 175)
        # After the inline patterns have made the links (20).
        md.treeprocessors.register(EditorForm(md, self.page), "editor_form", 5)
        md.postprocessors.register(LinkAttributeOrder(md), "link_attribute_order", 5)
        # The editor stores blocks back to back, without newlines between.
        md.treeprocessors.deregister("prettify")


def to_rich_text(text, cite, page):
    """The stored rich text for the Markdown `text`."""
    converter = markdown.Markdown(extensions=[WagtailRichText(cite, page)])
    # A line break inside a paragraph is a space, as Markdown reads it; the
    # editor stores each paragraph on one line.
    return LINE_BREAK.sub(" ", converter.convert(text))
