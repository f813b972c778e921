"""The demo "What Is an IOP?" article covers the practice's own page (the seed,
kept outside the repository in ../shared/seed/what-is-an-iop.txt) section by
section, in its own words: every question, FAQ and citation carries over, and
no sentence is copied."""

import copy
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

ARTICLE = "/resources/what-is-an-iop/"
SEED = Path(__file__).resolve().parents[3] / "shared/seed/what-is-an-iop.txt"

# The seed's section questions, in its order (../shared/seed/what-is-an-iop.txt).
SEED_QUESTIONS = [
    "What actually happens in an IOP?",
    "How is an IOP different from weekly therapy?",
    "How does an IOP compare to PHP and inpatient care?",
    "Who is an IOP a good fit for?",
    "Does an IOP treat mental health and substance use together?",
    "Can I keep working, parenting, or going to school?",
    "How long does an IOP last?",
    "Will insurance cover an IOP?",
]

# The seed's frequently asked questions, in its order.
SEED_FAQS = [
    "How many hours a week is an IOP?",
    "Is an IOP the same as rehab?",
    "Can I work while in an IOP?",
    "How long does an IOP last?",
]

# Distinctive sentences of the seed's prose (its dashes and quotes made plain),
# so the no-copying check runs even where the seed file is not at hand.
SEED_SENTENCES = [
    "An IOP is structured group and individual treatment for a few hours, "
    "several days a week, so adults can get real clinical support while living "
    "at home and keeping work or family life.",
    "An IOP provides about 9 or more hours of structured treatment a week, "
    "typically across three sessions, while you keep living at home.",
    "It is more intensive than weekly therapy but less intensive than a Partial "
    "Hospitalization Program (PHP) or residential care.",
    "A good IOP treats mental-health conditions and any co-occurring substance "
    "use together, with the same clinical team.",
    "Evening and virtual IOP options exist so adults can keep working, studying, "
    "or caregiving during treatment.",
    "Most PPO and POS insurance plans cover IOP after the deductible; benefits "
    "can be verified before you commit.",
    "Most people first hear the term IOP from a therapist, a hospital discharge "
    "planner, or an insurance representative — often at a moment when weekly "
    "therapy clearly is not keeping up with what is happening.",
    "An Intensive Outpatient Program (IOP) is a structured level of mental-health "
    "and addiction treatment that meets for roughly nine or more hours a week, "
    "usually across three sessions, while you keep living at home.",
    "It is one rung on a recognized continuum of care, and understanding where "
    "it sits makes the choice far less confusing.",
    "An IOP is built around the idea that change happens faster with frequent, "
    "skilled contact than with a single session a week.",
    "A typical week at Manifest is three evening sessions of about three hours each.",
    "Within those hours, the core of the work is group therapy — learning and "
    "practicing concrete skills like emotion regulation, distress tolerance, "
    "urge management, and relapse prevention alongside people facing similar "
    "struggles.",
    "Groups are paired with individual therapy, medication management when it "
    "is appropriate, and family or relationship work when that will help.",
    "For many people, hearing their own experience reflected back by others — "
    "and being accountable to a room rather than a private appointment — is "
    "exactly what moves things.",
    "SAMHSA describes the IOP level as offering this kind of structured, "
    "multi-component treatment specifically for people who do not need "
    "round-the-clock monitoring but do need more than an hour a week.",
    "Weekly therapy is roughly one hour every seven days; an IOP delivers nine "
    "or more hours across multiple days.",
    "That higher frequency does a few things ordinary therapy cannot: it builds "
    "momentum, it keeps new skills front-of-mind between sessions, and it "
    "surrounds a hard week with support instead of a single check-in.",
    "For someone whose depression, anxiety, or substance use keeps slipping "
    "back between weekly appointments, that added structure is often the "
    "missing piece.",
    "The American Society of Addiction Medicine (ASAM) describes care as a "
    "continuum, where the level matches the intensity a person actually needs "
    "at a given moment.",
    "We do not provide detox or residential treatment; when someone needs "
    "medically supervised detox or an inpatient stay first, we coordinate that "
    "through a trusted referral and welcome them into outpatient care "
    "afterward.",
    "An IOP tends to fit adults who are still managing daily life — going to "
    "work, raising kids, attending school — but for whom weekly therapy is no "
    "longer enough.",
    "The decision is a clinical one, not a measure of willpower.",
    "An assessment usually sorts out the right level quickly, and choosing IOP "
    "as a starting point does not lock you in — care can be adjusted up or down "
    "as your needs change.",
    "If you are in crisis right now, an IOP is not the right first stop.",
    "When a mental-health condition and substance use occur together (often "
    "called co-occurring disorders or dual diagnosis), the evidence strongly "
    "favors treating both at once, with one coordinated team, rather than "
    "sending a person back and forth between separate providers.",
    "Depression and drinking, anxiety and benzodiazepine use, or trauma and "
    "stimulant use are treated as one connected problem in the same program.",
    "NIDA's research-based principles emphasize that effective treatment "
    "attends to the whole person — not just the substance, and not just the "
    "diagnosis in isolation.",
    "Because sessions are clustered into a few evenings rather than spread "
    "across full days, an IOP is designed to fit around a working adult's life "
    "rather than replace it.",
    "Many people complete a full IOP without taking extended leave from their jobs.",
    "For South Orange County residents who commute, juggle caregiving, or "
    "simply find an in-person schedule hard to sustain, virtual IOP offers the "
    "same structured treatment delivered securely from home.",
    "Many adults attend IOP for several weeks, then step down to a lighter "
    "schedule or move into aftercare — continued, lower-frequency support that "
    "helps the gains hold once intensive treatment ends.",
    "What the research is consistent about is that enough treatment, for long "
    "enough matters more than any single technique.",
    "Leaving too early is one of the more common reasons progress slips, which "
    "is why aftercare is treated as part of the plan, not an afterthought.",
    "Most PPO and POS health plans cover IOP after the deductible, with the "
    "member responsible for a copay or coinsurance.",
    "The practical move is to let an admissions team verify your coverage "
    "before you commit — it is free, confidential, and it means you know "
    "roughly what you will owe rather than guessing.",
    "If you are not sure whether an IOP is the right level for your situation, "
    "a clinical assessment will clarify it quickly, and there is no obligation "
    "to enroll.",
    "The first step is just a conversation — a calm, honest look at what is "
    "happening and what would actually help.",
    "At Manifest, IOP is offered in the evenings so adults can keep working or "
    "caregiving while in treatment.",
    "Rehab is a broad word that often implies a residential stay.",
    "An IOP is an outpatient level of care — you receive structured treatment "
    "several days a week and go home each night, rather than living at the "
    "facility.",
    "Evening sessions and virtual IOP make it possible to stay employed and "
    "present at home while still getting a meaningful dose of treatment.",
    "IOP length is individualized rather than fixed, but many adults attend for "
    "several weeks and then step down to less frequent care or aftercare.",
]

