"""The home page's sections, as blocks staff can add, remove and reorder.

Program cards and the latest articles show what other pages say (a
program's hours, schedule and format; an article's title and summary), so
nothing is typed twice. They read it from the home page's listings
(`pages.models.core.HomeListings`): one query for every program card and
one for every article card, however many blocks and cards the page has.
"""

from urllib.parse import urlencode

from django.utils.text import slugify
from wagtail import blocks
from wagtail.models import Site

from pages.blocks import BodyBlock
from richtext.anchors import unique_anchor
from richtext.page_links import PrefetchedPageChooserBlock

# The drawings in templates/includes/icon.html, one line style.
ICON_CHOICES = [
    ("evening", "Evening (moon)"),
    ("daytime", "Daytime (sun)"),
    ("virtual", "Virtual (screen)"),
    ("aftercare", "Aftercare (sprout)"),
    ("talk", "Talk (speech bubble)"),
    ("checklist", "Checklist"),
    ("sunrise", "Sunrise (a start)"),
    ("together", "Together (two circles)"),
    ("insurance", "Insurance (shield)"),
    ("location", "Location (pin)"),
]
LATEST_ARTICLES_MAX = 6


def home_listings(parent_context):
    """The render's `HomeListings`: from the home page's context, or (in the
    editor's block preview) from the home page of the request's site."""
    context = parent_context or {}
    listings = context.get("home_listings")
    if listings is None and context.get("request") is not None:
        site = Site.find_for_request(context["request"])
        root = site.root_page.specific if site else None
        listings = root.listings() if hasattr(root, "listings") else None
    return listings


