import { describe, expect, it } from "vitest";
import { APP_LOCALES, DEFAULT_LOCALE } from "../src/config/locales";
import { UI_STRINGS, stringsFor } from "../src/config/strings";

function texts(locale: string): string[] {
  const strings = stringsFor(locale);
  return [
    strings.greeting,
    strings.composerPlaceholder,
    strings.disclaimer,
    strings.frameTitle,
    strings.scriptTimeout,
    strings.configError,
    ...strings.prompts.flatMap(({ label, prompt }) => [label, prompt]),
  ];
}

describe("UI strings", () => {
  it("are built for exactly the app's locales", () => {
    expect(Object.keys(UI_STRINGS).sort()).toEqual([...APP_LOCALES].sort());
  });

  it("give every app locale a complete set", () => {
    for (const locale of APP_LOCALES) {
      for (const text of texts(locale)) expect(text.trim()).not.toBe("");
      expect(stringsFor(locale).prompts).toHaveLength(3);
    }
  });

  it("fall back to the default locale's for a locale the app does not have", () => {
    expect(stringsFor("xx")).toBe(stringsFor(DEFAULT_LOCALE));
    expect(stringsFor("not a locale")).toBe(stringsFor(DEFAULT_LOCALE));
  });

  it("serve a regional variant, any spelling, its language's strings", () => {
    for (const locale of APP_LOCALES) {
      expect(stringsFor(locale.toUpperCase().replace("-", "_"))).toBe(stringsFor(locale));
      if (!locale.includes("-")) expect(stringsFor(`${locale}-ZZ`)).toBe(stringsFor(locale));
    }
  });
});
