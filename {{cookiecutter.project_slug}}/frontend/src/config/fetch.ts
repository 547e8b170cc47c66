// The `fetch` ChatKit uses for every /chatkit request. It runs in the host page, so it can add
// the bearer token and the app's locale; ChatKit never sees either.

export interface AccessTokenRequest {
  /** Bypass any cached token (after the backend answered 401). */
  forceRefresh?: boolean;
}

export type GetAccessToken = (request?: AccessTokenRequest) => Promise<string | null>;

export interface ChatKitFetchOptions {
  getAccessToken: GetAccessToken;
  /** The resolved app locale, read on every request. */
  getLocale: () => string;
  /** The underlying fetch; defaults to the global one. */
  fetch?: typeof fetch;
}

/** Only a string (or no body) can be sent twice; a stream or a Request's body is used up. */
function isReplayable(input: RequestInfo | URL, init: RequestInit | undefined): boolean {
  const body = init?.body;
  if (body !== undefined && body !== null) return typeof body === "string";
  return !(input instanceof Request) || input.body === null;
}

/**
 * Returns an arrow function, never a bound or unbound `window.fetch`: ChatKit calls `api.fetch`
 * as a method of its options object, and the browser's fetch throws "Illegal invocation" when
 * `this` is not the window. The body and the Response (an SSE stream) pass through untouched.
 */
export function createChatKitFetch({
  getAccessToken,
  getLocale,
  fetch: baseFetch = (input, init) => globalThis.fetch(input, init),
}: ChatKitFetchOptions): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const send = (token: string | null): Promise<Response> => {
      // new Headers(...) accepts a Headers instance, an array of pairs or a plain object alike.
      const headers = new Headers(input instanceof Request ? input.headers : undefined);
      new Headers(init?.headers).forEach((value, name) => headers.set(name, value));
      if (token) headers.set("Authorization", `Bearer ${token}`);
      headers.set("Accept-Language", getLocale());
      return baseFetch(input, { ...init, headers });
    };

    const replayable = isReplayable(input, init);
    const response = await send(await getAccessToken());
    if (response.status !== 401 || !replayable) return response;

    const freshToken = await getAccessToken({ forceRefresh: true });
    if (!freshToken) return response;
    void response.body?.cancel().catch(() => undefined);
    return send(freshToken);
  };
}
