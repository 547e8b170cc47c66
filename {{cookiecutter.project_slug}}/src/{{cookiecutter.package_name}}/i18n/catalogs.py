"""Compiled gettext catalogs, one per supported locale, loaded once per process.

Sources live in ``locales/<locale>.po`` (extracted into ``messages.pot`` by
``make catalogs-extract``); ``make catalogs`` compiles them to ``.mo`` next to them, leaving
out what is not translated yet. A message missing from a locale's catalog is looked up in
its language's catalog (``fr-CA`` → ``fr``), then in the default locale's: a user never sees
an empty string or the raw message id of a half-translated locale.
"""

import gettext
from functools import cache
from pathlib import Path

from .negotiation import DEFAULT_LOCALE, SUPPORTED_LOCALES

LOCALES_DIR = Path(__file__).parent / "locales"


class MissingCatalogError(RuntimeError):
    """A supported locale has no compiled catalog."""


def check_catalogs() -> None:
    """Fail at start-up, not on the first request, when a catalog was not compiled."""
    missing = [loc for loc in SUPPORTED_LOCALES if not compiled_path(loc).is_file()]
    if missing:
        raise MissingCatalogError(
            f"no compiled catalog for {', '.join(missing)}: run `make catalogs`"
        )


def compiled_path(locale: str) -> Path:
    return LOCALES_DIR / f"{locale}.mo"


def fallback_chain(locale: str) -> list[str]:
    """Where a message of ``locale`` is looked up, in order: itself, its language, the default."""
    language = locale.split("-", 1)[0]
    chain = [locale]
    for fallback in (language, DEFAULT_LOCALE):
        if fallback in SUPPORTED_LOCALES and fallback not in chain:
            chain.append(fallback)
    return chain


@cache
def translations(locale: str) -> gettext.GNUTranslations:
    """The catalog of a supported locale (a negotiated value, never raw client input)."""
    if locale not in SUPPORTED_LOCALES:
        raise ValueError(f"unsupported locale {locale!r}")
    first, *fallbacks = (_read(each) for each in fallback_chain(locale))
    for fallback in fallbacks:
        first.add_fallback(fallback)
    return first


def _read(locale: str) -> gettext.GNUTranslations:
    # A fresh object per chain: add_fallback mutates it, so catalogs cannot be shared.
    path = compiled_path(locale)
    try:
        with path.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    except FileNotFoundError:
        raise MissingCatalogError(f"{path.name} is missing: run `make catalogs`") from None
