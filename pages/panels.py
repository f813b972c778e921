"""Editor panels of the practice details and of the crisis lines and
notices. (The notices at the top of any editor are `richtext.notices`.)"""

from wagtail.admin.panels import Panel

from pages.phones import dialed_number, tel_uri


class PhoneConfirmationPanel(Panel):
    """Right after the practice's phone, once a new number was typed and
    sent (`PracticeDetailsForm`): the number as the header's call button
    will show it and as phones will dial it, and the box that confirms it.
    Nothing shows otherwise."""

    @property
    def clean_name(self):
        return super().clean_name or "phone-confirmation"

    class BoundPanel(Panel.BoundPanel):
        template_name = "pages/admin/phone_confirmation.html"

        def is_shown(self):
            return getattr(self.form, "new_phone", None) is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            phone = self.form.new_phone
            context.update(
                new_phone=phone,
                dialed=dialed_number(phone),
                tel_uri=tel_uri(phone),
                field=self.form["confirm_new_phone"],
                confirmed_phone_name=self.form.add_prefix(self.form.CONFIRMED_PHONE),
            )
            return context


class SiteTextStatusPanel(Panel):
    """The top of the crisis lines and notices' editor: whether the text
    shown is what every page shows, a draft, or a draft waiting for the
    Medical Director, in plain words."""

    @property
    def clean_name(self):
        return super().clean_name or "site-text-status"

    class BoundPanel(Panel.BoundPanel):
        template_name = "pages/admin/site_text_status.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            shown = self.instance
            waiting = shown.current_workflow_state if shown.pk else None
            context.update(
                waiting=waiting,
                draft=bool(shown.pk and shown.has_unpublished_changes),
            )
            return context
