import { describe, expect, it } from "vitest";
import { buildChatKitOptions } from "../src/config/options";
import type { UiStrings } from "../src/config/strings";

const STRINGS: UiStrings = {
  greeting: "Hello",
  composerPlaceholder: "Type here",
  prompts: [
    { label: "One", prompt: "First prompt" },
    { label: "Two", prompt: "Second prompt" },
  ],
  disclaimer: "Be careful",
  frameTitle: "Chat",
  scriptTimeout: "unused",
  configError: "unused",
};

const chatFetch: typeof fetch = async () => new Response("ok");

describe("buildChatKitOptions", () => {
  const options = buildChatKitOptions({
    locale: "en-GB",
    domainKey: "domain_pk_test",
    fetch: chatFetch,
    initialThread: "thr_123",
    strings: STRINGS,
  });

  it("builds the full option set and nothing else (ChatKit rejects unknown keys)", () => {
    expect(Object.keys(options).sort()).toEqual(
      ["api", "composer", "disclaimer", "frameTitle", "history", "initialThread", "locale", "startScreen"].sort(),
    );
    expect(Object.keys(options).some((key) => /^on[A-Z]/.test(key))).toBe(false);
  });

  it("points the API at /chatkit with the domain key and the given fetch", () => {
    expect(options.api).toEqual({
      url: "/chatkit",
      domainKey: "domain_pk_test",
      fetch: chatFetch,
      uploadStrategy: { type: "two_phase" },
    });
    expect(options.api.fetch).toBe(chatFetch);
  });

  it("maps the locale to ChatKit's list and uses the localized strings", () => {
    expect(options.locale).toBe("en");
    expect(options.startScreen).toEqual({
      greeting: "Hello",
      prompts: [
        { label: "One", prompt: "First prompt" },
        { label: "Two", prompt: "Second prompt" },
      ],
    });
    expect(options.composer?.placeholder).toBe("Type here");
    expect(options.disclaimer).toEqual({ text: "Be careful" });
    expect(options.frameTitle).toBe("Chat");
  });

  it("reopens the given thread, or starts a new one with null", () => {
    expect(options.initialThread).toBe("thr_123");
    expect(options.history).toEqual({ enabled: true });
    const fresh = buildChatKitOptions({
      locale: "fr",
      domainKey: "domain_pk_test",
      fetch: chatFetch,
      initialThread: null,
      strings: STRINGS,
    });
    expect(fresh.initialThread).toBeNull();
    expect(fresh.locale).toBe("fr");
  });

  it("turns on attachments with the backend's default limits", () => {
    expect(options.composer?.attachments).toEqual({
      enabled: true,
      maxSize: 10 * 1024 * 1024,
      maxCount: 5,
      accept: {
        "image/png": [".png"],
        "image/jpeg": [".jpg", ".jpeg"],
        "image/webp": [".webp"],
        "image/gif": [".gif"],
        "application/pdf": [".pdf"],
        "text/plain": [".txt"],
      },
    });
  });
});
