// Where the page talks to. All same-origin: the reverse proxy (or Vite's dev proxy) routes
// these paths to the backend, so no CORS is involved.

export const APP_NAME = "{{ cookiecutter.project_slug }}";
export const CHATKIT_API_URL = "/chatkit";
export const TELEMETRY_URL = "/telemetry";
export const DEV_TOKEN_URL = "/dev/token";

/** How long the CDN script may take to define `<openai-chatkit>` before we show a fallback. */
export const SCRIPT_LOAD_TIMEOUT_MS = 8000;
