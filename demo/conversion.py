"""How the demo loader reads a value a content file wrote, by the type of the
field or block it is for: rich text is Markdown, a page is its path under the
home page, an account is its username, and any other object is its key in
site.toml. So a page file names fields, never Python.
"""

from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.files.images import ImageFile
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from demo.rich_text import to_rich_text
from demo.source import DemoContentError
from references.models import Reference

# Directive names that differ from the block they make.
DIRECTIVE_BLOCKS = {"faq": "faq_section"}
# A text field a directive leaves out is stored empty, as the editor's form
# stores it.
TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock)


def names_page(field):
    return field.related_model is not None and issubclass(field.related_model, Page)


def stream_entry(children, entry):
    """(block name, value) for one entry of a stream written as a list."""
    if not isinstance(entry, dict) and len(children) == 1:
        return next(iter(children)), entry
    if isinstance(entry, dict):
        if len(entry) == 1:
            [(name, value)] = entry.items()
            if name in children and not isinstance(children[name], blocks.StructBlock):
                return name, value
        for name, child in children.items():
            if isinstance(child, blocks.StructBlock) and set(entry) <= set(
                child.child_blocks
            ):
                return name, entry
    raise DemoContentError(
        f"cannot tell which block {entry!r} is (one of: {', '.join(children)})"
    )


class ValueConversion:
    """The conversions, for `demo.loader.DemoLoader`, which provides
    `content_dir` and the look-ups `page(path)`, `item(model, key)` and
    `user(username)`."""

    def field(self, model, name):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist as error:
            raise DemoContentError(f"{model.__name__} has no field {name!r}") from error

    def value(self, model, name, value):
        """The value for the model field `name` from what a file wrote."""
        field = self.field(model, name)
        if isinstance(field, RichTextField):
            return self.rich_text(value)
        if isinstance(field, StreamField):
            return self.stream(field.stream_block, value)
        if field.one_to_many:  # child objects, such as a page's team members
            return self.children(field.related_model, value)
        if isinstance(field, models.FileField):
            path = self.content_dir / value
            if not path.is_file():
                raise DemoContentError(f"no file {value!r} in {self.content_dir}")
            return ImageFile(BytesIO(path.read_bytes()), name=path.name)
        if field.is_relation:
            return self.related(field.related_model, value)
        return value

    def related(self, model, key):
        if issubclass(model, Page):
            return self.page(key)
        if model is get_user_model():
            return self.user(key)
        return self.item(model, key)

    def children(self, model, keys):
        """Child objects (an Orderable), each pointing at an object by key,
        numbered in the file's order (as the editor's panel numbers them)."""
        target = next(
            field
            for field in model._meta.get_fields()
            if field.many_to_one and not isinstance(field, ParentalKey)
        )
        return [
            model(
                sort_order=position,
                **{target.name: self.related(target.related_model, key)},
            )
            for position, key in enumerate(keys)
        ]

    def rich_text(self, markdown):
        return to_rich_text(
            markdown, cite=lambda key: self.item(Reference, key), page=self.page
        )

    def body(self, stream_block, source_blocks):
        """A StreamField value from a page file's body blocks."""
        stream = []
        for block in source_blocks:
            try:
                stream.append(self.body_block(stream_block, block))
            except DemoContentError as error:
                raise DemoContentError(f"line {block.line}: {error}") from error
        return stream

    def body_block(self, stream_block, block):
        if block.kind == "heading":
            return "heading", block.value
        if block.kind == "paragraph":
            return "paragraph", self.rich_text(block.value)
        name = DIRECTIVE_BLOCKS.get(block.kind, block.kind)
        child = stream_block.child_blocks.get(name)
        if child is None:
            known = set(stream_block.child_blocks) | set(DIRECTIVE_BLOCKS)
            raise DemoContentError(
                f"unknown block type '::: {block.kind}' "
                f"(known: {', '.join(sorted(known))})"
            )
        return name, self.block_value(child, block.value)

    def stream(self, stream_block, entries):
        """A StreamField or StreamBlock value from a list: a plain value when
        there is one kind of block (key takeaways), else tables, each either
        `{block_name = value}` or the fields of one struct block."""
        children = stream_block.child_blocks
        stream = []
        for entry in entries:
            name, value = stream_entry(children, entry)
            stream.append((name, self.block_value(children[name], value)))
        return stream

    def block_value(self, block, value):
        """A block's value from what a file wrote."""
        if isinstance(block, blocks.StructBlock):
            unknown = set(value) - set(block.child_blocks)
            if unknown:
                raise DemoContentError(
                    f"{', '.join(sorted(unknown))}: not a field of the block "
                    f"(its fields: {', '.join(block.child_blocks)})"
                )
            return {
                name: self.block_value(child, value[name]) if name in value else ""
                for name, child in block.child_blocks.items()
                if name in value or isinstance(child, TEXT_BLOCKS)
            }
        if isinstance(block, blocks.StreamBlock):
            return self.stream(block, value)
        if isinstance(block, blocks.ListBlock):  # a list of values or tables
            return [self.block_value(block.child_block, item) for item in value]
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text(value)
        if isinstance(block, blocks.ChooserBlock):
            return self.related(block.target_model, value)
        return value
