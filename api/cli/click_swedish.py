"""click's own refusals in Swedish: a missing or unknown option, a value of the wrong type.

click words them in English ("Missing option '--profile'.", "No such option '--bogus'.")
and the command line's own messages are Swedish; :func:`api.cli.main` says both after
"fel:", as it says a domain error. A wording click may add later, and the command line's
own UsageErrors (already Swedish), pass through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import click
import click.core
import click.decorators
import click.formatting

__all__ = ["help_in_swedish", "usage_in_swedish"]

_KINDS = {"option": "flaggan", "argument": "argumentet", "parameter": "värdet"}
_NUMBERS = {"integer": "heltal", "float": "decimaltal"}


def _value(message: str) -> str:
    """The reason a value was refused, where click's type gave it."""
    for pattern, wording in _VALUES:
        m = pattern.match(message)
        if m:
            return wording(m)
    return message


_VALUES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^(.+) is not one of (.+)\.$"),
     lambda m: f"{m.group(1)} är inte ett av {m.group(2)}"),
    (re.compile(r"^(.+) is not a valid (integer|float)(?: range)?\.$"),
     lambda m: f"{m.group(1)} är inget {_NUMBERS[m.group(2)]}"),
    (re.compile(r"^(.+) is not in the range (.+)\.$"),
     lambda m: f"{m.group(1)} ligger utanför {m.group(2)}"),
    (re.compile(r"^(?:File|Path) (.+) does not exist\.$"),
     lambda m: f"{m.group(1)} finns inte"),
]

_USAGE: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^Missing (option|argument|parameter) (.+?)\.(?: (.*))?$", re.DOTALL),
     lambda m: f"{_KINDS[m.group(1)]} {m.group(2)} saknas"
               + (f" ({_value(m.group(3))})" if m.group(3) else "")),
    (re.compile(r"^No such option:? '?([^' ]+)'?\.?(?: Did you mean (.+)\?)?$"),
     lambda m: f"flaggan {m.group(1)} finns inte"
               + (f"; menade du {m.group(2)}?" if m.group(2) else "")),
    (re.compile(r"^No such command '(.+)'\.$"), lambda m: f"kommandot '{m.group(1)}' finns inte"),
    (re.compile(r"^Missing command\.$"), lambda m: "ange ett kommando"),
    (re.compile(r"^Invalid value for (.+?): (.*)$", re.DOTALL),
     lambda m: f"ogiltigt värde för {m.group(1)}: {_value(m.group(2))}"),
    (re.compile(r"^Option '(.+)' requires an argument\.$"),
     lambda m: f"flaggan '{m.group(1)}' behöver ett värde"),
    (re.compile(r"^Option '(.+)' does not take a value\.$"),
     lambda m: f"flaggan '{m.group(1)}' tar inget värde"),
    (re.compile(r"^Got unexpected extra arguments? \((.+)\)$"),
     lambda m: f"oväntat argument: {m.group(1)}"),
]


def usage_in_swedish(message: str) -> str:
    """click's message in Swedish where its wording is known, else as it is.

    >>> usage_in_swedish("Missing option '--profile'.")
    "flaggan '--profile' saknas"
    >>> usage_in_swedish("Invalid value for '--top': 'x' is not a valid integer.")
    "ogiltigt värde för '--top': 'x' är inget heltal"
    """
    for pattern, wording in _USAGE:
        m = pattern.match(message)
        if m:
            return wording(m)
    return message


# click's own words in a help page, by the English click looks them up with (gettext).
_HELP_WORDS = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljövariabel: {var}",
    "required": "krävs",
    "(dynamic)": "(beräknas)",
    "deprecated": "utfasad",
}


def _help_word(message: str) -> str:
    return _HELP_WORDS.get(message, message)


# The placeholder of a value by its type ("--top INTEGER", "--day TEXT"), and of an
# argument by its name where the name says more than the type ("user add NAME").
_TYPE_METAVARS = {"text": "VÄRDE", "integer": "HELTAL", "integer range": "HELTAL",
                  "float": "DECIMALTAL", "float range": "DECIMALTAL", "file": "FIL",
                  "filename": "FIL", "path": "SÖKVÄG", "directory": "MAPP"}
_ARGUMENT_METAVARS = {"name": "NAMN", "person": "PERSON", "topic": "ÄMNE", "file": "FIL",
                      "files": "FILER"}


def _metavar_in_swedish(param: click.Parameter) -> None:
    """Give ``param`` a Swedish placeholder where click would write its English type
    name; an explicit metavar, a flag and a type that writes its own ([json|yaml]) stay."""
    if param.metavar is not None or (isinstance(param, click.Option) and param.is_flag):
        return
    if param.type.get_metavar(param=param, ctx=click.Context(click.Command(None))):
        return
    name = _ARGUMENT_METAVARS.get(param.name or "") if isinstance(
        param, click.Argument) else None
    var = name or _TYPE_METAVARS.get(param.type.name)
    if var is None:
        return
    # As click writes an argument's: optional in brackets, several with "...".
    if isinstance(param, click.Argument) and not param.required:
        var = f"[{var}]"
    param.metavar = var + ("..." if param.nargs != 1 else "")


def help_in_swedish(group: click.Group) -> None:
    """``--help`` of ``group`` and every command under it in Swedish where click writes
    its own words: the headings, the help option's text, "[default: ...]" and the usage
    line's placeholders. The commands' docstrings and options' help are Swedish where they
    are written.

    click words these through gettext's ``gettext`` imported as ``_`` in the modules that
    write a help page; only those modules' lookups are replaced, so its refusals stay in
    the English :func:`usage_in_swedish` knows."""
    for module in (click.core, click.formatting, click.decorators):
        module._ = _help_word  # type: ignore[attr-defined]
    commands: list[click.Command] = [group]
    while commands:
        command = commands.pop()
        command.options_metavar = "[FLAGGOR]"
        for param in command.params:
            _metavar_in_swedish(param)
        if isinstance(command, click.Group):
            command.subcommand_metavar = "KOMMANDO [ARGUMENT]..."
            commands.extend(command.commands.values())
