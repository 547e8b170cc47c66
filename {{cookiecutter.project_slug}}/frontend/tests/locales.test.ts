import { describe, expect, it } from "vitest";
import {
  APP_LOCALES,
  CHATKIT_LOCALES,
  DEFAULT_LOCALE,
  canonicalizeLocale,
  negotiateLocale,
  resolveLocale,
  textDirection,
  toChatKitLocale,
} from "../src/config/locales";

// A fixed list, so these tests mean the same whatever locales the project was generated with.
const SUPPORTED = ["en", "fr", "de", "pt-BR", "ja", "ar"] as const;

describe("negotiateLocale", () => {
  it("takes the first requested locale that is supported, in order", () => {
    expect(negotiateLocale(["es", "de-AT", "fr"], SUPPORTED, "en")).toBe("de");
    expect(negotiateLocale(["fr", "de"], SUPPORTED, "en")).toBe("fr");
  });

  it("ignores case and underscores", () => {
    expect(negotiateLocale(["pt_br"], SUPPORTED, "en")).toBe("pt-BR");
    expect(negotiateLocale(["PT-br"], SUPPORTED, "en")).toBe("pt-BR");
    expect(negotiateLocale(["JA"], SUPPORTED, "en")).toBe("ja");
  });

  it("falls back from a region to its language, then to another region of it", () => {
    expect(negotiateLocale(["fr-CA"], SUPPORTED, "en")).toBe("fr");
    expect(negotiateLocale(["ar-EG"], SUPPORTED, "en")).toBe("ar");
    expect(negotiateLocale(["pt-PT"], SUPPORTED, "en")).toBe("pt-BR");
    expect(negotiateLocale(["pt"], SUPPORTED, "en")).toBe("pt-BR");
  });

  it("prefers a language match of an earlier choice over an exact match of a later one", () => {
    expect(negotiateLocale(["de-CH", "fr"], SUPPORTED, "en")).toBe("de");
  });

  it("skips garbage and empty values, and falls back when nothing matches", () => {
    expect(negotiateLocale(["", "*", "en;q=0.8", "!!", null, undefined, "fr"], SUPPORTED, "en")).toBe("fr");
    expect(negotiateLocale(["es", "zz-ZZ-invalid!"], SUPPORTED, "ja")).toBe("ja");
    expect(negotiateLocale([], SUPPORTED, "de")).toBe("de");
  });
});

describe("canonicalizeLocale", () => {
  it("canonicalizes case and separators, and rejects non-tags", () => {
    expect(canonicalizeLocale(" pt_br ")).toBe("pt-BR");
    expect(canonicalizeLocale("ZH-hant-tw")).toBe("zh-Hant-TW");
    expect(canonicalizeLocale("en;q=0.8")).toBeNull();
    expect(canonicalizeLocale("")).toBeNull();
  });
});

describe("resolveLocale (this project's locales)", () => {
  it("returns each app locale for itself, whatever its spelling", () => {
    for (const locale of APP_LOCALES) {
      expect(resolveLocale({ navigatorLanguages: [locale.toUpperCase().replace("-", "_")] })).toBe(locale);
    }
  });

  it("lets a supported override win over navigator.languages", () => {
    const last = APP_LOCALES[APP_LOCALES.length - 1] ?? DEFAULT_LOCALE;
    expect(resolveLocale({ override: last, navigatorLanguages: [DEFAULT_LOCALE] })).toBe(last);
  });

  it("ignores an unsupported override and uses navigator.languages", () => {
    const last = APP_LOCALES[APP_LOCALES.length - 1] ?? DEFAULT_LOCALE;
    expect(resolveLocale({ override: "not a locale", navigatorLanguages: [last] })).toBe(last);
  });

  it("falls back to the default locale", () => {
    expect(resolveLocale({ override: null, navigatorLanguages: ["x-garbage", "*"] })).toBe(DEFAULT_LOCALE);
    expect(resolveLocale({})).toBe(DEFAULT_LOCALE);
    expect(DEFAULT_LOCALE).toBe(APP_LOCALES[0]);
  });
});

describe("toChatKitLocale", () => {
  it("maps regional English to ChatKit's only English, en", () => {
    expect(toChatKitLocale("en-GB")).toBe("en");
    expect(toChatKitLocale("en-US")).toBe("en");
    expect(toChatKitLocale("en")).toBe("en");
  });

  it("keeps locales ChatKit knows and reduces the others to their language", () => {
    expect(toChatKitLocale("fr-CA")).toBe("fr-CA");
    expect(toChatKitLocale("fr-CH")).toBe("fr");
    expect(toChatKitLocale("de-AT")).toBe("de");
    expect(toChatKitLocale("pt_br")).toBe("pt-BR");
    expect(toChatKitLocale("ja")).toBe("ja");
    expect(toChatKitLocale("ar")).toBe("ar");
    expect(toChatKitLocale("zh-Hant-TW")).toBe("zh-Hant");
  });

  it("maps each locale the template ships translations for to itself", () => {
    for (const locale of ["en", "fr", "de", "es", "it", "pt-BR", "nl", "ru", "ja", "ko", "zh-CN", "ar"]) {
      expect(toChatKitLocale(locale)).toBe(locale);
    }
  });

  it("falls back to en for languages ChatKit lacks and for garbage", () => {
    expect(toChatKitLocale("he-IL")).toBe("en");
    expect(toChatKitLocale("fil")).toBe("en");
    expect(toChatKitLocale("???")).toBe("en");
  });

  it("maps every app locale to a ChatKit locale", () => {
    for (const locale of APP_LOCALES) {
      expect(CHATKIT_LOCALES).toContain(toChatKitLocale(locale));
    }
  });

  it("lists each ChatKit locale once", () => {
    expect(new Set(CHATKIT_LOCALES).size).toBe(CHATKIT_LOCALES.length);
  });
});

describe("textDirection", () => {
  it("is rtl for right-to-left scripts only", () => {
    expect(textDirection("ar")).toBe("rtl");
    expect(textDirection("he-IL")).toBe("rtl");
    expect(textDirection("fr")).toBe("ltr");
    expect(textDirection("garbage!")).toBe("ltr");
  });
});
