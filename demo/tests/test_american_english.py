"""American English everywhere a person reads: every demo page as a visitor
sees it (text, alt text, titles, ARIA labels, meta tags), the 404, search
and thank-you pages, the admin screens staff use, the labels and help texts
of every model and form field, and the email admissions receives.

A California practice's site spells "inquiry", "enroll", "program",
"behavior", "center", "license" and "organize". The demo is loaded once for
the module (`demo_once`); each test only reads it."""

import re

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.log_actions import registry as log_actions
from wagtail.models import Page, Site

from accounts.tests.sign_in import sign_in
from admissions.forms import EnquiryForm
from admissions.models import AdmissionsSettings, Enquiry, EnquiryPage
from admissions.notifications import ADMISSIONS_GROUP, notify_admissions
from pages.models import ProgramPage, SiteSettings

pytestmark = pytest.mark.django_db

# British spellings and their American forms (the message says which).
BRITISH_FORMS = {
    r"enquir\w*": "inquiry, inquire (or plain words: contact, ask)",
    r"enrol(?!l)\w*": "enroll, enrollment",
    r"programmes?": "program",
    r"practis\w+": "practice (the verb too)",
    r"e-mails?": "email",
    (
        r"\w*(?:colo|behavio|favo|hono|labo|neighbo|rumo|humo|flavo|endeavo|vigo"
        r"|odo|tumo)ur\w*"
    ): "-or (color, behavior, favor)",
    r"\w*(?:cent|theat|fib|lit|met)re[sd]?": "-er (center, theater, fiber)",
    r"licences?": "license",
    r"(?:defen|offen|preten)ce": "-se (defense, offense)",
    (
        r"\w*(?:counsel|travel|cancel|model|label|signal|level|fuel|marvel)l"
        r"(?:ed|ing|or|ors)"
    ): "one l (counseling, canceled, labeled)",
    r"judgements?": "judgment",
    r"whilst|amongst": "while, among",
    r"learnt|spelt|dreamt": "learned, spelled",
    r"fulfil|fulfils|fulfilment|instalment": "fulfill, installment",
    r"catalogues?": "catalog",
    r"grey": "gray",
    r"cheques?": "check",
    r"ageing": "aging",
    (
        r"(?:p|gyn)aediatric\w*|anaesthe\w*|haem\w*|oestr\w*|oedema|diarrhoea"
        r"|foet\w*"
    ): "pediatric, anesthesia, hemo-, estrogen, edema",
    r"(?:analy|paraly|cataly)s(?:e|ed|ing)": "-yze (analyze)",
}
BRITISH = re.compile(
    r"\b(?:" + "|".join(f"(?:{pattern})" for pattern in BRITISH_FORMS) + r")\b",
    re.IGNORECASE,
)

# Words ending in -ise (-ised, -ising, -isation) are British when American
# English spells them -ize (organise, recognise, specialise, prioritise,
# hospitalisation); these are spelled -ise in American English too.
ISE_FORM = re.compile(r"\b([a-z]{3,})is(?:e|es|ed|ing|ation|ations)\b", re.IGNORECASE)
AMERICAN_ISE = frozenset(
    (  # noqa: SIM905 (a list of words reads best as words)
        "advertise advise appraise chastise chemise circumcise clockwise comprise "
        "compromise concise counterwise demise despise devise disguise enterprise "
        "excise exercise expertise franchise improvise incise likewise merchandise "
        "otherwise paradise porpoise praise precise premise promise reprise revise "
        "stepwise streetwise sunrise supervise surmise surprise televise tortoise "
        "treatise turquoise upraise valise"
    ).split()
)


# Addresses: a page's slug or an admin URL may keep an old identifier
# ("/enquire/", "/admin/enquiries/"); the words around them may not.
ADDRESS = re.compile(r"\S*://\S*|(?<![\w>])/[\w./?=&#%-]*")


def british_words(text):
    """Each British spelling in `text` (web addresses aside), with a little
    of its context."""
    text = ADDRESS.sub(" ", text)
    matches = {match.span(): match for match in BRITISH.finditer(text)}
    for match in ISE_FORM.finditer(text):
        if match.group(1).lower() + "ise" not in AMERICAN_ISE:
            matches.setdefault(match.span(), match)
    return [context(text, matches[span]) for span in sorted(matches)]


def context(text, match):
    start, end = max(0, match.start() - 40), match.end() + 40
    return f"{match.group()!r} in “…{' '.join(text[start:end].split())}…”"


