"""The generated project's own test suite passes, run the way its README says (`make test`).

A project with database=postgres runs against a database of its own, created for the run on the
PostgreSQL server named by TEST_POSTGRES_URL and dropped afterwards; its suite reads it from
DATABASE_URL. Without a server that answers, those runs fail (they never skip).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from cases import SUITE_VARIATIONS, VARIATIONS

TIMEOUT_SECONDS = 20 * 60

POSTGRES_VARIABLE = "TEST_POSTGRES_URL"
POSTGRES_HELP = (
    "`make test` sets it to the server scripts/pg_start.sh finds or starts on 127.0.0.1; to use a "
    "server of yours, set TEST_POSTGRES_URL=postgresql+asyncpg://USER[:PASSWORD]@HOST:PORT[/DB] "
    "(USER must be allowed to CREATE DATABASE; DB, default postgres, is where that runs)"
)
CONNECT_TIMEOUT_SECONDS = 10
# PostgreSQL truncates identifiers to 63 bytes.
MAX_DATABASE_NAME = 63


def nested_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment, minus what would leak the template's pytest into the project's."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "COV_CORE_"))
        # `make test PYTHON=...` exports PYTHON (and MAKEFLAGS carries it) to every make below;
        # the project's make decides its own.
        and name
        not in {"PYTHONPATH", "VIRTUAL_ENV", "DATABASE_URL", "PYTHON", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    # As if the venv holding requirements.txt were activated: its tools come first on PATH.
    environment["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), environment.get("PATH", "")])
    environment.update(extra or {})
    return environment


def run_streaming(command: list[str], cwd: Path, extra_environment: dict[str, str]) -> tuple[int, str]:
    """Run `command`, echoing its output as it comes; returns the exit code and the last lines.

    pytest shows the echoed output with a failure (or live, with `-s`).
    """
    tail: collections.deque[str] = collections.deque(maxlen=60)
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=nested_environment(extra_environment),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as process:
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            tail.append(line)
        code = process.wait(timeout=TIMEOUT_SECONDS)
    return code, "".join(tail)


def uses_postgres(variation: str) -> bool:
    return VARIATIONS[variation].get("database") == "postgres"


def scratch_database_name(variation: str) -> str:
    """`template_<variation>_<6 random hex digits>`: readable, and distinct across parallel runs."""
    suffix = "_" + secrets.token_hex(3)
    stem = "template_" + re.sub(r"[^a-z0-9]+", "_", variation.lower()).strip("_")
    return stem[: MAX_DATABASE_NAME - len(suffix)].rstrip("_") + suffix


def postgres_server() -> URL:
    """The server of TEST_POSTGRES_URL, with the asyncpg driver; fails the test unless it answers."""
    value = os.environ.get(POSTGRES_VARIABLE, "").strip()
    if not value:
        pytest.fail(
            f"{POSTGRES_VARIABLE} is not set: this project uses PostgreSQL and needs a server. "
            + POSTGRES_HELP,
            pytrace=False,
        )
    try:
        url = make_url(value)
    except ArgumentError as error:
        pytest.fail(f"{POSTGRES_VARIABLE} is not a database URL ({error}). {POSTGRES_HELP}", pytrace=False)
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() != "postgresql":
        pytest.fail(f"{POSTGRES_VARIABLE}={shown} is not a PostgreSQL URL. {POSTGRES_HELP}", pytrace=False)
    url = url.set(drivername="postgresql+asyncpg")
    if url.host and not url.host.startswith("/"):
        # A quick, driver-independent check, so that a missing server gets its own clear message.
        address = (url.host, url.port or 5432)
        try:
            socket.create_connection(address, timeout=CONNECT_TIMEOUT_SECONDS).close()
        except OSError as error:
            pytest.fail(
                f"no PostgreSQL server answers at {address[0]}:{address[1]} ({POSTGRES_VARIABLE}={shown}): "
                f"{error}. {POSTGRES_HELP}",
                pytrace=False,
            )
    return url


def execute_on_server(server: URL, statement: str) -> list[tuple]:
    """Run one statement, outside a transaction, in the server's maintenance database."""
    try:
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine(
            server.set(database=server.database or "postgres"),
            isolation_level="AUTOCOMMIT",
            poolclass=NullPool,
            connect_args={"timeout": CONNECT_TIMEOUT_SECONDS},
        )
    except ImportError as error:
        pytest.fail(
            f"cannot talk to PostgreSQL: {error}; `make venv` installs requirements.txt", pytrace=False
        )

    async def run() -> list[tuple]:
        try:
            async with engine.connect() as connection:
                result = await connection.execute(text(statement))
                return [tuple(row) for row in result] if result.returns_rows else []
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except Exception as error:
        shown = server.render_as_string(hide_password=True)
        pytest.fail(
            f"{statement!r} failed on {shown} ({POSTGRES_VARIABLE}): {type(error).__name__}: {error}. "
            f"{POSTGRES_HELP}",
            pytrace=False,
        )


