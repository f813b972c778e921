"""Digests of page content that ignore how it was saved: equal content,
equal digest. "Last updated" and the clinical review compare them."""

import hashlib
import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.fields import StreamField

# The rich-text editor's paragraph keys: editor bookkeeping, not content.
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


def without_block_ids(data):
    """Stream data with Wagtail's per-block ids (and the rich-text editor's
    paragraph keys) removed, so that content which reads the same hashes the
    same however it was saved."""
    if isinstance(data, list):
        return [without_block_ids(item) for item in data]
    if isinstance(data, dict):
        return {
            key: without_block_ids(value) for key, value in data.items() if key != "id"
        }
    if isinstance(data, str):
        return BLOCK_KEY.sub("", data)
    return data


def fields_hash(instance, names, extra=None):
    """A digest of the named fields' values (streams without block ids), and
    of `extra` data: equal content, equal digest, however it was saved."""
    payload = {}
    for name in names:
        field = instance._meta.get_field(name)
        value = field.value_from_object(instance)
        if isinstance(field, StreamField):
            value = value.get_prep_value()
        payload[name] = without_block_ids(value)
    if extra is not None:
        payload["_extra"] = without_block_ids(extra)
    encoded = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(encoded.encode()).hexdigest()
