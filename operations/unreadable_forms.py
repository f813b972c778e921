"""Forms the site cannot read: answered 400 with the branded page and one
line in the log, rather than Django's error with its traceback (or a 500)."""

import codecs
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.urls import get_resolver, get_urlconf
from django.utils.log import log_response


class UnreadableForm(BadRequest):
    """A form whose text is not UTF-8, or says it is not."""


# What reading a form raises when it cannot be read: too large
# (DATA_UPLOAD_MAX_MEMORY_SIZE: RequestDataTooBig), too many fields or files
# (SuspiciousOperation), a broken multipart body, or text that is not UTF-8.
UNREADABLE_FORM = (SuspiciousOperation, BadRequest, MultiPartParserError)
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_utf8(charset):
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def read_form(request):
    """Read a POSTed form as the view would, and more strictly: a charset
    other than UTF-8 (which Django ignores when it does not know it), and
    percent-encoded bytes that are not UTF-8 (which Django turns into U+FFFD,
    so that the inquiry stored is not what was sent), are refused. Browsers
    send our forms as UTF-8, the charset of every page."""
    charset = request.content_params.get("charset")
    if charset is not None and not is_utf8(charset):
        raise UnreadableForm("the form's charset is not UTF-8")
    if request.content_type == "application/x-www-form-urlencoded":
        try:
            unquote_to_bytes(request.body).decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableForm("the form is not UTF-8") from None
    request.POST  # noqa: B018 (parsed now, raising what the view would)


class UnreadableFormMiddleware:
    """A POSTed form the site cannot read is answered 400 with the branded
    page (pages.views.bad_request: the phone and the crisis lines), and one
    WARNING line naming the reason and the path, no traceback.

    Django would raise from wherever the form is first read (the CSRF check,
    for most), and log the error with its traceback: at ERROR, for a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE, which anyone can send; and its own 400 view
    runs the CSRF check again, which reads the form again, and turns a
    charset it knows but refuses into a 500. Just before CsrfViewMiddleware,
    which reads every POSTed form anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            try:
                read_form(request)
            except UNREADABLE_FORM as error:
                return self.refuse(request, error)
        return self.get_response(request)

    def refuse(self, request, error):
        handler = get_resolver(get_urlconf()).resolve_error_handler(400)
        response = handler(request, exception=error)
        log_response(
            "Bad Request (%s): %s",
            type(error).__name__,
            request.path,
            response=response,
            request=request,
        )
        return response
