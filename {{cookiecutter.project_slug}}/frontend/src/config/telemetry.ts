// ChatKit's `chatkit.log` and `chatkit.error` events are noisy, undocumented and may carry
// message text or personal data. Only allow-listed primitive fields leave the page, redacted
// and capped, and errors are reduced to their name, a redacted message and a code.
// Events go to POST /telemetry, which is authenticated like /chatkit: they are sent with the
{%- if cookiecutter.auth_style == 'session' %}
// session's fetch, never with navigator.sendBeacon (a beacon cannot carry X-CSRF-Token).
{%- else %}
// bearer-token fetch, never with navigator.sendBeacon (a beacon cannot carry Authorization).
{%- endif %}

export type TelemetryValue = string | number | boolean;
export type TelemetryData = Record<string, TelemetryValue>;

/** Who and where, without saying who: never a user name or an email. */
export interface TelemetryContext {
  /** Random, per browser-tab session. */
  sessionId: string;
  threadId: string | null;
  locale: string;
  host: string;
  app: string;
}

export interface ScrubbedError {
  errorName: string;
  message: string;
  code?: string | number;
}

/** What POST /telemetry accepts. */
export type TelemetryEvent =
  | { kind: "log"; name: string; data: TelemetryData; context: TelemetryContext }
  | { kind: "error"; name: string; data: TelemetryData; context: TelemetryContext; error: ScrubbedError };

const ALLOWED_KEYS: ReadonlySet<string> = new Set([
  "threadId",
  "thread_id",
  "itemId",
  "item_id",
  "type",
  "status",
  "code",
  "statusCode",
  "durationMs",
  "duration_ms",
  "attempt",
  "count",
  "phase",
]);
const MAX_DEPTH = 3;
const MAX_FIELDS = 32;
const MAX_STRING_LENGTH = 128;
const MAX_MESSAGE_LENGTH = 200;
const NAME_PATTERN = /^[A-Za-z0-9_.:/-]{1,80}$/;
const INVALID_NAME = "invalid_name";
// Object keys on the way to a kept value; a key that is itself data (an email, an id) drops the branch.
const PATH_SEGMENT_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const CODE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

const REDACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, "[jwt]"],
  [/\bBearer\s+\S+/gi, "Bearer [redacted]"],
  [/\b(?:sk|pk)-[A-Za-z0-9_-]{4,}/g, "[secret]"],
  [/\bdomain_pk[_-][A-Za-z0-9_-]+/g, "[secret]"],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, "[email]"],
  [/(?<![A-Za-z0-9_])\+?\d(?:[ .-]?\d){6,}(?![A-Za-z0-9_])/g, "[number]"],
];

/** Removes secrets, emails and long numbers, then caps the length. */
export function redact(text: string, maxLength = MAX_STRING_LENGTH): string {
  let result = text;
  for (const [pattern, replacement] of REDACTIONS) {
    result = result.replace(pattern, replacement);
  }
  return result.length > maxLength ? `${result.slice(0, maxLength - 1)}…` : result;
}

