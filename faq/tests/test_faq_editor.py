"""FAQ sections in the page editor: what a new section starts with, and what
a chosen saved question shows."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.tests.sign_in import sign_in
from faq.blocks import FAQSectionBlock
from faq.models import FAQ
from faq.widgets import FAQChooser
from pages.tests.factories import StandardPageFactory
from references.tests.factories import ReferenceFactory, cite

pytestmark = pytest.mark.django_db

LONG_ANSWER = (
    "<p>Often, yes: most of our intensive outpatient groups meet in the "
    "evening, three hours a day, three days a week, so that you can keep "
    "working, studying or caring for your family while you take part.</p>"
)


@pytest.fixture
def marketing(client, django_user_model):
    user = django_user_model.objects.create_user("marketing", password="x")
    user.groups.add(Group.objects.get(name="Marketing"))
    sign_in(client, user)
    return user


def body_editor(response):
    """The body's block definition and its value and errors, as the admin
    sends them to the editor's JavaScript (telepath)."""
    soup = BeautifulSoup(response.content, "html.parser")
    body = soup.select_one("#body[data-controller=w-block]")
    definition = json.loads(body["data-w-block-data-value"])
    value, errors = json.loads(body["data-w-block-arguments-value"])
    return definition, value, errors


def test_a_new_faq_section_starts_with_one_empty_question():
    items = FAQSectionBlock().get_default()["items"]
    assert [item.block_type for item in items] == ["question"]
    assert not items[0].value["question"]
    assert not items[0].value["answer"].source
    # Each new section gets a question of its own.
    assert FAQSectionBlock().get_default()["items"][0].value is not items[0].value


def test_the_editor_adds_a_section_with_that_question(client, marketing, home_page):
    response = client.get(f"/admin/pages/add/pages/standardpage/{home_page.pk}/")
    definition, _, _ = body_editor(response)
    # A StreamBlock's third argument: the state of each block type when added.
    new_section = definition["_args"][2]["faq_section"]
    [question] = new_section["items"]
    assert question["type"] == "question"
    assert not question["value"]["question"]
    answer = json.loads(question["value"]["answer"])
    assert [block["text"] for block in answer["blocks"]] == [""]


def test_publishing_an_empty_question_names_its_field(client, marketing, home_page):
    empty_section = {
        "heading": "",
        "items": streamfield(
            [("question", {"question": "", "answer": rich_text("<p>Yes.</p>")})]
        ),
    }
    response = client.post(
        f"/admin/pages/add/pages/standardpage/{home_page.pk}/",
        nested_form_data(
            {
                "title": "Questions",
                "slug": "questions",
                "summary": "Answers.",
                "body": streamfield([("faq_section", empty_section)]),
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 200
    _, _, errors = body_editor(response)
    items = errors["blockErrors"]["0"]["blockErrors"]["items"]
    assert "messages" not in items  # no "at least one question" for the list
    question = items["blockErrors"]["0"]["blockErrors"]
    assert question == {"question": {"messages": ["This field is required."]}}


def chosen_title(faq):
    widget = FAQSectionBlock().child_blocks["items"].child_blocks["faq"].widget
    assert isinstance(widget, FAQChooser)
    html = widget.render("body-0-value-items-0-value", faq, {"id": "faq-chooser"})
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one(".chooser__title").get_text(strip=True)


def test_a_chosen_saved_question_shows_the_start_of_its_answer():
    reference = ReferenceFactory()
    faq = FAQ.objects.create(
        question="Can I work while in an IOP?",
        answer=LONG_ANSWER.replace("Often, yes:", f"Often, yes{cite(reference)}:"),
    )
    title = chosen_title(faq)
    assert title.startswith("Can I work while in an IOP? — Often, yes: most of")
    assert title.endswith("…")
    answer = title.split(" — ", 1)[1]
    assert len(answer) <= 120
    assert "[" not in answer and "<" not in answer  # plain text, no citation


def test_a_short_answer_is_shown_whole():
    faq = FAQ.objects.create(question="Is an IOP rehab?", answer="<p>No.</p>")
    assert chosen_title(faq) == "Is an IOP rehab? — No."


def test_the_page_editor_shows_the_chosen_questions_answer(
    client, marketing, home_page
):
    faq = FAQ.objects.create(question="Can I work while in an IOP?", answer=LONG_ANSWER)
    faq.save_revision().publish()
    section = {"heading": "", "items": [("faq", faq)]}
    page = StandardPageFactory(parent=home_page, body=[("faq_section", section)])
    _, value, _ = body_editor(client.get(f"/admin/pages/{page.pk}/edit/"))
    chosen = value[0]["value"]["items"][0]["value"]
    assert chosen["id"] == faq.pk
    assert chosen["string"].startswith("Can I work while in an IOP? — Often, yes")


def test_a_question_picked_in_the_chooser_shows_its_answer_at_once(client, marketing):
    """The chooser pop-up's answer, not only a reload, names the answer."""
    faq = FAQ.objects.create(question="Is an IOP rehab?", answer="<p>No.</p>")
    faq.save_revision().publish()
    response = client.get(f"/admin/snippets/choose/faq/faq/chosen/{faq.pk}/")
    assert response.status_code == 200
    assert response.json()["result"]["title"] == "Is an IOP rehab? — No."
