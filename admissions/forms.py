"""The public inquiry form: the fields of `Enquiry`, the consent checkbox, and
the rules that involve two fields. Messages follow the GOV.UK pattern: they
say what to do, and each shows next to its field and in the summary above."""

from django import forms

from admissions.models.enquiry import Enquiry

NO_CONTACT = {
    "phone": "Enter a phone number or an email address, so that we can reach you",
    "email": "Enter an email address or a phone number, so that we can reach you",
}


class TelInput(forms.TextInput):
    input_type = "tel"


class EnquiryForm(forms.ModelForm):
    voicemail_ok = forms.ChoiceField(
        label="If we call and you do not answer, may we leave a voicemail?",
        choices=Enquiry.Voicemail.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Choose no if someone else might hear it.",
        error_messages={"invalid_choice": "Choose yes or no"},
    )
    consent = forms.BooleanField(
        error_messages={
            "required": "Check the box to agree, so that we can store your "
            "details and contact you"
        },
    )

    class Meta:
        model = Enquiry
        fields = Enquiry.VISITOR_FIELDS
        labels = {
            "name": "Your name",
            "phone": "Phone number",
            "email": "Email address",
            "insurance_carrier": "Insurance company",
            "member_id": "Member ID",
            "date_of_birth": "Date of birth",
            "message": "What would you like us to know?",
        }
        help_texts = {
            "insurance_carrier": "As it appears on your insurance card, for "
            "example Blue Shield of California.",
            "member_id": "Printed on your insurance card.",
            "date_of_birth": "For example, 03/27/1985. Insurers need it to find "
            "your plan.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": TelInput(attrs={"autocomplete": "tel", "class": "input--short"}),
            "email": forms.EmailInput(
                attrs={"autocomplete": "email", "spellcheck": "false"}
            ),
            "member_id": forms.TextInput(
                attrs={"spellcheck": "false", "class": "input--short"}
            ),
            "date_of_birth": forms.DateInput(
                format="%m/%d/%Y",
                attrs={"autocomplete": "bday", "class": "input--short"},
            ),
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "name": {
                "required": "Enter your name",
                "max_length": "Your name must be 120 characters or fewer",
            },
            "phone": {
                "max_length": "Enter a 10-digit US phone number, such as "
                "(949) 735-5705",
            },
            "email": {
                "invalid": "Enter an email address in the correct format, like "
                "name@example.com",
                "max_length": "Your email address must be 254 characters or fewer",
            },
            "insurance_carrier": {
                "max_length": "The insurance company must be 120 characters or fewer",
            },
            "member_id": {
                "max_length": "The member ID must be 64 characters or fewer",
            },
            "date_of_birth": {
                "invalid": "Enter your date of birth as month/day/year, like "
                "03/27/1985",
            },
            "message": {
                "max_length": "Your message must be 2,000 characters or fewer",
            },
        }

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = page.consent_text
        self.instance.page = page
        self.instance.consent_text = page.consent_text

    @classmethod
    def with_values_of(cls, data, *, page):
        """An unchecked form showing what was posted, for answers that refuse
        a submission as a whole (too many from one client, or a robot's)."""
        return cls(
            page=page, initial={name: data.get(name) for name in cls.base_fields}
        )

    def clean(self):
        cleaned_data = super().clean()
        phone, email = cleaned_data.get("phone"), cleaned_data.get("email")
        if not (phone or email or self.has_error("phone") or self.has_error("email")):
            for name, message in NO_CONTACT.items():
                self.add_error(name, forms.ValidationError(message, "required"))
        if phone and not cleaned_data.get("voicemail_ok"):
            self.add_error(
                "voicemail_ok",
                forms.ValidationError("Choose whether we may leave a voicemail"),
            )
        if not phone:
            cleaned_data["voicemail_ok"] = ""  # nothing to leave a message on
        return cleaned_data

    def error_links(self):
        """(element id, message) for each error, in the order of the fields:
        the error summary links each message to its field (the first option
        of a group of radio buttons)."""
        links = []
        for field in self:
            target = field.auto_id
            if isinstance(field.field.widget, forms.RadioSelect):
                target += "_0"
            links.extend((target, error) for error in field.errors)
        return links
