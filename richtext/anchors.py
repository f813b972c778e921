"""Element ids that stay unique on a page even when the same content (a
heading, a saved question) appears twice."""

from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar

_anchors = ContextVar("anchors", default=None)


def unique_anchor(base):
    """`base`, or `base-2`, `base-3`... if this page's render already gave
    out `base`: ids stay unique when the same content appears twice."""
    used = _anchors.get()
    if used is None:
        return base
    used[base] += 1
    return base if used[base] == 1 else f"{base}-{used[base]}"


@contextmanager
def anchors_unique():
    """Within the block, `unique_anchor` counts the ids given out."""
    token = _anchors.set(Counter())
    try:
        yield
    finally:
        _anchors.reset(token)
