"""The settings class and the README's settings table describe the same settings."""

from pathlib import Path

from pydantic import SecretStr

from {{ cookiecutter.package_name }}.settings import Settings

from .settings_table import settings_table

# Defaults the table describes in words, because they depend on other settings.
COMPUTED_DEFAULTS = {"JWT_ALGORITHMS": "`HS256` or `RS256,ES256`"}


def documented_default(value: object) -> str:
    """A default as the table writes it."""
    if value is None:
        return "unset"
    if value in ("", (), {}):
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, tuple):
        return f"`{','.join(value)}`"
    if isinstance(value, float) and value.is_integer():
        return f"`{int(value)}`"
    if isinstance(value, (Path, SecretStr, str, int, float)):
        return f"`{value}`"
    raise AssertionError(f"no documented form for {value!r}")


def test_the_readme_documents_every_setting():
    assert sorted(settings_table()) == sorted(name.upper() for name in Settings.model_fields)


def test_the_documented_defaults_are_the_real_ones():
    table = settings_table()
    for name, field in Settings.model_fields.items():
        if field.is_required():
            expected = "none (required)"
        else:
            default = field.get_default(call_default_factory=True)
            expected = COMPUTED_DEFAULTS.get(name.upper()) or documented_default(default)
        assert table[name.upper()].default == expected, name


def test_every_row_says_what_it_means():
    assert all(row.meaning for row in settings_table().values())


def test_hostnames_and_retention_default_to_the_generated_answers():
    fields = Settings.model_fields
    assert fields["hostnames"].default == ({{ cookiecutter.hostnames.split(',') | map('trim') | map('tojson') | join(', ') }}{% if cookiecutter.hostnames.split(',') | length == 1 %},{% endif %})
    assert fields["retention_days"].default == {{ cookiecutter.retention_days }}
