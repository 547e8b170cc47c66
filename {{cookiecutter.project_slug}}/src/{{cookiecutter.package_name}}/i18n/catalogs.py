"""Compiled gettext catalogs, one per supported locale, loaded once per process.

Sources live in ``locales/<locale>.po`` (extracted into ``messages.pot`` by
``make catalogs-extract``); ``make catalogs`` compiles them to ``.mo`` next to them.
"""

import gettext
from functools import cache
from pathlib import Path

from .negotiation import SUPPORTED_LOCALES

LOCALES_DIR = Path(__file__).parent / "locales"


class MissingCatalogError(RuntimeError):
    """A supported locale has no compiled catalog."""


def check_catalogs() -> None:
    """Fail at start-up, not on the first request, when a catalog was not compiled."""
    missing = [loc for loc in SUPPORTED_LOCALES if not (LOCALES_DIR / f"{loc}.mo").is_file()]
    if missing:
        raise MissingCatalogError(
            f"no compiled catalog for {', '.join(missing)}: run `make catalogs`"
        )


@cache
def translations(locale: str) -> gettext.GNUTranslations:
    """The catalog of a supported locale (a negotiated value, never raw client input)."""
    if locale not in SUPPORTED_LOCALES:
        raise ValueError(f"unsupported locale {locale!r}")
    path = LOCALES_DIR / f"{locale}.mo"
    try:
        with path.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    except FileNotFoundError:
        raise MissingCatalogError(f"{path.name} is missing: run `make catalogs`") from None
