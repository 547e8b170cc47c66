"""The project's command line: ``{{ cookiecutter.package_name }} <command>``."""

import argparse
import asyncio
import os
import secrets
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from pydantic import ValidationError

{% if cookiecutter.auth_style == 'session' -%}
from .session_commands import add_session_commands
{% endif -%}
from .settings import Settings
{%- if cookiecutter.auth_style == 'api_token' %}
from .token_commands import add_token_commands
{%- endif %}

if TYPE_CHECKING:  # the commands import what they need when they run
    from sqlalchemy.ext.asyncio import AsyncEngine

    from .store.blobs import BlobStore
    from .store.erasure import Deleted

T = TypeVar("T")


def main(argv: Sequence[str] | None = None) -> int:
    _use_utc()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.run is _secrets:
        return _secrets()
    if args.run is _preflight:
        return _preflight()
    try:
        settings = Settings()
    except ValidationError as error:
        for line in describe_settings_error(error):
            print(line, file=sys.stderr)
        return 2
    return args.run(settings, args)


def describe_settings_error(error: ValidationError) -> list[str]:
    """One line per bad setting, named as its environment variable, without its value."""
    lines = []
    for problem in error.errors(include_url=False, include_input=False):
        name = "_".join(str(part) for part in problem["loc"]).upper()
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(
            f"Invalid setting {name}: {message}" if name else f"Invalid settings: {message}"
        )
    return lines


def _use_utc() -> None:
    # ChatKit stamps items with naive datetime.now(); running in UTC makes those UTC.
    os.environ["TZ"] = "UTC"
    time.tzset()


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from .http import asgi

    options = {
        "host": args.host,
        "port": args.port,
        "log_config": None,
        # X-Forwarded-For/-Proto are believed only from these peers (the reverse proxy): the
        # client address in the logs and the https:// of attachment links come from them.
        "proxy_headers": True,
        "forwarded_allow_ips": args.forwarded_allow_ips,
        # Streams in flight get this long to finish after SIGTERM before they are cut.
        "timeout_graceful_shutdown": args.timeout_graceful_shutdown,
        "timeout_keep_alive": args.timeout_keep_alive,
        "server_header": False,
    }
    if args.workers == 1:
        uvicorn.run(asgi.build_app(settings), **options)
        return 0
    from .observability.logging import configure_logging

    # The supervisor logs too (workers started, restarted, stopped): in the app's format.
    configure_logging(settings.log_level, settings.log_format)
    # Each worker is a new process that imports the factory and builds its own app.
    uvicorn.run(asgi.FACTORY, factory=True, workers=args.workers, **options)
    return 0


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    from alembic import command

    from .store.migrations import alembic_config

    command.upgrade(alembic_config(settings.database_url), "head")
    return 0


def _purge(settings: Settings, args: argparse.Namespace) -> int:
    from .store.retention import purge_expired_threads

    days = args.days if args.days is not None else settings.retention_days
    report = _run_job(
        settings,
        lambda engine, blobs: purge_expired_threads(
            engine,
            blobs,
            older_than=timedelta(days=days),
            batch_size=args.batch_size,
            dry_run=args.dry_run,
        ),
    )
{%- if cookiecutter.database == 'postgres' %}
    if report.skipped:
        print("Skipped: another purge is running (it holds the retention lock); nothing deleted.")
        return 0
{%- endif %}
    verb = "Would delete" if args.dry_run else "Deleted"
    print(f"{verb} {_describe(report.deleted)} inactive for {days} days.")
{%- if cookiecutter.auth_style == 'api_token' %}
    print(f"{verb} {report.credentials} API tokens expired or revoked over {days} days ago.")
{%- elif cookiecutter.auth_style == 'session' %}
    print(f"{verb} {report.credentials} sessions timed out over {days} days ago.")
{%- endif %}
    return 0


