"""Compile a ``.po`` catalog to ``.mo``: ``python -m <package>.i18n.compile LOCALE.po``.

Unlike ``pybabel compile``, an entry with any empty form is left out, plural ones included
(Babel would fill their empty forms with the English message ids). The runtime then finds
the message in the next catalog of the fallback chain, the default locale's at the latest.
"""

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def read_catalog(po_path: Path) -> Catalog:
    """The catalog of ``<locale>.po``, with the plural rules of its locale."""
    locale = po_path.stem.replace("-", "_")
    with po_path.open("rb") as source:
        return read_po(source, locale=locale)


def is_translated(message: Message, plural_forms: int) -> bool:
    """Not fuzzy, and every form present and non-empty (all of the locale's plural forms)."""
    if message.fuzzy:
        return False
    if isinstance(message.string, (tuple, list)):
        return len(message.string) == plural_forms and all(message.string)
    return bool(message.string)


def translated(catalog: Catalog) -> Catalog:
    """A copy of ``catalog`` holding only its finished translations."""
    result = Catalog(locale=catalog.locale, charset="utf-8", fuzzy=False)
    result.mime_headers = catalog.mime_headers
    for message in catalog:
        if message.id and is_translated(message, catalog.num_plurals):
            result[message.id] = message
    return result


def compile_catalog(po_path: Path) -> tuple[int, int]:
    """Write ``<locale>.mo`` next to ``po_path``; returns (translated, total) message counts."""
    catalog = read_catalog(po_path)
    finished = translated(catalog)
    with po_path.with_suffix(".mo").open("wb") as target:
        write_mo(target, finished)
    return len(finished), sum(1 for message in catalog if message.id)


def main(argv: list[str]) -> int:
    for name in argv:
        done, total = compile_catalog(Path(name))
        print(f"{name}: {done} of {total} messages translated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
