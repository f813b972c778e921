"""Demo content from the practice facts in the product specification.

Idempotent: settings fill only blank fields, pages are created only when
missing and accounts only when absent, so a second run changes nothing and
staff edits survive.
"""

import datetime
import os
import secrets
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model
from wagtail.models import Site

from demo.enquiry import load_enquiry_page
from faq.models import FAQ, FAQIndexPage
from pages.models import (
    ArticleIndexPage,
    ArticlePage,
    Clinician,
    HomePage,
    ProgramIndexPage,
    ProgramPage,
    SiteSettings,
    StandardPage,
    TeamMember,
    TeamPage,
    Topic,
)
from references.models import Reference
from review.recording import record_approval

PRACTICE = {
    "practice_name": "Manifest Behavioral Health",
    "phone": "(949) 735-5705",
    "city": "Laguna Hills",
    "region": "CA",
    "service_area": "Outpatient care for adults across South Orange County.",
    "availability_note": (
        "Call admissions to ask about a program or to have your insurance "
        "benefits checked, free and confidentially."
    ),
}

DEMO_USERS = [
    # (username, group, first name, last name)
    ("marketing", "Marketing", "Demo", "Marketing"),
    ("medical.director", "Medical Director", "Demo", "Medical Director"),
    ("admissions", "Admissions", "Demo", "Admissions"),
]


def heading(text, level="h2"):
    return ("heading", {"heading": text, "level": level})


def paragraph(html):
    return ("paragraph", html)


def link(page, text):
    """An internal link in Wagtail's stored rich-text form."""
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def cite(reference):
    """A citation in Wagtail's stored rich-text form, as the "Cite" control
    writes it."""
    return f'<a linktype="citation" id="{reference.pk}">[{reference.short_label}]</a>'


def faq_section(*items):
    """An FAQ section: ("faq", snippet) or ("question", (question, answer))."""
    stream = []
    for kind, value in items:
        if kind == "faq":
            stream.append(("faq", value))
        else:
            question, answer = value
            stream.append(("question", {"question": question, "answer": answer}))
    return ("faq_section", {"heading": "", "items": stream})


def saved_faqs(refs, topic):
    """The reusable questions, shown on the IOP article and the IOP page."""
    specs = [
        (
            "How many hours a week is an IOP?",
            "<p>About nine or more hours a week. Most people come to three "
            "evening sessions of about three hours "
            f"each{cite(refs['tip47'])}.</p>",
        ),
        (
            "Can I work while in an IOP?",
            "<p>Often, yes. Sessions are usually in the evening, so many "
            "people keep working or studying while they take part. Our "
            "admissions team can talk your schedule through with you.</p>",
        ),
    ]
    faqs = {}
    for question, answer in specs:
        faq, created = FAQ.objects.get_or_create(
            question=question, defaults={"answer": answer, "topic": topic}
        )
        if created:
            faq.save_revision().publish()
        faqs[question] = faq
    return faqs


# The sources the practice cites (see the product specification), written once.
REFERENCES = {
    "tip47": {
        "kind": Reference.Kind.REPORT,
        "authors": "Substance Abuse and Mental Health Services Administration (SAMHSA)",
        "title": "Clinical Issues in Intensive Outpatient Treatment",
        "container": "Treatment Improvement Protocol (TIP) Series 47",
        "publisher": "Substance Abuse and Mental Health Services Administration",
        "year": 2006,
        "url": "https://store.samhsa.gov/product/tip-47-clinical-issues-intensive-outpatient-treatment/sma13-4182",
        "accessed": datetime.date(2026, 11, 2),
    },
    "asam": {
        "kind": Reference.Kind.WEB_PAGE,
        "authors": "American Society of Addiction Medicine (ASAM)",
        "title": "What Are the ASAM Levels of Care?",
        "container": "ASAM Continuum",
        "year": 2015,
        "url": "https://www.asamcontinuum.org/knowledgebase/what-are-the-asam-levels-of-care/",
        "accessed": datetime.date(2026, 11, 2),
    },
    "nida": {
        "kind": Reference.Kind.REPORT,
        "authors": "National Institute on Drug Abuse (NIDA)",
        "title": "Principles of Drug Addiction Treatment: A Research-Based Guide",
        "container": "Third edition",
        "publisher": "National Institutes of Health",
        "year": 2018,
        "url": "https://nida.nih.gov/publications/principles-drug-addiction-treatment-research-based-guide-third-edition",
        "accessed": datetime.date(2026, 11, 2),
    },
}