def _delete_user(settings: Settings, args: argparse.Namespace) -> int:
    from .store.database import create_session_factory
    from .store.erasure import delete_user_data

    report = _run_job(
        settings,
        lambda engine, blobs: delete_user_data(
            create_session_factory(engine),
            blobs,
            tenant_id=args.tenant,
            user_id=args.user,
            batch_size=args.batch_size,
            dry_run=args.dry_run,
        ),
    )
    verb = "Would delete" if args.dry_run else "Deleted"
{%- if cookiecutter.auth_style != 'jwt' %}
    print(
        f"{verb} {report.credentials} {{ 'API tokens' if cookiecutter.auth_style == 'api_token' else 'sessions' }} and {_describe(report.deleted)} of user "
        f"{args.user} in tenant {args.tenant}."
    )
{%- else %}
    print(f"{verb} {_describe(report.deleted)} of user {args.user} in tenant {args.tenant}.")
{%- endif %}
    return 0


def _delete_tenant(settings: Settings, args: argparse.Namespace) -> int:
    from .store.database import create_session_factory
    from .store.erasure import delete_tenant_data

    report = _run_job(
        settings,
        lambda engine, blobs: delete_tenant_data(
            create_session_factory(engine),
            blobs,
            tenant_id=args.tenant,
            batch_size=args.batch_size,
            dry_run=args.dry_run,
        ),
    )
    verb = "Would delete" if args.dry_run else "Deleted"
{%- if cookiecutter.auth_style != 'jwt' %}
    print(
        f"{verb} {report.credentials} {{ 'API tokens' if cookiecutter.auth_style == 'api_token' else 'sessions' }} and {_describe(report.deleted)} "
        f"of tenant {args.tenant}."
    )
{%- else %}
    print(f"{verb} {_describe(report.deleted)} of tenant {args.tenant}.")
{%- endif %}
    return 0


{% if cookiecutter.encryption == 'aes_gcm' -%}
def _rotate_keys(settings: Settings, args: argparse.Namespace) -> int:
    from .store.crypto import Cipher, DecryptionError
    from .store.database import create_session_factory
    from .store.rotation import reencrypt_rows

    cipher = Cipher.from_setting(settings.encryption_keys.get_secret_value())
    try:
        rotation = _run_job(
            settings,
            lambda engine, blobs: reencrypt_rows(
                create_session_factory(engine), cipher, blobs, batch_size=args.batch_size
            ),
        )
    except DecryptionError as error:
        print(f"rotate-keys: {error}", file=sys.stderr)
        return 1
    print(
        f"Re-encrypted {rotation.rows} rows and {rotation.files} attachment files "
        f"with key {cipher.primary_kid}."
    )
    return 0


{% endif -%}
def _run_job(settings: Settings, job: "Callable[[AsyncEngine, BlobStore], Awaitable[T]]") -> T:
    """Run a maintenance job with an engine and the blob store, logging as the app does."""
    from .observability.logging import configure_logging
    from .store.blobs import blob_store_from_settings
    from .store.database import engine_from_settings

    configure_logging(settings.log_level, settings.log_format)

    async def run() -> T:
        engine = engine_from_settings(settings)
        try:
            return await job(engine, blob_store_from_settings(settings))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _describe(deleted: "Deleted") -> str:
    return (
        f"{deleted.threads} threads ({deleted.items} items, {deleted.attachments} attachments) "
        f"and {deleted.uploads} unsent uploads"
    )


{% if cookiecutter.auth_style != 'session' -%}
def _dev_token(settings: Settings, args: argparse.Namespace) -> int:
    from .auth.dev_tokens import DevTokenRefused, mint_dev_token
{%- if cookiecutter.auth_style == 'api_token' %}
    from .token_commands import with_api_tokens

    try:
        print(
            with_api_tokens(
                settings,
                lambda tokens: mint_dev_token(settings, tokens, args.user, args.tenant),
            )
        )
{%- else %}

    try:
        print(mint_dev_token(settings, args.user, args.tenant))
{%- endif %}
    except DevTokenRefused as refused:
        print(f"dev-token: {refused}", file=sys.stderr)
        return 2
    return 0


