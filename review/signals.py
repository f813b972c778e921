"""Signals the clinical review sends, for apps that show what it records."""

from django.dispatch import Signal

# Sent when a clinical page's review fields change (an approval, a reset, an
# expiry, a new due date), which saves with update() and so sends no
# post_save. Arguments: `page`, the specific page with its new fields.
review_changed = Signal()
