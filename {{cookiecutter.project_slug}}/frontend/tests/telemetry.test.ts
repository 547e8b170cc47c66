import { describe, expect, it, vi } from "vitest";
import { createChatKitFetch } from "../src/config/fetch";
import {
  createTelemetry,
  createTelemetrySink,
  redact,
  scrubError,
  scrubLogData,
  telemetryName,
  type TelemetryEvent,
} from "../src/config/telemetry";

const CONTEXT = { sessionId: "s1", locale: "fr", host: "app.example.com", app: "demo" };

describe("scrubLogData", () => {
  it("keeps allow-listed primitives, flattened to dotted paths", () => {
    const data = {
      threadId: "thr_abc",
      status: 200,
      ok: true,
      request: { durationMs: 12.5, attempt: 2, body: "secret text" },
      response: { error: { code: "rate_limited" } },
    };
    expect(scrubLogData(data)).toEqual({
      threadId: "thr_abc",
      status: 200,
      "request.durationMs": 12.5,
      "request.attempt": 2,
      "response.error.code": "rate_limited",
    });
  });

  it("stops at depth three", () => {
    expect(scrubLogData({ a: { b: { type: "kept" } } })).toEqual({ "a.b.type": "kept" });
    expect(scrubLogData({ a: { b: { c: { type: "dropped" } } } })).toEqual({});
  });

  it("drops arrays, functions, class instances, non-finite numbers and data-like keys", () => {
    const data = {
      type: ["a", "b"],
      status: () => "x",
      code: new Date(0),
      count: Number.NaN,
      "user@example.com": { status: "leaks the key" },
      "12345": { status: "also data" },
      phase: null,
    };
    expect(scrubLogData(data)).toEqual({});
  });

  it("redacts kept strings", () => {
    const scrubbed = scrubLogData({ status: "failed for jane.doe@example.com with Bearer abc.def" });
    expect(scrubbed.status).toBe("failed for [email] with Bearer [redacted]");
  });

  it("returns nothing for non-objects", () => {
    expect(scrubLogData("text")).toEqual({});
    expect(scrubLogData(undefined)).toEqual({});
    expect(scrubLogData([{ type: "x" }])).toEqual({});
  });
});

describe("redact", () => {
  it("removes emails, keys, bearer tokens, JWTs and long numbers", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl";
    const text = [
      "mail bob.smith+chat@mail.example.org",
      "key sk-proj-AbC123xyz456",
      "pub pk-live-0123456789",
      "domain domain_pk_68a0f0c1",
      "auth Bearer opaque-token-value",
      `jwt ${jwt}`,
      "phone +33 6 12 34 56 78",
      "card 4111111111111111",
    ].join("; ");
    const result = redact(text, 1000);
    for (const leaked of ["bob.smith", "AbC123", "0123456789", "68a0f0c1", "opaque-token", "eyJ", "12 34", "4111"]) {
      expect(result).not.toContain(leaked);
    }
    expect(result).toContain("[email]");
    expect(result).toContain("[secret]");
    expect(result).toContain("[jwt]");
    expect(result).toContain("[number]");
  });

  it("leaves short numbers and identifiers alone", () => {
    expect(redact("HTTP 503 after 2 attempts for thr_4f2a")).toBe("HTTP 503 after 2 attempts for thr_4f2a");
  });

  it("caps the length at 128 characters", () => {
    const result = redact("x".repeat(500));
    expect(result.length).toBe(128);
  });
});

describe("scrubError", () => {
  it("keeps only the name, a redacted message and a code, never the stack", () => {
    const error = Object.assign(new TypeError("request for anna@example.com failed"), {
      code: "E_NETWORK",
      cause: "anna@example.com",
    });
    const scrubbed = scrubError(error);
    expect(scrubbed).toEqual({ errorName: "TypeError", message: "request for [email] failed", code: "E_NETWORK" });
    expect(JSON.stringify(scrubbed)).not.toContain("at ");
  });

  it("caps the message at 200 characters and handles non-errors", () => {
    expect(scrubError(new Error("y".repeat(400))).message.length).toBe(200);
    expect(scrubError("plain text")).toEqual({ errorName: "Error", message: "plain text" });
    expect(scrubError(42)).toEqual({ errorName: "Error", message: "" });
    expect(scrubError({ name: "bad name with spaces", message: "m", code: "sk-proj-abcdefgh" })).toEqual({
      errorName: "Error",
      message: "m",
    });
  });
});

describe("telemetryName", () => {
  it("accepts event-like names and replaces anything else", () => {
    expect(telemetryName("chatkit.thread:load/end-1_x")).toBe("chatkit.thread:load/end-1_x");
    expect(telemetryName("has space")).toBe("invalid_name");
    expect(telemetryName("a".repeat(81))).toBe("invalid_name");
    expect(telemetryName("")).toBe("invalid_name");
    expect(telemetryName(undefined)).toBe("invalid_name");
  });
});