{% endif -%}
def _preflight() -> int:
    """The launch checklist; invalid settings are its first failures, not a usage error."""
    from .preflight import run_checks

    try:
        problems = run_checks(Settings())
    except ValidationError as error:
        problems = describe_settings_error(error)
    for problem in problems:
        print(f"preflight: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("preflight: every check passed")
    return 0


def _secrets() -> int:
    """Print fresh secrets as ``.env`` lines; needs no settings (``make secrets`` uses it)."""
{%- if cookiecutter.encryption == 'aes_gcm' %}
    from .store.crypto import new_key_entry
{% endif %}
{%- if cookiecutter.auth_style == 'jwt' %}
    print(f"JWT_SECRET={secrets.token_urlsafe(48)}")
{%- elif cookiecutter.auth_style == 'session' %}
    print(f"OIDC_STATE_SECRET={secrets.token_urlsafe(48)}")
{%- endif %}
    print(f"ATTACHMENT_URL_SECRET={secrets.token_urlsafe(48)}")
{%- if cookiecutter.encryption == 'aes_gcm' %}
    # Dated for the operator, with a random tail: two keys made the same day never share a kid.
    print(f"ENCRYPTION_KEYS={new_key_entry(time.strftime('k%Y%m%d-') + secrets.token_hex(2))}")
{%- endif %}
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="{{ cookiecutter.package_name }}")
    commands = parser.add_subparsers(required=True, metavar="command")

    serve = commands.add_parser("serve", help="run the backend")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    # The two defaults read uvicorn's own variables, so a container sets them per machine.
    serve.add_argument(
        "--workers",
        type=_positive_int,
        default=os.environ.get("WEB_CONCURRENCY", "1"),
        help="processes, one per core (default: $WEB_CONCURRENCY or 1)",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        metavar="IPS",
        help="comma list of proxy addresses or networks trusted for X-Forwarded-For/-Proto, "
        "or * (default: $FORWARDED_ALLOW_IPS or 127.0.0.1)",
    )
    serve.add_argument(
        "--timeout-graceful-shutdown", type=_positive_int, default=30, metavar="SECONDS"
    )
    # Longer than the proxy's idle keep-alive to the app (60 s in deploy/nginx), so the proxy,
    # not the app, closes an idle connection: no request is sent on a closing one.
    serve.add_argument("--timeout-keep-alive", type=_positive_int, default=75, metavar="SECONDS")
    serve.set_defaults(run=_serve)

    migrate = commands.add_parser("migrate", help="upgrade the database schema")
    migrate.set_defaults(run=_migrate)

    purge = commands.add_parser(
        "purge", help="delete threads inactive for N days, and uploads never sent"
    )
    purge.add_argument("--days", type=_positive_int, default=None)
    _add_batch_options(purge)
    purge.set_defaults(run=_purge)

    delete_user = commands.add_parser(
        "delete-user", help="delete every thread and attachment of a user in a tenant"
    )
    delete_user.add_argument("--tenant", required=True, type=_non_empty)
    delete_user.add_argument("--user", required=True, type=_non_empty)
    _add_batch_options(delete_user)
    delete_user.set_defaults(run=_delete_user)

    delete_tenant = commands.add_parser(
        "delete-tenant", help="delete every thread and attachment of a tenant"
    )
    delete_tenant.add_argument("--tenant", required=True, type=_non_empty)
    _add_batch_options(delete_tenant)
    delete_tenant.set_defaults(run=_delete_tenant)

{%- if cookiecutter.encryption == 'aes_gcm' %}
    rotate = commands.add_parser(
        "rotate-keys", help="re-encrypt rows and attachment files with the primary key"
    )
    rotate.add_argument("--batch-size", type=_positive_int, default=500)
    rotate.set_defaults(run=_rotate_keys)
{% endif %}
{%- if cookiecutter.auth_style == 'api_token' %}
    add_token_commands(commands)
{% elif cookiecutter.auth_style == 'session' %}
    add_session_commands(commands)
{% endif %}
{%- if cookiecutter.auth_style != 'session' %}
    token = commands.add_parser("dev-token", help="print a development token")
    token.add_argument("--user", required=True)
    token.add_argument("--tenant", required=True)
    token.set_defaults(run=_dev_token)
{% endif %}
    preflight = commands.add_parser(
        "preflight", help="check this deployment against the launch checklist"
    )
    preflight.set_defaults(run=_preflight)

    new_secrets = commands.add_parser("secrets", help="print fresh secrets for .env")
    new_secrets.set_defaults(run=_secrets)
    return parser


def _add_batch_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--batch-size", type=_positive_int, default=500)
    command.add_argument("--dry-run", action="store_true", help="count, delete nothing")


def _non_empty(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return value


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return number
