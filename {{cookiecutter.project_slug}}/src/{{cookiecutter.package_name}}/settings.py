"""Configuration: every value comes from the environment (or `.env`), validated at start-up.

The environment variable, the field below and the README's settings table share one name
(upper-cased for the variable). Secrets have no defaults; `make secrets` writes fresh ones
into `.env` for development.
"""

import json
import re
from pathlib import Path
from typing import Annotated, Literal

from limits import parse as parse_rate_limit
from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
{%- if cookiecutter.encryption == 'aes_gcm' %}

from .store.crypto import parse_key_ring
{%- endif %}

{% if cookiecutter.auth_style == 'jwt' -%}
HS_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
ASYMMETRIC_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "PS256"})
MIN_HS_SECRET_BYTES = 32
{% endif -%}
MIN_URL_SECRET_BYTES = 32
{%- if cookiecutter.auth_style == 'session' %}
MIN_STATE_SECRET_BYTES = 32
{%- endif %}
DEFAULT_ATTACHMENT_MIME_TYPES = (
    "image/png,image/jpeg,image/webp,image/gif,application/pdf,text/plain"
)
{%- if cookiecutter.auth_style != 'api_token' %}
# Keys must come over TLS; plain http only from this machine (tests, a local IdP).
{%- endif %}
{%- if cookiecutter.auth_style == 'jwt' %}
JWKS_URL_PREFIXES = ("https://", "http://127.0.0.1", "http://localhost")
{%- elif cookiecutter.auth_style == 'session' %}
ISSUER_URL_PREFIXES = ("https://", "http://127.0.0.1", "http://localhost")
{%- endif %}
# The hostnames answered when the project was generated; HOSTNAMES overrides them.
DEFAULT_HOSTNAMES = "{{ cookiecutter.hostnames.split(',') | map('trim') | join(',') }}"


_MIME_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$")


