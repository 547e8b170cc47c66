import { ChatKit, useChatKit } from "@openai/chatkit-react";
import { useEffect, useMemo, useState, type CSSProperties } from "react";
import type { AccessTokenSource } from "./config/auth";
import { SCRIPT_LOAD_TIMEOUT_MS } from "./config/deployment";
import { createChatKitFetch } from "./config/fetch";
import type { AppLocale } from "./config/locales";
import { buildChatKitOptions } from "./config/options";
import { watchChatKitScript } from "./config/scriptLoad";
import { stringsFor } from "./config/strings";
import { saveThreadId, type SessionStore } from "./config/tabSession";
import type { Telemetry } from "./config/telemetry";

// The element hosts a fixed-height iframe with its own scrolling: it needs an explicit height.
const CHAT_STYLE: CSSProperties = { display: "block", width: "100%", height: "min(720px, calc(100vh - 2rem))" };

type ScriptStatus = "loading" | "ready" | "timeout";

function useChatKitScriptStatus(telemetry: Telemetry): ScriptStatus {
  const [status, setStatus] = useState<ScriptStatus>("loading");
  useEffect(
    () =>
      watchChatKitScript({
        timeoutMs: SCRIPT_LOAD_TIMEOUT_MS,
        onTimeout: () => {
          setStatus("timeout");
          telemetry.error("script_timeout", new Error(`<openai-chatkit> not defined after ${SCRIPT_LOAD_TIMEOUT_MS} ms`));
        },
        onDefined: () => setStatus("ready"),
      }),
    [telemetry],
  );
  return status;
}

export interface AppProps {
  domainKey: string;
  locale: AppLocale;
  /** Read once at start: feeding later ids back would re-apply the options. */
  initialThread: string | null;
  tokenSource: AccessTokenSource;
  telemetry: Telemetry;
  storage: SessionStore | null;
}

export function App({ domainKey, locale, initialThread, tokenSource, telemetry, storage }: AppProps) {
  const strings = stringsFor(locale);
  const chatFetch = useMemo(
    () =>
      createChatKitFetch({
        getAccessToken: (request) => tokenSource.getAccessToken(request),
        getLocale: () => locale,
      }),
    [tokenSource, locale],
  );
  const { control } = useChatKit({
    ...buildChatKitOptions({ locale, domainKey, fetch: chatFetch, initialThread, strings }),
    onLog: ({ name, data }) => telemetry.log(name, data),
    onError: ({ error }) => telemetry.error("chatkit.error", error),
    onThreadChange: ({ threadId }) => {
      telemetry.setThreadId(threadId);
      saveThreadId(storage, threadId);
    },
  });
  const scriptStatus = useChatKitScriptStatus(telemetry);

  return (
    <main className="chat-page">
      {scriptStatus === "timeout" && (
        <p role="alert" className="chat-alert">
          {strings.scriptTimeout}
        </p>
      )}
      <ChatKit control={control} style={CHAT_STYLE} />
    </main>
  );
}