def visible_text(html):
    """What a person reads or hears of a page: its text, and the alt text,
    titles, ARIA labels, placeholders and meta descriptions of its tags."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        if hidden.name != "script" or hidden.get("type") != "application/ld+json":
            hidden.decompose()
    parts = [soup.get_text(" ")]
    for attribute in ("alt", "title", "aria-label", "placeholder"):
        parts.extend(tag[attribute] for tag in soup.find_all(attrs={attribute: True}))
    parts.extend(tag["content"] for tag in soup.find_all("meta", content=True))
    return "\n".join(parts)


def assert_american(where, text):
    problems = american_problems(where, text)
    assert not problems, problems[0]


def american_problems(where, text):
    """[] or a message listing the British spellings on `where`, so that a
    crawl can report every page at once."""
    found = british_words(text)
    return [f"British spelling on {where}: " + "; ".join(found)] if found else []


def assert_none(problems):
    assert not problems, "\n".join(problems)


def test_the_pattern_finds_british_forms_and_spares_american_ones():
    british = (
        "Send an enquiry; enquire now; enrol; enrolment; the programme; practise "
        "daily; e-mail us; colour; behaviour; centre; licence; counselling; "
        "judgement; whilst; organise; recognised; specialising; prioritise; "
        "hospitalisation; analyse"
    )
    assert len(british_words(british)) == british.count(";") + 1
    american = (
        "Send an inquiry; enroll; enrollment; the program; practice daily; "
        "email us; color; behavior; center; license; counseling; judgment; "
        "while; organize; recognized; promise; advise; exercise; otherwise; "
        "surprising; raised; noise; analysis; analyses; emphasis; towards; "
        "sunrise; see https://example.org/enquire/ or /admin/enquiries/1/"
    )
    assert british_words(american) == []


@pytest.fixture
def admin_client(client, admin_user):
    sign_in(client, admin_user)
    return client


def live_pages():
    site = Site.objects.get(is_default_site=True)
    return Page.objects.live().public().descendant_of(site.root_page, inclusive=True)


def test_every_demo_page_is_in_american_english(client, demo_once):
    pages = list(live_pages().specific())
    assert len(pages) > 10  # the whole demo, not an empty site
    problems = []
    for page in pages:
        url = page.url
        response = client.get(url)
        assert response.status_code == 200, url
        problems += american_problems(url, visible_text(response.content))
    assert_none(problems)


def test_the_404_search_and_thank_you_pages_are_in_american_english(client, demo_once):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    problems = american_problems("the 404 page", visible_text(response.content))

    for query in ("insurance", "enrollment", "qzxqzx"):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        problems += american_problems(
            f"search for {query}", visible_text(response.content)
        )
    response = client.get("/search/")
    problems += american_problems("the search page", visible_text(response.content))

    form_page = EnquiryPage.objects.live().get()
    for url in (form_page.url, form_page.url + form_page.reverse_subpage("thanks")):
        response = client.get(url)
        assert response.status_code == 200, url
        problems += american_problems(url, visible_text(response.content))
    # The form's error messages, all of them at once.
    response = client.post(form_page.url, {"phone": "12", "email": "nope"})
    assert response.status_code == 400
    problems += american_problems("the form's errors", visible_text(response.content))
    assert_none(problems)


def test_admin_screens_are_in_american_english(admin_client, demo_once):
    site = Site.objects.get(is_default_site=True)
    Enquiry.objects.create(name="Test Person", phone="(949) 555-0100")
    program = ProgramPage.objects.first()
    form_page = EnquiryPage.objects.get()
    screens = [
        reverse("wagtailadmin_home"),
        reverse("wagtailsnippets:index"),
        reverse("enquiries:index"),
        reverse("enquiries:inspect", args=[Enquiry.objects.get().pk]),
        reverse("enquiries:edit", args=[Enquiry.objects.get().pk]),
        reverse("wagtailadmin_pages:edit", args=[program.pk]),
        reverse("wagtailadmin_pages:edit", args=[form_page.pk]),
    ]
    for model in (AdmissionsSettings, SiteSettings):
        meta = model._meta
        screens.append(
            reverse(
                "wagtailsettings:edit", args=[meta.app_label, meta.model_name, site.pk]
            )
        )
    problems = []
    for url in screens:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        problems += american_problems(url, visible_text(response.content))
    assert_none(problems)


OUR_APPS = (
    "accounts",
    "admissions",
    "caching",
    "faq",
    "operations",
    "pages",
    "references",
    "review",
    "search",
)


def test_every_label_and_help_text_is_in_american_english(db):
    """Model and field names, help texts and choices, as the admin shows
    them, in every app of the site; the inquiry form's labels and messages;
    and the entries of an inquiry's history."""
    for config in apps.get_app_configs():
        if config.name not in OUR_APPS:
            continue
        assert_american(config.name, str(config.verbose_name))
        for model in config.get_models():
            meta = model._meta
            where = meta.label
            assert_american(where, f"{meta.verbose_name} {meta.verbose_name_plural}")
            for field in meta.get_fields():
                texts = [
                    str(getattr(field, "verbose_name", "")),
                    str(getattr(field, "help_text", "")),
                ]
                texts += [
                    str(label) for _, label in getattr(field, "choices", None) or []
                ]
                assert_american(f"{where}.{field.name}", " ".join(texts))
    form = EnquiryForm(page=EnquiryPage(consent_text="I agree."))
    for name, field in form.fields.items():
        texts = [str(field.label), str(field.help_text)]
        texts += [str(message) for message in field.error_messages.values()]
        assert_american(f"the form's {name} field", " ".join(texts))
    for action in ("admissions.enquiry.view", "admissions.enquiry.export"):
        assert_american(action, f"{log_actions.get_action_label(action)}")


def test_the_email_to_admissions_is_in_american_english(db, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://example.org"
    user = get_user_model().objects.create_user(
        "admissions-test", email="admissions@example.org"
    )
    user.groups.add(Group.objects.get(name=ADMISSIONS_GROUP))
    enquiry = Enquiry.objects.create(name="Test Person", phone="(949) 555-0100")
    notify_admissions(enquiry)
    (message,) = [m for m in mail.outbox if m.to == ["admissions@example.org"]]
    assert_american("the email to admissions", f"{message.subject}\n{message.body}")
