// ChatKit needs the domain key registered for the page's hostname in OpenAI's domain
// allow-list, or it shows a blank frame. Keys are public (`domain_pk_...`); the map lives in
// DOMAIN_KEYS, as JSON (`{"app.example.com": "domain_pk_..."}`) or `host=key,host2=key2`.
// A `*.example.com` entry covers every subdomain of example.com, never example.com itself.

/** Accepted by ChatKit on loopback hosts, where it skips domain verification. */
export const LOCAL_PLACEHOLDER_KEY = "domain_pk_localhost_dev";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1"]);
const DOMAIN_KEY_PATTERN = /^domain_pk_[A-Za-z0-9_-]+$/;
const HOST_PATTERN = /^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*$|^[0-9a-f:]+$/;
const SECRET_PREFIX = /^(sk|rk|sess)-/;

export type DomainKeyMap = ReadonlyMap<string, string>;

export class DomainKeyError extends Error {
  override name = "DomainKeyError";
}

/** Lower case, no trailing dot, no IPv6 brackets, no port. */
export function normalizeHost(host: string): string {
  let normalized = host.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:]+)\](?::\d+)?$/.exec(normalized);
  if (bracketed?.[1] !== undefined) {
    normalized = bracketed[1];
  } else if (/^[^:]+:\d+$/.test(normalized)) {
    normalized = normalized.slice(0, normalized.lastIndexOf(":"));
  }
  return normalized.replace(/\.+$/, "");
}

function entriesOf(raw: string): Array<[string, unknown]> {
  const text = raw.trim();
  if (text === "") return [];
  if (text.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new DomainKeyError("DOMAIN_KEYS starts with '{' but is not valid JSON.");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new DomainKeyError('DOMAIN_KEYS must be a JSON object: {"host": "domain_pk_..."}.');
    }
    return Object.entries(parsed);
  }
  return text
    .split(",")
    .filter((entry) => entry.trim() !== "")
    .map((entry, index): [string, unknown] => {
      const separator = entry.indexOf("=");
      if (separator < 0) {
        // Not echoed: a lone value may be a pasted secret.
        throw new DomainKeyError(`DOMAIN_KEYS entry ${index + 1} is not of the form host=domain_pk_...`);
      }
      return [entry.slice(0, separator), entry.slice(separator + 1).trim()];
    });
}

/**
 * Parses DOMAIN_KEYS. Every value must be a domain key: this map ends up in public JavaScript,
 * so a pasted API key (`sk-...`) is refused, and the error never repeats the value.
 */
export function parseDomainKeyMap(raw: string): DomainKeyMap {
  const map = new Map<string, string>();
  for (const [index, [rawHost, key]] of entriesOf(raw).entries()) {
    const host = normalizeHost(rawHost);
    if (SECRET_PREFIX.test(host) || !HOST_PATTERN.test(host)) {
      throw new DomainKeyError(`DOMAIN_KEYS entry ${index + 1} does not start with a valid hostname.`);
    }
    if (typeof key !== "string" || !DOMAIN_KEY_PATTERN.test(key)) {
      const looksSecret = typeof key === "string" && SECRET_PREFIX.test(key);
      throw new DomainKeyError(
        `DOMAIN_KEYS value for "${host}" is not a domain key (domain_pk_...)` +
          (looksSecret ? ": it looks like a secret API key, which must never be put in the web bundle." : "."),
      );
    }
    if (map.has(host)) {
      throw new DomainKeyError(`DOMAIN_KEYS lists "${host}" twice.`);
    }
    map.set(host, key);
  }
  return map;
}

export interface ResolveDomainKeyOptions {
  /** Development builds only: let loopback hosts use LOCAL_PLACEHOLDER_KEY. */
  allowLocalPlaceholder: boolean;
}

/**
 * The domain key for a hostname: exact entry → longest matching `*.` wildcard → the loopback
 * placeholder (when allowed). Anything else throws, so the page shows a configuration error
 * instead of a blank chat.
 */
export function resolveDomainKey(
  hostname: string,
  map: DomainKeyMap,
  { allowLocalPlaceholder }: ResolveDomainKeyOptions,
): string {
  const host = normalizeHost(hostname);
  const exact = map.get(host);
  if (exact !== undefined) return exact;

  let best: { suffix: string; key: string } | null = null;
  for (const [pattern, key] of map) {
    if (!pattern.startsWith("*.")) continue;
    const suffix = pattern.slice(1); // ".example.com"
    if (host.endsWith(suffix) && host.length > suffix.length && (best === null || suffix.length > best.suffix.length)) {
      best = { suffix, key };
    }
  }
  if (best !== null) return best.key;

  if (allowLocalPlaceholder && LOOPBACK_HOSTS.has(host)) return LOCAL_PLACEHOLDER_KEY;

  throw new DomainKeyError(
    `No domain key for host "${host}". Add it to DOMAIN_KEYS when building the front end, and to ` +
      "the domain allow-list of the OpenAI organization.",
  );
}
