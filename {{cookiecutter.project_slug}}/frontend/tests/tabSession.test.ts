import { describe, expect, it } from "vitest";
import {
  TELEMETRY_SESSION_KEY,
  THREAD_ID_KEY,
  loadOrCreateSessionId,
  loadThreadId,
  saveThreadId,
  type SessionStore,
} from "../src/config/tabSession";
import { randomSessionId } from "../src/config/telemetry";

function memoryStorage(): SessionStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

const brokenStorage: SessionStore = {
  getItem: () => {
    throw new Error("SecurityError");
  },
  setItem: () => {
    throw new Error("QuotaExceededError");
  },
  removeItem: () => {
    throw new Error("SecurityError");
  },
};

describe("thread id persistence", () => {
  it("stores the thread id under chatkit.threadId and clears it for a new thread", () => {
    const storage = memoryStorage();
    saveThreadId(storage, "thr_abc");
    expect(storage.values.get(THREAD_ID_KEY)).toBe("thr_abc");
    expect(loadThreadId(storage)).toBe("thr_abc");
    saveThreadId(storage, null);
    expect(loadThreadId(storage)).toBeNull();
  });

  it("ignores values that are not thread ids", () => {
    const storage = memoryStorage();
    storage.setItem(THREAD_ID_KEY, "<script>");
    expect(loadThreadId(storage)).toBeNull();
  });

  it("works without storage", () => {
    expect(loadThreadId(null)).toBeNull();
    expect(loadThreadId(brokenStorage)).toBeNull();
    expect(() => saveThreadId(brokenStorage, "thr_abc")).not.toThrow();
  });
});

describe("telemetry session id", () => {
  it("is created once per tab session and reused", () => {
    const storage = memoryStorage();
    const first = loadOrCreateSessionId(storage);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(storage.values.get(TELEMETRY_SESSION_KEY)).toBe(first);
    expect(loadOrCreateSessionId(storage)).toBe(first);
    expect(loadOrCreateSessionId(brokenStorage)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("is random", () => {
    expect(randomSessionId()).not.toBe(randomSessionId());
  });
});
