"""The settings class and the README's settings table describe the same settings."""

import re
from pathlib import Path

from {{ cookiecutter.package_name }}.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_documents_every_setting():
    documented = re.findall(r"^\| `([A-Z0-9_]+)` \|", README.read_text(), re.MULTILINE)
    assert sorted(documented) == sorted(name.upper() for name in Settings.model_fields)


def test_hostnames_and_retention_default_to_the_generated_answers():
    fields = Settings.model_fields
    assert fields["hostnames"].default == ({{ cookiecutter.hostnames.split(',') | map('trim') | map('tojson') | join(', ') }}{% if cookiecutter.hostnames.split(',') | length == 1 %},{% endif %})
    assert fields["retention_days"].default == {{ cookiecutter.retention_days }}
