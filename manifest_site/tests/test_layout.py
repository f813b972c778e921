"""The project's layout holds what the README's "Where things are" promises:
modules that read in one sitting, and no import hidden in a function to dodge
a cycle between apps (import-linter checks the layers themselves, in
`make test`)."""

import ast
from pathlib import Path

from django.conf import settings

from caching.fragments import code_folders

PROJECT = Path(settings.BASE_DIR)
MAX_MODULE_LINES = 400
MAX_TEST_MODULE_LINES = 500


def project_modules():
    """Every Python file of the project, migrations included."""
    for path in sorted(PROJECT.rglob("*.py")):
        relative = path.relative_to(PROJECT)
        if relative.parts[0].startswith("."):  # .venv, .git, caches
            continue
        yield relative


def is_test(relative):
    return "tests" in relative.parts or relative.name == "conftest.py"


def test_modules_read_in_one_sitting():
    too_long = []
    for relative in project_modules():
        if "migrations" in relative.parts:
            continue
        limit = MAX_TEST_MODULE_LINES if is_test(relative) else MAX_MODULE_LINES
        lines = len((PROJECT / relative).read_text().splitlines())
        if lines > limit:
            too_long.append(f"{relative}: {lines} lines (at most {limit})")
    assert too_long == []


def function_level_imports(source):
    """(line number, line) of each import inside a function body."""
    tree = ast.parse(source)
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef
            )
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                found.append(child.lineno)
            visit(child, inside)

    visit(tree, False)
    return found


def explained(lines, number):
    """Whether the import on line `number` (1-based) follows a comment, above
    it or above the run of imports it belongs to."""
    index = number - 2
    while index >= 0:
        text = lines[index].strip()
        if text.startswith("#"):
            return True
        if not text.startswith(("import ", "from ")) and text != "":
            return False
        index -= 1
    return False


def test_every_import_inside_a_function_says_why():
    """Only where Django or Wagtail need it at load time (an AppConfig's
    ready(), a module Wagtail imports while its models load), with a comment
    saying so."""
    unexplained = []
    for relative in project_modules():
        source = (PROJECT / relative).read_text()
        lines = source.splitlines()
        for number in function_level_imports(source):
            if not explained(lines, number):
                unexplained.append(f"{relative}:{number}: {lines[number - 1].strip()}")
    assert unexplained == []


def test_the_code_version_covers_every_app():
    """A release that changes any app's code or templates retires the cached
    pages and fragments of the previous one."""
    app_folders = {
        PROJECT / name for name in settings.INSTALLED_APPS if (PROJECT / name).is_dir()
    }
    assert app_folders
    assert app_folders <= set(code_folders())
    assert PROJECT / "templates" in code_folders()
