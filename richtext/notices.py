"""The notices at the top of an editor (a page's or a snippet's): what other
apps have to say about the object being edited. Here, in the lowest app, so
that every app's editors can show them and a higher app can fill them."""

from wagtail import hooks
from wagtail.admin.panels import Panel

# Functions registered under this Wagtail hook add notices to the top of an
# editor: `fn(request, instance)` returns HTML, or None to add nothing. The
# clinical review says where a clinical page stands, and which reviewed pages
# a snippet's change sends back to review (review/editor.py).
EDITOR_NOTICES_HOOK = "editor_notices"


class EditorNoticesPanel(Panel):
    """The top of an editor: what other apps have to say about the object
    being edited, registered with the `editor_notices` hook."""

    @property
    def clean_name(self):
        return super().clean_name or "editor-notices"

    class BoundPanel(Panel.BoundPanel):
        template_name = "richtext/admin/editor_notices.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            notices = (
                notice(self.request, self.instance)
                for notice in hooks.get_hooks(EDITOR_NOTICES_HOOK)
            )
            self.notices = [notice for notice in notices if notice]

        def is_shown(self):
            return bool(self.notices)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["notices"] = self.notices
            return context
