"""Render the template with cookiecutter and with copier, and compare what they wrote."""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import copier
from cookiecutter.main import cookiecutter

TEMPLATE = Path(__file__).resolve().parent.parent
COOKIECUTTER_JSON = TEMPLATE / "cookiecutter.json"
ANSWERS_FILE = ".copier-answers.yml"


def cookiecutter_context() -> dict:
    return json.loads(COOKIECUTTER_JSON.read_text(encoding="utf-8"))


def question_names() -> list[str]:
    return [name for name in cookiecutter_context() if not name.startswith("_")]


def isolated_config(directory: Path) -> Path:
    """A cookiecutter user config that keeps its caches and replays out of $HOME."""
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "cookiecutterrc.yml"
    config.write_text(
        f"cookiecutters_dir: {json.dumps(str(directory / 'cookiecutters'))}\n"
        f"replay_dir: {json.dumps(str(directory / 'replay'))}\n",
        encoding="utf-8",
    )
    return config


def render_cookiecutter(answers: dict, output_dir: Path, template: Path = TEMPLATE) -> Path:
    """Render like `cookiecutter --no-input`; returns the project directory."""
    project = cookiecutter(
        str(template),
        no_input=True,
        extra_context=answers,
        output_dir=str(output_dir),
        config_file=str(isolated_config(output_dir.parent / f"{output_dir.name}-config")),
    )
    return Path(project)


def render_copier(answers: dict, destination: Path) -> Path:
    """Render like `copier copy --defaults --data ...` from the working tree (HEAD + changes)."""
    copier.run_copy(
        str(TEMPLATE),
        str(destination),
        data=answers,
        defaults=True,
        unsafe=False,
        vcs_ref="HEAD",
        quiet=True,
    )
    return destination


def run_cookiecutter_cli(answers: dict, output_dir: Path) -> subprocess.CompletedProcess[str]:
    """`cookiecutter --no-input` in a subprocess, to see what a user sees on stderr."""
    config = isolated_config(output_dir.parent / f"{output_dir.name}-config")
    command = [sys.executable, "-m", "cookiecutter", "--no-input", "--config-file", str(config)]
    command += ["--output-dir", str(output_dir), str(TEMPLATE)]
    command += [f"{name}={value}" for name, value in answers.items()]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env, check=False)


def tree(root: Path, ignore: tuple[str, ...] = (ANSWERS_FILE,)) -> dict[str, tuple[bytes, bool]]:
    """Every file under `root`: relative path -> (content, executable)."""
    files = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in ignore:
            files[relative] = (path.read_bytes(), os.access(path, os.X_OK))
    return files


def differences(left: dict, right: dict, names: tuple[str, str]) -> list[str]:
    """Human-readable differences between two `tree()`s; empty when they are identical."""
    found = [f"only in {names[0]}: {path}" for path in sorted(left.keys() - right.keys())]
    found += [f"only in {names[1]}: {path}" for path in sorted(right.keys() - left.keys())]
    for path in sorted(left.keys() & right.keys()):
        (left_bytes, left_exec), (right_bytes, right_exec) = left[path], right[path]
        if left_exec != right_exec:
            found.append(f"{path}: executable in {names[0] if left_exec else names[1]} only")
        if left_bytes != right_bytes:
            diff = difflib.unified_diff(
                left_bytes.decode("utf-8", "replace").splitlines(),
                right_bytes.decode("utf-8", "replace").splitlines(),
                *names,
                lineterm="",
                n=1,
            )
            found.append(f"{path} differs:\n" + "\n".join(list(diff)[:20]))
    return found


def text_files(root: Path) -> dict[Path, str]:
    """Every file under `root` that is UTF-8 text (binary files are skipped)."""
    texts = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue
        try:
            texts[path] = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return texts
