"""The catalogs are complete, current, compiled, and consistent with the code."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from {{ cookiecutter.package_name }}.i18n import SUPPORTED_LOCALES
from {{ cookiecutter.package_name }}.i18n.catalogs import LOCALES_DIR

PROJECT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _read_po(path: Path):
    with path.open("rb") as source:
        return read_po(source)


def _messages(catalog) -> dict[str, object]:
    return {message.id: message for message in catalog if message.id}


def test_the_template_is_current_with_the_code():
    extracted = {
        message[2]
        for message in extract_from_dir(
            PROJECT / "src", method_map=[("**.py", "python")], keywords={"_": None}
        )
    }
    pot = set(_messages(_read_po(LOCALES_DIR / "messages.pot")))
    assert extracted == pot, "run `make catalogs-update` and translate the new messages"


def test_there_is_one_catalog_per_supported_locale():
    assert sorted(path.stem for path in LOCALES_DIR.glob("*.po")) == sorted(SUPPORTED_LOCALES)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_message_is_translated(locale):
    pot = _messages(_read_po(LOCALES_DIR / "messages.pot"))
    catalog = _read_po(LOCALES_DIR / f"{locale}.po")
    translated = _messages(catalog)
    assert set(translated) == set(pot)
    for msgid, message in translated.items():
        assert message.string, f"{locale}: {msgid!r} is not translated"
        assert not message.fuzzy, f"{locale}: {msgid!r} is fuzzy"
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(msgid)), (
            f"{locale}: placeholders differ in {msgid!r}"
        )
    assert not catalog.obsolete


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_compiled_catalog_matches_its_source(locale):
    with (LOCALES_DIR / f"{locale}.mo").open("rb") as compiled:
        mo = {message.id: message.string for message in read_mo(compiled) if message.id}
    po = {
        msgid: message.string
        for msgid, message in _messages(_read_po(LOCALES_DIR / f"{locale}.po")).items()
    }
    assert mo == po, "run `make catalogs`"