TOPICS = [
    {
        "slug": "level-of-care",
        "name": "Level of care",
        "description": "What each kind of program involves, and how to tell "
        "which one fits.",
    },
    {
        "slug": "conditions",
        "name": "Conditions",
        "description": "Mental health and substance use conditions we treat.",
    },
]

INSURANCE_NOTE = (
    "<p>Most PPO and POS plans cover intensive outpatient treatment once the "
    "deductible is met. Before you enrol, our admissions team checks your "
    "benefits free and confidentially, so you know what to expect.</p>"
)


def programs(refs, faqs):
    """The four levels of care, from the practice's published facts. Where
    the facts say nothing (the length of a program, aftercare's schedule),
    the fields stay empty and the page says to ask admissions."""
    return [
        {
            "slug": "intensive-outpatient-program",
            "title": "Intensive outpatient program (IOP)",
            "summary": "About nine or more hours of treatment a week, usually "
            "three evenings, while you live at home.",
            "audience": "<p>Adults whose mental health symptoms, substance use, "
            "or both need more support than a weekly therapy session gives, and "
            "who are safe living at home. If you need medical detox or care "
            "around the clock first, we help you find it.</p>",
            "hours_per_week_min": 9,
            "schedule_days": "Three evenings a week",
            "schedule_times": "About three hours each evening",
            "delivery": "in_person",
            "body": [
                heading("What happens in an IOP"),
                paragraph(
                    "<p>Group therapy is at the core: emotion regulation, "
                    "distress tolerance, urge management and relapse "
                    "prevention. Individual therapy, medication management "
                    "when it is appropriate, and family work complete the "
                    f"plan{cite(refs['tip47'])}.</p>"
                ),
                heading("One team for mental health and substance use"),
                paragraph(
                    "<p>When a mental health condition and substance use come "
                    "together, the same team treats both, in one plan"
                    f"{cite(refs['nida'])}.</p>"
                ),
                faq_section(
                    ("faq", faqs["How many hours a week is an IOP?"]),
                    ("faq", faqs["Can I work while in an IOP?"]),
                ),
            ],
            "insurance_note": INSURANCE_NOTE,
            "cta_text": "Thinking about an IOP? Admissions can answer your "
            "questions and check your insurance benefits.",
        },
        {
            "slug": "partial-hospitalization-program",
            "title": "Partial hospitalization program (PHP)",
            "summary": "A fuller weekday schedule of treatment for when you need "
            "more support than an IOP, without staying overnight.",
            "audience": "<p>Adults who need more structure and support each "
            "week than an IOP gives, but not an overnight stay. Many people "
            "step down to the IOP as they improve.</p>",
            "hours_per_week_min": 20,
            "schedule_days": "Weekdays",
            "schedule_times": "Most of the day",
            "delivery": "in_person",
            "body": [
                heading("What happens in a PHP"),
                paragraph(
                    "<p>The same team and approach as our IOP, with more hours "
                    "each week: a partial hospitalization program gives 20 or "
                    f"more hours of treatment a week{cite(refs['asam'])}. Group "
                    "and individual therapy, medication management when it is "
                    "appropriate, and family work fill the day.</p>"
                ),
                faq_section(
                    (
                        "question",
                        (
                            "How is a PHP different from an IOP?",
                            "<p>A PHP gives more hours of treatment each week, "
                            "on weekdays during the day. An IOP gives about "
                            "nine or more hours, usually in the evening.</p>",
                        ),
                    ),
                    (
                        "question",
                        (
                            "Do I stay overnight?",
                            "<p>No. You go home at the end of each day.</p>",
                        ),
                    ),
                ),
            ],
            "insurance_note": "<p>Before you enrol, our admissions team checks "
            "your benefits for a partial hospitalization program free and "
            "confidentially, so you know what to expect.</p>",
            "cta_text": "Not sure whether you need a PHP or an IOP? Admissions "
            "can talk it through with you.",
        },
        {
            "slug": "virtual-iop",
            "title": "Virtual IOP",
            "summary": "Our intensive outpatient program, joined by secure video "
            "from home.",
            "audience": "<p>Adults who would benefit from an IOP but cannot "
            "easily travel to Laguna Hills, and who have a private, quiet place "
            "to join the sessions from.</p>",
            "hours_per_week_min": 9,
            "schedule_days": "Three evenings a week",
            "schedule_times": "About three hours each evening",
            "delivery": "virtual",
            "body": [
                heading("What happens in a virtual IOP"),
                paragraph(
                    "<p>The same structure as the in-person IOP, over secure "
                    "video: group therapy at the core, with individual "
                    "therapy, medication management when it is appropriate, "
                    "and family work.</p>"
                ),
                faq_section(
                    (
                        "question",
                        (
                            "What do I need to join a virtual IOP?",
                            "<p>A private, quiet room, a phone, tablet or "
                            "computer with a camera, and a steady internet "
                            "connection.</p>",
                        ),
                    ),
                    (
                        "question",
                        (
                            "Is it the same team as the in-person IOP?",
                            "<p>Yes. The same clinicians plan and run both.</p>",
                        ),
                    ),
                ),
            ],
            "insurance_note": INSURANCE_NOTE,
            "cta_text": "Want to know whether the virtual IOP suits you? "
            "Admissions can tell you more and check your insurance.",
        },
        {
            "slug": "aftercare",
            "title": "Aftercare",
            "summary": "Continued support once a program ends, to keep the "
            "progress you have made.",
            "audience": "<p>Adults finishing our IOP or PHP who want regular "
            "support as they return to everyday life.</p>",
            "delivery": "both",
            "body": [
                heading("What happens in aftercare"),
                paragraph(
                    "<p>Regular check-ins and groups after an IOP or PHP, "
                    "focused on relapse prevention and everyday life.</p>"
                ),
                faq_section(
                    (
                        "question",
                        (
                            "When does aftercare start?",
                            "<p>As your IOP or PHP ends. You plan it with your "
                            "clinician before you finish.</p>",
                        ),
                    ),
                ),
            ],
            "cta_text": "Finishing a program elsewhere? Ask admissions about "
            "joining our aftercare.",
        },
    ]


