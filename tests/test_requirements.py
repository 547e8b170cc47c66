"""requirements.txt pins one environment holding the tooling and every generated dependency."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from cases import COMBINATIONS
from rendering import TEMPLATE

TOOLING = ["cookiecutter", "copier", "pytest", "pytest-xdist", "pytest-cookies", "ruff"]


def pinned() -> dict[str, Requirement]:
    """requirements.txt by canonical project name."""
    requirements = {}
    for line in (TEMPLATE / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            assert name not in requirements, f"{requirement.name} is listed twice"
            requirements[name] = requirement
    return requirements


def exact_version(requirement: Requirement) -> str | None:
    specifiers = list(requirement.specifier)
    if len(specifiers) == 1 and specifiers[0].operator == "==":
        return specifiers[0].version
    return None


def test_every_requirement_is_pinned_exactly():
    loose = [str(requirement) for requirement in pinned().values() if exact_version(requirement) is None]
    assert not loose, f"pin these with ==: {loose}"


def test_the_template_tooling_is_pinned():
    assert {canonicalize_name(name) for name in TOOLING} <= pinned().keys()


def test_this_environment_is_the_pinned_one():
    mismatched = []
    for name, requirement in pinned().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "not installed"
        if installed != exact_version(requirement):
            mismatched.append(f"{requirement}: {installed}")
    assert not mismatched, "reinstall requirements.txt (make venv): " + ", ".join(mismatched)


def project_requirements(pyproject: dict) -> list[Requirement]:
    project = pyproject.get("project", {})
    lines = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    for group in pyproject.get("dependency-groups", {}).values():
        lines += [line for line in group if isinstance(line, str)]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize("combination", list(COMBINATIONS))
def test_the_generated_projects_pins_are_in_requirements(bakes, combination):
    pyproject = tomllib.loads(
        (bakes.cookiecutter(combination) / "pyproject.toml").read_text(encoding="utf-8")
    )
    requirements = project_requirements(pyproject)
    superset = pinned()

    assert requirements, "the generated pyproject.toml declares no dependencies"
    missing = []
    for requirement in requirements:
        ours = superset.get(canonicalize_name(requirement.name))
        if exact_version(requirement) is None:
            continue
        if ours is None or exact_version(ours) != exact_version(requirement):
            missing.append(str(requirement))
        elif not requirement.extras <= ours.extras:
            missing.append(f"{requirement} (extras)")
    assert not missing, f"add to requirements.txt with the same pin: {missing}"
