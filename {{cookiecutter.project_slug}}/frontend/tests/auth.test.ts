import { describe, expect, it, vi } from "vitest";
import { createDevTokenSource, createHostPageTokenSource, type ChatKitAuth } from "../src/config/auth";

function tokenEndpoint(...bodies: unknown[]) {
  let issued = 0;
  const fetch = vi.fn<typeof globalThis.fetch>(async () => {
    const body = bodies[Math.min(issued, bodies.length - 1)];
    issued += 1;
    return Response.json(body);
  });
  return fetch;
}

describe("createDevTokenSource", () => {
  it("fetches GET /dev/token once and caches it until shortly before expiry", async () => {
    let now = 1_000_000;
    const fetch = tokenEndpoint({ token: "first", expires_in: 300 }, { token: "second", expires_in: 300 });
    const source = createDevTokenSource({ fetch, now: () => now });
    expect(await source.getAccessToken()).toBe("first");
    now += 200_000;
    expect(await source.getAccessToken()).toBe("first");
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[0]).toBe("/dev/token");
    now += 75_000; // 25 s before expiry: inside the refresh margin
    expect(await source.getAccessToken()).toBe("second");
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("fetches a new token when asked to refresh", async () => {
    const fetch = tokenEndpoint({ token: "first", expires_in: 300 }, { token: "second", expires_in: 300 });
    const source = createDevTokenSource({ fetch });
    await source.getAccessToken();
    expect(await source.getAccessToken({ forceRefresh: true })).toBe("second");
  });

  it("shares one request between concurrent callers", async () => {
    const fetch = tokenEndpoint({ token: "only", expires_in: 300 });
    const source = createDevTokenSource({ fetch });
    expect(await Promise.all([source.getAccessToken(), source.getAccessToken()])).toEqual(["only", "only"]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("fails clearly when the endpoint is missing or answers nonsense", async () => {
    const missing = createDevTokenSource({ fetch: async () => new Response("", { status: 404 }) });
    await expect(missing.getAccessToken()).rejects.toThrow(/404.*development mode/);
    const nonsense = createDevTokenSource({ fetch: tokenEndpoint({ access_token: "x" }) });
    await expect(nonsense.getAccessToken()).rejects.toThrow(/expires_in/);
  });
});

describe("createHostPageTokenSource", () => {
  it("returns null when the page defines no chatkitAuth", async () => {
    expect(await createHostPageTokenSource({}).getAccessToken()).toBeNull();
  });

  it("asks the page's chatkitAuth at each call, passing the refresh request on", async () => {
    const host: { chatkitAuth?: ChatKitAuth } = {};
    const source = createHostPageTokenSource(host);
    const getAccessToken = vi.fn((request?: { forceRefresh?: boolean }) =>
      Promise.resolve(request?.forceRefresh ? "fresh" : "cached"),
    );
    host.chatkitAuth = { getAccessToken }; // registered after the source was created
    expect(await source.getAccessToken()).toBe("cached");
    expect(await source.getAccessToken({ forceRefresh: true })).toBe("fresh");
    host.chatkitAuth = { getAccessToken: () => "" };
    expect(await source.getAccessToken()).toBeNull();
  });
});