HOME = {
    "hero_heading": (
        "Outpatient treatment for mental health and substance use, close to home"
    ),
    "hero_text": (
        "Structured programs for adults in Orange County when weekly therapy "
        "is no longer enough: intensive outpatient, partial hospitalization, "
        "virtual IOP and aftercare."
    ),
    "intro": (
        "<p>Our practice in Laguna Hills treats mental health conditions and "
        "co-occurring substance use together, with one team, so you do not "
        "have to coordinate separate providers.</p>"
    ),
    "body": [
        heading("Levels of care"),
        paragraph(
            "<ul><li><b>Intensive outpatient program (IOP)</b>: about nine or "
            "more hours a week, usually three evening sessions of around three "
            "hours, while you keep living at home.</li>"
            "<li><b>Partial hospitalization program (PHP)</b>: a fuller "
            "weekday schedule for when you need more support.</li>"
            "<li><b>Virtual IOP</b>: the same structured care from home.</li>"
            "<li><b>Aftercare</b>: continued support once a program ends.</li>"
            "</ul><p>We do not provide detox or residential care. If you need "
            "either, we help you find the right place.</p>"
        ),
        heading("Checking your insurance"),
        paragraph(
            "<p>Most PPO and POS plans cover intensive outpatient treatment "
            "after the deductible. Our admissions team verifies your benefits "
            "free and confidentially before you enrol, so you know what to "
            "expect.</p>"
        ),
    ],
}

STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About us",
        "show_in_menus": True,
        "summary": (
            "An outpatient mental health and addiction treatment practice in "
            "Laguna Hills, California."
        ),
        "body": [
            heading("What we do"),
            paragraph(
                "<p>We offer intensive outpatient, partial hospitalization, "
                "virtual intensive outpatient and aftercare programs for "
                "adults. Group therapy sits at the core of each program, "
                "alongside individual therapy, medication management when it "
                "is appropriate, and work with families.</p>"
            ),
            heading("One team for mental health and substance use"),
            paragraph(
                "<p>Depression, anxiety and substance use often come together. "
                "Our clinicians treat them together, in one plan.</p>"
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "show_in_menus": False,
        "summary": "What this website does, and does not do, with your data.",
        "body": [
            heading("No trackers"),
            paragraph(
                "<p>This website loads everything from our own server. It uses "
                "no advertising pixels, analytics services, social media "
                "widgets or fonts from other companies, so no one else learns "
                "that you visited.</p>"
            ),
            heading("No analytics"),
            paragraph(
                "<p>We do not run analytics on this site. Our server keeps a "
                "short technical log of requests (the address of the page, the "
                "time and the result) to keep the site working; it holds no "
                "names, no form answers and nothing you search for. Searches "
                "on this site are not recorded.</p>"
            ),
            heading("Cookies"),
            paragraph(
                "<p>Visitors reading our pages get no cookies. The enquiry form "
                "sets one cookie, which protects the form against forgery and "
                "holds no information about you. Our staff get a session "
                "cookie when they sign in to edit the site.</p>"
            ),
            heading("What the enquiry form collects, and why"),
            paragraph(
                "<p>Only what our admissions team needs to call you back and "
                "check your insurance benefits: your name; a phone number, an "
                "e-mail address or both; whether we may leave a voicemail; your "
                "insurance carrier and member ID; your date of birth, which "
                "insurers ask for; and anything you choose to tell us. We never "
                "ask for a diagnosis, and you can leave every optional field "
                "empty and call us instead.</p>"
            ),
            heading("Who can read it"),
            paragraph(
                "<p>Your enquiry is stored on our own server. Only our admissions "
                "staff can read it. The e-mail that tells them a new enquiry "
                "has arrived contains none of your answers, only a link they "
                "open after signing in.</p>"
            ),
            heading("How long we keep it"),
            paragraph(
                "<p>We delete an enquiry 90 days after it arrives, unless "
                "admissions marks it to be kept, for example while we are "
                "still arranging your care. If you start treatment with us, "
                "what you need to share becomes part of your confidential "
                "clinical record, which is kept under the rules for health "
                "records. To have an enquiry deleted sooner, call us.</p>"
            ),
        ],
    },
]


