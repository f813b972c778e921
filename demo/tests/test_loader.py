"""The demo content format and its loader: front matter, headings,
directives, citations and page links; the errors whoever edits the content
files sees; and that a new article needs a file, not Python."""

import re
import shutil
import textwrap
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from demo.loader import CONTENT_DIR, DemoLoader
from demo.rich_text import to_rich_text
from demo.source import Block, DemoContentError, page_files, parse_body, read_page
from pages.models import ArticlePage, HomePage, Topic
from references.models import Reference

ARTICLE_FRONT_MATTER = """\
+++
type = "pages.ArticlePage"
slug = "{slug}"
title = "What Is a PHP?"
summary = "A partial hospitalization program is a weekday program of treatment."
topic = "level-of-care"
key_takeaways = ["Weekdays.", "Most of the day.", "You sleep at home."]
+++
"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def write_article(content, body, slug="what-is-a-php", number=4):
    """An article file in the resource library of the folder `content`."""
    path = content / "pages" / "resources" / f"{number:02}-{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE_FRONT_MATTER.format(slug=slug) + body, encoding="utf-8")
    return path


# Reading the files ---------------------------------------------------------


def test_front_matter_is_toml_and_the_markdown_body_follows(tmp_path):
    path = write(
        tmp_path / "05-about.md",
        """
        +++
        type = "pages.StandardPage"
        slug = "about"
        show_in_menus = true
        key_takeaways = ["One", "Two"]
        +++

        Some *text*,
        on two lines.
        """,
    )
    source = read_page(path)
    assert source.fields == {
        "type": "pages.StandardPage",
        "slug": "about",
        "show_in_menus": True,
        "key_takeaways": ["One", "Two"],
    }
    assert source.body == [Block("paragraph", "Some *text*,\non two lines.", 8)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('type = "pages.StandardPage"\n', r"start with a '\+\+\+' line"),
        (
            '+++\ntype = "pages.StandardPage"\n',
            r"the front matter has no closing '\+\+\+'",
        ),
        ("+++\ntype = \n+++\n", "front matter: "),
    ],
    ids=["no front matter", "unclosed", "not TOML"],
)
def test_broken_front_matter_is_named(tmp_path, text, message):
    path = tmp_path / "05-about.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DemoContentError, match=f"05-about.md: {message}"):
        read_page(path)


def test_headings_become_section_heading_blocks():
    blocks = parse_body(
        ["## How long is it?", "", "Text.", "", "### Week one {#first-week}", "More."]
    )
    assert [(block.kind, block.value) for block in blocks] == [
        ("heading", {"heading": "How long is it?", "level": "h2"}),
        ("paragraph", "Text."),
        ("heading", {"heading": "Week one", "level": "h3", "anchor": "first-week"}),
        ("paragraph", "More."),
    ]


def test_other_heading_levels_are_refused_with_their_line():
    with pytest.raises(DemoContentError, match=r"^line 3: use '## '"):
        parse_body(["Intro.", "", "# A title"])


def test_a_directive_holds_the_toml_of_a_block():
    blocks = parse_body(
        [
            "Before.",
            "",
            "::: callout",
            'kind = "information"',
            "## not a heading = 1",
            'text = """',
            "Inside **bold**.",
            '"""',
            ":::",
            "After.",
        ]
    )
    assert blocks == [
        Block("paragraph", "Before.", 1),
        Block("callout", {"kind": "information", "text": "Inside **bold**.\n"}, 3),
        Block("paragraph", "After.", 10),
    ]


def test_a_directive_must_be_closed():
    with pytest.raises(DemoContentError, match="line 2: '::: faq' has no closing"):
        parse_body(["Text.", "::: faq", "[[items]]", 'faq = "iop-hours"'])


def test_siblings_follow_the_numbers_of_their_files(tmp_path):
    for name in ("2-b.md", "10-c.md", "1-a.md"):
        write(tmp_path / name, "+++\n+++\n")
    assert [path.name for path in page_files(tmp_path)] == [
        "1-a.md",
        "2-b.md",
        "10-c.md",
    ]
    write(tmp_path / "about.md", "+++\n+++\n")
    with pytest.raises(DemoContentError, match="name a page file NN-slug.md"):
        page_files(tmp_path)


# Rich text ---------------------------------------------------------------

SAMHSA = SimpleNamespace(pk=7, short_label="SAMHSA 2006")
PHP_VS_IOP = SimpleNamespace(pk=12)


def rich_text(markdown):
    return to_rich_text(
        markdown,
        cite={"tip47": SAMHSA}.__getitem__,
        page={"resources/php-vs-iop": PHP_VS_IOP}.__getitem__,
    )


def test_markdown_is_stored_as_the_editor_stores_rich_text():
    assert rich_text("A **bold** and *italic*\nline.\n\n- one\n- two\n\nLast.") == (
        "<p>A <b>bold</b> and <i>italic</i> line.</p>"
        "<ul><li>one</li><li>two</li></ul><p>Last.</p>"
    )


def test_a_citation_is_stored_as_the_cite_control_writes_it():
    assert rich_text("Nine hours[@tip47].") == (
        '<p>Nine hours<a linktype="citation" id="7">[SAMHSA 2006]</a>.</p>'
    )


def test_a_page_link_is_stored_as_wagtail_stores_one():
    assert rich_text("See [PHP and IOP](page:resources/php-vs-iop).") == (
        '<p>See <a linktype="page" id="12">PHP and IOP</a>.</p>'
    )


