import { describe, expect, it } from "vitest";
import {
  DomainKeyError,
  LOCAL_PLACEHOLDER_KEY,
  parseDomainKeyMap,
  resolveDomainKey,
} from "../src/config/domainKeys";

const MAP = parseDomainKeyMap(
  JSON.stringify({
    "app.example.com": "domain_pk_app",
    "*.example.com": "domain_pk_wild",
    "*.staging.example.com": "domain_pk_staging",
    "127.0.0.1": "domain_pk_loopback_ci",
  }),
);
const PROD = { allowLocalPlaceholder: false };
const DEV = { allowLocalPlaceholder: true };

describe("parseDomainKeyMap", () => {
  it("reads JSON and host=key lists alike", () => {
    const fromList = parseDomainKeyMap(" app.example.com = domain_pk_app , *.example.com=domain_pk_wild ,");
    expect([...fromList]).toEqual([
      ["app.example.com", "domain_pk_app"],
      ["*.example.com", "domain_pk_wild"],
    ]);
    expect(parseDomainKeyMap('{"App.Example.COM.": "domain_pk_app"}').get("app.example.com")).toBe("domain_pk_app");
  });

  it("drops ports and brackets from hostnames", () => {
    const map = parseDomainKeyMap("app.example.com:8443=domain_pk_a,[::1]:5173=domain_pk_b");
    expect(map.get("app.example.com")).toBe("domain_pk_a");
    expect(map.get("::1")).toBe("domain_pk_b");
  });

  it("is empty for an empty value", () => {
    expect(parseDomainKeyMap("").size).toBe(0);
    expect(parseDomainKeyMap("   ").size).toBe(0);
  });

  it("rejects a secret API key without repeating it", () => {
    const secret = "sk-proj-abcdef1234567890";
    for (const raw of [`app.example.com=${secret}`, JSON.stringify({ "app.example.com": secret }), secret]) {
      let caught: unknown;
      try {
        parseDomainKeyMap(raw);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainKeyError);
      expect((caught as Error).message).not.toContain("abcdef");
    }
    expect(() => parseDomainKeyMap(`app.example.com=${secret}`)).toThrow(/secret API key/);
  });

  it("rejects values that are not domain keys, bad JSON and bad hostnames", () => {
    expect(() => parseDomainKeyMap("app.example.com=pk_live_123")).toThrow(/domain_pk_/);
    expect(() => parseDomainKeyMap('{"app.example.com": 42}')).toThrow(DomainKeyError);
    expect(() => parseDomainKeyMap('["app.example.com"]')).toThrow(DomainKeyError);
    expect(() => parseDomainKeyMap("{not json")).toThrow(/JSON/);
    expect(() => parseDomainKeyMap("app.example.com")).toThrow(/host=domain_pk_/);
    expect(() => parseDomainKeyMap("bad host!=domain_pk_x")).toThrow(/hostname/);
    expect(() => parseDomainKeyMap("a.com=domain_pk_1,A.com=domain_pk_2")).toThrow(/twice/);
  });
});

describe("resolveDomainKey", () => {
  it("matches the exact host, ignoring case and a trailing dot", () => {
    expect(resolveDomainKey("app.example.com", MAP, PROD)).toBe("domain_pk_app");
    expect(resolveDomainKey("APP.Example.com.", MAP, PROD)).toBe("domain_pk_app");
  });

  it("uses the longest matching wildcard for subdomains", () => {
    expect(resolveDomainKey("support.example.com", MAP, PROD)).toBe("domain_pk_wild");
    expect(resolveDomainKey("pr-42.staging.example.com", MAP, PROD)).toBe("domain_pk_staging");
    expect(resolveDomainKey("a.b.example.com", MAP, PROD)).toBe("domain_pk_wild");
  });

  it("never lets a wildcard match its apex or a look-alike domain", () => {
    const onlyWildcard = parseDomainKeyMap("*.example.com=domain_pk_wild");
    expect(() => resolveDomainKey("example.com", onlyWildcard, PROD)).toThrow(DomainKeyError);
    expect(() => resolveDomainKey("evilexample.com", onlyWildcard, PROD)).toThrow(DomainKeyError);
    expect(resolveDomainKey("staging.example.com", MAP, PROD)).toBe("domain_pk_wild");
  });

  it("gives loopback hosts the placeholder only when allowed", () => {
    const empty = parseDomainKeyMap("");
    for (const host of ["localhost", "127.0.0.1", "[::1]", "LOCALHOST."]) {
      expect(resolveDomainKey(host, empty, DEV)).toBe(LOCAL_PLACEHOLDER_KEY);
      expect(() => resolveDomainKey(host, empty, PROD)).toThrow(DomainKeyError);
    }
    expect(() => resolveDomainKey("192.168.1.10", empty, DEV)).toThrow(DomainKeyError);
  });

  it("prefers a configured key over the placeholder on loopback", () => {
    expect(resolveDomainKey("127.0.0.1", MAP, DEV)).toBe("domain_pk_loopback_ci");
  });

  it("fails closed on an unknown host, naming it", () => {
    expect(() => resolveDomainKey("unknown.example.net", MAP, DEV)).toThrow(/unknown\.example\.net/);
  });
});
