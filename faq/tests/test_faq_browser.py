"""FAQ sections in a real browser: accessible collapsed and expanded,
operable with the keyboard alone, expanded when printed."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ARTICLE = "/resources/what-is-an-iop/"


@pytest.mark.parametrize("width", [390, 1280])
def test_faq_is_accessible_collapsed_and_expanded(demo_site, visit, width):
    tab = visit(width)
    tab.goto(ARTICLE)
    questions = tab.page.locator("section.faq summary")
    assert questions.count() == 4
    assert tab.axe_violations() == []
    for index in range(questions.count()):
        questions.nth(index).click()
    assert tab.page.locator("section.faq details[open]").count() == 4
    assert tab.axe_violations() == []


def test_keyboard_alone_opens_an_answer(demo_site, visit):
    tab = visit(390)
    tab.goto(ARTICLE)
    page = tab.page
    answer = page.locator("#faq-can-i-work-while-in-an-iop .faq__answer")
    assert not answer.is_visible()
    for _ in range(80):  # Tab through the page until the question has focus
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "Can I work while in an IOP?":
            break
    else:
        pytest.fail("The question could not be reached with the Tab key")
    page.keyboard.press("Enter")
    assert answer.is_visible()
    assert page.locator("#faq-can-i-work-while-in-an-iop").get_attribute("open") == ""


def test_answers_print_expanded(demo_site, visit):
    tab = visit(1280)
    tab.goto(ARTICLE)
    tab.page.emulate_media(media="print")
    answers = tab.page.locator("section.faq .faq__answer")
    assert all(answers.nth(i).is_visible() for i in range(answers.count()))
