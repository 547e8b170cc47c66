// The browser test's stub element must stay a faithful subset of ChatKit's: the events it fires
// and the methods it offers are ChatKit's own, checked against the types of the pinned version.
import { readFileSync } from "node:fs";
import type { ChatKitEvents, OpenAIChatKit } from "@openai/chatkit";
import { describe, expect, it } from "vitest";

const STUB = readFileSync(new URL("../e2e/stub-chatkit.js", import.meta.url), "utf8");

// Exhaustive both ways: tsc fails when ChatKit adds, removes or renames an event or a method.
const EVENTS = {
  "chatkit.ready": true,
  "chatkit.error": true,
  "chatkit.effect": true,
  "chatkit.deeplink": true,
  "chatkit.response.start": true,
  "chatkit.response.end": true,
  "chatkit.history.open": true,
  "chatkit.history.close": true,
  "chatkit.thread.change": true,
  "chatkit.thread.load.start": true,
  "chatkit.thread.load.end": true,
  "chatkit.tool.change": true,
  "chatkit.log": true,
} as const satisfies Record<keyof ChatKitEvents, true>;

const METHODS = {
  setOptions: true,
  focusComposer: true,
  setThreadId: true,
  sendUserMessage: true,
  setComposerValue: true,
  fetchUpdates: true,
  sendCustomAction: true,
  showHistory: true,
  hideHistory: true,
} as const satisfies Record<Exclude<keyof OpenAIChatKit, keyof HTMLElement>, true>;

describe("the browser test's stub of <openai-chatkit>", () => {
  it("fires only events that ChatKit fires", () => {
    const fired = [...STUB.matchAll(/#emit\("([^"]+)"/g)].map(([, name]) => name ?? "");
    expect(fired.length).toBeGreaterThan(0);
    expect(fired.filter((name) => !Object.hasOwn(EVENTS, name))).toEqual([]);
  });

  it("offers every method of ChatKit's element", () => {
    const defined = new Set([...STUB.matchAll(/^ {4}(\w+)\(/gm)].map(([, name]) => name));
    expect(Object.keys(METHODS).filter((name) => !defined.has(name))).toEqual([]);
  });

  it("defines the element the CDN script defines", () => {
    expect(STUB).toContain('customElements.define("openai-chatkit"');
  });
});
