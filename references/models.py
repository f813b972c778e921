"""The Reference snippet: a source, written once and cited from any page."""

import re
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.html import format_html, format_html_join
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from richtext.notices import EditorNoticesPanel

validate_doi = RegexValidator(
    r"^10\.\d{4,9}/\S+$",
    "Enter the DOI, e.g. 10.1176/appi.ps.201300249, or its https://doi.org/ link.",
)
validate_pmid = RegexValidator(r"^\d{1,9}$", "A PMID is a number of up to 9 digits.")

# What staff paste from a journal's page or a citation: the DOI's link (old
# dx.doi.org ones included) or "doi:" before it; the PMID's PubMed link or
# "PMID:" before it. The DOI or PMID itself is what is kept.
DOI_LINK = re.compile(r"^(?:https?://)?(?:dx\.|www\.)?doi\.org/(.+)$", re.I)
DOI_LABEL = re.compile(r"^doi:\s*(.+)$", re.I)
PUBMED_LINK = re.compile(
    r"^(?:https?://)?(?:www\.)?"
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)"
    r"/(\d+)/?(?:[?#].*)?$",
    re.I,
)
PMID_LABEL = re.compile(r"^PMID:?\s*(\d+)$", re.I)


def clean_doi(value):
    """The DOI in what was pasted: "https://doi.org/10.1176/x" or
    "DOI: 10.1176/x" gives "10.1176/x"; anything else is returned stripped,
    for the validator to judge."""
    value = value.strip()
    if link := DOI_LINK.match(value):
        # A link may carry the DOI percent-encoded ("10.1002%2Fjclp.22").
        return unquote(link.group(1))
    if label := DOI_LABEL.match(value):
        return label.group(1)
    return value


def clean_pmid(value):
    """The PMID in what was pasted: "PMID: 123456" or its PubMed link gives
    "123456"; anything else is returned stripped, for the validator to judge."""
    value = value.strip()
    found = PMID_LABEL.match(value) or PUBMED_LINK.match(value)
    return found.group(1) if found else value


