"""Factories for references and the pages that cite them."""

import datetime

import factory
from factory.django import DjangoModelFactory

from references.models import Reference


class ReferenceFactory(DjangoModelFactory):
    kind = Reference.Kind.REPORT
    authors = factory.Sequence(lambda n: f"Author{n} A")
    title = factory.Sequence(lambda n: f"Source number {n}")
    year = 2020
    url = factory.Sequence(lambda n: f"https://example.org/source-{n}")
    accessed = datetime.date(2026, 11, 1)

    class Meta:
        model = Reference


def cite(reference, label=None):
    """A citation as the editor stores it."""
    label = label or reference.short_label
    return f'<a linktype="citation" id="{reference.pk}">[{label}]</a>'
