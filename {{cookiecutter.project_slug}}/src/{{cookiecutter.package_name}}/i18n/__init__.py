"""Locales: which ones the product speaks, how a request picks one, and its messages."""

from .catalogs import MissingCatalogError, check_catalogs, translations
from .negotiation import DEFAULT_LOCALE, SUPPORTED_LOCALES, babel_locale, negotiate_locale

__all__ = [
    "DEFAULT_LOCALE",
    "SUPPORTED_LOCALES",
    "MissingCatalogError",
    "babel_locale",
    "check_catalogs",
    "negotiate_locale",
    "translations",
]
