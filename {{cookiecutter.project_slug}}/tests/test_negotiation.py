"""Accept-Language → one of the supported locales, whatever the header holds."""

import pytest

from {{ cookiecutter.package_name }}.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, negotiate_locale


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_each_supported_locale_is_found_in_any_spelling(locale):
    base = locale.split("-")[0]
    first_of_language = next(other for other in SUPPORTED_LOCALES if other.split("-")[0] == base)
    assert negotiate_locale(locale) == locale
    assert negotiate_locale(locale.upper()) == locale
    assert negotiate_locale(locale.replace("-", "_")) == locale
    if locale == base:
        assert negotiate_locale(f"{locale}-ZZ") == locale  # regional fallback: fr-CA → fr
        assert negotiate_locale(f"{locale}-Latn-ZZ") == locale  # and from a longer tag
    elif base not in SUPPORTED_LOCALES and locale == first_of_language:
        assert negotiate_locale(f"{base}-ZZ") == locale  # another region: pt-PT → pt-BR
        assert negotiate_locale(base) == locale  # the bare language too
    assert negotiate_locale(f"xx-YY, {locale};q=0.5") == locale
    assert negotiate_locale(f"{locale};q=0.2, xx;q=0.9") == locale


@pytest.mark.parametrize(
    "header", [None, "", "*", "xx", "en-US;q=abc", ";;;", "q=1", "zz;q=2", "a" * 5000]
)
def test_garbage_falls_back_to_the_default(header):
    assert negotiate_locale(header) == DEFAULT_LOCALE


def test_quality_zero_excludes_a_locale():
    other = [locale for locale in SUPPORTED_LOCALES if locale != DEFAULT_LOCALE]
    for locale in other:
        assert negotiate_locale(f"{locale};q=0, xx") == DEFAULT_LOCALE

{%- if cookiecutter.supported_locales.split(',') | length > 1 %}


def test_higher_quality_wins_and_ties_keep_header_order():
    first, second = SUPPORTED_LOCALES[0], SUPPORTED_LOCALES[1]
    assert negotiate_locale(f"{first};q=0.3, {second};q=0.8") == second
    assert negotiate_locale(f"{second}, {first}") == second
    assert negotiate_locale(f"{first}, {second}") == first
{%- endif %}
