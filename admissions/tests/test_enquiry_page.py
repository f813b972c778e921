"""The inquiry page in the page tree and the editor (Wagtail's assertions),
and the words editors write around the fixed form."""

from bs4 import BeautifulSoup
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from accounts.tests.sign_in import second_factor_off, sign_in
from admissions.models import EnquiryPage
from admissions.tests.factories import EnquiryPageFactory
from pages.models import HomePage, StandardPage


class EnquiryPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2)

    def setUp(self):
        sign_in(self.client, self.create_test_user())

    def test_it_sits_under_home_and_has_no_children(self):
        self.assertCanCreateAt(HomePage, EnquiryPage)
        self.assertCanNotCreateAt(StandardPage, EnquiryPage)
        self.assertCanNotCreateAt(EnquiryPage, StandardPage)

    def test_an_editor_writes_the_words_around_the_form(self):
        self.assertCanCreate(
            self.home,
            EnquiryPage,
            nested_form_data(
                {
                    "title": "Check your insurance",
                    "slug": "check-insurance",
                    "intro": rich_text("<p>We check your benefits for free.</p>"),
                    "consent_text": "You may contact me about my inquiry.",
                    "thanks_text": rich_text("<p>We will call you soon.</p>"),
                }
            ),
        )
        page = EnquiryPage.objects.get(slug="check-insurance")
        form = self.client.get(page.url)
        soup = BeautifulSoup(form.content, "html.parser")
        assert soup.find("label", attrs={"for": "id_consent"}).get_text(
            " ", strip=True
        ) == ("You may contact me about my inquiry. (required)")
        assert "We check your benefits for free." in soup.main.get_text()
        thanks = BeautifulSoup(
            self.client.get(page.url + "thanks/").content, "html.parser"
        )
        assert "We will call you soon." in thanks.main.get_text()
        # One form per site: admissions has one place to look.
        assert not EnquiryPage.can_create_at(self.home)

    @second_factor_off()  # Wagtail's helpers sign in a superuser of their own
    def test_it_renders_edits_and_previews_form_and_thanks(self):
        page = EnquiryPageFactory(parent=self.home)
        self.assertPageIsRenderable(page)
        self.assertPageIsRenderable(page, route_path="/thanks/")
        self.assertPageIsEditable(page)
        self.assertPageIsPreviewable(page, mode="")
        self.assertPageIsPreviewable(page, mode="thanks")

    def test_the_demo_page_is_created_once(self):
        first = EnquiryPageFactory(parent=self.home)
        assert EnquiryPageFactory(parent=self.home).pk == first.pk
        assert first.live and not first.show_in_menus
        assert first.url == "/enquire/"