def sentence(text):
    """Text ending in a full stop, unless it already ends a sentence."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def italic_sentence(text):
    """`<cite>text</cite>.`: the full stop outside the italics, and none
    after a question or exclamation mark."""
    text = sentence(text)
    if text.endswith("."):
        return format_html("<cite>{}</cite>.", text[:-1])
    return format_html("<cite>{}</cite>", text)


class PastedIdentifierField(models.CharField):
    """A text field that keeps the identifier in what staff paste, so a link
    or a label is cleaned rather than refused. Cleaning happens in
    `to_python`, which runs before the validators in `full_clean()` and so
    in every admin form; subclasses say how (`clean_identifier`)."""

    def clean_identifier(self, value):
        raise NotImplementedError

    def to_python(self, value):
        value = super().to_python(value)
        return self.clean_identifier(value) if value else value

    def formfield(self, **kwargs):
        # A link is longer than the identifier it holds: the form must take
        # it whole (a browser cuts pasted text at the input's maxlength), and
        # the model's own length check runs on the cleaned value.
        return super().formfield(**{"max_length": None, **kwargs})


class DOIField(PastedIdentifierField):
    """A DOI, e.g. 10.1176/appi.ps.201300249, however it was pasted."""

    default_validators = [validate_doi]

    def clean_identifier(self, value):
        return clean_doi(value)


class PMIDField(PastedIdentifierField):
    """A PubMed ID, e.g. 24445678, however it was pasted."""

    default_validators = [validate_pmid]

    def clean_identifier(self, value):
        return clean_pmid(value)


class WebAddressField(models.URLField):
    """A URL field whose form reads an address typed without a scheme
    ("store.samhsa.gov/...") as https, not http."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Reference(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A source the practice cites: a guideline or report, a journal article,
    a book or a web page. Pages cite it from rich text; the page numbers its
    citations and lists the references it cites (`references.citations`)."""

    class Kind(models.TextChoices):
        REPORT = "report", "Guideline or report"
        ARTICLE = "article", "Journal article"
        BOOK = "book", "Book"
        WEB_PAGE = "web", "Web page"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REPORT)
    authors = models.CharField(
        max_length=500,
        verbose_name="Authors or issuing organization",
        help_text="As the source gives them, e.g. 'McCarty D, Braude L, Lyman DR' "
        "or 'Substance Abuse and Mental Health Services Administration'.",
    )
    title = models.CharField(max_length=500)
    container = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="Journal, publisher or series",
        help_text="e.g. 'Psychiatric Services', or 'Treatment Improvement "
        "Protocol (TIP) Series 47'.",
    )
    publisher = models.CharField(
        max_length=300,
        blank=True,
        help_text="For reports and books, e.g. 'Substance Abuse and Mental Health "
        "Services Administration'. Leave blank if it is the author.",
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of publication."
    )
    published = models.DateField(
        null=True,
        blank=True,
        verbose_name="Publication date",
        help_text="Only if the source gives a full date (web pages often do).",
    )
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=40, blank=True, help_text="e.g. 718-726")
    url = WebAddressField(max_length=500, blank=True, verbose_name="URL")
    doi = DOIField(max_length=200, blank=True, verbose_name="DOI")
    pmid = PMIDField(max_length=9, blank=True, verbose_name="PMID")
    accessed = models.DateField(
        null=True,
        blank=True,
        verbose_name="Date accessed",
        help_text="When you last checked the online source.",
    )

    panels = [
        EditorNoticesPanel(),
        FieldPanel("kind"),
        FieldPanel("authors"),
        FieldPanel("title"),
        FieldPanel("container"),
        FieldPanel("publisher"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("published")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")]
                )
            ],
            heading="Journal details",
        ),
        MultiFieldPanel(
            [
                FieldPanel("url"),
                FieldRowPanel([FieldPanel("doi"), FieldPanel("pmid")]),
                FieldPanel("accessed"),
            ],
            heading="Where to find it",
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("authors"),
        index.SearchField("container"),
        index.AutocompleteField("title"),
        index.AutocompleteField("authors"),
        index.FilterField("kind"),
        index.FilterField("year"),
    ]

    class Meta:
        ordering = ["authors", "-year", "title"]

    def __str__(self):
        return f"{self.short_label}: {self.title}"

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.ARTICLE and not self.container:
            errors["container"] = "Name the journal the article appeared in."
        if self.kind == self.Kind.WEB_PAGE and not self.url:
            errors["url"] = "A web page needs its URL."
        if self.url and not self.accessed:
            errors["accessed"] = "Give the date you last checked the online source."
        if not (self.year or self.published):
            errors["year"] = "Give the year of publication (or a full date)."
        if errors:
            raise ValidationError(errors)

    def shown_text(self):
        """What a page shows of a reference: its entry in the list."""
        return [self.formatted()]

    @property
    def publication_year(self):
        return self.year or (self.published.year if self.published else None)

    @property
    def short_label(self):
        """How the editor shows a citation: the first author word and year,
        e.g. "SAMHSA 2006" for an organization known by its initials."""
        first = self.authors.split(",")[0].strip()
        initials = re.search(r"\(([A-Z]{2,})\)", first)
        if initials:
            first = initials.group(1)
        elif len(first.split()) > 3:  # an organization: its initials
            first = "".join(word[0] for word in first.split() if word[0].isupper())
        else:
            first = first.split()[0] if first else "Source"
        year = self.publication_year
        return f"{first} {year}" if year else first

    @property
    def link(self):
        """Where the reader can find it: the URL, else the DOI's address."""
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return ""

    def formatted(self):
        """The entry in the reference list, in one AMA-like style: authors,
        title (italic for reports and books; the journal in italics for
        articles), container, publisher, date, details, link, access date."""
        parts = [format_html("{}", sentence(self.authors))]
        title = sentence(self.title)
        if self.kind in (self.Kind.REPORT, self.Kind.BOOK):
            parts.append(italic_sentence(self.title))
            if self.container:
                parts.append(format_html("{}", sentence(self.container)))
            if self.publisher:
                parts.append(
                    format_html("{}; {}.", self.publisher, self.publication_year)
                )
            elif self.publication_year:
                parts.append(format_html("{}.", self.publication_year))
        elif self.kind == self.Kind.ARTICLE:
            parts.append(format_html("{}", title))
            details = str(self.publication_year or "")
            if self.volume:
                details += f";{self.volume}"
                if self.issue:
                    details += f"({self.issue})"
            if self.pages:
                details += f":{self.pages}"
            parts.append(
                format_html("{} {}.", italic_sentence(self.container), details)
            )
        else:
            parts.append(format_html("{}", title))
            if self.container:
                parts.append(italic_sentence(self.container))
            if self.published:
                parts.append(
                    format_html("Published {}.", self.published.strftime("%B %-d, %Y"))
                )
            elif self.publication_year:
                parts.append(format_html("{}.", self.publication_year))
        if self.doi:
            parts.append(
                format_html(
                    'doi:<a href="https://doi.org/{}">{}</a>', self.doi, self.doi
                )
            )
        if self.pmid:
            parts.append(
                format_html(
                    'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/{}/">{}</a>',
                    self.pmid,
                    self.pmid,
                )
            )
        if self.accessed:
            parts.append(
                format_html("Accessed {}.", self.accessed.strftime("%B %-d, %Y"))
            )
        if self.url:
            parts.append(format_html('<a href="{}">{}</a>', self.url, self.url))
        return format_html_join(" ", "{}", ((part,) for part in parts))