def _split_commas(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    app_env: Literal["development", "production"] = "development"
{%- if cookiecutter.database == 'postgres' %}
    database_url: str = "postgresql+asyncpg://app@127.0.0.1:5432/{{ cookiecutter.package_name }}"
    database_pool_size: int = Field(default=10, ge=1)
    database_max_overflow: int = Field(default=10, ge=0)
    database_pool_timeout_seconds: float = Field(default=10.0, gt=0)
    database_statement_timeout_ms: int = Field(default=15_000, ge=0)
{%- else %}
    database_url: str = "sqlite+aiosqlite:///var/{{ cookiecutter.package_name }}.db"
{%- endif %}

    openai_api_key: SecretStr | None = None
    openai_model: str = "gpt-4.1-mini"
    # The offline model's pause between words: open streams for load tests and demos.
    offline_model_delay_ms: int = Field(default=0, ge=0, le=5_000)
{% if cookiecutter.auth_style == 'jwt' %}
    jwt_secret: SecretStr | None = None
    jwt_jwks_url: str | None = None
    jwt_algorithms: Annotated[tuple[str, ...], NoDecode] = ()
    jwt_issuer: str = "{{ cookiecutter.project_slug }}-dev"
    jwt_audience: str = "{{ cookiecutter.project_slug }}"
    jwt_tenant_claim: str = "tid"
    jwt_leeway_seconds: int = Field(default=30, ge=0, le=120)
    jwt_required_typ: str | None = None
    jwt_jwks_cache_seconds: int = Field(default=300, ge=30)
{% elif cookiecutter.auth_style == 'session' %}
    # Sign-in through the team's OpenID Connect provider (authorization code + PKCE).
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_scopes: str = "openid"
    oidc_tenant_claim: str = "tid"
    # Signs the short-lived cookie that carries state, nonce and PKCE verifier during sign-in.
    oidc_state_secret: SecretStr | None = None
    # A session ends after this long without a request, and this long after sign-in anyway.
    session_idle_minutes: int = Field(default=30, ge=1, le=1_440)
    session_max_hours: int = Field(default=12, ge=1, le=720)
{% endif %}
    # Failed authentications per client address and process, past which it gets a 429.
    auth_failure_rate_limit: str = "20/minute"

{%- if cookiecutter.encryption == 'aes_gcm' %}
    encryption_keys: SecretStr
{% endif %}
    hostnames: Annotated[tuple[str, ...], NoDecode] = _split_commas(DEFAULT_HOSTNAMES)
    domain_keys: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    retention_days: int = Field(default={{ cookiecutter.retention_days }}, ge=1)
    # Where and when `purge` runs for this deployment; written down, `preflight` checks it is.
    purge_schedule: str = ""
    attachments_dir: Path = Path("var/attachments")
    attachment_max_bytes: int = Field(default=10_485_760, ge=1, le=104_857_600)
    attachment_max_per_message: int = Field(default=5, ge=1, le=10)
    attachment_mime_types: Annotated[tuple[str, ...], NoDecode] = _split_commas(
        DEFAULT_ATTACHMENT_MIME_TYPES
    )
    attachment_url_secret: SecretStr | None = None
    attachment_url_seconds: int = Field(default=900, ge=30, le=86_400)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Streamed turns one worker serves at once; past it a turn gets a localized 503 with
    # Retry-After instead of waiting in a saturated event loop (docs/operations.md).
    max_open_streams: int = Field(default=100, ge=1)
    # The built front end (`npm run build`), served at / when it holds an index.html.
    frontend_dir: Path = Path("frontend/dist")

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"
    # Client telemetry per user and process, in the `limits` notation ("60/minute").
    telemetry_rate_limit: str = "60/minute"
    # Also send Agents SDK traces (metadata, not prompts) to OpenAI's trace dashboard.
    agents_trace_export: bool = False

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"

{% if cookiecutter.auth_style == 'jwt' %}    @field_validator("jwt_algorithms", "hostnames", mode="before")
{% else %}    @field_validator("hostnames", mode="before")
{% endif %}    @classmethod
    def _comma_list(cls, value: object) -> object:
        return _split_commas(value) if isinstance(value, str) else value

    @field_validator("attachment_mime_types", mode="before")
    @classmethod
    def _mime_list(cls, value: object) -> object:
        if isinstance(value, str):
            value = _split_commas(value)
        if isinstance(value, (tuple, list)):
            value = tuple(str(mime).lower() for mime in value)
            wrong = [mime for mime in value if not _MIME_TYPE.match(mime)]
            if wrong:
                raise ValueError(f"not MIME types (type/subtype, no wildcards): {wrong}")
        return value

    @field_validator("telemetry_rate_limit", "auth_failure_rate_limit")
    @classmethod
    def _check_rate_limit(cls, value: str, info: ValidationInfo) -> str:
        try:
            parse_rate_limit(value)
        except ValueError:
            name = str(info.field_name).upper()
            raise ValueError(f"{name} {value!r} is not a rate such as 60/minute") from None
        return value

    @field_validator("attachment_url_secret")
    @classmethod
    def _check_url_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().encode()) < MIN_URL_SECRET_BYTES:
            raise ValueError(
                f"ATTACHMENT_URL_SECRET must be at least {MIN_URL_SECRET_BYTES} random bytes"
            )
        return value

    @field_validator("domain_keys", mode="before")
    @classmethod
    def _parse_domain_keys(cls, value: object) -> object:
        """Accept a JSON object or `host=key,host=key`; keys are public but must look like keys."""
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return {}
            if text.startswith("{"):
                value = json.loads(text)
            else:
                pairs = [part.split("=", 1) for part in text.split(",") if part.strip()]
                if any(len(pair) != 2 for pair in pairs):
                    raise ValueError("use JSON or host=domain_pk_...,host=domain_pk_...")
                value = {host.strip(): key.strip() for host, key in pairs}
        if isinstance(value, dict):
            for host, key in value.items():
                if not str(key).startswith("domain_pk_"):
                    raise ValueError(
                        f"the key for {host!r} does not start with domain_pk_ "
                        "(never put an API key here: domain keys are public)"
                    )
        return value
{%- if cookiecutter.encryption == 'aes_gcm' %}

    @field_validator("encryption_keys")
    @classmethod
    def _check_key_ring(cls, value: SecretStr) -> SecretStr:
        parse_key_ring(value.get_secret_value())
        return value
{%- endif %}
{%- if cookiecutter.auth_style == 'jwt' %}

    @model_validator(mode="after")
    def _check_jwt(self) -> "Settings":
        if (self.jwt_secret is None) == (self.jwt_jwks_url is None):
            raise ValueError("set exactly one of JWT_SECRET (HS256) or JWT_JWKS_URL (RS256/ES256)")
        if self.jwt_secret is not None:
            allowed = HS_ALGORITHMS
            if len(self.jwt_secret.get_secret_value().encode()) < MIN_HS_SECRET_BYTES:
                raise ValueError(
                    f"JWT_SECRET must be at least {MIN_HS_SECRET_BYTES} bytes of random data"
                )
            default = ("HS256",)
        else:
            allowed = ASYMMETRIC_ALGORITHMS
            if not str(self.jwt_jwks_url).startswith(JWKS_URL_PREFIXES):
                raise ValueError("JWT_JWKS_URL must be an https:// URL")
            default = ("RS256", "ES256")
        if not self.jwt_algorithms:
            object.__setattr__(self, "jwt_algorithms", default)
        wrong = set(self.jwt_algorithms) - allowed
        if wrong:
            raise ValueError(
                f"JWT_ALGORITHMS {sorted(wrong)} cannot be used with "
                f"{'JWT_SECRET' if self.jwt_secret else 'JWT_JWKS_URL'}; allowed: {sorted(allowed)}"
            )
        return self
{%- elif cookiecutter.auth_style == 'session' %}

    @model_validator(mode="after")
    def _check_oidc(self) -> "Settings":
        provider = {
            "OIDC_ISSUER": self.oidc_issuer,
            "OIDC_CLIENT_ID": self.oidc_client_id,
            "OIDC_CLIENT_SECRET": self.oidc_client_secret,
            "OIDC_STATE_SECRET": self.oidc_state_secret,
        }
        missing = [name for name, value in provider.items() if value is None]
        if self.is_production and missing:
            raise ValueError(
                f"APP_ENV=production needs {', '.join(missing)}: sign-in goes through the "
                "OpenID Connect provider (the development sign-in does not exist in production)"
            )
        if self.oidc_issuer is not None and missing:
            raise ValueError(f"OIDC_ISSUER is set, so set {', '.join(missing)} too")
        if self.oidc_issuer is not None and not self.oidc_issuer.startswith(ISSUER_URL_PREFIXES):
            raise ValueError("OIDC_ISSUER must be an https:// URL")
        if "openid" not in self.oidc_scopes.split():
            raise ValueError("OIDC_SCOPES must include openid")
        secret = self.oidc_state_secret
        if secret is not None and len(secret.get_secret_value().encode()) < MIN_STATE_SECRET_BYTES:
            raise ValueError(
                f"OIDC_STATE_SECRET must be at least {MIN_STATE_SECRET_BYTES} random bytes"
            )
        return self

    @property
    def oidc_enabled(self) -> bool:
        return self.oidc_issuer is not None
{%- endif %}

    @model_validator(mode="after")
    def _check_production(self) -> "Settings":
        if self.is_production and self.openai_api_key is None:
            raise ValueError(
                "APP_ENV=production needs OPENAI_API_KEY: the offline model is for development only"
            )
        if self.is_production and self.attachment_url_secret is None:
            raise ValueError(
                "APP_ENV=production needs ATTACHMENT_URL_SECRET: it signs the attachment links"
            )
        return self