def sunlit_room_image():
    """The IOP article's hero, drawn here so the demo needs no download: a
    calm, sunlit room with chairs in a small circle near a window."""
    Image = get_image_model()
    title = "Sunlit group room"
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    width, height = 1600, 900
    picture = PillowImage.new("RGB", (width, height), (236, 228, 214))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 620, width, height), fill=(196, 170, 138))  # wooden floor
    draw.rectangle((980, 110, 1460, 560), fill=(255, 246, 214))  # window
    draw.rectangle((980, 110, 1460, 560), outline=(250, 250, 245), width=18)
    draw.line((1220, 110, 1220, 560), fill=(250, 250, 245), width=12)
    draw.line((980, 335, 1460, 335), fill=(250, 250, 245), width=12)
    # Sunlight falling across the floor.
    light = PillowImage.new("L", (width, height), 0)
    ImageDraw.Draw(light).polygon(
        [(980, 560), (1460, 560), (1250, 900), (500, 900)], fill=110
    )
    light = light.filter(ImageFilter.GaussianBlur(40))
    picture.paste((255, 244, 205), mask=light)
    # Six chairs in a small circle.
    for x, y in [
        (520, 600),
        (700, 560),
        (880, 600),
        (880, 720),
        (700, 770),
        (520, 720),
    ]:
        draw.rounded_rectangle(
            (x - 55, y - 95, x + 55, y), radius=14, fill=(92, 122, 130)
        )
        draw.rectangle((x - 60, y, x + 60, y + 22), fill=(70, 96, 104))
        draw.line((x - 50, y + 22, x - 50, y + 70), fill=(60, 60, 60), width=8)
        draw.line((x + 50, y + 22, x + 50, y + 70), fill=(60, 60, 60), width=8)
    draw.ellipse((1500, 470, 1580, 600), fill=(86, 140, 96))  # a plant
    buffer = BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return Image.objects.create(
        title=title,
        description="A calm, sunlit room with six chairs arranged in a small "
        "circle near a large window.",
        file=ImageFile(buffer, name="sunlit-group-room.jpg"),
    )


