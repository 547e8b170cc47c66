"""The command line: dev tokens, retention, and refusing bad settings at start-up."""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest

from {{ cookiecutter.package_name }}.cli import main
from {{ cookiecutter.package_name }}.store.crypto import new_key_entry

from .support import AUDIENCE, ISSUER, TEST_SECRET, create_thread, created_thread_id, sse_events


@pytest.fixture
def cli_env(monkeypatch, tmp_path, database_url):
    """Run the CLI from an empty directory (no developer .env) with test settings."""
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "APP_ENV": "development",
        "DATABASE_URL": database_url,
        "JWT_SECRET": TEST_SECRET,
        "JWT_ISSUER": ISSUER,
        "JWT_AUDIENCE": AUDIENCE,
        "ENCRYPTION_KEYS": new_key_entry("k1"),
        "LOG_FORMAT": "json",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("OPENAI_API_KEY", "JWT_JWKS_URL", "JWT_ALGORITHMS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_dev_token_prints_a_valid_token_alone(cli_env, capsys):
    assert main(["dev-token", "--user", "u1", "--tenant", "t9"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    claims = jwt.decode(out.strip(), TEST_SECRET, algorithms=["HS256"], audience=AUDIENCE)
    assert (claims["sub"], claims["tid"], claims["iss"]) == ("u1", "t9", ISSUER)


def test_dev_token_is_refused_in_production(cli_env, capsys):
    cli_env.setenv("APP_ENV", "production")
    cli_env.setenv("OPENAI_API_KEY", "sk-test-not-used")
    assert main(["dev-token", "--user", "u1", "--tenant", "t9"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "APP_ENV=production" in captured.err


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("JWT_SECRET", "short", "JWT_SECRET must be at least 32 bytes"),
        ("ENCRYPTION_KEYS", "k1:not-base64!", "is not valid base64"),
        ("ENCRYPTION_KEYS", "", "ENCRYPTION_KEYS is empty"),
        ("RETENTION_DAYS", "0", "RETENTION_DAYS"),
        ("APP_ENV", "production", "needs OPENAI_API_KEY"),
        ("JWT_JWKS_URL", "https://idp.example.com/jwks.json", "exactly one of JWT_SECRET"),
        ("JWT_ALGORITHMS", "RS256", "cannot be used with JWT_SECRET"),
        ("DOMAIN_KEYS", "app.example.com=sk-live-123", "does not start with domain_pk_"),
    ],
)
def test_bad_settings_refuse_to_start_with_one_clear_line(cli_env, capsys, name, value, message):
    cli_env.setenv(name, value)
    assert main(["dev-token", "--user", "u", "--tenant", "t"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.splitlines()) == 1


def test_secrets_prints_usable_values_without_settings(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ENCRYPTION_KEYS", raising=False)
    assert main(["secrets"]) == 0
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    assert len(lines["JWT_SECRET"]) >= 43
    assert len(lines["ATTACHMENT_URL_SECRET"]) >= 43
    assert lines["ATTACHMENT_URL_SECRET"] != lines["JWT_SECRET"]
    assert lines["ENCRYPTION_KEYS"].startswith("k")


def _backdate(database_url: str, thread_id: str, days: int) -> None:
    path = Path(database_url.split("///", 1)[1])
    when = datetime.now(UTC) - timedelta(days=days)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE threads SET updated_at = ? WHERE id = ?",
            (when.strftime("%Y-%m-%d %H:%M:%S.%f"), thread_id),
        )


def _count(database_url: str, table: str) -> int:
    path = Path(database_url.split("///", 1)[1])
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_purge_deletes_only_expired_threads_and_leaves_no_orphans(
    chatkit, cli_env, database_url, capsys
):
    old = created_thread_id(sse_events(chatkit(create_thread("old")).text))
    recent = created_thread_id(sse_events(chatkit(create_thread("recent")).text))
    _backdate(database_url, old, days=45)
    items_before = _count(database_url, "thread_items")

    assert main(["purge", "--days", "30", "--dry-run"]) == 0
    assert "Would delete 1 threads (2 items" in capsys.readouterr().out
    assert _count(database_url, "threads") == 2

    assert main(["purge", "--days", "30"]) == 0
    assert "Deleted 1 threads (2 items" in capsys.readouterr().out
    ids = [
        thread["id"] for thread in chatkit({"type": "threads.list", "params": {}}).json()["data"]
    ]
    assert ids == [recent]
    assert _count(database_url, "thread_items") == items_before - 2
    path = Path(database_url.split("///", 1)[1])
    with sqlite3.connect(path) as connection:
        orphans = connection.execute(
            "SELECT count(*) FROM thread_items i LEFT JOIN threads t "
            "ON t.tenant_id = i.tenant_id AND t.id = i.thread_id WHERE t.id IS NULL"
        ).fetchone()[0]
    assert orphans == 0


def test_purge_rejects_a_non_positive_day_count(cli_env):
    with pytest.raises(SystemExit) as exit_info:
        main(["purge", "--days", "0"])
    assert exit_info.value.code == 2
