"""What the app is made of, whatever the framework: the endpoints, built from the settings.

Each framework's ``app.py`` builds ``Services`` once and only routes requests to them, so a
route behaves the same under every framework.
"""

import ipaddress
import json
from dataclasses import dataclass

from agents import Model
from sqlalchemy.ext.asyncio import AsyncEngine

{% if cookiecutter.auth_style == 'api_token' -%}
from ..auth.api_tokens import ApiTokenAuthenticator, ApiTokens
{% elif cookiecutter.auth_style == 'session' -%}
from ..auth.csrf import AllowedOrigins
{% endif -%}
{% if cookiecutter.auth_style != 'session' -%}
from ..auth.dev_tokens import DEV_TOKEN_SECONDS, mint_dev_token
{% endif -%}
{% if cookiecutter.auth_style == 'jwt' -%}
from ..auth.jwt import JwtAuthenticator
{% elif cookiecutter.auth_style == 'session' -%}
from ..auth.sessions import SessionAuthenticator, Sessions
{% endif -%}
from ..auth.signed_urls import LinkSigner
from ..chat.attachments import AttachmentLinks, Attachments
from ..chat.model import build_model
from ..chat.server import AssistantServer
from ..i18n import check_catalogs
from ..observability.agents_tracing import configure_agents_tracing
from ..observability.logging import configure_logging
from ..observability.tracing import configure_tracing
from ..settings import Settings
from ..store.blobs import blob_store_from_settings
from ..store.database import Transactions, engine_from_settings
from ..store.payloads import Payloads
from ..store.sql_store import SqlStore
from .authentication import Authentication
from .endpoint import ChatKitEndpoint
from .files import FileEndpoint
from .hosts import bare_host
from .replies import Reply
from .telemetry import TelemetryEndpoint

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
DEV_USER_ID = "developer"
DEV_TENANT_ID = "dev"


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    engine: AsyncEngine
    transactions: Transactions
    authentication: Authentication
    chatkit: ChatKitEndpoint
    files: FileEndpoint
    telemetry: TelemetryEndpoint
{%- if cookiecutter.auth_style == 'api_token' %}
    api_tokens: ApiTokens
{%- elif cookiecutter.auth_style == 'session' %}
    sessions: Sessions
{%- endif %}

    @property
    def allowed_hosts(self) -> list[str]:
        """Host header allow-list: the configured hostnames (ports dropped), plus loopback in
        development."""
        hosts = [bare_host(hostname) for hostname in self.settings.hostnames]
        if not self.settings.is_production:
            hosts.extend(LOOPBACK_HOSTS)
        return hosts

    @property
    def serves_dev_routes(self) -> bool:
        """Whether ``{{ '/dev/login' if cookiecutter.auth_style == 'session' else '/dev/token' }}`` exists: in development only{{ ', with a JWT secret to sign with' if cookiecutter.auth_style == 'jwt' else '' }}."""
{%- if cookiecutter.auth_style == 'jwt' %}
        return not self.settings.is_production and self.settings.jwt_secret is not None
{%- else %}
        return not self.settings.is_production
{%- endif %}
{%- if cookiecutter.auth_style != 'session' %}

    async def dev_token(self, client: str) -> Reply:
        """A short-lived credential for the developer, for a browser on this machine only."""
        if not is_loopback(client):
            return not_from_this_machine()
{%- if cookiecutter.auth_style == 'api_token' %}
        token = await mint_dev_token(self.settings, self.api_tokens, DEV_USER_ID, DEV_TENANT_ID)
{%- else %}
        token = mint_dev_token(self.settings, DEV_USER_ID, DEV_TENANT_ID)
{%- endif %}
        body = json.dumps({"token": token, "expires_in": DEV_TOKEN_SECONDS}).encode()
        return Reply(200, {"content-type": "application/json"}, body=body)
{%- endif %}

    async def close(self) -> None:
        await self.transactions.close()
        await self.engine.dispose()


def build_services(settings: Settings, model: Model | None = None) -> Services:
    configure_logging(settings.log_level, settings.log_format)
    configure_tracing()
    check_catalogs()

    engine = engine_from_settings(settings)
    payloads = Payloads.from_settings(settings)
    blobs = blob_store_from_settings(settings)
    links = AttachmentLinks(LinkSigner.from_settings(settings))
    transactions = Transactions(engine)
    store = SqlStore(transactions, payloads, blobs, links.present)
    attachments = Attachments(
        store,
        blobs,
        payloads,
        links,
        max_bytes=settings.attachment_max_bytes,
        max_per_message=settings.attachment_max_per_message,
        mime_types=settings.attachment_mime_types,
    )
    model = model or build_model(settings)
    configure_agents_tracing(
        str(getattr(model, "model", type(model).__name__)),
        export_to_openai=settings.agents_trace_export,
    )
    server = AssistantServer(store, attachments, model)
{%- if cookiecutter.auth_style == 'api_token' %}
    api_tokens = ApiTokens(transactions)
    authenticator = ApiTokenAuthenticator(api_tokens)
{%- elif cookiecutter.auth_style == 'session' %}
    sessions = Sessions.from_settings(settings, transactions)
    origins = AllowedOrigins(settings.hostnames, development=not settings.is_production)
    authenticator = SessionAuthenticator(sessions, origins)
{%- else %}
    authenticator = JwtAuthenticator(settings)
{%- endif %}
    authentication = Authentication(authenticator, settings.auth_failure_rate_limit)
    return Services(
        settings=settings,
        engine=engine,
        transactions=transactions,
        authentication=authentication,
        chatkit=ChatKitEndpoint(
            server, store, authentication, settings.max_body_bytes, settings.max_open_streams
        ),
        files=FileEndpoint(attachments),
        telemetry=TelemetryEndpoint(authentication, settings.telemetry_rate_limit),
{%- if cookiecutter.auth_style == 'api_token' %}
        api_tokens=api_tokens,
{%- elif cookiecutter.auth_style == 'session' %}
        sessions=sessions,
{%- endif %}
    )


def not_from_this_machine() -> Reply:
    """The refusal of a development route to a client on another machine."""
    body = json.dumps({"error": {"code": "forbidden"}}).encode()
    return Reply(403, {"content-type": "application/json"}, body=body)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