# Loading -------------------------------------------------------------------


@pytest.fixture
def content(tmp_path):
    """A small content folder: one reference and one topic, the home page
    and an empty resource library."""
    write(
        tmp_path / "site.toml",
        """
        [settings]
        model = "pages.SiteSettings"
        practice_name = "Manifest Behavioral Health"
        phone = "(949) 735-5705"
        city = "Laguna Hills"
        region = "CA"

        [references]
        model = "references.Reference"
        natural_key = "title"

        [references.items.tip47]
        authors = "Substance Abuse and Mental Health Services Administration (SAMHSA)"
        title = "Clinical Issues in Intensive Outpatient Treatment"
        year = 2006

        [topics]
        model = "pages.Topic"
        natural_key = "slug"

        [topics.items.level-of-care]
        slug = "level-of-care"
        name = "Level of care"
        """,
    )
    write(
        tmp_path / "home.md",
        """
        +++
        type = "pages.HomePage"
        hero_heading = "Outpatient treatment, close to home"
        +++
        """,
    )
    write(
        tmp_path / "pages" / "01-resources.md",
        """
        +++
        type = "pages.ArticleIndexPage"
        slug = "resources"
        title = "Resources"
        +++
        """,
    )
    return tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "Nine hours[@tip48].\n",
            r"line 9: unknown reference key 'tip48' \(site.toml \[references\] "
            r"has: tip47\)",
        ),
        (
            "See [the programs](page:levels-of-care).\n",
            "line 9: unknown page path 'levels-of-care'",
        ),
        ("::: video\nurl = 'x'\n:::\n", r"line 9: unknown block type '::: video'"),
        (
            "::: callout\ncolor = 'red'\n:::\n",
            "line 9: color: not a field of the block",
        ),
    ],
    ids=["reference", "page", "block type", "block field"],
)
def test_what_a_file_names_wrongly_is_a_clear_error(site, content, body, message):
    path = write_article(content, body)
    with pytest.raises(DemoContentError, match=f"^{re.escape(str(path))}: {message}"):
        DemoLoader(site, content).load()
    # Nothing is left half made.
    assert HomePage.objects.get().latest_revision_id is None
    assert not Topic.objects.exists()


@pytest.mark.django_db
def test_a_new_article_is_a_new_file(site, client, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    write_article(
        content,
        textwrap.dedent(
            """
            ## What is a PHP?

            A weekday program of treatment[@asam]. Compare the
            [levels of care](page:levels-of-care).

            ::: faq
            [[items]]
            faq = "iop-work"

            [[items]]
            question = "Do I stay overnight?"
            answer = "No."
            :::
            """
        ),
    )
    DemoLoader(site, content).load()

    article = ArticlePage.objects.get(slug="what-is-a-php")
    assert article.live and article.get_parent().slug == "resources"
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    main = soup.main
    assert main.find("h2", id="what-is-a-php").get_text() == "What is a PHP?"
    citation = main.select_one("sup.citation a")
    assert (citation.get_text(), citation["href"]) == ("[1]", "#ref-1")
    assert (
        main.find(id="ref-1")
        .get_text(" ", strip=True)
        .startswith("American Society of Addiction Medicine (ASAM)")
    )
    assert main.find("a", string="levels of care")["href"] == "/levels-of-care/"
    questions = [summary.get_text() for summary in main.select(".faq summary")]
    assert questions == ["Can I work while in an IOP?", "Do I stay overnight?"]


@pytest.mark.django_db
def test_the_demo_stores_citations_and_page_links_by_id(demo):
    article = ArticlePage.objects.get(slug="what-is-an-iop")
    tip47 = Reference.objects.get(title__startswith="Clinical Issues")
    php_vs_iop = ArticlePage.objects.get(slug="php-vs-iop")
    paragraphs = [
        block["value"]
        for block in article.body.raw_data
        if block["type"] == "paragraph"
    ]
    assert paragraphs[0].startswith("<p>You may first hear the word “IOP”")
    assert (
        f'home<a linktype="citation" id="{tip47.pk}">[SAMHSA 2006]</a>.'
        in (paragraphs[0])
    )
    body = "".join(paragraphs)
    assert f'<a linktype="page" id="{php_vs_iop.pk}">PHP vs IOP</a>' in body
    assert "<b>about nine or more hours a week</b>" in body
    [faq_section] = [
        block["value"]
        for block in article.body.raw_data
        if block["type"] == "faq_section"
    ]
    assert [item["type"] for item in faq_section["items"]] == [
        "faq",
        "question",
        "faq",
        "question",
    ]


@pytest.mark.django_db
def test_pages_keep_the_order_of_their_files(demo, home_page):
    assert list(home_page.get_children().values_list("slug", flat=True)) == [
        "levels-of-care",
        "resources",
        "faq",
        "enquire",
        "about",
        "privacy",
        "team",
        "getting-started",
    ]


@pytest.mark.django_db
def test_approved_by_records_a_review_by_that_profile(demo):
    php_vs_iop = ArticlePage.objects.get(slug="php-vs-iop")
    assert php_vs_iop.review_status == "reviewed"
    assert php_vs_iop.reviewer.role == "Medical Director"
    assert php_vs_iop.reviewed_revision_id == php_vs_iop.live_revision_id
    assert ArticlePage.objects.get(slug="what-is-an-iop").review_status == "pending"
