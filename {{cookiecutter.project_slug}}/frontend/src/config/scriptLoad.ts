// ChatKit's CDN script defines <openai-chatkit>. When it is blocked or slow, the element stays
// an empty box without any error, so the page watches for the definition itself.

export const CHATKIT_ELEMENT = "openai-chatkit";

export interface ScriptWatchOptions {
  timeoutMs: number;
  /** The script did not define the element in time: show a fallback, report it. */
  onTimeout: () => void;
  /** The element is defined (possibly after a timeout, when the script was only slow). */
  onDefined: () => void;
  registry?: Pick<CustomElementRegistry, "whenDefined">;
}

/** Starts watching; the returned function stops it (no callback runs afterwards). */
export function watchChatKitScript({
  timeoutMs,
  onTimeout,
  onDefined,
  registry = customElements,
}: ScriptWatchOptions): () => void {
  let active = true;
  const timer = setTimeout(() => {
    if (active) onTimeout();
  }, timeoutMs);
  registry.whenDefined(CHATKIT_ELEMENT).then(
    () => {
      clearTimeout(timer);
      if (active) onDefined();
    },
    () => undefined,
  );
  return () => {
    active = false;
    clearTimeout(timer);
  };
}
