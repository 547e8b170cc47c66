import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ConfigError } from "./ConfigError";
import { createAccessTokenSource } from "./config/auth";
import { DOMAIN_KEYS_AT_BUILD, IS_DEV_BUILD } from "./config/build";
import { APP_NAME, TELEMETRY_URL } from "./config/deployment";
import { parseDomainKeyMap, resolveDomainKey } from "./config/domainKeys";
import { createChatKitFetch } from "./config/fetch";
import { resolveLocale, textDirection } from "./config/locales";
import { stringsFor } from "./config/strings";
import { browserSessionStorage, loadOrCreateSessionId, loadThreadId } from "./config/tabSession";
import { createTelemetry, createTelemetrySink } from "./config/telemetry";

const locale = resolveLocale({
  override: new URLSearchParams(window.location.search).get("lang"),
  navigatorLanguages: navigator.languages,
});
document.documentElement.lang = locale;
document.documentElement.dir = textDirection(locale);

const storage = browserSessionStorage();
const initialThread = loadThreadId(storage);
// One token source for the chat and for telemetry: POST /telemetry is authenticated like /chatkit.
const tokenSource = createAccessTokenSource();
const authenticatedFetch = createChatKitFetch({
  getAccessToken: (request) => tokenSource.getAccessToken(request),
  getLocale: () => locale,
});
const telemetry = createTelemetry({
  send: createTelemetrySink({ url: TELEMETRY_URL, fetch: authenticatedFetch }),
  context: {
    sessionId: loadOrCreateSessionId(storage),
    threadId: initialThread,
    locale,
    host: window.location.hostname,
    app: APP_NAME,
  },
});

function pageDomainKey(): string | null {
  try {
    return resolveDomainKey(window.location.hostname, parseDomainKeyMap(DOMAIN_KEYS_AT_BUILD), {
      allowLocalPlaceholder: IS_DEV_BUILD,
    });
  } catch (error) {
    console.error(error);
    telemetry.error("config_error", error);
    return null;
  }
}

const rootElement = document.getElementById("root");
if (rootElement === null) throw new Error("index.html has no #root element");

const domainKey = pageDomainKey();
createRoot(rootElement).render(
  <StrictMode>
    {domainKey === null ? (
      <ConfigError message={stringsFor(locale).configError} />
    ) : (
      <App
        domainKey={domainKey}
        locale={locale}
        initialThread={initialThread}
        tokenSource={tokenSource}
        telemetry={telemetry}
        storage={storage}
      />
    )}
  </StrictMode>,
);
