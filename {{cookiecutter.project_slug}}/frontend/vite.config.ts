{% if cookiecutter.frontend == 'react' -%}
import react from "@vitejs/plugin-react";
{% endif -%}
import { defineConfig } from "vitest/config";
import { parseDomainKeyMap } from "./src/config/domainKeys";

{% if cookiecutter.auth_style == 'session' -%}
// The backend in development (`/app-config.json`, `/chatkit`, `/attachments/`, `/telemetry`,
// `/auth/`, `/dev/login`). In production the backend serves the build itself, or one reverse
// proxy fronts both, so the page only ever uses same-origin URLs, and the session's cookies
// (set by the backend through this proxy) belong to the page's origin.
{% else -%}
// The backend in development (`/app-config.json`, `/chatkit`, `/attachments/`, `/telemetry`,
// `/dev/token`). In production the backend serves the build itself, or one reverse proxy
// fronts both, so the page only ever uses same-origin URLs.
{% endif -%}
const BACKEND = "http://127.0.0.1:8000";
const proxy = {
  "/app-config.json": BACKEND,
  "/chatkit": BACKEND,
  "/attachments/": BACKEND,
  "/telemetry": BACKEND,
{%- if cookiecutter.auth_style == 'session' %}
  "/auth/": BACKEND,
{%- endif %}
  "/dev/": BACKEND,
};

export default defineConfig(({ command }) => {
  // DOMAIN_KEYS is the backend's setting too: one name everywhere. Domain keys are public, so
  // this one value is compiled in; Vite's envPrefix stays as it is so no other variable can leak.
  // It is the fallback: a backend with DOMAIN_KEYS set serves its own at /app-config.json.
  const domainKeys = process.env.DOMAIN_KEYS ?? "";
  if (command === "build") {
    parseDomainKeyMap(domainKeys); // fail the build, not the page, on a malformed map or a secret
    if (domainKeys.trim() === "") {
      console.warn(
        "DOMAIN_KEYS is empty: this build needs a backend with DOMAIN_KEYS set to serve " +
          "/app-config.json; anywhere else it shows a configuration error instead of the chat.",
      );
    }
  }
  return {
{%- if cookiecutter.frontend == 'react' %}
    plugins: [react()],
{%- endif %}
    define: { __DOMAIN_KEYS__: JSON.stringify(domainKeys) },
    server: { proxy },
    preview: { proxy },
    test: { include: ["tests/**/*.test.ts"], environment: "node" },
  };
});
