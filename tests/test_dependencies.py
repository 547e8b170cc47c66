"""Each combination declares what its code imports.

The generated suites run in one shared environment holding every combination's dependencies
(requirements.txt), which would hide a package a project imports but does not declare. So each
combination's imports are read from its source and matched to the distributions of this
environment: every third-party import of the application must be a dependency of its
pyproject.toml, and every one of its tests, migrations and benchmarks a dependency or a `dev` one.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from cases import COMBINATIONS

# Where code runs from, and which of pyproject's lists must cover its imports.
APPLICATION = ("src",)
DEVELOPMENT = ("tests", "migrations", "benchmarks")


def imported_modules(root: Path, directories: tuple[str, ...]) -> dict[str, str]:
    """Top-level names of absolute imports under `directories` -> the first file importing each."""
    found: dict[str, str] = {}
    for directory in directories:
        for path in sorted((root / directory).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], path.relative_to(root).as_posix())
    return found


def first_party(root: Path) -> set[str]:
    """The project's own top-level names: its package, the directories run as code, and the
    modules beside a script (a script's directory is first on its import path)."""
    packages = {path.name for path in (root / "src").iterdir() if (path / "__init__.py").is_file()}
    siblings = {path.stem for directory in DEVELOPMENT for path in (root / directory).glob("*.py")}
    return packages | set(DEVELOPMENT) | siblings


def declared(pyproject: dict, *, with_dev: bool) -> set[str]:
    project = pyproject["project"]
    lines = list(project.get("dependencies", []))
    if with_dev:
        lines += project.get("optional-dependencies", {}).get("dev", [])
    return {canonicalize_name(Requirement(line).name) for line in lines}


def undeclared(root: Path, directories: tuple[str, ...], allowed: set[str]) -> list[str]:
    distributions = packages_distributions()
    ours = first_party(root)
    problems = []
    for module, where in sorted(imported_modules(root, directories).items()):
        if module in sys.stdlib_module_names or module in ours:
            continue
        providers = {canonicalize_name(name) for name in distributions.get(module, [])}
        if not providers:
            problems.append(f"{where}: imports {module}, which no installed distribution provides")
        elif not providers & allowed:
            problems.append(f"{where}: imports {module} from {sorted(providers)}, not declared")
    return problems


@pytest.mark.parametrize("combination", list(COMBINATIONS))
def test_every_third_party_import_is_declared(bakes, combination):
    root = bakes.cookiecutter(combination)
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))

    problems = undeclared(root, APPLICATION, declared(pyproject, with_dev=False))
    problems += undeclared(root, DEVELOPMENT, declared(pyproject, with_dev=True))
    assert not problems, f"{combination}:\n" + "\n".join(problems)


def test_the_scan_finds_an_undeclared_import(tmp_path):
    package = tmp_path / "src" / "app"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "uses.py").write_text(
        "import json\nfrom . import uses\nfrom app import uses as again\nimport yaml\n"
        "def later():\n    import cookiecutter.main\n",
        encoding="utf-8",
    )

    problems = undeclared(tmp_path, APPLICATION, {canonicalize_name("PyYAML")})

    assert problems == ["src/app/uses.py: imports cookiecutter from ['cookiecutter'], not declared"]
