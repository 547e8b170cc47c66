// Where the page talks to. All same-origin: the reverse proxy (or Vite's dev proxy) routes
// these paths to the backend, so no CORS is involved.

export const APP_NAME = "{{ cookiecutter.project_slug }}";
export const CHATKIT_API_URL = "/chatkit";
export const TELEMETRY_URL = "/telemetry";
{%- if cookiecutter.auth_style == 'session' %}
/** Sign-in through the identity provider; it returns the browser to / with the session's cookies. */
export const SIGN_IN_URL = "/auth/login";
/** Development backends only: signs this machine's browser in as the developer, without a provider. */
export const DEV_SIGN_IN_URL = "/dev/login";
{%- else %}
export const DEV_TOKEN_URL = "/dev/token";
{%- endif %}

/** How long the CDN script may take to define `<openai-chatkit>` before we show a fallback. */
export const SCRIPT_LOAD_TIMEOUT_MS = 8000;
