import { describe, expect, it, vi } from "vitest";
import { CHATKIT_ELEMENT, watchChatKitScript } from "../src/config/scriptLoad";

function registry() {
  let define: () => void = () => undefined;
  const defined = new Promise<void>((resolve) => {
    define = resolve;
  });
  const whenDefined = vi.fn((_name: string) => defined.then(() => customElementConstructor));
  return { whenDefined, define: () => define() };
}
const customElementConstructor = class {} as unknown as CustomElementConstructor;
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("watchChatKitScript", () => {
  it("reports the element once the script defines it, without a timeout", async () => {
    const fake = registry();
    const onTimeout = vi.fn();
    const onDefined = vi.fn();
    watchChatKitScript({ timeoutMs: 20, onTimeout, onDefined, registry: fake });
    expect(fake.whenDefined).toHaveBeenCalledWith(CHATKIT_ELEMENT);
    fake.define();
    await tick(40);
    expect(onDefined).toHaveBeenCalledTimes(1);
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it("times out when the script never loads, and recovers if it is only late", async () => {
    const fake = registry();
    const onTimeout = vi.fn();
    const onDefined = vi.fn();
    watchChatKitScript({ timeoutMs: 10, onTimeout, onDefined, registry: fake });
    await tick(30);
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(onDefined).not.toHaveBeenCalled();
    fake.define();
    await tick(0);
    expect(onDefined).toHaveBeenCalledTimes(1);
  });

  it("calls nothing after it is stopped", async () => {
    const fake = registry();
    const onTimeout = vi.fn();
    const onDefined = vi.fn();
    const stop = watchChatKitScript({ timeoutMs: 10, onTimeout, onDefined, registry: fake });
    stop();
    fake.define();
    await tick(30);
    expect(onTimeout).not.toHaveBeenCalled();
    expect(onDefined).not.toHaveBeenCalled();
  });
});
