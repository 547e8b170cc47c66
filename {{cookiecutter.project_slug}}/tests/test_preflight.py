"""`preflight`, the launch checklist, through the command line."""

import shutil

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.i18n import DEFAULT_LOCALE, coverage
from {{ cookiecutter.package_name }}.i18n.catalogs import LOCALES_DIR

from .expected_text import TRANSLATED_LOCALES, UNTRANSLATED_LOCALES


def test_untranslated_locales_are_reported(cli_env, capsys):
    code = main(["preflight"])
    out, err = capsys.readouterr()

    flagged = {line.split()[2].rstrip(":") for line in err.splitlines()}
    assert flagged == set(UNTRANSLATED_LOCALES) - {
        locale for locale in UNTRANSLATED_LOCALES if locale.split("-")[0] in TRANSLATED_LOCALES
    }
    assert code == (1 if flagged else 0)
    if not flagged:
        assert out == "preflight: every check passed\n"


def test_a_half_translated_catalog_is_reported(cli_env, capsys, tmp_path, monkeypatch):
    locales = shutil.copytree(LOCALES_DIR, tmp_path / "locales")
    catalog = locales / f"{DEFAULT_LOCALE}.po"
    text = catalog.read_text(encoding="utf-8")
    # Blank the translation of one message, as a new message looks before it is translated.
    entry = 'msgid "Sign in to continue."\nmsgstr "'
    start = text.index(entry) + len(entry)
    catalog.write_text(text[:start] + text[text.index('"\n', start) :], encoding="utf-8")
    monkeypatch.setattr(coverage, "LOCALES_DIR", locales)

    assert main(["preflight"]) == 1
    lines = capsys.readouterr().err.splitlines()
    total = len(coverage.message_ids())
    assert f"preflight: locale {DEFAULT_LOCALE}: {total - 1} of {total} messages translated" in (
        "\n".join(lines)
    )
