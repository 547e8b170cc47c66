import { type DomainKeyMap, DomainKeyError, parseDomainKeyMap } from "./domainKeys";

// Build once, deploy many: the backend serves its own DOMAIN_KEYS setting at /app-config.json,
// so one bundle works on every environment's hostnames. A bundle served without the backend
// (a static host or CDN) has no such file and uses the keys it was built with.

export const RUNTIME_CONFIG_URL = "/app-config.json";

/**
 * The domain keys of the runtime configuration: a map (possibly empty) when the page's origin
 * serves one, null when it serves none (404, no answer, or a static host's HTML page for every
 * path). A JSON answer that is malformed, or holds anything but domain keys, throws: the page
 * must not guess.
 */
export async function loadRuntimeDomainKeys(
  get: typeof fetch = (input, init) => globalThis.fetch(input, init),
  url: string = RUNTIME_CONFIG_URL,
): Promise<DomainKeyMap | null> {
  let response: Response;
  try {
    response = await get(url, { headers: { Accept: "application/json" }, cache: "no-store" });
  } catch {
    return null; // offline or blocked: the build's keys still apply
  }
  if (response.status === 404) return null;
  if (!response.ok) {
    throw new DomainKeyError(`GET ${url} answered ${response.status}.`);
  }
  if (!(response.headers.get("Content-Type") ?? "").includes("application/json")) {
    return null; // a single-page-app fallback answering index.html: not a backend
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new DomainKeyError(`GET ${url} did not return JSON.`);
  }
  const domainKeys = (body as { domainKeys?: unknown } | null)?.domainKeys;
  if (typeof domainKeys !== "object" || domainKeys === null || Array.isArray(domainKeys)) {
    throw new DomainKeyError(`GET ${url} has no "domainKeys" object.`);
  }
  return parseDomainKeyMap(JSON.stringify(domainKeys));
}

/** The runtime keys when the server has any, else the keys compiled into the bundle. */
export function chooseDomainKeys(runtime: DomainKeyMap | null, atBuild: string): DomainKeyMap {
  return runtime !== null && runtime.size > 0 ? runtime : parseDomainKeyMap(atBuild);
}
