// Everything the page decides before ChatKit is mounted, the same for every way of mounting it:
{%- if cookiecutter.auth_style == 'session' %}
// locale, sign-in (first, when the browser holds no session), the tab's session, the
// authenticated fetch, telemetry and the domain key.
{%- else %}
// locale, the tab's session, the authenticated fetch, telemetry and the domain key.
{%- endif %}
{% if cookiecutter.auth_style != 'session' -%}
import { createAccessTokenSource } from "./config/auth";
{% endif -%}
import { DOMAIN_KEYS_AT_BUILD, IS_DEV_BUILD } from "./config/build";
import { APP_NAME, TELEMETRY_URL } from "./config/deployment";
import { resolveDomainKey } from "./config/domainKeys";
{% if cookiecutter.auth_style == 'session' -%}
import { createChatKitFetch, csrfTokenFromDocument } from "./config/fetch";
{% else -%}
import { createChatKitFetch } from "./config/fetch";
{% endif -%}
import { type AppLocale, resolveLocale, textDirection } from "./config/locales";
import { chooseDomainKeys, loadRuntimeDomainKeys } from "./config/runtimeConfig";
{% if cookiecutter.auth_style == 'session' -%}
import { createSignIn, signInUrl } from "./config/signIn";
{% endif -%}
import { stringsFor, type UiStrings } from "./config/strings";
import {
  browserSessionStorage,
  loadOrCreateSessionId,
  loadThreadId,
  type SessionStore,
} from "./config/tabSession";
import { createTelemetry, createTelemetrySink, type Telemetry } from "./config/telemetry";

export interface Page {
  locale: AppLocale;
  strings: UiStrings;
  /** The key for this hostname, or null: then show `strings.configError` and do not mount ChatKit. */
  domainKey: string | null;
  /** The thread open in this tab before a reload, or null for a new one. */
  initialThread: string | null;
{%- if cookiecutter.auth_style == 'session' %}
  /** The session's cookies, its CSRF token and Accept-Language on every request; a 401 signs in again. */
{%- else %}
  /** Bearer token and Accept-Language on every request; shared by the chat and telemetry. */
{%- endif %}
  chatFetch: typeof fetch;
  telemetry: Telemetry;
  storage: SessionStore | null;
}

export async function preparePage(): Promise<Page> {
  const locale = resolveLocale({
    override: new URLSearchParams(window.location.search).get("lang"),
    navigatorLanguages: navigator.languages,
  });
  document.documentElement.lang = locale;
  document.documentElement.dir = textDirection(locale);

  const storage = browserSessionStorage();
{%- if cookiecutter.auth_style == 'session' %}
  const signIn = createSignIn({ url: signInUrl(IS_DEV_BUILD), storage });
  if (csrfTokenFromDocument() === null && signIn.start()) {
    return new Promise<never>(() => undefined); // the browser is leaving for the sign-in page
  }
{%- endif %}
  const initialThread = loadThreadId(storage);
{%- if cookiecutter.auth_style == 'session' %}
  const chatFetch = createChatKitFetch({
    getCsrfToken: csrfTokenFromDocument,
    getLocale: () => locale,
    onUnauthorized: () => void signIn.start(),
    onAuthorized: () => signIn.authorized(),
  });
  // Telemetry is authenticated the same way, but a refused post (one sent as the page unloads,
  // say) must not navigate: only the chat's requests start a sign-in.
  const telemetryFetch = createChatKitFetch({
    getCsrfToken: csrfTokenFromDocument,
    getLocale: () => locale,
  });
{%- else %}
  const tokenSource = createAccessTokenSource();
  const chatFetch = createChatKitFetch({
    getAccessToken: (request) => tokenSource.getAccessToken(request),
    getLocale: () => locale,
  });
{%- endif %}
  const telemetry = createTelemetry({
{%- if cookiecutter.auth_style == 'session' %}
    send: createTelemetrySink({ url: TELEMETRY_URL, fetch: telemetryFetch }),
{%- else %}
    send: createTelemetrySink({ url: TELEMETRY_URL, fetch: chatFetch }),
{%- endif %}
    context: {
      sessionId: loadOrCreateSessionId(storage),
      threadId: initialThread,
      locale,
      host: window.location.hostname,
      app: APP_NAME,
    },
  });

  let domainKey: string | null = null;
  try {
    const domainKeys = chooseDomainKeys(await loadRuntimeDomainKeys(), DOMAIN_KEYS_AT_BUILD);
    domainKey = resolveDomainKey(window.location.hostname, domainKeys, {
      allowLocalPlaceholder: IS_DEV_BUILD,
    });
  } catch (error) {
    console.error(error);
    telemetry.error("config_error", error);
  }

  return { locale, strings: stringsFor(locale), domainKey, initialThread, chatFetch, telemetry, storage };
}
