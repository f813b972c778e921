"""Walking stored content for the rich text it holds."""

from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue
from wagtail.blocks.struct_block import StructValue
from wagtail.rich_text import RichText


def rich_texts(value):
    """Every RichText inside a stream, struct or list value, at any depth."""
    if isinstance(value, RichText):
        yield value
    elif hasattr(value, "rich_texts"):  # a snippet that holds rich text
        yield from value.rich_texts()
    elif isinstance(value, StreamValue):
        for child in value:
            yield from rich_texts(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            yield from rich_texts(child)
    elif isinstance(value, ListValue | list | tuple):
        for child in value:
            yield from rich_texts(child)
