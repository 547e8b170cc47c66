import { afterEach, describe, expect, it, vi } from "vitest";
import { createChatKitFetch, type AccessTokenRequest } from "../src/config/fetch";

type Call = { input: RequestInfo | URL; init: RequestInit | undefined; headers: Headers };

function recordingFetch(responses: Response[] = []) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({ input, init, headers: new Headers(init?.headers) });
    return responses.shift() ?? new Response("ok");
  };
  return { calls, fetch };
}

function tokens(...values: Array<string | null>) {
  const requests: Array<AccessTokenRequest | undefined> = [];
  const getAccessToken = async (request?: AccessTokenRequest) => {
    requests.push(request);
    return values.length > 1 ? (values.shift() ?? null) : (values[0] ?? null);
  };
  return { requests, getAccessToken };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("createChatKitFetch", () => {
  it("merges a Headers instance with the bearer token and the app locale", async () => {
    const { calls, fetch } = recordingFetch();
    const chatFetch = createChatKitFetch({ ...tokens("tok-1"), getLocale: () => "fr", fetch });
    await chatFetch("/chatkit", {
      method: "POST",
      headers: new Headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: "{}",
    });
    const headers = calls[0]?.headers;
    expect(headers?.get("content-type")).toBe("application/json");
    expect(headers?.get("accept")).toBe("text/event-stream");
    expect(headers?.get("authorization")).toBe("Bearer tok-1");
    expect(headers?.get("accept-language")).toBe("fr");
  });

  it("accepts headers as an array of pairs or a plain object", async () => {
    const { calls, fetch } = recordingFetch();
    const chatFetch = createChatKitFetch({ ...tokens("t"), getLocale: () => "de", fetch });
    await chatFetch("/chatkit", { headers: [["X-Trace", "a"]] });
    await chatFetch("/chatkit", { headers: { "X-Trace": "b", "Accept-Language": "en-US,en;q=0.9" } });
    expect(calls.map((call) => call.headers.get("x-trace"))).toEqual(["a", "b"]);
    expect(calls[1]?.headers.get("accept-language")).toBe("de");
  });

  it("keeps a Request's own headers, with init headers taking precedence", async () => {
    const { calls, fetch } = recordingFetch();
    const chatFetch = createChatKitFetch({ ...tokens("t"), getLocale: () => "en", fetch });
    const request = new Request("http://app.example.com/chatkit", {
      headers: { "X-From-Request": "1", "X-Both": "request" },
    });
    await chatFetch(request, { headers: { "X-Both": "init" } });
    expect(calls[0]?.input).toBe(request);
    expect(calls[0]?.headers.get("x-from-request")).toBe("1");
    expect(calls[0]?.headers.get("x-both")).toBe("init");
  });

  it("sends no Authorization header without a token, but always Accept-Language", async () => {
    const { calls, fetch } = recordingFetch();
    let locale = "en";
    const chatFetch = createChatKitFetch({ ...tokens(null), getLocale: () => locale, fetch });
    await chatFetch("/chatkit");
    locale = "fr";
    await chatFetch("/chatkit");
    expect(calls[0]?.headers.has("authorization")).toBe(false);
    expect(calls.map((call) => call.headers.get("accept-language"))).toEqual(["en", "fr"]);
  });

  it("passes the body, the other init fields and the Response through untouched", async () => {
    const response = new Response("data: {}\n\n", { headers: { "Content-Type": "text/event-stream" } });
    const { calls, fetch } = recordingFetch([response]);
    const chatFetch = createChatKitFetch({ ...tokens("t"), getLocale: () => "en", fetch });
    const body = JSON.stringify({ type: "threads.create" });
    const signal = new AbortController().signal;
    const result = await chatFetch("/chatkit", { method: "POST", body, signal, credentials: "include" });
    expect(result).toBe(response);
    expect(result.bodyUsed).toBe(false);
    expect(calls[0]?.init?.body).toBe(body);
    expect(calls[0]?.init?.signal).toBe(signal);
    expect(calls[0]?.init?.method).toBe("POST");
    expect(calls[0]?.init?.credentials).toBe("include");
  });

  it("works when called as a method of another object, as ChatKit does", async () => {
    // The browser's fetch throws "Illegal invocation" unless `this` is the global object.
    const globalFetch = vi.fn(function (this: unknown): Promise<Response> {
      if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
      return Promise.resolve(new Response("ok"));
    });
    vi.stubGlobal("fetch", globalFetch);
    const chatFetch = createChatKitFetch({ ...tokens("t"), getLocale: () => "en" });
    const api = { url: "/chatkit", fetch: chatFetch };
    const response = await api.fetch("/chatkit", { method: "POST", body: "{}" });
    const applied = await chatFetch.apply({ unrelated: true }, ["/chatkit"]);
    expect(await response.text()).toBe("ok");
    expect(applied.status).toBe(200);
    expect(globalFetch).toHaveBeenCalledTimes(2);
  });

  it("retries once with a fresh token after a 401", async () => {
    const { calls, fetch } = recordingFetch([new Response(null, { status: 401 }), new Response("second")]);
    const source = tokens("stale", "fresh");
    const chatFetch = createChatKitFetch({ ...source, getLocale: () => "en", fetch });
    const result = await chatFetch("/chatkit", { method: "POST", body: "{}" });
    expect(await result.text()).toBe("second");
    expect(calls.map((call) => call.headers.get("authorization"))).toEqual(["Bearer stale", "Bearer fresh"]);
    expect(calls[1]?.init?.body).toBe("{}");
    expect(source.requests).toEqual([undefined, { forceRefresh: true }]);
  });

  it("does not retry a second time", async () => {
    const { calls, fetch } = recordingFetch([new Response(null, { status: 401 }), new Response(null, { status: 401 })]);
    const chatFetch = createChatKitFetch({ ...tokens("a", "b", "c"), getLocale: () => "en", fetch });
    const result = await chatFetch("/chatkit", { method: "POST", body: "{}" });
    expect(result.status).toBe(401);
    expect(calls).toHaveLength(2);
  });

  it("does not retry when no fresh token is available", async () => {
    const { calls, fetch } = recordingFetch([new Response(null, { status: 401 })]);
    const chatFetch = createChatKitFetch({ ...tokens(null), getLocale: () => "en", fetch });
    expect((await chatFetch("/chatkit")).status).toBe(401);
    expect(calls).toHaveLength(1);
  });

  it("does not retry a body that cannot be sent twice", async () => {
    const { calls, fetch } = recordingFetch([new Response(null, { status: 401 }), new Response(null, { status: 401 })]);
    const chatFetch = createChatKitFetch({ ...tokens("stale", "fresh"), getLocale: () => "en", fetch });
    const stream = new ReadableStream({
      start(controller) {
        controller.close();
      },
    });
    expect((await chatFetch("/chatkit", { method: "POST", body: stream })).status).toBe(401);
    const request = new Request("http://app.example.com/chatkit", { method: "POST", body: "{}" });
    expect((await chatFetch(request)).status).toBe(401);
    expect(calls).toHaveLength(2);
  });

  it("does not retry other errors", async () => {
    const { calls, fetch } = recordingFetch([new Response(null, { status: 403 })]);
    const chatFetch = createChatKitFetch({ ...tokens("a", "b"), getLocale: () => "en", fetch });
    expect((await chatFetch("/chatkit", { body: "{}" })).status).toBe(403);
    expect(calls).toHaveLength(1);
  });
});
