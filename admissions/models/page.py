"""The admissions inquiry form (a page) and its thank-you page."""

from django.db import models, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from admissions.forms import EnquiryForm
from admissions.models.enquiry import AdmissionsSettings
from admissions.notifications import notify_admissions
from admissions.ratelimits import client_key, too_many_attempts, too_many_enquiries
from richtext.features import PARAGRAPH_FEATURES

# The hidden field that only robots fill in (see the form template).
HONEYPOT_FIELD = "website"
# The paragraph features less citations: the form page cites no sources.
ENQUIRY_PAGE_FEATURES = [f for f in PARAGRAPH_FEATURES if f != "citation"]


class EnquiryPage(RoutablePageMixin, Page):
    """The admissions inquiry and insurance-check form, and its thank-you
    page (`thanks/`). Editors write the words around the form; the fields
    themselves are fixed, because privacy rules decide what may be asked."""

    intro = RichTextField(
        features=ENQUIRY_PAGE_FEATURES,
        blank=True,
        help_text="Above the form: what the form is for, and that in a crisis "
        "visitors should call 988 or 911 rather than write.",
    )
    consent_text = models.TextField(
        max_length=400,
        default="I agree that Manifest Behavioral Health may store these "
        "details and contact me about treatment and my insurance benefits.",
        verbose_name="Consent wording",
        help_text="The label of the checkbox visitors must check. Each inquiry "
        "stores the wording its sender agreed to.",
    )
    thanks_text = RichTextField(
        features=ENQUIRY_PAGE_FEATURES,
        blank=True,
        verbose_name="What happens next",
        help_text="Shown on the thank-you page after an inquiry is sent, below "
        "when admissions will reply (Settings → Admissions).",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("consent_text"),
        FieldPanel("thanks_text"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    preview_modes = [("", "Form"), ("thanks", "Thank-you page")]

    # The <title> starts "Error:" while the form shows problems, inside the
    # cached head fragment; this keeps the two versions apart in the cache.
    fragment_cache_vary = None

    class Meta:
        verbose_name = "Contact form page"

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The form holds a CSRF token and what the visitor typed: never cache.
        patch_cache_control(response, private=True, no_store=True)
        return response

    def serve_preview(self, request, mode_name):
        if mode_name == "thanks":
            return self.thanks(request)
        return super().serve_preview(request, mode_name)

    @path("")
    def enquiry_form(self, request):
        if request.method in ("GET", "HEAD"):
            return self.render_form(request, EnquiryForm(page=self))
        if request.method != "POST":
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])

        # Everything posted here is personal: keep it out of error reports.
        request.sensitive_post_parameters = "__ALL__"
        # Every POST counts against the attempt limit; only an inquiry that
        # would be stored counts against the inquiry limit, so mistakes the
        # form points out never lock anyone out (admissions/ratelimits.py).
        client = client_key(request)
        if too_many_attempts(request, client):
            return self.refuse(request, problem="rate_limited", status=429)
        if request.POST.get(HONEYPOT_FIELD):
            return self.refuse(request, problem="refused", status=400)

        form = EnquiryForm(request.POST, page=self)
        if not form.is_valid():
            return self.render_form(request, form, status=400)
        if too_many_enquiries(client):
            return self.refuse(request, problem="rate_limited", status=429)
        form.instance.client_key = client
        with transaction.atomic():
            enquiry = form.save()
            # Announced only once stored for good; a failed email is logged
            # and leaves the stored inquiry and the thank-you page alone.
            transaction.on_commit(lambda: notify_admissions(enquiry))
        # The form's own address, not get_url(): Wagtail reads that from the
        # cache, and an inquiry stored while the cache is down must still
        # end on the thank-you page.
        thanks_url = request.path + self.reverse_subpage("thanks")
        return HttpResponseRedirect(thanks_url, status=303)

    @path("thanks/")
    def thanks(self, request):
        reply_time = AdmissionsSettings.for_request(request).reply_time
        return self.render(
            request,
            template="admissions/enquiry_page_thanks.html",
            context_overrides={"reply_time": reply_time},
        )

    def refuse(self, request, problem, status):
        """The form back, showing what was posted, refusing it as a whole
        (too many from one client, or a robot's) and giving the phone."""
        form = EnquiryForm.with_values_of(request.POST, page=self)
        return self.render_form(request, form, problem=problem, status=status)

    def render_form(self, request, form, problem=None, status=200):
        self.fragment_cache_vary = "error" if problem or form.errors else None
        response = self.render(
            request, context_overrides={"form": form, "problem": problem}
        )
        response.status_code = status
        return response
