"""Reading the demo content files (the format is in demo/content/README.md).

A page file is TOML front matter between two `+++` lines, then a Markdown
body: `## ` and `### ` lines become section headings, fenced `::: name` …
`:::` directives hold the TOML of any other block, and the Markdown between
them becomes paragraphs. Nothing here touches the database: `demo.loader`
looks up what the files name and makes the pages.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

FRONT_MATTER_FENCE = "+++"
HEADING = re.compile(r"^(#+)\s+(.*?)(?:\s+\{#([\w-]+)\})?\s*$")
HEADING_LEVELS = {2: "h2", 3: "h3"}
DIRECTIVE_START = re.compile(r"^:::\s*(\w+)\s*$")
DIRECTIVE_END = ":::"
# "03-faq.md": the number orders the siblings (and so the main menu).
PAGE_FILE_NAME = re.compile(r"^(\d+)-([a-z0-9-]+)\.md$")


class DemoContentError(Exception):
    """A content file the loader cannot use. The message names the file and
    what is wrong, for whoever edits the demo content."""


@dataclass
class Block:
    """One block of a page body as written, before anything it names is
    looked up: a heading's value, the Markdown of a paragraph, or the table
    a directive holds."""

    kind: str  # "heading", "paragraph", or the directive's name
    value: object
    line: int


@dataclass
class PageSource:
    """One page file: its front matter (model fields and loader keys) and
    its body's blocks."""

    path: Path
    fields: dict
    body: list


def read_toml(path):
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DemoContentError(f"{path}: {error}") from error


def read_page(path):
    """The page file at `path`, parsed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise DemoContentError(f"{path}: start with a '+++' line (front matter)")
    end = next(
        (
            number
            for number, line in enumerate(lines[1:], start=1)
            if line.strip() == FRONT_MATTER_FENCE
        ),
        None,
    )
    if end is None:
        raise DemoContentError(f"{path}: the front matter has no closing '+++'")
    try:
        fields = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        raise DemoContentError(f"{path}: front matter: {error}") from error
    try:
        body = parse_body(lines[end + 1 :], first_line=end + 2)
    except DemoContentError as error:
        raise DemoContentError(f"{path}: {error}") from error
    return PageSource(path, fields, body)


def parse_body(lines, first_line=1):
    """The blocks of a Markdown body. Errors start with the line number."""
    blocks = []
    text = []

    def end_paragraph():
        if text:
            blocks.append(Block("paragraph", "\n".join(text).rstrip(), start))
        text.clear()

    index = 0
    start = first_line
    while index < len(lines):
        line, number = lines[index], first_line + index
        directive = DIRECTIVE_START.match(line)
        heading = HEADING.match(line)
        if directive:
            end_paragraph()
            end = next(
                (
                    later
                    for later in range(index + 1, len(lines))
                    if lines[later].strip() == DIRECTIVE_END
                ),
                None,
            )
            name = directive.group(1)
            if end is None:
                raise DemoContentError(
                    f"line {number}: '::: {name}' has no closing ':::'"
                )
            try:
                table = tomllib.loads("\n".join(lines[index + 1 : end]))
            except tomllib.TOMLDecodeError as error:
                raise DemoContentError(f"line {number}: ::: {name}: {error}") from error
            blocks.append(Block(name, table, number))
            index = end + 1
            continue
        if heading:
            hashes, title, anchor = heading.groups()
            if len(hashes) not in HEADING_LEVELS:
                raise DemoContentError(
                    f"line {number}: use '## ' for a section or '### ' for a "
                    f"subsection, not '{hashes} '"
                )
            end_paragraph()
            value = {"heading": title, "level": HEADING_LEVELS[len(hashes)]}
            if anchor:
                value["anchor"] = anchor
            blocks.append(Block("heading", value, number))
        elif text or line.strip():
            if not text:
                start = number
            text.append(line)
        index += 1
    end_paragraph()
    return blocks


def page_files(folder):
    """The page files in `folder`, in their numbered order."""
    files = []
    for path in sorted(folder.glob("*.md")):
        name = PAGE_FILE_NAME.match(path.name)
        if name is None:
            raise DemoContentError(
                f"{path}: name a page file NN-slug.md (the number orders siblings)"
            )
        files.append((int(name.group(1)), name.group(2), path))
    slugs = {slug for _, slug, _ in files}
    for child in folder.iterdir():
        if child.is_dir() and child.name not in slugs:
            raise DemoContentError(
                f"{child}: a folder of child pages needs its parent's page file, "
                f"NN-{child.name}.md, next to it"
            )
    return [path for _, _, path in sorted(files)]


def children_folder(path, slug):
    """Where the children of the page in `path` are: a folder named after its
    slug, next to the file (None if it has none)."""
    name = PAGE_FILE_NAME.match(path.name)
    if name.group(2) != slug:
        raise DemoContentError(
            f"{path}: the file name says {name.group(2)!r}, the slug {slug!r}"
        )
    folder = path.parent / slug
    return folder if folder.is_dir() else None
