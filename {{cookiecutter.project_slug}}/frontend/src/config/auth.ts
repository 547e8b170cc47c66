import { DEV_TOKEN_URL } from "./deployment";
import type { AccessTokenRequest } from "./fetch";

/** Where /chatkit bearer tokens come from. */
export interface AccessTokenSource {
  getAccessToken(request?: AccessTokenRequest): Promise<string | null>;
}

/**
 * The integration point with your identity provider: before the chat loads, or at any time
 * after, define `window.chatkitAuth` with a `getAccessToken` that returns a token for this API
 * (MSAL's acquireTokenSilent, Auth0's getTokenSilently, oidc-client's getUser, ...). When
 * `forceRefresh` is true the backend has just refused the previous token.
 */
export interface ChatKitAuth {
  getAccessToken(request?: AccessTokenRequest): Promise<string | null> | string | null;
}

declare global {
  interface Window {
    chatkitAuth?: ChatKitAuth;
  }
}

interface DevTokenResponse {
  token: string;
  expires_in: number;
}

function isDevTokenResponse(value: unknown): value is DevTokenResponse {
  if (typeof value !== "object" || value === null) return false;
  const { token, expires_in: expiresIn } = value as Record<string, unknown>;
  return typeof token === "string" && token !== "" && typeof expiresIn === "number" && expiresIn > 0;
}

export interface DevTokenSourceOptions {
  url?: string;
  fetch?: typeof fetch;
  now?: () => number;
  /** Fetch a new token this long before the current one expires. */
  refreshMarginMs?: number;
}

/**
 * Development builds: tokens from the backend's GET /dev/token, which exists only when the
 * backend runs in development mode. Cached until shortly before expiry; concurrent callers
 * share one request.
 */
export function createDevTokenSource({
  url = DEV_TOKEN_URL,
  fetch: get = (input, init) => globalThis.fetch(input, init),
  now = Date.now,
  refreshMarginMs = 30_000,
}: DevTokenSourceOptions = {}): AccessTokenSource {
  let cached: { token: string; refreshAt: number } | null = null;
  let pending: Promise<string> | null = null;

  const fetchToken = async (): Promise<string> => {
    const response = await get(url, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) {
      throw new Error(
        `GET ${url} answered ${response.status}; it only exists while the backend runs in development mode.`,
      );
    }
    const body: unknown = await response.json();
    if (!isDevTokenResponse(body)) {
      throw new Error(`GET ${url} did not return {"token": ..., "expires_in": ...}.`);
    }
    const lifetimeMs = body.expires_in * 1000;
    cached = { token: body.token, refreshAt: now() + Math.max(lifetimeMs - refreshMarginMs, lifetimeMs / 2) };
    return body.token;
  };

  return {
    getAccessToken(request) {
      if (!request?.forceRefresh && cached !== null && now() < cached.refreshAt) {
        return Promise.resolve(cached.token);
      }
      pending ??= fetchToken().finally(() => {
        pending = null;
      });
      return pending;
    },
  };
}

/** Production builds: whatever the host page's `window.chatkitAuth` provides, or no token. */
export function createHostPageTokenSource(host: { chatkitAuth?: ChatKitAuth | undefined } = window): AccessTokenSource {
  return {
    async getAccessToken(request) {
      const auth = host.chatkitAuth; // read per call: the identity SDK may register after us
      if (auth === undefined) return null;
      const token = await auth.getAccessToken(request);
      return typeof token === "string" && token !== "" ? token : null;
    },
  };
}

/** The token source for this build; the development one is not even bundled in production. */
export function createAccessTokenSource(): AccessTokenSource {
  return import.meta.env.DEV ? createDevTokenSource() : createHostPageTokenSource();
}