def iop_article(topic, iop, php_vs_iop, co_occurring, refs, faqs):
    """The practice's first article, every part of the anatomy filled in. It
    cites SAMHSA's TIP 47 [1], ASAM [2] and NIDA [3] (twice)."""
    return {
        "slug": "what-is-an-iop",
        "title": "What Is an IOP (Intensive Outpatient Program)?",
        "summary": "An intensive outpatient program (IOP) is structured "
        "treatment for mental health or substance use that gives you about nine "
        "or more hours of care a week while you keep living at home.",
        "topic": topic,
        "hero_image": sunlit_room_image(),
        "hero_caption": "Group therapy, at the core of an IOP, happens in a "
        "small circle.",
        "key_takeaways": [
            (
                "takeaway",
                "An IOP gives about nine or more hours of treatment a "
                "week, usually three evening sessions of about three hours.",
            ),
            (
                "takeaway",
                "You live at home and can often keep working or "
                "studying while you take part.",
            ),
            (
                "takeaway",
                "Group therapy is at the core, with individual "
                "therapy, medication management when appropriate, and family work.",
            ),
            (
                "takeaway",
                "It suits people who need more than weekly therapy but "
                "not round-the-clock care.",
            ),
            (
                "takeaway",
                "Most PPO and POS plans cover an IOP after the "
                "deductible; we check your benefits free and confidentially.",
            ),
        ],
        "body": lambda: [
            heading("What is an intensive outpatient program?"),
            paragraph(
                "<p>An intensive outpatient program, or IOP, is structured "
                "treatment for mental health or substance use that you attend "
                f"several times a week while living at home{cite(refs['tip47'])}. "
                "It is a level of care between weekly therapy and a stay in "
                f"hospital{cite(refs['asam'])}, so treatment fits around your "
                "life rather than replacing it.</p>"
            ),
            heading("How is an IOP different from weekly therapy?"),
            paragraph(
                "<p>Weekly therapy usually means one hour a week with one "
                "therapist. An IOP gives you <b>about nine or more hours a "
                "week</b> with a whole team, and the steady structure of a "
                "group. If you need more hours than that, a partial "
                "hospitalization program may fit better: our guide to "
                f"{link(php_vs_iop, 'PHP and IOP')} compares the two.</p>"
            ),
            heading("What happens in an IOP?"),
            paragraph(
                "<p>Group therapy sits at the core. Groups practise skills "
                "you can use the same evening:</p><ul>"
                "<li>emotion regulation, for feelings that take over;</li>"
                "<li>distress tolerance, for getting through a crisis without "
                "making it worse;</li>"
                "<li>urge management, for cravings and habits;</li>"
                "<li>relapse prevention, for planning ahead.</li></ul>"
                "<p>Around the groups you also have individual therapy, "
                "medication management when it is appropriate, and work with "
                f"your family{cite(refs['nida'])}.</p>"
            ),
            (
                "callout",
                {
                    "kind": "information",
                    "title": "A typical week",
                    "text": "<p>Most people attend three evening sessions of "
                    "about three hours each, for a total of about nine hours "
                    "a week.</p>",
                },
            ),
            heading("Who is an IOP for?"),
            paragraph(
                "<p>Adults whose mental health or substance use gets in the "
                "way of work, family or health, when weekly therapy is no "
                "longer enough but they are safe living at home. Mental "
                "health and substance use are treated together, by one "
                f"team{cite(refs['nida'])}: read more about "
                f"{link(co_occurring, 'co-occurring conditions')}."
                "</p><p>We do not provide detox or residential care. If you "
                "need either, we help you find the right place first.</p>"
            ),
            (
                "crisis_callout",
                {
                    "heading": "If you are in crisis right now",
                    "text": "This page is not the right first stop. Help is "
                    "available right now, and treatment works.",
                },
            ),
            heading("Does insurance cover an IOP?"),
            paragraph(
                "<p>Most PPO and POS plans cover intensive outpatient "
                "treatment after the deductible. Before you enrol, our "
                "admissions team verifies your benefits, free and "
                "confidentially, so you know what to expect.</p>"
            ),
            (
                "call_to_action",
                {
                    "heading": "Wondering whether an IOP is right for you?",
                    "text": "Our admissions team can talk it through with you "
                    "and check your insurance.",
                    "page": iop,
                    "link_text": "About our IOP",
                },
            ),
            faq_section(
                ("faq", faqs["How many hours a week is an IOP?"]),
                (
                    "question",
                    (
                        "Is an IOP the same as rehab?",
                        "<p>No. “Rehab” usually means a residential program, "
                        "where you live at the treatment center. In an IOP you "
                        "live at home and come in for treatment. We do not "
                        "provide residential care or detox; if you need "
                        "either, we help you find the right place first.</p>",
                    ),
                ),
                ("faq", faqs["Can I work while in an IOP?"]),
                (
                    "question",
                    (
                        "How long does an IOP last?",
                        "<p>It depends on your needs and your progress. Your "
                        "treatment team reviews your plan with you as you go, "
                        "and when you are ready you can step down to aftercare "
                        "to keep the progress you have made.</p>",
                    ),
                ),
            ),
        ],
        "closing_link_page": iop,
        "closing_link_text": "Learn about our IOP",
    }


