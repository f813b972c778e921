"""Page models and settings of the site, one module per concern."""

from pages.phones import phone_digits, tel_uri, validate_phone

from .articles import ArticleIndexPage, ArticlePage, Topic
from .clinical import ClinicalReviewMixin, ReviewStatus
from .core import HomePage, StandardPage
from .programs import ProgramFormat, ProgramIndexPage, ProgramPage
from .site_settings import PhoneField, SiteSettings
from .site_text import SiteTextSettings
from .team import Clinician, TeamMember, TeamPage

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ClinicalReviewMixin",
    "Clinician",
    "HomePage",
    "PhoneField",
    "ProgramFormat",
    "ProgramIndexPage",
    "ProgramPage",
    "ReviewStatus",
    "SiteSettings",
    "SiteTextSettings",
    "StandardPage",
    "TeamMember",
    "TeamPage",
    "Topic",
    "phone_digits",
    "tel_uri",
    "validate_phone",
]
