import { randomSessionId } from "./telemetry";

// Per-tab state in sessionStorage: the open thread (fed back as `initialThread` after a reload)
// and the telemetry session id. Storage can be missing or throw (privacy modes); then both
// simply last as long as the page.

export const THREAD_ID_KEY = "chatkit.threadId";
export const TELEMETRY_SESSION_KEY = "chatkit.telemetrySessionId";

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export type SessionStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function browserSessionStorage(): SessionStore | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function read(storage: SessionStore | null, key: string): string | null {
  try {
    const value = storage?.getItem(key) ?? null;
    return value !== null && ID_PATTERN.test(value) ? value : null;
  } catch {
    return null;
  }
}

function write(storage: SessionStore | null, key: string, value: string | null): void {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, value);
  } catch {
    // quota or privacy mode: keep going without persistence
  }
}

export function loadThreadId(storage: SessionStore | null): string | null {
  return read(storage, THREAD_ID_KEY);
}

export function saveThreadId(storage: SessionStore | null, threadId: string | null): void {
  write(storage, THREAD_ID_KEY, threadId !== null && ID_PATTERN.test(threadId) ? threadId : null);
}

export function loadOrCreateSessionId(storage: SessionStore | null, create: () => string = randomSessionId): string {
  const existing = read(storage, TELEMETRY_SESSION_KEY);
  if (existing !== null) return existing;
  const created = create();
  write(storage, TELEMETRY_SESSION_KEY, created);
  return created;
}