@contextlib.contextmanager
def scratch_database(variation: str) -> Iterator[str]:
    """A new, empty database for `variation` on the TEST_POSTGRES_URL server, dropped on exit.

    Yields its URL, for the project's DATABASE_URL (password included, if the server has one).
    """
    server = postgres_server()
    name = scratch_database_name(variation)
    execute_on_server(server, f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        # FORCE: a connection the project's suite left open must not keep the database alive.
        execute_on_server(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def with_database_marks(variations: Iterable[str]) -> list:
    """Parameters for these variations, those on PostgreSQL marked ``postgres``."""
    return [
        pytest.param(variation, marks=[pytest.mark.postgres] if uses_postgres(variation) else [])
        for variation in variations
    ]


@contextlib.contextmanager
def runnable_copy(render: Path, variation: str, directory: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """A copy of a render to run commands in (they write caches, catalogs and node_modules),
    and the environment they need: on PostgreSQL, DATABASE_URL of a scratch database."""
    with contextlib.ExitStack() as stack:
        environment = {}
        if uses_postgres(variation):
            environment["DATABASE_URL"] = stack.enter_context(scratch_database(variation))
            print(f"DATABASE_URL={make_url(environment['DATABASE_URL']).render_as_string()}")
        yield shutil.copytree(render, directory / "project"), environment


@pytest.mark.slow
@pytest.mark.parametrize("variation", with_database_marks(SUITE_VARIATIONS))
def test_the_generated_projects_suite_passes(bakes, tmp_path, variation):
    with runnable_copy(bakes.cookiecutter(variation), variation, tmp_path) as (project, environment):
        code, tail = run_streaming(["make", "test", f"PYTHON={sys.executable}"], project, environment)

    assert code == 0, f"`make test` failed in the generated project (exit {code}):\n{tail}"


# The helpers above, checked on their own. Only the last test needs a server.


def test_every_suite_variation_is_a_variation():
    assert set(SUITE_VARIATIONS) <= VARIATIONS.keys()
    assert any(uses_postgres(variation) for variation in SUITE_VARIATIONS)


@pytest.mark.parametrize("variation", [*VARIATIONS, "Weird--ID!", "x" * 80])
def test_scratch_database_names_are_readable_valid_and_distinct(variation):
    names = {scratch_database_name(variation) for _ in range(20)}

    assert len(names) == 20
    for name in names:
        assert re.fullmatch(r"template_[a-z0-9_]+_[0-9a-f]{6}", name), name
        assert len(name) <= MAX_DATABASE_NAME
        assert "__" not in name
    assert scratch_database_name("postgres-no-encryption").startswith("template_postgres_no_encryption_")


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "TEST_POSTGRES_URL is not set: this project uses PostgreSQL"),
        ("", "TEST_POSTGRES_URL is not set"),
        ("not a url", "TEST_POSTGRES_URL is not a database URL"),
        ("sqlite+aiosqlite:///c.db", "TEST_POSTGRES_URL=sqlite+aiosqlite:///c.db is not a PostgreSQL URL"),
        ("postgresql+asyncpg://app:s3cret@127.0.0.1:{port}", "no PostgreSQL server answers at 127.0.0.1:"),
        ("postgresql://app@127.0.0.1:{port}/postgres", "no PostgreSQL server answers at 127.0.0.1:{port}"),
    ],
    ids=["unset", "empty", "not-a-url", "not-postgres", "nothing-listening", "plain-scheme"],
)
def test_a_postgres_project_fails_without_a_server(monkeypatch, value, message):
    port = unused_port()
    if value is None:
        monkeypatch.delenv(POSTGRES_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(POSTGRES_VARIABLE, value.format(port=port))

    with pytest.raises(pytest.fail.Exception) as failure, scratch_database("postgres"):
        pass

    assert message.format(port=port) in str(failure.value)
    assert "scripts/pg_start.sh" in str(failure.value)
    assert "s3cret" not in str(failure.value)


@pytest.mark.postgres
def test_a_scratch_database_is_created_empty_and_dropped():
    server = postgres_server()
    databases = "select datname from pg_database"

    with scratch_database("postgres") as url:
        name = make_url(url).database
        assert (name,) in execute_on_server(server, databases)
        assert execute_on_server(make_url(url), "select current_database()") == [(name,)]
        tables = "select count(*) from pg_tables where schemaname = 'public'"
        assert execute_on_server(make_url(url), tables) == [(0,)]

    assert (name,) not in execute_on_server(server, databases)
