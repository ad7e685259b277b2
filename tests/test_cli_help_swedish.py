"""`samverkan --help` and every command's help in Swedish: the docstrings and option help
the command line writes, and click's own words (headings, the help option, "[default: ...]",
the usage line's placeholders). Option names stay English, as the API's."""

from __future__ import annotations

import re

import click
import click.testing
import pytest

from api.cli import cli

# Words that only English help text has; one of them on a help page is an untranslated
# sentence (the option names, metavars such as FILE or TEXT, and ids are left out below).
ENGLISH = re.compile(r"\b(the|of|and|or|with|to|from|for|Usage|Options|Commands|Show|"
                     r"default|required|Print|Write|Date|people)\b")


# The placeholders click writes in English: its type names and the English argument and
# option names the commands had ("--top INTEGER", "user add NAME", "paths FROM TO").
ENGLISH_METAVARS = re.compile(r"(?<![\w-])(TEXT|INTEGER|FLOAT|RANGE|PATH|FILE|FILES|FILENAME|"
                              r"DIRECTORY|BOOLEAN|NAME|TOPIC|FROM|TO|ORGANISATIONS)(?![\w-])")


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


def _prose(page: str) -> str:
    """The help page without what stays English on purpose: option names (--as-of),
    prefixes of targets (role:, org:), setting names, choices ([json|xlsx]) and upper-case
    metavars."""
    return re.sub(r"--[\w-]+|\[[\w|.-]+\]|\b\w+:(?=[ ,;)]|$)|SAMVERKAN_\w+|\b[A-Z][A-Z ]+\b",
                  " ", page, flags=re.MULTILINE)


@pytest.mark.parametrize("path", _commands(cli), ids=lambda p: " ".join(p) or "samverkan")
def test_every_help_page_is_swedish(path: tuple[str, ...]) -> None:
    result = click.testing.CliRunner().invoke(cli, [*path, "--help"], prog_name="samverkan")
    assert result.exit_code == 0, result.output
    page = result.output
    assert page.startswith("Användning: samverkan"), page
    assert "Flaggor:" in page and "Visa den här hjälpen och avsluta." in page
    english = ENGLISH.findall(_prose(page))
    assert english == [], page


@pytest.mark.parametrize("path", _commands(cli), ids=lambda p: " ".join(p) or "samverkan")
def test_no_help_page_has_an_english_placeholder(path: tuple[str, ...]) -> None:
    page = click.testing.CliRunner().invoke(cli, [*path, "--help"],
                                            prog_name="samverkan").output
    # The epilogues name settings (SAMVERKAN_DB): those are names, not placeholders.
    assert ENGLISH_METAVARS.findall(re.sub(r"SAMVERKAN_\w+", " ", page)) == [], page
