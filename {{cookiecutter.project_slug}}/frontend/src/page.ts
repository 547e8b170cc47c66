// Everything the page decides before ChatKit is mounted, the same for every way of mounting it:
// locale, the tab's session, the authenticated fetch, telemetry and the domain key.
import { createAccessTokenSource } from "./config/auth";
import { DOMAIN_KEYS_AT_BUILD, IS_DEV_BUILD } from "./config/build";
import { APP_NAME, TELEMETRY_URL } from "./config/deployment";
import { resolveDomainKey } from "./config/domainKeys";
import { createChatKitFetch } from "./config/fetch";
import { type AppLocale, resolveLocale, textDirection } from "./config/locales";
import { chooseDomainKeys, loadRuntimeDomainKeys } from "./config/runtimeConfig";
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
  /** Bearer token and Accept-Language on every request; shared by the chat and telemetry. */
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
  const initialThread = loadThreadId(storage);
  const tokenSource = createAccessTokenSource();
  const chatFetch = createChatKitFetch({
    getAccessToken: (request) => tokenSource.getAccessToken(request),
    getLocale: () => locale,
  });
  const telemetry = createTelemetry({
    send: createTelemetrySink({ url: TELEMETRY_URL, fetch: chatFetch }),
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
