"""The catalogs are complete, current, compiled, and consistent with the code."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from {{ cookiecutter.package_name }}.i18n import SUPPORTED_LOCALES, translations
from {{ cookiecutter.package_name }}.i18n.catalogs import LOCALES_DIR
from {{ cookiecutter.package_name }}.i18n.compile import read_catalog
{% set untranslated = cookiecutter.supported_locales.replace(' ', '').split(',') | reject('in', ['en', 'fr', 'de', 'es', 'it', 'pt-BR', 'nl', 'ru', 'ja', 'ko', 'zh-CN', 'ar']) | list %}
{%- if untranslated %}
from .expected_text import EXPECTED, TRANSLATED_LOCALES, UNTRANSLATED_LOCALES
{%- else %}
from .expected_text import EXPECTED, TRANSLATED_LOCALES
{%- endif %}

PROJECT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# The keywords of `make catalogs-extract` (Babel's defaults, which include these).
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
TOO_MANY_FILES = "A message can carry at most {count} file."


def _read_po(path: Path):
    with path.open("rb") as source:
        return read_po(source)


def _messages(catalog) -> dict[object, object]:
    return {message.id: message for message in catalog if message.id}


def _forms(message) -> tuple[str, ...]:
    """Every form of a translation (one unless plural); .mo readers give lists."""
    string = message.string
    return tuple(string) if isinstance(string, tuple | list) else (string,)


def _ids(message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)


def test_the_template_is_current_with_the_code():
    extracted = {
        message[2]
        for message in extract_from_dir(
            PROJECT / "src", method_map=[("**.py", "python")], keywords=KEYWORDS
        )
    }
    pot = set(_messages(_read_po(LOCALES_DIR / "messages.pot")))
    assert extracted == pot, "run `make catalogs-update` and translate the new messages"


def test_there_is_one_catalog_per_supported_locale():
    assert sorted(path.stem for path in LOCALES_DIR.glob("*.po")) == sorted(SUPPORTED_LOCALES)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_catalog_holds_exactly_the_templates_messages(locale):
    pot = _messages(_read_po(LOCALES_DIR / "messages.pot"))
    catalog = read_catalog(LOCALES_DIR / f"{locale}.po")

    assert set(_messages(catalog)) == set(pot), "run `make catalogs-update`"
    assert not catalog.obsolete
    # Babel's checks: plural forms as many as the locale has, %-placeholders consistent.
    assert [(message.id, errors) for message, errors in catalog.check()] == []


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_every_message_is_translated(locale):
    catalog = read_catalog(LOCALES_DIR / f"{locale}.po")
    for msgid, message in _messages(catalog).items():
        forms = _forms(message)
        assert all(forms), f"{locale}: {msgid!r} is not translated"
        assert len(forms) == (catalog.num_plurals if message.pluralizable else 1), (
            f"{locale}: {msgid!r} needs {catalog.num_plurals} plural forms"
        )
        assert not message.fuzzy, f"{locale}: {msgid!r} is fuzzy"
        expected = sorted(set(PLACEHOLDER.findall(" ".join(_ids(message)))))
        for form in forms:
            assert sorted(set(PLACEHOLDER.findall(form))) == expected, (
                f"{locale}: placeholders differ in {msgid!r}"
            )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_compiled_catalog_holds_the_finished_translations(locale):
    with (LOCALES_DIR / f"{locale}.mo").open("rb") as compiled:
        mo = {_ids(message): _forms(message) for message in read_mo(compiled) if message.id}
    catalog = read_catalog(LOCALES_DIR / f"{locale}.po")
    finished = {
        _ids(message): _forms(message)
        for message in catalog
        if message.id and all(_forms(message)) and not message.fuzzy
    }
    assert mo == finished, "run `make catalogs`"


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_plurals_follow_the_locale(locale):
    text = translations(locale).ngettext(TOO_MANY_FILES, "", 3).format(count=3)
    assert text == EXPECTED[locale]["too_many_files"]
{%- if 'ru' in cookiecutter.supported_locales.replace(' ', '').split(',') %}


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "К сообщению можно прикрепить максимум 1 файл."),
        (3, "К сообщению можно прикрепить максимум 3 файла."),
        (5, "К сообщению можно прикрепить максимум 5 файлов."),
        (11, "К сообщению можно прикрепить максимум 11 файлов."),
        (21, "К сообщению можно прикрепить максимум 21 файл."),
        (22, "К сообщению можно прикрепить максимум 22 файла."),
    ],
)
def test_russian_has_three_plural_forms(count, text):
    assert translations("ru").ngettext(TOO_MANY_FILES, "", count).format(count=count) == text
{%- endif %}
{%- if untranslated %}


@pytest.mark.parametrize("locale", UNTRANSLATED_LOCALES)
def test_a_locale_not_translated_yet_reads_its_fallback(locale):
    catalog = read_catalog(LOCALES_DIR / f"{locale}.po")
    assert not any(any(_forms(message)) for message in catalog if message.id), (
        f"{locale} is being translated: once it is complete, write its texts out in "
        "tests/expected_text.py and remove it from UNTRANSLATED_LOCALES"
    )
    _ = translations(locale).gettext
    assert _("Sign in to continue.") == EXPECTED[locale]["sign_in"]
    assert _("Hi! How can I help you today?") == EXPECTED[locale]["greeting"]
{%- endif %}