describe("createTelemetry", () => {
  it("sends log and error events in the shape the backend accepts", () => {
    const sent: TelemetryEvent[] = [];
    const telemetry = createTelemetry({ send: (event) => sent.push(event), context: CONTEXT });
    telemetry.setThreadId("thr_1");
    telemetry.log("response.start", { itemId: "itm_1", text: "hello" });
    telemetry.error("chatkit.error", new Error("boom"));
    expect(sent).toEqual([
      {
        kind: "log",
        name: "response.start",
        data: { itemId: "itm_1" },
        context: { ...CONTEXT, threadId: "thr_1" },
      },
      {
        kind: "error",
        name: "chatkit.error",
        data: {},
        context: { ...CONTEXT, threadId: "thr_1" },
        error: { errorName: "Error", message: "boom" },
      },
    ]);
  });

  it("samples logs but never errors", () => {
    const send = vi.fn();
    const telemetry = createTelemetry({ send, context: CONTEXT, logSampleRate: 0.25, random: () => 0.5 });
    telemetry.log("noise");
    telemetry.error("script_timeout", new Error("late"));
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]?.[0]).toMatchObject({ kind: "error", name: "script_timeout" });

    const kept = vi.fn();
    createTelemetry({ send: kept, context: CONTEXT, logSampleRate: 0.25, random: () => 0.1 }).log("noise");
    expect(kept).toHaveBeenCalledTimes(1);
  });

  it("never throws when sending fails", () => {
    const telemetry = createTelemetry({
      send: () => {
        throw new Error("offline");
      },
      context: CONTEXT,
    });
    expect(() => telemetry.error("chatkit.error", new Error("x"))).not.toThrow();
  });
});

describe("createTelemetrySink", () => {
  const event: TelemetryEvent = { kind: "log", name: "x", data: {}, context: { ...CONTEXT, threadId: null } };

  it("posts each event as keepalive JSON through the given fetch", () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.resolve(new Response(null, { status: 204 })));
    createTelemetrySink({ url: "/telemetry", fetch })(event);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe("/telemetry");
    expect(init).toMatchObject({ method: "POST", keepalive: true, body: JSON.stringify(event) });
{%- if cookiecutter.auth_style == 'session' %}
    expect(typeof init?.body).toBe("string");
{%- else %}
    expect(typeof init?.body).toBe("string"); // a string body lets createChatKitFetch retry after a 401
{%- endif %}
    expect(new Headers(init?.headers).get("content-type")).toBe("application/json");
  });

  it("never throws when the fetch rejects", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.reject(new TypeError("offline")));
    expect(() => createTelemetrySink({ url: "/telemetry", fetch })(event)).not.toThrow();
    // Let the rejection settle: vitest fails the run on an unhandled rejection.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("never throws when the fetch throws synchronously", () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() => {
      throw new TypeError("Illegal invocation");
    });
    expect(() => createTelemetrySink({ url: "/telemetry", fetch })(event)).not.toThrow();
    expect(fetch).toHaveBeenCalledTimes(1);
  });
{%- if cookiecutter.auth_style == 'session' %}

  it("sends the session's CSRF token when given the fetch from createChatKitFetch", async () => {
    const base = vi.fn<typeof globalThis.fetch>(() => Promise.resolve(new Response(null, { status: 204 })));
    const authenticatedFetch = createChatKitFetch({
      getCsrfToken: () => "csrf_123",
      getLocale: () => "fr",
      fetch: base,
    });
    createTelemetrySink({ url: "/telemetry", fetch: authenticatedFetch })(event);
    await vi.waitFor(() => expect(base).toHaveBeenCalledTimes(1));
    const [url, init] = base.mock.calls[0] ?? [];
    expect(url).toBe("/telemetry");
    expect(init).toMatchObject({ method: "POST", keepalive: true, credentials: "same-origin", body: JSON.stringify(event) });
    const headers = new Headers(init?.headers);
    expect(headers.get("x-csrf-token")).toBe("csrf_123");
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("accept-language")).toBe("fr");
  });

  it("swallows a failing cookie read", async () => {
    const base = vi.fn<typeof globalThis.fetch>();
    const getCsrfToken = vi.fn((): string | null => {
      throw new Error("no document");
    });
    const authenticatedFetch = createChatKitFetch({ getCsrfToken, getLocale: () => "en", fetch: base });
    expect(() => createTelemetrySink({ url: "/telemetry", fetch: authenticatedFetch })(event)).not.toThrow();
    await vi.waitFor(() => expect(getCsrfToken).toHaveBeenCalledTimes(1));
    expect(base).not.toHaveBeenCalled();
  });
{%- else %}

  it("sends the bearer token when given the fetch from createChatKitFetch", async () => {
    const base = vi.fn<typeof globalThis.fetch>(() => Promise.resolve(new Response(null, { status: 204 })));
    const authenticatedFetch = createChatKitFetch({
      getAccessToken: () => Promise.resolve("tok_123"),
      getLocale: () => "fr",
      fetch: base,
    });
    createTelemetrySink({ url: "/telemetry", fetch: authenticatedFetch })(event);
    await vi.waitFor(() => expect(base).toHaveBeenCalledTimes(1));
    const [url, init] = base.mock.calls[0] ?? [];
    expect(url).toBe("/telemetry");
    expect(init).toMatchObject({ method: "POST", keepalive: true, body: JSON.stringify(event) });
    const headers = new Headers(init?.headers);
    expect(headers.get("authorization")).toBe("Bearer tok_123");
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("accept-language")).toBe("fr");
  });

  it("swallows a failing token source", async () => {
    const base = vi.fn<typeof globalThis.fetch>();
    const getAccessToken = vi.fn(() => Promise.reject(new Error("no token")));
    const authenticatedFetch = createChatKitFetch({ getAccessToken, getLocale: () => "en", fetch: base });
    expect(() => createTelemetrySink({ url: "/telemetry", fetch: authenticatedFetch })(event)).not.toThrow();
    await vi.waitFor(() => expect(getAccessToken).toHaveBeenCalledTimes(1));
    expect(base).not.toHaveBeenCalled();
  });
{%- endif %}
});
