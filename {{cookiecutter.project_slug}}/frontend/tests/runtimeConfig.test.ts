import { describe, expect, it } from "vitest";
import { DomainKeyError, parseDomainKeyMap } from "../src/config/domainKeys";
import { chooseDomainKeys, loadRuntimeDomainKeys, RUNTIME_CONFIG_URL } from "../src/config/runtimeConfig";

type Call = [RequestInfo | URL, RequestInit?];

/** A fetch that records its calls and answers `response` (or throws it). */
function answering(response: Response | Error): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (input, init) => {
      calls.push([input, init]);
      if (response instanceof Error) throw response;
      return response;
    },
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("loadRuntimeDomainKeys", () => {
  it("reads the backend's keys from /app-config.json, uncached", async () => {
    const keys = { "App.Example.com": "domain_pk_app", "*.example.org": "domain_pk_org" };
    const server = answering(json({ domainKeys: keys }));

    const loaded = await loadRuntimeDomainKeys(server.fetch);

    expect([...(loaded ?? [])]).toEqual([
      ["app.example.com", "domain_pk_app"],
      ["*.example.org", "domain_pk_org"],
    ]);
    expect(server.calls[0]?.[0]).toBe(RUNTIME_CONFIG_URL);
    expect(server.calls[0]?.[1]?.cache).toBe("no-store");
  });

  it("returns an empty map when the backend has no keys", async () => {
    expect((await loadRuntimeDomainKeys(answering(json({ domainKeys: {} })).fetch))?.size).toBe(0);
  });

  it("returns null where no backend serves it (404, no answer, a static host's page)", async () => {
    expect(await loadRuntimeDomainKeys(answering(new Response("", { status: 404 })).fetch)).toBeNull();
    expect(await loadRuntimeDomainKeys(answering(new TypeError("Failed to fetch")).fetch)).toBeNull();
    const page = new Response("<!doctype html>", { headers: { "Content-Type": "text/html" } });
    expect(await loadRuntimeDomainKeys(answering(page).fetch)).toBeNull();
  });

  it.each([
    ["a server error", new Response("oops", { status: 500 })],
    ["a JSON answer that does not parse", new Response("{", { headers: { "Content-Type": "application/json" } })],
    ["no domainKeys object", json({ keys: {} })],
    ["domainKeys as a list", json({ domainKeys: ["domain_pk_app"] })],
    ["a value that is not a domain key", json({ domainKeys: { "app.example.com": "pk_live_123" } })],
  ])("fails closed on %s", async (_case, response) => {
    await expect(loadRuntimeDomainKeys(answering(response).fetch)).rejects.toBeInstanceOf(DomainKeyError);
  });

  it("refuses a secret API key without repeating it", async () => {
    const secret = "sk-proj-abcdefghijklmnop";
    const failure = loadRuntimeDomainKeys(answering(json({ domainKeys: { "app.example.com": secret } })).fetch);

    await expect(failure).rejects.toThrow(/secret API key/);
    await expect(failure).rejects.not.toThrow(secret);
  });
});

describe("chooseDomainKeys", () => {
  const BUILT = '{"built.example.com": "domain_pk_built"}';

  it("prefers the runtime keys when there are any", () => {
    const runtime = parseDomainKeyMap('{"app.example.com": "domain_pk_app"}');
    expect(chooseDomainKeys(runtime, BUILT)).toBe(runtime);
  });

  it("falls back to the keys built into the bundle when the runtime has none or is absent", () => {
    expect([...chooseDomainKeys(new Map(), BUILT)]).toEqual([["built.example.com", "domain_pk_built"]]);
    expect([...chooseDomainKeys(null, BUILT)]).toEqual([["built.example.com", "domain_pk_built"]]);
    expect(chooseDomainKeys(null, "").size).toBe(0);
  });
});