class Command(BaseCommand):
    help = "Create the demo site content (idempotent; refuses in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even where the settings forbid demo content (production).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the home page has already been edited.",
        )

    def handle(self, *args, force=False, if_empty=False, **options):
        if not settings.DEMO_CONTENT_ALLOWED and not force:
            raise CommandError(
                "Refusing to load demo content with these settings "
                "(production). Use --force if you really mean it."
            )
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise CommandError("The default site's root page is not a HomePage.")
        if if_empty and home.latest_revision_id is not None:
            self.stdout.write("The site already has content; demo not loaded.")
            return

        with transaction.atomic():
            site_settings = self.load_settings(site)
            self.load_home(home)
            self.load_library(home)
            self.load_faq_page(home)
            enquiry_page = load_enquiry_page(home)
            pages = {
                spec["slug"]: self.load_child(home, StandardPage, spec)
                for spec in STANDARD_PAGES
            }
            links = {"privacy_page": pages["privacy"], "enquiry_page": enquiry_page}
            unset = [
                name for name in links if getattr(site_settings, f"{name}_id") is None
            ]
            for name in unset:
                setattr(site_settings, name, links[name])
            if unset:
                site_settings.save(update_fields=unset)
        if settings.DEMO_USERS_ALLOWED:
            self.load_users()
        director_profile = self.load_reviews()
        self.load_team(home, director_profile)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    def load_settings(self, site):
        site_settings = SiteSettings.for_site(site)
        blank = [name for name in PRACTICE if not getattr(site_settings, name)]
        for name in blank:
            setattr(site_settings, name, PRACTICE[name])
        if blank:
            site_settings.full_clean()
            site_settings.save()
        return site_settings

    def load_home(self, home):
        if home.latest_revision_id is not None:
            return  # Staff (or an earlier run) have written the home page.
        for name, value in HOME.items():
            setattr(home, name, value)
        home.save_revision(log_action=True).publish()

    def load_child(self, parent, page_class, spec):
        """The child of `parent` with the spec's slug, created if missing."""
        existing = parent.get_children().filter(slug=spec["slug"]).first()
        if existing is not None:
            return existing.specific
        spec = {**spec}
        body = spec.pop("body", None)
        page = page_class(**spec)
        if callable(body):
            body = body()
        if body is not None:
            page.body = body
        parent.add_child(instance=page)
        page.save_revision(log_action=True).publish()
        return page

    def load_library(self, home):
        """Topics, references, the programs, and the resource library with its
        articles."""
        refs = {
            key: Reference.objects.get_or_create(title=spec["title"], defaults=spec)[0]
            for key, spec in REFERENCES.items()
        }
        topics = {
            spec["slug"]: Topic.objects.get_or_create(slug=spec["slug"], defaults=spec)[
                0
            ]
            for spec in TOPICS
        }
        levels = self.load_child(
            home,
            ProgramIndexPage,
            {
                "slug": "levels-of-care",
                "title": "Levels of care",
                "show_in_menus": True,
                "intro": "<p>Four levels of outpatient care, so your treatment "
                "can change as you do. We do not provide detox or residential "
                "care; if you need either, we help you find it.</p>",
            },
        )
        faqs = saved_faqs(refs, topics["level-of-care"])
        program_pages = {}
        # The IOP page answers the same saved questions as the IOP article.
        for spec in programs(refs, faqs):
            program_pages[spec["slug"]] = self.load_child(levels, ProgramPage, spec)
        library = self.load_child(
            home,
            ArticleIndexPage,
            {
                "slug": "resources",
                "title": "Resources",
                "show_in_menus": True,
                "intro": "<p>Plain answers about levels of care and the "
                "conditions we treat, written for adults and their families.</p>",
            },
        )
        iop = program_pages["intensive-outpatient-program"]
        php_vs_iop = self.load_child(
            library,
            ArticlePage,
            {
                "slug": "php-vs-iop",
                "title": "PHP vs IOP: Which Level of Care Fits?",
                "summary": "A partial hospitalization program gives more hours "
                "of treatment each week than an intensive outpatient program; "
                "the right choice depends on how much support you need now.",
                "topic": topics["level-of-care"],
                "key_takeaways": [
                    ("takeaway", "A PHP meets most of the day on weekdays."),
                    ("takeaway", "An IOP meets about nine or more hours a week."),
                    ("takeaway", "Many people start in a PHP and step down to an IOP."),
                ],
                "body": [
                    heading("How much time does each take?"),
                    paragraph(
                        "<p>A PHP fills most of the weekday. An IOP usually "
                        "means three evening sessions of about three hours, "
                        f"so many people keep working{cite(refs['asam'])}.</p>"
                    ),
                    heading("How do I know which one I need?"),
                    paragraph(
                        "<p>An assessment with our admissions team looks at "
                        "your symptoms, your safety and your daily life, and "
                        "recommends a starting point.</p>"
                    ),
                ],
                "closing_link_page": levels,
                "closing_link_text": "Compare our levels of care",
            },
        )
        co_occurring = self.load_child(
            library,
            ArticlePage,
            {
                "slug": "co-occurring-conditions",
                "title": "Co-occurring Mental Health and Substance Use Conditions",
                "summary": "When a mental health condition and substance use "
                "happen together, treating both at once, with one team, works "
                "better than treating them one after the other.",
                "topic": topics["conditions"],
                "key_takeaways": [
                    (
                        "takeaway",
                        "Mental health conditions and substance use often "
                        "occur together.",
                    ),
                    ("takeaway", "Each can make the other harder to treat alone."),
                    ("takeaway", "One team treating both keeps your care joined up."),
                ],
                "body": [
                    heading("What does co-occurring mean?"),
                    paragraph(
                        "<p>It means living with a mental health condition, "
                        "such as depression or anxiety, and a substance use "
                        "problem at the same time.</p>"
                    ),
                    heading("How are they treated?"),
                    paragraph(
                        "<p>Together. Our clinicians plan your treatment for "
                        "both conditions as one, in the same "
                        f"program{cite(refs['nida'])}.</p>"
                    ),
                ],
                "closing_link_page": iop,
                "closing_link_text": "About our IOP",
            },
        )
        self.load_child(
            library,
            ArticlePage,
            iop_article(
                topics["level-of-care"], iop, php_vs_iop, co_occurring, refs, faqs
            ),
        )

    def load_faq_page(self, home):
        """The FAQ hub, with the "Level of care" questions first."""
        hub = self.load_child(
            home,
            FAQIndexPage,
            {
                "slug": "faq",
                "title": "FAQ",
                "seo_title": "Frequently asked questions",
                "show_in_menus": True,
                "intro": "<p>Answers to the questions people ask us most, each "
                "with a link to the page that explains more.</p>",
            },
        )
        if not hub.topic_order.exists():
            for topic in Topic.objects.filter(slug="level-of-care"):
                hub.topic_order.create(topic=topic)
        return hub

    def load_reviews(self):
        """The Medical Director's profile; the PHP vs IOP article reviewed by
        it. The IOP article stays pending, as the practice's page is today."""
        User = get_user_model()
        director = User.objects.filter(username="medical.director").first()
        profile, _ = Clinician.objects.get_or_create(
            role="Medical Director",
            defaults={
                "name": "Demo Medical Director",
                "credentials": "MD",
                "bio": "Leads the clinical team and reviews every clinical "
                "page on this site. (A demo profile: replace it with your own.)",
                "user": director,
            },
        )
        php_vs_iop = ArticlePage.objects.filter(slug="php-vs-iop").first()
        if php_vs_iop is not None and php_vs_iop.reviewed_at is None:
            record_approval(php_vs_iop.live_revision, director, reviewer=profile)
        return profile

    def load_team(self, home, director_profile):
        """The team page, with the Medical Director's profile (the one that
        reviews link to)."""
        if home.get_children().filter(slug="team").exists():
            return
        team = TeamPage(
            slug="team",
            title="Our team",
            show_in_menus=True,
            intro="<p>The clinicians who plan and provide your care. Our "
            "Medical Director also reviews every clinical page on this site "
            "before it shows as reviewed.</p>",
        )
        team.members = [TeamMember(clinician=director_profile)]
        home.add_child(instance=team)
        team.save_revision(log_action=True).publish()

    def load_users(self):
        User = get_user_model()
        password = os.environ.get("DEMO_PASSWORD")
        for username, group_name, first_name, last_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            user_password = password or secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                email=f"{username}@example.com",
                password=user_password,
                first_name=first_name,
                last_name=last_name,
            )
            user.groups.add(Group.objects.get(name=group_name))
            shown = "from DEMO_PASSWORD" if password else user_password
            self.stdout.write(
                f"Created demo user {username!r} ({group_name}); password: {shown}"
            )