export function telemetryName(name: unknown): string {
  return typeof name === "string" && NAME_PATTERN.test(name) ? name : INVALID_NAME;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function scrubPrimitive(value: unknown): TelemetryValue | undefined {
  if (typeof value === "string") return redact(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "boolean") return value;
  return undefined;
}

/**
 * Flattens `data` to dotted paths (at most three levels) and keeps only primitives under
 * allow-listed keys. Arrays, functions, class instances and unknown keys are dropped.
 */
export function scrubLogData(data: unknown): TelemetryData {
  const result: TelemetryData = {};
  let fields = 0;
  const visit = (value: Record<string, unknown>, path: string, depth: number): void => {
    for (const [key, child] of Object.entries(value)) {
      if (fields >= MAX_FIELDS) return;
      if (!PATH_SEGMENT_PATTERN.test(key)) continue;
      const childPath = path === "" ? key : `${path}.${key}`;
      if (isPlainObject(child)) {
        if (depth < MAX_DEPTH) visit(child, childPath, depth + 1);
        continue;
      }
      if (!ALLOWED_KEYS.has(key)) continue;
      const scrubbed = scrubPrimitive(child);
      if (scrubbed !== undefined) {
        result[childPath] = scrubbed;
        fields += 1;
      }
    }
  };
  try {
    if (isPlainObject(data)) visit(data, "", 1);
  } catch {
    return {}; // a throwing getter: send nothing rather than something partial
  }
  return result;
}

/** `{errorName, message, code?}`: no stack, no cause, nothing else. */
export function scrubError(error: unknown): ScrubbedError {
  let name: unknown;
  let message: unknown;
  let code: unknown;
  if (typeof error === "string") {
    message = error;
  } else if (typeof error === "object" && error !== null) {
    try {
      ({ name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown });
    } catch {
      // a throwing getter: keep what we have
    }
  }
  const scrubbed: ScrubbedError = {
    errorName: typeof name === "string" && NAME_PATTERN.test(name) ? name : "Error",
    message: typeof message === "string" ? redact(message, MAX_MESSAGE_LENGTH) : "",
  };
  if (typeof code === "number" && Number.isFinite(code)) {
    scrubbed.code = code;
  } else if (typeof code === "string" && CODE_PATTERN.test(code) && redact(code) === code) {
    scrubbed.code = code;
  }
  return scrubbed;
}

export interface TelemetryOptions {
  send: (event: TelemetryEvent) => void;
  context: Omit<TelemetryContext, "threadId"> & { threadId?: string | null };
  /** Share of log events sent, 0–1. Errors are always sent. */
  logSampleRate?: number;
  random?: () => number;
}

export interface Telemetry {
  log(name: string, data?: unknown): void;
  error(name: string, error: unknown, data?: unknown): void;
  setThreadId(threadId: string | null): void;
}

export function createTelemetry({ send, context, logSampleRate = 1, random = Math.random }: TelemetryOptions): Telemetry {
  let threadId = context.threadId ?? null;
  const currentContext = (): TelemetryContext => ({ ...context, threadId });
  const deliver = (event: TelemetryEvent): void => {
    try {
      send(event);
    } catch {
      // telemetry must never break the chat
    }
  };
  return {
    log(name, data) {
      if (logSampleRate < 1 && !(random() < logSampleRate)) return;
      deliver({ kind: "log", name: telemetryName(name), data: scrubLogData(data), context: currentContext() });
    },
    error(name, error, data) {
      deliver({
        kind: "error",
        name: telemetryName(name),
        data: scrubLogData(data),
        context: currentContext(),
        error: scrubError(error),
      });
    },
    setThreadId(next) {
      threadId = next;
    },
  };
}

export interface TelemetrySinkOptions {
  url: string;
  /**
{%- if cookiecutter.auth_style == 'session' %}
   * The authenticated fetch from `createChatKitFetch`: POST /telemetry requires the same
   * session cookie and `X-CSRF-Token` header as /chatkit. Pass an arrow function, never an
   * unbound `window.fetch` (it throws "Illegal invocation" when called without the window as
   * `this`).
{%- else %}
   * The authenticated fetch from `createChatKitFetch`: POST /telemetry requires the same
   * `Authorization: Bearer` header as /chatkit. Pass an arrow function, never an unbound
   * `window.fetch` (it throws "Illegal invocation" when called without the window as `this`).
{%- endif %}
   */
  fetch: typeof fetch;
}

/**
 * Posts each event as JSON through the given (authenticated) fetch, with keepalive so that a
 * request started as the page unloads can still complete. There is deliberately no
{%- if cookiecutter.auth_style == 'session' %}
 * `navigator.sendBeacon` path: a beacon cannot carry the X-CSRF-Token header, so the backend
 * would always refuse it with 403. Never throws; a failed or refused post is dropped.
{%- else %}
 * `navigator.sendBeacon` path: a beacon cannot carry the Authorization header, so the backend
 * would always refuse it with 401. Never throws; a failed or refused post is dropped.
{%- endif %}
 */
export function createTelemetrySink({ url, fetch: post }: TelemetrySinkOptions): (event: TelemetryEvent) => void {
  return (event) => {
    try {
      const body = JSON.stringify(event);
      void post(url, {
        method: "POST",
        keepalive: true,
        headers: { "Content-Type": "application/json" },
        body,
      }).catch(() => undefined);
    } catch {
      // a fetch that throws instead of rejecting: telemetry must never break the chat
    }
  };
}

/** 128 random bits, hex. getRandomValues also works outside secure contexts. */
export function randomSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
