"""The Reference snippet: validation, the editor's label and the list style."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from references.models import Reference

pytestmark = pytest.mark.django_db


def make(**fields):
    defaults = {
        "kind": Reference.Kind.REPORT,
        "authors": "Substance Abuse and Mental Health Services Administration (SAMHSA)",
        "title": "Clinical Issues in Intensive Outpatient Treatment",
        "year": 2006,
    }
    return Reference(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("doi", "https://example.org/10.1176/abc"),
        ("doi", "10.12/too-short-prefix"),
        ("doi", "https://doi.org/"),
        ("doi", "doi: appi.ps.201300249"),
        ("pmid", "PMC3888135"),  # a PubMed Central id, not a PMID
        ("pmid", "1234567890"),
        ("pmid", "https://pubmed.ncbi.nlm.nih.gov/"),
        ("pmid", "PMID: 24445678a"),
    ],
)
def test_doi_and_pmid_formats_are_checked(field, value):
    with pytest.raises(ValidationError) as error:
        make(**{field: value}).full_clean()
    assert field in error.value.message_dict


def test_valid_identifiers_pass():
    make(doi="10.1176/appi.ps.201300249", pmid="24445678").full_clean()


@pytest.mark.parametrize(
    "pasted",
    [
        "https://doi.org/10.1176/appi.ps.201300249",
        "http://dx.doi.org/10.1176/appi.ps.201300249",
        "doi.org/10.1176/appi.ps.201300249",
        "https://doi.org/10.1176%2Fappi.ps.201300249",
        "doi:10.1176/appi.ps.201300249",
        "DOI: 10.1176/appi.ps.201300249",
        " 10.1176/appi.ps.201300249 ",
    ],
)
def test_a_pasted_doi_is_cleaned_to_the_doi(pasted):
    reference = make(doi=pasted)
    reference.full_clean()
    assert reference.doi == "10.1176/appi.ps.201300249"


@pytest.mark.parametrize(
    "pasted",
    [
        "PMID: 24445678",
        "PMID 24445678",
        "pmid:24445678",
        "https://pubmed.ncbi.nlm.nih.gov/24445678/",
        "https://pubmed.ncbi.nlm.nih.gov/24445678",
        "https://www.ncbi.nlm.nih.gov/pubmed/24445678",
    ],
)
def test_a_pasted_pmid_is_cleaned_to_the_number(pasted):
    reference = make(pmid=pasted)
    reference.full_clean()
    assert reference.pmid == "24445678"


def test_each_kind_asks_for_what_it_needs():
    with pytest.raises(ValidationError) as error:
        make(kind=Reference.Kind.ARTICLE).full_clean()
    assert "container" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make(kind=Reference.Kind.WEB_PAGE).full_clean()
    assert "url" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make(url="https://example.org/").full_clean()
    assert "accessed" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make(year=None).full_clean()
    assert "year" in error.value.message_dict


def test_short_label_names_the_source_as_editors_know_it():
    assert make().short_label == "SAMHSA 2006"
    assert make(authors="McCarty D, Braude L, Lyman DR", year=2014).short_label == (
        "McCarty 2014"
    )
    assert make(authors="World Health Organization", year=2019).short_label == (
        "World 2019"
    )
    assert (
        make(
            authors="National Institute on Drug Abuse",
            year=None,
            published=datetime.date(2018, 1, 17),
        ).short_label
        == "NIDA 2018"
    )


def test_report_is_formatted_with_italic_title_series_and_link():
    reference = make(
        container="Treatment Improvement Protocol (TIP) Series 47",
        publisher="Substance Abuse and Mental Health Services Administration",
        url="https://store.samhsa.gov/tip-47",
        accessed=datetime.date(2026, 11, 2),
    )
    assert str(reference.formatted()) == (
        "Substance Abuse and Mental Health Services Administration (SAMHSA). "
        "<cite>Clinical Issues in Intensive Outpatient Treatment</cite>. "
        "Treatment Improvement Protocol (TIP) Series 47. "
        "Substance Abuse and Mental Health Services Administration; 2006. "
        "Accessed November 2, 2026. "
        '<a href="https://store.samhsa.gov/tip-47">https://store.samhsa.gov/tip-47</a>'
    )


def test_journal_article_is_formatted_ama_style():
    reference = make(
        kind=Reference.Kind.ARTICLE,
        authors="McCarty D, Braude L, Lyman DR",
        title="Substance abuse intensive outpatient programs: assessing the evidence",
        container="Psychiatr Serv",
        year=2014,
        volume="65",
        issue="6",
        pages="718-726",
        doi="10.1176/appi.ps.201300249",
        pmid="24445678",
    )
    assert str(reference.formatted()) == (
        "McCarty D, Braude L, Lyman DR. Substance abuse intensive outpatient "
        "programs: assessing the evidence. <cite>Psychiatr Serv</cite>. "
        "2014;65(6):718-726. "
        'doi:<a href="https://doi.org/10.1176/appi.ps.201300249">'
        "10.1176/appi.ps.201300249</a> "
        'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/24445678/">24445678</a>'
    )


def test_web_page_title_keeps_its_question_mark():
    reference = make(
        kind=Reference.Kind.WEB_PAGE,
        authors="American Society of Addiction Medicine (ASAM)",
        title="What Are the ASAM Levels of Care?",
        container="ASAM Continuum",
        year=2015,
        url="https://example.org/asam",
        accessed=datetime.date(2026, 11, 2),
    )
    html = str(reference.formatted())
    assert "What Are the ASAM Levels of Care? <cite>ASAM Continuum</cite>." in html
    assert "?." not in html
