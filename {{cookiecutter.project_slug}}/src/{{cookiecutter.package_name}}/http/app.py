"""The FastAPI application: routes and middleware around the framework-free endpoint."""

import ipaddress
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from agents import Model
from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

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
from ..auth.sessions import SessionAuthenticator, Sessions, session_token
{% endif -%}
from ..auth.signed_urls import LinkSigner
from ..chat.attachments import AttachmentLinks, Attachments
from ..chat.model import build_model
from ..chat.server import AssistantServer
from ..i18n import check_catalogs
from ..observability.agents_tracing import configure_agents_tracing
from ..observability.logging import configure_logging
from ..observability.tracing import TraceContextMiddleware, configure_tracing
from ..settings import Settings
from ..store.availability import DATABASE_UNAVAILABLE
from ..store.blobs import blob_store_from_settings
from ..store.database import Transactions, engine_from_settings
from ..store.payloads import Payloads
from ..store.sql_store import SqlStore
from .adapter import incoming, response
from .authentication import Authentication
from .endpoint import ChatKitEndpoint
from .files import FileEndpoint
from .frontend import FrontendFiles, has_build, runtime_config
from .hosts import TrustedHosts, bare_host
{%- if cookiecutter.auth_style == 'session' %}
from .sign_in import add_sign_in, signed_in
{%- endif %}
from .telemetry import TelemetryEndpoint
from .unknown_routes import unknown_route

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
DEV_USER_ID = "developer"
DEV_TENANT_ID = "dev"


def create_app(settings: Settings | None = None, *, model: Model | None = None) -> FastAPI:
    settings = settings or Settings()
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
    endpoint = ChatKitEndpoint(
        server, store, authentication, settings.max_body_bytes, settings.max_open_streams
    )
    files = FileEndpoint(attachments)
    telemetry = TelemetryEndpoint(authentication, settings.telemetry_rate_limit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await transactions.close()
        await engine.dispose()

    app = FastAPI(
        title="{{ cookiecutter.project_name }}",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.add_exception_handler(404, unknown_route)
    app.add_exception_handler(405, unknown_route)
    app.add_middleware(TrustedHosts, allowed_hosts=allowed_hosts(settings))
    app.add_middleware(TraceContextMiddleware)
{%- if cookiecutter.auth_style == 'session' %}
    add_sign_in(app, settings, sessions, authentication)
{%- endif %}
    # Added last, so outermost: every response, even a refused host, carries X-Request-ID.
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID")

    @app.post("/chatkit")
    async def chatkit(request: Request) -> Response:
        return response(await endpoint.handle(incoming(request)))

    @app.post("/attachments/{attachment_id}/upload")
    async def upload_attachment(attachment_id: str, request: Request) -> Response:
        return response(await files.upload(incoming(request), attachment_id))

    @app.get("/attachments/{attachment_id}")
    async def download_attachment(attachment_id: str, request: Request) -> Response:
        return response(await files.download(incoming(request), attachment_id))

    @app.post("/telemetry")
    async def client_telemetry(request: Request) -> Response:
        return response(await telemetry.handle(incoming(request)))

    @app.get("/app-config.json")
    async def app_config() -> Response:
        return runtime_config(settings)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers. It does not touch the database."""
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> Response:
        """Readiness: the database answers, so a load balancer can route here."""
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except DATABASE_UNAVAILABLE:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

{% if cookiecutter.auth_style == 'session' %}    if not settings.is_production:

        @app.get("/dev/login")
        async def dev_login(request: Request) -> Response:
            # Development only, and only for a browser on this machine: no provider needed.
            if request.client is None or not _is_loopback(request.client.host):
                return JSONResponse({"error": {"code": "forbidden"}}, status_code=403)
            new = await sessions.start(
                tenant_id=DEV_TENANT_ID,
                user_id=DEV_USER_ID,
                replacing=session_token(request.headers),
            )
            return signed_in(new, sessions)
{% elif cookiecutter.auth_style == 'api_token' %}    if not settings.is_production:
{% else %}    if not settings.is_production and settings.jwt_secret is not None:
{% endif %}{% if cookiecutter.auth_style != 'session' %}
        @app.get("/dev/token")
        async def dev_token(request: Request) -> Response:
            # Development only, and only for a browser on this machine.
            if request.client is None or not _is_loopback(request.client.host):
                return JSONResponse({"error": {"code": "forbidden"}}, status_code=403)
{%- if cookiecutter.auth_style == 'api_token' %}
            token = await mint_dev_token(settings, api_tokens, DEV_USER_ID, DEV_TENANT_ID)
{%- else %}
            token = mint_dev_token(settings, DEV_USER_ID, DEV_TENANT_ID)
{%- endif %}
            return JSONResponse({"token": token, "expires_in": DEV_TOKEN_SECONDS})
{% endif %}
    if has_build(settings.frontend_dir):
        # Mounted last: every route above takes precedence over a file of the same path.
        app.mount("/", FrontendFiles(settings.frontend_dir), name="frontend")

    return app


def allowed_hosts(settings: Settings) -> list[str]:
    """Host header allow-list: the configured hostnames (ports dropped), plus loopback in dev."""
    hosts = [bare_host(hostname) for hostname in settings.hostnames]
    if not settings.is_production:
        hosts.extend(LOOPBACK_HOSTS)
    return hosts


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
