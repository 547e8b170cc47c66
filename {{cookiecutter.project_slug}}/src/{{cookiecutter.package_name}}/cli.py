"""The project's command line: ``{{ cookiecutter.package_name }} <command>``."""

import argparse
import asyncio
import os
import secrets
import sys
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from pydantic import ValidationError

from .settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def main(argv: Sequence[str] | None = None) -> int:
    _use_utc()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.run is _secrets:
        return _secrets()
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

    from .http.app import create_app

    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_config=None,
        proxy_headers=True,
        timeout_graceful_shutdown=30,
    )
    return 0


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    from alembic import command
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    # Alembic's config is an ini file: a literal % (URL-encoded passwords) must be doubled.
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    command.upgrade(config, "head")
    return 0


def _purge(settings: Settings, args: argparse.Namespace) -> int:
    from .observability.logging import configure_logging
    from .store.database import create_session_factory, engine_from_settings
    from .store.retention import purge_expired_threads

    configure_logging(settings.log_level, settings.log_format)
    days = args.days if args.days is not None else settings.retention_days

    async def purge() -> None:
        engine = engine_from_settings(settings)
        try:
            report = await purge_expired_threads(
                create_session_factory(engine),
                older_than=timedelta(days=days),
                batch_size=args.batch_size,
                dry_run=args.dry_run,
            )
        finally:
            await engine.dispose()
        verb = "Would delete" if args.dry_run else "Deleted"
        print(
            f"{verb} {report.threads} threads ({report.items} items, "
            f"{report.attachments} attachments) inactive for {days} days."
        )

    asyncio.run(purge())
    return 0


{% if cookiecutter.encryption == 'aes_gcm' -%}
def _rotate_keys(settings: Settings, args: argparse.Namespace) -> int:
    from .store.crypto import Cipher
    from .store.database import create_session_factory, engine_from_settings
    from .store.rotation import reencrypt_rows

    async def rotate() -> int:
        engine = engine_from_settings(settings)
        try:
            cipher = Cipher.from_setting(settings.encryption_keys.get_secret_value())
            return await reencrypt_rows(create_session_factory(engine), cipher)
        finally:
            await engine.dispose()

    print(f"Re-encrypted {asyncio.run(rotate())} rows with the primary key.")
    return 0


{% endif -%}
def _dev_token(settings: Settings, args: argparse.Namespace) -> int:
    from .auth.dev_tokens import DevTokenRefused, mint_dev_token

    try:
        print(mint_dev_token(settings, args.user, args.tenant))
    except DevTokenRefused as refused:
        print(f"dev-token: {refused}", file=sys.stderr)
        return 2
    return 0


def _secrets() -> int:
    """Print fresh secrets as ``.env`` lines; needs no settings (``make secrets`` uses it)."""
{%- if cookiecutter.encryption == 'aes_gcm' %}
    from .store.crypto import new_key_entry
{% endif %}
    print(f"JWT_SECRET={secrets.token_urlsafe(48)}")
    print(f"ATTACHMENT_URL_SECRET={secrets.token_urlsafe(48)}")
{%- if cookiecutter.encryption == 'aes_gcm' %}
    print(f"ENCRYPTION_KEYS={new_key_entry(time.strftime('k%Y%m%d'))}")
{%- endif %}
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="{{ cookiecutter.package_name }}")
    commands = parser.add_subparsers(required=True, metavar="command")

    serve = commands.add_parser("serve", help="run the backend")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)

    migrate = commands.add_parser("migrate", help="upgrade the database schema")
    migrate.set_defaults(run=_migrate)

    purge = commands.add_parser("purge", help="delete threads inactive for N days")
    purge.add_argument("--days", type=_positive_int, default=None)
    purge.add_argument("--batch-size", type=_positive_int, default=500)
    purge.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    purge.set_defaults(run=_purge)

{%- if cookiecutter.encryption == 'aes_gcm' %}
    rotate = commands.add_parser("rotate-keys", help="re-encrypt rows with the primary key")
    rotate.set_defaults(run=_rotate_keys)
{% endif %}
    token = commands.add_parser("dev-token", help="print a development token")
    token.add_argument("--user", required=True)
    token.add_argument("--tenant", required=True)
    token.set_defaults(run=_dev_token)

    new_secrets = commands.add_parser("secrets", help="print fresh secrets for .env")
    new_secrets.set_defaults(run=_secrets)
    return parser


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return number