RUN = 8  # words in a row that count as a copied sentence

# The seed file's dashes and quotes are garbled (see its README).
GARBLED = {"β€™": "'", "β€œ": '"', "β€”": " — ", "β€\u009d": '"', "β€": '"'}


def words(text):
    for garbled, plain in GARBLED.items():
        text = text.replace(garbled, plain)
    text = re.sub(r"\[\d+\]", " ", text)  # citation markers, the seed's and ours
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def runs(text, size=RUN):
    tokens = words(text)
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def seed_prose(path):
    """The seed file's sentences of prose: not its headings, questions or
    reference entries, which the article is meant to repeat."""
    text = path.read_text(encoding="utf-8")
    return [
        line
        for line in text.splitlines()
        if len(line.split()) >= 12 and not re.match(r"\s*\d+\.\s*\[\d+\]", line)
    ]


@pytest.fixture
def article(client, demo):
    response = client.get(ARTICLE)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("main article")


def article_text(article):
    """What a reader (or a screen reader) gets of the article's content: its
    text and image alt text. Not the review notice, which the page template
    words for every clinical page."""
    article = copy.copy(article)
    for notice in article.select(".review-notice"):
        notice.decompose()
    alts = " ".join(img.get("alt", "") for img in article.select("img"))
    return article.get_text(" ") + " " + alts


def test_every_seed_question_is_a_section_of_the_article(article):
    headings = [h2.get_text(strip=True) for h2 in article.select(".article__body h2")]
    sections = [heading for heading in headings if heading in SEED_QUESTIONS]
    assert sections == SEED_QUESTIONS


def test_every_seed_faq_is_answered(article):
    questions = [
        summary.get_text(strip=True) for summary in article.select(".faq summary")
    ]
    assert questions == SEED_FAQS
    answers = " ".join(
        " ".join(item.get_text(" ").split()) for item in article.select(".faq details")
    )
    assert "evening" in answers and "virtual IOP" in answers
    assert "Not exactly" in answers


def test_the_seed_references_are_listed_and_nida_is_cited_three_times(article):
    entries = {
        li.get_text(" ", strip=True): li["id"]
        for li in article.select(".references li")
    }
    (samhsa,) = [e for e in entries if e.startswith("Substance Abuse and Mental")]
    assert "Treatment Improvement Protocol" in samhsa
    (asam,) = [e for e in entries if e.startswith("American Society of Addiction")]
    assert "What Are the ASAM Levels of Care?" in asam
    (nida,) = [e for e in entries if e.startswith("National Institute on Drug Abuse")]
    assert "Principles of Drug Addiction Treatment" in nida
    markers = article.select(f"sup.citation a[href='#{entries[nida]}']")
    assert len(markers) == 3


def test_the_crisis_lines_are_in_the_fit_section(article):
    body = article.select_one(".article__body")
    crisis = body.select_one(".callout--crisis")
    heading = crisis.find_previous("h2").get_text(strip=True)
    assert heading == "Who is an IOP a good fit for?"
    numbers = {
        a.select_one(".tel").get_text() for a in crisis.select("a[href^='tel:']")
    }
    assert {"988", "911", "1-800-662-4357"} <= numbers


def copied(seed_sentences, text):
    shown = runs(text)
    return [sentence for sentence in seed_sentences if runs(sentence) & shown]


def test_no_sentence_of_the_seed_is_copied(article):
    # The sentences kept here, and every line of prose of the seed file
    # itself where it is at hand (a clone outside the workspace has no
    # ../shared/).
    sentences = SEED_SENTENCES + (seed_prose(SEED) if SEED.exists() else [])
    assert copied(sentences, article_text(article)) == []


def test_the_copy_check_would_catch_a_pasted_sentence():
    pasted = "Intro. " + SEED_SENTENCES[10].replace("Manifest", "our clinic")
    assert copied(SEED_SENTENCES, pasted) == [SEED_SENTENCES[10]]
