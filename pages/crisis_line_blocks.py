"""The blocks of the crisis lines in site text (`SiteTextSettings.crisis_lines`):
a national line chosen from the catalogue (`pages.crisis_lines`), or a local
line typed in full. Pages list them in the stream's order."""

from collections import Counter

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from pages.crisis_lines import (
    NATIONAL_LINES,
    REQUIRED_LINES,
    local_line,
    national_line_choices,
)
from pages.phones import dialed_digits, validate_phone

CRISIS_LINE_TEMPLATE = "pages/blocks/crisis_line_block.html"


def national_line_dialing(number):
    """The national line that `number` calls or texts, if any: a national
    line is chosen from the list, never typed as a local one."""
    dialed = dialed_digits(number)
    for line in NATIONAL_LINES.values():
        for action in line.actions:
            scheme, _, address = action.href.partition(":")
            if scheme in ("tel", "sms") and dialed_digits(address) == dialed:
                return line
    return None


class CrisisLineContextMixin:
    """The template gets the line as pages show it (`line`, a CrisisLine)."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["line"] = self.crisis_line(value)
        return context


class NationalLineBlock(CrisisLineContextMixin, blocks.ChoiceBlock):
    """A national crisis or help line, chosen by the name its service
    publishes. Its numbers, links and wording are not typed: they come from
    the catalogue in the code, exactly as the service publishes them."""

    def __init__(self, choices=national_line_choices, **kwargs):
        super().__init__(choices=choices, **kwargs)

    def crisis_line(self, value):
        return NATIONAL_LINES.get(value)

    class Meta:
        icon = "warning"
        label = "National line"
        template = CRISIS_LINE_TEMPLATE
        preview_value = "988"
        help_text = "The numbers, links and wording are the service's own."


class LocalLineBlock(CrisisLineContextMixin, blocks.StructBlock):
    """A line the national list does not have, such as a county's crisis
    line: its name, number and what it is for, typed here."""

    name = blocks.CharBlock(max_length=120, help_text="As the service names itself.")
    number = blocks.CharBlock(
        max_length=32,
        validators=[validate_phone],
        help_text="As visitors should read it, e.g. (949) 555-0123. It becomes "
        "a tap-to-call link.",
    )
    note = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Who it is for and when it answers.",
    )

    def clean(self, value):
        value = super().clean(value)
        national = national_line_dialing(value["number"])
        if national is not None:
            raise StructBlockValidationError(
                block_errors={
                    "number": ValidationError(
                        f"{value['number']} is the {national.name}'s number: "
                        "choose it as a national line instead."
                    )
                }
            )
        return value

    def crisis_line(self, value):
        return local_line(value["name"], value["number"], value["note"])

    class Meta:
        icon = "mobile-alt"
        label = "Local line"
        template = CRISIS_LINE_TEMPLATE
        preview_value = {
            "name": "County crisis line",
            "number": "(949) 555-0123",
            "note": "Answers day and night.",
        }


class CrisisLinesBlock(blocks.StreamBlock):
    """The crisis and help lines every page lists (the footer, crisis
    callouts, search's nothing-found page, error pages), in this order. The
    988 Lifeline and 911 are always among them, and each national line is
    listed once."""

    national = NationalLineBlock()
    other = LocalLineBlock()

    def defer_required_validation(self):
        # A draft is checked in full, as if it were published: once the
        # Medical Director approves it, it goes live as it was saved.
        pass

    def clean(self, value):
        value = super().clean(value)
        chosen = Counter(
            child.value for child in value if child.block_type == "national"
        )
        errors = [
            ValidationError(
                f"Keep the {NATIONAL_LINES[key].name}: every page must offer it."
            )
            for key in REQUIRED_LINES
            if key not in chosen
        ]
        errors += [
            ValidationError(
                f"The {NATIONAL_LINES[key].name} is listed {count} times: keep it once."
            )
            for key, count in chosen.items()
            if count > 1 and key in NATIONAL_LINES
        ]
        if errors:
            raise StreamBlockValidationError(non_block_errors=errors)
        return value

    class Meta:
        icon = "warning"
        label = "Crisis lines"
