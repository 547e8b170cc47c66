"""The command line: {{ 'sign-out' if cookiecutter.auth_style == 'session' else 'dev tokens' }}, retention and erasure jobs and their schedules,
{%- if cookiecutter.encryption == 'aes_gcm' %} key rotation,{% endif %}
and refusing bad settings at start-up."""
{% if cookiecutter.database == 'postgres' %}
import asyncio
{%- endif %}
import json
{%- if cookiecutter.encryption == 'aes_gcm' %}
import re
{%- endif %}
import shlex
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
{%- if cookiecutter.database == 'postgres' %}
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
{%- endif %}

from {{ cookiecutter.package_name }}.cli import main
{%- if cookiecutter.encryption == 'aes_gcm' %}
from {{ cookiecutter.package_name }}.store.crypto import new_key_entry
{%- endif %}
{%- if cookiecutter.database == 'postgres' %}
from {{ cookiecutter.package_name }}.store.retention import RETENTION_LOCK_KEY
{%- endif %}

{% if cookiecutter.auth_style != 'session' -%}
from .log_scan import never_logged
{% endif -%}
from .store_support import (
    PROJECT_ROOT,
    on_database,
    orphan_count,
    row_counts,
    set_thread_activity,
{%- if cookiecutter.auth_style != 'jwt' %}
    set_token_columns,
{%- endif %}
)
from .support import auth, create_thread, created_thread_id, sse_events

PACKAGE = "{{ cookiecutter.package_name }}"
{%- if cookiecutter.auth_style != 'jwt' %}
CREDENTIALS = "{{ 'API tokens' if cookiecutter.auth_style == 'api_token' else 'sessions' }}"
{%- endif %}


{% if cookiecutter.auth_style == 'session' -%}
def test_sign_out_ends_every_session_of_that_user_only(client, make_token, cli_env, capsys):
    listing = {"type": "threads.list", "params": {}}
    laptop, phone = make_token("alice"), make_token("alice")
    bob, namesake = make_token("bob"), make_token("alice", "tenant-b")

    assert main(["sign-out", "--tenant", "tenant-a", "--user", "alice"]) == 0
    assert _printed(capsys) == "Ended 2 sessions of user alice in tenant tenant-a.\n"
    for token, status in ((laptop, 401), (phone, 401), (bob, 200), (namesake, 200)):
        assert client.post("/chatkit", json=listing, headers=auth(token)).status_code == status


@pytest.mark.parametrize("who", [["--tenant", " ", "--user", "a"], ["--tenant", "t", "--user", ""]])
def test_sign_out_needs_whom(cli_env, capsys, who):
    assert main(["sign-out", *who]) == 2
    assert "must not be empty" in capsys.readouterr().err


