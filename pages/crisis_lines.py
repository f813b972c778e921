"""The national crisis and help lines: facts the site chooses from a fixed
list, never typed.

Each entry says what the service itself publishes: its name, the ways to
reach it (call, text, chat: the words, the number or address shown as
text, and the link), what it is for, and its language. Site text
(`SiteTextSettings.crisis_lines`) names entries by key, and those keys are
stored in the database: never change one. Wording follows safe-messaging
practice: help is available, it is free and confidential, and nothing more.
"""

from dataclasses import dataclass

from pages.phones import tel_uri

CALL, TEXT, CHAT = "call", "text", "chat"


@dataclass(frozen=True)
class LineAction:
    """One way to reach a line. Its link reads "verb shown detail" ("Call
    988", "Text 988", "Call 988 and press 1"), so the number or address shows
    as text as well as a link (desktop browsers may not dial `tel:`), and a
    screen reader's list of links tells each action apart."""

    kind: str  # CALL, TEXT or CHAT
    verb: str  # the words before the number: "Call", "Chat at"
    shown: str  # the number or address, as visitors read it
    href: str  # tel:, sms: or https:
    detail: str = ""  # words after the number: "and press 1"

    @property
    def link_text(self):
        return " ".join(part for part in (self.verb, self.shown, self.detail) if part)


@dataclass(frozen=True)
class CrisisLine:
    """A line as pages show it: national (from this catalogue, by `key`) or
    local (typed in site text, `key` empty)."""

    key: str
    name: str
    actions: tuple[LineAction, ...]
    note: str = ""
    lang: str = "en"  # the language of its name, actions and note

    def action(self, kind):
        return next((action for action in self.actions if action.kind == kind), None)

    @property
    def call_action(self):
        return self.action(CALL)

    @property
    def text_action(self):
        return self.action(TEXT)

    @property
    def chat_action(self):
        return self.action(CHAT)


LIFELINE = CrisisLine(
    key="988",
    name="988 Suicide & Crisis Lifeline",
    actions=(
        LineAction(CALL, "Call", "988", "tel:988"),
        LineAction(TEXT, "Text", "988", "sms:988"),
        LineAction(CHAT, "Chat at", "988lifeline.org", "https://988lifeline.org/chat/"),
    ),
    note="Free, confidential, 24/7.",
)
VETERANS = CrisisLine(
    key="988-veterans",
    name="Veterans Crisis Line",
    actions=(
        LineAction(CALL, "Call", "988", "tel:988", detail="and press 1"),
        LineAction(TEXT, "Text", "838255", "sms:838255"),
        LineAction(
            CHAT,
            "Chat at",
            "VeteransCrisisLine.net",
            "https://www.veteranscrisisline.net/get-help-now/chat/",
        ),
    ),
    note="For veterans, service members and the people who support them. "
    "Free, confidential, 24/7.",
)
LIFELINE_IN_SPANISH = CrisisLine(
    key="988-spanish",
    name="988 Línea de Prevención del Suicidio y Crisis",
    actions=(
        LineAction(CALL, "Llame al", "988", "tel:988", detail="y oprima el 2"),
        LineAction(
            TEXT, "Envíe AYUDA por mensaje de texto al", "988", "sms:988?body=AYUDA"
        ),
        LineAction(
            CHAT, "Chat en", "988lineadevida.org", "https://988lineadevida.org/"
        ),
    ),
    note="Gratis y confidencial, las 24 horas, los 7 días de la semana.",
    lang="es",
)
EMERGENCY = CrisisLine(
    key="911",
    name="Emergency services",
    actions=(LineAction(CALL, "Call", "911", "tel:911"),),
    note="Use it if you or someone else is in immediate danger.",
)
SAMHSA_HELPLINE = CrisisLine(
    key="samhsa",
    name="SAMHSA National Helpline",
    actions=(
        LineAction(
            CALL,
            "Call",
            "1-800-662-4357",
            tel_uri("1-800-662-4357"),
            detail="(1-800-662-HELP)",
        ),
    ),
    # The spec: say what it is for, so nobody in crisis calls it instead.
    note="Free, confidential treatment referral and information, 24/7, in "
    "English and Spanish. It is not a crisis line.",
)

NATIONAL_LINES = {
    line.key: line
    for line in (LIFELINE, VETERANS, LIFELINE_IN_SPANISH, EMERGENCY, SAMHSA_HELPLINE)
}
# Every page offers these; site text cannot leave them out.
REQUIRED_LINES = (LIFELINE.key, EMERGENCY.key)
# What a new site shows.
DEFAULT_LINES = (LIFELINE.key, EMERGENCY.key, SAMHSA_HELPLINE.key)


def national_line_choices():
    """(key, the name the service publishes) of every national line."""
    return [(key, line.name) for key, line in NATIONAL_LINES.items()]


def local_line(name, number, note=""):
    """A line that site text names and numbers itself (a county's crisis
    line): called, at the number as typed."""
    return CrisisLine(
        key="",
        name=name,
        actions=(LineAction(CALL, "Call", number, tel_uri(number)),),
        note=note,
    )
