// What our code relies on in ChatKit's types, and mistakes they must go on refusing. When a
// ChatKit upgrade loosens one of these, a mistake that would fail at runtime in the browser
// (blank frame, InvalidFrameParamsError) would compile: these cases turn that into a tsc error.
{%- if cookiecutter.frontend == 'react' %}
import type { ChatKitEvents, ChatKitOptions, OpenAIChatKit, SupportedLocale } from "@openai/chatkit";
import type { UseChatKitOptions } from "@openai/chatkit-react";
{%- else %}
import type { ChatKitEvents, ChatKitOptions, EventHandler, OpenAIChatKit, SupportedLocale } from "@openai/chatkit";
{%- endif %}
import { buildChatKitOptions } from "../src/config/options";

declare const chatFetch: typeof fetch;

// The options we build are ChatKit options, with a custom API (not the hosted one).
export const built: ChatKitOptions = buildChatKitOptions({
  locale: "fr",
  domainKey: "domain_pk_typecheck",
  fetch: chatFetch,
  initialThread: null,
  strings: {
    greeting: "",
    composerPlaceholder: "",
    prompts: [],
    disclaimer: "",
    frameTitle: "",
    scriptTimeout: "",
    configError: "",
  },
});

// ChatKit has `en` only: a regional English tag is not a locale it accepts.
// @ts-expect-error en-US is not a SupportedLocale
export const regionalEnglish: SupportedLocale = "en-US";

export const clientToken: ChatKitOptions = {
  // @ts-expect-error a client token is not an API configuration (only url + domainKey, or getClientSecret)
  api: { clientToken: "ek_123" },
};

export const missingDomainKey: ChatKitOptions = {
  // @ts-expect-error a custom API needs its domain key
  api: { url: "/chatkit" },
};

export const hostedUpload: ChatKitOptions = {
  // @ts-expect-error uploads are two_phase or direct, never "hosted"
  api: { url: "/chatkit", domainKey: "domain_pk_typecheck", uploadStrategy: { type: "hosted" } },
};

export const promptWithoutText: ChatKitOptions = {
  api: { url: "/chatkit", domainKey: "domain_pk_typecheck" },
  // @ts-expect-error a start-screen prompt must say what it sends
  startScreen: { prompts: [{ label: "Hello" }] },
};
{%- if cookiecutter.frontend == 'react' %}

export const messageHandler: UseChatKitOptions = {
  api: { url: "/chatkit", domainKey: "domain_pk_typecheck" },
  // @ts-expect-error there is no onMessage event; listen to onResponseEnd or onThreadChange
  onMessage: () => undefined,
};
{%- else %}

// @ts-expect-error there is no chatkit.message event; listen to chatkit.response.end
export const messageHandler: EventHandler<"chatkit.message"> = () => undefined;
{%- endif %}

// document.createElement does not know ChatKit's tag: the mounting code must cast.
// @ts-expect-error createElement("openai-chatkit") is typed HTMLElement
export const untypedElement: OpenAIChatKit = document.createElement("openai-chatkit");

// The events our listeners and the browser test's stub use exist.
export const threadChange: keyof ChatKitEvents = "chatkit.thread.change";
