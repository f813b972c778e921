"""The groups of the clinical review desk, in the order someone works
through them, and the words each one's table uses (`review.desk`)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """One group of the desk, and the words its table uses."""

    key: str
    heading: str
    description: str
    empty: str
    age_heading: str  # the column with how long the page has been here
    since_word: str  # before the exact date in that column
    person_heading: str
    detail_heading: str
    # What staff who do not approve read instead, where it differs.
    others_heading: str = ""
    others_description: str = ""


WAITING = Group(
    "waiting",
    "Waiting for you",
    "Submitted for clinical review: open a page to read it and approve it, "
    "or request changes.",
    "Nothing is waiting for the Medical Director.",
    "Waiting",
    "submitted",
    "Submitted by",
    "Why",
    "Waiting for the Medical Director",
    "Submitted for clinical review: the Medical Director reads them and "
    "approves them or requests changes.",
)
CHANGED = Group(
    "changed",
    "Changed since approval",
    "Approved once, then changed: the page, or a saved question, reference, "
    "topic or byline it shows. They say “awaiting clinical review” until "
    "approved again; submit them from the page editor.",
    "No approved page has changed since.",
    "Pending",
    "since",
    "Changed by",
    "What changed",
)
NOT_SUBMITTED = Group(
    "not-submitted",
    "Not yet submitted",
    "Live pages never approved. Submit them to Clinical review from the page editor.",
    "Every page never approved has been submitted.",
    "Pending",
    "since",
    "Last edited by",
    "Why",
)
CHANGES_REQUESTED = Group(
    "changes-requested",
    "Changes requested",
    "The Medical Director asked for changes: edit the page, then submit it again.",
    "No page is waiting for changes.",
    "Waiting",
    "requested",
    "Requested by",
    "Comment",
)
EXPIRED = Group(
    "expired",
    "Expired",
    "Approved longer ago than the review interval: renew one with “Still "
    "accurate?” if nothing in it changed, or submit it again.",
    "No review has expired.",
    "Expired",
    "expired",
    "Reviewed by",
    "Review",
)
REVIEWED = Group(
    "reviewed",
    "Reviewed",
    "The live clinical content is what the Medical Director approved.",
    "No page is reviewed yet.",
    "Reviewed",
    "approved",
    "Reviewed by",
    "Review",
)
# What waits, in the order someone works through it.
WAITING_GROUPS = (WAITING, CHANGED, NOT_SUBMITTED, CHANGES_REQUESTED, EXPIRED)
GROUPS = (*WAITING_GROUPS, REVIEWED)
