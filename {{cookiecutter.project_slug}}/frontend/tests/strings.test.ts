import { describe, expect, it } from "vitest";
import { APP_LOCALES, DEFAULT_LOCALE } from "../src/config/locales";
import { TRANSLATED_LANGUAGES, stringsFor } from "../src/config/strings";

describe("stringsFor", () => {
  it("gives every app locale a complete set of strings", () => {
    for (const locale of APP_LOCALES) {
      const strings = stringsFor(locale);
      for (const text of [
        strings.greeting,
        strings.composerPlaceholder,
        strings.disclaimer,
        strings.frameTitle,
        strings.scriptTimeout,
        strings.configError,
      ]) {
        expect(text.trim()).not.toBe("");
      }
      expect(strings.prompts.length).toBeGreaterThanOrEqual(2);
      expect(strings.prompts.length).toBeLessThanOrEqual(3);
      for (const prompt of strings.prompts) {
        expect(prompt.label.trim()).not.toBe("");
        expect(prompt.prompt.trim()).not.toBe("");
      }
    }
  });

  it("falls back to the default locale's strings", () => {
    expect(stringsFor("xx")).toBe(stringsFor(DEFAULT_LOCALE));
    expect(stringsFor("not a locale")).toBe(stringsFor(DEFAULT_LOCALE));
  });

  it("serves a regional variant its language's strings", () => {
    for (const language of TRANSLATED_LANGUAGES) {
      expect(stringsFor(`${language}-ZZ`)).toBe(stringsFor(language));
      expect(stringsFor(language.toUpperCase())).toBe(stringsFor(language));
    }
  });

  it("has really different text for each translated language", () => {
    const greetings = TRANSLATED_LANGUAGES.map((language) => stringsFor(language).greeting);
    expect(new Set(greetings).size).toBe(TRANSLATED_LANGUAGES.length);
    expect(TRANSLATED_LANGUAGES.length).toBeGreaterThan(0);
  });
});