{% else -%}
def test_dev_token_prints_a_working_token_alone(cli_env, client, make_token, capsys):
    assert main(["dev-token", "--user", "u1", "--tenant", "t9"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    token = never_logged(out.strip())
    created = client.post("/chatkit", json=create_thread("Hello"), headers=auth(token))
    assert created.status_code == 200
    # The thread belongs to u1 in t9.
    listed = client.post(
        "/chatkit",
        json={"type": "threads.list", "params": {}},
        headers=auth(make_token("u1", "t9")),
    )
    assert len(listed.json()["data"]) == 1


def test_dev_token_is_refused_in_production(cli_env, capsys):
    cli_env.setenv("APP_ENV", "production")
    cli_env.setenv("OPENAI_API_KEY", "sk-test-not-used")
    assert main(["dev-token", "--user", "u1", "--tenant", "t9"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "APP_ENV=production" in captured.err


{% endif -%}
@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
{%- if cookiecutter.auth_style == 'jwt' %}
        ("JWT_SECRET", "short", "JWT_SECRET must be at least 32 bytes"),
{%- endif %}
{%- if cookiecutter.encryption == 'aes_gcm' %}
        ("ENCRYPTION_KEYS", "k1:not-base64!", "is not valid base64"),
        ("ENCRYPTION_KEYS", "", "ENCRYPTION_KEYS is empty"),
{%- endif %}
        ("RETENTION_DAYS", "0", "RETENTION_DAYS"),
        ("APP_ENV", "production", "needs OPENAI_API_KEY"),
{%- if cookiecutter.auth_style == 'jwt' %}
        ("JWT_JWKS_URL", "https://idp.example.com/jwks.json", "exactly one of JWT_SECRET"),
        ("JWT_ALGORITHMS", "RS256", "cannot be used with JWT_SECRET"),
{%- else %}
        ("AUTH_FAILURE_RATE_LIMIT", "often", "AUTH_FAILURE_RATE_LIMIT"),
{%- endif %}
        ("DOMAIN_KEYS", "app.example.com=sk-live-123", "does not start with domain_pk_"),
    ],
)
def test_bad_settings_refuse_to_start_with_one_clear_line(cli_env, capsys, name, value, message):
    cli_env.setenv(name, value)
{%- if cookiecutter.auth_style == 'session' %}
    assert main(["sign-out", "--user", "u", "--tenant", "t"]) == 2
{%- else %}
    assert main(["dev-token", "--user", "u", "--tenant", "t"]) == 2
{%- endif %}
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.err.splitlines()) == 1


def test_secrets_prints_usable_values_without_settings(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
{%- if cookiecutter.encryption == 'aes_gcm' %}
    monkeypatch.delenv("ENCRYPTION_KEYS", raising=False)
{%- endif %}
    assert main(["secrets"]) == 0
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
{%- if cookiecutter.auth_style == 'jwt' %}
    assert len(lines["JWT_SECRET"]) >= 43
    assert len(lines["ATTACHMENT_URL_SECRET"]) >= 43
    assert lines["ATTACHMENT_URL_SECRET"] != lines["JWT_SECRET"]
{%- else %}
    assert len(lines["ATTACHMENT_URL_SECRET"]) >= 43
{%- endif %}
{%- if cookiecutter.encryption == 'aes_gcm' %}
    kid = lines["ENCRYPTION_KEYS"].split(":", 1)[0]
    assert re.fullmatch(r"k\d{8}-[0-9a-f]{4}", kid)
    assert main(["secrets"]) == 0
    again = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    assert again["ENCRYPTION_KEYS"].split(":", 1)[0] != kid  # a second rotation the same day
{%- endif %}


# Retention and erasure


def _backdate(database_url: str, thread_id: str, days: int) -> None:
    when = datetime.now(UTC) - timedelta(days=days)
    on_database(database_url, lambda sessions: set_thread_activity(sessions, thread_id, when))


def _printed(capsys) -> str:
    """What a command printed, without the JSON log lines it wrote to stdout as well."""
    lines = capsys.readouterr().out.splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("{"))


def _thread_ids(chatkit, user: str = "alice", tenant: str = "tenant-a") -> list[str]:
    body = chatkit({"type": "threads.list", "params": {}}, user=user, tenant=tenant).json()
    return [thread["id"] for thread in body["data"]]


def test_purge_deletes_only_expired_threads_and_leaves_no_orphans(
    chatkit, cli_env, database_url, capsys
):
    old = created_thread_id(sse_events(chatkit(create_thread("old")).text))
    recent = created_thread_id(sse_events(chatkit(create_thread("recent")).text))
    _backdate(database_url, old, days=45)
    threads, items, attachments = on_database(database_url, row_counts)

    assert main(["purge", "--days", "30", "--dry-run"]) == 0
    assert _printed(capsys) == (
        "Would delete 1 threads (2 items, 0 attachments) and 0 unsent uploads "
        "inactive for 30 days.\n"
{%- if cookiecutter.auth_style == 'api_token' %}
        "Would delete 0 API tokens expired or revoked over 30 days ago.\n"
{%- elif cookiecutter.auth_style == 'session' %}
        "Would delete 0 sessions timed out over 30 days ago.\n"
{%- endif %}
    )
    assert on_database(database_url, row_counts) == (threads, items, attachments)

    assert main(["purge", "--days", "30"]) == 0
    assert _printed(capsys).startswith("Deleted 1 threads (2 items")
    assert _thread_ids(chatkit) == [recent]
    assert on_database(database_url, row_counts) == (threads - 1, items - 2, attachments)
    assert on_database(database_url, orphan_count) == 0


{% if cookiecutter.auth_style == 'api_token' -%}
def test_purge_deletes_api_tokens_that_stopped_working_long_ago(
    make_token, cli_env, database_url, capsys
):
    now = datetime.now(UTC)
    tokens = {name: make_token(name) for name in ("expired", "revoked", "lately", "active")}
    set_token_columns(database_url, tokens["expired"], expires_at=now - timedelta(days=40))
    set_token_columns(database_url, tokens["revoked"], revoked_at=now - timedelta(days=40))
    set_token_columns(database_url, tokens["lately"], expires_at=now - timedelta(days=10))

    assert main(["purge", "--days", "30", "--dry-run"]) == 0
    assert "Would delete 2 API tokens expired or revoked over 30 days ago." in _printed(capsys)
    assert main(["tokens", "list"]) == 0
    assert len(_printed(capsys).splitlines()) == 5  # the header and four tokens

    assert main(["purge", "--days", "30"]) == 0
    assert "Deleted 2 API tokens expired or revoked over 30 days ago." in _printed(capsys)
    assert main(["tokens", "list"]) == 0
    rows = _printed(capsys).splitlines()[1:]
    assert sorted(row.split()[3] for row in rows) == ["active", "lately"]


{% elif cookiecutter.auth_style == 'session' -%}
def test_purge_deletes_sessions_that_timed_out_long_ago(
    client, make_token, cli_env, database_url, capsys
):
    listing = {"type": "threads.list", "params": {}}
    now = datetime.now(UTC)
    old, lately, active = make_token("old"), make_token("lately"), make_token("active")
    set_token_columns(database_url, old, expires_at=now - timedelta(days=40))
    set_token_columns(database_url, lately, expires_at=now - timedelta(days=10))

    assert main(["purge", "--days", "30", "--dry-run"]) == 0
    assert "Would delete 1 sessions timed out over 30 days ago." in _printed(capsys)
    assert main(["purge", "--days", "30"]) == 0
    assert "Deleted 1 sessions timed out over 30 days ago." in _printed(capsys)
    assert client.post("/chatkit", json=listing, headers=auth(active)).status_code == 200
    # Timed out, but not long ago: still refused, its row left for the next purge.
    assert client.post("/chatkit", json=listing, headers=auth(lately)).status_code == 401


{% endif -%}
def test_purge_defaults_to_the_retention_setting(chatkit, cli_env, database_url, capsys):
    old = created_thread_id(sse_events(chatkit(create_thread("old")).text))
    _backdate(database_url, old, days=8)
    cli_env.setenv("RETENTION_DAYS", "7")

    assert main(["purge"]) == 0
    assert "Deleted 1 threads" in _printed(capsys)
    assert _thread_ids(chatkit) == []


def test_purge_rejects_a_non_positive_day_count(cli_env):
    with pytest.raises(SystemExit) as exit_info:
        main(["purge", "--days", "0"])
    assert exit_info.value.code == 2
{%- if cookiecutter.database == 'postgres' %}


async def test_purge_skips_while_another_purge_holds_the_lock(
    chatkit, cli_env, engine: AsyncEngine, sessions, capsys
):
    old = created_thread_id(sse_events(chatkit(create_thread("old")).text))
    await set_thread_activity(sessions, old, datetime.now(UTC) - timedelta(days=45))

    async with engine.connect() as other_purge:
        assert await other_purge.scalar(select(func.pg_try_advisory_lock(RETENTION_LOCK_KEY)))
        code = await asyncio.to_thread(main, ["purge", "--days", "30"])
        await other_purge.scalar(select(func.pg_advisory_unlock(RETENTION_LOCK_KEY)))

    assert code == 0
    assert _printed(capsys) == (
        "Skipped: another purge is running (it holds the retention lock); nothing deleted.\n"
    )
    assert _thread_ids(chatkit) == [old]
{%- endif %}


def test_delete_user_deletes_that_user_in_that_tenant_only(chatkit, cli_env, capsys):
    mine = created_thread_id(sse_events(chatkit(create_thread("mine")).text))
    bobs = created_thread_id(sse_events(chatkit(create_thread("bob's"), user="bob").text))
    namesake = chatkit(create_thread("same id, other tenant"), tenant="tenant-b")
    namesakes = created_thread_id(sse_events(namesake.text))

    command = ["delete-user", "--tenant", "tenant-a", "--user", "alice"]
    assert main([*command, "--dry-run"]) == 0
{%- if cookiecutter.auth_style != 'jwt' %}
    assert _printed(capsys) == (
        f"Would delete 1 {CREDENTIALS} and 1 threads (2 items, 0 attachments) and 0 unsent uploads "
        "of user alice in tenant tenant-a.\n"
    )
    assert _thread_ids(chatkit) == [mine]

    assert main(command) == 0
    assert _printed(capsys).startswith(f"Deleted 2 {CREDENTIALS} and 1 threads (2 items")
{%- else %}
    assert _printed(capsys) == (
        "Would delete 1 threads (2 items, 0 attachments) and 0 unsent uploads "
        "of user alice in tenant tenant-a.\n"
    )
    assert _thread_ids(chatkit) == [mine]

    assert main(command) == 0
    assert _printed(capsys).startswith("Deleted 1 threads (2 items")
{%- endif %}
    assert _thread_ids(chatkit) == []
    assert _thread_ids(chatkit, user="bob") == [bobs]
    assert _thread_ids(chatkit, tenant="tenant-b") == [namesakes]


def test_delete_tenant_deletes_every_user_of_that_tenant(chatkit, cli_env, capsys):
    chatkit(create_thread("mine"))
    chatkit(create_thread("bob's"), user="bob")
    other = created_thread_id(sse_events(chatkit(create_thread("x"), tenant="tenant-b").text))

    assert main(["delete-tenant", "--tenant", "tenant-a"]) == 0
{%- if cookiecutter.auth_style != 'jwt' %}
    assert _printed(capsys).startswith(f"Deleted 2 {CREDENTIALS} and 2 threads (4 items")
{%- else %}
    assert _printed(capsys).startswith("Deleted 2 threads (4 items")
{%- endif %}
    assert _thread_ids(chatkit) == _thread_ids(chatkit, user="bob") == []
    assert _thread_ids(chatkit, tenant="tenant-b") == [other]
{%- if cookiecutter.auth_style != 'jwt' %}


def test_erasure_takes_the_{{ 'api_tokens' if cookiecutter.auth_style == 'api_token' else 'sessions' }}_with_it(client, make_token, cli_env, capsys):
    listing = {"type": "threads.list", "params": {}}
    alice, bob, carol = make_token("alice"), make_token("bob"), make_token("carol", "tenant-b")

    assert main(["delete-user", "--tenant", "tenant-a", "--user", "alice"]) == 0
    assert client.post("/chatkit", json=listing, headers=auth(alice)).status_code == 401
    assert client.post("/chatkit", json=listing, headers=auth(bob)).status_code == 200

    assert main(["delete-tenant", "--tenant", "tenant-a"]) == 0
    assert client.post("/chatkit", json=listing, headers=auth(bob)).status_code == 401
    assert client.post("/chatkit", json=listing, headers=auth(carol)).status_code == 200
{%- endif %}


@pytest.mark.parametrize(
    "command",
    [
        ["delete-user", "--tenant", "", "--user", "alice"],
        ["delete-user", "--tenant", "tenant-a", "--user", " "],
        ["delete-user", "--tenant", "tenant-a"],
        ["delete-tenant"],
    ],
)
def test_erasure_needs_whom(cli_env, command):
    with pytest.raises(SystemExit) as exit_info:
        main(command)
    assert exit_info.value.code == 2


def _scheduled_commands() -> dict[str, list[str]]:
    """The CLI arguments each example schedule in deploy/retention runs."""
    deploy = PROJECT_ROOT / "deploy" / "retention"
    lines = {
        "cron": _lines(deploy / "cron", ""),
        "systemd": _lines(deploy / "{{ cookiecutter.project_slug }}-purge.service", "ExecStart="),
    }
    commands = {name: _after_module(shlex.split(line)) for name, line in lines.items()}
    # The CronJob writes its command as a flow sequence, which is also JSON.
    commands["kubernetes"] = _after_module(json.loads(_lines(deploy / "cronjob.yaml", "command:")))
    return commands


def _lines(path: Path, prefix: str) -> str:
    found = [
        line.strip().removeprefix(prefix).strip()
        for line in path.read_text().splitlines()
        if line.strip() and not line.strip().startswith("#") and line.strip().startswith(prefix)
    ]
    assert len(found) == 1, f"{path.name}: expected one {prefix or 'command'} line"
    return found[0]


def _after_module(words: list[str]) -> list[str]:
    start = words.index("-m")
    assert words[start + 1] == PACKAGE
    arguments = []
    for word in words[start + 2 :]:
        if word in {"|", "&&", ";", ">", ">>", "2>&1"}:
            break
        arguments.append(word)
    return arguments


def test_example_schedules_run_the_purge_command_once_at_a_time(cli_env, capsys):
    commands = _scheduled_commands()

    assert set(commands) == {"cron", "systemd", "kubernetes"}
    for arguments in commands.values():
        assert arguments[0] == "purge"
        assert main([*arguments, "--dry-run"]) == 0
        assert _printed(capsys).startswith("Would delete 0 threads")
    cronjob = (PROJECT_ROOT / "deploy" / "retention" / "cronjob.yaml").read_text()
    assert "\n  concurrencyPolicy: Forbid\n" in cronjob
    timer = PROJECT_ROOT / "deploy" / "retention" / "{{ cookiecutter.project_slug }}-purge.timer"
    assert "OnCalendar=" in timer.read_text()
{%- if cookiecutter.encryption == 'aes_gcm' %}


# Key rotation


def test_rotate_keys_moves_rows_to_the_new_primary_key(chatkit, cli_env, settings, capsys):
    chatkit(create_thread("secret"))
    old_ring = settings.encryption_keys.get_secret_value()
    cli_env.setenv("ENCRYPTION_KEYS", f"{new_key_entry('k2')},{old_ring}")

    assert main(["rotate-keys", "--batch-size", "1"]) == 0
    assert _printed(capsys) == "Re-encrypted 3 rows and 0 attachment files with key k2.\n"
    assert main(["rotate-keys"]) == 0
    assert _printed(capsys) == "Re-encrypted 0 rows and 0 attachment files with key k2.\n"


def test_rotate_keys_without_the_old_key_fails_with_one_clear_line(chatkit, cli_env, capsys):
    chatkit(create_thread("secret"))
    cli_env.setenv("ENCRYPTION_KEYS", new_key_entry("k2"))
    capsys.readouterr()  # the request's log lines

    assert main(["rotate-keys"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("rotate-keys: threads row ")
    assert "no key 'k1' in ENCRYPTION_KEYS" in captured.err
    assert len(captured.err.splitlines()) == 1
{%- endif %}
