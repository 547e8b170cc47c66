"""How much of each supported locale is really translated.

A locale chosen without shipped translations starts with an empty catalog: it works (every
message falls back, see ``catalogs``) but its users read another language. The launch
checklist reports it instead of letting it pass silently.
"""

from dataclasses import dataclass

from babel.messages.pofile import read_po

from .catalogs import LOCALES_DIR, fallback_chain
from .compile import is_translated, read_catalog
from .negotiation import DEFAULT_LOCALE, SUPPORTED_LOCALES


@dataclass(frozen=True, slots=True)
class Coverage:
    locale: str
    translated: int
    total: int

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def message_ids() -> set[str | tuple[str, ...]]:
    """Every message the code emits, as extracted into ``messages.pot``."""
    with (LOCALES_DIR / "messages.pot").open("rb") as template:
        return {message.id for message in read_po(template) if message.id}


def translated_ids(locale: str) -> set[str | tuple[str, ...]]:
    """The messages ``locale``'s own ``.po`` translates, fuzzy and partial plurals excluded."""
    catalog = read_catalog(LOCALES_DIR / f"{locale}.po")
    return {
        message.id
        for message in catalog
        if message.id and is_translated(message, catalog.num_plurals)
    }


def coverage(locale: str) -> Coverage:
    """Messages users of ``locale`` read in their language: from its catalog or, for a
    regional locale, its language's (``fr-CA`` → ``fr``); never the default's stand-in."""
    chain = fallback_chain(locale)
    own_language = [each for each in chain if each == locale or each != DEFAULT_LOCALE]
    wanted = message_ids()
    found = set().union(*(translated_ids(each) for each in own_language))
    return Coverage(locale, len(wanted & found), len(wanted))


def incomplete_locales() -> list[Coverage]:
    return [each for each in map(coverage, SUPPORTED_LOCALES) if not each.complete]
