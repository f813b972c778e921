"""What changed in the approved content, for the reviewer: between the
approval (or the submitted revision, or the revision current when changes
were requested) and what they are about to approve, part by part, snippets'
text included (`review.content`)."""

import difflib
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from wagtail.models import Revision, TaskState

from review.content import Part, clinical_parts
from review.models.records import Approval

APPROVED, SUBMITTED, REQUEST, LIVE = "approved", "submitted", "request", "live"
# A change this small (characters added and removed) is approved in one step
# from the desk, where the reviewer reads it in full.
SMALL_CHANGE = 300


@dataclass
class PartChange:
    """One part of the content, before and after: its lines, each
    ("same" | "removed" | "added" | "changed" | "skip", html), unchanged
    runs folded to the lines next to a change."""

    label: str
    lines: list = field(default_factory=list)
    changed: bool = False
    characters: int = 0  # characters added and removed


def word_diff(before, after):
    """One line changed into another, as html: removed words in <del>,
    added words in <ins>. Also the number of characters changed."""
    old, new = before.split(" "), after.split(" ")
    html, characters = [], 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if op == "equal":
            html.append(escape(" ".join(old[i1:i2])))
            continue
        if i2 > i1:
            removed = " ".join(old[i1:i2])
            characters += len(removed)
            html.append(f"<del>{escape(removed)}</del>")
        if j2 > j1:
            added = " ".join(new[j1:j2])
            characters += len(added)
            html.append(f"<ins>{escape(added)}</ins>")
    return mark_safe(" ".join(html)), characters  # noqa: S308 (escaped above)


def folded(lines, context=1):
    """`lines` with each run of unchanged lines cut to `context` lines next
    to a change, and a note of how many were left out."""
    shown, run = [], []

    def flush(at_start, at_end):
        keep_head = [] if at_start else run[:context]
        keep_tail = [] if at_end else run[-context:]
        left_out = len(run) - len(keep_head) - len(keep_tail)
        if left_out <= 1:
            shown.extend(run)
            return
        shown.extend(keep_head)
        shown.append(("skip", f"… {left_out} unchanged lines …"))
        shown.extend(keep_tail)

    for line in lines:
        if line[0] == "same":
            run.append(line)
            continue
        if run:
            flush(at_start=len(shown) == 0, at_end=False)
            run = []
        shown.append(line)
    if run:
        flush(at_start=len(shown) == 0, at_end=True)
    return shown


def compare_part(label, before, after):
    change = PartChange(label)
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            change.lines += [("same", escape(line)) for line in old[i1:i2]]
            continue
        change.changed = True
        pairs = list(zip(old[i1:i2], new[j1:j2], strict=False))
        for old_line, new_line in pairs:
            html, characters = word_diff(old_line, new_line)
            change.lines.append(("changed", html))
            change.characters += characters
        for line in old[i1 + len(pairs) : i2]:
            change.lines.append(("removed", format_html("<del>{}</del>", line)))
            change.characters += len(line)
        for line in new[j1 + len(pairs) : j2]:
            change.lines.append(("added", format_html("<ins>{}</ins>", line)))
            change.characters += len(line)
    change.lines = folded(change.lines)
    return change


def compare(before, after):
    """Each part of `after` against the part of `before` of the same label,
    in reading order; parts that only `before` had come last, removed."""
    old = {part.label: part.text for part in before}
    changes = [
        compare_part(part.label, old.pop(part.label, ""), part.text) for part in after
    ]
    changes += [compare_part(label, text, "") for label, text in old.items()]
    return changes


def changed_characters(changes):
    return sum(change.characters for change in changes)


def approval_of(page):
    """The record of the approval a page's review stands on, if any."""
    if not page.reviewed_revision_id:
        return None
    return Approval.objects.filter(revision_id=page.reviewed_revision_id).first()


def last_request_for_changes(obj):
    """The task state in which the Medical Director last asked for changes
    to `obj` in its current review, if any."""
    workflow_state = obj.current_workflow_state
    if workflow_state is None:
        return None
    return (
        workflow_state.task_states.filter(status=TaskState.STATUS_REJECTED)
        .order_by("-finished_at")
        .first()
    )


def baseline_source(obj, against):
    """(description, source) of what `obj` is compared with, None if there
    is no such thing: its approval (the approved text as recorded, snippets'
    text of that day; or the approved revision, for an approval made before
    approvals kept their text), the revision submitted for review, the
    revision the Medical Director read when asking for changes, or (the
    site-wide text) what is live. A source is text parts, a revision or an
    object: read only for the comparison made (`baseline`)."""
    if against == APPROVED and getattr(obj, "reviewed_revision_id", None):
        approval = approval_of(obj)
        if approval is not None:
            return "the approved version", [Part(*part) for part in approval.content]
        return "the approved version", obj.reviewed_revision
    if against == SUBMITTED and obj.current_workflow_state is not None:
        task_state = obj.current_workflow_state.current_task_state
        if task_state is not None and task_state.revision is not None:
            return "the version submitted", task_state.revision
    if against == REQUEST:
        request = last_request_for_changes(obj)
        if request is not None:
            revision = (
                obj.revisions.filter(created_at__lte=request.finished_at)
                .order_by("-created_at", "-pk")
                .first()
            )
            if revision is not None:
                return "the version you asked to change", revision
    if against == LIVE:
        return "what is live", type(obj).objects.get(pk=obj.pk)
    return None


def baseline(obj, against):
    """(description, parts) of what `obj` is compared with, or None
    (`baseline_source`)."""
    source = baseline_source(obj, against)
    if source is None:
        return None
    description, content = source
    if isinstance(content, Revision):
        content = content.as_object()
    if not isinstance(content, list):
        content = clinical_parts(content)
    return description, content


def default_against(obj):
    """What a reviewer compares with first: the approval if there is one;
    for the site-wide text, what is live; else the submitted revision."""
    if getattr(obj, "reviewed_revision_id", None):
        return APPROVED
    if not hasattr(obj, "reviewed_revision_id"):
        return LIVE
    return SUBMITTED


def differences_url(obj, against=None, revision=None):
    """The differences view for `obj` (a page, or the site-wide text)."""
    against = against or default_against(obj)
    url = reverse(
        "review_differences",
        args=[obj._meta.app_label, obj._meta.model_name, obj.pk],
    )
    url += f"?against={against}"
    if revision is not None:
        url += f"&revision={revision.pk}"
    return url
