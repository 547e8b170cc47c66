import type { ChatKitOptions, CustomApiConfig } from "@openai/chatkit";
import { composerAttachments } from "./attachments";
import { CHATKIT_API_URL } from "./deployment";
import { toChatKitLocale } from "./locales";
import type { UiStrings } from "./strings";

export interface ChatKitOptionsInput {
  /** The resolved app locale; mapped to ChatKit's own list here. */
  locale: string;
  domainKey: string;
  /** From createChatKitFetch: an arrow function, never `window.fetch`. */
  fetch: typeof fetch;
  /** The thread to reopen, or null for a new one. */
  initialThread: string | null;
  strings: UiStrings;
}

export type AppChatKitOptions = ChatKitOptions & { api: CustomApiConfig };

/**
 * The complete ChatKit options. ChatKit's setOptions replaces rather than merges, and rejects
 * unknown keys, so the mounting code applies this whole object every time.
 */
export function buildChatKitOptions({
  locale,
  domainKey,
  fetch,
  initialThread,
  strings,
}: ChatKitOptionsInput): AppChatKitOptions {
  return {
    // Two-phase: attachments.create goes through `fetch`; the bytes go to the signed link
    // the backend returns, so the upload needs no headers of its own.
    api: { url: CHATKIT_API_URL, domainKey, fetch, uploadStrategy: { type: "two_phase" } },
    locale: toChatKitLocale(locale),
    frameTitle: strings.frameTitle,
    initialThread,
    history: { enabled: true },
    startScreen: {
      greeting: strings.greeting,
      prompts: strings.prompts.map(({ label, prompt }) => ({ label, prompt })),
    },
    composer: { placeholder: strings.composerPlaceholder, attachments: composerAttachments() },
    disclaimer: { text: strings.disclaimer },
  };
}