class SectionBlock(blocks.StructBlock):
    """A home page section under an h2, whose id (`anchor`) comes from its
    heading and stays unique on the page."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = unique_anchor(slugify(value["heading"]) or "section")
        return context


class ProgramCardBlock(blocks.StructBlock):
    """One program card: the program page it shows, and its drawing."""

    program = PrefetchedPageChooserBlock(page_type="pages.ProgramPage")
    icon = blocks.ChoiceBlock(choices=ICON_CHOICES, default="evening")

    class Meta:
        icon = "doc-full"
        label = "Program"


class ProgramCardsBlock(SectionBlock):
    """Cards for the programs staff choose, each with the program's summary,
    hours a week, schedule and format as its page states them, and a link."""

    heading = blocks.CharBlock(max_length=120, default="Our programs")
    text = blocks.TextBlock(required=False, max_length=300)
    programs = blocks.ListBlock(ProgramCardBlock(), min_num=1, max_num=8)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        listings = home_listings(parent_context)
        by_id = listings.programs_by_id if listings else {}
        context["cards"] = [
            (by_id[card["program"].pk], card["icon"])
            for card in value["programs"]
            if card["program"] is not None and card["program"].pk in by_id
        ]
        context["index_page"] = listings.program_index if listings else None
        return context

    class Meta:
        icon = "list-ul"
        label = "Program cards"
        template = "pages/blocks/program_cards_block.html"
        preview_value = {"heading": "Our programs", "programs": []}
        description = "Cards for chosen programs, with the facts from each page."


class StepBlock(blocks.StructBlock):
    """One step of how to start."""

    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=240)
    icon = blocks.ChoiceBlock(choices=ICON_CHOICES, default="talk")

    class Meta:
        icon = "order"
        label = "Step"


class HowToStartBlock(SectionBlock):
    """How to start treatment, in numbered steps, with the phone number and
    the inquiry form (from the practice details) under them."""

    heading = blocks.CharBlock(max_length=120, default="How to start")
    steps = blocks.ListBlock(StepBlock(), min_num=2, max_num=5)
    timing = blocks.CharBlock(
        required=False,
        max_length=160,
        help_text="Only if it is true for most people, e.g. “Many people "
        "start within days.” Leave empty otherwise.",
    )

    class Meta:
        icon = "order"
        label = "How to start"
        template = "pages/blocks/how_to_start_block.html"
        preview_value = {
            "heading": "How to start",
            "steps": [
                {
                    "title": "Call or send an inquiry",
                    "text": "Tell us a little about what is going on.",
                    "icon": "talk",
                },
                {
                    "title": "Free benefits check and assessment",
                    "text": "We check your insurance and find the right care.",
                    "icon": "checklist",
                },
                {
                    "title": "Start",
                    "text": "Begin the program that fits.",
                    "icon": "sunrise",
                },
            ],
        }
        description = "Numbered steps from the first call to the first day."


class PillarBlock(blocks.StructBlock):
    """One reason to choose the practice: a short heading and its proof."""

    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300)
    icon = blocks.ChoiceBlock(choices=ICON_CHOICES, default="together")

    class Meta:
        icon = "pick"
        label = "Reason"


class PillarsBlock(SectionBlock):
    """What makes the practice different: a few short headed reasons."""

    heading = blocks.CharBlock(max_length=120, default="What makes us different")
    pillars = blocks.ListBlock(PillarBlock(), min_num=2, max_num=4)

    class Meta:
        icon = "pick"
        label = "What makes us different"
        template = "pages/blocks/pillars_block.html"
        preview_value = {
            "heading": "What makes us different",
            "pillars": [
                {
                    "title": "One team",
                    "text": "Mental health and substance use, treated together.",
                    "icon": "together",
                },
                {
                    "title": "Insurance checked first",
                    "text": "You know what to expect before you start.",
                    "icon": "insurance",
                },
            ],
        }
        description = "Two to four reasons, each a heading and a short text."


class LocationBlock(SectionBlock):
    """Where the practice is: the address from the practice details, opening
    hours, and a "Get directions" link that opens the visitor's maps app."""

    heading = blocks.CharBlock(max_length=120, default="Where to find us")
    hours = blocks.TextBlock(
        required=False,
        max_length=300,
        help_text="Opening hours, one line each, e.g. Monday to Friday, 8 am to "
        "8 pm. Leave empty to leave them out.",
    )
    text = blocks.TextBlock(
        required=False, max_length=300, help_text="e.g. parking or transit."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        settings = (parent_context or {}).get("site_settings")
        context["directions_url"] = directions_url(settings)
        context["hours_lines"] = [
            line.strip() for line in (value["hours"] or "").splitlines() if line.strip()
        ]
        return context

    class Meta:
        icon = "site"
        label = "Location"
        template = "pages/blocks/location_block.html"
        preview_value = {"heading": "Where to find us"}
        description = "The address, hours and a Get directions link."


def directions_url(settings):
    """A maps link for the practice's address: Google's universal Maps URL,
    which opens the maps app on Android and iOS, and the website elsewhere.
    A plain link: nothing loads until the visitor follows it."""
    if settings is None:
        return None
    parts = [
        settings.display_name,
        settings.street_address,
        settings.locality,
        settings.postcode,
    ]
    query = ", ".join(part for part in parts if part)
    if not (settings.street_address or settings.locality):
        return None
    return "https://www.google.com/maps/search/?" + urlencode(
        {"api": "1", "query": query}
    )


class LatestArticlesBlock(SectionBlock):
    """The newest articles of the resource library, as cards."""

    heading = blocks.CharBlock(max_length=120, default="From our resource library")
    count = blocks.IntegerBlock(min_value=1, max_value=LATEST_ARTICLES_MAX, default=3)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        listings = home_listings(parent_context)
        articles = listings.latest_articles if listings else []
        context["articles"] = articles[: value["count"]]
        context["library"] = listings.library if listings else None
        return context

    class Meta:
        icon = "doc-full-inverse"
        label = "Latest articles"
        template = "pages/blocks/latest_articles_block.html"
        preview_value = {"heading": "From our resource library", "count": 3}
        description = "Cards for the newest articles."


class CredentialBlock(blocks.StructBlock):
    """One license, accreditation or membership, exactly as issued."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("license", "License"),
            ("accreditation", "Accreditation"),
            ("membership", "Membership"),
        ],
        default="license",
    )
    name = blocks.CharBlock(
        max_length=160, help_text="e.g. California DHCS license for outpatient care."
    )
    number = blocks.CharBlock(required=False, max_length=60)
    url = blocks.URLBlock(
        required=False,
        label="Verification link",
        help_text="Where anyone can check it.",
    )

    class Meta:
        icon = "success"
        label = "Credential"


class CredentialsBlock(SectionBlock):
    """Licenses, accreditations and memberships. Shows only what staff enter:
    with none entered, the block shows nothing at all."""

    heading = blocks.CharBlock(max_length=120, default="Licensed and accredited")
    credentials = blocks.ListBlock(CredentialBlock(), min_num=0, max_num=12)

    class Meta:
        icon = "success"
        label = "Credentials"
        template = "pages/blocks/credentials_block.html"
        preview_value = {
            "heading": "Licensed and accredited",
            "credentials": [
                {"kind": "license", "name": "State license (example)", "number": "0000"}
            ],
        }
        description = "Licenses, accreditations and memberships, as issued."


class HomeBlock(BodyBlock):
    """The home page's sections: the body blocks, and the home page's own."""

    program_cards = ProgramCardsBlock()
    how_to_start = HowToStartBlock()
    pillars = PillarsBlock()
    location = LocationBlock()
    latest_articles = LatestArticlesBlock()
    credentials = CredentialsBlock()
